//! Support for the generated client (feature `client`): request building, response decoding and
//! the errors the client reports.

use std::fmt;
use std::str::FromStr;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;

use serde_json::Value;

use crate::schema::{In, Kind, Param, Schema};
use crate::validation::{Location, Validate, ValidationErrors};

/// A response as it came: status, headers and body bytes.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The body as text (lossy), for messages.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Everything that can go wrong with a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError {
    /// The request breaks the spec (every violation is listed); nothing was sent.
    InvalidRequest(ValidationErrors),
    /// The operation requires credentials of `scheme` and the client has none; nothing was sent.
    MissingCredentials {
        /// The security scheme's name in the spec.
        scheme: &'static str,
    },
    /// The request could not be built: `reason` says why (a header value HTTP forbids, a base
    /// URL that is not a URL...).
    Build {
        /// Why.
        reason: String,
    },
    /// The request could not be sent, or the response not read.
    Transport(reqwest::Error),
    /// The server answered with a status the spec does not document for this operation.
    UnexpectedStatus(Box<RawResponse>),
    /// A documented status, but a body or header that does not match the spec.
    InvalidResponse {
        /// The response as it came.
        response: Box<RawResponse>,
        /// What does not match the spec.
        problem: String,
    },
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::InvalidRequest(errors) => {
                write!(f, "the request breaks the spec:\n{errors}")
            }
            ClientError::MissingCredentials { scheme } => {
                write!(
                    f,
                    "the operation requires credentials ({scheme}) and none are configured"
                )
            }
            ClientError::Build { reason } => write!(f, "cannot build the request: {reason}"),
            ClientError::Transport(e) => write!(f, "transport error: {e}"),
            ClientError::UnexpectedStatus(r) => {
                write!(
                    f,
                    "status {} is not documented for this operation; body: {}",
                    r.status,
                    r.text()
                )
            }
            ClientError::InvalidResponse { response, problem } => {
                write!(
                    f,
                    "the status {} response does not match the spec: {problem}",
                    response.status
                )
            }
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Transport(e) => Some(e),
            ClientError::InvalidRequest(e) => Some(e),
            _ => None,
        }
    }
}

/// Checks a request's parameters and body; every violation, or `Ok`.
pub fn check_request(
    params: Option<&dyn Validate>,
    body: Option<&dyn Validate>,
) -> Result<(), ClientError> {
    let mut errors = ValidationErrors::default();
    if let Some(params) = params {
        params.validate_at(&Location::root(""), &mut errors);
    }
    if let Some(body) = body {
        body.validate_at(&Location::root("body"), &mut errors);
    }
    errors.into_result().map_err(ClientError::InvalidRequest)
}

/// Checks a JSON body that is not a model (an array, a map...) against its schema.
pub fn check_json_body<T: serde::Serialize>(
    body: &T,
    schema: &crate::schema::Schema,
) -> Result<(), ClientError> {
    let value = serde_json::to_value(body).map_err(|e| ClientError::Build {
        reason: e.to_string(),
    })?;
    let mut errors = ValidationErrors::default();
    crate::schema::check(&value, schema, &Location::root("body"), &mut errors);
    errors.into_result().map_err(ClientError::InvalidRequest)
}

/// Checks a parameter set against its table's schemas (as raw JSON, each parameter at
/// `query/name`, `path/name`...): for sets holding a type the generator settings replace, which
/// has no `Validate` of the generated crate.
pub fn check_params<T: serde::Serialize>(params: &T, table: &[Param]) -> Result<(), ClientError> {
    let value = serde_json::to_value(params).map_err(|e| ClientError::Build {
        reason: e.to_string(),
    })?;
    let mut errors = ValidationErrors::default();
    for param in table {
        let Some(member) = value.get(param.field).filter(|v| !v.is_null()) else {
            continue;
        };
        let root = Location::root(param.location.as_str());
        crate::schema::check(member, param.schema, &root.key(param.name), &mut errors);
    }
    errors.into_result().map_err(ClientError::InvalidRequest)
}

/// A model as an `application/x-www-form-urlencoded` body: each member a field, arrays as
/// repeated keys, nested objects as `key[member]`, `null`s left out.
pub fn form_encode<T: serde::Serialize>(body: &T) -> Result<Vec<u8>, ClientError> {
    let value = serde_json::to_value(body).map_err(|e| ClientError::Build {
        reason: e.to_string(),
    })?;
    let mut form = form_urlencoded::Serializer::new(String::new());
    if let serde_json::Value::Object(members) = &value {
        for (key, member) in members {
            form_fields(&mut form, key, member);
        }
    }
    Ok(form.finish().into_bytes())
}

fn form_fields(
    form: &mut form_urlencoded::Serializer<'_, String>,
    key: &str,
    value: &serde_json::Value,
) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::String(text) => {
            form.append_pair(key, text);
        }
        serde_json::Value::Array(items) => {
            for item in items {
                form_fields(form, key, item);
            }
        }
        serde_json::Value::Object(members) => {
            for (member, v) in members {
                form_fields(form, &format!("{key}[{member}]"), v);
            }
        }
        scalar => {
            form.append_pair(key, &scalar.to_string());
        }
    }
}

/// The URL of a request, with the header and cookie parameters added to `headers`: `path`'s
/// `{name}`s replaced by the path parameters (percent-encoded), the query parameters after
/// `?`. `params` is the operation's parameter set and `table` says where each of its fields
/// goes (from `schemas.rs`). An absent optional `x-fapi-interaction-id` gets a new id.
pub fn prepare<T: serde::Serialize>(
    base_url: &str,
    path: &str,
    table: &[Param],
    params: &T,
    headers: &mut HeaderMap,
) -> Result<String, ClientError> {
    let value = serde_json::to_value(params).map_err(|e| ClientError::Build {
        reason: e.to_string(),
    })?;
    let field = |param: &Param| {
        value
            .get(param.field)
            .filter(|v| !v.is_null())
            .map(|v| (v, param.schema))
    };
    // The path template, each `{name}` replaced by its parameter.
    let mut url = base_url.to_owned();
    let mut rest = path;
    while let Some((before, after)) = rest.split_once('{') {
        let Some((name, after)) = after.split_once('}') else {
            break;
        };
        url.push_str(before);
        let param = table
            .iter()
            .find(|p| p.location == In::Path && p.name == name);
        if let Some((value, schema)) = param.and_then(field) {
            url.push_str(&path_segment(&param_text(value, schema)));
        }
        rest = after;
    }
    url.push_str(rest);
    let mut query = form_urlencoded::Serializer::new(String::new());
    let mut any_query = false;
    let mut cookies: Vec<String> = Vec::new();
    for param in table {
        let Some((value, schema)) = field(param) else {
            if param.location == In::Header && param.name.eq_ignore_ascii_case(INTERACTION_ID) {
                header(headers, param.name, &new_interaction_id())?;
            }
            continue;
        };
        match param.location {
            In::Path => {}
            In::Query => {
                any_query = true;
                match (value, &crate::schema::resolve(schema).kind) {
                    (Value::Array(items), Kind::Array { items: item, .. }) if param.explode => {
                        for value in items {
                            query.append_pair(param.name, &param_text(value, item));
                        }
                    }
                    _ => {
                        query.append_pair(param.name, &param_text(value, schema));
                    }
                }
            }
            In::Header => header(headers, param.name, &param_text(value, schema))?,
            In::Cookie => cookies.push(format!("{}={}", param.name, param_text(value, schema))),
        }
    }
    if !cookies.is_empty() {
        header(headers, "cookie", &cookies.join("; "))?;
    }
    if any_query {
        url.push('?');
        url.push_str(&query.finish());
    }
    Ok(url)
}

/// The FAPI interaction id header, which the client always sends.
const INTERACTION_ID: &str = "x-fapi-interaction-id";

/// The text of a parameter value: strings as they are, numbers and booleans written out,
/// arrays comma-separated, objects (and any value of an object or free-form schema) as JSON.
pub(crate) fn param_text(value: &Value, schema: &Schema) -> String {
    match (&crate::schema::resolve(schema).kind, value) {
        (Kind::Array { items: item, .. }, Value::Array(items)) => items
            .iter()
            .map(|value| param_text(value, item))
            .collect::<Vec<_>>()
            .join(","),
        (
            Kind::String { .. }
            | Kind::Enum { .. }
            | Kind::Integer { .. }
            | Kind::Number { .. }
            | Kind::Boolean { .. },
            Value::String(text),
        ) => text.clone(),
        (_, Value::Number(n)) if n.is_f64() => n.as_f64().unwrap_or_default().to_string(),
        (_, Value::Number(n)) => n.to_string(),
        (_, Value::Bool(b)) => b.to_string(),
        (_, value) => value.to_string(),
    }
}

/// A path segment, percent-encoded (`/` and everything but unreserved characters).
pub fn path_segment(value: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(value, SEGMENT).to_string()
}

/// Adds a header (its name in any case, as the spec writes it); a value HTTP forbids is a
/// [`ClientError::Build`].
pub fn header(headers: &mut HeaderMap, name: &str, value: &str) -> Result<(), ClientError> {
    let invalid = || ClientError::Build {
        reason: format!("header/{name}: {value:?} is not a valid header value"),
    };
    let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
    let value = HeaderValue::from_str(value).map_err(|_| invalid())?;
    headers.insert(name, value);
    Ok(())
}

/// Sends a request and reads the whole response.
pub async fn send(request: reqwest::RequestBuilder) -> Result<RawResponse, ClientError> {
    let response = request.send().await.map_err(ClientError::Transport)?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .bytes()
        .await
        .map_err(ClientError::Transport)?
        .to_vec();
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

impl RawResponse {
    /// The body decoded as JSON of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ClientError> {
        serde_json::from_slice(&self.body).map_err(|e| self.invalid(format!("body: {e}")))
    }

    /// A JSON body that is not a model (a list, a map...): checked against its schema, then
    /// decoded.
    pub fn checked_json<T: DeserializeOwned>(
        &self,
        schema: &crate::schema::Schema,
    ) -> Result<T, ClientError> {
        let value: serde_json::Value = self.json()?;
        let mut errors = ValidationErrors::for_response();
        crate::schema::check(&value, schema, &Location::root("body"), &mut errors);
        if !errors.is_empty() {
            return Err(self.invalid(errors.to_string()));
        }
        serde_json::from_value(value).map_err(|e| self.invalid(format!("body: {e}")))
    }

    /// A JSON model body, decoded and checked against the spec.
    ///
    /// Response bodies are checked as responses ([`ValidationErrors::for_response`]): a value
    /// outside an open string enum (crates generated with `unknown-enum-values = "keep"`) is
    /// accepted, kept in the enum's `Unknown` variant. The same holds for
    /// [`RawResponse::checked_json`] and the header readers (an open enum reads any text).
    pub fn model<T: DeserializeOwned + Validate>(&self) -> Result<T, ClientError> {
        let model: T = self.json()?;
        let mut errors = ValidationErrors::for_response();
        model.validate_at(&Location::root("body"), &mut errors);
        if !errors.is_empty() {
            return Err(self.invalid(errors.to_string()));
        }
        Ok(model)
    }

    /// The body as UTF-8 text.
    pub fn text_body(&self) -> Result<String, ClientError> {
        String::from_utf8(self.body.clone())
            .map_err(|_| self.invalid("body: not valid UTF-8".into()))
    }

    /// The bytes of the body.
    pub fn bytes_body(&self) -> Vec<u8> {
        self.body.clone()
    }

    /// The text of header `name`: `None` when absent, an error when not visible ASCII.
    fn header_text(&self, name: &'static str) -> Result<Option<&str>, ClientError> {
        match self.headers.get(name) {
            None => Ok(None),
            Some(value) => value
                .to_str()
                .map(Some)
                .map_err(|_| self.invalid(format!("header/{name}: not visible ASCII"))),
        }
    }

    fn missing(&self, name: &'static str) -> ClientError {
        self.invalid(format!("header/{name}: missing"))
    }

    /// Header `name` parsed as `T`: `None` when absent, an error when present but unreadable.
    pub fn header_scalar<T: FromStr>(&self, name: &'static str) -> Result<Option<T>, ClientError> {
        let Some(text) = self.header_text(name)? else {
            return Ok(None);
        };
        text.parse()
            .map(Some)
            .map_err(|_| self.invalid(format!("header/{name}: {text:?} cannot be read")))
    }

    /// A header the spec says is always there.
    pub fn required_header_scalar<T: FromStr>(&self, name: &'static str) -> Result<T, ClientError> {
        self.header_scalar(name)?.ok_or_else(|| self.missing(name))
    }

    /// A comma-separated list header (`simple` style).
    pub fn header_list<T: FromStr>(
        &self,
        name: &'static str,
    ) -> Result<Option<Vec<T>>, ClientError> {
        let Some(text) = self.header_text(name)? else {
            return Ok(None);
        };
        text.split(',')
            .map(|item| {
                item.trim()
                    .parse()
                    .map_err(|_| self.invalid(format!("header/{name}: {item:?} cannot be read")))
            })
            .collect::<Result<Vec<T>, _>>()
            .map(Some)
    }

    /// A list header the spec says is always there.
    pub fn required_header_list<T: FromStr>(
        &self,
        name: &'static str,
    ) -> Result<Vec<T>, ClientError> {
        self.header_list(name)?.ok_or_else(|| self.missing(name))
    }

    /// A header whose value is JSON.
    pub fn header_json<T: DeserializeOwned>(
        &self,
        name: &'static str,
    ) -> Result<Option<T>, ClientError> {
        let Some(text) = self.header_text(name)? else {
            return Ok(None);
        };
        serde_json::from_str(text)
            .map(Some)
            .map_err(|e| self.invalid(format!("header/{name}: {e}")))
    }

    /// A JSON header the spec says is always there.
    pub fn required_header_json<T: DeserializeOwned>(
        &self,
        name: &'static str,
    ) -> Result<T, ClientError> {
        self.header_json(name)?.ok_or_else(|| self.missing(name))
    }

    fn invalid(&self, problem: String) -> ClientError {
        ClientError::InvalidResponse {
            response: Box::new(self.clone()),
            problem,
        }
    }
}

/// A new interaction id (a random UUID) for the FAPI `x-fapi-interaction-id` header.
fn new_interaction_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
