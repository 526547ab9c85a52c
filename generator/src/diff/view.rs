//! A schema object read into the keywords the comparison looks at, normalised so that equal
//! meanings compare equal: 3.1 `type: [string, "null"]` is `string` plus nullable, `const` is a
//! one-value enum, 3.0's boolean `exclusiveMaximum` and 3.1's numeric one both become an
//! exclusive bound, a typeless schema with properties is an object, and `allOf` members that
//! are plain objects are merged into one set of properties (as the generator merges them), so
//! that moving properties into an `allOf` is not reported as a change.

use std::collections::BTreeSet;

use serde_json::Value;

use super::doc::{Doc, Resolved, entries};
use crate::error::{Pointer, Result};

/// A numeric limit as written (`text`), its value and whether it is exclusive.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Bound {
    pub value: f64,
    pub text: String,
    pub exclusive: bool,
}

impl Bound {
    fn of(value: &Value) -> Option<Bound> {
        Some(Bound {
            value: value.as_f64()?,
            text: value.to_string(),
            exclusive: false,
        })
    }

    /// `100`, or `100 (exclusive)`.
    pub fn describe(&self) -> String {
        if self.exclusive {
            format!("{} (exclusive)", self.text)
        } else {
            self.text.clone()
        }
    }
}

/// What a schema allows besides its declared properties.
pub(super) enum Additional<'a> {
    /// Absent or `true`.
    Any,
    /// `false`.
    Forbidden,
    Schema(&'a Value, Pointer),
}

/// An `allOf`/`oneOf`/`anyOf` member: its schema and how it is named in messages (its component
/// name when it is a reference, else its position).
pub(super) struct Member<'a> {
    pub value: &'a Value,
    pub ptr: Pointer,
    pub component: Option<String>,
    pub index: usize,
}

impl Member<'_> {
    pub fn label(&self) -> String {
        match &self.component {
            Some(name) => format!("`{name}`"),
            None => format!("#{} (inline)", self.index + 1),
        }
    }
}

pub(super) struct View<'a> {
    /// `type`, without `null`.
    pub types: BTreeSet<&'a str>,
    pub nullable: bool,
    pub format: Option<&'a str>,
    /// `enum` (or `const`), without `null`.
    pub enumeration: Option<Vec<&'a Value>>,
    pub min_length: Option<Bound>,
    pub max_length: Option<Bound>,
    pub min_items: Option<Bound>,
    pub max_items: Option<Bound>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub multiple_of: Option<&'a Value>,
    pub pattern: Option<&'a str>,
    pub unique_items: bool,
    /// Declared properties (own and merged from `allOf`), in order.
    pub properties: Vec<(&'a str, &'a Value, Pointer)>,
    pub required: BTreeSet<&'a str>,
    pub additional: Additional<'a>,
    pub items: Option<(&'a Value, Pointer)>,
    /// `allOf` members that are not plain objects (kept as members).
    pub all_of: Vec<Member<'a>>,
    pub one_of: Vec<Member<'a>>,
    pub any_of: Vec<Member<'a>>,
    pub discriminator: Option<&'a Value>,
    pub default: Option<&'a Value>,
    pub read_only: bool,
    pub write_only: bool,
}

/// `allOf` members are merged this deep at most.
const MAX_MERGE_DEPTH: usize = 16;

impl<'a> View<'a> {
    pub fn of(doc: &'a Doc, schema: &Resolved<'a>) -> Result<View<'a>> {
        let mut view = read(schema.value, &schema.ptr);
        merge_all_of(doc, &mut view, 0)?;
        if view.types.is_empty() {
            if !view.properties.is_empty() {
                view.types.insert("object");
            } else if view.items.is_some() {
                view.types.insert("array");
            }
        }
        Ok(view)
    }

    pub fn property(&self, name: &str) -> Option<(&'a Value, &Pointer)> {
        self.properties
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, v, p)| (*v, p))
    }
}

fn read<'a>(s: &'a Value, at: &Pointer) -> View<'a> {
    let get = |key: &str| s.get(key);
    let mut types = BTreeSet::new();
    let mut nullable = get("nullable") == Some(&Value::Bool(true));
    match get("type") {
        Some(Value::String(t)) => {
            types.insert(t.as_str());
        }
        Some(Value::Array(list)) => types.extend(list.iter().filter_map(Value::as_str)),
        _ => {}
    }
    if types.remove("null") {
        nullable = true;
    }
    let enumeration = match (get("enum"), get("const")) {
        (Some(Value::Array(values)), _) => Some(values.iter().filter(|v| !v.is_null()).collect()),
        (_, Some(value)) => Some(vec![value]),
        _ => None,
    };
    let (minimum, maximum) = (
        bound(get("minimum"), get("exclusiveMinimum"), true),
        bound(get("maximum"), get("exclusiveMaximum"), false),
    );
    let properties = entries(get("properties"))
        .map(|(name, value)| (name.as_str(), value, at.push("properties").push(name)))
        .collect();
    let required = get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let additional = match get("additionalProperties") {
        Some(Value::Bool(false)) => Additional::Forbidden,
        Some(v @ Value::Object(_)) => Additional::Schema(v, at.push("additionalProperties")),
        _ => Additional::Any,
    };
    let members = |key: &str| -> Vec<Member<'a>> {
        s.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(index, value)| Member {
                value,
                ptr: at.push(key).push(index),
                component: reference_name(value),
                index,
            })
            .collect()
    };
    View {
        types,
        nullable,
        format: get("format").and_then(Value::as_str),
        enumeration,
        min_length: get("minLength").and_then(Bound::of),
        max_length: get("maxLength").and_then(Bound::of),
        min_items: get("minItems").and_then(Bound::of),
        max_items: get("maxItems").and_then(Bound::of),
        minimum,
        maximum,
        multiple_of: get("multipleOf"),
        pattern: get("pattern").and_then(Value::as_str),
        unique_items: get("uniqueItems") == Some(&Value::Bool(true)),
        properties,
        required,
        additional,
        items: get("items")
            .filter(|v| v.is_object())
            .map(|v| (v, at.push("items"))),
        all_of: members("allOf"),
        one_of: members("oneOf"),
        any_of: members("anyOf"),
        discriminator: get("discriminator"),
        default: get("default"),
        read_only: get("readOnly") == Some(&Value::Bool(true)),
        write_only: get("writeOnly") == Some(&Value::Bool(true)),
    }
}

/// `minimum`/`maximum` with 3.0's boolean or 3.1's numeric exclusive form.
fn bound(limit: Option<&Value>, exclusive: Option<&Value>, lower: bool) -> Option<Bound> {
    let inclusive = limit.and_then(Bound::of);
    match exclusive {
        Some(Value::Bool(true)) => inclusive.map(|b| Bound {
            exclusive: true,
            ..b
        }),
        Some(v @ Value::Number(_)) => {
            let exclusive = Bound {
                exclusive: true,
                ..Bound::of(v)?
            };
            // With both, the tighter one counts.
            match inclusive {
                Some(i)
                    if (lower && i.value > exclusive.value)
                        || (!lower && i.value < exclusive.value) =>
                {
                    Some(i)
                }
                _ => Some(exclusive),
            }
        }
        _ => inclusive,
    }
}

/// The last segment of a `#/components/schemas/X` reference.
fn reference_name(value: &Value) -> Option<String> {
    let r = value.get("$ref")?.as_str()?;
    let pointer = Pointer::from_fragment(r)?;
    pointer.segments().last()
}

/// Whether an `allOf` member only declares an object (its properties are merged).
fn is_plain_object(view: &View) -> bool {
    (view.types.is_empty() || view.types.iter().all(|t| *t == "object"))
        && (!view.properties.is_empty()
            || view.types.contains("object")
            || !view.required.is_empty())
        && view.one_of.is_empty()
        && view.any_of.is_empty()
        && view.all_of.is_empty()
        && view.enumeration.is_none()
}

fn merge_all_of<'a>(doc: &'a Doc, view: &mut View<'a>, depth: usize) -> Result<()> {
    let members = std::mem::take(&mut view.all_of);
    for member in members {
        let resolved = doc.resolve(member.value, &member.ptr)?;
        let mut inner = read(resolved.value, &resolved.ptr);
        if depth < MAX_MERGE_DEPTH {
            merge_all_of(doc, &mut inner, depth + 1)?;
        }
        if !is_plain_object(&inner) {
            view.all_of.push(member);
            continue;
        }
        view.types.extend(inner.types);
        for (name, value, ptr) in inner.properties {
            if !view.properties.iter().any(|(n, _, _)| *n == name) {
                view.properties.push((name, value, ptr));
            }
        }
        view.required.extend(inner.required);
        if matches!(view.additional, Additional::Any) {
            view.additional = inner.additional;
        }
        view.nullable |= inner.nullable;
        view.read_only |= inner.read_only;
        view.write_only |= inner.write_only;
    }
    Ok(())
}
