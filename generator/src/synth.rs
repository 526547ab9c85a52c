//! Example values: a JSON value that conforms to a [`Shape`], for mock responses.
//!
//! [`example`] returns the spec's own `example` when it conforms, and otherwise synthesises a
//! value at generation time that satisfies every constraint of the shape (patterns included).
//! [`conforms`] is the checker both rely on; it applies the rules of the generated validators
//! (and of deserialisation: types, integer ranges, required fields, enum values, date formats).
//!
//! Everything is deterministic: the same API and shape always give the same value.
//!
//! What is synthesised: the smallest allowed integer at or above `max(minimum, 0)` (so 0, then
//! 1, when allowed) that is a multiple of `multipleOf`, or the first allowed `enum` value;
//! numbers likewise (`k * multipleOf`, rounded to the divisor's decimals when that still
//! passes); `true` (or the first value of a boolean `enum`); `"string"` fitted to the length
//! bounds; `2024-01-01` and `2024-01-01T00:00:00Z`; the first value of a string enum; `{}` for
//! any JSON value; `{"key": value}` for a map (`max(minProperties, 1)` entries, at most
//! `maxProperties`); arrays of `max(minItems, 1)` items (at most `maxItems`), distinct ones for
//! `uniqueItems`; structs with every required field (and required keys of their kept map) and,
//! down to three levels of nesting, every optional field that is not a boxed (self-recursive)
//! one, then fitted to `minProperties`/`maxProperties` (more optional fields or kept members,
//! or fewer optional fields, counted both as the JSON and as the model has them). A field's own
//! example or default is used when it conforms. Deeper, only what is required is produced
//! (`minItems` items, empty maps, `null` for nullable structs), so recursive schemas end; a
//! struct whose required fields can never end is an error. Distinct values (for `uniqueItems`)
//! come from numbered *variants* of a shape: the next enum value or integer, other characters
//! in a pattern's classes or other alternatives, other field combinations of a struct.
//!
//! Strings with a `pattern` are generated from the `regex-syntax` HIR of the *translated*
//! pattern (`Pattern::regex`): the set of lengths each node can match is computed (as bitsets,
//! up to a bound), then a match of an exact target length is built top-down, choosing
//! alternation branches, repetition counts and class characters (printable ASCII alphanumerics
//! first) and honouring the anchors and word boundaries as it goes. Every result is checked with
//! the compiled regex and the length bounds before it is returned; when the pattern cannot reach
//! `minLength` by itself but is unanchored, the match is padded.

use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use serde_json::{Map, Value};

use crate::ir::{
    Additional, Api, Checks, Default as SpecDefault, Field, IntFormat, Number, NumberFormat, Shape,
    StringFormat, Struct, TextFormat, Ty, TypeDef, TypeKind, Union,
};

/// A compiled pattern: the translation for the `regex` crate, or the ECMA-262 engine for the
/// patterns that one cannot express.
#[derive(Clone)]
enum Matcher {
    Linear(Regex),
    Ecma(Rc<regress::Regex>),
}

impl Matcher {
    fn is_match(&self, s: &str) -> bool {
        match self {
            Matcher::Linear(r) => r.is_match(s),
            Matcher::Ecma(r) => r.find(s).is_some(),
        }
    }
}

/// Why no conforming value could be produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthError {
    /// JSON pointer inside the value (`""` for the root).
    pub path: String,
    pub message: String,
}

impl fmt::Display for SynthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for SynthError {}

/// A JSON value that conforms to `shape`: its own `example` when that conforms, else a
/// synthesised one.
pub fn example(api: &Api, shape: &Shape) -> Result<Value, SynthError> {
    Examples::new(api).example(shape)
}

/// Every way `value` breaks `shape` (empty when it conforms), as `"pointer: message"` strings.
pub fn conforms(api: &Api, shape: &Shape, value: &Value) -> Vec<String> {
    Examples::new(api).conforms(shape, value)
}

/// [`example`] and [`conforms`] for many shapes of one API: what they learn about its types
/// (type index, compiled patterns, which structs terminate) is computed once.
pub struct Examples<'a> {
    synth: Synth<'a>,
}

impl<'a> Examples<'a> {
    pub fn new(api: &'a Api) -> Self {
        Self::with_index(Arc::new(TypeIndex::new(api)))
    }

    /// Examples of the API of `index`, which other synthesisers (of other threads, say) may
    /// share.
    pub fn with_index(index: Arc<TypeIndex<'a>>) -> Self {
        Examples {
            synth: Synth::new(index),
        }
    }

    /// See [`example`].
    pub fn example(&mut self, shape: &Shape) -> Result<Value, SynthError> {
        let synth = &mut self.synth;
        synth.work = 0;
        let value = synth.value(shape, 0, 0, "")?;
        let mut violations = Vec::new();
        synth.checker.check(shape, &value, "", &mut violations, 0);
        match violations.into_iter().next() {
            None => Ok(value),
            Some((path, message)) => Err(SynthError {
                path,
                message: format!("the synthesised value does not conform: {message}"),
            }),
        }
    }

    /// See [`conforms`].
    pub fn conforms(&mut self, shape: &Shape, value: &Value) -> Vec<String> {
        let mut violations = Vec::new();
        self.synth
            .checker
            .check(shape, value, "", &mut violations, 0);
        violations
            .into_iter()
            .map(|(path, message)| format!("{path}: {message}"))
            .collect()
    }
}

/// Struct nesting from which optional fields are left out, arrays get only `minItems` items,
/// maps are empty and nullable containers are `null`: recursion stops there.
const FULL_DEPTH: usize = 3;
/// Guard against aliases that refer to themselves.
const MAX_ALIAS_DEPTH: usize = 64;
/// The deepest struct nesting synthesised (recursion that cannot stop otherwise, e.g. through
/// `uniqueItems`, ends here with an error).
const MAX_DEPTH: usize = 32;
/// A struct field with this many variants is treated as having unboundedly many.
const MANY_VARIANTS: u64 = 64;
/// The most values (of any level) one call of [`example`] synthesises.
const MAX_WORK: u64 = 200_000;
/// The most items an array may be asked to have.
const MAX_ITEMS: u64 = 10_000;
/// The longest string that is synthesised.
const MAX_STRING_LENGTH: u64 = 1 << 20;
/// The longest match of a pattern that is built (lengths are tracked as bitsets); a longer
/// `minLength` is only reached by padding a shorter match of an unanchored pattern.
const PATTERN_CAP: u64 = 8192;
/// Work allowed to compute the length sets of one pattern (64-bit word operations).
const SET_BUDGET: u64 = 40_000_000;
/// Steps allowed for one attempt at building a match.
const GEN_BUDGET: u64 = 200_000;
/// The deepest recursion while building a match.
const MAX_GEN_DEPTH: usize = 1_000;
/// Steps allowed for all the attempts at one string.
const TOTAL_GEN_BUDGET: u64 = 2_000_000;

fn fail(path: &str, message: impl Into<String>) -> SynthError {
    SynthError {
        path: path.to_owned(),
        message: message.into(),
    }
}

/// The pointer of member `key` (or item index) below `ptr` (RFC 6901 escaping).
fn child(ptr: &str, key: &str) -> String {
    let mut out = String::with_capacity(ptr.len() + key.len() + 1);
    out.push_str(ptr);
    out.push('/');
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------------------------

type Violations = Vec<(String, String)>;

/// What synthesisers and checkers need to know of an API's types, worked out once.
pub struct TypeIndex<'a> {
    api: &'a Api,
    types: HashMap<&'a str, &'a TypeDef>,
    /// Struct types whose required fields can be produced without endless recursion (worked
    /// out when first needed).
    terminable: OnceLock<HashMap<&'a str, bool>>,
}

impl<'a> TypeIndex<'a> {
    pub fn new(api: &'a Api) -> Self {
        TypeIndex {
            api,
            types: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
            terminable: OnceLock::new(),
        }
    }

    fn terminable(&self) -> &HashMap<&'a str, bool> {
        self.terminable
            .get_or_init(|| terminable_structs(self.api, &self.types))
    }
}

struct Checker<'a> {
    index: Arc<TypeIndex<'a>>,
    regexes: HashMap<usize, Result<Matcher, String>>,
}

impl<'a> Checker<'a> {
    fn new(index: Arc<TypeIndex<'a>>) -> Self {
        Checker {
            index,
            regexes: HashMap::new(),
        }
    }

    /// The compiled pattern `index`: its translation for the linear engine, or the ECMA engine.
    fn regex(&mut self, index: usize) -> Result<Matcher, String> {
        let api = self.index.api;
        self.regexes
            .entry(index)
            .or_insert_with(|| match api.patterns.get(index) {
                None => Err(format!("pattern #{index} does not exist")),
                Some(p) => match &p.regex {
                    Some(regex) => Regex::new(regex)
                        .map(Matcher::Linear)
                        .map_err(|e| format!("the pattern {} does not compile: {e}", p.ecma)),
                    None => regress::Regex::with_flags(
                        &crate::ecma_regex::ecma_engine_pattern(&p.ecma),
                        "u",
                    )
                    .map(|r| Matcher::Ecma(Rc::new(r)))
                    .map_err(|e| format!("the pattern {} does not compile: {e}", p.ecma)),
                },
            })
            .clone()
    }

    fn conforming(&mut self, shape: &Shape, value: &Value) -> bool {
        let mut violations = Vec::new();
        self.check(shape, value, "", &mut violations, 0);
        violations.is_empty()
    }

    fn check(
        &mut self,
        shape: &Shape,
        value: &Value,
        ptr: &str,
        out: &mut Violations,
        depth: usize,
    ) {
        let mut push = |message: String| out.push((ptr.to_owned(), message));
        if value.is_null() {
            if !shape.nullable && shape.ty != Ty::Any {
                push(format!("must be {}, found null", self.expected(&shape.ty)));
            }
            return;
        }
        let c = &shape.checks;
        match &shape.ty {
            Ty::Any => {}
            Ty::Boolean => match value.as_bool() {
                None => push(format!("must be a boolean, found {}", kind(value))),
                Some(b) if !c.allowed_booleans.is_empty() && !c.allowed_booleans.contains(&b) => {
                    push(format!(
                        "must be one of {} (enum), found {b}",
                        bool_list(&c.allowed_booleans)
                    ))
                }
                Some(_) => {}
            },
            Ty::String(format) => match value.as_str() {
                None => push(format!("must be a string, found {}", kind(value))),
                Some(s) => {
                    for message in self.string_violations(s, *format, c) {
                        push(message);
                    }
                }
            },
            Ty::Integer(format) => match int_value(value, *format) {
                Err(message) => push(message),
                Ok(v) => int_violations(v, c).into_iter().for_each(push),
            },
            Ty::Number(format) => match value {
                Value::Number(n) => {
                    let v = widen(n.as_f64().unwrap_or(f64::NAN), *format);
                    float_violations(v, c).into_iter().for_each(push);
                }
                _ => push(format!("must be a number, found {}", kind(value))),
            },
            Ty::Array(items) => match value.as_array() {
                None => push(format!("must be an array, found {}", kind(value))),
                Some(array) => {
                    let n = array.len() as u64;
                    if let Some(min) = c.min_items
                        && n < min
                    {
                        push(format!(
                            "must have at least {min} item{} (minItems), found {n}",
                            plural(min)
                        ));
                    }
                    if let Some(max) = c.max_items
                        && n > max
                    {
                        push(format!(
                            "must have at most {max} item{} (maxItems), found {n}",
                            plural(max)
                        ));
                    }
                    if c.unique_items
                        && let Some(i) = (1..array.len()).find(|&i| {
                            (0..i).any(|j| self.typed_eq(items, &array[j], &array[i], 0))
                        })
                    {
                        push(format!(
                            "items must be unique (uniqueItems), item {i} repeats an earlier one"
                        ));
                    }
                    for (i, item) in array.iter().enumerate() {
                        self.check(items, item, &child(ptr, &i.to_string()), out, depth);
                    }
                }
            },
            Ty::Map(values) => match value.as_object() {
                None => push(format!("must be an object, found {}", kind(value))),
                Some(object) => {
                    let n = object.len() as u64;
                    count_violations(n, n, c.properties)
                        .into_iter()
                        .for_each(&mut push);
                    for (key, item) in object {
                        self.check(values, item, &child(ptr, key), out, depth);
                    }
                }
            },
            Ty::Named(name) => self.check_named(name, value, ptr, out, depth),
        }
    }

    fn check_named(
        &mut self,
        name: &str,
        value: &Value,
        ptr: &str,
        out: &mut Violations,
        depth: usize,
    ) {
        let Some(def) = self.index.types.get(name).copied() else {
            out.push((ptr.to_owned(), format!("unknown type `{name}`")));
            return;
        };
        match &def.kind {
            TypeKind::Struct(s) => {
                let Some(object) = value.as_object() else {
                    out.push((
                        ptr.to_owned(),
                        format!("must be an object, found {}", kind(value)),
                    ));
                    return;
                };
                let (raw, typed) = struct_counts(s, object);
                for message in count_violations(raw, typed, s.properties) {
                    out.push((ptr.to_owned(), message));
                }
                for field in &s.fields {
                    match object.get(&field.wire_name) {
                        None if field.required => out.push((
                            ptr.to_owned(),
                            format!("missing required property {:?}", field.wire_name),
                        )),
                        None => {}
                        Some(v) => {
                            self.check(&field.shape, v, &child(ptr, &field.wire_name), out, depth)
                        }
                    }
                }
                if let Additional::Kept { required, .. } = &s.additional {
                    for key in required.iter().filter(|k| !object.contains_key(*k)) {
                        out.push((ptr.to_owned(), format!("missing required property {key:?}")));
                    }
                }
                if s.additional == Additional::Ignored {
                    return;
                }
                for (key, v) in object {
                    if s.fields.iter().any(|f| f.wire_name == *key) {
                        continue;
                    }
                    match &s.additional {
                        Additional::Kept { values, .. } => {
                            self.check(values, v, &child(ptr, key), out, depth)
                        }
                        _ => out.push((
                            child(ptr, key),
                            "is not allowed (additionalProperties: false)".into(),
                        )),
                    }
                }
            }
            TypeKind::Union(u) => self.check_union(u, value, ptr, out, depth),
            TypeKind::Enum(e) => match value.as_str() {
                Some(s) if e.variants.iter().any(|v| v.value == s) => {}
                Some(s) => out.push((
                    ptr.to_owned(),
                    format!("must be one of {} (enum), found {s:?}", enum_list(def)),
                )),
                None => out.push((
                    ptr.to_owned(),
                    format!("must be a string, found {}", kind(value)),
                )),
            },
            TypeKind::Alias(shape) => {
                if depth > MAX_ALIAS_DEPTH {
                    out.push((
                        ptr.to_owned(),
                        format!("the alias `{name}` refers to itself"),
                    ));
                } else {
                    self.check(shape, value, ptr, out, depth + 1);
                }
            }
        }
    }

    /// `oneOf` / `anyOf`, as the generated schema check does it: the discriminator's
    /// alternative, else how many alternatives match.
    fn check_union(
        &mut self,
        u: &Union,
        value: &Value,
        ptr: &str,
        out: &mut Violations,
        depth: usize,
    ) {
        if let Some(d) = &u.discriminator
            && let Some(object) = value.as_object()
        {
            let tag = object.get(&d.property).and_then(Value::as_str);
            match tag.and_then(|t| d.mapping.iter().find(|(v, _)| v == t)) {
                Some((_, i)) => self.check(&u.variants[*i].shape, value, ptr, out, depth),
                None => out.push((
                    child(ptr, &d.property),
                    format!("must be a discriminator value of {:?}", d.property),
                )),
            }
            return;
        }
        let mut matching = 0;
        let mut closest: Option<Violations> = None;
        for v in &u.variants {
            let mut found = Vec::new();
            self.check(&v.shape, value, ptr, &mut found, depth + 1);
            if found.is_empty() {
                matching += 1;
                if !u.exclusive {
                    return;
                }
            } else if closest.as_ref().is_none_or(|c| found.len() < c.len()) {
                closest = Some(found);
            }
        }
        match matching {
            0 => {
                out.push((ptr.to_owned(), "must match one of the alternatives".into()));
                out.extend(closest.unwrap_or_default());
            }
            1 => {}
            n if u.exclusive => out.push((
                ptr.to_owned(),
                format!("must match exactly one alternative (oneOf), matches {n}"),
            )),
            _ => {}
        }
    }

    fn string_violations(&mut self, s: &str, format: StringFormat, c: &Checks) -> Vec<String> {
        let mut out = Vec::new();
        if c.min_length.is_some() || c.max_length.is_some() {
            let n = s.chars().count() as u64;
            if let Some(min) = c.min_length
                && n < min
            {
                out.push(format!(
                    "must be at least {min} character{} long (minLength), found {n}",
                    plural(min)
                ));
            }
            if let Some(max) = c.max_length
                && n > max
            {
                out.push(format!(
                    "must be at most {max} character{} long (maxLength), found {n}",
                    plural(max)
                ));
            }
        }
        for &p in &c.patterns {
            match self.regex(p) {
                Ok(re) => {
                    if !re.is_match(s) {
                        out.push(format!(
                            "must match the pattern {}",
                            self.index.api.patterns[p].ecma
                        ));
                    }
                }
                Err(message) => out.push(message),
            }
        }
        // A format is either the value's type or a check on its text.
        let format = c.format.unwrap_or(TextFormat::Typed(format));
        out.extend(format_violation(format, s));
        out
    }

    fn expected(&self, ty: &Ty) -> String {
        match ty {
            Ty::String(_) => "a string".into(),
            Ty::Integer(_) => "an integer".into(),
            Ty::Number(_) => "a number".into(),
            Ty::Boolean => "a boolean".into(),
            Ty::Array(_) => "an array".into(),
            Ty::Map(_) => "an object".into(),
            Ty::Any => "any value".into(),
            Ty::Named(name) => match self.index.types.get(name.as_str()).map(|t| &t.kind) {
                Some(TypeKind::Enum(_)) => "a string".into(),
                Some(TypeKind::Alias(shape)) => self.expected(&shape.ty),
                Some(TypeKind::Union(_)) => "one of the alternatives".into(),
                _ => "an object".into(),
            },
        }
    }

    /// Whether `a` and `b` are equal once deserialised (the `PartialEq` the generated
    /// `uniqueItems` check uses): numbers by value, structs by their declared fields (a missing
    /// field is its default or `None`), maps regardless of order, date-times by instant.
    fn typed_eq(&self, shape: &Shape, a: &Value, b: &Value, depth: usize) -> bool {
        if depth > 256 {
            return a == b;
        }
        if a.is_null() || b.is_null() {
            return a.is_null() && b.is_null();
        }
        match &shape.ty {
            Ty::Integer(_) => match (a.as_i64(), b.as_i64()) {
                (Some(x), Some(y)) => x == y,
                _ => a == b,
            },
            Ty::Number(format) => match (a.as_f64(), b.as_f64()) {
                (Some(x), Some(y)) => widen(x, *format) == widen(y, *format),
                _ => a == b,
            },
            Ty::String(StringFormat::DateTime) => {
                match (
                    a.as_str().and_then(date_time_instant),
                    b.as_str().and_then(date_time_instant),
                ) {
                    (Some(x), Some(y)) => x == y,
                    _ => a == b,
                }
            }
            Ty::Array(items) => match (a.as_array(), b.as_array()) {
                (Some(x), Some(y)) => {
                    x.len() == y.len()
                        && x.iter()
                            .zip(y)
                            .all(|(p, q)| self.typed_eq(items, p, q, depth + 1))
                }
                _ => a == b,
            },
            Ty::Map(values) => match (a.as_object(), b.as_object()) {
                (Some(x), Some(y)) => {
                    x.len() == y.len()
                        && x.iter().all(|(k, v)| {
                            y.get(k)
                                .is_some_and(|w| self.typed_eq(values, v, w, depth + 1))
                        })
                }
                _ => a == b,
            },
            Ty::Named(name) => match self.index.types.get(name.as_str()).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => match (a.as_object(), b.as_object()) {
                    (Some(x), Some(y)) => s.fields.iter().all(|f| {
                        let p = field_or_default(x, f);
                        let q = field_or_default(y, f);
                        self.typed_eq(&f.shape, &p, &q, depth + 1)
                    }),
                    _ => a == b,
                },
                Some(TypeKind::Alias(inner)) => self.typed_eq(inner, a, b, depth + 1),
                _ => a == b,
            },
            _ => a == b,
        }
    }
}

fn field_or_default(object: &Map<String, Value>, field: &Field) -> Value {
    object
        .get(&field.wire_name)
        .cloned()
        .or_else(|| field.default.as_ref().and_then(default_json))
        .unwrap_or(Value::Null)
}

/// Canonical base64 (groups of four characters, no padding needed): the digits of `n` in base 64.
fn base64_of(n: u64) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut digits = Vec::new();
    let mut rest = n;
    loop {
        digits.push(ALPHABET[(rest % 64) as usize]);
        rest /= 64;
        if rest == 0 {
            break;
        }
    }
    while digits.len() % 4 != 0 {
        digits.push(b'A');
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn enum_list(def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Enum(e) => {
            let mut out: Vec<String> = e
                .variants
                .iter()
                .take(10)
                .map(|v| format!("{:?}", v.value))
                .collect();
            if e.variants.len() > 10 {
                out.push("...".into());
            }
            out.join(", ")
        }
        _ => String::new(),
    }
}

/// An `f32` value is checked after the round trip through `f32`, as the generated code does.
fn widen(v: f64, format: NumberFormat) -> f64 {
    match format {
        NumberFormat::F32 => f64::from(v as f32),
        NumberFormat::F64 => v,
    }
}

/// The generated code reads integer limits as `i64` (a float limit is truncated).
fn int_of(n: Number) -> i64 {
    match n {
        Number::Int(i) => i,
        Number::Float(f) => f as i64,
    }
}

fn f64_of(n: Number) -> f64 {
    match n {
        Number::Int(i) => i as f64,
        Number::Float(f) => f,
    }
}

fn show(n: Number) -> String {
    match n {
        Number::Int(i) => i.to_string(),
        Number::Float(f) => f.to_string(),
    }
}

fn int_value(value: &Value, format: IntFormat) -> Result<i64, String> {
    let Value::Number(n) = value else {
        return Err(format!("must be an integer, found {}", kind(value)));
    };
    // `-0` is an integer (serde_json reads it as `-0.0`); `1.0` is not (JSON Schema draft 4).
    match openapi_runtime::validation::as_integer(value) {
        Some(v) => {
            if format == IntFormat::I32 && i32::try_from(v).is_err() {
                Err(format!("{v} is out of the range of a 32-bit integer"))
            } else {
                Ok(v)
            }
        }
        None if n.is_u64() => Err(format!("{n} is out of the range of a 64-bit integer")),
        None => Err(format!("must be an integer, found {n}")),
    }
}

fn bool_list(values: &[bool]) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The members of a struct's JSON object as the JSON check counts them (all of them), and as
/// its model does (the members it writes: an absent member with a default is filled in, an
/// optional `null` one without a default is left out).
fn struct_counts(s: &Struct, object: &Map<String, Value>) -> (u64, u64) {
    let raw = object.len() as u64;
    if s.properties.is_empty() {
        return (raw, raw);
    }
    let mut typed = raw;
    for f in s.fields.iter().filter(|f| !f.required) {
        match object.get(&f.wire_name) {
            None if f.default.is_some() => typed = typed.saturating_add(1),
            Some(Value::Null) if f.default.is_none() => typed = typed.saturating_sub(1),
            _ => {}
        }
    }
    if s.additional == Additional::Ignored {
        // The model drops the members it does not declare.
        let declared = object
            .keys()
            .filter(|k| s.fields.iter().any(|f| f.wire_name == **k))
            .count() as u64;
        typed = typed.saturating_sub(raw - declared);
    }
    (raw, typed)
}

/// `minProperties` / `maxProperties` against both counts of [`struct_counts`].
fn count_violations(raw: u64, typed: u64, count: crate::ir::PropertyCount) -> Vec<String> {
    let mut out = Vec::new();
    for n in [raw, typed] {
        if let Some(min) = count.min
            && n < min
        {
            out.push(format!(
                "must have at least {min} propert{} (minProperties), found {n}",
                if min == 1 { "y" } else { "ies" }
            ));
            break;
        }
    }
    for n in [raw, typed] {
        if let Some(max) = count.max
            && n > max
        {
            out.push(format!(
                "must have at most {max} propert{} (maxProperties), found {n}",
                if max == 1 { "y" } else { "ies" }
            ));
            break;
        }
    }
    out
}

fn allowed_list(c: &Checks) -> String {
    c.allowed
        .iter()
        .map(|n| show(*n))
        .collect::<Vec<_>>()
        .join(", ")
}

fn int_violations(v: i64, c: &Checks) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(b) = c.minimum {
        let limit = int_of(b.value);
        if v < limit || b.exclusive && v == limit {
            out.push(if b.exclusive {
                format!("must be greater than {limit} (exclusiveMinimum)")
            } else {
                format!("must be at least {limit} (minimum)")
            });
        }
    }
    if let Some(b) = c.maximum {
        let limit = int_of(b.value);
        if v > limit || b.exclusive && v == limit {
            out.push(if b.exclusive {
                format!("must be less than {limit} (exclusiveMaximum)")
            } else {
                format!("must be at most {limit} (maximum)")
            });
        }
    }
    if let Some(m) = c.multiple_of {
        let d = int_of(m);
        if d <= 0 {
            out.push(format!("multipleOf {d} is not positive"));
        } else if v % d != 0 {
            out.push(format!("must be a multiple of {d} (multipleOf)"));
        }
    }
    if !c.allowed.is_empty() && !c.allowed.contains(&Number::Int(v)) {
        out.push(format!("must be one of {} (enum)", allowed_list(c)));
    }
    out
}

fn float_violations(v: f64, c: &Checks) -> Vec<String> {
    let mut out = Vec::new();
    if v.is_nan() {
        out.push("must be a number".into());
        return out;
    }
    if let Some(b) = c.minimum {
        let limit = f64_of(b.value);
        if v < limit || b.exclusive && v == limit {
            out.push(if b.exclusive {
                format!("must be greater than {limit} (exclusiveMinimum)")
            } else {
                format!("must be at least {limit} (minimum)")
            });
        }
    }
    if let Some(b) = c.maximum {
        let limit = f64_of(b.value);
        if v > limit || b.exclusive && v == limit {
            out.push(if b.exclusive {
                format!("must be less than {limit} (exclusiveMaximum)")
            } else {
                format!("must be at most {limit} (maximum)")
            });
        }
    }
    if let Some(m) = c.multiple_of {
        let d = f64_of(m);
        if d.is_nan() || d <= 0.0 {
            out.push(format!("multipleOf {d} is not positive"));
        } else {
            // The generated check: the quotient is an integer to within rounding.
            let q = v / d;
            let ok = q.is_finite() && (q - q.round()).abs() <= f64::EPSILON * q.abs().max(1.0);
            if !ok {
                out.push(format!("must be a multiple of {d} (multipleOf)"));
            }
        }
    }
    if !c.allowed.is_empty()
        && !c.allowed.iter().any(|a| match *a {
            Number::Int(i) => i as f64 == v,
            Number::Float(f) => f == v,
        })
    {
        out.push(format!("must be one of {} (enum)", allowed_list(c)));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/// The instant of an RFC 3339 date-time, as the generated crates' `chrono::DateTime` compares
/// them (two texts of one instant are equal items).
fn date_time_instant(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339(s).ok()
}

/// Why `s` is not of `format`, if it is not.
fn format_violation(format: TextFormat, s: &str) -> Option<String> {
    use openapi_runtime::validation as runtime;
    let (holds, expected) = match format {
        TextFormat::Uri => (runtime::is_uri(s), "a URI (RFC 3986)"),
        TextFormat::Typed(StringFormat::Plain | StringFormat::Binary) => return None,
        TextFormat::Typed(StringFormat::DateTime) => (
            runtime::is_date_time(s),
            "an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM))",
        ),
        TextFormat::Typed(StringFormat::Date) => (runtime::is_date(s), "a date (YYYY-MM-DD)"),
        TextFormat::Typed(StringFormat::Uuid) => (runtime::is_uuid(s), "a hyphenated UUID"),
        TextFormat::Typed(StringFormat::Byte) => (runtime::is_base64(s), "padded base64"),
    };
    (!holds).then(|| format!("must be {expected}, found {s:?}"))
}

/// The `variant`th value of a string with a typed format (`None` for a plain string).
fn typed_string(format: StringFormat, variant: u64) -> Result<String, String> {
    match format {
        StringFormat::Plain => Err("a plain string has no typed value".into()),
        StringFormat::DateTime => date_string(variant).map(|d| format!("{d}T00:00:00Z")),
        StringFormat::Date => date_string(variant),
        StringFormat::Uuid => Ok(format!(
            "00000000-0000-4000-8000-{:012x}",
            variant & 0xffff_ffff_ffff
        )),
        StringFormat::Byte => Ok(base64_of(variant)),
        StringFormat::Binary => Ok(format!("file {variant}")),
    }
}

/// 2024-01-01, plus `variant` days.
fn date_string(variant: u64) -> Result<String, String> {
    if variant > 1_000_000 {
        return Err("too many distinct dates requested".into());
    }
    chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .and_then(|first| first.checked_add_days(chrono::Days::new(variant)))
        .map(|date| date.format("%Y-%m-%d").to_string())
        .ok_or_else(|| "no such date".into())
}

// ---------------------------------------------------------------------------------------------
// Synthesis of values
// ---------------------------------------------------------------------------------------------

struct Synth<'a> {
    checker: Checker<'a>,
    trees: HashMap<usize, Result<Rc<Tree>, String>>,
    /// Values synthesised so far (bounded by `MAX_WORK`).
    work: u64,
    /// Per struct field (and whether it is below `FULL_DEPTH`): how many variants it was
    /// found to have, and whether that is all of them.
    variant_counts: HashMap<(String, usize, bool), (u64, bool)>,
    /// The values made so far of a named type, by variant and struct nesting (a value depends
    /// on nothing else): big specs refer to the same types from many operations.
    named_values: HashMap<(&'a str, u64, usize), Value>,
}

impl<'a> Synth<'a> {
    fn new(index: Arc<TypeIndex<'a>>) -> Self {
        Synth {
            checker: Checker::new(index),
            trees: HashMap::new(),
            work: 0,
            variant_counts: HashMap::new(),
            named_values: HashMap::new(),
        }
    }

    fn conforming(&mut self, shape: &Shape, value: &Value) -> bool {
        self.checker.conforming(shape, value)
    }

    /// The `variant`-th value of `shape` (variants differ, for `uniqueItems`; variant 0 is the
    /// shape's own example when it conforms). `depth` is the struct nesting.
    fn value(
        &mut self,
        shape: &Shape,
        variant: u64,
        depth: usize,
        ptr: &str,
    ) -> Result<Value, SynthError> {
        if variant == 0
            && let Some(example) = &shape.example
            && self.conforming(shape, example)
        {
            return Ok(example.clone());
        }
        self.work += 1;
        if self.work > MAX_WORK {
            return Err(fail(
                ptr,
                "the schema needs too large a value (recursion that cannot stop?)",
            ));
        }
        if depth > MAX_DEPTH {
            return Err(fail(
                ptr,
                "the value nests too deeply: the schema's recursion cannot stop",
            ));
        }
        if depth >= FULL_DEPTH
            && variant == 0
            && shape.nullable
            && matches!(shape.ty, Ty::Named(_) | Ty::Array(_) | Ty::Map(_))
        {
            return Ok(Value::Null);
        }
        let scalar = |r: Result<Value, String>| r.map_err(|m| fail(ptr, m));
        match &shape.ty {
            Ty::Any => Ok(if variant == 0 {
                Value::Object(Map::new())
            } else {
                Value::from(variant)
            }),
            Ty::Boolean => {
                let allowed = &shape.checks.allowed_booleans;
                let values: &[bool] = if allowed.is_empty() {
                    &[true, false]
                } else {
                    allowed
                };
                match usize::try_from(variant).ok().and_then(|v| values.get(v)) {
                    Some(b) => Ok(Value::Bool(*b)),
                    None if values.len() == 1 => {
                        Err(fail(ptr, format!("the boolean may only be {}", values[0])))
                    }
                    None => Err(fail(ptr, "a boolean has only two distinct values")),
                }
            }
            Ty::Integer(format) => scalar(integer(*format, &shape.checks, variant)),
            Ty::Number(format) => scalar(number(*format, &shape.checks, variant)),
            Ty::String(StringFormat::Plain) => {
                let s = self.string(&shape.checks, variant);
                scalar(s.map(Value::String))
            }
            Ty::String(format) => scalar(typed_string(*format, variant).map(Value::String)),
            Ty::Array(items) => self.array(&shape.checks, items, variant, depth, ptr),
            Ty::Map(values) => {
                let count = shape.checks.properties;
                let min = count.min.unwrap_or(0);
                if count.max.is_some_and(|max| max < min) {
                    return Err(fail(ptr, "minProperties is greater than maxProperties"));
                }
                if min > MAX_ITEMS {
                    return Err(fail(
                        ptr,
                        format!("minProperties {min} is too large to synthesise"),
                    ));
                }
                let mut want = if depth >= FULL_DEPTH && variant == 0 {
                    min
                } else {
                    min.max(1)
                };
                if let Some(max) = count.max {
                    want = want.min(max);
                }
                if want == 0 {
                    return if variant == 0 {
                        Ok(Value::Object(Map::new()))
                    } else {
                        Err(fail(ptr, "a map with maxProperties 0 has only one value"))
                    };
                }
                let key = if variant == 0 {
                    "key".to_owned()
                } else {
                    format!("key{variant}")
                };
                let v = self.value(values, 0, depth, &child(ptr, &key))?;
                let mut object = Map::new();
                for i in 1..want {
                    object.insert(format!("{key}_{i}"), v.clone());
                }
                object.insert(key, v);
                Ok(Value::Object(object))
            }
            Ty::Named(name) => self.named(name, variant, depth, ptr),
        }
    }

    fn array(
        &mut self,
        c: &Checks,
        items: &Shape,
        variant: u64,
        depth: usize,
        ptr: &str,
    ) -> Result<Value, SynthError> {
        let min = c.min_items.unwrap_or(0);
        if let Some(max) = c.max_items
            && max < min
        {
            return Err(fail(
                ptr,
                format!("minItems {min} is greater than maxItems {max}"),
            ));
        }
        let mut want = if depth >= FULL_DEPTH { min } else { min.max(1) };
        if let Some(max) = c.max_items {
            want = want.min(max);
        }
        let mut first = variant;
        if want == 0 && variant > 0 {
            if c.max_items == Some(0) {
                return Err(fail(ptr, "an array with maxItems 0 has only one value"));
            }
            want = 1;
            first = variant - 1;
        }
        if want > MAX_ITEMS {
            return Err(fail(
                ptr,
                format!("minItems {min} is too large to synthesise"),
            ));
        }
        let want = want as usize;
        if want == 0 {
            return Ok(Value::Array(Vec::new()));
        }
        if !c.unique_items {
            return match self.value(items, first, depth, &child(ptr, "0")) {
                Ok(item) => Ok(Value::Array(vec![item; want])),
                Err(e) if variant == 0 => Err(e),
                Err(e) => {
                    // The items have no further variants: vary the length instead.
                    let len = want as u64 + variant;
                    if variant > 64 || c.max_items.is_some_and(|m| len > m) {
                        return Err(e);
                    }
                    let item = self.value(items, 0, depth, &child(ptr, "0"))?;
                    Ok(Value::Array(vec![item; len as usize]))
                }
            };
        }
        let limit = first + want as u64 * 4 + 64;
        let mut out: Vec<Value> = Vec::with_capacity(want);
        let mut attempt = first;
        let mut last_error = None;
        while out.len() < want {
            if attempt >= limit {
                let why = last_error
                    .map(|e: SynthError| format!(" ({})", e.message))
                    .unwrap_or_default();
                return Err(fail(
                    ptr,
                    format!(
                        "cannot synthesise {want} distinct items (uniqueItems): found {}{why}",
                        out.len()
                    ),
                ));
            }
            let at = child(ptr, &out.len().to_string());
            match self.value(items, attempt, depth, &at) {
                Ok(item) => {
                    if !out
                        .iter()
                        .any(|o| self.checker.typed_eq(items, o, &item, 0))
                    {
                        out.push(item);
                    }
                }
                Err(e) if attempt == 0 => return Err(e),
                Err(e) => last_error = Some(e),
            }
            attempt += 1;
        }
        Ok(Value::Array(out))
    }

    fn named(
        &mut self,
        name: &str,
        variant: u64,
        depth: usize,
        ptr: &str,
    ) -> Result<Value, SynthError> {
        let Some(def) = self.checker.index.types.get(name).copied() else {
            return Err(fail(ptr, format!("unknown type `{name}`")));
        };
        let key = (def.name.as_str(), variant, depth);
        if let Some(value) = self.named_values.get(&key) {
            return Ok(value.clone());
        }
        let value = self.named_value(def, variant, depth, ptr)?;
        self.named_values.insert(key, value.clone());
        Ok(value)
    }

    fn named_value(
        &mut self,
        def: &'a TypeDef,
        variant: u64,
        depth: usize,
        ptr: &str,
    ) -> Result<Value, SynthError> {
        let name = def.name.as_str();
        match &def.kind {
            TypeKind::Enum(e) => {
                match usize::try_from(variant)
                    .ok()
                    .and_then(|v| e.variants.get(v))
                {
                    Some(v) => Ok(Value::String(v.value.clone())),
                    None if e.variants.is_empty() => {
                        Err(fail(ptr, format!("the enum {name} has no values")))
                    }
                    None => Err(fail(
                        ptr,
                        format!(
                            "the enum {name} has only {} distinct values",
                            e.variants.len()
                        ),
                    )),
                }
            }
            TypeKind::Alias(shape) => {
                if depth > MAX_ALIAS_DEPTH {
                    Err(fail(ptr, format!("the alias `{name}` refers to itself")))
                } else {
                    self.value(shape, variant, depth + 1, ptr)
                }
            }
            TypeKind::Struct(s) => self.object(name, s, variant, depth, ptr),
            TypeKind::Union(u) => {
                // The first alternative whose value the union accepts as a whole (under oneOf,
                // it must match that alternative only).
                let union_shape = Shape::of(Ty::Named(name.to_owned()));
                let mut last = None;
                for (i, alternative) in u.variants.iter().enumerate() {
                    let mut made = self.value(&alternative.shape, variant, depth + 1, ptr);
                    // The discriminator property names the alternative.
                    if let (Some(d), Ok(Value::Object(object))) = (&u.discriminator, &mut made)
                        && let Some((tag, _)) = d.mapping.iter().find(|(_, j)| *j == i)
                    {
                        object.insert(d.property.clone(), Value::String(tag.clone()));
                    }
                    match made {
                        Ok(v) if self.checker.conforming(&union_shape, &v) => return Ok(v),
                        Ok(_) => {
                            last = Some(fail(
                                ptr,
                                format!(
                                    "the value made for alternative `{}` of {name} also matches another alternative",
                                    alternative.name
                                ),
                            ))
                        }
                        Err(e) => last = Some(e),
                    }
                }
                Err(last.unwrap_or_else(|| fail(ptr, format!("{name} has no alternatives"))))
            }
        }
    }

    fn object(
        &mut self,
        name: &str,
        s: &'a Struct,
        variant: u64,
        depth: usize,
        ptr: &str,
    ) -> Result<Value, SynthError> {
        if !self.is_terminable(name) {
            return Err(self.endless(name, s, depth, ptr));
        }
        let minimal = depth >= FULL_DEPTH;
        let mut object = Map::new();
        for f in &s.fields {
            if !f.required && (minimal || f.boxed) {
                continue;
            }
            let at = child(ptr, &f.wire_name);
            match self.field_value(f, 0, depth + 1, &at) {
                Ok(v) => {
                    object.insert(f.wire_name.clone(), v);
                }
                Err(e) if f.required => return Err(e),
                Err(_) => {}
            }
        }
        if let Additional::Kept {
            values, required, ..
        } = &s.additional
        {
            for key in required {
                let v = self.value(values, 0, depth + 1, &child(ptr, key))?;
                object.insert(key.clone(), v);
            }
        }
        if !s.properties.is_empty() {
            self.fit_count(s, &mut object, depth, ptr)?;
        }
        if variant > 0 {
            // Mixed radix over the fields present: the first field varies fastest; a field with
            // many variants takes all that is left.
            let mut rest = variant;
            for (i, f) in s.fields.iter().enumerate() {
                if rest == 0 {
                    break;
                }
                if !object.contains_key(&f.wire_name) {
                    continue;
                }
                let at = child(ptr, &f.wire_name);
                let need = rest.saturating_add(1).min(MANY_VARIANTS);
                let n = self.variant_count((name, i), f, depth + 1, &at, need);
                if n <= 1 {
                    continue;
                }
                let digit = if n >= need {
                    std::mem::take(&mut rest)
                } else {
                    let d = rest % n;
                    rest /= n;
                    d
                };
                if digit > 0 {
                    match self.field_value(f, digit, depth + 1, &at) {
                        Ok(v) => {
                            object.insert(f.wire_name.clone(), v);
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
            if rest > 0 {
                return Err(fail(
                    ptr,
                    format!("no further distinct value of {name} (variant {variant})"),
                ));
            }
        }
        Ok(Value::Object(object))
    }

    /// Members added to or removed from a struct's object until both its counts (see
    /// [`struct_counts`]) meet `minProperties` / `maxProperties`: optional fields first, then
    /// kept additional members (`key`, `key_1`...); above the maximum, optional fields without
    /// a default are left out, the last first.
    fn fit_count(
        &mut self,
        s: &'a Struct,
        object: &mut Map<String, Value>,
        depth: usize,
        ptr: &str,
    ) -> Result<(), SynthError> {
        let count = s.properties;
        let low = |object: &Map<String, Value>| {
            let (raw, typed) = struct_counts(s, object);
            count.min.is_some_and(|min| raw.min(typed) < min)
        };
        let high = |object: &Map<String, Value>| {
            let (raw, typed) = struct_counts(s, object);
            count.max.is_some_and(|max| raw.max(typed) > max)
        };
        for f in &s.fields {
            if !low(object) {
                break;
            }
            if object.contains_key(&f.wire_name) {
                continue;
            }
            let at = child(ptr, &f.wire_name);
            if let Ok(v) = self.field_value(f, 0, depth + 1, &at)
                && !v.is_null()
            {
                object.insert(f.wire_name.clone(), v);
            }
        }
        if let Additional::Kept { values, .. } = &s.additional {
            let mut i = 0u64;
            while low(object) {
                if i > MAX_ITEMS {
                    return Err(fail(ptr, "minProperties is too large to synthesise"));
                }
                let key = if i == 0 {
                    "key".to_owned()
                } else {
                    format!("key_{i}")
                };
                i += 1;
                if object.contains_key(&key) || s.fields.iter().any(|f| f.wire_name == key) {
                    continue;
                }
                let v = self.value(values, 0, depth + 1, &child(ptr, &key))?;
                object.insert(key, v);
            }
        }
        for f in s.fields.iter().rev() {
            if !high(object) {
                break;
            }
            if !f.required && f.default.is_none() {
                object.remove(&f.wire_name);
            }
        }
        if low(object) || high(object) {
            return Err(fail(
                ptr,
                "no object with these members meets minProperties / maxProperties",
            ));
        }
        Ok(())
    }

    /// How many variants field `index` of struct `name` has, up to `need` (probed lazily).
    fn variant_count(
        &mut self,
        (name, index): (&str, usize),
        f: &Field,
        depth: usize,
        ptr: &str,
        need: u64,
    ) -> u64 {
        let key = (name.to_owned(), index, depth >= FULL_DEPTH);
        let (mut n, mut exhausted) = self.variant_counts.get(&key).copied().unwrap_or((1, false));
        while !exhausted && n < need {
            if self.field_value(f, n, depth, ptr).is_ok() {
                n += 1;
            } else {
                exhausted = true;
            }
        }
        self.variant_counts.insert(key, (n, exhausted));
        n.min(need)
    }

    /// A field's value: its own example, else its default (when either conforms), else
    /// synthesised.
    fn field_value(
        &mut self,
        f: &Field,
        variant: u64,
        depth: usize,
        ptr: &str,
    ) -> Result<Value, SynthError> {
        if variant == 0 {
            let has_example = match &f.shape.example {
                Some(e) => self.conforming(&f.shape, e),
                None => false,
            };
            if !has_example
                && let Some(d) = &f.default
                && let Some(v) = default_json(d)
                && self.conforming(&f.shape, &v)
            {
                return Ok(v);
            }
        }
        self.value(&f.shape, variant, depth, ptr)
    }

    /// The error for a struct whose required fields recurse without end: reported at the
    /// struct that loops back, naming the field.
    fn endless(&mut self, name: &str, s: &'a Struct, depth: usize, ptr: &str) -> SynthError {
        let index = Arc::clone(&self.checker.index);
        let (types, ok) = (&index.types, index.terminable());
        let Some(f) = s
            .fields
            .iter()
            .find(|f| f.required && !shape_terminates(&f.shape, types, ok, 0))
        else {
            return fail(ptr, format!("{name} cannot be synthesised"));
        };
        let at = child(ptr, &f.wire_name);
        if let Ty::Named(other) = &f.shape.ty
            && other != name
            && depth < MAX_DEPTH
            && let Some(TypeKind::Struct(inner)) = types.get(other.as_str()).map(|t| &t.kind)
        {
            return self.endless(other, inner, depth + 1, &at);
        }
        fail(
            ptr,
            format!(
                "{name} cannot be synthesised: its required field {:?} leads back to it without \
                 end (nothing nullable, no array that may be empty)",
                f.wire_name
            ),
        )
    }

    fn is_terminable(&self, name: &str) -> bool {
        self.checker
            .index
            .terminable()
            .get(name)
            .copied()
            .unwrap_or(true)
    }

    fn string(&mut self, c: &Checks, variant: u64) -> Result<String, String> {
        let min = c.min_length.unwrap_or(0);
        if let Some(max) = c.max_length
            && min > max
        {
            return Err(format!("minLength {min} is greater than maxLength {max}"));
        }
        if min > MAX_STRING_LENGTH {
            return Err(format!("minLength {min} is too large to synthesise"));
        }
        // Strings are made from the first pattern and must match the others too.
        let Some((&index, others)) = c.patterns.split_first() else {
            if let Some(TextFormat::Typed(format)) = c.format {
                // The typed value, when it fits the length limits.
                let s = typed_string(format, variant)?;
                let n = s.chars().count() as u64;
                if n < min || c.max_length.is_some_and(|max| n > max) {
                    return Err(format!(
                        "no {} value fits the length limits",
                        format.spec_name().unwrap_or("string")
                    ));
                }
                return Ok(s);
            }
            if c.format == Some(TextFormat::Uri) {
                // `urn:` and a plain string of the remaining length is a URI.
                let rest = plain_string(
                    min.saturating_sub(4),
                    c.max_length.map(|m| m.saturating_sub(4)),
                    variant,
                )?;
                return Ok(format!("urn:{rest}"));
            }
            return plain_string(min, c.max_length, variant);
        };
        let regex = self.checker.regex(index)?;
        let others = others
            .iter()
            .map(|&p| self.checker.regex(p))
            .collect::<Result<Vec<_>, _>>()?;
        let api = self.checker.index.api;
        let tree = self
            .trees
            .entry(index)
            .or_insert_with(|| match &api.patterns[index].regex {
                Some(regex) => Tree::parse(regex).map(Rc::new),
                None => Err("it needs lookaround or backreferences, which the generator cannot synthesise for".into()),
            })
            .clone()?;
        let max = c.max_length;
        let ok = |s: &str| {
            let n = s.chars().count() as u64;
            n >= min
                && max.is_none_or(|m| n <= m)
                && regex.is_match(s)
                && others.iter().all(|other| other.is_match(s))
                && c.format.is_none_or(|f| format_violation(f, s).is_none())
        };
        tree.generate(min, max, variant, &ok).map_err(|why| {
            format!(
                "no string matching the pattern {} was found: {why}",
                api.patterns[index].ecma
            )
        })
    }
}

/// Least fixpoint: a struct terminates when every required field can be produced without
/// coming back to it (null for a nullable field, `[]` for an array that may be empty, `{}` for
/// a map).
fn terminable_structs<'a>(
    api: &'a Api,
    types: &HashMap<&'a str, &'a TypeDef>,
) -> HashMap<&'a str, bool> {
    let mut ok: HashMap<&'a str, bool> = api
        .types
        .iter()
        .map(|t| (t.name.as_str(), !matches!(t.kind, TypeKind::Struct(_))))
        .collect();
    loop {
        let mut changed = false;
        for t in &api.types {
            if let TypeKind::Struct(s) = &t.kind
                && !ok[t.name.as_str()]
                && s.fields
                    .iter()
                    .filter(|f| f.required)
                    .all(|f| shape_terminates(&f.shape, types, &ok, 0))
            {
                ok.insert(t.name.as_str(), true);
                changed = true;
            }
        }
        if !changed {
            return ok;
        }
    }
}

/// Whether a value of `shape` can be produced without coming back to a struct that is not
/// (yet) known to terminate.
fn shape_terminates(
    shape: &Shape,
    types: &HashMap<&str, &TypeDef>,
    ok: &HashMap<&str, bool>,
    depth: usize,
) -> bool {
    if shape.nullable {
        return true;
    }
    match &shape.ty {
        Ty::Named(n) => match types.get(n.as_str()).map(|t| &t.kind) {
            Some(TypeKind::Struct(_)) => ok.get(n.as_str()).copied().unwrap_or(true),
            Some(TypeKind::Alias(s)) => {
                depth < MAX_ALIAS_DEPTH && shape_terminates(s, types, ok, depth + 1)
            }
            _ => true,
        },
        Ty::Array(items) => {
            shape.checks.min_items.unwrap_or(0) == 0
                || shape_terminates(items, types, ok, depth + 1)
        }
        _ => true,
    }
}

fn default_json(d: &SpecDefault) -> Option<Value> {
    Some(match d {
        SpecDefault::Bool(b) => Value::Bool(*b),
        SpecDefault::Int(i) => Value::from(*i),
        SpecDefault::Float(f) => Value::Number(serde_json::Number::from_f64(*f)?),
        SpecDefault::String(s) => Value::String(s.clone()),
        SpecDefault::EnumVariant { value, .. } => Value::String(value.clone()),
        SpecDefault::Array(items) => {
            Value::Array(items.iter().map(default_json).collect::<Option<Vec<_>>>()?)
        }
        SpecDefault::Json(v) => v.clone(),
    })
}

/// The `variant`-th integer of the shape: from the smallest allowed value that is at least
/// `max(minimum, 0)` upwards, then below it downwards (so 0, then 1, when they are allowed).
fn integer(format: IntFormat, c: &Checks, variant: u64) -> Result<Value, String> {
    let (fmin, fmax) = match format {
        IntFormat::I32 => (i128::from(i32::MIN), i128::from(i32::MAX)),
        IntFormat::I64 => (i128::from(i64::MIN), i128::from(i64::MAX)),
    };
    let mut lo = fmin;
    let mut hi = fmax;
    if let Some(b) = c.minimum {
        lo = lo.max(i128::from(int_of(b.value)) + i128::from(b.exclusive));
    }
    if let Some(b) = c.maximum {
        hi = hi.min(i128::from(int_of(b.value)) - i128::from(b.exclusive));
    }
    let valid = |v: i64| (lo..=hi).contains(&i128::from(v)) && int_violations(v, c).is_empty();
    if !c.allowed.is_empty() {
        let mut ok: Vec<i64> = Vec::new();
        for a in &c.allowed {
            if let Number::Int(v) = *a
                && valid(v)
                && !ok.contains(&v)
            {
                ok.push(v);
            }
        }
        return match usize::try_from(variant).ok().and_then(|v| ok.get(v)) {
            Some(v) => Ok(Value::from(*v)),
            None if ok.is_empty() => Err(format!(
                "no value of the enum [{}] satisfies the other constraints",
                allowed_list(c)
            )),
            None => Err(format!("only {} distinct integers are allowed", ok.len())),
        };
    }
    if lo > hi {
        return Err("no integer satisfies minimum and maximum".into());
    }
    let m = match c.multiple_of {
        None => 1,
        Some(n) => i128::from(int_of(n)),
    };
    if m <= 0 {
        return Err(format!("multipleOf {m} is not positive"));
    }
    let start = lo.max(0);
    let s0 = start.div_euclid(m) * m + if start.rem_euclid(m) == 0 { 0 } else { m };
    let count_up = if s0 <= hi { (hi - s0) / m + 1 } else { 0 };
    let v = i128::from(variant);
    let x = if v < count_up {
        s0.saturating_add(v.saturating_mul(m))
    } else {
        let top = (s0 - m).min(hi.div_euclid(m) * m);
        top.saturating_sub((v - count_up).saturating_mul(m))
    };
    if x < lo || x > hi {
        return Err(if variant == 0 {
            "no integer satisfies minimum, maximum and multipleOf".into()
        } else {
            "no further distinct integer satisfies the constraints".into()
        });
    }
    let x = i64::try_from(x).map_err(|_| "out of range".to_owned())?;
    if !valid(x) {
        return Err("no integer satisfies the constraints".into());
    }
    Ok(Value::from(x))
}

fn next_up(x: f64) -> f64 {
    if x.is_nan() || x == f64::INFINITY {
        return x;
    }
    if x == 0.0 {
        return f64::from_bits(1);
    }
    let bits = x.to_bits();
    f64::from_bits(if x > 0.0 { bits + 1 } else { bits - 1 })
}

fn next_down(x: f64) -> f64 {
    -next_up(-x)
}

/// The number of decimals in the shortest display of `m`, if it is short.
fn decimals(m: f64) -> Option<usize> {
    let s = format!("{m}");
    let d = s.split_once('.').map_or(0, |(_, frac)| frac.len());
    (d <= 17).then_some(d)
}

fn json_number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// The `variant`-th number of the shape (0 or 1 when allowed, else the smallest value at or
/// above the minimum; `k * multipleOf` when there is one).
fn number(format: NumberFormat, c: &Checks, variant: u64) -> Result<Value, String> {
    // Valid both as written and after the round trip through `f32` (for `float`).
    let valid = |x: f64| {
        x.is_finite()
            && float_violations(x, c).is_empty()
            && float_violations(widen(x, format), c).is_empty()
    };
    let n = variant.min(100_000) as i64 + 16;
    let mut cands: Vec<f64> = Vec::new();
    if !c.allowed.is_empty() {
        cands.extend(c.allowed.iter().map(|a| f64_of(*a)));
    } else {
        let lo = c.minimum.map(|b| f64_of(b.value)).filter(|v| v.is_finite());
        let hi = c.maximum.map(|b| f64_of(b.value)).filter(|v| v.is_finite());
        match c.multiple_of.map(f64_of) {
            Some(m) if m > 0.0 && m.is_finite() => {
                let klo = lo.map(|l| (l / m).ceil());
                let khi = hi.map(|h| (h / m).floor());
                let mut k0 = 0.0f64;
                if let Some(k) = klo {
                    k0 = k0.max(k);
                }
                if let Some(k) = khi {
                    k0 = k0.min(k);
                }
                let mut ks: Vec<f64> = (0..n).map(|j| k0 + j as f64).collect();
                ks.extend((1..n).map(|j| k0 - j as f64));
                for k in [klo, khi].into_iter().flatten() {
                    ks.extend((-2..=2).map(|d| k + f64::from(d)));
                }
                let places = decimals(m);
                for k in ks {
                    let x = k * m;
                    let rounded = places
                        .and_then(|d| format!("{x:.d$}").parse::<f64>().ok())
                        .filter(|r| valid(*r));
                    cands.push(rounded.unwrap_or(x));
                }
            }
            _ => {
                cands.extend([0.0, 1.0]);
                if let Some(l) = lo {
                    cands.extend([l, l.floor() + 1.0, l + 1.0, l + 0.5, next_up(l)]);
                }
                if let Some(h) = hi {
                    if let Some(l) = lo {
                        cands.push(l + (h - l) / 2.0);
                    }
                    cands.extend([h, h.ceil() - 1.0, h - 1.0, h - 0.5, next_down(h)]);
                }
                cands.push(-1.0);
                if let Some(x0) = cands.iter().copied().find(|x| valid(*x)) {
                    cands.extend((1..n).map(|j| x0 + j as f64));
                    cands.extend((1..n).map(|j| x0 - j as f64));
                    if let Some(h) = hi {
                        let step = (h - x0) / (n as f64 + 1.0);
                        cands.extend((1..n).map(|j| x0 + step * j as f64));
                    }
                    if let Some(l) = lo {
                        let step = (x0 - l) / (n as f64 + 1.0);
                        cands.extend((1..n).map(|j| x0 - step * j as f64));
                    }
                }
            }
        }
    }
    let mut seen: Vec<f64> = Vec::new();
    for x in cands {
        if valid(x) && !seen.iter().any(|s| widen(*s, format) == widen(x, format)) {
            seen.push(x);
            if seen.len() as u64 > variant {
                return Ok(json_number(x));
            }
        }
    }
    Err(if seen.is_empty() {
        "no number satisfying the constraints was found".into()
    } else {
        format!("only {} distinct numbers were found", seen.len())
    })
}

/// Letters that make variant `v` distinct: "" for 0, then "b", "c", ..., "ba", ...
fn variant_prefix(mut v: u64) -> String {
    let mut out = Vec::new();
    while v > 0 {
        out.push(b'a' + (v % 26) as u8);
        v /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn plain_string(min: u64, max: Option<u64>, variant: u64) -> Result<String, String> {
    if min > MAX_STRING_LENGTH {
        return Err(format!("minLength {min} is too large to synthesise"));
    }
    let mut s: Vec<char> = format!("{}string", variant_prefix(variant))
        .chars()
        .collect();
    if (s.len() as u64) < min {
        if variant == 0 {
            s.clear();
        }
        s.resize(min as usize, 'a');
    }
    if let Some(max) = max
        && s.len() as u64 > max
    {
        s.truncate(max as usize);
    }
    Ok(s.into_iter().collect())
}

// ---------------------------------------------------------------------------------------------
// Strings from patterns
// ---------------------------------------------------------------------------------------------

/// A pattern's HIR, simplified: nodes are stored children first.
#[derive(Debug)]
enum Node {
    Empty,
    Never,
    Lit(Vec<char>),
    /// A class: its ranges, and the characters to prefer (readable ones first).
    Class {
        ranges: Vec<(char, char)>,
        cands: Vec<char>,
    },
    Look(Look),
    Rep {
        min: u32,
        max: Option<u32>,
        sub: usize,
    },
    Concat(Vec<usize>),
    Alt(Vec<usize>),
}

#[derive(Debug)]
struct Tree {
    nodes: Vec<Node>,
    root: usize,
    feasible: Vec<bool>,
    min: Vec<u64>,
}

impl Tree {
    fn parse(pattern: &str) -> Result<Tree, String> {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .map_err(|e| format!("the pattern cannot be parsed: {e}"))?;
        let mut nodes = Vec::new();
        let root = build(&hir, &mut nodes);
        let mut feasible = Vec::with_capacity(nodes.len());
        let mut min: Vec<u64> = Vec::with_capacity(nodes.len());
        for node in &nodes {
            let (f, m) = match node {
                Node::Empty | Node::Look(_) => (true, 0),
                Node::Never => (false, 0),
                Node::Lit(cs) => (true, cs.len() as u64),
                Node::Class { .. } => (true, 1),
                Node::Rep { min: r, sub, .. } => {
                    if feasible[*sub] {
                        (true, min[*sub].saturating_mul(u64::from(*r)))
                    } else {
                        (*r == 0, 0)
                    }
                }
                Node::Concat(kids) => (
                    kids.iter().all(|k| feasible[*k]),
                    kids.iter().fold(0u64, |a, k| a.saturating_add(min[*k])),
                ),
                Node::Alt(kids) => (
                    kids.iter().any(|k| feasible[*k]),
                    kids.iter()
                        .filter(|k| feasible[**k])
                        .map(|k| min[*k])
                        .min()
                        .unwrap_or(0),
                ),
            };
            feasible.push(f);
            min.push(m);
        }
        Ok(Tree {
            nodes,
            root,
            feasible,
            min,
        })
    }

    /// A string of `min..=max` characters (as checked by `ok`) matching the pattern.
    fn generate(
        &self,
        min: u64,
        max: Option<u64>,
        variant: u64,
        ok: &dyn Fn(&str) -> bool,
    ) -> Result<String, String> {
        if !self.feasible[self.root] {
            return Err("the pattern can never match".into());
        }
        let rmin = self.min[self.root];
        if let Some(max) = max
            && rmin > max
        {
            return Err(format!(
                "every match has at least {rmin} characters, more than maxLength {max}"
            ));
        }
        if rmin > PATTERN_CAP {
            return Err(format!(
                "every match has at least {rmin} characters: too long to synthesise"
            ));
        }
        // Beyond the cap, only a shorter match that is padded can reach `minLength`.
        let lower = min.max(rmin).min(PATTERN_CAP);
        let cap = (lower + 64).min(max.unwrap_or(u64::MAX)).min(PATTERN_CAP) as usize;
        let mut g = Gen::new(self, cap);
        if !g.compute_sets() {
            return Err("the pattern is too complex to synthesise a string for".into());
        }
        let lengths: Vec<usize> = g.sets[self.root].ones().collect();
        // Without a prefix first; a prefix lets a leading `\B` or `\b` see the character it
        // needs before the match (an unanchored pattern may match anywhere).
        for (mode, prefix) in (0..8).flat_map(|m| ["", "a", " ", "0"].map(|p| (m, p))) {
            if g.total == 0 {
                break;
            }
            let plen = prefix.chars().count() as u64;
            // 1. A match of exactly the target length.
            for &len in lengths.iter().filter(|l| **l as u64 + plen >= min).take(8) {
                if let Some(s) = g.attempt(mode, prefix, len, variant)
                    && ok(&s)
                {
                    return Ok(s);
                }
            }
            // 2. A shorter match, padded where the anchors allow it.
            for &len in lengths.iter().take(4) {
                let Some(s) = g.attempt(mode, prefix, len, variant) else {
                    continue;
                };
                if ok(&s) {
                    return Ok(s);
                }
                let n = s.chars().count() as u64;
                if n >= min {
                    continue;
                }
                let deficit = (min - n) as usize;
                for pad in ['a', '0', ' ', 'x', '-', '_', '.', 'A', '\n'] {
                    let p: String = std::iter::repeat_n(pad, deficit).collect();
                    let half: String = std::iter::repeat_n(pad, deficit / 2).collect();
                    let rest: String = std::iter::repeat_n(pad, deficit - deficit / 2).collect();
                    for candidate in [
                        format!("{s}{p}"),
                        format!("{p}{s}"),
                        format!("{half}{s}{rest}"),
                    ] {
                        if ok(&candidate) {
                            return Ok(candidate);
                        }
                    }
                }
            }
        }
        let mut why = match max {
            Some(max) => format!("no match of {min} to {max} characters"),
            None => format!("no match of at least {min} characters"),
        };
        if min > PATTERN_CAP {
            why.push_str(&format!(
                " (matches longer than {PATTERN_CAP} characters are only made by padding)"
            ));
        }
        Err(why)
    }
}

fn build(hir: &Hir, nodes: &mut Vec<Node>) -> usize {
    let node = match hir.kind() {
        HirKind::Empty => Node::Empty,
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(s) => Node::Lit(s.chars().collect()),
            Err(_) => Node::Never,
        },
        HirKind::Class(Class::Unicode(c)) => {
            class_node(c.iter().map(|r| (r.start(), r.end())).collect())
        }
        HirKind::Class(Class::Bytes(c)) => class_node(
            c.iter()
                .filter(|r| r.start() <= 0x7F)
                .map(|r| (char::from(r.start()), char::from(r.end().min(0x7F))))
                .collect(),
        ),
        HirKind::Look(look) => Node::Look(*look),
        HirKind::Repetition(rep) => {
            let sub = build(&rep.sub, nodes);
            Node::Rep {
                min: rep.min,
                max: rep.max,
                sub,
            }
        }
        HirKind::Capture(cap) => return build(&cap.sub, nodes),
        HirKind::Concat(subs) => Node::Concat(subs.iter().map(|h| build(h, nodes)).collect()),
        HirKind::Alternation(subs) => Node::Alt(subs.iter().map(|h| build(h, nodes)).collect()),
    };
    nodes.push(node);
    nodes.len() - 1
}

fn class_node(ranges: Vec<(char, char)>) -> Node {
    if ranges.is_empty() {
        return Node::Never;
    }
    let cands = candidates(&ranges);
    Node::Class { ranges, cands }
}

fn in_ranges(ranges: &[(char, char)], c: char) -> bool {
    ranges.iter().any(|&(s, e)| s <= c && c <= e)
}

/// The characters of a class to choose from, most readable first: ASCII letters and digits,
/// `-_. `, other printable ASCII, then a few printable non-ASCII characters.
fn candidates(ranges: &[(char, char)]) -> Vec<char> {
    let mut out = Vec::new();
    let ascii = ('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .chain("-_. ".chars())
        .chain((' '..='~').filter(|c| !c.is_ascii_alphanumeric() && !"-_. ".contains(*c)));
    for c in ascii {
        if in_ranges(ranges, c) {
            out.push(c);
        }
    }
    let mut extra = 0;
    'ranges: for &(s, e) in ranges {
        let start = (s as u32).max(0x80);
        for u in (start..=e as u32).take(256) {
            if let Some(c) = char::from_u32(u)
                && !c.is_control()
                && !c.is_whitespace()
            {
                out.push(c);
                extra += 1;
                if extra >= 16 {
                    break 'ranges;
                }
            }
        }
    }
    if out.is_empty() {
        'any: for &(s, e) in ranges {
            for u in (s as u32..=e as u32).take(8) {
                if let Some(c) = char::from_u32(u) {
                    out.push(c);
                    if out.len() >= 8 {
                        break 'any;
                    }
                }
            }
        }
    }
    out
}

fn is_word_ascii(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_word_unicode(c: char) -> bool {
    regex_syntax::try_is_word_character(c).unwrap_or(c.is_alphanumeric() || c == '_')
}

/// A set of lengths `0..n`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Bits {
    words: Vec<u64>,
    n: usize,
}

impl Bits {
    fn empty(n: usize) -> Self {
        Bits {
            words: vec![0; n.div_ceil(64)],
            n,
        }
    }

    fn single(n: usize, i: usize) -> Self {
        let mut b = Bits::empty(n);
        b.set(i);
        b
    }

    fn set(&mut self, i: usize) {
        if i < self.n {
            self.words[i / 64] |= 1 << (i % 64);
        }
    }

    fn get(&self, i: usize) -> bool {
        i < self.n && self.words[i / 64] & (1 << (i % 64)) != 0
    }

    fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    fn or(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// Every element plus `k` (elements reaching `n` are dropped).
    fn shifted(&self, k: usize) -> Bits {
        let mut out = Bits::empty(self.n);
        let (ws, bs) = (k / 64, k % 64);
        let len = self.words.len();
        for i in (ws..len).rev() {
            let src = i - ws;
            let mut w = self.words[src] << bs;
            if bs > 0 && src > 0 {
                w |= self.words[src - 1] >> (64 - bs);
            }
            out.words[i] = w;
        }
        out.trim();
        out
    }

    fn trim(&mut self) {
        let extra = self.words.len() * 64 - self.n;
        if extra > 0
            && let Some(last) = self.words.last_mut()
        {
            *last &= u64::MAX >> extra;
        }
    }

    fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            (0..64usize)
                .filter(move |b| w & (1u64 << b) != 0)
                .map(move |b| i * 64 + b)
        })
    }

    /// Maximal runs of consecutive elements.
    fn runs(&self) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        for i in self.ones() {
            match out.last_mut() {
                Some((_, end)) if *end + 1 == i => *end = i,
                _ => out.push((i, i)),
            }
        }
        out
    }
}

/// `{x + y : x in a, y in b}`, below the bound; `None` when the budget runs out.
fn sumset(a: &Bits, b: &Bits, budget: &mut u64) -> Option<Bits> {
    let mut out = Bits::empty(a.n);
    let words = a.words.len() as u64 + 1;
    for (s, e) in b.runs() {
        let mut q = a.shifted(s);
        // Union of the shifts by 0..=e-s, by doubling.
        let d = e - s;
        let mut span = 1;
        while span <= d {
            let step = span.min(d + 1 - span);
            let t = q.shifted(step);
            q.or(&t);
            span += step;
            *budget = budget.checked_sub(words)?;
        }
        out.or(&q);
        *budget = budget.checked_sub(words * 2)?;
    }
    Some(out)
}

/// What the next character must be, because of a look-around assertion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Need {
    ascii_word: Option<bool>,
    unicode_word: Option<bool>,
    /// 0: nothing; 1: `\n` (or the end); 2: `\r` or `\n` (or the end).
    eol: u8,
}

impl Need {
    fn allows(&self, c: char) -> bool {
        self.ascii_word.is_none_or(|w| is_word_ascii(c) == w)
            && self.unicode_word.is_none_or(|w| is_word_unicode(c) == w)
            && match self.eol {
                0 => true,
                1 => c == '\n',
                _ => c == '\n' || c == '\r',
            }
    }

    fn allows_end(&self) -> bool {
        self.ascii_word != Some(true) && self.unicode_word != Some(true)
    }
}

#[derive(Clone, Copy)]
struct Checkpoint {
    len: usize,
    need: Need,
    ended: bool,
    rest: u128,
}

/// Builds matches of a [`Tree`] of exact lengths.
struct Gen<'t> {
    tree: &'t Tree,
    /// Lengths are tracked in `0..=cap`.
    cap: usize,
    sets: Vec<Bits>,
    /// Per concatenation: the lengths of each suffix of its children.
    suffix: HashMap<usize, Vec<Bits>>,
    /// Per repetition with irregular lengths: the lengths of 0, 1, 2... copies, and whether the
    /// list stops because it became stable (`true`) or empty (`false`).
    powers: HashMap<usize, (Vec<Bits>, bool)>,
    set_budget: u64,
    steps: u64,
    /// Steps left for all attempts.
    total: u64,
    /// 0: readable characters first; 1: non-word characters first; 2 and up: pseudo-random
    /// choices (seeded by the mode), for look-arounds the first choices do not satisfy.
    mode: u8,
    rng: u64,
    depth: usize,
    out: String,
    need: Need,
    ended: bool,
    /// The variant still to spend on choices (mixed radix: each choice takes a digit).
    rest: u128,
}

impl<'t> Gen<'t> {
    fn new(tree: &'t Tree, cap: usize) -> Self {
        Gen {
            tree,
            cap,
            sets: Vec::new(),
            suffix: HashMap::new(),
            powers: HashMap::new(),
            set_budget: SET_BUDGET,
            steps: 0,
            total: TOTAL_GEN_BUDGET,
            mode: 0,
            rng: 0,
            depth: 0,
            out: String::new(),
            need: Need::default(),
            ended: false,
            rest: 0,
        }
    }

    fn n(&self) -> usize {
        self.cap + 1
    }

    fn compute_sets(&mut self) -> bool {
        let n = self.n();
        let tree = self.tree;
        for node in &tree.nodes {
            let set = match node {
                Node::Empty | Node::Look(_) => Bits::single(n, 0),
                Node::Never => Bits::empty(n),
                Node::Lit(cs) => Bits::single(n, cs.len()),
                Node::Class { .. } => Bits::single(n, 1),
                Node::Concat(kids) => {
                    let mut acc = Bits::single(n, 0);
                    for k in kids {
                        match sumset(&acc, &self.sets[*k], &mut self.set_budget) {
                            Some(s) => acc = s,
                            None => return false,
                        }
                    }
                    acc
                }
                Node::Alt(kids) => {
                    let mut acc = Bits::empty(n);
                    for k in kids {
                        acc.or(&self.sets[*k]);
                    }
                    acc
                }
                Node::Rep { min, max, sub } => {
                    let s = &self.sets[*sub];
                    let min = u64::from(*min);
                    let max = max.map(u64::from);
                    let mut r = if min == 0 {
                        Bits::single(n, 0)
                    } else {
                        Bits::empty(n)
                    };
                    let mut p = Bits::single(n, 0);
                    let mut k = 0u64;
                    loop {
                        if max.is_some_and(|x| k >= x) {
                            break;
                        }
                        let Some(next) = sumset(&p, s, &mut self.set_budget) else {
                            return false;
                        };
                        k += 1;
                        if next.is_empty() {
                            break;
                        }
                        let stable = next == p;
                        p = next;
                        if k >= min || stable {
                            r.or(&p);
                        }
                        if stable {
                            break;
                        }
                    }
                    r
                }
            };
            self.sets.push(set);
        }
        true
    }

    fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            len: self.out.len(),
            need: self.need,
            ended: self.ended,
            rest: self.rest,
        }
    }

    fn restore(&mut self, cp: Checkpoint) {
        self.out.truncate(cp.len);
        self.need = cp.need;
        self.ended = cp.ended;
        self.rest = cp.rest;
    }

    /// One attempt at `prefix` followed by a match of `len` characters.
    fn attempt(&mut self, mode: u8, prefix: &str, len: usize, variant: u64) -> Option<String> {
        self.mode = mode;
        self.rng = 0x9E37_79B9_7F4A_7C15 ^ u64::from(mode).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        self.out.clear();
        self.out.push_str(prefix);
        self.need = Need::default();
        self.ended = false;
        self.rest = u128::from(variant);
        self.steps = GEN_BUDGET;
        self.depth = 0;
        if !self.make(self.tree.root, len) {
            return None;
        }
        if !self.ended && !self.need.allows_end() {
            // A pending `\b` wants a word character after the match: add one.
            let c = ['a', 'A', '0', '_']
                .into_iter()
                .find(|c| self.need.allows(*c))?;
            self.out.push(c);
        }
        Some(self.out.clone())
    }

    fn make(&mut self, id: usize, len: usize) -> bool {
        if self.steps == 0
            || self.total == 0
            || self.depth > MAX_GEN_DEPTH
            || !self.sets[id].get(len)
        {
            return false;
        }
        self.steps -= 1;
        self.total -= 1;
        let cp = self.checkpoint();
        self.depth += 1;
        let tree = self.tree;
        let ok = match &tree.nodes[id] {
            Node::Empty => true,
            Node::Never => false,
            Node::Lit(cs) => cs.iter().all(|c| self.push(*c)),
            Node::Class { ranges, cands } => self.pick(ranges, cands),
            Node::Look(look) => self.look(*look),
            Node::Rep { min, max, sub } => self.gen_rep(id, *min, *max, *sub, len),
            Node::Concat(kids) => self.gen_concat(id, kids, len),
            Node::Alt(kids) => self.gen_alt(kids, len),
        };
        self.depth -= 1;
        if !ok {
            self.restore(cp);
        }
        ok
    }

    /// A pseudo-random index below `n` (xorshift64*).
    fn random(&mut self, n: usize) -> usize {
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        (self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }

    /// Spends one digit of the variant on a choice among `n`.
    fn choose(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let n = n as u128;
        let i = self.rest % n;
        self.rest /= n;
        i as usize
    }

    fn push(&mut self, c: char) -> bool {
        if self.ended || !self.need.allows(c) {
            return false;
        }
        self.out.push(c);
        self.need = Need::default();
        true
    }

    fn pick(&mut self, ranges: &[(char, char)], cands: &[char]) -> bool {
        if self.ended {
            return false;
        }
        let need = self.need;
        let mut allowed: Vec<char> = cands.iter().copied().filter(|c| need.allows(*c)).collect();
        if self.mode == 1 {
            allowed.sort_by_key(|c| is_word_ascii(*c));
        }
        if !allowed.is_empty() {
            let mut i = self.choose(allowed.len());
            if self.mode >= 2 {
                i = (i + self.random(allowed.len())) % allowed.len();
            }
            return self.push(allowed[i]);
        }
        // Nothing readable fits what the look-around needs: search the class.
        let mut scanned = 0;
        for &(s, e) in ranges {
            for u in s as u32..=e as u32 {
                scanned += 1;
                if scanned > 10_000 {
                    return false;
                }
                if let Some(c) = char::from_u32(u)
                    && need.allows(c)
                {
                    return self.push(c);
                }
            }
        }
        false
    }

    fn look(&mut self, look: Look) -> bool {
        let prev = self.out.chars().next_back();
        let pa = prev.is_some_and(is_word_ascii);
        let pu = prev.is_some_and(is_word_unicode);
        match look {
            Look::Start => self.out.is_empty(),
            Look::End => {
                if !self.need.allows_end() {
                    return false;
                }
                self.ended = true;
                true
            }
            Look::StartLF => prev.is_none_or(|c| c == '\n'),
            Look::StartCRLF => prev.is_none_or(|c| c == '\n' || c == '\r'),
            Look::EndLF => self.next_eol(1),
            Look::EndCRLF => self.next_eol(2),
            Look::WordAscii => self.next_word(false, !pa),
            Look::WordAsciiNegate => self.next_word(false, pa),
            Look::WordUnicode => self.next_word(true, !pu),
            Look::WordUnicodeNegate => self.next_word(true, pu),
            Look::WordStartAscii => !pa && self.next_word(false, true),
            Look::WordEndAscii => pa && self.next_word(false, false),
            Look::WordStartUnicode => !pu && self.next_word(true, true),
            Look::WordEndUnicode => pu && self.next_word(true, false),
            Look::WordStartHalfAscii => !pa,
            Look::WordEndHalfAscii => self.next_word(false, false),
            Look::WordStartHalfUnicode => !pu,
            Look::WordEndHalfUnicode => self.next_word(true, false),
        }
    }

    /// The next character must (not) be a word character.
    fn next_word(&mut self, unicode: bool, want: bool) -> bool {
        if self.ended {
            // The end of the text counts as a non-word character.
            return !want;
        }
        let slot = if unicode {
            &mut self.need.unicode_word
        } else {
            &mut self.need.ascii_word
        };
        match *slot {
            Some(w) if w != want => false,
            _ => {
                *slot = Some(want);
                true
            }
        }
    }

    fn next_eol(&mut self, kind: u8) -> bool {
        if !self.ended {
            self.need.eol = match (self.need.eol, kind) {
                (0, k) => k,
                (1, _) | (_, 1) => 1,
                _ => 2,
            };
        }
        true
    }

    fn gen_alt(&mut self, kids: &[usize], len: usize) -> bool {
        let options: Vec<usize> = kids
            .iter()
            .copied()
            .filter(|k| self.sets[*k].get(len))
            .collect();
        let mut start = self.choose(options.len());
        if self.mode >= 2 && !options.is_empty() {
            start = (start + self.random(options.len())) % options.len();
        }
        for i in 0..options.len() {
            if self.make(options[(start + i) % options.len()], len) {
                return true;
            }
            if self.steps == 0 {
                return false;
            }
        }
        false
    }

    fn gen_concat(&mut self, id: usize, kids: &[usize], len: usize) -> bool {
        if !self.suffix.contains_key(&id) {
            let n = self.n();
            let mut sets = vec![Bits::single(n, 0)];
            for k in kids.iter().rev() {
                let last = sets.last().cloned().unwrap_or_else(|| Bits::single(n, 0));
                match sumset(&self.sets[*k], &last, &mut self.set_budget) {
                    Some(s) => sets.push(s),
                    None => return false,
                }
            }
            sets.reverse();
            self.suffix.insert(id, sets);
        }
        if kids.len() <= 32 {
            return self.concat_from(id, kids, 0, len);
        }
        // Long concatenations: no backtracking into earlier children.
        let mut rem = len;
        for i in 0..kids.len() {
            let options = self.concat_options(id, kids, i, rem);
            let mut done = false;
            for l in options.into_iter().take(8) {
                if self.make(kids[i], l) {
                    rem -= l;
                    done = true;
                    break;
                }
            }
            if !done {
                return false;
            }
        }
        rem == 0
    }

    /// The lengths child `i` may take so that the rest can make up `rem`.
    fn concat_options(&self, id: usize, kids: &[usize], i: usize, rem: usize) -> Vec<usize> {
        let suffix = &self.suffix[&id][i + 1];
        self.sets[kids[i]]
            .ones()
            .take_while(|l| *l <= rem)
            .filter(|l| suffix.get(rem - l))
            .collect()
    }

    fn concat_from(&mut self, id: usize, kids: &[usize], i: usize, rem: usize) -> bool {
        if i == kids.len() {
            return rem == 0;
        }
        if self.depth > MAX_GEN_DEPTH {
            return false;
        }
        self.depth += 1;
        let ok = self.concat_rest(id, kids, i, rem);
        self.depth -= 1;
        ok
    }

    fn concat_rest(&mut self, id: usize, kids: &[usize], i: usize, rem: usize) -> bool {
        for l in self.concat_options(id, kids, i, rem) {
            let cp = self.checkpoint();
            if self.make(kids[i], l) && self.concat_from(id, kids, i + 1, rem - l) {
                return true;
            }
            self.restore(cp);
            if self.steps == 0 {
                return false;
            }
        }
        false
    }

    fn gen_rep(&mut self, id: usize, min: u32, max: Option<u32>, sub: usize, len: usize) -> bool {
        let runs = self.sets[sub].runs();
        let min = min as usize;
        let max = max.map_or(usize::MAX, |m| m as usize);
        if let [(a, b)] = runs[..] {
            // Each copy takes a length in a..=b, so k copies make exactly k*a..=k*b.
            // Zero-width copies are all alike: one is enough.
            let k = if b == 0 {
                min.min(1)
            } else {
                min.max(len.div_ceil(b))
            };
            if k > max || k.saturating_mul(a) > len || k > 100_000 {
                return false;
            }
            let mut rem = len;
            for j in 0..k {
                let after = k - j - 1;
                let lo = a.max(rem.saturating_sub(after.saturating_mul(b)));
                let hi = b.min(rem - after * a);
                let mut done = false;
                for l in (lo..=hi).take(8) {
                    if self.make(sub, l) {
                        rem -= l;
                        done = true;
                        break;
                    }
                }
                if !done {
                    return false;
                }
            }
            return rem == 0;
        }
        if runs.is_empty() {
            return min == 0 && len == 0;
        }
        // Irregular lengths: use the lengths of j copies.
        let mut k = None;
        let mut j = min;
        while j <= max {
            if !self.ensure_powers(id, sub, j) {
                return false;
            }
            let (list, stable) = &self.powers[&id];
            match power(list, *stable, j) {
                None => return false,
                Some(p) if p.get(len) => {
                    k = Some(j);
                    break;
                }
                Some(_) if *stable && j >= list.len() - 1 => return false,
                Some(_) => j += 1,
            }
        }
        let Some(k) = k else {
            return false;
        };
        let mut rem = len;
        for c in 0..k {
            let after = k - c - 1;
            let options: Vec<usize> = {
                let (list, stable) = &self.powers[&id];
                let Some(rest) = power(list, *stable, after) else {
                    return false;
                };
                self.sets[sub]
                    .ones()
                    .take_while(|l| *l <= rem)
                    .filter(|l| rest.get(rem - l))
                    .collect()
            };
            let mut done = false;
            for l in options.into_iter().take(8) {
                if self.make(sub, l) {
                    rem -= l;
                    done = true;
                    break;
                }
            }
            if !done {
                return false;
            }
        }
        rem == 0
    }

    /// Computes the lengths of up to `upto` copies of `sub` (or until they are stable/empty).
    fn ensure_powers(&mut self, id: usize, sub: usize, upto: usize) -> bool {
        let n = self.n();
        let (list, stable) = self
            .powers
            .entry(id)
            .or_insert_with(|| (vec![Bits::single(n, 0)], false));
        loop {
            let last = list.len() - 1;
            if last >= upto || *stable {
                return true;
            }
            if last > 0 && list[last].is_empty() {
                return true;
            }
            let Some(next) = sumset(&list[last], &self.sets[sub], &mut self.set_budget) else {
                return false;
            };
            if next == list[last] {
                *stable = true;
            } else {
                list.push(next);
            }
        }
    }
}

/// The lengths of `j` copies, from the computed list; `None` when there is no such length.
fn power(list: &[Bits], stable: bool, j: usize) -> Option<&Bits> {
    let p = if j < list.len() {
        &list[j]
    } else if stable {
        list.last()?
    } else {
        return None;
    };
    (!p.is_empty()).then_some(p)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::ir::{Bound, ContentKind, Enum, Pattern, Variant};

    fn lowered(yaml: &str) -> Api {
        let spec = crate::load::parse(yaml, "t.yaml").expect("the spec parses");
        crate::lower::lower(&spec, &crate::Settings::default()).expect("the spec lowers")
    }

    /// An API with these (ECMA) patterns and these types.
    fn api(patterns: &[&str], types: Vec<TypeDef>) -> Api {
        Api {
            title: "t".into(),
            version: "1".into(),
            description: None,
            source_file: "t.yaml".into(),
            servers: Vec::new(),
            types,
            operations: Vec::new(),
            patterns: patterns
                .iter()
                .enumerate()
                .map(|(i, p)| Pattern {
                    name: format!("PATTERN_{}", i + 1),
                    ecma: (*p).to_owned(),
                    regex: Some(crate::ecma_regex::translate(p).expect("the pattern translates")),
                    whole_string_class: None,
                })
                .collect(),
            security_schemes: Vec::new(),
            warnings: Vec::new(),
            parts: crate::ir::Parts::default(),
            dependencies: Vec::new(),
        }
    }

    /// An API whose single pattern is given in `regex` syntax directly.
    fn raw_api(regex: &str) -> Api {
        let mut a = api(&[], Vec::new());
        a.patterns.push(Pattern {
            name: "PATTERN_1".into(),
            ecma: regex.into(),
            regex: Some(regex.into()),
            whole_string_class: None,
        });
        a
    }

    fn string(pattern: Option<usize>, min: Option<u64>, max: Option<u64>) -> Shape {
        let mut s = Shape::of(Ty::String(StringFormat::Plain));
        s.checks.patterns = pattern.into_iter().collect();
        s.checks.min_length = min;
        s.checks.max_length = max;
        s
    }

    fn int_bound(v: i64, exclusive: bool) -> Option<Bound> {
        Some(Bound {
            value: Number::Int(v),
            exclusive,
        })
    }

    fn float_bound(v: f64, exclusive: bool) -> Option<Bound> {
        Some(Bound {
            value: Number::Float(v),
            exclusive,
        })
    }

    fn enum_type(name: &str, values: &[&str]) -> TypeDef {
        TypeDef {
            name: name.into(),
            docs: Default::default(),
            kind: TypeKind::Enum(Enum {
                variants: values
                    .iter()
                    .map(|v| Variant {
                        name: v.to_uppercase(),
                        value: (*v).into(),
                        docs: Default::default(),
                    })
                    .collect(),
                open: false,
            }),
            extras: Default::default(),
        }
    }

    /// `example` succeeds, conforms, and is deterministic.
    #[track_caller]
    fn good(api: &Api, shape: &Shape) -> Value {
        let value = example(api, shape).unwrap_or_else(|e| panic!("no example: {e}"));
        let problems = conforms(api, shape, &value);
        assert!(
            problems.is_empty(),
            "{value} does not conform: {problems:?}"
        );
        assert_eq!(
            example(api, shape).as_ref(),
            Ok(&value),
            "not deterministic"
        );
        value
    }

    #[track_caller]
    fn bad(api: &Api, shape: &Shape) -> SynthError {
        match example(api, shape) {
            Ok(v) => panic!("expected an error, got {v}"),
            Err(e) => e,
        }
    }

    /// A typed format on constrained text (a date-time with a pattern and a length limit, as
    /// Open Finance Brasil writes them): the example satisfies the format as well as the text
    /// constraints, and a value that only fits the pattern does not conform.
    #[test]
    fn typed_formats_on_constrained_text() {
        let pattern = r"^(\d{4})-(1[0-2]|0?[1-9])-(3[01]|[12][0-9]|0?[1-9])T(?:[01]\d|2[0123]):(?:[012345]\d):(?:[012345]\d)Z$";
        let dated = raw_api(pattern);
        let mut shape = string(Some(0), None, Some(20));
        shape.checks.format = Some(TextFormat::Typed(StringFormat::DateTime));
        let value = good(&dated, &shape);
        assert!(
            openapi_runtime::validation::is_date_time(value.as_str().unwrap()),
            "{value}"
        );
        assert_eq!(
            conforms(&dated, &shape, &json!("2024-02-30T00:00:00Z")),
            [
                ": must be an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)), found \"2024-02-30T00:00:00Z\""
            ]
        );
        let plain = api(&[], Vec::new());
        for format in [StringFormat::Date, StringFormat::Uuid, StringFormat::Byte] {
            let mut shape = string(None, Some(4), Some(40));
            shape.checks.format = Some(TextFormat::Typed(format));
            good(&plain, &shape);
        }
        // No date-time is 10 characters long.
        let mut shape = string(None, None, Some(10));
        shape.checks.format = Some(TextFormat::Typed(StringFormat::DateTime));
        bad(&plain, &shape);
    }

    #[test]
    fn directory_patterns() {
        let patterns = [
            r"^[^<>]*$",
            r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|UTC)$",
            r"^[a-zA-Z0-9][a-zA-Z0-9\-]{0,99}$",
            r"^(http://|https://).*.(svg|png|jpg|jpeg)$|(data:image/[a-zA-Z0-9;+=-]+,[A-Za-z0-9+/]*={0,2})$",
        ];
        let a = api(&patterns, Vec::new());
        assert_eq!(good(&a, &string(Some(0), Some(5), None)), json!("aaaaa"));
        assert_eq!(good(&a, &string(Some(0), Some(5), Some(5))), json!("aaaaa"));
        assert_eq!(
            good(&a, &string(Some(1), None, None)),
            json!("Mon, 00 Jan 0000 00:00:00 GMT")
        );
        assert_eq!(good(&a, &string(Some(2), Some(1), Some(100))), json!("a"));
        let long = good(&a, &string(Some(2), Some(100), Some(100)));
        assert_eq!(long.as_str().map(|s| s.chars().count()), Some(100));
        good(&a, &string(Some(3), None, None));
        good(&a, &string(Some(3), Some(40), Some(60)));
        good(&a, &string(Some(3), Some(300), None));
        // Too long for the anchored pattern.
        let e = bad(&a, &string(Some(2), Some(101), None));
        assert!(e.message.contains("no match"), "{e}");
    }

    #[test]
    fn word_boundaries_and_anchors() {
        let a = api(
            &[
                r"\bcat\b",
                r"^\d{3,}$",
                r"^$",
                r"\d{3}",
                r"^abc",
                r"xyz$",
                r"\Bb",
            ],
            Vec::new(),
        );
        assert_eq!(good(&a, &string(Some(0), None, None)), json!("cat"));
        good(&a, &string(Some(0), Some(10), None));
        assert_eq!(good(&a, &string(Some(1), None, Some(3))), json!("000"));
        let e = bad(&a, &string(Some(1), None, Some(2)));
        assert!(e.message.contains("at least 3 characters"), "{e}");
        assert_eq!(good(&a, &string(Some(2), None, None)), json!(""));
        bad(&a, &string(Some(2), Some(1), None));
        // Unanchored: padded to reach minLength.
        assert_eq!(good(&a, &string(Some(3), Some(6), None)), json!("000aaa"));
        good(&a, &string(Some(4), Some(8), Some(8)));
        good(&a, &string(Some(5), Some(8), Some(8)));
        good(&a, &string(Some(6), None, None));
    }

    #[test]
    fn raw_regex_corner_cases() {
        for (regex, min, max, ok) in [
            (r"(?-u:\b)", None, None, true),
            (r"(?-u:\b)", None, Some(0), false),
            (r"[^\s\S]", None, None, false),
            (r"^$", None, None, true),
            (r"a{1000}", None, None, true),
            (r"^a{1000}$", Some(1000), Some(1000), true),
            (r"^(?:a{3}){100}$", None, None, true),
            (r"\x{2028}", None, None, true),
            (r"^[\x{2028}\x{2029}]+$", Some(3), None, true),
            (r"\b\B", None, None, false),
            (r"^(?:ab|c)*$", Some(5), Some(5), true),
            (r"^(?:ab)*$", Some(5), Some(5), false),
            (r"^(?:ab)*$", Some(5), Some(6), true),
            (r"\bfoo\b\s\bbar\b", None, None, true),
            (r"^\w+\b", Some(4), None, true),
            (r"(?m)^a$", Some(5), None, true),
            (r"\b{start}x\b{end}", None, None, true),
            (r"^\p{Greek}{2,4}$", None, None, true),
            (r"^(?:(?:a?){1000})$", Some(3), Some(3), true),
            (r"^(?:a|bc){2,}$", Some(7), Some(7), true),
            (r"^\d+(?:\.\d{1,2})?$", Some(6), Some(6), true),
            (r"^[a-z]\b[0-9]$", None, None, false),
            (r"a^b", None, None, false),
            (r"b{5}[\w-]\B\.", None, None, true),
            (r"^a\b[^a]\B\W\b\w$", None, None, true),
            (r"\Bb", None, None, true),
        ] {
            let a = raw_api(regex);
            let shape = string(Some(0), min, max);
            match example(&a, &shape) {
                Ok(v) => {
                    assert!(ok, "{regex}: expected an error, got {v}");
                    assert!(conforms(&a, &shape, &v).is_empty(), "{regex}: {v}");
                }
                Err(e) => assert!(!ok, "{regex}: {e}"),
            }
        }
    }

    #[test]
    fn plain_strings_and_dates() {
        let a = api(&[], Vec::new());
        assert_eq!(good(&a, &string(None, None, None)), json!("string"));
        assert_eq!(good(&a, &string(None, Some(8), None)), json!("aaaaaaaa"));
        assert_eq!(good(&a, &string(None, None, Some(3))), json!("str"));
        assert_eq!(good(&a, &string(None, None, Some(0))), json!(""));
        bad(&a, &string(None, Some(4), Some(3)));
        assert_eq!(
            good(&a, &Shape::of(Ty::String(StringFormat::DateTime))),
            json!("2024-01-01T00:00:00Z")
        );
        assert_eq!(
            good(&a, &Shape::of(Ty::String(StringFormat::Date))),
            json!("2024-01-01")
        );
        let dt = Shape::of(Ty::String(StringFormat::DateTime));
        for ok in [
            "2024-02-29T23:59:59.123456789123+05:30",
            // A leap second at 23:59:60 UTC, after the offset (RFC 3339 5.7).
            "1998-12-31T23:59:60Z",
            "1998-12-31T15:59:60.123-08:00",
            "1999-12-31t00:00:00z",
            "2000-01-01T00:00:00-00:00",
        ] {
            assert!(conforms(&a, &dt, &json!(ok)).is_empty(), "{ok}");
        }
        for no in [
            "2023-02-29T00:00:00Z",
            "2024-01-01 00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00+0100",
            "2024-1-01T00:00:00Z",
            "é024-01-01T00:00:00Z",
            "1998-12-31T23:58:60Z",
            "1998-12-31T22:59:60Z",
            "2024-02-29T23:59:60.5+05:30",
        ] {
            assert_eq!(conforms(&a, &dt, &json!(no)).len(), 1, "{no}");
        }
        let date = Shape::of(Ty::String(StringFormat::Date));
        assert!(conforms(&a, &date, &json!("2000-02-29")).is_empty());
        assert_eq!(conforms(&a, &date, &json!("1900-02-29")).len(), 1);
        assert_eq!(conforms(&a, &date, &json!("2024-13-01")).len(), 1);
    }

    #[test]
    fn integers() {
        let a = api(&[], Vec::new());
        let int = |min: Option<Bound>, max: Option<Bound>, mult: Option<i64>| {
            let mut s = Shape::of(Ty::Integer(IntFormat::I64));
            s.checks.minimum = min;
            s.checks.maximum = max;
            s.checks.multiple_of = mult.map(Number::Int);
            s
        };
        assert_eq!(good(&a, &int(None, None, None)), json!(0));
        assert_eq!(good(&a, &int(int_bound(0, true), None, None)), json!(1));
        assert_eq!(
            good(&a, &int(int_bound(0, true), int_bound(100, false), Some(5))),
            json!(5)
        );
        assert_eq!(
            good(&a, &int(int_bound(7, true), int_bound(12, true), Some(4))),
            json!(8)
        );
        assert_eq!(
            good(
                &a,
                &int(int_bound(-50, false), int_bound(-10, true), Some(7))
            ),
            json!(-14)
        );
        assert_eq!(good(&a, &int(None, int_bound(-3, false), None)), json!(-3));
        bad(&a, &int(int_bound(5, true), int_bound(6, true), None));
        bad(&a, &int(int_bound(1, false), int_bound(4, false), Some(5)));
        // `-0` is an integer (serde_json reads it as -0.0); `1.0` and `1.5` are not.
        let plain = int(None, None, None);
        let minus_zero: serde_json::Value = serde_json::from_str("-0").unwrap();
        assert!(conforms(&a, &plain, &minus_zero).is_empty());
        assert_eq!(
            conforms(&a, &plain, &json!(1.0)),
            [": must be an integer, found 1.0"]
        );
        assert_eq!(
            conforms(&a, &plain, &json!(1.5)),
            [": must be an integer, found 1.5"]
        );
        let mut i32_shape = int(int_bound(i64::MAX - 1, false), None, None);
        i32_shape.ty = Ty::Integer(IntFormat::I32);
        bad(&a, &i32_shape);
        let mut allowed = int(int_bound(2, false), None, None);
        allowed.checks.allowed = vec![Number::Int(1), Number::Int(3), Number::Int(2)];
        assert_eq!(good(&a, &allowed), json!(3));
        let i = Shape::of(Ty::Integer(IntFormat::I32));
        assert_eq!(conforms(&a, &i, &json!(1.5)).len(), 1);
        assert_eq!(conforms(&a, &i, &json!(1.0)).len(), 1);
        assert_eq!(conforms(&a, &i, &json!(3_000_000_000u64)).len(), 1);
        assert_eq!(conforms(&a, &i, &json!("1")).len(), 1);
        assert!(conforms(&a, &i, &json!(-7)).is_empty());
        let big = Shape::of(Ty::Integer(IntFormat::I64));
        assert_eq!(conforms(&a, &big, &json!(u64::MAX)).len(), 1);
    }

    #[test]
    fn numbers() {
        let a = api(&[], Vec::new());
        let num = |min: Option<Bound>, max: Option<Bound>, mult: Option<f64>| {
            let mut s = Shape::of(Ty::Number(NumberFormat::F64));
            s.checks.minimum = min;
            s.checks.maximum = max;
            s.checks.multiple_of = mult.map(Number::Float);
            s
        };
        assert_eq!(good(&a, &num(None, None, None)), json!(0));
        assert_eq!(good(&a, &num(float_bound(0.0, true), None, None)), json!(1));
        assert_eq!(
            good(
                &a,
                &num(float_bound(0.0, true), float_bound(1.0, true), None)
            ),
            json!(0.5)
        );
        assert_eq!(
            good(
                &a,
                &num(float_bound(0.0, true), float_bound(1.0, false), Some(0.1))
            ),
            json!(0.1)
        );
        assert_eq!(
            good(&a, &num(float_bound(0.25, true), None, Some(0.1))),
            json!(0.3)
        );
        assert_eq!(
            good(&a, &num(float_bound(2.5, false), None, None)),
            json!(2.5)
        );
        assert_eq!(
            good(&a, &num(None, float_bound(-1.5, true), Some(0.5))),
            json!(-2)
        );
        good(
            &a,
            &num(
                float_bound(1e-9, true),
                float_bound(2e-9, true),
                Some(1e-10),
            ),
        );
        bad(
            &a,
            &num(float_bound(1.0, true), float_bound(1.0, false), None),
        );
        bad(
            &a,
            &num(float_bound(0.1, true), float_bound(0.2, true), Some(0.1)),
        );
        // f32 values are checked after the round trip through f32.
        let mut f = num(float_bound(0.2, true), float_bound(10.0, false), Some(0.1));
        f.ty = Ty::Number(NumberFormat::F32);
        good(&a, &f);
        let mut allowed = num(float_bound(1.0, false), None, None);
        allowed.checks.allowed = vec![Number::Float(0.5), Number::Float(1.5)];
        assert_eq!(good(&a, &allowed), json!(1.5));
        assert!(conforms(&a, &num(None, None, None), &json!(3)).is_empty());
    }

    #[test]
    fn arrays_and_unique_items() {
        let a = api(
            &[r"^[A-Z]+$", "^x$"],
            vec![
                enum_type("Colour", &["red", "green", "blue"]),
                enum_type("One", &["only"]),
            ],
        );
        let array = |items: Shape, min: Option<u64>, max: Option<u64>, unique: bool| {
            let mut s = Shape::of(Ty::Array(Box::new(items)));
            s.checks.min_items = min;
            s.checks.max_items = max;
            s.checks.unique_items = unique;
            s
        };
        let colour = Shape::of(Ty::Named("Colour".into()));
        assert_eq!(
            good(&a, &array(colour.clone(), Some(3), None, true)),
            json!(["red", "green", "blue"])
        );
        assert_eq!(
            good(&a, &array(colour.clone(), None, None, true)),
            json!(["red"])
        );
        assert_eq!(
            good(&a, &array(colour.clone(), None, Some(0), false)),
            json!([])
        );
        bad(&a, &array(colour.clone(), Some(4), None, true));
        bad(
            &a,
            &array(Shape::of(Ty::Named("One".into())), Some(2), None, true),
        );
        bad(&a, &array(colour.clone(), Some(3), Some(2), false));
        assert_eq!(
            good(&a, &array(colour, Some(2), None, false)),
            json!(["red", "red"])
        );
        let codes = good(
            &a,
            &array(string(Some(0), Some(2), Some(4)), Some(30), None, true),
        );
        assert_eq!(codes.as_array().map(Vec::len), Some(30));
        bad(&a, &array(string(Some(1), None, None), Some(2), None, true));
        let ints = array(Shape::of(Ty::Integer(IntFormat::I32)), Some(5), None, true);
        assert_eq!(good(&a, &ints), json!([0, 1, 2, 3, 4]));
        let mut small = Shape::of(Ty::Integer(IntFormat::I32));
        small.checks.minimum = int_bound(0, false);
        small.checks.maximum = int_bound(2, false);
        assert_eq!(
            good(&a, &array(small.clone(), Some(3), None, true)),
            json!([0, 1, 2])
        );
        bad(&a, &array(small, Some(4), None, true));
        let mut num = Shape::of(Ty::Number(NumberFormat::F64));
        num.checks.minimum = float_bound(0.0, true);
        num.checks.maximum = float_bound(1.0, true);
        good(&a, &array(num, Some(20), None, true));
        let bools = array(Shape::of(Ty::Boolean), Some(2), None, true);
        assert_eq!(good(&a, &bools), json!([true, false]));
        let nested = array(
            array(Shape::of(Ty::Boolean), None, None, false),
            Some(3),
            None,
            true,
        );
        good(&a, &nested);
        let dates = array(
            Shape::of(Ty::String(StringFormat::Date)),
            Some(40),
            None,
            true,
        );
        good(&a, &dates);
        // Equal once deserialised: 1 and 1.0, date-times at the same instant.
        let n = array(Shape::of(Ty::Number(NumberFormat::F64)), None, None, true);
        assert_eq!(conforms(&a, &n, &json!([1, 1.0])).len(), 1);
        let dt = array(
            Shape::of(Ty::String(StringFormat::DateTime)),
            None,
            None,
            true,
        );
        assert_eq!(
            conforms(
                &a,
                &dt,
                &json!(["2024-01-01T00:00:00Z", "2024-01-01T01:00:00+01:00"])
            )
            .len(),
            1
        );
        let maps = array(
            Shape::of(Ty::Map(Box::new(Shape::of(Ty::Boolean)))),
            Some(3),
            None,
            true,
        );
        good(&a, &maps);
        assert_eq!(
            good(&a, &Shape::of(Ty::Map(Box::new(Shape::of(Ty::Any))))),
            json!({"key": {}})
        );
    }

    const STRUCTS: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Tree:
      type: object
      required: [name, children]
      properties:
        name: {type: string, pattern: '^[a-z]{3}$'}
        children:
          type: array
          items: {$ref: '#/components/schemas/Tree'}
        parent: {$ref: '#/components/schemas/Tree'}
    Chain:
      type: object
      required: [next]
      properties:
        next:
          allOf: [{$ref: '#/components/schemas/Chain'}]
          nullable: true
    Endless:
      type: object
      required: [next]
      properties:
        next: {$ref: '#/components/schemas/Endless'}
    EndlessList:
      type: object
      required: [items]
      properties:
        items:
          type: array
          minItems: 1
          items: {$ref: '#/components/schemas/EndlessList'}
    Holder:
      type: object
      required: [endless]
      properties:
        endless: {$ref: '#/components/schemas/Endless'}
        tree: {$ref: '#/components/schemas/Tree'}
    Pair:
      type: object
      required: [colour, size]
      properties:
        colour: {type: string, enum: [red, green]}
        size: {type: integer, minimum: 1, maximum: 3}
    Pairs:
      type: array
      uniqueItems: true
      minItems: 6
      items: {$ref: '#/components/schemas/Pair'}
    TooManyPairs:
      type: array
      uniqueItems: true
      minItems: 7
      items: {$ref: '#/components/schemas/Pair'}
    Deflt:
      type: object
      required: [level, mode]
      properties:
        level: {type: integer, default: 7, minimum: 1}
        mode: {type: string, enum: [fast, slow], default: slow}
        label: {type: string, default: hello, example: 'hi there'}
    Maybe:
      type: object
      required: [value]
      properties:
        value: {type: string, nullable: true, minLength: 2}
        when: {type: string, format: date-time, nullable: true}
    Examples:
      type: object
      required: [good, badExample, count]
      properties:
        good: {type: string, pattern: '^[0-9]+$', example: '12345'}
        badExample: {type: string, pattern: '^[0-9]+$', example: 'abc'}
        count: {type: integer, minimum: 10, example: 3}
    WithExample:
      type: object
      required: [a]
      properties:
        a: {type: integer}
      example: {a: 42, extra: true}
    WithBadExample:
      type: object
      required: [a]
      properties:
        a: {type: integer}
      example: {b: 42}
    UsesExamples:
      type: object
      required: [good, bad]
      properties:
        good: {$ref: '#/components/schemas/WithExample'}
        bad: {$ref: '#/components/schemas/WithBadExample'}
"#;

    fn named(name: &str) -> Shape {
        Shape::of(Ty::Named(name.into()))
    }

    fn component(a: &Api, name: &str) -> Shape {
        match a.types.iter().find(|t| t.name == name).map(|t| &t.kind) {
            Some(TypeKind::Alias(shape)) => Shape::clone(shape),
            _ => named(name),
        }
    }

    #[test]
    fn structs_and_recursion() {
        let a = lowered(STRUCTS);
        let tree = good(&a, &named("Tree"));
        assert_eq!(tree["name"], json!("aaa"));
        // Optional recursion stops at depth 3; required arrays become empty there.
        assert_eq!(
            tree,
            json!({"name": "aaa", "children": [{"name": "aaa", "children": [
                {"name": "aaa", "children": []}]}]})
        );
        // A required nullable self-reference ends with null.
        let chain = good(&a, &named("Chain"));
        assert_eq!(chain, json!({"next": {"next": {"next": null}}}));
        let e = bad(&a, &named("Endless"));
        assert!(e.message.contains("without end"), "{e}");
        bad(&a, &named("EndlessList"));
        let e = bad(&a, &named("Holder"));
        assert_eq!(e.path, "/endless");
        let pairs = good(&a, &component(&a, "Pairs"));
        assert_eq!(pairs.as_array().map(Vec::len), Some(6));
        bad(&a, &component(&a, "TooManyPairs"));
        assert_eq!(
            good(&a, &named("Deflt")),
            json!({"level": 7, "mode": "slow", "label": "hi there"})
        );
        assert_eq!(
            good(&a, &named("Maybe")),
            json!({"value": "string", "when": "2024-01-01T00:00:00Z"})
        );
        assert_eq!(
            good(&a, &named("Examples")),
            json!({"good": "12345", "badExample": "0", "count": 10})
        );
        // A struct's own example travels with the shapes that refer to it.
        assert_eq!(
            good(&a, &named("UsesExamples")),
            json!({"good": {"a": 42, "extra": true}, "bad": {"a": 0}})
        );
    }

    #[test]
    fn conformance_messages() {
        let a = lowered(STRUCTS);
        let shape = named("Tree");
        assert_eq!(
            conforms(
                &a,
                &shape,
                &json!({"name": "ab", "children": [{"children": 3}], "x": 1})
            ),
            vec![
                "/name: must match the pattern ^[a-z]{3}$",
                "/children/0: missing required property \"name\"",
                "/children/0/children: must be an array, found a number",
            ]
        );
        assert_eq!(
            conforms(&a, &shape, &json!(null)),
            vec![": must be an object, found null"]
        );
        assert_eq!(
            conforms(&a, &named("Pair"), &json!({"colour": "blue", "size": 4})),
            vec![
                "/colour: must be one of \"red\", \"green\" (enum), found \"blue\"",
                "/size: must be at most 3 (maximum)",
            ]
        );
        assert_eq!(
            conforms(&a, &named("Maybe"), &json!({"value": null, "when": null})),
            Vec::<String>::new()
        );
        assert_eq!(
            conforms(&a, &Shape::of(Ty::Any), &json!(null)),
            Vec::<String>::new()
        );
        let mut nullable = string(None, Some(3), None);
        nullable.nullable = true;
        assert_eq!(good(&a, &nullable), json!("string"));
        assert!(conforms(&a, &nullable, &json!(null)).is_empty());
        let mut s = string(None, Some(2), Some(3));
        s.example = Some(json!("é😀"));
        assert_eq!(good(&a, &s), json!("é😀"));
        s.example = Some(json!("é😀xy"));
        assert_eq!(good(&a, &s), json!("str"));
    }

    /// Every JSON response body of a spec gets a conforming example.
    fn check_responses(api: &Api, file: &str) -> usize {
        let mut count = 0;
        for op in &api.operations {
            for response in &op.responses {
                if let Some(content) = &response.content
                    && let ContentKind::Json(shape) = &content.kind
                {
                    let value = example(api, shape).unwrap_or_else(|e| {
                        panic!("{file}: {} {:?}: {e}", op.name, response.status)
                    });
                    let problems = conforms(api, shape, &value);
                    assert!(
                        problems.is_empty(),
                        "{file}: {}: {value}: {problems:?}",
                        op.name
                    );
                    count += 1;
                }
            }
        }
        for t in &api.types {
            let shape = match &t.kind {
                TypeKind::Alias(shape) => Shape::clone(shape),
                _ => named(&t.name),
            };
            let value =
                example(api, &shape).unwrap_or_else(|e| panic!("{file}: type {}: {e}", t.name));
            assert!(
                conforms(api, &shape, &value).is_empty(),
                "{file}: {}",
                t.name
            );
        }
        count
    }

    #[test]
    fn directory_spec_responses() {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/directory.yaml"
        ));
        let spec = crate::load::load(path).expect("the directory spec loads");
        let a = crate::lower::lower(&spec, &crate::Settings::default())
            .expect("the directory spec lowers");
        let n = check_responses(&a, "directory.yaml");
        assert!(n >= 4, "{n}");
    }

    #[test]
    fn fixture_spec_responses() {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures"));
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .expect("the fixtures exist")
            .filter_map(|e| e.ok().map(|e| e.path()))
            // A folder holds a spec split across files.
            .map(|p| {
                if p.is_dir() {
                    p.join("openapi.yaml")
                } else {
                    p
                }
            })
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        assert!(!paths.is_empty());
        for path in paths {
            let spec = crate::load::load(&path).expect("a fixture loads");
            let a =
                crate::lower::lower(&spec, &crate::Settings::default()).expect("a fixture lowers");
            check_responses(&a, &path.display().to_string());
        }
    }

    /// A small fixed-seed PRNG (xorshift64*).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n.max(1)
        }

        fn maybe<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
            if self.below(2) == 0 {
                Some(f(self))
            } else {
                None
            }
        }
    }

    const FUZZ_PATTERNS: &[&str] = &[
        r"^[^<>]*$",
        r"^$",
        r"[^\s\S]",
        r"\b",
        r"\B",
        r"\bcat\b",
        r"^\d{3,}$",
        r"a{1000}",
        r"\u2028",
        r"^[a-z]+\b-\b[0-9]+$",
        r"(?:ab|cde)*x?$",
        r"^\s*$",
        r".",
        r"^.{2,5}$",
        r"^(?:[A-Z]{2}|\d{3})(?:-\w{1,3}){0,4}$",
        r"[\u{1F600}-\u{1F64F}]",
        r"^\p{Lu}\p{Ll}*$",
        r"(?:)",
        r"^\W+$",
        r"^[^a]$",
    ];

    fn random_shape(rng: &mut Rng, types: usize, depth: u32) -> Shape {
        let pick = if depth > 3 {
            rng.below(5)
        } else {
            rng.below(9)
        };
        let mut s = match pick {
            0 => {
                let mut s = Shape::of(Ty::String(match rng.below(4) {
                    0 => StringFormat::DateTime,
                    1 => StringFormat::Date,
                    _ => StringFormat::Plain,
                }));
                if s.ty == Ty::String(StringFormat::Plain) {
                    s.checks.patterns = rng
                        .maybe(|r| r.below(FUZZ_PATTERNS.len() as u64) as usize)
                        .into_iter()
                        .collect();
                    s.checks.min_length = rng.maybe(|r| r.below(12));
                    s.checks.max_length = rng.maybe(|r| r.below(12));
                }
                s
            }
            1 => {
                let mut s = Shape::of(Ty::Integer(if rng.below(2) == 0 {
                    IntFormat::I32
                } else {
                    IntFormat::I64
                }));
                let edge = [i64::MIN, i64::MAX, -5, 0, 3, 1 << 40];
                s.checks.minimum = rng.maybe(|r| Bound {
                    value: Number::Int(edge[r.below(6) as usize]),
                    exclusive: r.below(2) == 0,
                });
                s.checks.maximum = rng.maybe(|r| Bound {
                    value: Number::Int(edge[r.below(6) as usize]),
                    exclusive: r.below(2) == 0,
                });
                s.checks.multiple_of = rng.maybe(|r| Number::Int(r.below(7) as i64 - 1));
                if rng.below(4) == 0 {
                    s.checks.allowed = (0..rng.below(4))
                        .map(|i| Number::Int(i as i64 * 2))
                        .collect();
                }
                s
            }
            2 => {
                let mut s = Shape::of(Ty::Number(if rng.below(2) == 0 {
                    NumberFormat::F32
                } else {
                    NumberFormat::F64
                }));
                let edge = [-1e300, 1e300, -0.5, 0.0, 0.1, 3.7, f64::MIN_POSITIVE, 1e-7];
                s.checks.minimum = rng.maybe(|r| Bound {
                    value: Number::Float(edge[r.below(8) as usize]),
                    exclusive: r.below(2) == 0,
                });
                s.checks.maximum = rng.maybe(|r| Bound {
                    value: Number::Float(edge[r.below(8) as usize]),
                    exclusive: r.below(2) == 0,
                });
                s.checks.multiple_of = rng.maybe(|r| Number::Float(edge[r.below(8) as usize]));
                s
            }
            3 => {
                let mut s = Shape::of(Ty::Boolean);
                if rng.below(3) == 0 {
                    s.checks.allowed_booleans = vec![rng.below(2) == 0];
                }
                s
            }
            4 => Shape::of(if types > 0 && rng.below(2) == 0 {
                Ty::Named(format!("T{}", rng.below(types as u64)))
            } else {
                Ty::Any
            }),
            5 | 6 => {
                let mut s = Shape::of(Ty::Array(Box::new(random_shape(rng, types, depth + 1))));
                s.checks.min_items = rng.maybe(|r| r.below(5));
                s.checks.max_items = rng.maybe(|r| r.below(5));
                s.checks.unique_items = rng.below(2) == 0;
                s
            }
            7 => {
                let mut s = Shape::of(Ty::Map(Box::new(random_shape(rng, types, depth + 1))));
                s.checks.properties.min = rng.maybe(|r| r.below(4));
                s.checks.properties.max = rng.maybe(|r| r.below(4));
                s
            }
            _ => Shape::of(Ty::Named(format!("T{}", rng.below(types.max(1) as u64)))),
        };
        s.nullable = rng.below(4) == 0;
        if rng.below(6) == 0 {
            s.example = Some(match rng.below(5) {
                0 => json!("2024-01-01"),
                1 => json!(3),
                2 => json!([1, 2]),
                3 => json!({"a": null}),
                _ => json!(null),
            });
        }
        s
    }

    #[test]
    fn fuzz_never_panics_and_results_conform() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut ok = 0;
        for round in 0..300 {
            let n_types = rng.below(5) as usize;
            let mut types = Vec::new();
            for i in 0..n_types {
                let kind = match rng.below(3) {
                    0 => TypeKind::Enum(Enum {
                        variants: (0..rng.below(3))
                            .map(|v| Variant {
                                name: format!("V{v}"),
                                value: format!("v{v}"),
                                docs: Default::default(),
                            })
                            .collect(),
                        open: false,
                    }),
                    _ => {
                        let fields = (0..rng.below(4))
                            .map(|f| Field {
                                name: format!("f{f}"),
                                wire_name: format!("f{f}"),
                                docs: Default::default(),
                                shape: random_shape(&mut rng, n_types, 1),
                                required: rng.below(2) == 0,
                                default: None,
                                boxed: rng.below(3) == 0,
                            })
                            .collect();
                        // Counted members, kept (as the lowering does), some of them required.
                        let properties = crate::ir::PropertyCount {
                            min: rng.maybe(|r| r.below(5)),
                            max: rng.maybe(|r| r.below(5)),
                        };
                        let additional = if properties.is_empty() {
                            crate::ir::Additional::Ignored
                        } else {
                            crate::ir::Additional::Kept {
                                field: "additional_properties".into(),
                                values: Box::new(random_shape(&mut rng, n_types, 1)),
                                required: (0..rng.below(2)).map(|k| format!("k{k}")).collect(),
                            }
                        };
                        TypeKind::Struct(Struct {
                            fields,
                            additional,
                            properties,
                        })
                    }
                };
                types.push(TypeDef {
                    name: format!("T{i}"),
                    docs: Default::default(),
                    kind,
                    extras: Default::default(),
                });
            }
            let a = api(FUZZ_PATTERNS, types);
            for _ in 0..5 {
                let shape = random_shape(&mut rng, n_types, 0);
                if let Ok(v) = example(&a, &shape) {
                    let problems = conforms(&a, &shape, &v);
                    assert!(
                        problems.is_empty(),
                        "round {round}: {shape:?}: {v}: {problems:?}"
                    );
                    ok += 1;
                }
            }
        }
        assert!(ok > 500, "only {ok} examples");
    }

    const TOKENS: &[&str] = &[
        "a",
        "b",
        "\\d",
        "\\w",
        "\\s",
        "\\W",
        ".",
        "[^a]",
        "[a-c]",
        "[^\\s\\S]",
        "\\b",
        "\\B",
        "^",
        "$",
        "(",
        ")",
        "(?:",
        "|",
        "*",
        "+",
        "?",
        "{2}",
        "{1,3}",
        "{0,}",
        "{50}",
        "\\u2028",
        "é",
        "😀",
        "-",
        " ",
        "[\\w-]",
        "\\.",
        "\\p{Lu}",
        "[^<>]",
    ];

    /// Random patterns (kept when they translate) with random length bounds.
    #[test]
    fn fuzz_patterns() {
        let mut rng = Rng(0x0123_4567_89AB_CDEF);
        let mut patterns = Vec::new();
        while patterns.len() < 400 {
            let n = 1 + rng.below(10);
            let p: String = (0..n)
                .map(|_| TOKENS[rng.below(TOKENS.len() as u64) as usize])
                .collect();
            if crate::ecma_regex::translate(&p).is_ok() {
                patterns.push(p);
            }
        }
        let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
        let a = api(&refs, Vec::new());
        let mut ok = 0;
        for (i, pattern) in refs.iter().enumerate() {
            for _ in 0..3 {
                let min = rng.maybe(|r| r.below(8));
                let max = rng.maybe(|r| r.below(12));
                let shape = string(Some(i), min, max);
                if let Ok(v) = example(&a, &shape) {
                    let problems = conforms(&a, &shape, &v);
                    assert!(problems.is_empty(), "{pattern}: {v}: {problems:?}");
                    ok += 1;
                }
            }
        }
        assert!(ok > 600, "only {ok} examples");
    }
}
