//! The structure of an OpenAPI 3.0 document as far as references go: where a `$ref` may stand
//! and for what (a schema, a parameter, a path item...). Only that structure is walked, never
//! example values or extensions, so a `$ref` key inside an example stays data.

use serde_json::{Map, Value};

use crate::error::Pointer;

/// The kinds of things a `$ref` can stand for, each with its component section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Schema,
    Response,
    Parameter,
    Example,
    RequestBody,
    Header,
    SecurityScheme,
    Link,
    Callback,
    PathItem,
}

/// The component sections, in the order the bundle appends to them.
pub(super) const SECTIONS: [(&str, Kind); 9] = [
    ("schemas", Kind::Schema),
    ("responses", Kind::Response),
    ("parameters", Kind::Parameter),
    ("examples", Kind::Example),
    ("requestBodies", Kind::RequestBody),
    ("headers", Kind::Header),
    ("securitySchemes", Kind::SecurityScheme),
    ("links", Kind::Link),
    ("callbacks", Kind::Callback),
];

impl Kind {
    pub(super) fn section(self) -> &'static str {
        SECTIONS
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("pathItems", |(s, _)| s)
    }

    pub(super) fn what(self) -> &'static str {
        match self {
            Kind::Schema => "a schema",
            Kind::Response => "a response",
            Kind::Parameter => "a parameter",
            Kind::Example => "an example",
            Kind::RequestBody => "a request body",
            Kind::Header => "a header",
            Kind::SecurityScheme => "a security scheme",
            Kind::Link => "a link",
            Kind::Callback => "a callback",
            Kind::PathItem => "a path item",
        }
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Whether a discriminator mapping value is a reference rather than a schema name (`Dog`).
pub(super) fn is_file_mapping(value: &str) -> bool {
    value.contains(['#', '/'])
        || [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| value.to_ascii_lowercase().ends_with(ext))
}

/// A reference found by walking a value's structure: where (relative to the value), the kind
/// of thing expected there, and whether it is a discriminator mapping entry (a string) rather
/// than an object with `$ref`.
pub(super) struct Found {
    pub at: Pointer,
    pub kind: Kind,
    pub mapping: bool,
}

/// The references in `value`, which is a `kind` (`None`: an OpenAPI document), in document
/// order; a path item's other members come before the path item's own reference.
pub(super) fn references(value: &Value, kind: Option<Kind>) -> Vec<Found> {
    let mut walk = Walk(Vec::new());
    match kind {
        None => walk.document(value, &Pointer::root()),
        Some(kind) => walk.item(kind, value, &Pointer::root()),
    }
    walk.0
}

struct Walk(Vec<Found>);

impl Walk {
    fn document(&mut self, doc: &Value, at: &Pointer) {
        if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
            let at = at.push("paths");
            for (key, item) in paths {
                if !key.starts_with("x-") {
                    self.item(Kind::PathItem, item, &at.push(key));
                }
            }
        }
        if let Some(components) = doc.get("components").and_then(Value::as_object) {
            let at = at.push("components");
            for (section, kind) in SECTIONS {
                self.entries(components, section, kind, &at, false);
            }
        }
    }

    fn item(&mut self, kind: Kind, value: &Value, at: &Pointer) {
        let Some(object) = value.as_object() else {
            return;
        };
        match object.get("$ref") {
            Some(Value::String(_)) => {
                if kind == Kind::PathItem {
                    self.path_item(object, at);
                }
                self.0.push(Found {
                    at: at.clone(),
                    kind,
                    mapping: false,
                });
                return;
            }
            Some(_) => return, // not a string: the structural check reports it
            None => {}
        }
        match kind {
            Kind::Schema => self.schema(object, at),
            Kind::Parameter | Kind::Header => {
                self.child(object, "schema", Kind::Schema, at);
                self.content(object, at);
                self.entries(object, "examples", Kind::Example, at, false);
            }
            Kind::RequestBody => self.content(object, at),
            Kind::Response => {
                self.entries(object, "headers", Kind::Header, at, false);
                self.content(object, at);
                self.entries(object, "links", Kind::Link, at, false);
            }
            Kind::Callback => {
                for (expression, item) in object {
                    if !expression.starts_with("x-") {
                        self.item(Kind::PathItem, item, &at.push(expression));
                    }
                }
            }
            Kind::PathItem => self.path_item(object, at),
            Kind::Example | Kind::Link | Kind::SecurityScheme => {}
        }
    }

    fn child(&mut self, object: &Map<String, Value>, key: &str, kind: Kind, at: &Pointer) {
        if let Some(value) = object.get(key) {
            self.item(kind, value, &at.push(key));
        }
    }

    /// The members of the map at `object[key]`, each a `kind` (`x-` keys skipped when
    /// `skip_extensions`: in maps whose keys are not names, such as responses).
    fn entries(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        kind: Kind,
        at: &Pointer,
        skip_extensions: bool,
    ) {
        if let Some(map) = object.get(key).and_then(Value::as_object) {
            let at = at.push(key);
            for (name, value) in map {
                if !(skip_extensions && name.starts_with("x-")) {
                    self.item(kind, value, &at.push(name));
                }
            }
        }
    }

    fn list(&mut self, object: &Map<String, Value>, key: &str, kind: Kind, at: &Pointer) {
        if let Some(items) = object.get(key).and_then(Value::as_array) {
            let at = at.push(key);
            for (i, value) in items.iter().enumerate() {
                self.item(kind, value, &at.push(i));
            }
        }
    }

    fn content(&mut self, object: &Map<String, Value>, at: &Pointer) {
        let Some(content) = object.get("content").and_then(Value::as_object) else {
            return;
        };
        let at = at.push("content");
        for (media_type, media) in content {
            let Some(media) = media.as_object() else {
                continue;
            };
            let at = at.push(media_type);
            self.child(media, "schema", Kind::Schema, &at);
            self.entries(media, "examples", Kind::Example, &at, false);
            if let Some(encoding) = media.get("encoding").and_then(Value::as_object) {
                let at = at.push("encoding");
                for (property, e) in encoding {
                    if let Some(e) = e.as_object() {
                        self.entries(e, "headers", Kind::Header, &at.push(property), false);
                    }
                }
            }
        }
    }

    fn path_item(&mut self, item: &Map<String, Value>, at: &Pointer) {
        self.list(item, "parameters", Kind::Parameter, at);
        for method in METHODS {
            let Some(op) = item.get(method).and_then(Value::as_object) else {
                continue;
            };
            let at = at.push(method);
            self.list(op, "parameters", Kind::Parameter, &at);
            self.child(op, "requestBody", Kind::RequestBody, &at);
            self.entries(op, "responses", Kind::Response, &at, true);
            self.entries(op, "callbacks", Kind::Callback, &at, false);
        }
    }

    fn schema(&mut self, schema: &Map<String, Value>, at: &Pointer) {
        self.entries(schema, "properties", Kind::Schema, at, false);
        for key in ["items", "not"] {
            self.child(schema, key, Kind::Schema, at);
        }
        if schema
            .get("additionalProperties")
            .is_some_and(Value::is_object)
        {
            self.child(schema, "additionalProperties", Kind::Schema, at);
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            self.list(schema, key, Kind::Schema, at);
        }
        let mapping = schema
            .get("discriminator")
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object);
        if let Some(mapping) = mapping {
            let at = at.push("discriminator").push("mapping");
            for (key, value) in mapping {
                if value.as_str().is_some_and(is_file_mapping) {
                    self.0.push(Found {
                        at: at.push(key),
                        kind: Kind::Schema,
                        mapping: true,
                    });
                }
            }
        }
    }
}
