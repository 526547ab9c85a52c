//! The catalogue of rules: every kind of change the diff reports, with its severity when the
//! changed thing is read as part of a request (clients send it) and as part of a response
//! (clients receive it). Rules that are not about schemas have the same severity both ways.
//!
//! The principle: what clients send may only get *wider* (accept more), what they receive may
//! only get *narrower* (promise more). So narrowing a constraint is breaking in a request and
//! compatible in a response, widening the reverse. A new enum value in a response is breaking:
//! clients (and the generated Rust enums) reject values they do not know.

use super::report::{Direction, Severity};

/// What part of the API a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Area {
    Operation,
    Parameter,
    RequestBody,
    Response,
    Schema,
    Security,
    /// The generated Rust crate (names and types), found by lowering both documents.
    Rust,
}

impl Area {
    pub fn title(self) -> &'static str {
        match self {
            Area::Operation => "operations",
            Area::Parameter => "parameters",
            Area::RequestBody => "request bodies",
            Area::Response => "responses",
            Area::Schema => "schemas (request / response)",
            Area::Security => "security",
            Area::Rust => "generated Rust API",
        }
    }
}

/// A kind of change.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Kebab-case, stable: the name of its fixture folder in `tests/diff/`.
    pub id: &'static str,
    pub area: Area,
    /// The severity in a request (or everywhere, for rules not about schemas).
    pub request: Severity,
    /// The severity in a response.
    pub response: Severity,
    pub description: &'static str,
}

impl Rule {
    pub fn severity(&self, direction: Option<Direction>) -> Severity {
        match direction {
            Some(Direction::Response) => self.response,
            _ => self.request,
        }
    }

    pub fn is_rust(&self) -> bool {
        self.area == Area::Rust
    }

    /// Whether the severity depends on the direction.
    pub fn is_directional(&self) -> bool {
        self.area == Area::Schema
    }
}

macro_rules! rules {
    ($($name:ident = $id:literal, $area:ident, $req:ident, $resp:ident, $desc:literal;)*) => {
        $(
            pub static $name: Rule = Rule {
                id: $id,
                area: Area::$area,
                request: Severity::$req,
                response: Severity::$resp,
                description: $desc,
            };
        )*
        /// Every rule, in documentation order.
        pub static RULES: &[&Rule] = &[$(&$name),*];
    };
}

rules! {
    // Operations
    OPERATION_REMOVED = "operation-removed", Operation, Breaking, Breaking,
        "an operation (method + path) is gone";
    OPERATION_ADDED = "operation-added", Operation, Compatible, Compatible,
        "a new operation";
    OPERATION_ID_CHANGED = "operation-id-changed", Operation, Breaking, Breaking,
        "the operationId changed (generated clients name their methods after it)";
    OPERATION_DEPRECATED = "operation-deprecated", Operation, Info, Info,
        "the operation is now deprecated";
    PATH_PARAMETER_RENAMED = "path-parameter-renamed", Operation, Info, Info,
        "a path parameter has a new name (same place in the path)";

    // Parameters
    PARAMETER_REMOVED = "parameter-removed", Parameter, Breaking, Breaking,
        "a parameter is gone (clients still send it; the generated field disappears)";
    REQUIRED_PARAMETER_ADDED = "required-parameter-added", Parameter, Breaking, Breaking,
        "a new required parameter";
    OPTIONAL_PARAMETER_ADDED = "optional-parameter-added", Parameter, Compatible, Compatible,
        "a new optional parameter";
    PARAMETER_BECAME_REQUIRED = "parameter-became-required", Parameter, Breaking, Breaking,
        "an optional parameter is now required";
    PARAMETER_BECAME_OPTIONAL = "parameter-became-optional", Parameter, Compatible, Compatible,
        "a required parameter is now optional";
    PARAMETER_LOCATION_CHANGED = "parameter-location-changed", Parameter, Breaking, Breaking,
        "a parameter moved (query, header, path, cookie)";
    PARAMETER_STYLE_CHANGED = "parameter-style-changed", Parameter, Breaking, Breaking,
        "a parameter's serialisation (style, explode) changed";

    // Request bodies
    REQUIRED_REQUEST_BODY_ADDED = "required-request-body-added", RequestBody, Breaking, Breaking,
        "the operation now requires a body";
    OPTIONAL_REQUEST_BODY_ADDED = "optional-request-body-added", RequestBody, Compatible, Compatible,
        "the operation now accepts an optional body";
    REQUEST_BODY_REMOVED = "request-body-removed", RequestBody, Breaking, Breaking,
        "the operation no longer takes a body";
    REQUEST_BODY_BECAME_REQUIRED = "request-body-became-required", RequestBody, Breaking, Breaking,
        "an optional body is now required";
    REQUEST_BODY_BECAME_OPTIONAL = "request-body-became-optional", RequestBody, Compatible, Compatible,
        "a required body is now optional";
    REQUEST_MEDIA_TYPE_REMOVED = "request-media-type-removed", RequestBody, Breaking, Breaking,
        "a request media type is no longer accepted";
    REQUEST_MEDIA_TYPE_ADDED = "request-media-type-added", RequestBody, Compatible, Compatible,
        "a new request media type is accepted";

    // Responses
    RESPONSE_SUCCESS_STATUS_REMOVED = "response-success-status-removed", Response, Breaking, Breaking,
        "a success (2xx) status is no longer documented";
    RESPONSE_ERROR_STATUS_REMOVED = "response-error-status-removed", Response, Compatible, Compatible,
        "an error status (or `default`) is no longer documented";
    RESPONSE_SUCCESS_STATUS_ADDED = "response-success-status-added", Response, Breaking, Breaking,
        "a new success (2xx) status: existing clients do not expect it";
    RESPONSE_ERROR_STATUS_ADDED = "response-error-status-added", Response, Compatible, Compatible,
        "a new error status (or `default`) is documented";
    RESPONSE_MEDIA_TYPE_REMOVED = "response-media-type-removed", Response, Breaking, Breaking,
        "a response media type (or the whole body) is gone";
    RESPONSE_MEDIA_TYPE_ADDED = "response-media-type-added", Response, Compatible, Compatible,
        "a response has a new media type";
    RESPONSE_HEADER_REMOVED = "response-header-removed", Response, Breaking, Breaking,
        "a response header is gone";
    RESPONSE_HEADER_ADDED = "response-header-added", Response, Compatible, Compatible,
        "a new response header";
    RESPONSE_HEADER_BECAME_OPTIONAL = "response-header-became-optional", Response, Breaking, Breaking,
        "a required response header is now optional";

    // Schemas (request severity, response severity)
    TYPE_CHANGED = "type-changed", Schema, Breaking, Breaking,
        "the type changed (string to integer, object to array...)";
    TYPE_WIDENED = "type-widened", Schema, Compatible, Breaking,
        "the type accepts more (integer to number, or no type any more)";
    TYPE_NARROWED = "type-narrowed", Schema, Breaking, Compatible,
        "the type accepts less (number to integer, or a type where there was none)";
    FORMAT_CHANGED = "format-changed", Schema, Breaking, Breaking,
        "the format changed (date to date-time, int32 to int64...)";
    FORMAT_ADDED = "format-added", Schema, Breaking, Compatible,
        "a format where there was none";
    FORMAT_REMOVED = "format-removed", Schema, Compatible, Breaking,
        "the format is gone";
    NULLABLE_ADDED = "nullable-added", Schema, Compatible, Breaking,
        "null is now allowed";
    NULLABLE_REMOVED = "nullable-removed", Schema, Breaking, Compatible,
        "null is no longer allowed";
    ENUM_VALUE_ADDED = "enum-value-added", Schema, Compatible, Breaking,
        "new enum values (clients that receive them do not know them)";
    ENUM_VALUE_REMOVED = "enum-value-removed", Schema, Breaking, Compatible,
        "enum values are gone";
    ENUM_ADDED = "enum-added", Schema, Breaking, Compatible,
        "the value is now restricted to a list";
    ENUM_REMOVED = "enum-removed", Schema, Compatible, Breaking,
        "the value is no longer restricted to a list";
    MAX_LENGTH_DECREASED = "max-length-decreased", Schema, Breaking, Compatible,
        "a smaller maxLength, or one where there was none";
    MAX_LENGTH_INCREASED = "max-length-increased", Schema, Compatible, Breaking,
        "a larger maxLength, or none any more";
    MIN_LENGTH_INCREASED = "min-length-increased", Schema, Breaking, Compatible,
        "a larger minLength, or one where there was none";
    MIN_LENGTH_DECREASED = "min-length-decreased", Schema, Compatible, Breaking,
        "a smaller minLength, or none any more";
    PATTERN_ADDED = "pattern-added", Schema, Breaking, Compatible,
        "a pattern where there was none";
    PATTERN_REMOVED = "pattern-removed", Schema, Compatible, Breaking,
        "the pattern is gone";
    PATTERN_CHANGED = "pattern-changed", Schema, Breaking, Breaking,
        "another pattern (whether it is narrower cannot be told)";
    MAXIMUM_DECREASED = "maximum-decreased", Schema, Breaking, Compatible,
        "a smaller (or newly exclusive) maximum, or one where there was none";
    MAXIMUM_INCREASED = "maximum-increased", Schema, Compatible, Breaking,
        "a larger (or no longer exclusive) maximum, or none any more";
    MINIMUM_INCREASED = "minimum-increased", Schema, Breaking, Compatible,
        "a larger (or newly exclusive) minimum, or one where there was none";
    MINIMUM_DECREASED = "minimum-decreased", Schema, Compatible, Breaking,
        "a smaller (or no longer exclusive) minimum, or none any more";
    MULTIPLE_OF_CHANGED = "multiple-of-changed", Schema, Breaking, Breaking,
        "multipleOf added, removed or changed";
    MAX_ITEMS_DECREASED = "max-items-decreased", Schema, Breaking, Compatible,
        "a smaller maxItems, or one where there was none";
    MAX_ITEMS_INCREASED = "max-items-increased", Schema, Compatible, Breaking,
        "a larger maxItems, or none any more";
    MIN_ITEMS_INCREASED = "min-items-increased", Schema, Breaking, Compatible,
        "a larger minItems, or one where there was none";
    MIN_ITEMS_DECREASED = "min-items-decreased", Schema, Compatible, Breaking,
        "a smaller minItems, or none any more";
    UNIQUE_ITEMS_ADDED = "unique-items-added", Schema, Breaking, Compatible,
        "array items must now be unique";
    UNIQUE_ITEMS_REMOVED = "unique-items-removed", Schema, Compatible, Breaking,
        "array items no longer have to be unique";
    PROPERTY_REMOVED = "property-removed", Schema, Breaking, Breaking,
        "a property is gone (senders may be rejected, receivers lose data)";
    REQUIRED_PROPERTY_ADDED = "required-property-added", Schema, Breaking, Compatible,
        "a new required property";
    OPTIONAL_PROPERTY_ADDED = "optional-property-added", Schema, Compatible, Compatible,
        "a new optional property";
    PROPERTY_BECAME_REQUIRED = "property-became-required", Schema, Breaking, Compatible,
        "an optional property is now required";
    PROPERTY_BECAME_OPTIONAL = "property-became-optional", Schema, Compatible, Breaking,
        "a required property is now optional";
    PROPERTY_BECAME_READ_ONLY = "property-became-read-only", Schema, Breaking, Compatible,
        "a property is now readOnly (clients may no longer send it)";
    PROPERTY_BECAME_WRITE_ONLY = "property-became-write-only", Schema, Compatible, Breaking,
        "a property is now writeOnly (no longer returned)";
    ADDITIONAL_PROPERTIES_FORBIDDEN = "additional-properties-forbidden", Schema, Breaking, Compatible,
        "undeclared members are no longer allowed (additionalProperties: false)";
    ADDITIONAL_PROPERTIES_ALLOWED = "additional-properties-allowed", Schema, Compatible, Breaking,
        "undeclared members are now allowed";
    UNION_MEMBER_ADDED = "union-member-added", Schema, Compatible, Breaking,
        "a new oneOf/anyOf alternative";
    UNION_MEMBER_REMOVED = "union-member-removed", Schema, Breaking, Compatible,
        "a oneOf/anyOf alternative is gone";
    ALL_OF_MEMBER_ADDED = "all-of-member-added", Schema, Breaking, Compatible,
        "a new allOf member (one that is not merged as plain properties)";
    ALL_OF_MEMBER_REMOVED = "all-of-member-removed", Schema, Compatible, Breaking,
        "an allOf member (one that is not merged as plain properties) is gone";
    DISCRIMINATOR_CHANGED = "discriminator-changed", Schema, Breaking, Breaking,
        "the discriminator property or its mapping changed";
    DEFAULT_CHANGED = "default-changed", Schema, Breaking, Info,
        "another default (an omitted value now means something else)";
    DEFAULT_ADDED = "default-added", Schema, Compatible, Info,
        "a default where there was none";
    DEFAULT_REMOVED = "default-removed", Schema, Breaking, Info,
        "the default is gone (an omitted value has no defined meaning any more)";

    // Security
    SECURITY_ADDED = "security-added", Security, Breaking, Breaking,
        "an operation that needed no credentials now needs some";
    SECURITY_REMOVED = "security-removed", Security, Compatible, Compatible,
        "an operation no longer needs credentials";
    SECURITY_ALTERNATIVE_ADDED = "security-alternative-added", Security, Compatible, Compatible,
        "one more way to authenticate";
    SECURITY_ALTERNATIVE_REMOVED = "security-alternative-removed", Security, Breaking, Breaking,
        "a way to authenticate is no longer accepted";
    SECURITY_SCOPE_ADDED = "security-scope-added", Security, Breaking, Breaking,
        "more OAuth2/OpenID scopes are required";
    SECURITY_SCOPE_REMOVED = "security-scope-removed", Security, Compatible, Compatible,
        "fewer scopes are required";
    SECURITY_SCHEME_CHANGED = "security-scheme-changed", Security, Breaking, Breaking,
        "a security scheme works differently (type, HTTP scheme, API key name or place)";

    // The generated Rust API
    RUST_METHOD_RENAMED = "rust-method-renamed", Rust, Breaking, Breaking,
        "the client/server method of an operation has a new name";
    RUST_SIGNATURE_CHANGED = "rust-signature-changed", Rust, Breaking, Breaking,
        "a method takes other parameter or body types";
    RUST_TYPE_REMOVED = "rust-type-removed", Rust, Breaking, Breaking,
        "a generated type is gone";
    RUST_TYPE_RENAMED = "rust-type-renamed", Rust, Breaking, Breaking,
        "a generated type has a new name (same definition)";
    RUST_TYPE_CHANGED = "rust-type-changed", Rust, Breaking, Breaking,
        "a generated type is another kind of type (struct, enum, alias)";
    RUST_FIELD_REMOVED = "rust-field-removed", Rust, Breaking, Breaking,
        "a struct field (or parameter-set field) is gone";
    RUST_REQUIRED_FIELD_ADDED = "rust-required-field-added", Rust, Breaking, Breaking,
        "a new field that is not an Option (struct literals and `new` calls must supply it)";
    RUST_FIELD_BECAME_OPTIONAL = "rust-field-became-optional", Rust, Breaking, Breaking,
        "a field changed from T to Option<T>";
    RUST_FIELD_BECAME_REQUIRED = "rust-field-became-required", Rust, Breaking, Breaking,
        "a field changed from Option<T> to T";
    RUST_FIELD_TYPE_CHANGED = "rust-field-type-changed", Rust, Breaking, Breaking,
        "a field has another Rust type";
    RUST_ENUM_VARIANT_REMOVED = "rust-enum-variant-removed", Rust, Breaking, Breaking,
        "a variant of a generated enum is gone";
    RUST_ENUM_VARIANT_ADDED = "rust-enum-variant-added", Rust, Info, Info,
        "a generated enum has a new variant (exhaustive matches need an arm)";
    RUST_RESPONSE_VARIANT_REMOVED = "rust-response-variant-removed", Rust, Breaking, Breaking,
        "a variant of an operation's response enum is gone";
    RUST_RESPONSE_VARIANT_ADDED = "rust-response-variant-added", Rust, Info, Info,
        "an operation's response enum has a new variant";
}
