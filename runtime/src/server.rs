//! Request extraction for the generated server (feature `server`): every parameter and body is
//! read by hand, so that every problem becomes a located [`ValidationError`] in one 400 answer
//! instead of axum's first-rejection 422 or 415 in plain text.
//!
//! [`ValidationError`]: crate::validation::ValidationError

use std::borrow::Cow;
use std::fmt::Display;

use axum::body::{Body, Bytes};
use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{RawPathParams, Request};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tower_http::catch_panic::{CatchPanicLayer, ResponseForPanic};

use crate::schema::{self, In, Param, Schema};
use crate::validation;
use crate::validation::{Location, Rule, ValidationErrors};

/// Why a request was refused before its parameters and body were looked at in detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// 401: credentials missing or malformed (the message says which).
    Unauthorized(String),
    /// 413: the body is larger than the configured limit.
    PayloadTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// 415: the body is not in a media type the operation accepts.
    UnsupportedMediaType {
        /// The media type the operation accepts.
        expected: &'static str,
        /// The request's `Content-Type`, if any.
        found: Option<String>,
    },
}

impl Rejection {
    /// The status and the messages to put in the API's error body.
    pub fn parts(&self) -> (StatusCode, String) {
        match self {
            Rejection::Unauthorized(message) => (StatusCode::UNAUTHORIZED, message.clone()),
            Rejection::PayloadTooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("body: larger than the limit of {limit} bytes"),
            ),
            Rejection::UnsupportedMediaType {
                expected,
                found: Some(found),
            } => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("header/content-type: must be {expected}, found {found:?}"),
            ),
            Rejection::UnsupportedMediaType {
                expected,
                found: None,
            } => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("header/content-type: must be {expected}, found none"),
            ),
        }
    }
}

/// The status code `code`; codes outside 100..=999 (an implementation's mistake) become 500.
pub fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A response with `body` (already serialised) and its content type.
pub fn body_response(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// A JSON response; a body that cannot be serialised is a 500.
pub fn json_response<T: serde::Serialize>(
    status: StatusCode,
    content_type: &'static str,
    body: &T,
) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => body_response(status, content_type, bytes),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The shape of the API's error body, worked out by the generator from the spec's most common
/// 400 body: a valid body without its messages, and where the messages go.
#[derive(Debug)]
pub struct ErrorBody {
    /// The rest of the body: JSON text of an object with its required members.
    pub base: &'static str,
    /// Where the messages go.
    pub messages: Messages,
    /// An integer member that carries the HTTP status (`code` in `{code, message}` bodies).
    pub status: Option<&'static str>,
}

/// Where the messages of an error body go.
#[derive(Debug)]
pub enum Messages {
    /// A list member: one item per message, the text itself or an object around it.
    List {
        /// The list member's name.
        member: &'static str,
        /// The object around each message, if the items are objects.
        item: Option<ErrorItem>,
        /// `maxItems` of the list: the messages beyond it are joined into the last item.
        max_items: Option<usize>,
    },
    /// One text member: the messages joined with `; `.
    Joined {
        /// The text member's name.
        member: &'static str,
    },
}

/// An object item of an error list.
#[derive(Debug)]
pub struct ErrorItem {
    /// The rest of the item: JSON text of an object with its required members.
    pub base: &'static str,
    /// The text member that carries the message (`detail`, `message`).
    pub message: &'static str,
    /// A text member set to the status's reason (`title`: "Bad Request").
    pub title: Option<&'static str>,
    /// A text member set to the status's reason as a code (`code`: "BAD_REQUEST").
    pub code: Option<&'static str>,
}

/// The error body for `messages`, in the API's shape.
pub fn error_body(shape: &ErrorBody, status: StatusCode, mut messages: Vec<String>) -> Value {
    let object = |text: &str| match serde_json::from_str(text) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let mut body = object(shape.base);
    if let Some(member) = shape.status {
        body.insert(member.to_owned(), status.as_u16().into());
    }
    match &shape.messages {
        Messages::List {
            member,
            item,
            max_items,
        } => {
            if let Some(keep) = max_items
                .filter(|max| messages.len() > *max)
                .and_then(|max| max.checked_sub(1))
            {
                let rest = messages.split_off(keep).join("; ");
                messages.push(rest);
            }
            let items = messages.into_iter().map(|message| match item {
                None => Value::String(message),
                Some(item) => {
                    let mut object = object(item.base);
                    let reason = status.canonical_reason().unwrap_or("Error");
                    if let Some(member) = item.code {
                        let code = reason.to_uppercase().replace([' ', '-'], "_");
                        object.insert(member.to_owned(), code.into());
                    }
                    if let Some(member) = item.title {
                        object.insert(member.to_owned(), reason.into());
                    }
                    object.insert(item.message.to_owned(), message.into());
                    Value::Object(object)
                }
            });
            body.insert((*member).to_owned(), items.collect());
        }
        Messages::Joined { member } => {
            body.insert((*member).to_owned(), messages.join("; ").into());
        }
    }
    Value::Object(body)
}

/// Sets a response header from a typed value. A value that is not a valid header value is the
/// implementation's mistake: the response becomes a 500 rather than a corrupt header.
pub fn set_header(response: &mut Response, name: &'static str, value: Option<impl Display>) {
    let Some(value) = value else { return };
    match HeaderValue::from_str(&value.to_string()) {
        Ok(value) => {
            response
                .headers_mut()
                .insert(HeaderName::from_static(name), value);
        }
        Err(_) => *response = StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The path parameters as axum extracts them (an error when one is not valid UTF-8).
pub type RawPath = Result<RawPathParams, RawPathParamsRejection>;

/// Reads the parameters of an operation (`table`, from `schemas.rs`) from a request. Each one
/// is taken from where the spec puts it, turned into JSON as its schema says (`7` an integer,
/// `a,b` a list...), and checked against its schema; then the whole set is deserialised as
/// `T`. Query keys that are neither parameters nor `api_keys` are refused. Every problem is
/// recorded in `errors`; `None` when there is any.
pub fn params<T: DeserializeOwned>(
    parts: &axum::http::request::Parts,
    path: Option<RawPath>,
    table: &[Param],
    api_keys: &[&str],
    errors: &mut ValidationErrors,
) -> Option<T> {
    let before = errors.len();
    let path = path.map(|path| PathParams::new(path, errors));
    let query = Query::parse(parts.uri.query());
    let mut known: Vec<&str> = table
        .iter()
        .filter(|p| p.location == In::Query)
        .map(|p| p.name)
        .collect();
    known.extend_from_slice(api_keys);
    query.reject_unknown(&known, errors);
    let sources = Sources {
        path: path.as_ref(),
        query: &query,
        headers: &parts.headers,
    };
    let mut object = serde_json::Map::new();
    for param in table {
        if let Some(value) = read_param(param, &sources, errors) {
            object.insert(param.field.to_owned(), value);
        }
    }
    if errors.len() != before {
        return None;
    }
    match serde_json::from_value(Value::Object(object)) {
        Ok(params) => Some(params),
        Err(e) => {
            errors.push(
                &Location::root("parameters"),
                Rule::Malformed {
                    reason: e.to_string(),
                },
            );
            None
        }
    }
}

/// For an operation without parameters: query keys that are not `api_keys` are refused.
pub fn no_params(
    parts: &axum::http::request::Parts,
    api_keys: &[&str],
    errors: &mut ValidationErrors,
) {
    Query::parse(parts.uri.query()).reject_unknown(api_keys, errors);
}

/// Where parameters come from.
struct Sources<'a> {
    path: Option<&'a PathParams>,
    query: &'a Query<'a>,
    headers: &'a HeaderMap,
}

impl<'a> Sources<'a> {
    /// The single raw value of `param`: `None` when absent (an error when required).
    fn one(&self, param: &Param, errors: &mut ValidationErrors) -> Option<&'a str> {
        match param.location {
            In::Path => match self.path {
                Some(path) => path.get(param.name, errors),
                None => {
                    errors.push(&Location::root("path").key(param.name), Rule::Required);
                    None
                }
            },
            In::Query => self.query.one(param.name, param.required, errors),
            In::Header => header(self.headers, param.name, param.required, errors),
            In::Cookie => cookie(self.headers, param.name, param.required, errors),
        }
    }
}

/// One parameter as JSON, checked against its schema; `None` when absent or wrong.
fn read_param(
    param: &Param,
    sources: &Sources<'_>,
    errors: &mut ValidationErrors,
) -> Option<Value> {
    let root = Location::root(param.location.as_str());
    let location = root.key(param.name);
    let schema::Kind::Array {
        items,
        min_items,
        max_items,
        unique_items,
    } = schema::resolve(param.schema).kind
    else {
        let value = param_value(sources.one(param, errors)?, param.schema, &location, errors)?;
        let before = errors.len();
        schema::check(&value, param.schema, &location, errors);
        return (errors.len() == before).then_some(value);
    };
    // Query arrays come as repeated keys or one comma-separated value; other locations use
    // the simple style: one comma-separated value.
    let raw: Vec<&str> = match param.location {
        In::Query => sources
            .query
            .many(param.name, param.explode, param.required, errors)?,
        _ => sources.one(param, errors)?.split(',').collect(),
    };
    // Each item at its own index, so that one bad item does not hide the others' problems;
    // the count whatever the items; uniqueness once every item is good.
    let before = errors.len();
    let values: Vec<Value> = raw
        .iter()
        .enumerate()
        .filter_map(|(index, raw)| {
            let location = location.index(index);
            let value = param_value(raw, items, &location, errors)?;
            schema::check(&value, items, &location, errors);
            Some(value)
        })
        .collect();
    validation::check_items(raw.len(), min_items, max_items, &location, errors);
    if errors.len() != before {
        return None;
    }
    if unique_items {
        validation::check_unique(&values, &location, errors);
    }
    (errors.len() == before).then_some(Value::Array(values))
}

/// The JSON value of a parameter's text, typed by its schema: numbers and booleans parsed,
/// strings as they are, anything else (objects, `content: application/json`) read as JSON.
pub(crate) fn param_value(
    raw: &str,
    schema: &Schema,
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) -> Option<Value> {
    let expected = match schema::resolve(schema).kind {
        schema::Kind::String { .. } | schema::Kind::Enum { .. } => {
            return Some(Value::String(raw.to_owned()));
        }
        schema::Kind::Integer { int32, .. } => match raw.parse::<i64>() {
            Ok(n) => return Some(n.into()),
            Err(_) if int32 => "a 32-bit integer",
            Err(_) => "a 64-bit integer",
        },
        schema::Kind::Number { .. } => {
            match raw
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
            {
                Some(n) => return Some(Value::Number(n)),
                None => "a number",
            }
        }
        schema::Kind::Boolean { .. } => match raw {
            "true" => return Some(true.into()),
            "false" => return Some(false.into()),
            _ => "true or false",
        },
        _ => {
            return match serde_json::from_str(raw) {
                Ok(value) => Some(value),
                Err(e) => {
                    errors.push(
                        location,
                        Rule::Malformed {
                            reason: format!("invalid JSON: {e}"),
                        },
                    );
                    None
                }
            };
        }
    };
    // The text as written, quoted (at most 64 characters of it).
    let found = format!("{:?}", raw.chars().take(64).collect::<String>());
    errors.push(location, Rule::Type { expected, found });
    None
}

/// The path parameters of a matched route.
struct PathParams(Vec<(String, String)>);

impl PathParams {
    /// The raw parameters, or an error for each one that is not valid UTF-8 once decoded.
    fn new(
        params: Result<RawPathParams, RawPathParamsRejection>,
        errors: &mut ValidationErrors,
    ) -> Self {
        match params {
            Ok(params) => PathParams(
                params
                    .iter()
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect(),
            ),
            Err(rejection) => {
                errors.push(
                    &Location::root("path"),
                    Rule::Malformed {
                        reason: rejection.body_text(),
                    },
                );
                PathParams(Vec::new())
            }
        }
    }

    /// The value of `name`; a missing one is recorded as an error.
    fn get(&self, name: &'static str, errors: &mut ValidationErrors) -> Option<&str> {
        let value = self
            .0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str());
        if value.is_none() {
            errors.push(&Location::root("path").key(name), Rule::Required);
        }
        value
    }
}

/// The decoded `key=value` pairs of a query string, in order.
struct Query<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);

impl<'a> Query<'a> {
    fn parse(query: Option<&'a str>) -> Self {
        Query(
            query
                .map(|q| form_urlencoded::parse(q.as_bytes()).collect())
                .unwrap_or_default(),
        )
    }

    /// Records an error for each key (once) that is not in `known`: the operation's query
    /// parameters and API keys. A key that means nothing here is refused rather than ignored.
    fn reject_unknown(&self, known: &[&str], errors: &mut ValidationErrors) {
        let location = Location::root("query");
        for (i, (key, _)) in self.0.iter().enumerate() {
            let first = !self.0.iter().take(i).any(|(k, _)| k == key);
            if first && !known.contains(&key.as_ref()) {
                errors.push(&location.key(key), Rule::Unknown);
            }
        }
    }

    /// The single value of `name`: absent is `None` (an error when `required`), repeated is an
    /// error.
    fn one(
        &self,
        name: &'static str,
        required: bool,
        errors: &mut ValidationErrors,
    ) -> Option<&str> {
        let mut values = self
            .0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_ref());
        let first = values.next();
        let location = Location::root("query");
        match (first, values.next()) {
            (Some(value), None) => Some(value),
            (Some(_), Some(_)) => {
                errors.push(&location.key(name), Rule::Repeated);
                None
            }
            (None, _) => {
                if required {
                    errors.push(&location.key(name), Rule::Required);
                }
                None
            }
        }
    }

    /// Every value of an array parameter: repeated keys when `explode`, else one
    /// comma-separated value. `None` when absent (an error when `required`).
    fn many(
        &self,
        name: &'static str,
        explode: bool,
        required: bool,
        errors: &mut ValidationErrors,
    ) -> Option<Vec<&str>> {
        if explode {
            let values: Vec<&str> = self
                .0
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.as_ref())
                .collect();
            if values.is_empty() {
                if required {
                    errors.push(&Location::root("query").key(name), Rule::Required);
                }
                return None;
            }
            return Some(values);
        }
        self.one(name, required, errors).map(|v| {
            if v.is_empty() {
                Vec::new()
            } else {
                v.split(',').collect()
            }
        })
    }
}

/// The single value of header `name` as text: absent is `None` (an error when `required`);
/// repeated or not UTF-8 is an error.
fn header<'h>(
    headers: &'h HeaderMap,
    name: &'static str,
    required: bool,
    errors: &mut ValidationErrors,
) -> Option<&'h str> {
    let root = Location::root("header");
    let location = root.key(name);
    if required && !headers.contains_key(name) {
        errors.push(&location, Rule::Required);
    }
    single_header(headers, name, &location, errors)
}

/// The value of header `name` as text: `None` when it is absent, and when it is repeated or
/// not UTF-8 (errors at `location`).
pub(crate) fn single_header<'h>(
    headers: &'h HeaderMap,
    name: &str,
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) -> Option<&'h str> {
    let mut values = headers.get_all(name).iter();
    match (values.next(), values.next()) {
        (Some(value), None) => match std::str::from_utf8(value.as_bytes()) {
            Ok(text) => Some(text),
            Err(_) => {
                errors.push(
                    location,
                    Rule::Malformed {
                        reason: "must be valid UTF-8".into(),
                    },
                );
                None
            }
        },
        (Some(_), Some(_)) => {
            errors.push(location, Rule::Repeated);
            None
        }
        (None, _) => None,
    }
}

/// The value of cookie `name` (from the `Cookie` header): absent is `None` (an error when
/// `required`), repeated is an error.
fn cookie<'h>(
    headers: &'h HeaderMap,
    name: &'static str,
    required: bool,
    errors: &mut ValidationErrors,
) -> Option<&'h str> {
    let location = Location::root("cookie");
    let mut found = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| std::str::from_utf8(v.as_bytes()).ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'));
    match (found.next(), found.next()) {
        (Some(value), None) => Some(value),
        (Some(_), Some(_)) => {
            errors.push(&location.key(name), Rule::Repeated);
            None
        }
        (None, _) => {
            if required {
                errors.push(&location.key(name), Rule::Required);
            }
            None
        }
    }
}

/// A media type without parameters, lower-cased: `Application/JSON; charset=utf-8` is
/// `application/json`.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a `Content-Type` is JSON (`application/json`, `application/*+json`, any parameters).
pub fn is_json(content_type: &str) -> bool {
    let essence = essence(content_type);
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Whether a `Content-Type` is the `expected` media type (which may be `type/*` or `*/*`).
pub(crate) fn is_media_type(content_type: &str, expected: &str) -> bool {
    let (found, wanted) = (essence(content_type), essence(expected));
    found == wanted
        || wanted == "*/*"
        || wanted.ends_with("/*") && found.starts_with(wanted.trim_end_matches('*'))
}

/// Reads, parses and checks a JSON body against `schema`, then deserialises it. Problems with
/// the content are recorded in `errors` (under `body`) and give `Ok(None)`; a wrong media type
/// or an oversized body is a [`Rejection`].
pub async fn json_body<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    required: bool,
    schema: &Schema,
    errors: &mut ValidationErrors,
) -> Result<Option<T>, Rejection> {
    let Some(bytes) = body_bytes(
        headers,
        body,
        limit,
        required,
        "application/json",
        |ct, _| is_json(ct),
        errors,
    )
    .await?
    else {
        return Ok(None);
    };
    let Some(value) = check_json(&bytes, schema, errors) else {
        return Ok(None);
    };
    match serde_json::from_value(value) {
        Ok(body) => Ok(Some(body)),
        Err(e) => {
            errors.push(
                &Location::root("body"),
                Rule::Malformed {
                    reason: e.to_string(),
                },
            );
            Ok(None)
        }
    }
}

/// An `application/x-www-form-urlencoded` body of an object schema: the fields become a JSON
/// object (numbers, booleans and arrays of repeated keys as the schema says; anything that does
/// not parse stays text, for the check to report), which is checked against `schema` and then
/// deserialised.
pub async fn form_body<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    required: bool,
    schema: &'static Schema,
    errors: &mut ValidationErrors,
) -> Result<Option<T>, Rejection> {
    let Some(bytes) = body_bytes(
        headers,
        body,
        limit,
        required,
        "application/x-www-form-urlencoded",
        is_media_type,
        errors,
    )
    .await?
    else {
        return Ok(None);
    };
    let location = Location::root("body");
    let mut object = serde_json::Map::new();
    for (key, raw) in form_urlencoded::parse(&bytes) {
        let member = schema::property(schema, &key);
        let value = form_value(&raw, member);
        match (object.get_mut(key.as_ref()), member.map(|m| &m.kind)) {
            (Some(Value::Array(items)), Some(schema::Kind::Array { .. })) => items.push(value),
            (Some(_), _) => errors.push(&location.key(&key), Rule::Repeated),
            (None, Some(schema::Kind::Array { .. })) => {
                object.insert(key.into_owned(), Value::Array(vec![value]));
            }
            (None, _) => {
                object.insert(key.into_owned(), value);
            }
        }
    }
    let value = Value::Object(object);
    let before = errors.len();
    schema::check(&value, schema, &location, errors);
    if errors.len() != before {
        return Ok(None);
    }
    match serde_json::from_value(value) {
        Ok(body) => Ok(Some(body)),
        Err(e) => {
            errors.push(
                &location,
                Rule::Malformed {
                    reason: e.to_string(),
                },
            );
            Ok(None)
        }
    }
}

/// One form field as JSON, typed by the schema of its member (the items' schema for arrays).
pub(crate) fn form_value(raw: &str, member: Option<&Schema>) -> Value {
    let kind = match member.map(|m| &m.kind) {
        Some(schema::Kind::Array { items, .. }) => &schema::resolve(items).kind,
        Some(kind) => kind,
        None => &schema::Kind::Any,
    };
    let parsed = match kind {
        schema::Kind::Integer { .. } => raw.parse::<i64>().ok().map(Into::into),
        schema::Kind::Number { .. } => raw
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        schema::Kind::Boolean { .. } => raw.parse::<bool>().ok().map(Into::into),
        _ => None,
    };
    parsed.unwrap_or_else(|| Value::String(raw.to_owned()))
}

/// A text body (`text/plain`, `application/jwt`...): the media type must match `expected`.
pub async fn text_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    required: bool,
    expected: &'static str,
    errors: &mut ValidationErrors,
) -> Result<Option<String>, Rejection> {
    let Some(bytes) = body_bytes(
        headers,
        body,
        limit,
        required,
        expected,
        is_media_type,
        errors,
    )
    .await?
    else {
        return Ok(None);
    };
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => Ok(Some(text)),
        Err(_) => {
            errors.push(
                &Location::root("body"),
                Rule::Malformed {
                    reason: "must be valid UTF-8".into(),
                },
            );
            Ok(None)
        }
    }
}

/// A binary body: the media type must match `expected`.
pub async fn bytes_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    required: bool,
    expected: &'static str,
    errors: &mut ValidationErrors,
) -> Result<Option<Vec<u8>>, Rejection> {
    Ok(body_bytes(
        headers,
        body,
        limit,
        required,
        expected,
        is_media_type,
        errors,
    )
    .await?
    .map(|b| b.to_vec()))
}

/// The body's bytes once `accepts` takes its media type; `None` (an error when `required`)
/// when there is no body at all.
pub(crate) async fn body_bytes(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    required: bool,
    expected: &'static str,
    accepts: fn(&str, &str) -> bool,
    errors: &mut ValidationErrors,
) -> Result<Option<Bytes>, Rejection> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let bytes = read_body(body, limit).await?;
    if bytes.is_empty() && content_type.is_none() {
        if required {
            errors.push(&Location::root("body"), Rule::Required);
        }
        return Ok(None);
    }
    match content_type {
        Some(ct) if accepts(&ct, expected) => Ok(Some(bytes)),
        found => Err(Rejection::UnsupportedMediaType { expected, found }),
    }
}

/// [`json_body`] for a body whose type is a model: deserialises it directly and checks it with
/// its [`Validate`] impl (the same checks, in the same order, as [`schema::check`]). Only when
/// that fails to deserialise is the body checked against `schema`, to list every structural
/// problem at once.
///
/// [`Validate`]: crate::validation::Validate
pub async fn json_model_body<T: DeserializeOwned + crate::validation::Validate>(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    required: bool,
    schema: &Schema,
    errors: &mut ValidationErrors,
) -> Result<Option<T>, Rejection> {
    let Some(bytes) = body_bytes(
        headers,
        body,
        limit,
        required,
        "application/json",
        |ct, _| is_json(ct),
        errors,
    )
    .await?
    else {
        return Ok(None);
    };
    match serde_json::from_slice::<T>(&bytes) {
        Ok(model) => {
            let before = errors.len();
            model.validate_at(&Location::root("body"), errors);
            Ok((errors.len() == before).then_some(model))
        }
        Err(_) => {
            check_json(&bytes, schema, errors);
            Ok(None)
        }
    }
}

/// Parses `bytes` as JSON and checks it against `schema`; the value when nothing is wrong.
fn check_json(bytes: &[u8], schema: &Schema, errors: &mut ValidationErrors) -> Option<Value> {
    let location = Location::root("body");
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(e) => {
            errors.push(
                &location,
                Rule::Malformed {
                    reason: format!("invalid JSON: {e}"),
                },
            );
            return None;
        }
    };
    let before = errors.len();
    schema::check(&value, schema, &location, errors);
    (errors.len() == before).then_some(value)
}

/// The body, up to `limit` bytes.
async fn read_body(body: Body, limit: usize) -> Result<Bytes, Rejection> {
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| Rejection::PayloadTooLarge { limit })
}

/// The token of an `Authorization: Bearer <token>` header (RFC 6750 `b64token` syntax).
pub fn bearer_token(headers: &HeaderMap) -> Result<String, Rejection> {
    let mut values = headers.get_all(header::AUTHORIZATION).iter();
    let value = match (values.next(), values.next()) {
        (None, _) => {
            return Err(Rejection::Unauthorized(
                "header/authorization: a bearer token is required".into(),
            ));
        }
        (Some(_), Some(_)) => {
            return Err(Rejection::Unauthorized(
                "header/authorization: must be given only once".into(),
            ));
        }
        (Some(value), None) => value,
    };
    let malformed =
        || Rejection::Unauthorized("header/authorization: must be `Bearer <token>`".into());
    let text = std::str::from_utf8(value.as_bytes()).map_err(|_| malformed())?;
    let (scheme, token) = text.split_once(' ').ok_or_else(malformed)?;
    let token = token.trim_start_matches(' ');
    let b64token = !token.is_empty()
        && token
            .trim_end_matches('=')
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
        && !token.trim_end_matches('=').is_empty();
    if !scheme.eq_ignore_ascii_case("bearer") || !b64token {
        return Err(malformed());
    }
    Ok(token.to_owned())
}

/// The credentials of an `Authorization: Basic <credentials>` header, still encoded.
pub fn basic_credentials(headers: &HeaderMap) -> Result<String, Rejection> {
    let malformed =
        || Rejection::Unauthorized("header/authorization: must be `Basic <credentials>`".into());
    let value = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        Rejection::Unauthorized("header/authorization: credentials are required".into())
    })?;
    let text = std::str::from_utf8(value.as_bytes()).map_err(|_| malformed())?;
    match text.split_once(' ') {
        Some((scheme, credentials))
            if scheme.eq_ignore_ascii_case("basic") && !credentials.trim().is_empty() =>
        {
            Ok(credentials.trim().to_owned())
        }
        _ => Err(malformed()),
    }
}

/// An API key from the header, query parameter or cookie `name` (`location` is `header`,
/// `query` or `cookie`).
pub fn api_key(
    parts: &axum::http::request::Parts,
    location: &'static str,
    name: &'static str,
) -> Result<String, Rejection> {
    let mut errors = ValidationErrors::default();
    let value = match location {
        "header" => header(&parts.headers, name, false, &mut errors).map(str::to_owned),
        "query" => Query::parse(parts.uri.query())
            .one(name, false, &mut errors)
            .map(str::to_owned),
        _ => cookie(&parts.headers, name, false, &mut errors).map(str::to_owned),
    };
    match value {
        Some(key) if errors.is_empty() && !key.is_empty() => Ok(key),
        _ => Err(Rejection::Unauthorized(format!(
            "{location}/{name}: an API key is required"
        ))),
    }
}

/// A layer that turns a panic while handling a request into `on_panic()`'s response (the
/// generated router's 500 with the API's error body), so that a bug never drops the
/// connection, and the unwinding of [`not_implemented`] into `on_not_implemented(operation)`'s
/// response (the generated router's 501). It cannot help when the program is built with
/// `panic = "abort"`: there, a panic or an operation left unimplemented ends the process.
pub fn catch_panic(
    on_panic: fn() -> Response,
    on_not_implemented: fn(&'static str) -> Response,
) -> CatchPanicLayer<PanicResponse> {
    CatchPanicLayer::custom(PanicResponse {
        on_panic,
        on_not_implemented,
    })
}

/// The response [`catch_panic`] gives for a panic.
#[derive(Debug, Clone, Copy)]
pub struct PanicResponse {
    on_panic: fn() -> Response,
    on_not_implemented: fn(&'static str) -> Response,
}

impl ResponseForPanic for PanicResponse {
    type ResponseBody = Body;

    fn response_for_panic(
        &mut self,
        panic: Box<dyn std::any::Any + Send + 'static>,
    ) -> Response<Body> {
        match panic.downcast_ref::<NotImplemented>() {
            Some(NotImplemented(operation)) => (self.on_not_implemented)(operation),
            None => (self.on_panic)(),
        }
    }
}

/// What [`not_implemented`] unwinds with: the operation's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotImplemented(pub &'static str);

/// Ends the handling of a request to `operation` that the implementation does not provide:
/// the generated `Api` trait's default method bodies call it, and the router's
/// [`catch_panic`] layer answers 501 Not Implemented with the API's error body. It unwinds
/// without a panic message (`std::panic::resume_unwind`): leaving an operation out is not a
/// bug.
pub fn not_implemented(operation: &'static str) -> ! {
    std::panic::resume_unwind(Box::new(NotImplemented(operation)))
}

/// The FAPI interaction id layer: every response carries `header`, set to the request's value
/// when `valid` accepts it, else to a new UUID, unless the implementation set one itself.
pub async fn interaction_id(
    header: &'static str,
    valid: fn(&str) -> bool,
    request: Request,
    next: Next,
) -> Response {
    let incoming = request
        .headers()
        .get(header)
        .and_then(|v| v.to_str().ok())
        .filter(|v| valid(v))
        .map(str::to_owned);
    let mut response = next.run(request).await;
    if !response.headers().contains_key(header) {
        let id = incoming.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        if let Ok(value) = HeaderValue::from_str(&id) {
            response
                .headers_mut()
                .insert(HeaderName::from_static(header), value);
        }
    }
    response
}

/// A server running in this process (feature `mock`), for tests: it listens on
/// [`RunningServer::addr`] until [`RunningServer::stop`] is called or it is dropped.
#[cfg(feature = "mock")]
#[derive(Debug)]
pub struct RunningServer {
    addr: std::net::SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

#[cfg(feature = "mock")]
impl RunningServer {
    /// Serves `router` on 127.0.0.1 with a port the system picks, on the current tokio runtime.
    pub async fn start(router: axum::Router) -> std::io::Result<RunningServer> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
        });
        Ok(RunningServer {
            addr,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> std::net::SocketAddr {
        self.addr
    }

    /// Its base URL: `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops it, letting requests in progress finish.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        }
    }
}

#[cfg(feature = "mock")]
impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
