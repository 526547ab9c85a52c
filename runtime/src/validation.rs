//! Validation support: the [`Validate`] trait, the errors it reports, and the checks the
//! generated `validate_at` methods call.
//!
//! Lengths are counted in Unicode code points (`minLength: 2` accepts `"é"` twice), patterns
//! have ECMA-262 semantics (translated to the `regex` crate when this crate was generated, and
//! compiled once, on first use), and every violation is collected, not just the first.

use std::fmt;
use std::sync::LazyLock;

/// A value that can be checked against the constraints of the spec.
pub trait Validate {
    /// Checks every constraint and returns all violations, each with the JSON pointer of the
    /// offending value (e.g. `/AddressLine1`, `/Flags/2`).
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        self.validate_at(&Location::root(""), &mut errors);
        errors.into_result()
    }

    /// Checks every constraint, reporting violations below `location`.
    fn validate_at(&self, location: &Location<'_>, errors: &mut ValidationErrors);
}

/// Deserialising a `oneOf` / `anyOf` without a discriminator: the first alternative (in the
/// spec's order) that `value` deserialises to and that passes its checks, else the first one it
/// deserialises to (whose [`Validate`] then says what is wrong), else `None`.
pub fn first_alternative<T: Validate>(
    value: &serde_json::Value,
    alternatives: &[fn(&serde_json::Value) -> Option<T>],
) -> Option<T> {
    let mut fallback = None;
    for alternative in alternatives {
        if let Some(candidate) = alternative(value) {
            if candidate.validate().is_ok() {
                return Some(candidate);
            }
            fallback.get_or_insert(candidate);
        }
    }
    fallback
}

/// Boxed values (recursive schemas) validate as what they hold.
impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, location: &Location<'_>, errors: &mut ValidationErrors) {
        (**self).validate_at(location, errors);
    }
}

/// Where a value is, as a chain of segments that is only turned into text when a check fails.
#[derive(Debug, Clone, Copy)]
pub struct Location<'a> {
    parent: Option<&'a Location<'a>>,
    segment: Segment<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Root(&'a str),
    Key(&'a str),
    Index(usize),
}

impl<'a> Location<'a> {
    /// A root location; `prefix` is printed before the pointer (`""` for a plain JSON pointer,
    /// `"body"` or `"header"` to say where a request value came from).
    pub const fn root(prefix: &'a str) -> Self {
        Location {
            parent: None,
            segment: Segment::Root(prefix),
        }
    }

    /// The member `key` of the object at this location.
    pub fn key(&'a self, key: &'a str) -> Location<'a> {
        Location {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    /// The item `index` of the array at this location.
    pub fn index(&'a self, index: usize) -> Location<'a> {
        Location {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// The location as text: the root prefix followed by a JSON pointer (RFC 6901).
    pub fn to_pointer(&self) -> String {
        let mut out = String::new();
        self.write_to(&mut out);
        out
    }

    fn write_to(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.write_to(out);
        }
        match self.segment {
            Segment::Root(prefix) => out.push_str(prefix),
            Segment::Key(key) => {
                out.push('/');
                for c in key.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            Segment::Index(index) => {
                out.push('/');
                out.push_str(&index.to_string());
            }
        }
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    /// Where the offending value is: a JSON pointer, possibly after a prefix such as `body` or
    /// `header`.
    pub location: String,
    /// The rule it breaks.
    pub rule: Rule,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.rule)
    }
}

impl std::error::Error for ValidationError {}

/// A numeric limit from the spec.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// An integer limit.
    Int(i64),
    /// A number limit.
    Float(f64),
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Int(v) => write!(f, "{v}"),
            Limit::Float(v) => write!(f, "{v}"),
        }
    }
}

/// The rules of the spec, with the limit that was broken and what was found.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Rule {
    /// `minLength`, in Unicode code points.
    MinLength {
        /// The limit.
        min: u64,
        /// What was found.
        actual: u64,
    },
    /// `maxLength`, in Unicode code points.
    MaxLength {
        /// The limit.
        max: u64,
        /// What was found.
        actual: u64,
    },
    /// `pattern`, as written in the spec (ECMA-262).
    Pattern {
        /// The pattern as written in the spec.
        pattern: &'static str,
    },
    /// `minimum` / `exclusiveMinimum`.
    Minimum {
        /// The limit.
        limit: Limit,
        /// Whether the limit itself is excluded.
        exclusive: bool,
    },
    /// `maximum` / `exclusiveMaximum`.
    Maximum {
        /// The limit.
        limit: Limit,
        /// Whether the limit itself is excluded.
        exclusive: bool,
    },
    /// `multipleOf`.
    MultipleOf {
        /// The divisor.
        divisor: Limit,
    },
    /// `minItems`.
    MinItems {
        /// The limit.
        min: u64,
        /// What was found.
        actual: u64,
    },
    /// `maxItems`.
    MaxItems {
        /// The limit.
        max: u64,
        /// What was found.
        actual: u64,
    },
    /// `minProperties`: the object has fewer members.
    MinProperties {
        /// The limit.
        min: u64,
        /// What was found.
        actual: u64,
    },
    /// `maxProperties`: the object has more members.
    MaxProperties {
        /// The limit.
        max: u64,
        /// What was found.
        actual: u64,
    },
    /// `uniqueItems`: the item at `duplicate` equals an earlier one.
    UniqueItems {
        /// The index of the repeated item.
        duplicate: usize,
    },
    /// `enum` on a number: the value is not one of these.
    Enum {
        /// The allowed values.
        allowed: &'static [Limit],
    },
    /// `enum` on a boolean (`enum: [true]`): the value is not one of these.
    BooleanEnum {
        /// The allowed values.
        allowed: &'static [bool],
        /// What was found.
        actual: bool,
    },
    /// `enum` on a string: the value is not one of these.
    Values {
        /// The allowed values.
        allowed: &'static [&'static str],
    },
    /// `required`: the value is missing.
    Required,
    /// The value has the wrong JSON type (or does not fit the Rust type: `"a 32-bit integer"`).
    Type {
        /// What the value must be (`"a string"`).
        expected: &'static str,
        /// What was found: a number as written (`1.5`), `null`, or the kind of value (`a
        /// string`, `an object`...), see [`found`].
        found: String,
    },
    /// `format`: the string is not a valid `date-time`, `date`...
    Format {
        /// The format's name and reference.
        format: &'static str,
    },
    /// A parameter that takes one value was given several.
    Repeated,
    /// `additionalProperties: false`: the object has a member its schema does not declare.
    NotAllowed,
    /// `oneOf` / `anyOf`: the value matches none of the alternatives.
    NoAlternative {
        /// `oneOf` or `anyOf`.
        keyword: &'static str,
    },
    /// `oneOf`: the value matches several alternatives, where exactly one is allowed.
    SeveralAlternatives {
        /// How many alternatives match.
        count: usize,
    },
    /// A query parameter the operation does not define.
    Unknown,
    /// The text could not be read at all (malformed JSON, a header that is not UTF-8...).
    Malformed {
        /// Why.
        reason: String,
    },
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::MinLength { min, actual } => {
                write!(
                    f,
                    "must be at least {min} {} long (minLength), found {actual}",
                    characters(*min)
                )
            }
            Rule::MaxLength { max, actual } => {
                write!(
                    f,
                    "must be at most {max} {} long (maxLength), found {actual}",
                    characters(*max)
                )
            }
            Rule::Pattern { pattern } => write!(f, "must match the pattern {pattern}"),
            Rule::Minimum {
                limit,
                exclusive: false,
            } => write!(f, "must be at least {limit} (minimum)"),
            Rule::Minimum {
                limit,
                exclusive: true,
            } => {
                write!(f, "must be greater than {limit} (exclusiveMinimum)")
            }
            Rule::Maximum {
                limit,
                exclusive: false,
            } => write!(f, "must be at most {limit} (maximum)"),
            Rule::Maximum {
                limit,
                exclusive: true,
            } => {
                write!(f, "must be less than {limit} (exclusiveMaximum)")
            }
            Rule::MultipleOf { divisor } => {
                write!(f, "must be a multiple of {divisor} (multipleOf)")
            }
            Rule::MinItems { min, actual } => {
                write!(
                    f,
                    "must have at least {min} {} (minItems), found {actual}",
                    items(*min)
                )
            }
            Rule::MaxItems { max, actual } => {
                write!(
                    f,
                    "must have at most {max} {} (maxItems), found {actual}",
                    items(*max)
                )
            }
            Rule::MinProperties { min, actual } => {
                write!(
                    f,
                    "must have at least {min} {} (minProperties), found {actual}",
                    properties(*min)
                )
            }
            Rule::MaxProperties { max, actual } => {
                write!(
                    f,
                    "must have at most {max} {} (maxProperties), found {actual}",
                    properties(*max)
                )
            }
            Rule::UniqueItems { duplicate } => {
                write!(
                    f,
                    "items must be unique (uniqueItems), item {duplicate} repeats an earlier one"
                )
            }
            Rule::Enum { allowed } => {
                write!(f, "must be one of ")?;
                for (i, v) in allowed.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{v}")?;
                }
                write!(f, " (enum)")
            }
            Rule::BooleanEnum { allowed, actual } => {
                write!(f, "must be one of ")?;
                for (i, v) in allowed.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{v}")?;
                }
                write!(f, " (enum), found {actual}")
            }
            Rule::Values { allowed } => write!(f, "must be one of {} (enum)", allowed.join(", ")),
            Rule::Required => write!(f, "is required"),
            Rule::Type { expected, found } => write!(f, "must be {expected}, found {found}"),
            Rule::Format { format } => write!(f, "must be a valid {format}"),
            Rule::Repeated => write!(f, "must be given only once"),
            Rule::NotAllowed => write!(f, "is not allowed (additionalProperties)"),
            Rule::NoAlternative { keyword } => {
                write!(f, "must match one of the alternatives ({keyword})")
            }
            Rule::SeveralAlternatives { count } => write!(
                f,
                "must match exactly one of the alternatives (oneOf), matches {count}"
            ),
            Rule::Unknown => write!(f, "is not a parameter of this operation"),
            Rule::Malformed { reason } => write!(f, "{reason}"),
        }
    }
}

fn characters(n: u64) -> &'static str {
    if n == 1 { "character" } else { "characters" }
}

fn items(n: u64) -> &'static str {
    if n == 1 { "item" } else { "items" }
}

fn properties(n: u64) -> &'static str {
    if n == 1 { "property" } else { "properties" }
}

/// Every violation found in a value, in the order of its fields.
///
/// The collector also says what the value is checked as: a request (the default: every rule of
/// the spec), or a response read by a client ([`ValidationErrors::for_response`]), where a
/// value outside an *open* string enum is accepted. Enums are open only in crates generated
/// with `unknown-enum-values = "keep"`; elsewhere both modes check the same.
#[derive(Debug, Clone, Default)]
pub struct ValidationErrors {
    errors: Vec<ValidationError>,
    /// Values outside an open enum are accepted (a response read by a client).
    accepts_unknown_values: bool,
}

/// Two collections are equal when they hold the same violations, whatever they were checking.
impl PartialEq for ValidationErrors {
    fn eq(&self, other: &Self) -> bool {
        self.errors == other.errors
    }
}

impl ValidationErrors {
    /// A collector for a response read by a client: a value outside an open string enum (one
    /// that keeps unknown values in an `Unknown` variant) is accepted there, so that a client
    /// keeps working when the server adds a value. Everything else is checked as usual.
    pub fn for_response() -> Self {
        ValidationErrors {
            errors: Vec::new(),
            accepts_unknown_values: true,
        }
    }

    /// An empty collector checking in the same mode as this one (for trial checks, such as an
    /// alternative of a union).
    pub fn same_mode(&self) -> Self {
        ValidationErrors {
            errors: Vec::new(),
            accepts_unknown_values: self.accepts_unknown_values,
        }
    }

    /// Whether values outside an open string enum are accepted (see
    /// [`ValidationErrors::for_response`]); `false` when checking a request.
    pub fn accepts_unknown_enum_values(&self) -> bool {
        self.accepts_unknown_values
    }

    /// Records that the value at `location` breaks `rule`.
    pub fn push(&mut self, location: &Location<'_>, rule: Rule) {
        self.errors.push(ValidationError {
            location: location.to_pointer(),
            rule,
        });
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// How many violations were recorded.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// The violations, in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, ValidationError> {
        self.errors.iter()
    }

    /// Adds all of `other`'s violations after these.
    pub fn extend(&mut self, other: ValidationErrors) {
        self.errors.extend(other.errors);
    }

    /// Keeps only the violations for which `keep` holds.
    pub fn retain(&mut self, keep: impl FnMut(&ValidationError) -> bool) {
        self.errors.retain(keep);
    }

    /// `Ok(())` when nothing was recorded.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl IntoIterator for ValidationErrors {
    type Item = ValidationError;
    type IntoIter = std::vec::IntoIter<ValidationError>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a ValidationError;
    type IntoIter = std::slice::Iter<'a, ValidationError>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

/// One violation a line.
impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// A `pattern` of the spec: its ECMA-262 source and its translation for the `regex` crate,
/// compiled once, on first use. Patterns that only say which characters a string may contain
/// (`^[^<>]*$`) are checked character by character instead.
pub struct Pattern {
    ecma: &'static str,
    matcher: Matcher,
}

enum Matcher {
    Regex(LazyLock<regex::Regex>),
    /// A matcher of the generator's making (the ECMA-262 engine, for lookaround).
    Function(fn(&str) -> bool),
    /// Every character in one of the inclusive ranges (and at least one when `non_empty`).
    Characters {
        ranges: &'static [(char, char)],
        non_empty: bool,
    },
}

impl Pattern {
    /// `compile` must compile the generator's translation of `ecma` (see [`Pattern::compile`]).
    pub const fn new(ecma: &'static str, compile: fn() -> regex::Regex) -> Self {
        Pattern {
            ecma,
            matcher: Matcher::Regex(LazyLock::new(compile)),
        }
    }

    /// A pattern of the form `^[class]*$` (or `+` when `non_empty`) whose class the generator
    /// resolved to `ranges`.
    pub const fn characters(
        ecma: &'static str,
        ranges: &'static [(char, char)],
        non_empty: bool,
    ) -> Self {
        Pattern {
            ecma,
            matcher: Matcher::Characters { ranges, non_empty },
        }
    }

    /// A pattern matched by `matches` (the generator uses it for patterns the linear-time engine
    /// cannot express).
    pub const fn custom(ecma: &'static str, matches: fn(&str) -> bool) -> Self {
        Pattern {
            ecma,
            matcher: Matcher::Function(matches),
        }
    }

    /// Compiles a translated pattern. The generator compiled the same text with the same
    /// major version of the `regex` crate, so this cannot fail.
    pub fn compile(translated: &str) -> regex::Regex {
        regex::Regex::new(translated).expect("the generator compiled this pattern")
    }

    /// The pattern as written in the spec.
    pub fn ecma(&self) -> &'static str {
        self.ecma
    }

    /// Whether `value` matches (ECMA-262 `RegExp.prototype.test`: unanchored search).
    pub fn is_match(&self, value: &str) -> bool {
        match &self.matcher {
            Matcher::Regex(regex) => regex.is_match(value),
            Matcher::Function(matches) => matches(value),
            Matcher::Characters { ranges, non_empty } => {
                (!non_empty || !value.is_empty())
                    && value
                        .chars()
                        .all(|c| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi))
            }
        }
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.ecma).finish()
    }
}

/// The length of `value` in Unicode code points.
fn code_points(value: &str) -> u64 {
    value.chars().count() as u64
}

/// `minLength` / `maxLength`, in Unicode code points.
pub fn check_length(
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    // A string has at least len/4 and at most len code points: skip counting when that decides.
    let bytes = value.len() as u64;
    if let Some(min) = min
        && bytes.div_ceil(4) < min
    {
        let actual = code_points(value);
        if actual < min {
            errors.push(location, Rule::MinLength { min, actual });
        }
    }
    if let Some(max) = max
        && bytes > max
    {
        let actual = code_points(value);
        if actual > max {
            errors.push(location, Rule::MaxLength { max, actual });
        }
    }
}

/// `pattern`.
pub fn check_pattern(
    value: &str,
    pattern: &'static Pattern,
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    if !pattern.is_match(value) {
        errors.push(
            location,
            Rule::Pattern {
                pattern: pattern.ecma(),
            },
        );
    }
}

/// `format: uri`: an absolute URI (RFC 3986).
pub fn check_uri(value: &str, location: &Location<'_>, errors: &mut ValidationErrors) {
    check_format(is_uri(value), "URI (RFC 3986)", location, errors);
}

/// `format: date-time`: an RFC 3339 date-time.
pub fn check_date_time(value: &str, location: &Location<'_>, errors: &mut ValidationErrors) {
    check_format(
        is_date_time(value),
        "date-time (RFC 3339)",
        location,
        errors,
    );
}

/// `format: date`: an RFC 3339 full-date.
pub fn check_date(value: &str, location: &Location<'_>, errors: &mut ValidationErrors) {
    check_format(
        is_date(value),
        "date (RFC 3339 full-date)",
        location,
        errors,
    );
}

/// `format: uuid`: a hyphenated UUID.
pub fn check_uuid(value: &str, location: &Location<'_>, errors: &mut ValidationErrors) {
    let format = "UUID (8-4-4-4-12 hexadecimal digits)";
    check_format(is_uuid(value), format, location, errors);
}

/// `format: byte`: base64 (standard alphabet, padded).
pub fn check_base64(value: &str, location: &Location<'_>, errors: &mut ValidationErrors) {
    let format = "base64 string (RFC 4648, padded)";
    check_format(is_base64(value), format, location, errors);
}

fn check_format(
    holds: bool,
    format: &'static str,
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    if !holds {
        errors.push(location, Rule::Format { format });
    }
}

/// The value of a JSON integer: a number without a fraction or an exponent that fits in 64
/// bits. serde_json reads `1.0` and `1e3` as floats, which are not integers (JSON Schema
/// draft 4, which OpenAPI 3.0 follows, as the `jsonschema` crate's draft 4 mode does). `-0` is
/// an integer, but serde_json reads it as the float `-0.0`: a negative zero is taken for 0
/// (and `-0.0`, which reads the same, with it).
pub fn as_integer(value: &serde_json::Value) -> Option<i64> {
    let number = value.as_number()?;
    number.as_i64().or_else(|| {
        number
            .as_f64()
            .filter(|f| *f == 0.0 && f.is_sign_negative())
            .map(|_| 0)
    })
}

/// What a value of the wrong type is, for [`Rule::Type`]: a number as written (`1.5`, `-0.0`),
/// `null`, or its kind (`a string`, `a boolean`, `an array`, `an object`: text is not echoed).
pub fn found(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "null".into(),
        Value::Bool(_) => "a boolean".into(),
        Value::Number(n) => n.to_string(),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Whether `text` is a URI by the grammar of RFC 3986: `scheme ":" hier-part ["?" query]
/// ["#" fragment]`, ASCII only, every `%` followed by two hex digits.
pub fn is_uri(text: &str) -> bool {
    fn unreserved_or_sub_delim(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=".contains(&b)
    }
    /// Every byte is allowed by `extra` or is a character of `unreserved / sub-delims`, and
    /// every `%` starts a percent-encoding.
    fn chars(s: &str, extra: &[u8]) -> bool {
        let mut rest = s.as_bytes();
        loop {
            rest = match rest {
                [] => return true,
                [b'%', h1, h2, after @ ..] if h1.is_ascii_hexdigit() && h2.is_ascii_hexdigit() => {
                    after
                }
                [b'%', ..] => return false,
                [b, after @ ..] if unreserved_or_sub_delim(*b) || extra.contains(b) => after,
                _ => return false,
            }
        }
    }
    fn host(h: &str) -> bool {
        if let Some(literal) = h.strip_prefix('[') {
            let Some(inner) = literal.strip_suffix(']') else {
                return false;
            };
            if let Some(future) = inner.strip_prefix(['v', 'V']) {
                return match future.split_once('.') {
                    Some((version, rest)) => {
                        !version.is_empty()
                            && version.bytes().all(|b| b.is_ascii_hexdigit())
                            && !rest.is_empty()
                            && rest
                                .bytes()
                                .all(|b| unreserved_or_sub_delim(b) || b == b':')
                    }
                    None => false,
                };
            }
            return inner.parse::<std::net::Ipv6Addr>().is_ok();
        }
        chars(h, b"")
    }
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut scheme_bytes = scheme.bytes();
    if !scheme_bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        || !scheme_bytes.all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return false;
    }
    let (rest, fragment) = match rest.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (rest, None),
    };
    let (hier, query) = match rest.split_once('?') {
        Some((hier, query)) => (hier, Some(query)),
        None => (rest, None),
    };
    if fragment.is_some_and(|f| !chars(f, b":@/?")) || query.is_some_and(|q| !chars(q, b":@/?")) {
        return false;
    }
    let path = match hier.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            let (authority, path) = after.split_at(end);
            let host_port = match authority.rsplit_once('@') {
                Some((userinfo, host_port)) => {
                    if !chars(userinfo, b":") {
                        return false;
                    }
                    host_port
                }
                None => authority,
            };
            // The port is the digits after the last `:` outside an IP literal.
            let (host_part, port) = match host_port.rsplit_once(':') {
                Some((host, port)) if !port.contains(']') => (host, port),
                _ => (host_port, ""),
            };
            if !port.bytes().all(|b| b.is_ascii_digit()) || !host(host_part) {
                return false;
            }
            path
        }
        None => hier,
    };
    chars(path, b":@/")
}

/// `minimum`, `maximum` and their exclusive forms, for integers.
pub fn check_int_range(
    value: i64,
    min: Option<(i64, bool)>,
    max: Option<(i64, bool)>,
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    if let Some((limit, exclusive)) = min
        && (value < limit || exclusive && value == limit)
    {
        errors.push(
            location,
            Rule::Minimum {
                limit: Limit::Int(limit),
                exclusive,
            },
        );
    }
    if let Some((limit, exclusive)) = max
        && (value > limit || exclusive && value == limit)
    {
        errors.push(
            location,
            Rule::Maximum {
                limit: Limit::Int(limit),
                exclusive,
            },
        );
    }
}

/// A `format: float` number: read from JSON, one beyond `f32`'s range is infinite.
/// The typed path passes the `f32` as read (infinite when the JSON number was beyond the
/// range), the raw check the JSON number.
pub fn check_f32(value: f64, location: &Location<'_>, errors: &mut ValidationErrors) {
    if value.is_nan() || value.abs() > f64::from(f32::MAX) {
        let found = if value.is_finite() {
            value.to_string()
        } else {
            "a number beyond it".to_owned()
        };
        errors.push(
            location,
            Rule::Type {
                expected: "a 32-bit floating-point number (at most 3.4028235e38 either way)",
                found,
            },
        );
    }
}

/// `minimum`, `maximum` and their exclusive forms, for numbers.
pub fn check_float_range(
    value: f64,
    min: Option<(f64, bool)>,
    max: Option<(f64, bool)>,
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    if let Some((limit, exclusive)) = min
        && (value < limit || exclusive && value == limit)
    {
        errors.push(
            location,
            Rule::Minimum {
                limit: Limit::Float(limit),
                exclusive,
            },
        );
    }
    if let Some((limit, exclusive)) = max
        && (value > limit || exclusive && value == limit)
    {
        errors.push(
            location,
            Rule::Maximum {
                limit: Limit::Float(limit),
                exclusive,
            },
        );
    }
}

/// `multipleOf` for integers (`divisor` is positive: the generator checked).
pub fn check_int_multiple_of(
    value: i64,
    divisor: i64,
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    if value.checked_rem(divisor) != Some(0) {
        errors.push(
            location,
            Rule::MultipleOf {
                divisor: Limit::Int(divisor),
            },
        );
    }
}

/// `multipleOf` for numbers: the quotient must be an integer (to within rounding of the
/// division).
pub fn check_float_multiple_of(
    value: f64,
    divisor: f64,
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    let quotient = value / divisor;
    let ok = quotient.is_finite()
        && (quotient - quotient.round()).abs() <= f64::EPSILON * quotient.abs().max(1.0);
    if !ok {
        errors.push(
            location,
            Rule::MultipleOf {
                divisor: Limit::Float(divisor),
            },
        );
    }
}

/// `enum` on integers.
pub fn check_int_enum(
    value: i64,
    allowed: &'static [Limit],
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    if !allowed.contains(&Limit::Int(value)) {
        errors.push(location, Rule::Enum { allowed });
    }
}

/// `enum` on numbers.
pub fn check_float_enum(
    value: f64,
    allowed: &'static [Limit],
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    if !allowed.iter().any(|a| match *a {
        Limit::Int(i) => i as f64 == value,
        Limit::Float(f) => f == value,
    }) {
        errors.push(location, Rule::Enum { allowed });
    }
}

/// `enum` on booleans (`enum: [true]`).
pub fn check_bool_enum(
    value: bool,
    allowed: &'static [bool],
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    if !allowed.contains(&value) {
        errors.push(
            location,
            Rule::BooleanEnum {
                allowed,
                actual: value,
            },
        );
    }
}

/// `minProperties` / `maxProperties`: `count` is the number of members of the object (for a
/// model: the members it writes, its `Some` fields and kept additional members).
pub fn check_properties(
    count: usize,
    min: Option<u64>,
    max: Option<u64>,
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    let actual = count as u64;
    if let Some(min) = min
        && actual < min
    {
        errors.push(location, Rule::MinProperties { min, actual });
    }
    if let Some(max) = max
        && actual > max
    {
        errors.push(location, Rule::MaxProperties { max, actual });
    }
}

/// `required` members that `properties` does not declare, kept in a model's map of additional
/// members (`additionalProperties`): each must be a key of it.
pub fn check_required_keys<V>(
    members: &std::collections::BTreeMap<String, V>,
    keys: &[&'static str],
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    for key in keys {
        if !members.contains_key(*key) {
            errors.push(&location.key(key), Rule::Required);
        }
    }
}

/// `minItems` / `maxItems`.
pub fn check_items(
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    let actual = len as u64;
    if let Some(min) = min
        && actual < min
    {
        errors.push(location, Rule::MinItems { min, actual });
    }
    if let Some(max) = max
        && actual > max
    {
        errors.push(location, Rule::MaxItems { max, actual });
    }
}

/// `uniqueItems`.
pub fn check_unique<T: PartialEq>(
    items: &[T],
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    for (i, item) in items.iter().enumerate() {
        if items.iter().take(i).any(|earlier| earlier == item) {
            errors.push(location, Rule::UniqueItems { duplicate: i });
            return;
        }
    }
}

/// A string that is not one of the values of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEnumValue {
    /// What was given.
    pub value: String,
    /// The values the spec allows.
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownEnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not one of ", self.value)?;
        for (i, v) in self.expected.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownEnumValue {}

/// The variant of a string enum whose spec value is `value` (`all` and `values` list the
/// variants and their values in the same order).
pub fn enum_from_str<T: Copy>(
    value: &str,
    all: &[T],
    values: &'static [&'static str],
) -> Result<T, UnknownEnumValue> {
    match values
        .iter()
        .position(|v| *v == value)
        .and_then(|index| all.get(index))
    {
        Some(variant) => Ok(*variant),
        None => Err(UnknownEnumValue {
            value: value.into(),
            expected: values,
        }),
    }
}

/// Deserialises a string enum from its spec value (`all` and `values` as for
/// [`enum_from_str`]); anything else is serde's "unknown variant" error listing the values.
pub fn deserialize_enum<'de, D, T>(
    deserializer: D,
    all: &'static [T],
    values: &'static [&'static str],
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Copy + 'static,
{
    struct EnumVisitor<T: 'static> {
        all: &'static [T],
        values: &'static [&'static str],
    }

    impl<T: Copy + 'static> serde::de::Visitor<'_> for EnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "one of {}", self.values.join(", "))
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            enum_from_str(value, self.all, self.values)
                .map_err(|_| E::unknown_variant(value, self.values))
        }
    }

    deserializer.deserialize_str(EnumVisitor { all, values })
}

/// The variant of an open string enum (one with an `Unknown(String)` variant) whose spec value
/// is `value`, else `unknown(value)` (`all` and `values` as for [`enum_from_str`]).
pub fn open_enum_from_str<T: Clone>(
    value: &str,
    all: &[T],
    values: &[&str],
    unknown: fn(String) -> T,
) -> T {
    values
        .iter()
        .position(|v| *v == value)
        .and_then(|index| all.get(index))
        .cloned()
        .unwrap_or_else(|| unknown(value.to_owned()))
}

/// The spec value of `known`, a variant of an open string enum listed in `all` (`""` for any
/// other value, which the generated `as_str` never passes).
pub fn open_enum_value<T: PartialEq>(
    known: &T,
    all: &[T],
    values: &'static [&'static str],
) -> &'static str {
    all.iter()
        .position(|v| v == known)
        .and_then(|index| values.get(index))
        .copied()
        .unwrap_or_default()
}

/// Deserialises an open string enum: a listed value is its variant, any other string
/// `unknown(value)`; what is not a string is serde's "invalid type" error.
pub fn deserialize_open_enum<'de, D, T>(
    deserializer: D,
    all: &[T],
    values: &[&str],
    unknown: fn(String) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Clone,
{
    struct OpenVisitor<'a, T> {
        all: &'a [T],
        values: &'a [&'a str],
        unknown: fn(String) -> T,
    }

    impl<T: Clone> serde::de::Visitor<'_> for OpenVisitor<'_, T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(open_enum_from_str(
                value,
                self.all,
                self.values,
                self.unknown,
            ))
        }

        fn visit_string<E: serde::de::Error>(self, value: String) -> Result<T, E> {
            match self.values.iter().position(|v| *v == value) {
                Some(_) => self.visit_str(&value),
                None => Ok((self.unknown)(value)),
            }
        }
    }

    deserializer.deserialize_str(OpenVisitor {
        all,
        values,
        unknown,
    })
}

/// The impls every generated string enum has, written once: `as_str`, `Display`, `FromStr`,
/// `Serialize`, `Deserialize` (all by the spec's values) and an empty [`Validate`] (the type
/// admits only valid values). The enum declares `ALL` (its variants) and `VALUES` (their spec
/// values) in the spec's order; variants have no explicit discriminants, so `variant as usize`
/// is the index into both.
///
/// `string_enum!(Name, unknown = Unknown)` is the open form (`unknown-enum-values = "keep"`):
/// the enum has an `Unknown(String)` variant (under the name given) besides those of `ALL`, which
/// any other string reads into and writes back as; its `Validate` reports that variant as an
/// enum violation ([`Rule::Values`]) unless the collector checks a response
/// ([`ValidationErrors::for_response`]).
#[macro_export]
macro_rules! string_enum {
    ($name:ident) => {
        impl $name {
            /// The value as written in the spec.
            pub fn as_str(&self) -> &'static str {
                Self::VALUES[*self as usize]
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::validation::UnknownEnumValue;

            fn from_str(
                value: &str,
            ) -> ::std::result::Result<Self, $crate::validation::UnknownEnumValue> {
                $crate::validation::enum_from_str(value, &Self::ALL, &Self::VALUES)
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::validation::deserialize_enum(deserializer, &Self::ALL, &Self::VALUES)
            }
        }

        impl $crate::validation::Validate for $name {
            fn validate_at(
                &self,
                _location: &$crate::validation::Location<'_>,
                _errors: &mut $crate::validation::ValidationErrors,
            ) {
            }
        }
    };
    // An open enum (`unknown-enum-values = "keep"`): `$unknown(String)` holds any value the spec
    // does not list. It reads and writes as that value; `Validate` reports it as an enum
    // violation, except in a response read by a client
    // ([`ValidationErrors::for_response`](crate::validation::ValidationErrors::for_response)).
    ($name:ident, unknown = $unknown:ident) => {
        impl $name {
            /// The value: as written in the spec, or the unknown value as it came.
            pub fn as_str(&self) -> &str {
                match self {
                    Self::$unknown(value) => value,
                    known => $crate::validation::open_enum_value(known, &Self::ALL, &Self::VALUES),
                }
            }

            /// Whether the value is one the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::$unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Any text reads: a value the spec does not list is kept in the unknown variant.
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok($crate::validation::open_enum_from_str(
                    value,
                    &Self::ALL,
                    &Self::VALUES,
                    Self::$unknown,
                ))
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::validation::deserialize_open_enum(
                    deserializer,
                    &Self::ALL,
                    &Self::VALUES,
                    Self::$unknown,
                )
            }
        }

        impl $crate::validation::Validate for $name {
            fn validate_at(
                &self,
                location: &$crate::validation::Location<'_>,
                errors: &mut $crate::validation::ValidationErrors,
            ) {
                if matches!(self, Self::$unknown(_)) && !errors.accepts_unknown_enum_values() {
                    errors.push(
                        location,
                        $crate::validation::Rule::Values {
                            allowed: &Self::VALUES,
                        },
                    );
                }
            }
        }
    };
}

/// A UUID in the hyphenated form: `8-4-4-4-12` hexadecimal digits, either case.
pub fn is_uuid(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Base64 (RFC 4648 section 4): the standard alphabet, padded to a multiple of 4 characters.
pub fn is_base64(text: &str) -> bool {
    let b = text.as_bytes();
    if !b.len().is_multiple_of(4) {
        return false;
    }
    let padding = b.iter().rev().take_while(|c| **c == b'=').count();
    let data = b.get(..b.len().saturating_sub(padding)).unwrap_or_default();
    let sextet = |c: u8| match c {
        b'A'..=b'Z' => Some(c.wrapping_sub(b'A')),
        b'a'..=b'z' => Some(c.wrapping_sub(b'a').wrapping_add(26)),
        b'0'..=b'9' => Some(c.wrapping_sub(b'0').wrapping_add(52)),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    if padding > 2 || !data.iter().all(|c| sextet(*c).is_some()) {
        return false;
    }
    // The bits after the last whole byte must be zero (canonical encoding).
    match (padding, data.last().and_then(|c| sextet(*c))) {
        (1, Some(last)) => last & 0b11 == 0,
        (2, Some(last)) => last & 0b1111 == 0,
        _ => true,
    }
}

/// RFC 3339 `full-date`: `YYYY-MM-DD` with a real day of a real month.
pub fn is_date(text: &str) -> bool {
    is_date_bytes(text.as_bytes())
}

/// [`is_date`] on bytes, so that a date-time's first ten bytes can be checked without slicing
/// its text (which panics inside a multi-byte character).
fn is_date_bytes(b: &[u8]) -> bool {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *b else {
        return false;
    };
    let (Some(year), Some(month), Some(day)) = (
        digits(&[y1, y2, y3, y4]),
        digits(&[m1, m2]),
        digits(&[d1, d2]),
    ) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// RFC 3339 `date-time`: `full-date "T" HH:MM:SS[.frac] (Z | ±HH:MM)`, `T` and `Z` in either
/// case. A leap second (`:60`) is valid only at 23:59:60 in UTC, once the offset is applied
/// (`1998-12-31T15:59:60-08:00`), as RFC 3339 section 5.7 and the JSON Schema Test Suite say.
/// Total on any text: it reads bytes by pattern, never slicing by position.
pub fn is_date_time(text: &str) -> bool {
    let Some((date, rest)) = text.as_bytes().split_at_checked(10) else {
        return false;
    };
    let [b'T' | b't', h1, h2, b':', n1, n2, b':', s1, s2, rest @ ..] = rest else {
        return false;
    };
    if !is_date_bytes(date) {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (
        digits(&[*h1, *h2]),
        digits(&[*n1, *n2]),
        digits(&[*s1, *s2]),
    ) else {
        return false;
    };
    if hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = rest;
    if let [b'.', frac @ ..] = rest {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        let Some((_, after)) = frac.split_at_checked(n).filter(|_| n > 0) else {
            return false;
        };
        rest = after;
    }
    // The offset east of UTC, in minutes.
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            match (digits(&[*h1, *h2]), digits(&[*m1, *m2])) {
                (Some(h), Some(m)) if h <= 23 && m <= 59 => {
                    // At most 23 * 60 + 59: no overflow.
                    let minutes = i64::from(h.saturating_mul(60).saturating_add(m));
                    if *sign == b'-' {
                        minutes.saturating_neg()
                    } else {
                        minutes
                    }
                }
                _ => return false,
            }
        }
        _ => return false,
    };
    second < 60 || is_utc_leap_minute(hour, minute, offset)
}

const MINUTES_PER_DAY: i64 = 24 * 60;

/// Whether the local time `hour:minute`, `offset` minutes east of UTC, is 23:59 in UTC: the
/// only minute that may end in a leap second.
fn is_utc_leap_minute(hour: u32, minute: u32, offset: i64) -> bool {
    let local = i64::from(hour.saturating_mul(60).saturating_add(minute));
    local
        .checked_sub(offset)
        .and_then(|utc| utc.checked_rem_euclid(MINUTES_PER_DAY))
        == Some(MINUTES_PER_DAY.saturating_sub(1))
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, c| {
        let digit = c
            .is_ascii_digit()
            .then(|| u32::from(c.wrapping_sub(b'0')))?;
        n.checked_mul(10)?.checked_add(digit)
    })
}
