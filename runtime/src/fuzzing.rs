//! The harness behind the fuzzing of this crate (feature `fuzzing`; not part of the API):
//! [`exercise`] feeds arbitrary bytes to every function that reads request or response data,
//! as text, as JSON, as a query string, as headers and as bodies. It returns normally whatever
//! the input; a panic is a bug. The cargo-fuzz target (`fuzz/fuzz_targets/runtime.rs`) and the
//! property tests (`runtime/tests/total.rs`) both drive it.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request};
use serde_json::Value;

use crate::client::RawResponse;
use crate::schema::{Additional, Discriminator, Param, Property, Schema};
use crate::server;
use crate::validation::{self, Location, Pattern, ValidationErrors};

static DIGITS: Pattern = Pattern::new("^[0-9]{2,4}$", || Pattern::compile("^[0-9]{2,4}$"));
static LETTERS: Pattern = Pattern::characters("^[a-z]*$", &[('a', 'z')], false);

static CODE: Schema = Schema::STRING
    .min_length(2)
    .max_length(8)
    .patterns(&[&DIGITS]);
static NAME: Schema = Schema::STRING.max_length(5).patterns(&[&LETTERS]);
static INT: Schema = Schema::new(crate::schema::Kind::Integer {
    int32: true,
    minimum: Some((-5, false)),
    maximum: Some((100, true)),
    multiple_of: Some(3),
    allowed: &[],
});
static NUMBER: Schema = Schema::new(crate::schema::Kind::Number {
    float: true,
    minimum: Some((-1.5, true)),
    maximum: Some((1e9, false)),
    multiple_of: Some(0.25),
    allowed: &[],
});
static LIST: Schema = Schema::array(&CODE)
    .min_items(1)
    .max_items(4)
    .unique_items();
static MAP: Schema = Schema::map(&Schema::DATE);
static COLOUR: Schema = Schema::enumeration(&["red", "green"]);
static THING: Schema = Schema::object(
    &[
        Property::required("code", &CODE),
        Property::optional("name", &NAME),
        Property::optional("count", &INT),
        Property::optional("ratio", &NUMBER),
        Property::optional("tags", &LIST),
        Property::optional("when", &Schema::DATE_TIME),
        Property::optional("id", &Schema::UUID),
        Property::optional("data", &Schema::BYTE),
        Property::optional("link", &Schema::URI),
        Property::optional("days", &MAP),
        Property::optional("colour", &COLOUR),
        Property::optional("flag", &Schema::BOOLEAN),
        Property::optional("next", &Schema::named(&THING).nullable()),
    ],
    Additional::Forbidden,
);
static CAT: Schema = Schema::object(
    &[
        Property::required("kind", &Schema::STRING),
        Property::required("lives", &INT),
    ],
    Additional::Ignored,
);
static EITHER: Schema = Schema::one_of(&[Schema::named(&THING), Schema::named(&CAT)]);
static TAGGED: Schema = Schema::one_of(&[Schema::named(&THING), Schema::named(&CAT)])
    .discriminator(Discriminator {
        property: "kind",
        mapping: &[("thing", 0), ("cat", 1)],
        values: &["thing", "cat"],
    });
static ANY_OF: Schema = Schema::any_of(&[Schema::INT64, Schema::named(&LIST)]);
static SCHEMAS: [&Schema; 8] = [
    &THING, &EITHER, &TAGGED, &ANY_OF, &LIST, &MAP, &INT, &NUMBER,
];

static INTS: Schema = Schema::array(&INT).max_items(3);
static PARAMS: [Param; 7] = [
    Param::query("code", "code", &CODE).required(),
    Param::query("count", "count", &INT),
    Param::query("tags", "tags", &LIST),
    Param::query("ints", "ints", &INTS).unexploded(),
    Param::header("x-when", "when", &Schema::DATE_TIME),
    Param::header("x-list", "list", &INTS),
    Param::cookie("session", "session", &NAME),
];

/// Feeds `data` to every reader of request and response data. The first byte picks how the
/// rest is cut into pieces; each piece goes where such data arrives in practice.
pub fn exercise(data: &[u8]) {
    let (selector, rest) = data.split_first().unwrap_or((&0, &[]));
    let text = String::from_utf8_lossy(rest);
    text_checks(&text);
    json_checks(rest);
    let (head, body) = rest.split_at(rest.len() / 2);
    let headers = header_map(head);
    request_checks(head, &headers, body, *selector);
    response_checks(&headers, body, *selector);
}

/// Formats, lengths and patterns on arbitrary text.
fn text_checks(text: &str) {
    let location = Location::root("text");
    let errors = &mut ValidationErrors::default();
    validation::check_date_time(text, &location, errors);
    validation::check_date(text, &location, errors);
    validation::check_uuid(text, &location, errors);
    validation::check_base64(text, &location, errors);
    validation::check_uri(text, &location, errors);
    validation::check_length(text, Some(2), Some(7), &location, errors);
    validation::check_pattern(text, &DIGITS, &location, errors);
    validation::check_pattern(text, &LETTERS, &location, errors);
    let _ = errors.to_string();
    for schema in SCHEMAS {
        check(&Value::String(text.to_owned()), schema);
    }
}

/// Arbitrary bytes as a JSON document, checked against every schema.
fn json_checks(bytes: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<Value>(bytes) {
        for schema in SCHEMAS {
            check(&value, schema);
        }
        if let Some(items) = value.as_array() {
            validation::check_unique(items, &Location::root(""), &mut ValidationErrors::default());
        }
    }
}

fn check(value: &Value, schema: &Schema) {
    let mut errors = ValidationErrors::default();
    crate::schema::check(value, schema, &Location::root("body"), &mut errors);
    for error in &errors {
        let _ = error.to_string();
    }
}

/// Headers made of the bytes: each line `name: value` that HTTP allows.
fn header_map(bytes: &[u8]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for line in bytes.split(|b| *b == b'\n') {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let (name, value) = line.split_at(colon);
        let value = value.get(1..).unwrap_or_default();
        if let (Ok(name), Ok(value)) =
            (HeaderName::from_bytes(name), HeaderValue::from_bytes(value))
        {
            headers.append(name, value);
        }
    }
    // The parameters and credentials the harness reads, with the raw bytes as their value.
    if let Ok(value) = HeaderValue::from_bytes(bytes) {
        for name in [
            "x-when",
            "x-list",
            "authorization",
            "cookie",
            "content-type",
        ] {
            headers.append(HeaderName::from_static(name), value.clone());
        }
    }
    headers
}

/// The server's readers: parameters from a query string and headers, credentials, and each
/// kind of body.
fn request_checks(query: &[u8], headers: &HeaderMap, body: &[u8], selector: u8) {
    // Every byte of the query percent-encoded, so that any bytes reach the decoder.
    let encoded: String = query.iter().map(|b| format!("%{b:02X}")).collect();
    let raw: String = String::from_utf8_lossy(query)
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '#')
        .collect();
    for query in [encoded, raw] {
        let Ok(request) = Request::builder().uri(format!("/items?{query}")).body(()) else {
            continue;
        };
        let (mut parts, ()) = request.into_parts();
        parts.headers = headers.clone();
        let mut errors = ValidationErrors::default();
        let _: Option<Value> = server::params(&parts, None, &PARAMS, &["key"], &mut errors);
        server::no_params(&parts, &["key"], &mut errors);
        let _ = server::bearer_token(&parts.headers);
        let _ = server::basic_credentials(&parts.headers);
        for location in ["header", "query", "cookie"] {
            let _ = server::api_key(&parts, location, "session");
        }
        let _ = errors.to_string();
    }
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(runtime) => runtime,
        Err(_) => return,
    };
    let limit = if selector.is_multiple_of(2) {
        64
    } else {
        1 << 20
    };
    let _ = server::is_json(&String::from_utf8_lossy(body));
    let bytes = body;
    let body = || Body::from(bytes.to_vec());
    let mut errors = ValidationErrors::default();
    runtime.block_on(async {
        let _ = server::json_body::<Value>(headers, body(), limit, true, &THING, &mut errors).await;
        let _ = server::form_body::<Value>(headers, body(), limit, true, &THING, &mut errors).await;
        let _ = server::text_body(headers, body(), limit, false, "text/*", &mut errors).await;
        let _ = server::bytes_body(headers, body(), limit, false, "*/*", &mut errors).await;
    });
}

/// The client's decoders, on a response with these headers and body.
fn response_checks(headers: &HeaderMap, body: &[u8], selector: u8) {
    let response = RawResponse {
        status: 200u16.saturating_add(u16::from(selector)),
        headers: headers.clone(),
        body: body.to_vec(),
    };
    let _ = response.text();
    let _ = response.json::<Value>();
    let _ = response.checked_json::<Value>(&THING);
    let _ = response.checked_json::<Value>(&EITHER);
    let _ = response.text_body();
    for name in ["x-when", "x-list", "content-type"] {
        let _ = response.header_scalar::<i64>(name);
        let _ = response.header_scalar::<f64>(name);
        let _ = response.header_scalar::<bool>(name);
        let _ = response.header_list::<i32>(name);
        let _ = response.header_json::<Value>(name);
        let _ = response.required_header_scalar::<String>(name);
    }
}
