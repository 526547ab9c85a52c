//! The typed intermediate representation between lowering and emitting.
//!
//! Everything an emitter needs is here, already named (Rust identifiers, collision-free) and with
//! constraints as data. Emitters never see OpenAPI.

use crate::error::{Pointer, Warning};

/// One API: the whole input of the emitters.
#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The spec's file name (no directories), for headers of generated files.
    pub source_file: String,
    pub servers: Vec<Server>,
    /// Named types, in a deterministic order (components in spec order, then inline types in the
    /// order they were met).
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// Distinct patterns used anywhere, in first-use order; `Checks::pattern` indexes into this.
    pub patterns: Vec<Pattern>,
    pub security_schemes: Vec<SecurityScheme>,
    pub warnings: Vec<Warning>,
    /// The parts generated besides the models.
    pub parts: Parts,
    /// Extra dependencies of the generated crate (from the settings): the package name and its
    /// `Cargo.toml` value, as TOML text.
    pub dependencies: Vec<(String, String)>,
}

/// Which parts of the crate are generated besides the models.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    pub client: bool,
    pub server: bool,
    /// Only with `server`.
    pub mock: bool,
}

impl std::default::Default for Parts {
    fn default() -> Self {
        Parts {
            client: true,
            server: true,
            mock: true,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
}

/// Documentation carried from the spec to the generated code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Where in the spec this came from.
    pub source: Option<Pointer>,
    /// The file `source` is in, relative to the root document's folder, when it is not the root
    /// document (the spec refers to it with `$ref`).
    pub file: Option<String>,
}

/// A named Rust type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// UpperCamelCase Rust identifier, unique in the crate.
    pub name: String,
    pub docs: Docs,
    pub kind: TypeKind,
    /// What the settings add to (or put in place of) the generated type.
    pub extras: Extras,
}

/// What the settings add to a model type.
#[derive(Debug, Clone, std::default::Default, PartialEq, Eq)]
pub struct Extras {
    /// Extra derives (Rust paths, already checked to parse), after the generator's own.
    pub derives: Vec<String>,
    /// Extra outer attributes (`#[...]`, already checked to parse).
    pub attributes: Vec<String>,
    /// A Rust path to an existing type used instead of generating this one: the crate gets
    /// `pub type Name = path;`, and the type's `kind` still describes the schema (for the
    /// schema statics, examples and docs).
    pub replaced_by: Option<String>,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum; serialised by its spec values.
    Enum(Enum),
    /// A name for a non-object schema (`pub type X = ...`). Its constraints are enforced wherever
    /// it is used, because they are copied into each use site's `Shape`.
    Alias(Box<Shape>),
    /// `oneOf` / `anyOf`: an enum with one variant per alternative.
    Union(Union),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// What the object allows besides its declared properties.
    pub additional: Additional,
    /// `minProperties` / `maxProperties`: how many members the object has (declared or not; a
    /// model counts the members it writes). A struct with either keeps its other members
    /// (`Additional::Kept`, any JSON value when the spec does not constrain them), so that a
    /// model can count them as the JSON check does.
    pub properties: PropertyCount,
}

/// `minProperties` / `maxProperties` of an object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PropertyCount {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

impl PropertyCount {
    pub fn is_empty(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
}

/// `additionalProperties` of an object with declared properties.
#[derive(Debug, Clone, PartialEq)]
pub enum Additional {
    /// Absent or `true`: other members are allowed, and ignored.
    Ignored,
    /// `false`: other members are an error.
    Forbidden,
    /// A schema: other members are kept, in a map field of the struct, and checked.
    Kept {
        /// The snake_case name of the map field (unique among the struct's fields).
        field: String,
        values: Box<Shape>,
        /// Members `required` lists but `properties` does not declare: keys the map must have
        /// (their values are checked as `values`).
        required: Vec<String>,
    },
}

/// `oneOf` (exactly one alternative matches) or `anyOf` (at least one does).
#[derive(Debug, Clone)]
pub struct Union {
    /// `oneOf`: exactly one alternative may match; `anyOf`: at least one.
    pub exclusive: bool,
    pub variants: Vec<UnionVariant>,
    /// The `discriminator`, when every alternative is a struct declaring its property: the
    /// value is then chosen by that property instead of by trying the alternatives in order.
    pub discriminator: Option<Discriminator>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// UpperCamelCase variant name, unique in the enum.
    pub name: String,
    pub shape: Shape,
    /// The variant's type contains the union itself: it is boxed.
    pub boxed: bool,
}

#[derive(Debug, Clone)]
pub struct Discriminator {
    /// The property's name in JSON.
    pub property: String,
    /// Each property value and the index of the variant it selects, in the spec's order.
    pub mapping: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// snake_case Rust identifier (raw identifier syntax is added by the emitter when needed).
    pub name: String,
    /// The property name in JSON.
    pub wire_name: String,
    pub docs: Docs,
    pub shape: Shape,
    pub required: bool,
    /// The spec's `default`, already checked against the shape.
    pub default: Option<Default>,
    /// The field's struct contains itself through this field: it is boxed.
    pub boxed: bool,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub variants: Vec<Variant>,
    /// Values outside `variants` are kept in an `Unknown(String)` variant instead of failing to
    /// deserialize; validation still reports them (settings: `unknown-enum-values = "keep"`).
    pub open: bool,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub value: String,
    pub docs: Docs,
}

/// A default value, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Default {
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    /// A variant of the named enum type (`value` is its spec value).
    EnumVariant {
        type_name: String,
        variant: String,
        value: String,
    },
    /// An array of defaults.
    Array(Vec<Default>),
    /// The default of an any-JSON value.
    Json(serde_json::Value),
}

/// The type of a value and the checks it must pass.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub ty: Ty,
    pub checks: Checks,
    /// `nullable: true`: the value may be JSON `null`.
    pub nullable: bool,
    /// The schema's `example`, as written (not checked against the schema).
    pub example: Option<serde_json::Value>,
}

impl Shape {
    /// A non-nullable value of type `ty` with no checks.
    pub fn of(ty: Ty) -> Self {
        Shape {
            ty,
            checks: Checks::default(),
            nullable: false,
            example: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String(StringFormat),
    Integer(IntFormat),
    Number(NumberFormat),
    Boolean,
    Array(Box<Shape>),
    /// A JSON object used as a map (`additionalProperties`), string keys.
    Map(Box<Shape>),
    /// A named struct or enum (never an alias: aliases are inlined).
    Named(String),
    /// Any JSON value.
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringFormat {
    Plain,
    DateTime,
    Date,
    /// `uuid`: `uuid::Uuid`, written in the hyphenated form.
    Uuid,
    /// `byte`: base64 (RFC 4648, standard alphabet, padded), decoded to bytes.
    Byte,
    /// `binary`: a file (`openapi_runtime::File`): a part of a `multipart/form-data` body (in
    /// JSON, a string).
    Binary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntFormat {
    I32,
    I64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFormat {
    F32,
    F64,
}

/// Validation rules for one value, as data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checks {
    /// In Unicode code points.
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// Indexes into `Api::patterns`: the value must match every one (a schema has one
    /// `pattern`; merging `allOf` members may give several).
    pub patterns: Vec<usize>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub multiple_of: Option<Number>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    /// Allowed values for a numeric `enum` (string enums become `TypeKind::Enum`).
    pub allowed: Vec<Number>,
    /// Allowed values for a boolean `enum` (`enum: [true]`), without repeats; empty when both
    /// are (or no `enum` is given).
    pub allowed_booleans: Vec<bool>,
    /// `minProperties` / `maxProperties` of a map (`Ty::Map`); a struct's are in `Struct`.
    pub properties: PropertyCount,
    /// A `format` checked on the text of a string (formats with their own type are `Ty`s).
    pub format: Option<TextFormat>,
}

/// A string `format` checked as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    /// `uri`: an absolute URI (RFC 3986).
    Uri,
    /// A format with its own type (`date-time`, `date`, `uuid`, `byte`) on a string that also
    /// has text constraints (length, pattern): the value stays text so they can be checked, and
    /// the format is checked on the text.
    Typed(StringFormat),
}

impl StringFormat {
    /// The `format` as the spec writes it (`None` for a plain string).
    pub fn spec_name(self) -> Option<&'static str> {
        match self {
            StringFormat::Plain => None,
            StringFormat::DateTime => Some("date-time"),
            StringFormat::Date => Some("date"),
            StringFormat::Uuid => Some("uuid"),
            StringFormat::Byte => Some("byte"),
            StringFormat::Binary => Some("binary"),
        }
    }
}

impl Checks {
    pub fn is_empty(&self) -> bool {
        *self == Checks::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

/// As the spec writes it: `5`, `0.25`.
impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) => write!(f, "{x}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: Number,
    pub exclusive: bool,
}

/// A `pattern`, with its ECMA-262 source and its translation for the `regex` crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// UPPER_SNAKE_CASE name of the static holding it, unique.
    pub name: String,
    pub ecma: String,
    /// The translation for the linear-time `regex` crate; `None` when that engine cannot express
    /// the pattern (lookaround, backreferences): it is then matched by an ECMA-262 engine
    /// (`regress`, backtracking) and the generator warned about it.
    pub regex: Option<String>,
    /// When the pattern only constrains which characters the whole string may contain
    /// (`^[^<>]*$`), the allowed ranges: checked character by character, without the regex
    /// engine.
    pub whole_string_class: Option<crate::ecma_regex::WholeStringClass>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// snake_case method name, unique.
    pub name: String,
    pub method: Method,
    /// The path template as in the spec (`/organisations/{OrganisationId}`).
    pub path: String,
    pub docs: Docs,
    pub summary: Option<String>,
    /// UpperCamelCase form of `name` (the operation's variant in the server's `Operation` enum).
    pub type_prefix: String,
    /// Name of the parameter-set struct, when the operation has parameters.
    pub params_type: Option<String>,
    /// Name of the server's request struct (parameters + body) for this operation.
    pub request_type: String,
    /// Name of the per-status response enum.
    pub response_type: String,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// Alternatives (OR) of security requirements; empty means none needed.
    pub security: Vec<Vec<String>>,
    /// What the mock server answers, when an example could be made.
    pub mock: Option<MockResponse>,
}

impl Operation {
    /// The struct of the headers of the body's parts (a multipart body whose `encoding` gives
    /// parts headers), and whether the body is required.
    pub fn part_headers(&self) -> Option<(&Shape, bool)> {
        let body = self.body.as_ref()?;
        match &body.content.kind {
            ContentKind::Multipart {
                part_headers: Some(headers),
                ..
            } => Some((headers, body.required)),
            _ => None,
        }
    }
}

/// The mock's answer to an operation: one of its responses, with example values (checked
/// against their schemas when they were made).
#[derive(Debug, Clone)]
pub struct MockResponse {
    /// Index into `Operation::responses`.
    pub response: usize,
    /// The status for `Range` and `Default` responses.
    pub status: u16,
    /// The body, for JSON (as JSON) and text (as a JSON string) bodies.
    pub body: Option<serde_json::Value>,
    /// A value for each required header, by field name.
    pub headers: Vec<(String, serde_json::Value)>,
    /// Why a preferred response was passed over, if one was.
    pub skipped: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    /// snake_case field name in the parameter set, unique within it.
    pub name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub docs: Docs,
    pub shape: Shape,
    /// `explode` for query arrays (form style).
    pub explode: bool,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub required: bool,
    pub docs: Docs,
    pub content: Content,
}

/// A body: its media type and, for JSON, its shape.
#[derive(Debug, Clone)]
pub struct Content {
    pub media_type: String,
    pub kind: ContentKind,
    /// The media type's `example` (or its first `examples` entry), as written.
    pub example: Option<serde_json::Value>,
}

#[derive(Debug, Clone)]
pub enum ContentKind {
    Json(Box<Shape>),
    /// `application/x-www-form-urlencoded` request body of an object schema: the model, sent as
    /// form fields (arrays as repeated keys, nested objects as `key[member]`).
    Form(Box<Shape>),
    /// `multipart/form-data` request body of an object schema: the model, sent as parts (a part
    /// per member, per item for arrays; files for `format: binary` members, JSON for objects).
    Multipart {
        shape: Box<Shape>,
        /// The `encoding` object's `contentType` by part name: the media types the part may
        /// have (`image/png, image/jpeg`).
        encodings: Vec<(String, String)>,
        /// Object members the `encoding` object gives `style: deepObject`: sent as
        /// `name[member]` text parts instead of one JSON part (as Stripe does).
        deep_objects: Vec<String>,
        /// The headers of parts (the `encoding` object's `headers`): a struct (a model) with a
        /// member per part that has headers, named as the body's member, each a struct of that
        /// part's headers (a list of them for an array member: one per item). `None` when no
        /// part has headers.
        part_headers: Option<Box<Shape>>,
    },
    /// Text (`text/*`, `application/jwt`...), passed as a `String`.
    Text,
    /// Anything else, passed as bytes.
    Binary,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    /// `2XX` and the like: the first digit.
    Range(u8),
    Default,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: Status,
    /// The variant of the operation's response enum (`Ok`, `BadRequest`, `Status2XX`, `Default`).
    pub variant: String,
    pub description: String,
    pub headers: Vec<ResponseHeader>,
    pub content: Option<Content>,
}

#[derive(Debug, Clone)]
pub struct ResponseHeader {
    pub name: String,
    pub wire_name: String,
    pub required: bool,
    pub docs: Docs,
    pub shape: Shape,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    pub key: String,
    pub kind: SecurityKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    Bearer,
    Basic,
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    OAuth2,
    OpenIdConnect,
}
