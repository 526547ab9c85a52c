//! The runtime's checks on their own: formats, lengths, bounds, items, schemas as data, the
//! error body's shapes, and `Model::from_json`.

use openapi_runtime::schema::{self, Additional, Kind, Property, Schema};
use openapi_runtime::validation::{
    self, Limit, Pattern, is_base64, is_date, is_date_time, is_uri, is_uuid,
};
use openapi_runtime::{Location, Model, Rule, Validate, ValidationErrors};
use serde_json::{Value, json};

fn messages(errors: &ValidationErrors) -> Vec<String> {
    errors.iter().map(ToString::to_string).collect()
}

fn check(value: Value, schema: &Schema) -> Vec<String> {
    let mut errors = ValidationErrors::default();
    schema::check(&value, schema, &Location::root(""), &mut errors);
    messages(&errors)
}

#[test]
fn uri_rfc_3986() {
    for good in [
        "https://www.example.com/assets/logo.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "urn:isbn:0451450523",
        "x:",
        "http://user:pw@[::1]:8080/a%20b?q=1&r=/?#frag",
        "http://[v1.fe]/",
        "mailto:a@example.com",
        "http://example.com:/",
    ] {
        assert!(is_uri(good), "{good}");
    }
    for bad in [
        "",
        "example.com",
        "/relative",
        "1http://a",
        "http://a b",
        "http://é.com",
        "http://a/%zz",
        "http://a/%4",
        "http://[::1/",
        "http://[zz]/",
        "http://a:port/",
        "http://a@b@c/",
        "http://a/<>",
        "\u{f}data:image/V,a=",
    ] {
        assert!(!is_uri(bad), "{bad}");
    }
}

#[test]
fn dates_and_date_times() {
    for good in ["2024-02-29", "2000-02-29", "1999-12-31"] {
        assert!(is_date(good), "{good}");
    }
    for bad in [
        "2023-02-29",
        "1900-02-29",
        "2024-13-01",
        "2024-1-01",
        "2024-01-1é",
        "",
    ] {
        assert!(!is_date(bad), "{bad}");
    }
    for good in [
        "2024-01-01T00:00:00Z",
        "2024-01-01t23:59:59.123456789z",
        "2024-01-01T00:00:00+05:30",
        "2024-01-01T00:00:00-00:00",
        // Leap seconds, at 23:59:60 in UTC once the offset is applied (RFC 3339 5.7).
        "1998-12-31T23:59:60Z",
        "1998-12-31T15:59:60.123-08:00",
        "1999-01-01T00:59:60+01:00",
        "1998-12-31T23:59:60-00:00",
    ] {
        assert!(is_date_time(good), "{good}");
    }
    for bad in [
        "2024-01-01",
        "2024-01-01T24:00:00Z",
        "2024-01-01T00:60:00Z",
        "2024-01-01T00:00:00",
        "2024-01-01T00:00:00.Z",
        "2024-01-01T00:00:00+24:00",
        "2024-01-01 00:00:00Z",
        // A leap second at any other minute of the UTC day.
        "1998-12-31T23:58:60Z",
        "1998-12-31T22:59:60Z",
        "1998-12-31T23:59:60+01:00",
        "1998-12-31T15:59:60-08:01",
        "1998-12-31T23:59:61Z",
        "\u{80}\u{80}\u{80}\u{80}\u{10000}\u{10000}\u{10000}",
    ] {
        assert!(!is_date_time(bad), "{bad}");
    }
}

#[test]
fn uuids_and_base64() {
    assert!(is_uuid("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"));
    assert!(is_uuid("F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6"));
    assert!(!is_uuid("f81d4fae7dec11d0a76500a0c91e6bf6"));
    assert!(!is_uuid("f81d4fae-7dec-11d0-a765-00a0c91e6bfg"));
    for good in ["", "YQ==", "YWI=", "YWJj", "+/+/"] {
        assert!(is_base64(good), "{good:?}");
    }
    // Unpadded, bad alphabet, too much padding, non-canonical trailing bits.
    for bad in ["YQ", "YW=j", "Y===", "YR==", "YWJ-", "é123"] {
        assert!(!is_base64(bad), "{bad:?}");
    }
}

#[test]
fn lengths_count_code_points() {
    let location = Location::root("");
    let mut errors = ValidationErrors::default();
    validation::check_length("éé", Some(2), Some(2), &location, &mut errors);
    assert!(errors.is_empty());
    validation::check_length("😀", Some(2), None, &location, &mut errors);
    validation::check_length("abcd", None, Some(3), &location, &mut errors);
    assert_eq!(
        messages(&errors),
        [
            ": must be at least 2 characters long (minLength), found 1",
            ": must be at most 3 characters long (maxLength), found 4"
        ]
    );
}

#[test]
fn patterns_search_anywhere_unless_anchored() {
    static DIGIT: Pattern = Pattern::new("[0-9]", || Pattern::compile("[0-9]"));
    static LOWER: Pattern = Pattern::characters("^[a-z]+$", &[('a', 'z')], true);
    assert!(DIGIT.is_match("ab1"));
    assert!(!DIGIT.is_match("abc"));
    assert!(LOWER.is_match("abc"));
    assert!(!LOWER.is_match(""));
    assert!(!LOWER.is_match("abC"));
    assert_eq!(DIGIT.ecma(), "[0-9]");
}

#[test]
fn numbers_items_and_uniqueness() {
    static BOUNDED: Schema = Schema::new(Kind::Integer {
        int32: true,
        minimum: Some((0, true)),
        maximum: Some((10, false)),
        multiple_of: Some(5),
        allowed: &[],
    });
    static LIST: Schema = Schema::array(&Schema::INT64)
        .min_items(1)
        .max_items(2)
        .unique_items();
    assert_eq!(check(json!(5), &BOUNDED), Vec::<String>::new());
    assert_eq!(
        check(json!(0), &BOUNDED),
        [": must be greater than 0 (exclusiveMinimum)"]
    );
    assert_eq!(
        check(json!(12), &BOUNDED),
        [
            ": must be at most 10 (maximum)",
            ": must be a multiple of 5 (multipleOf)"
        ]
    );
    assert_eq!(
        check(json!(3_000_000_000_i64), &BOUNDED),
        [": must be a 32-bit integer, found 3000000000"]
    );
    // What was found is named: a number as written, null, or the kind of value.
    let minus_zero: Value = serde_json::from_str("-0").unwrap();
    assert_eq!(
        check(minus_zero.clone(), &BOUNDED),
        [": must be greater than 0 (exclusiveMinimum)"]
    );
    assert_eq!(check(minus_zero, &Schema::INT64), Vec::<String>::new());
    assert_eq!(
        check(json!(1.5), &Schema::INT64),
        [": must be a 64-bit integer, found 1.5"]
    );
    // JSON Schema draft 4 (OpenAPI 3.0): `1.0` is not an integer.
    assert_eq!(
        check(json!(1.0), &Schema::INT64),
        [": must be a 64-bit integer, found 1.0"]
    );
    assert_eq!(
        check(json!(null), &Schema::INT64),
        [": must be a 64-bit integer, found null"]
    );
    assert_eq!(
        check(json!("7"), &Schema::INT64),
        [": must be a 64-bit integer, found a string"]
    );
    // `0` and `-0` are one value (and so are `1` and `1.0` among numbers).
    let zeros: Value = serde_json::from_str("[0, -0]").unwrap();
    assert_eq!(
        check(zeros, &Schema::array(&Schema::INT64).unique_items()),
        [": items must be unique (uniqueItems), item 1 repeats an earlier one"]
    );
    assert_eq!(
        check(
            json!([1, 1.0]),
            &Schema::array(&Schema::NUMBER).unique_items()
        ),
        [": items must be unique (uniqueItems), item 1 repeats an earlier one"]
    );
    assert_eq!(
        check(
            json!([1, 2, [1], [1.5], {"a": 1}, {"a": 2}]),
            &Schema::array(&Schema::ANY).unique_items()
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        check(json!([1, 1, 2]), &LIST),
        [
            ": must have at most 2 items (maxItems), found 3",
            ": items must be unique (uniqueItems), item 1 repeats an earlier one"
        ]
    );
    let mut errors = ValidationErrors::default();
    validation::check_int_enum(
        4,
        &[Limit::Int(1), Limit::Int(2)],
        &Location::root("n"),
        &mut errors,
    );
    assert_eq!(messages(&errors), ["n: must be one of 1, 2 (enum)"]);
}

static PET: Schema = Schema::object(
    &[
        Property::required("name", &NAME),
        Property::optional("tag", &Schema::STRING),
        Property::optional("born", &Schema::DATE),
    ],
    Additional::Forbidden,
);
static NAME: Schema = Schema::STRING.min_length(1).max_length(5);

#[test]
fn objects_report_every_problem_with_its_pointer() {
    assert_eq!(
        check(
            json!({"tag": 1, "born": "2024-02-30", "extra/key": true}),
            &PET
        ),
        [
            "/name: is required",
            "/tag: must be a string, found 1",
            "/born: must be a valid date (RFC 3339 full-date)",
            "/extra~1key: is not allowed (additionalProperties)",
        ]
    );
    assert_eq!(
        check(json!(null), &PET),
        [": must be an object, found null"]
    );
    assert_eq!(
        check(json!(null), &Schema::named(&PET).nullable()),
        Vec::<String>::new()
    );
}

static FLAGS: Schema = Schema::map(&Schema::boolean_enum(&[true]))
    .min_properties(1)
    .max_properties(2);

static CONTACT: Schema = Schema::object(
    &[Property::optional("email", &Schema::STRING)],
    Additional::Schema(&Schema::STRING),
)
.min_properties(2);

#[test]
fn member_counts_and_boolean_enums() {
    assert_eq!(
        check(json!({}), &FLAGS),
        [": must have at least 1 property (minProperties), found 0"]
    );
    assert_eq!(
        check(json!({"a": true, "b": false, "c": true}), &FLAGS),
        [
            ": must have at most 2 properties (maxProperties), found 3",
            "/b: must be one of true (enum), found false",
        ]
    );
    assert!(check(json!({"a": true}), &FLAGS).is_empty());
    // Declared and other members count alike.
    assert!(check(json!({"email": "a@b", "phone": "1"}), &CONTACT).is_empty());
    assert_eq!(
        check(json!({"phone": "1"}), &CONTACT),
        [": must have at least 2 properties (minProperties), found 1"]
    );
    assert_eq!(
        check(json!("yes"), &Schema::boolean_enum(&[false])),
        [": must be a boolean, found a string"]
    );
    let mut errors = ValidationErrors::default();
    validation::check_bool_enum(
        false,
        &[true],
        &Location::root("query").key("confirm"),
        &mut errors,
    );
    validation::check_properties(0, Some(1), None, &Location::root("body"), &mut errors);
    let kept = std::collections::BTreeMap::from([("a".to_owned(), 1)]);
    validation::check_required_keys(&kept, &["a", "b/c"], &Location::root(""), &mut errors);
    assert_eq!(
        messages(&errors),
        [
            "query/confirm: must be one of true (enum), found false",
            "body: must have at least 1 property (minProperties), found 0",
            "/b~1c: is required",
        ]
    );
}

/// A model as a generated crate writes one.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct Pet {
    name: String,
    tag: Option<String>,
}

impl Validate for Pet {
    fn validate_at(&self, location: &Location<'_>, errors: &mut ValidationErrors) {
        validation::check_length(&self.name, Some(1), Some(5), &location.key("name"), errors);
    }
}

impl Model for Pet {
    fn schema() -> &'static Schema {
        &PET
    }
}

#[test]
fn from_json_lists_every_violation() {
    assert_eq!(
        Pet::from_json(r#"{"name": "Rex"}"#),
        Ok(Pet {
            name: "Rex".into(),
            tag: None
        })
    );
    let errors = Pet::from_json(r#"{"name": "Rexxxxx", "tag": 7, "x": 1}"#).unwrap_err();
    assert_eq!(
        messages(&errors),
        [
            "/name: must be at most 5 characters long (maxLength), found 7",
            "/tag: must be a string, found 7",
            "/x: is not allowed (additionalProperties)",
        ]
    );
    let errors = Pet::from_json("{").unwrap_err();
    assert!(
        matches!(&errors.iter().next().unwrap().rule, Rule::Malformed { .. }),
        "{errors}"
    );
}

/// An open enum (`string_enum!(Name, unknown = Unknown)`): any string reads, unknown ones into
/// the catch-all variant; the typed check and the schema check report it alike, except when the
/// collector checks a response.
mod open_enum {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Colour {
        Red,
        Green,
        Unknown(String),
    }

    impl Colour {
        const ALL: [Colour; 2] = [Colour::Red, Colour::Green];
        const VALUES: [&'static str; 2] = ["red", "green"];
    }

    openapi_runtime::string_enum!(Colour, unknown = Unknown);

    static OPEN: Schema = Schema::enumeration(&["red", "green"]).open();
    static CLOSED: Schema = Schema::enumeration(&["red", "green"]);
    static ITEMS: Schema = Schema::array(&OPEN);
    static EITHER: Schema = Schema::one_of(&[Schema::named(&OPEN), Schema::INT64]);

    #[test]
    fn reads_and_writes_any_string() {
        let blue: Colour = serde_json::from_value(json!("blue")).unwrap();
        assert_eq!(blue, Colour::Unknown("blue".into()));
        assert_eq!(serde_json::to_value(&blue).unwrap(), json!("blue"));
        assert_eq!(
            serde_json::from_value::<Colour>(json!("green")).unwrap(),
            Colour::Green
        );
        assert_eq!(Colour::Green.as_str(), "green");
        assert_eq!("red".parse::<Colour>(), Ok(Colour::Red));
        assert!(serde_json::from_value::<Colour>(json!(null)).is_err());
    }

    #[test]
    fn unknown_is_a_violation_except_in_a_response() {
        let blue = Colour::Unknown("blue".into());
        assert_eq!(
            messages(&blue.validate().unwrap_err()),
            [": must be one of red, green (enum)"]
        );
        let mut response = ValidationErrors::for_response();
        blue.validate_at(&Location::root(""), &mut response);
        assert!(response.is_empty());

        // The schema check says the same, in both modes.
        assert_eq!(
            check(json!("blue"), &OPEN),
            [": must be one of red, green (enum)"]
        );
        for (value, schema) in [
            (json!("blue"), &OPEN),
            (json!(["red", "blue"]), &ITEMS),
            (json!("blue"), &EITHER),
        ] {
            let mut errors = ValidationErrors::for_response();
            schema::check(&value, schema, &Location::root(""), &mut errors);
            assert!(errors.is_empty(), "{value}: {errors}");
        }
        // A closed enum, or a value that is not a string, is refused in a response too.
        for (value, schema) in [(json!("blue"), &CLOSED), (json!(7), &OPEN)] {
            let mut errors = ValidationErrors::for_response();
            schema::check(&value, schema, &Location::root(""), &mut errors);
            assert_eq!(messages(&errors), [": must be one of red, green (enum)"]);
        }
        // The mode does not take part in equality.
        assert_eq!(
            ValidationErrors::for_response(),
            ValidationErrors::default()
        );
    }
}
