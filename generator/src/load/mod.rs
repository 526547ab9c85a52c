//! Stage 1: load the spec (YAML or JSON), check its version, parse it into the typed OpenAPI 3.0
//! model, and resolve local `$ref`s (including chains) with cycle detection.

mod resolve;

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Location, Pointer, Result};

pub use resolve::Resolved;

/// A loaded, version-checked OpenAPI 3.0 document.
pub struct Spec {
    /// The name used in messages (the file name as given).
    pub file: String,
    pub doc: openapiv3::OpenAPI,
}

/// Read and parse a spec file.
pub fn load(path: &Path) -> Result<Spec> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let file = path.display().to_string();
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        spec_error(
            &file,
            Pointer::root(),
            None,
            format!(
                "the file is not valid UTF-8 (byte offset {})",
                e.valid_up_to()
            ),
        )
    })?;
    parse(text, &file)
}

/// Parse a spec from text. `file` is only used in messages.
pub fn parse(text: &str, file: &str) -> Result<Spec> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = parse_value(text, file)?;
    check_version(&value, file)?;
    let doc: openapiv3::OpenAPI = serde_path_to_error::deserialize(&value).map_err(|e| {
        let pointer = pointer_of(e.path());
        let message = explain(&value, &pointer, e.inner().to_string());
        spec_error(file, pointer, None, message)
    })?;
    Ok(Spec {
        file: file.to_owned(),
        doc,
    })
}

/// Parse JSON or YAML text into a generic value (JSON is a subset of YAML, but the JSON parser is
/// much faster, so documents that look like JSON go through it first).
fn parse_value(text: &str, file: &str) -> Result<Value> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| {
            spec_error(
                file,
                Pointer::root(),
                Some((e.line(), e.column())),
                format!("invalid JSON: {e}"),
            )
        });
    }
    yaml_serde::from_str(text).map_err(|e| {
        let line_col = e.location().map(|l| (l.line(), l.column()));
        spec_error(
            file,
            Pointer::root(),
            line_col,
            format!("invalid YAML: {e}"),
        )
    })
}

fn check_version(value: &Value, file: &str) -> Result<()> {
    let root = Pointer::root();
    let Some(object) = value.as_object() else {
        return Err(spec_error(
            file,
            root,
            None,
            "the document is not an object; expected an OpenAPI 3.0 document".into(),
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
                format!("`openapi` must be a version string like \"3.0.3\", found {other}"),
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

/// serde's message for an untagged enum (`ReferenceOr<T>`, `SchemaKind`) says only that nothing
/// matched. Re-run the most likely shape on the offending value to find what is actually wrong.
fn explain(root: &Value, pointer: &Pointer, message: String) -> String {
    if !message.contains("untagged enum") {
        return message;
    }
    let mut value = root;
    for segment in pointer.segments() {
        let next = match value {
            Value::Object(map) => map.get(&segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(v) => value = v,
            None => return message,
        }
    }
    if let Some(r) = value.get("$ref") {
        if !r.is_string() {
            return format!("`$ref` must be a string, found {r}");
        }
        return message;
    }
    let last = pointer.segments().last().unwrap_or_default();
    let parent_is = |name: &str| {
        pointer
            .segments()
            .collect::<Vec<_>>()
            .iter()
            .rev()
            .nth(1)
            .is_some_and(|p| p == name)
    };
    let detail = if last == "schema"
        || last == "items"
        || last == "additionalProperties"
        || parent_is("properties")
        || parent_is("schemas")
        || parent_is("allOf")
        || parent_is("oneOf")
        || parent_is("anyOf")
    {
        deepest::<openapiv3::Schema>(value)
    } else if parent_is("parameters") {
        deepest::<openapiv3::Parameter>(value)
    } else if parent_is("responses") {
        deepest::<openapiv3::Response>(value)
    } else if parent_is("headers") {
        deepest::<openapiv3::Header>(value)
    } else if last == "requestBody" || parent_is("requestBodies") {
        deepest::<openapiv3::RequestBody>(value)
    } else {
        None
    };
    match detail {
        Some((sub, inner)) if sub != Pointer::root() => format!("at {sub}: {inner}"),
        Some((_, inner)) => inner,
        None => message,
    }
}

fn deepest<T: serde::de::DeserializeOwned>(value: &Value) -> Option<(Pointer, String)> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(_) => None,
        Err(e) => {
            let sub = pointer_of(e.path());
            let inner = e.inner().to_string();
            if inner.contains("untagged enum") {
                // Recurse into the offending child once more for a concrete message.
                let rel = explain(value, &sub, inner.clone());
                Some((sub, rel))
            } else {
                Some((sub, inner))
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
