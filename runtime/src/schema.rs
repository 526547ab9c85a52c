//! The spec's schemas as data, and [`check`], which validates a JSON value against one and
//! reports every violation: wrong types, missing required members, unknown enum values, bad
//! formats and every constraint, all at once. Servers run it on request bodies before
//! deserialising them, so a client learns everything that is wrong with a request in one answer.
//!
//! The constraints are checked by the same functions as the typed [`Validate`] impls, so both
//! agree on what each rule means.
//!
//! [`Validate`]: crate::validation::Validate

use serde_json::Value;

use crate::validation::{self, Limit, Location, Pattern, Rule, ValidationErrors};

/// A schema: what a value must be. It is `Copy`, so that a static can be defined as another
/// (`pub static B: Schema = A;`) when both are the same.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    /// `nullable: true`: JSON `null` is allowed.
    pub nullable: bool,
    /// What the value is, with its constraints.
    pub kind: Kind,
}

/// The kinds of value, with their constraints.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A string.
    String {
        /// `minLength`, in code points.
        min_length: Option<u64>,
        /// `maxLength`, in code points.
        max_length: Option<u64>,
        /// `pattern` (ECMA-262).
        patterns: &'static [&'static Pattern],
        /// `format`, where it is checked.
        format: Format,
    },
    /// A string enum.
    Enum {
        /// The allowed values.
        values: &'static [&'static str],
        /// Whether the generated type keeps other values (`unknown-enum-values = "keep"`): they
        /// are then accepted in a response read by a client
        /// ([`ValidationErrors::for_response`]), and still violations anywhere else.
        open: bool,
    },
    /// An integer.
    Integer {
        /// Whether the value must fit in 32 bits (`format: int32`), else 64.
        int32: bool,
        /// `minimum` (and whether it is exclusive).
        minimum: Option<(i64, bool)>,
        /// `maximum` (and whether it is exclusive).
        maximum: Option<(i64, bool)>,
        /// `multipleOf` (positive).
        multiple_of: Option<i64>,
        /// `enum`: the allowed values (none: any).
        allowed: &'static [Limit],
    },
    /// A number.
    Number {
        /// `format: float`: within `f32`'s range.
        float: bool,
        /// `minimum` (and whether it is exclusive).
        minimum: Option<(f64, bool)>,
        /// `maximum` (and whether it is exclusive).
        maximum: Option<(f64, bool)>,
        /// `multipleOf` (positive).
        multiple_of: Option<f64>,
        /// `enum`: the allowed values (none: any).
        allowed: &'static [Limit],
    },
    /// `true` or `false`.
    Boolean {
        /// `enum`: the allowed values (none: both).
        allowed: &'static [bool],
    },
    /// An array.
    Array {
        /// What every item must be.
        items: &'static Schema,
        /// `minItems`.
        min_items: Option<u64>,
        /// `maxItems`.
        max_items: Option<u64>,
        /// `uniqueItems`.
        unique_items: bool,
    },
    /// An object used as a map from strings to `values`.
    Map {
        /// What every member must be.
        values: &'static Schema,
        /// `minProperties`.
        min_properties: Option<u64>,
        /// `maxProperties`.
        max_properties: Option<u64>,
    },
    /// An object with named members.
    Object {
        /// The declared members.
        properties: &'static [Property],
        /// What members not listed must be.
        additional: Additional,
        /// `minProperties`: members of any kind, declared or not.
        min_properties: Option<u64>,
        /// `maxProperties`: members of any kind, declared or not.
        max_properties: Option<u64>,
    },
    /// `oneOf` (`exclusive`: exactly one alternative matches) or `anyOf` (at least one).
    Union {
        /// `oneOf` rather than `anyOf`.
        exclusive: bool,
        /// The alternatives, in the spec's order.
        alternatives: &'static [Schema],
        /// The property whose value picks the alternative, and each value's alternative.
        discriminator: Option<Discriminator>,
    },
    /// A named schema, used where this one may also be `null`.
    Ref {
        /// The named schema.
        schema: &'static Schema,
    },
    /// Any JSON value.
    Any,
}

/// A `format` the generated types rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// No format to check.
    None,
    /// RFC 3339 `date-time`.
    DateTime,
    /// RFC 3339 `full-date`.
    Date,
    /// A UUID, hyphenated (`format: uuid`).
    Uuid,
    /// Base64, standard alphabet with padding (`format: byte`).
    Byte,
    /// `uri`: an absolute URI (RFC 3986).
    Uri,
}

/// `additionalProperties` of an object schema.
#[derive(Debug, Clone, Copy)]
pub enum Additional {
    /// Other members are allowed and ignored.
    Ignored,
    /// Other members are an error.
    Forbidden,
    /// Other members must match this schema.
    Schema(&'static Schema),
}

/// A `discriminator`: the property naming the alternative of a `oneOf` / `anyOf`.
#[derive(Debug, Clone, Copy)]
pub struct Discriminator {
    /// The property that names the alternative.
    pub property: &'static str,
    /// Each value of the property and the index of the alternative it selects.
    pub mapping: &'static [(&'static str, usize)],
    /// The values, for the error message.
    pub values: &'static [&'static str],
}

/// A member of an object schema.
#[derive(Debug)]
pub struct Property {
    /// The member's name in JSON.
    pub name: &'static str,
    /// Whether it must be present.
    pub required: bool,
    /// What it must be.
    pub schema: &'static Schema,
}

/// Where a parameter goes in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum In {
    /// A path segment (`/organisations/{OrganisationId}`).
    Path,
    /// The query string.
    Query,
    /// A header.
    Header,
    /// A cookie (in the `Cookie` header).
    Cookie,
}

impl In {
    /// The location's name, which starts the parameter's place in error messages
    /// (`query/limit`).
    pub const fn as_str(self) -> &'static str {
        match self {
            In::Path => "path",
            In::Query => "query",
            In::Header => "header",
            In::Cookie => "cookie",
        }
    }
}

/// A parameter of an operation, as the spec describes it: the server reads each one from where
/// it is and checks it against its schema, the client writes each one there. An operation's
/// parameters are a `&[Param]` in `schemas.rs`, in the spec's order.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The name in the request (`per_page`, `x-fapi-auth-date`).
    pub name: &'static str,
    /// The field of the operation's parameter set that holds it.
    pub field: &'static str,
    /// Where it goes.
    pub location: In,
    /// Whether it must be given.
    pub required: bool,
    /// For a query array: one `name=value` pair per item (`explode: true`, the default), else
    /// one comma-separated value.
    pub explode: bool,
    /// What its value must be.
    pub schema: &'static Schema,
}

impl Param {
    /// A path parameter (always required).
    pub const fn path(name: &'static str, field: &'static str, schema: &'static Schema) -> Param {
        Param::new(In::Path, name, field, schema).required()
    }

    /// An optional query parameter.
    pub const fn query(name: &'static str, field: &'static str, schema: &'static Schema) -> Param {
        Param::new(In::Query, name, field, schema)
    }

    /// An optional header.
    pub const fn header(name: &'static str, field: &'static str, schema: &'static Schema) -> Param {
        Param::new(In::Header, name, field, schema)
    }

    /// An optional cookie.
    pub const fn cookie(name: &'static str, field: &'static str, schema: &'static Schema) -> Param {
        Param::new(In::Cookie, name, field, schema)
    }

    const fn new(
        location: In,
        name: &'static str,
        field: &'static str,
        schema: &'static Schema,
    ) -> Param {
        Param {
            name,
            field,
            location,
            required: false,
            explode: true,
            schema,
        }
    }

    /// The parameter must be given.
    pub const fn required(mut self) -> Param {
        self.required = true;
        self
    }

    /// A query array as one comma-separated value (`explode: false`).
    pub const fn unexploded(mut self) -> Param {
        self.explode = false;
        self
    }
}

/// Short constructors, so that the generated `schemas.rs` reads like the spec:
/// `Schema::object(&[Property::required("id", &Schema::UUID)], Additional::Ignored)`. They are
/// `const`, and so are the methods adding a constraint (`Schema::STRING.max_length(5000)`); one
/// applied to the wrong kind of schema panics, which in a static is a compile error.
impl Schema {
    /// Any string.
    pub const STRING: Schema = Schema::string(Format::None);
    /// An RFC 3339 `date-time` string.
    pub const DATE_TIME: Schema = Schema::string(Format::DateTime);
    /// An RFC 3339 `full-date` string.
    pub const DATE: Schema = Schema::string(Format::Date);
    /// A hyphenated UUID string.
    pub const UUID: Schema = Schema::string(Format::Uuid);
    /// A base64 string (`format: byte`).
    pub const BYTE: Schema = Schema::string(Format::Byte);
    /// An absolute URI string (`format: uri`).
    pub const URI: Schema = Schema::string(Format::Uri);
    /// Any integer that fits in 32 bits.
    pub const INT32: Schema = Schema::integer(true);
    /// Any integer that fits in 64 bits.
    pub const INT64: Schema = Schema::integer(false);
    /// Any number.
    pub const NUMBER: Schema = Schema::new(Kind::Number {
        float: false,
        minimum: None,
        maximum: None,
        multiple_of: None,
        allowed: &[],
    });
    /// Any number within `f32`'s range (`format: float`).
    pub const FLOAT: Schema = Schema::new(Kind::Number {
        float: true,
        minimum: None,
        maximum: None,
        multiple_of: None,
        allowed: &[],
    });
    /// `true` or `false`.
    pub const BOOLEAN: Schema = Schema::boolean_enum(&[]);
    /// Any JSON value, `null` included.
    pub const ANY: Schema = Schema::new(Kind::Any).nullable();

    /// A schema of `kind` that does not allow `null`.
    pub const fn new(kind: Kind) -> Schema {
        Schema {
            nullable: false,
            kind,
        }
    }

    /// This schema, allowing `null` too.
    pub const fn nullable(mut self) -> Schema {
        self.nullable = true;
        self
    }

    /// A named schema (a `$ref`), where a `Schema` value is needed: a nullable use
    /// (`Schema::named(&PET).nullable()`) or an alternative of a union. Elsewhere the generated
    /// code refers to the static itself (`&PET`).
    pub const fn named(schema: &'static Schema) -> Schema {
        Schema::new(Kind::Ref { schema })
    }

    /// A string enum: one of `values`.
    pub const fn enumeration(values: &'static [&'static str]) -> Schema {
        Schema::new(Kind::Enum {
            values,
            open: false,
        })
    }

    /// An enum whose generated type keeps values the spec does not list (see `Kind::Enum`).
    pub const fn open(mut self) -> Schema {
        match &mut self.kind {
            Kind::Enum { open, .. } => *open = true,
            _ => panic!("`open` applies to enums only"),
        }
        self
    }

    /// A boolean that must be one of `allowed` (`enum: [true]`); `&[]` allows both.
    pub const fn boolean_enum(allowed: &'static [bool]) -> Schema {
        Schema::new(Kind::Boolean { allowed })
    }

    /// An array of `items`, with no constraint on its length.
    pub const fn array(items: &'static Schema) -> Schema {
        Schema::new(Kind::Array {
            items,
            min_items: None,
            max_items: None,
            unique_items: false,
        })
    }

    /// An object used as a map from strings to `values`.
    pub const fn map(values: &'static Schema) -> Schema {
        Schema::new(Kind::Map {
            values,
            min_properties: None,
            max_properties: None,
        })
    }

    /// An object with the members `properties`; `additional` says what other members may be.
    pub const fn object(properties: &'static [Property], additional: Additional) -> Schema {
        Schema::new(Kind::Object {
            properties,
            additional,
            min_properties: None,
            max_properties: None,
        })
    }

    /// `oneOf`: exactly one of `alternatives` matches.
    pub const fn one_of(alternatives: &'static [Schema]) -> Schema {
        Schema::new(Kind::Union {
            exclusive: true,
            alternatives,
            discriminator: None,
        })
    }

    /// `anyOf`: at least one of `alternatives` matches.
    pub const fn any_of(alternatives: &'static [Schema]) -> Schema {
        Schema::new(Kind::Union {
            exclusive: false,
            alternatives,
            discriminator: None,
        })
    }

    /// This union, with the alternative picked by `discriminator`.
    pub const fn discriminator(mut self, discriminator: Discriminator) -> Schema {
        match &mut self.kind {
            Kind::Union {
                discriminator: d, ..
            } => *d = Some(discriminator),
            _ => panic!("`discriminator` applies to unions only"),
        }
        self
    }

    /// This string, at least `n` code points long (`minLength`).
    pub const fn min_length(mut self, n: u64) -> Schema {
        match &mut self.kind {
            Kind::String { min_length, .. } => *min_length = Some(n),
            _ => panic!("`min_length` applies to strings only"),
        }
        self
    }

    /// This string, at most `n` code points long (`maxLength`).
    pub const fn max_length(mut self, n: u64) -> Schema {
        match &mut self.kind {
            Kind::String { max_length, .. } => *max_length = Some(n),
            _ => panic!("`max_length` applies to strings only"),
        }
        self
    }

    /// This string, matching every one of `patterns` (a schema's `pattern`, and those of the
    /// `allOf` members it is merged with).
    pub const fn patterns(mut self, patterns: &'static [&'static Pattern]) -> Schema {
        match &mut self.kind {
            Kind::String { patterns: p, .. } => *p = patterns,
            _ => panic!("`patterns` applies to strings only"),
        }
        self
    }

    /// This array, with at least `n` items (`minItems`).
    pub const fn min_items(mut self, n: u64) -> Schema {
        match &mut self.kind {
            Kind::Array { min_items, .. } => *min_items = Some(n),
            _ => panic!("`min_items` applies to arrays only"),
        }
        self
    }

    /// This array, with at most `n` items (`maxItems`).
    pub const fn max_items(mut self, n: u64) -> Schema {
        match &mut self.kind {
            Kind::Array { max_items, .. } => *max_items = Some(n),
            _ => panic!("`max_items` applies to arrays only"),
        }
        self
    }

    /// This array, with no two equal items (`uniqueItems`).
    pub const fn unique_items(mut self) -> Schema {
        match &mut self.kind {
            Kind::Array { unique_items, .. } => *unique_items = true,
            _ => panic!("`unique_items` applies to arrays only"),
        }
        self
    }

    /// This object or map, with at least `n` members (`minProperties`).
    pub const fn min_properties(mut self, n: u64) -> Schema {
        match &mut self.kind {
            Kind::Object { min_properties, .. } | Kind::Map { min_properties, .. } => {
                *min_properties = Some(n)
            }
            _ => panic!("`min_properties` applies to objects and maps only"),
        }
        self
    }

    /// This object or map, with at most `n` members (`maxProperties`).
    pub const fn max_properties(mut self, n: u64) -> Schema {
        match &mut self.kind {
            Kind::Object { max_properties, .. } | Kind::Map { max_properties, .. } => {
                *max_properties = Some(n)
            }
            _ => panic!("`max_properties` applies to objects and maps only"),
        }
        self
    }

    const fn string(format: Format) -> Schema {
        Schema::new(Kind::String {
            min_length: None,
            max_length: None,
            patterns: &[],
            format,
        })
    }

    const fn integer(int32: bool) -> Schema {
        Schema::new(Kind::Integer {
            int32,
            minimum: None,
            maximum: None,
            multiple_of: None,
            allowed: &[],
        })
    }
}

impl Property {
    /// A member that must be present.
    pub const fn required(name: &'static str, schema: &'static Schema) -> Property {
        Property {
            name,
            required: true,
            schema,
        }
    }

    /// A member that may be absent.
    pub const fn optional(name: &'static str, schema: &'static Schema) -> Property {
        Property {
            name,
            required: false,
            schema,
        }
    }
}

/// Checks `value` against `schema`, reporting every violation below `location`.
pub fn check(
    value: &Value,
    schema: &Schema,
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    if value.is_null() {
        if !schema.nullable && !matches!(schema.kind, Kind::Any) {
            errors.push(
                location,
                Rule::Type {
                    expected: expected(&schema.kind),
                    found: "null".into(),
                },
            );
        }
        return;
    }
    match &schema.kind {
        Kind::String {
            min_length,
            max_length,
            patterns,
            format,
        } => {
            let Some(text) = value.as_str() else {
                return errors.push(
                    location,
                    Rule::Type {
                        expected: "a string",
                        found: validation::found(value),
                    },
                );
            };
            validation::check_length(text, *min_length, *max_length, location, errors);
            for pattern in patterns.iter() {
                validation::check_pattern(text, pattern, location, errors);
            }
            match format {
                Format::None => {}
                Format::DateTime => validation::check_date_time(text, location, errors),
                Format::Date => validation::check_date(text, location, errors),
                Format::Uuid => validation::check_uuid(text, location, errors),
                Format::Byte => validation::check_base64(text, location, errors),
                Format::Uri => validation::check_uri(text, location, errors),
            }
        }
        Kind::Enum { values, open } => match value.as_str() {
            Some(text) if values.contains(&text) => {}
            Some(_) if *open && errors.accepts_unknown_enum_values() => {}
            _ => errors.push(location, Rule::Values { allowed: values }),
        },
        Kind::Integer {
            int32,
            minimum,
            maximum,
            multiple_of,
            allowed,
        } => {
            let number = match validation::as_integer(value) {
                Some(n) if !*int32 || i32::try_from(n).is_ok() => n,
                _ => {
                    let expected = if *int32 {
                        "a 32-bit integer"
                    } else {
                        "a 64-bit integer"
                    };
                    let found = validation::found(value);
                    return errors.push(location, Rule::Type { expected, found });
                }
            };
            validation::check_int_range(number, *minimum, *maximum, location, errors);
            if let Some(divisor) = multiple_of {
                validation::check_int_multiple_of(number, *divisor, location, errors);
            }
            if !allowed.is_empty() {
                validation::check_int_enum(number, allowed, location, errors);
            }
        }
        Kind::Number {
            float,
            minimum,
            maximum,
            multiple_of,
            allowed,
        } => {
            let Some(number) = value.as_f64() else {
                return errors.push(
                    location,
                    Rule::Type {
                        expected: "a number",
                        found: validation::found(value),
                    },
                );
            };
            if *float {
                validation::check_f32(number, location, errors);
            }
            validation::check_float_range(number, *minimum, *maximum, location, errors);
            if let Some(divisor) = multiple_of {
                validation::check_float_multiple_of(number, *divisor, location, errors);
            }
            if !allowed.is_empty() {
                validation::check_float_enum(number, allowed, location, errors);
            }
        }
        Kind::Boolean { allowed } => match value.as_bool() {
            None => errors.push(
                location,
                Rule::Type {
                    expected: "a boolean",
                    found: validation::found(value),
                },
            ),
            Some(b) if !allowed.is_empty() => {
                validation::check_bool_enum(b, allowed, location, errors)
            }
            Some(_) => {}
        },
        Kind::Array {
            items,
            min_items,
            max_items,
            unique_items,
        } => {
            let Some(array) = value.as_array() else {
                return errors.push(
                    location,
                    Rule::Type {
                        expected: "an array",
                        found: validation::found(value),
                    },
                );
            };
            validation::check_items(array.len(), *min_items, *max_items, location, errors);
            if *unique_items {
                let items: Vec<JsonEq<'_>> = array.iter().map(JsonEq).collect();
                validation::check_unique(&items, location, errors);
            }
            for (index, item) in array.iter().enumerate() {
                check(item, items, &location.index(index), errors);
            }
        }
        Kind::Map {
            values,
            min_properties,
            max_properties,
        } => {
            let Some(object) = value.as_object() else {
                return errors.push(
                    location,
                    Rule::Type {
                        expected: "an object",
                        found: validation::found(value),
                    },
                );
            };
            check_count(object, *min_properties, *max_properties, location, errors);
            for (key, item) in object {
                check(item, values, &location.key(key), errors);
            }
        }
        Kind::Object {
            properties,
            additional,
            min_properties,
            max_properties,
        } => {
            let Some(object) = value.as_object() else {
                return errors.push(
                    location,
                    Rule::Type {
                        expected: "an object",
                        found: validation::found(value),
                    },
                );
            };
            check_count(object, *min_properties, *max_properties, location, errors);
            for property in *properties {
                let location = location.key(property.name);
                match object.get(property.name) {
                    Some(member) => check(member, property.schema, &location, errors),
                    None if property.required => errors.push(&location, Rule::Required),
                    None => {}
                }
            }
            if matches!(additional, Additional::Ignored) {
                return;
            }
            for (key, member) in object {
                if properties.iter().any(|p| p.name == key) {
                    continue;
                }
                match additional {
                    Additional::Schema(schema) => check(member, schema, &location.key(key), errors),
                    _ => errors.push(&location.key(key), Rule::NotAllowed),
                }
            }
        }
        Kind::Union {
            exclusive,
            alternatives,
            discriminator,
        } => check_union(
            value,
            *exclusive,
            alternatives,
            discriminator.as_ref(),
            location,
            errors,
        ),
        Kind::Ref { schema } => check(value, schema, location, errors),
        Kind::Any => {}
    }
}

/// A JSON value compared as JSON Schema compares them (`uniqueItems`): numbers by their value
/// (`1` and `1.0`, `0` and `-0` are equal, as they are once typed), arrays item by item,
/// objects member by member.
struct JsonEq<'a>(&'a Value);

impl PartialEq for JsonEq<'_> {
    fn eq(&self, other: &Self) -> bool {
        json_eq(self.0, other.0)
    }
}

fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        // Integers are held exactly (and alike for one value); a float is compared by value.
        (Value::Number(x), Value::Number(y)) => {
            x == y || ((x.is_f64() || y.is_f64()) && x.as_f64() == y.as_f64())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, p)| y.get(key).is_some_and(|q| json_eq(p, q)))
        }
        _ => a == b,
    }
}

/// `minProperties` / `maxProperties` of an object: every member counts.
fn check_count(
    object: &serde_json::Map<String, Value>,
    min: Option<u64>,
    max: Option<u64>,
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    if min.is_some() || max.is_some() {
        validation::check_properties(object.len(), min, max, location, errors);
    }
}

/// What a value of `kind` is, for "must be ..." messages.
fn expected(kind: &Kind) -> &'static str {
    match kind {
        Kind::String { .. } | Kind::Enum { .. } => "a string",
        Kind::Integer { int32: true, .. } => "a 32-bit integer",
        Kind::Integer { .. } => "a 64-bit integer",
        Kind::Number { .. } => "a number",
        Kind::Boolean { .. } => "a boolean",
        Kind::Array { .. } => "an array",
        Kind::Map { .. } | Kind::Object { .. } => "an object",
        Kind::Union { .. } => "one of the alternatives",
        Kind::Ref { schema } => expected(&schema.kind),
        Kind::Any => "a value",
    }
}

/// `schema` without the `Ref`s in front of it.
pub fn resolve(schema: &Schema) -> &Schema {
    let mut schema = schema;
    while let Kind::Ref { schema: target } = &schema.kind {
        schema = target;
    }
    schema
}

/// The schema of member `name` of an object schema (after `Ref`s), if it declares one.
pub fn property<'s>(schema: &'s Schema, name: &str) -> Option<&'s Schema> {
    match &resolve(schema).kind {
        Kind::Object { properties, .. } => properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| resolve(p.schema)),
        _ => None,
    }
}

/// `oneOf` / `anyOf`. With a discriminator, the alternative it names is checked. Otherwise each
/// alternative is tried: when none matches, the violations of the closest one are reported
/// after the `NoAlternative` one (closest: of the value's JSON type if any is, then with the
/// fewest violations, then first in order).
fn check_union(
    value: &Value,
    exclusive: bool,
    alternatives: &[Schema],
    discriminator: Option<&Discriminator>,
    location: &Location<'_>,
    errors: &mut ValidationErrors,
) {
    let keyword = if exclusive { "oneOf" } else { "anyOf" };
    if let Some(d) = discriminator
        && let Some(object) = value.as_object()
    {
        let tag_location = location.key(d.property);
        let Some(tag) = object.get(d.property) else {
            return errors.push(&tag_location, Rule::Required);
        };
        let chosen = tag
            .as_str()
            .and_then(|tag| d.mapping.iter().find(|(v, _)| *v == tag));
        match chosen.and_then(|(_, index)| alternatives.get(*index)) {
            Some(schema) => check(value, schema, location, errors),
            None => errors.push(&tag_location, Rule::Values { allowed: d.values }),
        }
        return;
    }
    // This value's pointer, made only once an alternative fails (to tell a wrong JSON type).
    let mut here: Option<String> = None;
    let mut matching: usize = 0;
    let mut closest: Option<((bool, usize), ValidationErrors)> = None;
    for schema in alternatives {
        let mut found = errors.same_mode();
        check(value, schema, location, &mut found);
        if found.is_empty() {
            matching = matching.saturating_add(1);
            if !exclusive {
                return;
            }
            continue;
        }
        let here = here.get_or_insert_with(|| location.to_pointer());
        let wrong_type = found
            .iter()
            .any(|e| e.location == *here && matches!(e.rule, Rule::Type { .. }));
        let d = (wrong_type, found.len());
        if closest.as_ref().is_none_or(|(best, _)| d < *best) {
            closest = Some((d, found));
        }
    }
    match matching {
        1 => {}
        0 => {
            errors.push(location, Rule::NoAlternative { keyword });
            if let Some((_, closest)) = closest {
                errors.extend(closest);
            }
        }
        count => errors.push(location, Rule::SeveralAlternatives { count }),
    }
}
