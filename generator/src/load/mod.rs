//! Stage 1: load the spec (YAML or JSON), check its version, parse it into the typed OpenAPI 3.0
//! model, and resolve local `$ref`s (including chains) with cycle detection.
//!
//! The `openapiv3` model is lenient in ways that lose information: it drops response keys that
//! are not status codes and path keys that do not start with `/`, and it turns a schema with an
//! unknown `type`, a mistyped `enum` value or a non-string `$ref` into an untyped schema. Its
//! error paths also stop at every `#[serde(flatten)]`. So before the typed parse, `check::document` walks
//! the raw document and reports those problems, each at the exact place (a JSON pointer).
//!
//! A spec split across files is bundled into one document first (`bundle`: every file reached
//! through `$ref`s, imported into the components), so the check, the model and the later
//! stages see local references only.

mod bundle;
mod files;
mod naming;
mod resolve;
mod walk;

use std::cell::RefCell;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::{Error, Location, Pointer, Result};

pub(crate) use bundle::bundle_document;
pub use resolve::Resolved;
pub(crate) use resolve::percent_decode;

/// A loaded, version-checked OpenAPI 3.0 document.
pub struct Spec {
    /// The name used in messages (the file name as given).
    pub file: String,
    pub doc: openapiv3::OpenAPI,
    /// Every file the spec was read from: the root first, then each file its `$ref`s reach.
    pub sources: Vec<PathBuf>,
    /// Where the parts imported from other files came from.
    origins: bundle::Origins,
}

/// Read and parse a spec file, and every file its `$ref`s refer to.
pub fn load(path: &Path) -> Result<Spec> {
    let (file, text) = read(path)?;
    parse(&text, &file)
}

/// Read a spec file as text: its name for messages (the path as given) and its contents, which
/// must be UTF-8.
pub fn read(path: &Path) -> Result<(String, String)> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let file = path.display().to_string();
    let text = String::from_utf8(bytes).map_err(|e| {
        spec_error(
            &file,
            Pointer::root(),
            None,
            format!(
                "the file is not valid UTF-8 (byte offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    Ok((file, text))
}

/// Parse a spec from text. `file` names it in messages, and references to other files are
/// read relative to its folder.
pub fn parse(text: &str, file: &str) -> Result<Spec> {
    bundle::parse_with(text, file, &mut files::from_disk)
}

/// Parse text into the generic document (JSON or YAML, a BOM skipped), with the same errors as
/// [`parse`], and check that it is an OpenAPI 3.x document (3.1 is accepted here: the typed
/// model is not involved). `file` is only used in messages.
pub fn parse_document(text: &str, file: &str) -> Result<Value> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = parse_value(text, file)?;
    check_version_in(&value, file, true)?;
    Ok(value)
}

/// Whether a document from [`parse_document`] is OpenAPI 3.0.x (which [`from_value`] accepts).
pub fn is_openapi_30(value: &Value) -> bool {
    let version = value.get("openapi").and_then(Value::as_str).unwrap_or("");
    let mut parts = version.split('.');
    parts.next() == Some("3") && parts.next() == Some("0")
}

/// Check a parsed document and turn it into the typed OpenAPI 3.0 model. `file` is only used in
/// messages.
pub fn from_value(value: Value, file: &str) -> Result<Spec> {
    check_version(&value, file)?;
    check::document(&value)
        .map_err(|(pointer, message)| spec_error(file, pointer, None, message))?;
    let doc: openapiv3::OpenAPI = serde_path_to_error::deserialize(&value).map_err(|e| {
        let (pointer, message) = explain(&value, pointer_of(e.path()), e.inner().to_string());
        spec_error(file, pointer, None, message)
    })?;
    Ok(Spec {
        file: file.to_owned(),
        doc,
        sources: vec![PathBuf::from(file)],
        origins: bundle::Origins::default(),
    })
}

/// Parse JSON or YAML text into a generic value (JSON is a subset of YAML, but the JSON parser is
/// much faster, so documents that look like JSON go through it first).
///
/// Values are built by [`ValueSeed`] rather than `serde_json::Value`'s own `Deserialize`, which
/// would silently turn a YAML `.inf` into `null` and keep only the last of duplicate keys.
fn parse_value(text: &str, file: &str) -> Result<Value> {
    let problem = RefCell::new(None);
    let seed = ValueSeed { problem: &problem };
    let mut track = serde_path_to_error::Track::new();
    if text.trim_start().starts_with('{') {
        let mut de = serde_json::Deserializer::from_str(text);
        let result = seed
            .deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track))
            .and_then(|value| de.end().map(|()| value));
        return result.map_err(|e| {
            let line_col = (e.line() > 0).then(|| (e.line(), e.column()));
            let path = track.path();
            syntax_error(file, "JSON", &path, problem.take(), e.to_string(), line_col)
        });
    }
    let de = yaml_serde::Deserializer::from_str(text);
    let result = seed.deserialize(serde_path_to_error::Deserializer::new(de, &mut track));
    result.map_err(|e| {
        let line_col = e.location().map(|l| (l.line(), l.column()));
        let path = track.path();
        syntax_error(file, "YAML", &path, problem.take(), e.to_string(), line_col)
    })
}

/// A problem [`ValueSeed`] found in a value that parsed: its own message, and for a duplicate
/// key the key (the parser's position is then the start of the mapping, so it is not reported).
struct Problem {
    key: Option<String>,
    message: String,
}

fn syntax_error(
    file: &str,
    format: &str,
    path: &serde_path_to_error::Path,
    problem: Option<Problem>,
    message: String,
    line_col: Option<(usize, usize)>,
) -> Error {
    let mut pointer = pointer_of(path);
    // A self-referencing YAML alias nests until the recursion limit: name only where it starts.
    if pointer.segments().count() > MAX_DEPTH {
        pointer = pointer
            .segments()
            .take(MAX_DEPTH)
            .fold(Pointer::root(), |p, s| p.push(s));
    }
    match problem {
        Some(Problem {
            key: Some(key),
            message,
        }) => spec_error(file, pointer.push(key), None, message),
        Some(Problem { key: None, message }) => spec_error(file, pointer, line_col, message),
        None => {
            let mut message = message;
            if let Some((line, col)) = line_col {
                message = message.replacen(&format!(" at line {line} column {col}"), "", 1);
            }
            // yaml_serde prefixes some messages with its own dotted path.
            let dotted = dotted_path(path);
            if let Some(rest) = message.strip_prefix(&format!("{dotted}: ")) {
                message = rest.to_owned();
            }
            spec_error(
                file,
                pointer,
                line_col,
                format!("invalid {format}: {message}"),
            )
        }
    }
}

/// Syntax errors are reported at most this deep in the document.
const MAX_DEPTH: usize = 24;

/// The path as yaml_serde writes it (`paths./a.get.parameters[0]`).
fn dotted_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

/// Builds a `serde_json::Value` like its own `Deserialize` does, but rejects what it would
/// silently change: integers beyond 64 bits, non-finite numbers, duplicate keys.
#[derive(Clone, Copy)]
struct ValueSeed<'a> {
    problem: &'a RefCell<Option<Problem>>,
}

impl ValueSeed<'_> {
    fn fail<T, E: de::Error>(self, key: Option<String>, message: String) -> Result<T, E> {
        let error = E::custom(&message);
        *self.problem.borrow_mut() = Some(Problem { key, message });
        Err(error)
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        match i64::try_from(v) {
            Ok(v) => Ok(Value::from(v)),
            Err(_) => self.fail(None, too_large(v)),
        }
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        match u64::try_from(v) {
            Ok(v) => Ok(Value::from(v)),
            Err(_) => self.fail(None, too_large(v)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        match Number::from_f64(v) {
            Some(n) => Ok(Value::Number(n)),
            None => {
                let yaml = if v.is_nan() {
                    ".nan"
                } else if v > 0.0 {
                    ".inf"
                } else {
                    "-.inf"
                };
                self.fail(
                    None,
                    format!("the number {yaml} is not allowed: numbers must be finite"),
                )
            }
        }
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            if object.contains_key(&key) {
                return self.fail(
                    Some(key),
                    "duplicate key: a key may appear only once in a mapping".into(),
                );
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

fn too_large(v: impl fmt::Display) -> String {
    format!("the number {v} is out of range: integers must fit in 64 bits")
}

fn check_version(value: &Value, file: &str) -> Result<()> {
    check_version_in(value, file, false)
}

/// [`check_version`]; with `accept_31`, OpenAPI 3.1 documents pass too.
fn check_version_in(value: &Value, file: &str, accept_31: bool) -> Result<()> {
    let root = Pointer::root();
    let Some(object) = value.as_object() else {
        let found = match value {
            Value::Null => "empty",
            Value::Array(_) => "a list",
            _ => "a single value",
        };
        return Err(spec_error(
            file,
            root,
            None,
            format!("the document is {found}; expected an OpenAPI 3.0 document (an object)"),
        ));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(spec_error(
            file,
            root.push("swagger"),
            None,
            format!("Swagger {swagger} is not supported; convert the document to OpenAPI 3.0"),
        ));
    }
    let version = match object.get("openapi") {
        Some(Value::String(v)) => v.as_str(),
        Some(other) => {
            return Err(spec_error(
                file,
                root.push("openapi"),
                None,
                format!(
                    "`openapi` must be a version string like \"3.0.3\", found {other} (quote it)"
                ),
            ));
        }
        None => {
            return Err(spec_error(
                file,
                root,
                None,
                "no `openapi` field: this is not an OpenAPI 3.0 document".into(),
            ));
        }
    };
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some("3"), Some("0")) => Ok(()),
        (Some("3"), Some(minor)) if accept_31 && minor.parse::<u32>().is_ok_and(|m| m >= 1) => {
            Ok(())
        }
        (Some("3"), Some(minor)) if minor.parse::<u32>().is_ok_and(|m| m >= 1) => Err(spec_error(
            file,
            root.push("openapi"),
            None,
            format!("OpenAPI {version} is not supported yet: only OpenAPI 3.0.x is"),
        )),
        _ => Err(spec_error(
            file,
            root.push("openapi"),
            None,
            format!("unsupported OpenAPI version {version:?}: only OpenAPI 3.0.x is supported"),
        )),
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    let mut pointer = Pointer::root();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.push(index),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { .. } | Segment::Unknown => pointer,
        };
    }
    pointer
}

/// `base` followed by the segments of the relative pointer `rel`.
fn join(base: &Pointer, rel: &Pointer) -> Pointer {
    rel.segments().fold(base.clone(), |p, s| p.push(s))
}

/// The value `pointer` points to inside `root`.
pub(crate) fn value_at<'a>(root: &'a Value, pointer: &Pointer) -> Option<&'a Value> {
    let mut value = root;
    for segment in pointer.segments() {
        value = match value {
            Value::Object(map) => map.get(&segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(value)
}

/// serde's message for an untagged enum (`ReferenceOr<T>`, `SchemaKind`) says only that nothing
/// matched. Re-run the most likely shape on the offending value to find what is actually wrong.
/// Returns the (absolute) place of the problem and the message.
fn explain(root: &Value, pointer: Pointer, message: String) -> (Pointer, String) {
    if !message.contains("untagged enum") {
        return (pointer, humanize(&message));
    }
    let Some(value) = value_at(root, &pointer) else {
        return (pointer, vague(&message));
    };
    if let Some(r) = value.get("$ref")
        && !r.is_string()
    {
        return (
            pointer.push("$ref"),
            format!("`$ref` must be a string, found {r}"),
        );
    }
    let segments: Vec<String> = pointer.segments().collect();
    let last = segments.last().map(String::as_str).unwrap_or_default();
    let parent = segments
        .len()
        .checked_sub(2)
        .map(|i| segments[i].as_str())
        .unwrap_or_default();
    let detail = if matches!(last, "schema" | "items" | "additionalProperties" | "not")
        || matches!(
            parent,
            "properties" | "schemas" | "allOf" | "oneOf" | "anyOf"
        ) {
        deepest::<openapiv3::Schema>(value)
    } else if parent == "parameters" {
        deepest::<openapiv3::Parameter>(value)
    } else if parent == "responses" {
        deepest::<openapiv3::Response>(value)
    } else if parent == "headers" {
        deepest::<openapiv3::Header>(value)
    } else if last == "requestBody" || parent == "requestBodies" {
        deepest::<openapiv3::RequestBody>(value)
    } else if parent == "paths" {
        deepest::<openapiv3::PathItem>(value)
    } else if parent == "securitySchemes" {
        deepest::<openapiv3::SecurityScheme>(value)
    } else {
        None
    };
    match detail {
        Some((sub, inner)) => (join(&pointer, &sub), inner),
        None => (pointer, vague(&message)),
    }
}

/// The place (relative to `value`) and message of the first problem parsing `value` as `T`.
fn deepest<T: serde::de::DeserializeOwned>(value: &Value) -> Option<(Pointer, String)> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(_) => None,
        Err(e) => {
            let sub = pointer_of(e.path());
            let inner = e.inner().to_string();
            if sub == Pointer::root() {
                // Nothing deeper to look at: explaining again would only loop.
                Some((sub, vague(&inner)))
            } else {
                Some(explain(value, sub, inner))
            }
        }
    }
}

/// A replacement for serde's untagged-enum message when nothing more precise was found.
fn vague(message: &str) -> String {
    if message.contains("untagged enum") {
        "this is neither a `$ref` nor a valid object of the kind OpenAPI 3.0 expects here".into()
    } else {
        humanize(message)
    }
}

/// Rewords serde's messages where they speak Rust rather than OpenAPI.
fn humanize(message: &str) -> String {
    // A YAML number too large for a float (`1e400`) arrives as a string.
    if let Some(rest) = message.strip_prefix("invalid type: string \"")
        && let Some((text, _)) = rest.split_once('"')
        && text.parse::<f64>().is_ok_and(f64::is_infinite)
    {
        return format!("the number {text} is out of range for a 64-bit floating-point number");
    }
    if let Some(rest) = message.strip_prefix("missing field `")
        && let Some((field, "")) = rest.split_once('`')
    {
        return format!("the required field `{field}` is missing");
    }
    // `expected struct Info`: the Rust type's name means nothing to the reader.
    let message = match message.split_once("expected struct ") {
        Some((head, rest)) if rest.chars().all(char::is_alphanumeric) => {
            format!("{head}expected an object")
        }
        _ => message.to_owned(),
    };
    let mut message = message
        .replace(
            "no variant of enum ParameterSchemaOrContent found in flattened data",
            "it needs either `schema` or `content`",
        )
        .replace("unknown variant `", "unknown value `")
        .replace("a map whose fields obey a predicate", "a map")
        .replace("invalid type: sequence", "invalid type: list")
        .replace("expected a sequence", "expected a list")
        .replace("invalid type: map", "invalid type: object")
        .replace("expected a map", "expected an object");
    for (rust, plain) in [
        ("expected usize", "expected a non-negative integer"),
        ("expected u64", "expected a non-negative integer"),
        ("expected u32", "expected a non-negative integer"),
        ("expected u16", "expected a non-negative integer"),
        ("expected i64", "expected an integer"),
        ("expected f64", "expected a number"),
        ("expected a JSON number", "expected a number"),
    ] {
        if let Some(start) = message.find(rust)
            && !message[start + rust.len()..].starts_with(|c: char| c.is_alphanumeric())
        {
            message.replace_range(start..start + rust.len(), plain);
        }
    }
    message
}

/// The structural check of the raw document that runs before the typed parse (see the module
/// documentation). It visits every object the OpenAPI 3.0 model has a type for, checks its
/// children first, then parses the object itself, so a problem is reported at the deepest place.
mod check {
    use serde_json::{Map, Value};

    use super::{explain, join, pointer_of};
    use crate::error::Pointer;

    /// Where a problem is and what it is.
    pub(super) type Check = std::result::Result<(), (Pointer, String)>;

    /// The check of one kind of object found at a place.
    type CheckFn = fn(&Value, &Pointer) -> Check;

    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

    pub(super) fn document(root: &Value) -> Check {
        let Some(doc) = root.as_object() else {
            return Ok(());
        };
        let at = Pointer::root();
        if let Some(info) = doc.get("info") {
            typed::<openapiv3::Info>(info, &at.push("info"))?;
        }
        if let Some(servers) = doc.get("servers") {
            typed::<Vec<openapiv3::Server>>(servers, &at.push("servers"))?;
        }
        if let Some(security) = doc.get("security") {
            typed::<Vec<openapiv3::SecurityRequirement>>(security, &at.push("security"))?;
        }
        if let Some(tags) = doc.get("tags") {
            typed::<Vec<openapiv3::Tag>>(tags, &at.push("tags"))?;
        }
        if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
            let at = at.push("paths");
            for (key, item) in paths {
                if key.starts_with("x-") {
                    continue;
                }
                let item_at = at.push(key);
                if !key.starts_with('/') {
                    return Err((item_at, format!("the path {key:?} does not start with `/`")));
                }
                path_item(item, &item_at)?;
            }
        }
        if let Some(components) = doc.get("components").and_then(Value::as_object) {
            let at = at.push("components");
            let sections: [(&str, CheckFn); 6] = [
                ("schemas", schema),
                ("parameters", parameter),
                ("requestBodies", request_body),
                ("responses", response),
                ("headers", header),
                ("securitySchemes", security_scheme),
            ];
            for (section, check) in sections {
                let Some(entries) = components.get(section) else {
                    continue;
                };
                let section_at = at.push(section);
                let entries = object(entries, &section_at, "a map from name to definition")?;
                for (name, entry) in entries {
                    check(entry, &section_at.push(name))?;
                }
            }
        }
        Ok(())
    }

    fn path_item(value: &Value, at: &Pointer) -> Check {
        if is_ref(value, at)? {
            return Ok(());
        }
        let item = object(value, at, "a path item (an object keyed by HTTP method)")?;
        if let Some(params) = item.get("parameters") {
            parameters(params, &at.push("parameters"))?;
        }
        for method in METHODS {
            if let Some(op) = item.get(method) {
                operation(op, &at.push(method))?;
            }
        }
        typed::<openapiv3::PathItem>(value, at)
    }

    fn operation(value: &Value, at: &Pointer) -> Check {
        let op = object(value, at, "an operation object")?;
        if let Some(params) = op.get("parameters") {
            parameters(params, &at.push("parameters"))?;
        }
        if let Some(body) = op.get("requestBody") {
            request_body(body, &at.push("requestBody"))?;
        }
        if let Some(responses) = op.get("responses") {
            let at = at.push("responses");
            // No response at all (`responses: {}`, as Dropshot writes) breaks the 3.0 spec,
            // but is lowered with a warning (an untyped response), not refused.
            let responses = object(responses, &at, "a map from status code to response")?;
            for (key, r) in responses {
                if key.starts_with("x-") {
                    continue;
                }
                let r_at = at.push(key);
                if key != "default" && !is_status_code(key) {
                    return Err((
                        r_at,
                        format!(
                            "{key:?} is not an HTTP status code: a response key is a status code \
                             from 100 to 599, a range such as \"2XX\", or \"default\""
                        ),
                    ));
                }
                response(r, &r_at)?;
            }
        }
        typed::<openapiv3::Operation>(value, at)
    }

    /// `200`, `404`, `2XX` (as the `openapiv3` crate reads them: the case of `X` is ignored).
    fn is_status_code(key: &str) -> bool {
        let b = key.as_bytes();
        b.len() == 3
            && (b'1'..=b'5').contains(&b[0])
            && (b[1..].iter().all(u8::is_ascii_digit)
                || b[1..].iter().all(|c| c.eq_ignore_ascii_case(&b'X')))
    }

    fn parameters(value: &Value, at: &Pointer) -> Check {
        let Some(items) = value.as_array() else {
            return Err((
                at.clone(),
                format!("`parameters` must be a list, found {}", kind(value)),
            ));
        };
        for (i, p) in items.iter().enumerate() {
            parameter(p, &at.push(i))?;
        }
        Ok(())
    }

    fn parameter(value: &Value, at: &Pointer) -> Check {
        if is_ref(value, at)? {
            return Ok(());
        }
        let param = object(value, at, "a parameter object")?;
        if !param.contains_key("name") {
            return Err((at.clone(), "the parameter has no `name`".into()));
        }
        match param.get("in") {
            None => {
                return Err((
                    at.clone(),
                    "the parameter has no `in` (one of query, header, path, cookie)".into(),
                ));
            }
            Some(Value::String(s))
                if ["query", "header", "path", "cookie"].contains(&s.as_str()) => {}
            Some(Value::String(s)) if s == "body" || s == "formData" => {
                return Err((
                    at.push("in"),
                    format!(
                        "`in: {s}` is Swagger 2.0; in OpenAPI 3.0 a parameter is in query, \
                         header, path, or cookie, and a body is described by the operation's \
                         `requestBody`"
                    ),
                ));
            }
            Some(other) => {
                return Err((
                    at.push("in"),
                    format!("`in` must be one of query, header, path, cookie; found {other}"),
                ));
            }
        }
        schema_or_content(param, at, "parameter")?;
        // The fields common to all kinds of parameters first: `Parameter` flattens them, which
        // hides the place of a problem.
        typed::<openapiv3::ParameterData>(value, at)?;
        typed::<openapiv3::Parameter>(value, at)
    }

    /// A parameter or header has exactly one of `schema` and `content`; check that one.
    fn schema_or_content(object: &Map<String, Value>, at: &Pointer, what: &str) -> Check {
        match (object.get("schema"), object.get("content")) {
            (Some(_), Some(_)) => Err((
                at.clone(),
                format!("the {what} has both `schema` and `content`; it may have only one"),
            )),
            (None, None) => Err((
                at.clone(),
                format!("the {what} has neither `schema` nor `content`; it needs one of them"),
            )),
            (Some(s), None) => schema(s, &at.push("schema")),
            (None, Some(c)) => content(c, &at.push("content")),
        }
    }

    fn request_body(value: &Value, at: &Pointer) -> Check {
        if is_ref(value, at)? {
            return Ok(());
        }
        let body = object(value, at, "a request body object")?;
        if let Some(c) = body.get("content") {
            content(c, &at.push("content"))?;
        }
        typed::<openapiv3::RequestBody>(value, at)
    }

    fn response(value: &Value, at: &Pointer) -> Check {
        if is_ref(value, at)? {
            return Ok(());
        }
        let r = object(value, at, "a response object")?;
        if let Some(headers) = r.get("headers") {
            let at = at.push("headers");
            for (name, h) in object(headers, &at, "a map from header name to header")? {
                header(h, &at.push(name))?;
            }
        }
        if let Some(c) = r.get("content") {
            content(c, &at.push("content"))?;
        }
        typed::<openapiv3::Response>(value, at)
    }

    fn header(value: &Value, at: &Pointer) -> Check {
        if is_ref(value, at)? {
            return Ok(());
        }
        let h = object(value, at, "a header object")?;
        schema_or_content(h, at, "header")?;
        typed::<openapiv3::Header>(value, at)
    }

    fn security_scheme(value: &Value, at: &Pointer) -> Check {
        if is_ref(value, at)? {
            return Ok(());
        }
        object(value, at, "a security scheme object")?;
        typed::<openapiv3::SecurityScheme>(value, at)
    }

    fn content(value: &Value, at: &Pointer) -> Check {
        for (media_type, media) in object(value, at, "a map from media type to media type object")?
        {
            let at = at.push(media_type);
            let m = object(media, &at, "a media type object")?;
            if let Some(s) = m.get("schema") {
                schema(s, &at.push("schema"))?;
            }
            typed::<openapiv3::MediaType>(media, &at)?;
        }
        Ok(())
    }

    /// The keywords of a schema whose value is a plain value, typed as the `openapiv3` crate
    /// types them. Parsing this (no `flatten`) gives the exact place of a mistyped keyword.
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)] // only parsed, for its errors
    struct Keywords {
        pattern: Option<String>,
        multiple_of: Option<serde_json::Number>,
        exclusive_minimum: Option<bool>,
        exclusive_maximum: Option<bool>,
        minimum: Option<serde_json::Number>,
        maximum: Option<serde_json::Number>,
        min_properties: Option<usize>,
        max_properties: Option<usize>,
        min_items: Option<usize>,
        max_items: Option<usize>,
        unique_items: Option<bool>,
        format: Option<String>,
        min_length: Option<usize>,
        max_length: Option<usize>,
        required: Option<Vec<String>>,
        #[serde(rename = "enum")]
        enumeration: Option<Vec<Value>>,
    }

    fn schema(value: &Value, at: &Pointer) -> Check {
        if is_ref(value, at)? {
            return Ok(());
        }
        let s = object(value, at, "a schema object")?;
        let ty = match s.get("type") {
            None => None,
            Some(Value::String(t)) if TYPES.contains(&t.as_str()) => Some(t.as_str()),
            Some(Value::String(t)) => return Err((at.push("type"), unknown_type(t))),
            Some(Value::Array(_)) => {
                return Err((
                    at.push("type"),
                    "`type` must be a single type name in OpenAPI 3.0 (a list of types is \
                     OpenAPI 3.1; for null, use `nullable: true`)"
                        .into(),
                ));
            }
            Some(other) => {
                return Err((
                    at.push("type"),
                    format!("`type` must be a type name such as \"string\", found {other}"),
                ));
            }
        };
        if let Some(values) = s.get("enum") {
            let Some(values) = values.as_array() else {
                return Err((
                    at.push("enum"),
                    format!("`enum` must be a list, found {}", kind(values)),
                ));
            };
            if let Some(ty) = ty {
                for (i, v) in values.iter().enumerate() {
                    if !matches_type(v, ty) {
                        return Err((
                            at.push("enum").push(i),
                            format!(
                                "the enum value {v} is not {}, but the schema's type is {ty:?}",
                                article(ty)
                            ),
                        ));
                    }
                }
            }
        }
        if let Some(properties) = s.get("properties") {
            let at = at.push("properties");
            for (name, p) in object(properties, &at, "a map from property name to schema")? {
                schema(p, &at.push(name))?;
            }
        }
        for key in ["items", "not"] {
            if let Some(child) = s.get(key) {
                schema(child, &at.push(key))?;
            }
        }
        if let Some(additional) = s.get("additionalProperties")
            && !additional.is_boolean()
        {
            schema(additional, &at.push("additionalProperties"))?;
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(list) = s.get(key) {
                let Some(list) = list.as_array() else {
                    return Err((
                        at.push(key),
                        format!("`{key}` must be a list of schemas, found {}", kind(list)),
                    ));
                };
                for (i, child) in list.iter().enumerate() {
                    schema(child, &at.push(key).push(i))?;
                }
            }
        }
        typed::<openapiv3::SchemaData>(value, at)?;
        typed::<Keywords>(value, at)?;
        typed::<openapiv3::Schema>(value, at)
    }

    fn matches_type(v: &Value, ty: &str) -> bool {
        match ty {
            _ if v.is_null() => true, // `nullable` decides; the lowering checks it
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            _ => true,
        }
    }

    fn article(ty: &str) -> String {
        match ty {
            "integer" | "array" | "object" => format!("an {ty}"),
            _ => format!("a {ty}"),
        }
    }

    fn unknown_type(t: &str) -> String {
        let known =
            "one of \"string\", \"number\", \"integer\", \"boolean\", \"array\", \"object\"";
        let alias = match t.to_ascii_lowercase().as_str() {
            "int" | "int32" | "int64" | "long" => Some("integer"),
            "float" | "double" | "decimal" => Some("number"),
            "bool" => Some("boolean"),
            "str" | "text" => Some("string"),
            "list" => Some("array"),
            "map" | "dict" => Some("object"),
            "null" => {
                return format!(
                    "`type: {t}` is not OpenAPI 3.0: use `nullable: true` on the schema instead"
                );
            }
            _ => None,
        };
        let suggestion = alias.or_else(|| {
            TYPES
                .iter()
                .copied()
                .map(|k| (edit_distance(&t.to_ascii_lowercase(), k), k))
                .filter(|&(d, _)| d <= 2)
                .min()
                .map(|(_, k)| k)
        });
        match suggestion {
            Some(s) => format!("unknown type {t:?} (did you mean {s:?}?); a type is {known}"),
            None => format!("unknown type {t:?}; a type is {known}"),
        }
    }

    fn edit_distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, &cb) in b.iter().enumerate() {
                let above = row[j + 1];
                row[j + 1] = (diagonal + usize::from(ca != cb))
                    .min(row[j] + 1)
                    .min(above + 1);
                diagonal = above;
            }
        }
        row[b.len()]
    }

    /// Whether `value` is a reference (`{"$ref": "..."}`); a `$ref` that is not a string is an
    /// error (the model would silently read the object as something else).
    fn is_ref(value: &Value, at: &Pointer) -> Result<bool, (Pointer, String)> {
        match value.get("$ref") {
            None => Ok(false),
            Some(Value::String(_)) => Ok(true),
            Some(other) => Err((
                at.push("$ref"),
                format!(
                    "`$ref` must be a string (a reference such as \"#/components/schemas/Name\"), found {other}"
                ),
            )),
        }
    }

    fn object<'a>(
        value: &'a Value,
        at: &Pointer,
        what: &str,
    ) -> Result<&'a Map<String, Value>, (Pointer, String)> {
        value.as_object().ok_or_else(|| {
            (
                at.clone(),
                format!("expected {what}, found {}", kind(value)),
            )
        })
    }

    fn kind(value: &Value) -> String {
        match value {
            Value::Null => "nothing (null)".into(),
            Value::Bool(b) => format!("the boolean {b}"),
            Value::Number(n) => format!("the number {n}"),
            Value::String(s) => format!("the string {s:?}"),
            Value::Array(_) => "a list".into(),
            Value::Object(_) => "an object".into(),
        }
    }

    /// Parse `value` (found at `at`) as `T`; a problem is reported at its exact place.
    fn typed<T: serde::de::DeserializeOwned>(value: &Value, at: &Pointer) -> Check {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(_) => Ok(()),
            Err(e) => {
                let (mut sub, message) =
                    explain(value, pointer_of(e.path()), e.inner().to_string());
                // serde names a wrong tag (`in`, `style`, `type`...) by its value only, and a
                // flattened or tagged enum reports it at the object: find the key.
                if let Some(rest) = message.strip_prefix("unknown value `")
                    && let Some((variant, _)) = rest.split_once('`')
                    && let Some(Value::Object(map)) = super::value_at(value, &sub)
                {
                    let mut keys = map.iter().filter(|(_, v)| v.as_str() == Some(variant));
                    if let (Some((key, _)), None) = (keys.next(), keys.next()) {
                        sub = sub.push(key);
                    }
                }
                Err((join(at, &sub), message))
            }
        }
    }
}

pub(crate) fn spec_error(
    file: &str,
    pointer: Pointer,
    line_col: Option<(usize, usize)>,
    message: String,
) -> Error {
    Error::Spec {
        file: file.to_owned(),
        location: Location { pointer, line_col },
        message,
    }
}
