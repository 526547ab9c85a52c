//! The document as a generic JSON value: local `$ref` resolution (chains followed, cycles
//! reported) and the operations with their merged parameters. Shapes that do not fit are read
//! as absent: a 3.0 document has passed the loader's checks before it gets here, and a 3.1
//! document is read leniently.

use serde_json::{Map, Value};

use crate::error::{Pointer, Result};
use crate::load::{percent_decode, spec_error, value_at};

/// A parsed document and its file name (for messages).
pub(super) struct Doc {
    pub file: String,
    pub root: Value,
}

/// A value after following `$ref`s.
#[derive(Clone)]
pub(super) struct Resolved<'a> {
    pub value: &'a Value,
    /// Where the value is defined.
    pub ptr: Pointer,
    /// The component name of the first reference followed (`#/components/<kind>/<name>`).
    pub component: Option<String>,
}

/// Follows a `$ref` chain this many steps at most.
const MAX_CHAIN: usize = 64;

pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// An operation: method, path, the operation object and its parameters (path-level ones merged
/// in, references resolved).
pub(super) struct Op<'a> {
    /// Upper-case method.
    pub method: String,
    /// The path template as written.
    pub path: String,
    /// `GET /a/{}`: the matching key (path parameter names removed).
    pub key: String,
    pub value: &'a Value,
    pub ptr: Pointer,
    pub params: Vec<Param<'a>>,
}

impl Op<'_> {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.value.get(key)
    }

    pub fn id(&self) -> Option<&str> {
        self.get("operationId").and_then(Value::as_str)
    }

    /// The names of the path parameters in the order the template has them.
    pub fn path_names(&self) -> Vec<&str> {
        template_names(&self.path)
    }
}

/// A parameter, resolved.
pub(super) struct Param<'a> {
    pub name: String,
    /// `path`, `query`, `header`, `cookie`.
    pub location: String,
    pub value: &'a Value,
    pub ptr: Pointer,
}

impl Param<'_> {
    pub fn required(&self) -> bool {
        self.location == "path" || self.value.get("required") == Some(&Value::Bool(true))
    }

    /// The schema, or the schema of the first `content` entry.
    pub fn schema(&self) -> Option<(&Value, Pointer)> {
        if let Some(s) = self.value.get("schema") {
            return Some((s, self.ptr.push("schema")));
        }
        let (media, m) = self.value.get("content")?.as_object()?.iter().next()?;
        Some((
            m.get("schema")?,
            self.ptr.push("content").push(media).push("schema"),
        ))
    }

    /// `style` and `explode`, with the defaults of the location made explicit.
    pub fn style(&self) -> (String, bool) {
        let default = match self.location.as_str() {
            "query" | "cookie" => "form",
            _ => "simple",
        };
        let style = self
            .value
            .get("style")
            .and_then(Value::as_str)
            .unwrap_or(default)
            .to_owned();
        let explode = self
            .value
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or(style == "form");
        (style, explode)
    }
}

/// `{a}` names of a path template.
pub(super) fn template_names(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        names.push(&rest[start + 1..start + len]);
        rest = &rest[start + len + 1..];
    }
    names
}

/// The path template with every parameter name removed: `/a/{id}` and `/a/{x}` are one path.
pub(super) fn normalise_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                out.push('{');
            }
            '}' => {
                in_name = false;
                out.push('}');
            }
            _ if in_name => {}
            _ => out.push(c),
        }
    }
    out
}

/// The entries of an object (none for anything else).
pub(super) fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(Map::iter)
}

impl Doc {
    /// Follow `$ref`s from `value` (found at `at`) to what they name.
    pub fn resolve<'a>(&'a self, value: &'a Value, at: &Pointer) -> Result<Resolved<'a>> {
        let mut value = value;
        let mut ptr = at.clone();
        let mut component = None;
        let mut chain: Vec<String> = Vec::new();
        while let Some(reference) = value.get("$ref") {
            let Some(reference) = reference.as_str() else {
                return Err(self.error(
                    ptr.push("$ref"),
                    format!("`$ref` must be a string, found {reference}"),
                ));
            };
            if chain.iter().any(|r| r == reference) || chain.len() >= MAX_CHAIN {
                chain.push(reference.to_owned());
                return Err(self.error(
                    at.clone(),
                    format!("cyclic $ref chain: {}", chain.join(" -> ")),
                ));
            }
            chain.push(reference.to_owned());
            let target = reference
                .strip_prefix('#')
                .map(percent_decode)
                .and_then(|fragment| Pointer::from_fragment(&format!("#{fragment}")));
            let Some(target) = target else {
                return Err(self.error(
                    ptr,
                    format!(
                        "external $ref {reference:?} is not supported; only local references (#/...) are"
                    ),
                ));
            };
            let Some(found) = value_at(&self.root, &target) else {
                return Err(self.error(ptr, format!("$ref {reference:?} does not exist")));
            };
            let segments: Vec<String> = target.segments().collect();
            if component.is_none()
                && let [c, _, name] = segments.as_slice()
                && c == "components"
            {
                component = Some(name.clone());
            }
            value = found;
            ptr = target;
        }
        Ok(Resolved {
            value,
            ptr,
            component,
        })
    }

    /// Every operation, in document order.
    pub fn operations(&self) -> Result<Vec<Op<'_>>> {
        let mut ops = Vec::new();
        let paths_ptr = Pointer::root().push("paths");
        for (path, item) in entries(self.root.get("paths")) {
            let at = paths_ptr.push(path);
            let item = self.resolve(item, &at)?;
            let shared = self.parameters(item.value.get("parameters"), &item.ptr)?;
            for method in METHODS {
                let Some(op) = item.value.get(method).filter(|v| v.is_object()) else {
                    continue;
                };
                let ptr = item.ptr.push(method);
                let mut params = shared
                    .iter()
                    .map(|p| Param {
                        name: p.name.clone(),
                        location: p.location.clone(),
                        value: p.value,
                        ptr: p.ptr.clone(),
                    })
                    .collect::<Vec<_>>();
                for p in self.parameters(op.get("parameters"), &ptr)? {
                    params.retain(|q| !(q.name == p.name && q.location == p.location));
                    params.push(p);
                }
                let upper = method.to_ascii_uppercase();
                ops.push(Op {
                    key: format!("{upper} {}", normalise_path(path)),
                    method: upper,
                    path: path.clone(),
                    value: op,
                    ptr,
                    params,
                });
            }
        }
        Ok(ops)
    }

    fn parameters<'a>(&'a self, list: Option<&'a Value>, at: &Pointer) -> Result<Vec<Param<'a>>> {
        let mut out = Vec::new();
        let at = at.push("parameters");
        for (i, p) in list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let p = self.resolve(p, &at.push(i))?;
            let (Some(name), Some(location)) = (
                p.value.get("name").and_then(Value::as_str),
                p.value.get("in").and_then(Value::as_str),
            ) else {
                continue;
            };
            out.push(Param {
                // Header names are case-insensitive.
                name: if location == "header" {
                    name.to_ascii_lowercase()
                } else {
                    name.to_owned()
                },
                location: location.to_owned(),
                value: p.value,
                ptr: p.ptr,
            });
        }
        Ok(out)
    }

    pub fn error(&self, pointer: Pointer, message: String) -> crate::Error {
        spec_error(&self.file, pointer, None, message)
    }
}
