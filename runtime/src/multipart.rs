//! `multipart/form-data` bodies: the server reads the parts into a model ([`FromParts`], with
//! every part checked against its member's schema), the client writes a model as parts
//! ([`ToParts`]).
//!
//! A member of the body's object schema is a part (an array member, one part per item). A
//! `format: binary` member is a file ([`File`]); an object or array of objects travels as JSON
//! (`application/json`), anything else as text, read by its schema like a form field. An
//! `encoding` entry's `contentType` is the media types a part may have (`image/png,
//! image/jpeg`, `image/*`).

#[cfg(feature = "server")]
pub use server::{FromParts, Parts, multipart_body, multipart_body_with_headers};

#[cfg(feature = "client")]
pub use client::{ToParts, Writer, multipart_form, multipart_form_with_headers};

/// The media types a part may have, by part name, from the `encoding` object.
pub type Encodings = &'static [(&'static str, &'static str)];

/// Whether `found` is one of `allowed` (comma-separated, `type/*` and `*/*` allowed), comparing
/// essences (no parameters, any case).
pub fn media_type_allowed(allowed: &str, found: &str) -> bool {
    let essence = |t: &str| {
        t.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    };
    let found = essence(found);
    allowed.split(',').map(essence).any(|a| {
        a == found
            || a == "*/*"
            || a.strip_suffix("/*")
                .is_some_and(|ty| found.split('/').next() == Some(ty))
    })
}

#[cfg(feature = "server")]
mod server {
    use axum::body::{Body, Bytes};
    use axum::http::HeaderMap;
    use serde::de::DeserializeOwned;
    use serde_json::Value;

    use super::{Encodings, media_type_allowed};
    use crate::File;
    use crate::schema::{self, Additional, Kind, Schema};
    use crate::server::Rejection;
    use crate::validation::{Location, Rule, ValidationErrors};

    /// A model read from the parts of a `multipart/form-data` body (generated for each model
    /// that is such a body).
    pub trait FromParts: Sized {
        /// Read every member from `parts`; `None` when something is missing or invalid (the
        /// problems are in `errors`).
        fn from_parts(parts: &mut Parts, errors: &mut ValidationErrors) -> Option<Self>;
    }

    /// One part as it came.
    struct Part {
        name: String,
        file_name: Option<String>,
        content_type: Option<String>,
        headers: HeaderMap,
        bytes: Bytes,
        used: bool,
    }

    /// The parts of a body, read member by member against the body's schema.
    pub struct Parts {
        parts: Vec<Part>,
        schema: &'static Schema,
        encodings: Encodings,
    }

    const BODY: Location<'static> = Location::root("body");

    impl Parts {
        /// The parts named `name`, marked as read.
        fn take(&mut self, name: &str) -> Vec<usize> {
            let mut found = Vec::new();
            for (i, part) in self.parts.iter_mut().enumerate() {
                if part.name == name {
                    part.used = true;
                    found.push(i);
                }
            }
            found
        }

        fn required(&self, name: &str) -> bool {
            match &schema::resolve(self.schema).kind {
                Kind::Object { properties, .. } => {
                    properties.iter().any(|p| p.name == name && p.required)
                }
                _ => false,
            }
        }

        /// None (with the error if the member is required) when no part is named `name`.
        fn found(&mut self, name: &str, errors: &mut ValidationErrors) -> Option<Vec<usize>> {
            let found = self.take(name);
            if found.is_empty() {
                if self.required(name) {
                    errors.push(&BODY.key(name), Rule::Required);
                }
                return None;
            }
            let mut ok = true;
            if let Some((_, allowed)) = self.encodings.iter().find(|(n, _)| *n == name) {
                for &i in &found {
                    let ct = self
                        .parts
                        .get(i)
                        .and_then(|p| p.content_type.as_deref())
                        .unwrap_or("text/plain");
                    if !media_type_allowed(allowed, ct) {
                        ok = false;
                        errors.push(
                            &BODY.key(name),
                            Rule::Malformed {
                                reason: format!("the part's media type {ct:?} is not {allowed:?}"),
                            },
                        );
                    }
                }
            }
            ok.then_some(found)
        }

        /// An object member sent as `deepObject` form fields (`encoding` `style: deepObject`,
        /// as Stripe writes its uploads): a text part per leaf, named `name[member][inner]`
        /// (an array, one part per item under the same name), typed by the schema, then checked
        /// and read as `T` like any member. One JSON part named `name` is read too: OpenAPI
        /// says `style` does not apply to multipart bodies, so a client may well send that.
        pub fn deep_object<T: DeserializeOwned>(
            &mut self,
            name: &str,
            errors: &mut ValidationErrors,
        ) -> Option<T> {
            if self.parts.iter().any(|p| p.name == name) {
                return self.value(name, errors);
            }
            let location = BODY.key(name);
            let member = schema::property(self.schema, name).unwrap_or(&Schema::ANY);
            let prefix = format!("{name}[");
            let mut object = Value::Object(serde_json::Map::new());
            let mut found = false;
            let before = errors.len();
            for part in self.parts.iter_mut() {
                let Some(path) = part.name.strip_prefix(&prefix) else {
                    continue;
                };
                part.used = true;
                found = true;
                // `a][b]` -> ["a", "b"]
                let Some(path) = path.strip_suffix(']') else {
                    errors.push(
                        &location,
                        Rule::Malformed {
                            reason: format!("{:?} is not a deepObject field name", part.name),
                        },
                    );
                    continue;
                };
                let keys: Vec<&str> = path.split("][").collect();
                let Ok(text) = std::str::from_utf8(&part.bytes) else {
                    errors.push(
                        &location,
                        Rule::Malformed {
                            reason: "not UTF-8 text".into(),
                        },
                    );
                    continue;
                };
                deep_insert(&mut object, &keys, text, Some(member));
            }
            if !found {
                if self.required(name) {
                    errors.push(&location, Rule::Required);
                }
                return None;
            }
            if errors.len() != before {
                return None;
            }
            read(object, member, &location, errors)
        }

        /// A text or JSON member (an array member from all its parts), checked against its
        /// schema and read as `T`.
        pub fn value<T: DeserializeOwned>(
            &mut self,
            name: &str,
            errors: &mut ValidationErrors,
        ) -> Option<T> {
            let found = self.found(name, errors)?;
            let location = BODY.key(name);
            let member = schema::property(self.schema, name).unwrap_or(&Schema::ANY);
            let before = errors.len();
            let value = match &member.kind {
                Kind::Array { items, .. } => Value::Array(
                    found
                        .iter()
                        .enumerate()
                        .filter_map(|(n, &i)| {
                            self.part_value(i, schema::resolve(items), &location.index(n), errors)
                        })
                        .collect(),
                ),
                _ => {
                    if found.len() > 1 {
                        errors.push(&location, Rule::Repeated);
                    }
                    let first = found.first().copied()?;
                    self.part_value(first, member, &location, errors)?
                }
            };
            if errors.len() != before {
                return None;
            }
            read(value, member, &location, errors)
        }

        /// One part as JSON: parsed when it is JSON (its media type says so, or its schema is
        /// an object or an array), else its text typed by the schema.
        fn part_value(
            &self,
            i: usize,
            member: &Schema,
            location: &Location<'_>,
            errors: &mut ValidationErrors,
        ) -> Option<Value> {
            let part = self.parts.get(i)?;
            let json = part
                .content_type
                .as_deref()
                .is_some_and(crate::server::is_json)
                || matches!(
                    schema::resolve(member).kind,
                    Kind::Object { .. }
                        | Kind::Map { .. }
                        | Kind::Array { .. }
                        | Kind::Union { .. }
                );
            let malformed = |errors: &mut ValidationErrors, reason: String| {
                errors.push(location, Rule::Malformed { reason });
                None
            };
            if json {
                return match serde_json::from_slice(&part.bytes) {
                    Ok(value) => Some(value),
                    Err(e) => malformed(errors, format!("not JSON: {e}")),
                };
            }
            match std::str::from_utf8(&part.bytes) {
                Ok(text) => Some(crate::server::form_value(text, Some(member))),
                Err(_) => malformed(errors, "not UTF-8 text".into()),
            }
        }

        /// The file in part `i`: a part with a file name (RFC 7578, 4.2), which is what tells a
        /// file from a text field; another part is an error.
        fn file_at(
            &self,
            i: usize,
            location: &Location<'_>,
            errors: &mut ValidationErrors,
        ) -> Option<File> {
            let part = self.parts.get(i)?;
            if part.file_name.is_none() {
                errors.push(
                    location,
                    Rule::Type {
                        expected: "a file (a part with a filename)",
                        found: "a text field".into(),
                    },
                );
                return None;
            }
            Some(File {
                name: part.file_name.clone(),
                content_type: part.content_type.clone(),
                bytes: part.bytes.to_vec(),
            })
        }

        /// A file member.
        pub fn file(&mut self, name: &str, errors: &mut ValidationErrors) -> Option<File> {
            let found = self.found(name, errors)?;
            if found.len() > 1 {
                errors.push(&BODY.key(name), Rule::Repeated);
                return None;
            }
            self.file_at(*found.first()?, &BODY.key(name), errors)
        }

        /// An array of files: every part named `name`.
        pub fn files(&mut self, name: &str, errors: &mut ValidationErrors) -> Option<Vec<File>> {
            let found = self.found(name, errors)?;
            let location = BODY.key(name);
            let before = errors.len();
            let files: Vec<File> = found
                .iter()
                .enumerate()
                .filter_map(|(n, &i)| self.file_at(i, &location.index(n), errors))
                .collect();
            if errors.len() != before {
                return None;
            }
            if let Kind::Array {
                min_items,
                max_items,
                ..
            } = &schema::property(self.schema, name)
                .unwrap_or(&Schema::ANY)
                .kind
            {
                let n = files.len() as u64;
                if let Some(min) = min_items.filter(|&min| n < min) {
                    errors.push(&location, Rule::MinItems { min, actual: n });
                }
                if let Some(max) = max_items.filter(|&max| n > max) {
                    errors.push(&location, Rule::MaxItems { max, actual: n });
                }
            }
            Some(files)
        }

        /// The headers of the parts, as JSON of the `schema` (see
        /// [`multipart_body_with_headers`]), each checked against its schema.
        fn headers(&self, schema: &Schema, errors: &mut ValidationErrors) -> Value {
            let mut out = serde_json::Map::new();
            let Kind::Object { properties, .. } = &schema::resolve(schema).kind else {
                return Value::Object(out);
            };
            for member in properties.iter() {
                let location = BODY.key(member.name);
                let sent: Vec<&Part> = self
                    .parts
                    .iter()
                    .filter(|p| p.name == member.name)
                    .collect();
                let value = match &schema::resolve(member.schema).kind {
                    Kind::Array { .. } if sent.is_empty() => continue,
                    Kind::Array { items, .. } => Value::Array(
                        sent.iter()
                            .enumerate()
                            .map(|(n, part)| {
                                part_headers(part, items, &location.index(n).key("headers"), errors)
                            })
                            .collect(),
                    ),
                    _ => match sent.first() {
                        Some(part) => {
                            part_headers(part, member.schema, &location.key("headers"), errors)
                        }
                        None => continue,
                    },
                };
                out.insert(member.name.to_owned(), value);
            }
            Value::Object(out)
        }

        /// After the members are read: parts the schema does not declare are an error when it
        /// forbids other members.
        fn finish(self, errors: &mut ValidationErrors) {
            let forbidden = matches!(
                schema::resolve(self.schema).kind,
                Kind::Object {
                    additional: Additional::Forbidden,
                    ..
                }
            );
            if forbidden {
                for part in self.parts.iter().filter(|p| !p.used) {
                    errors.push(&BODY.key(&part.name), Rule::NotAllowed);
                }
            }
        }
    }

    /// A `multipart/form-data` body: the parts are read (within `limit` bytes in all), then
    /// `T::from_parts` reads each member; every problem is in `errors`.
    pub async fn multipart_body<T: FromParts>(
        headers: &HeaderMap,
        body: Body,
        limit: usize,
        required: bool,
        schema: &'static Schema,
        encodings: Encodings,
        errors: &mut ValidationErrors,
    ) -> Result<Option<T>, Rejection> {
        let Some(mut parts) =
            read_body(headers, body, limit, required, schema, encodings, errors).await?
        else {
            return Ok(None);
        };
        let before = errors.len();
        let model = T::from_parts(&mut parts, errors);
        parts.finish(errors);
        Ok(model.filter(|_| errors.len() == before))
    }

    /// A `multipart/form-data` body whose parts carry headers (the `encoding` object's
    /// `headers`): the body as [`multipart_body`] reads it, and the parts' headers as `H`, whose
    /// schema `part_headers` has a member per part (an object of its headers, or a list of them
    /// for a member sent as several parts). Each header is read from the part's own headers,
    /// typed by its schema (as a header parameter is) and checked, at
    /// `body/<part>/headers/<name>` (`body/<part>/<index>/headers/<name>` for a list); a
    /// required one missing from a part that was sent is an error.
    #[allow(clippy::too_many_arguments)]
    pub async fn multipart_body_with_headers<T: FromParts, H: DeserializeOwned>(
        headers: &HeaderMap,
        body: Body,
        limit: usize,
        required: bool,
        schema: &'static Schema,
        encodings: Encodings,
        part_headers: &'static Schema,
        errors: &mut ValidationErrors,
    ) -> Result<Option<(T, H)>, Rejection> {
        let Some(mut parts) =
            read_body(headers, body, limit, required, schema, encodings, errors).await?
        else {
            return Ok(None);
        };
        let before = errors.len();
        let values = parts.headers(part_headers, errors);
        let model = T::from_parts(&mut parts, errors);
        parts.finish(errors);
        if errors.len() != before {
            return Ok(None);
        }
        let Some(model) = model else { return Ok(None) };
        match serde_json::from_value(values) {
            Ok(headers) => Ok(Some((model, headers))),
            Err(e) => {
                errors.push(
                    &BODY,
                    Rule::Malformed {
                        reason: format!("the parts' headers: {e}"),
                    },
                );
                Ok(None)
            }
        }
    }

    /// The parts of a body, before its members are read.
    async fn read_body(
        headers: &HeaderMap,
        body: Body,
        limit: usize,
        required: bool,
        schema: &'static Schema,
        encodings: Encodings,
        errors: &mut ValidationErrors,
    ) -> Result<Option<Parts>, Rejection> {
        let Some(bytes) = crate::server::body_bytes(
            headers,
            body,
            limit,
            required,
            "multipart/form-data",
            crate::server::is_media_type,
            errors,
        )
        .await?
        else {
            return Ok(None);
        };
        let content_type = headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let parts = match read_parts(content_type, bytes).await {
            Ok(parts) => parts,
            Err(reason) => {
                errors.push(&BODY, Rule::Malformed { reason });
                return Ok(None);
            }
        };
        Ok(Some(Parts {
            parts,
            schema,
            encodings,
        }))
    }

    /// The headers `schema` (an object of header names) declares, read from `part` and checked.
    fn part_headers(
        part: &Part,
        schema: &Schema,
        location: &Location<'_>,
        errors: &mut ValidationErrors,
    ) -> Value {
        let mut object = serde_json::Map::new();
        let mut missing = Vec::new();
        let before = errors.len();
        if let Kind::Object { properties, .. } = &schema::resolve(schema).kind {
            for header in properties.iter() {
                let location = location.key(header.name);
                if !part.headers.contains_key(header.name) {
                    missing.extend(header.required.then_some(header.name));
                    continue;
                }
                let Some(text) =
                    crate::server::single_header(&part.headers, header.name, &location, errors)
                else {
                    continue;
                };
                let value = match &schema::resolve(header.schema).kind {
                    // The simple style: items separated by commas, each read on its own.
                    Kind::Array { items, .. } => {
                        let before = errors.len();
                        let values: Vec<Value> = text
                            .split(',')
                            .enumerate()
                            .filter_map(|(n, item)| {
                                crate::server::param_value(item, items, &location.index(n), errors)
                            })
                            .collect();
                        (errors.len() == before).then_some(Value::Array(values))
                    }
                    _ => crate::server::param_value(text, header.schema, &location, errors),
                };
                if let Some(value) = value {
                    object.insert(header.name.to_owned(), value);
                }
            }
        }
        let value = Value::Object(object);
        if errors.len() == before {
            schema::check(&value, schema, location, errors);
        } else {
            // The check would also call the headers that could not be read missing.
            for name in missing {
                errors.push(&location.key(name), Rule::Required);
            }
        }
        value
    }

    /// A member's JSON, checked against its schema, then read as `T`.
    fn read<T: DeserializeOwned>(
        value: Value,
        member: &Schema,
        location: &Location<'_>,
        errors: &mut ValidationErrors,
    ) -> Option<T> {
        let before = errors.len();
        schema::check(&value, member, location, errors);
        if errors.len() != before {
            return None;
        }
        serde_json::from_value(value)
            .map_err(|e| {
                errors.push(
                    location,
                    Rule::Malformed {
                        reason: e.to_string(),
                    },
                )
            })
            .ok()
    }

    /// Put the text of the field `keys` (`["a", "b"]` for `name[a][b]`) into `object`, typed
    /// by the schema at that place; a repeated field of an array member collects the items.
    fn deep_insert(object: &mut Value, keys: &[&str], text: &str, schema: Option<&Schema>) {
        let (Some((key, rest)), Value::Object(members)) = (keys.split_first(), object) else {
            return;
        };
        let inner = schema.and_then(|s| schema::property(s, key));
        if rest.is_empty() {
            let value = crate::server::form_value(text, inner);
            let is_array = matches!(inner.map(|s| &s.kind), Some(Kind::Array { .. }));
            match members.get_mut(*key) {
                Some(Value::Array(items)) if is_array => items.push(value),
                _ if is_array => {
                    members.insert((*key).to_owned(), Value::Array(vec![value]));
                }
                _ => {
                    members.insert((*key).to_owned(), value);
                }
            }
        } else {
            let child = members
                .entry((*key).to_owned())
                .or_insert_with(|| Value::Object(serde_json::Map::new()));
            deep_insert(child, rest, text, inner);
        }
    }

    async fn read_parts(content_type: &str, bytes: Bytes) -> Result<Vec<Part>, String> {
        let boundary = multer::parse_boundary(content_type).map_err(|e| e.to_string())?;
        let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(bytes) });
        let mut multipart = multer::Multipart::new(stream, boundary);
        let mut parts = Vec::new();
        while let Some(field) = multipart.next_field().await.map_err(|e| e.to_string())? {
            let Some(name) = field.name().map(str::to_owned) else {
                return Err("a part has no name".into());
            };
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(|m| m.to_string());
            let headers = field.headers().clone();
            let bytes = field.bytes().await.map_err(|e| e.to_string())?;
            parts.push(Part {
                name,
                file_name,
                content_type,
                headers,
                bytes,
                used: false,
            });
        }
        Ok(parts)
    }
}

#[cfg(feature = "client")]
mod client {
    use std::collections::HashMap;

    use reqwest::header::HeaderMap;
    use reqwest::multipart::{Form, Part};
    use serde_json::Value;

    use super::Encodings;
    use crate::File;
    use crate::client::ClientError;
    use crate::schema::{self, Kind, Schema};
    use crate::validation::{Location, Rule, ValidationErrors};

    /// A model written as the parts of a `multipart/form-data` body (generated for each model
    /// that is such a body).
    pub trait ToParts {
        /// Write every member into `writer`.
        fn to_parts(&self, writer: &mut Writer) -> Result<(), ClientError>;
    }

    /// Collects the parts of a body.
    pub struct Writer {
        form: Form,
        encodings: Encodings,
        /// The parts' headers as JSON, and their schema (see [`multipart_form_with_headers`]).
        headers: Option<(Value, &'static Schema)>,
        /// How many parts of each name were written so far.
        written: HashMap<String, usize>,
        /// What is wrong with the parts' headers, reported once every part is written.
        errors: ValidationErrors,
    }

    fn build(e: impl std::fmt::Display) -> ClientError {
        ClientError::Build {
            reason: e.to_string(),
        }
    }

    impl Writer {
        fn media_type(&self, name: &str) -> Option<&'static str> {
            self.encodings
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, ct)| ct.split(',').next().unwrap_or_default().trim())
                .filter(|ct| !ct.contains('*'))
        }

        fn push(&mut self, name: &str, part: Part) -> Result<(), ClientError> {
            let count = self.written.entry(name.to_owned()).or_default();
            let index = *count;
            *count = count.saturating_add(1);
            let part = match self.part_headers(name, index)? {
                Some(headers) => part.headers(headers),
                None => part,
            };
            let form = std::mem::replace(&mut self.form, Form::new());
            self.form = form.part(name.to_owned(), part);
            Ok(())
        }

        /// The headers of the `index`th part named `name`, when the body's parts have headers
        /// and that part has some. A header it requires that is not given, and a value its
        /// schema refuses, go to `errors`.
        fn part_headers(
            &mut self,
            name: &str,
            index: usize,
        ) -> Result<Option<HeaderMap>, ClientError> {
            let Some((values, schema)) = &self.headers else {
                return Ok(None);
            };
            let Some(member) = schema::property(schema, name) else {
                return Ok(None);
            };
            let (value, declared) = match &member.kind {
                Kind::Array { items, .. } => (values.get(name).and_then(|v| v.get(index)), *items),
                _ => (values.get(name), member),
            };
            let Kind::Object { properties, .. } = &schema::resolve(declared).kind else {
                return Ok(None);
            };
            let mut headers = HeaderMap::new();
            let errors = &mut self.errors;
            let body = Location::root("body");
            let at = body.key(name);
            let at = match &member.kind {
                Kind::Array { .. } => at.index(index),
                _ => at,
            };
            let at = at.key("headers");
            for header in properties.iter() {
                match value.and_then(|v| v.get(header.name)) {
                    None | Some(Value::Null) => {
                        if header.required {
                            errors.push(&at.key(header.name), Rule::Required);
                        }
                    }
                    Some(v) => {
                        schema::check(v, header.schema, &at.key(header.name), errors);
                        crate::client::header(
                            &mut headers,
                            header.name,
                            &crate::client::param_text(v, header.schema),
                        )?;
                    }
                }
            }
            Ok(Some(headers))
        }

        /// A text or JSON member (absent when `null`; an array, one part per item).
        pub fn value<T: serde::Serialize>(
            &mut self,
            name: &str,
            value: &T,
        ) -> Result<(), ClientError> {
            match serde_json::to_value(value).map_err(build)? {
                Value::Null => Ok(()),
                Value::Array(items) => items.iter().try_for_each(|item| self.one(name, item)),
                value => self.one(name, &value),
            }
        }

        fn one(&mut self, name: &str, value: &Value) -> Result<(), ClientError> {
            let (text, default) = match value {
                Value::Null => return Ok(()),
                Value::String(text) => (text.clone(), "text/plain"),
                Value::Object(_) | Value::Array(_) => (value.to_string(), "application/json"),
                scalar => (scalar.to_string(), "text/plain"),
            };
            let media_type = self.media_type(name).unwrap_or(default);
            let part = Part::text(text).mime_str(media_type).map_err(build)?;
            self.push(name, part)
        }

        /// An object member as `deepObject` form fields: `name[member]` text parts (nested
        /// objects `name[a][b]`, arrays one part per item), as Stripe reads its uploads.
        pub fn deep_object<T: serde::Serialize>(
            &mut self,
            name: &str,
            value: &T,
        ) -> Result<(), ClientError> {
            let value = serde_json::to_value(value).map_err(build)?;
            self.deep(name, &value)
        }

        fn deep(&mut self, name: &str, value: &Value) -> Result<(), ClientError> {
            match value {
                Value::Null => Ok(()),
                Value::Object(members) => members
                    .iter()
                    .try_for_each(|(k, v)| self.deep(&format!("{name}[{k}]"), v)),
                Value::Array(items) => items.iter().try_for_each(|item| self.deep(name, item)),
                Value::String(text) => self.push(name, Part::text(text.clone())),
                scalar => self.push(name, Part::text(scalar.to_string())),
            }
        }

        /// A file member (absent when `None`).
        pub fn file(&mut self, name: &str, file: Option<&File>) -> Result<(), ClientError> {
            let Some(file) = file else { return Ok(()) };
            let media_type = file
                .content_type
                .as_deref()
                .or(self.media_type(name))
                .unwrap_or("application/octet-stream");
            let part = Part::bytes(file.bytes.clone())
                .file_name(file.name.clone().unwrap_or_else(|| name.to_owned()))
                .mime_str(media_type)
                .map_err(build)?;
            self.push(name, part)
        }

        /// An array of files: one part each.
        pub fn files(&mut self, name: &str, files: &[File]) -> Result<(), ClientError> {
            files.iter().try_for_each(|f| self.file(name, Some(f)))
        }
    }

    /// The `multipart/form-data` body of a model.
    pub fn multipart_form<T: ToParts>(body: &T, encodings: Encodings) -> Result<Form, ClientError> {
        write(body, encodings, None)
    }

    /// The `multipart/form-data` body of a model whose parts carry headers: `headers` has a
    /// member per part with headers (their values by header name; a list of them, one per
    /// part, for a member sent as several parts), described by `schema`. A header a part
    /// requires that is not given is an error.
    pub fn multipart_form_with_headers<T: ToParts, H: serde::Serialize>(
        body: &T,
        encodings: Encodings,
        headers: Option<&H>,
        schema: &'static Schema,
    ) -> Result<Form, ClientError> {
        let headers = serde_json::to_value(headers).map_err(build)?;
        write(body, encodings, Some((headers, schema)))
    }

    fn write<T: ToParts>(
        body: &T,
        encodings: Encodings,
        headers: Option<(Value, &'static Schema)>,
    ) -> Result<Form, ClientError> {
        let mut writer = Writer {
            form: Form::new(),
            encodings,
            headers,
            written: HashMap::new(),
            errors: ValidationErrors::default(),
        };
        body.to_parts(&mut writer)?;
        writer
            .errors
            .into_result()
            .map_err(ClientError::InvalidRequest)?;
        Ok(writer.form)
    }
}

#[cfg(test)]
mod tests {
    use super::media_type_allowed;

    #[test]
    fn media_types_match_by_essence_and_wildcard() {
        assert!(media_type_allowed("image/png, image/jpeg", "image/jpeg"));
        assert!(media_type_allowed("image/*", "IMAGE/PNG; q=1"));
        assert!(media_type_allowed("*/*", "text/plain"));
        assert!(!media_type_allowed("image/png", "text/plain"));
        assert!(!media_type_allowed("image/*", "imagex/png"));
    }
}
