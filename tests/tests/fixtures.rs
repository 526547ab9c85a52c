//! Behaviour of the generated fixture crates (`tests/fixtures/*.yaml`), one feature each.

use serde_json::json;

use openapi_runtime::Validate;

/// The `location: message` lines of the violations of `value`. Every generated crate shares
/// the runtime's `Validate` trait, so one helper serves all fixture crates.
fn violations<T: serde::de::DeserializeOwned + Validate>(value: serde_json::Value) -> Vec<String> {
    let model: T = serde_json::from_value(value).expect("the JSON has the model's shape");
    match model.validate() {
        Ok(()) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

mod enums {
    use super::*;
    use fixture_enums::models::{Colour, ListThingsSort, Thing, ThingKind, ThingMood};

    #[test]
    fn values_that_are_not_identifiers_round_trip() {
        let cases = [
            ("a-b", ThingKind::AB),
            ("1st", ThingKind::V1st),
            ("", ThingKind::Value2),
            ("with space", ThingKind::WithSpace),
            ("UPPER", ThingKind::Upper),
            ("upper", ThingKind::Upper2),
            ("type", ThingKind::Type),
            ("Self", ThingKind::SelfValue),
        ];
        for (text, kind) in cases {
            let thing: Thing =
                serde_json::from_value(json!({"kind": text, "colour": "red"})).unwrap();
            assert_eq!(thing.kind, kind);
            assert_eq!(kind.as_str(), text);
            assert_eq!(text.parse::<ThingKind>().unwrap(), kind);
            assert_eq!(serde_json::to_value(thing).unwrap()["kind"], text);
        }
        assert_eq!(ThingKind::ALL.len(), 8);
    }

    #[test]
    fn unknown_values_are_rejected() {
        let err =
            serde_json::from_value::<Thing>(json!({"kind": "b-a", "colour": "red"})).unwrap_err();
        assert!(err.to_string().contains("unknown variant `b-a`"), "{err}");
        let err =
            serde_json::from_value::<Thing>(json!({"kind": "1st", "colour": "Red"})).unwrap_err();
        assert!(err.to_string().contains("unknown variant `Red`"), "{err}");
        assert!("purple".parse::<Colour>().is_err());
        assert_eq!(
            "desc".parse::<ListThingsSort>().unwrap(),
            ListThingsSort::Desc
        );
    }

    #[test]
    fn nullable_enum_accepts_null() {
        let thing: Thing =
            serde_json::from_value(json!({"kind": "1st", "colour": "red", "mood": null})).unwrap();
        assert_eq!(thing.mood, None);
        let thing: Thing =
            serde_json::from_value(json!({"kind": "1st", "colour": "red", "mood": "sad"})).unwrap();
        assert_eq!(thing.mood, Some(ThingMood::Sad));
    }

    #[test]
    fn numeric_enums_are_validated() {
        let base = json!({"kind": "1st", "colour": "blue", "priority": 2, "ratio": 1.5});
        assert_eq!(violations::<Thing>(base), Vec::<String>::new());
        assert_eq!(
            violations::<Thing>(
                json!({"kind": "1st", "colour": "blue", "priority": 4, "ratio": 1.0})
            ),
            [
                "/priority: must be one of 1, 2, 3 (enum)",
                "/ratio: must be one of 0.5, 1.5 (enum)"
            ]
        );
    }
}

mod defaults {
    use super::*;
    use fixture_defaults::models::{Settings, SettingsMode};

    #[test]
    fn every_default_applies_to_a_missing_field() {
        let s: Settings = serde_json::from_value(json!({})).unwrap();
        assert!(s.enabled);
        assert_eq!(s.retries, 3);
        assert_eq!(s.ratio, 0.25);
        assert_eq!(s.label, "none");
        assert_eq!(s.mode, SettingsMode::Safe);
        assert_eq!(s.tags, ["a", "b"]);
        assert_eq!(s.extra, json!({"k": [1, 2]}));
        assert_eq!(s.plain, None);
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            json!({"enabled": true, "retries": 3, "ratio": 0.25, "label": "none", "mode": "safe",
                   "tags": ["a", "b"], "extra": {"k": [1, 2]}})
        );
    }

    #[test]
    fn given_values_win_and_are_still_checked() {
        let s: Settings =
            serde_json::from_value(json!({"enabled": false, "retries": 0, "mode": "fast"}))
                .unwrap();
        assert!(!s.enabled);
        assert_eq!(s.retries, 0);
        assert_eq!(s.mode, SettingsMode::Fast);
        assert_eq!(
            violations::<Settings>(json!({"retries": -1, "label": "a label that is too long"})),
            [
                "/retries: must be at least 0 (minimum)",
                "/label: must be at most 10 characters long (maxLength), found 24"
            ]
        );
    }
    #[test]
    fn a_struct_is_read_only_from_an_object() {
        // serde's derive alone reads a struct from an array of its members, `[]` for this one.
        for value in [json!([]), json!([true, 3]), json!(null), json!("{}")] {
            let error = serde_json::from_value::<Settings>(value.clone()).unwrap_err();
            assert!(
                error.to_string().contains("expected an object"),
                "{value}: {error}"
            );
        }
        let s: Settings = serde_json::from_str(r#"{"retries": 5}"#).unwrap();
        assert_eq!(s.retries, 5);
        assert_eq!(
            serde_json::to_value(&s).unwrap()["retries"],
            json!(5),
            "serialised by the derived code"
        );
    }

    #[test]
    fn a_required_member_with_a_default_must_be_given() {
        use fixture_defaults::models::{Revocation, RevocationReason};
        // `required` is an assertion, `default` only an annotation: nothing is filled in.
        assert!(serde_json::from_value::<Revocation>(json!({})).is_err());
        use fixture_defaults::Model;
        let errors = Revocation::from_value(json!({})).unwrap_err();
        // A model on its own is located by JSON pointer from its root.
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors, ["/reason: is required"]);
        let given: Revocation = serde_json::from_value(json!({"reason": "superseded"})).unwrap();
        assert_eq!(given.reason, RevocationReason::Superseded);
    }
}

mod nested {
    use super::*;
    use fixture_nested::models::CreateOrderBody;

    fn order() -> serde_json::Value {
        json!({
            "customer": {"name": "Ada", "address": {"postcode": "N1 9GU"}},
            "lines": [{"sku": "A1", "quantity": 1}, {"sku": "B2", "quantity": 3}],
            "metadata": {"src": "web"}
        })
    }

    #[test]
    fn inline_objects_get_names_from_where_they_are() {
        let o: CreateOrderBody = serde_json::from_value(order()).unwrap();
        let address: &fixture_nested::models::CreateOrderBodyCustomerAddress =
            o.customer.address.as_ref().unwrap();
        assert_eq!(address.postcode.as_deref(), Some("N1 9GU"));
        let line: &fixture_nested::models::CreateOrderBodyLinesItem = &o.lines[1];
        assert_eq!(line.quantity, 3);
        assert_eq!(violations::<CreateOrderBody>(order()), Vec::<String>::new());
    }

    #[test]
    fn nested_violations_have_full_pointers() {
        let mut o = order();
        o["customer"]["name"] = json!("");
        o["customer"]["address"]["postcode"] = json!("n1");
        o["lines"][1]["sku"] = json!("TOO-LONG-SKU");
        o["lines"][1]["quantity"] = json!(0);
        o["metadata"] = json!({"a/b": "long", "ok": "ok"});
        assert_eq!(
            violations::<CreateOrderBody>(o),
            [
                "/customer/name: must be at least 1 character long (minLength), found 0",
                "/customer/address/postcode: must match the pattern ^[A-Z0-9 ]+$",
                "/lines/1/sku: must be at most 8 characters long (maxLength), found 12",
                "/lines/1/quantity: must be at least 1 (minimum)",
                "/metadata/a~1b: must be at most 3 characters long (maxLength), found 4",
            ]
        );
        let mut o = order();
        o["lines"] = json!([]);
        assert_eq!(
            violations::<CreateOrderBody>(o),
            ["/lines: must have at least 1 item (minItems), found 0"]
        );
    }

    /// Structs without members: one ignores what it is given, the other refuses anything,
    /// and both are objects (never arrays) written as `{}`.
    #[test]
    fn objects_without_members() {
        use fixture_nested::models::{Closed, Empty};
        let empty: Empty = serde_json::from_value(json!({"a": 1, "b": [2]})).unwrap();
        assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
        let closed: Closed = serde_json::from_value(json!({})).unwrap();
        assert_eq!(serde_json::to_string(&closed).unwrap(), "{}");
        let error = serde_json::from_value::<Closed>(json!({"a": 1})).unwrap_err();
        assert_eq!(error.to_string(), "unknown field `a`, there are no fields");
        assert!(serde_json::from_value::<Empty>(json!([])).is_err());
    }
}

mod arrays {
    use super::*;
    use fixture_arrays::models::Lists;

    #[test]
    fn item_and_array_constraints() {
        assert_eq!(
            violations::<Lists>(
                json!({"codes": ["AB", "CDE"], "matrix": [[0, 9], []], "maybe": [null, "ok"]})
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            violations::<Lists>(json!({
                "codes": ["AB", "ab", "A", "AB"],
                "matrix": [[10, 1, 2], [-1]],
                "maybe": ["x", null]
            })),
            [
                "/codes: must have at most 3 items (maxItems), found 4",
                "/codes: items must be unique (uniqueItems), item 3 repeats an earlier one",
                "/codes/1: must match the pattern ^[A-Z]+$",
                "/codes/2: must be at least 2 characters long (minLength), found 1",
                "/matrix/0: must have at most 2 items (maxItems), found 3",
                "/matrix/0/0: must be at most 9 (maximum)",
                "/matrix/1/0: must be at least 0 (minimum)",
                "/maybe/0: must be at least 2 characters long (minLength), found 1",
            ]
        );
        assert_eq!(
            violations::<Lists>(json!({"codes": []})),
            ["/codes: must have at least 1 item (minItems), found 0"]
        );
    }

    #[test]
    fn an_array_without_items_holds_any_json() {
        let l: Lists =
            serde_json::from_value(json!({"codes": ["AB"], "any": [1, "two", {"3": null}]}))
                .unwrap();
        assert_eq!(l.any.unwrap().len(), 3);
    }
}

mod refs {
    use super::*;
    use fixture_refs::models::{Node, Pet, PetAlias, PutPetParams};

    #[test]
    fn constraints_of_referenced_primitives_apply_at_each_use() {
        let pet = json!({"id": "ab", "name": "rex", "owner": {"name": "x", "described": "y"},
                         "friends": [{"id": "abc", "name": "Rex"}]});
        assert_eq!(
            violations::<Pet>(pet),
            [
                "/id: must be at least 3 characters long (minLength), found 2",
                "/name: must match the pattern ^[A-Z]",
                "/owner/name: must match the pattern ^[A-Z]",
                "/owner/described: must match the pattern ^[A-Z]",
            ]
        );
        let alias: PetAlias = serde_json::from_value(json!({"id": "abc", "name": "Rex"})).unwrap();
        let _: Pet = alias;
    }

    #[test]
    fn parameters_through_refs() {
        let p = PutPetParams {
            pet_id: "ab".into(),
            x_trace_id: Some("0123456z".into()),
        };
        let errors = fixture_refs::Validate::validate(&p)
            .unwrap_err()
            .to_string();
        assert_eq!(
            errors,
            "path/petId: must be at least 3 characters long (minLength), found 2\n\
             header/x-trace-id: must match the pattern ^[0-9a-f]{8}$"
        );
    }

    #[test]
    fn recursive_schemas_are_boxed_and_validated_at_depth() {
        let node = json!({"value": 1, "next": {"value": 2, "next": {"value": 101}},
                          "children": [{"value": 200}], "pair": {"left": {"value": 300}}});
        let n: Node = serde_json::from_value(node.clone()).unwrap();
        assert_eq!(n.next.as_ref().unwrap().next.as_ref().unwrap().value, 101);
        assert_eq!(
            violations::<Node>(node),
            [
                "/next/next/value: must be at most 100 (maximum)",
                "/children/0/value: must be at most 100 (maximum)",
                "/pair/left/value: must be at most 100 (maximum)",
            ]
        );
    }
}

mod constraints {
    use super::*;
    use fixture_constraints::models::{MeasureParams, Measurement};

    #[test]
    fn numeric_bounds_exclusive_bounds_and_multiples() {
        let ok = json!({"code": "ab", "count": 4, "exclusive": 5, "weight": 1.25, "fraction": 0.5,
                        "at": "2024-05-01T10:00:00+02:00", "on": "2024-05-01", "stamp": "2024-05-01T10:00:00Z"});
        assert_eq!(violations::<Measurement>(ok), Vec::<String>::new());
        assert_eq!(
            violations::<Measurement>(
                json!({"code": "a1", "count": 3, "exclusive": 0, "weight": 1.3,
                                             "fraction": 0.0, "stamp": "2024-05-01T10:00:00+01:00"})
            ),
            [
                "/code: must match the pattern ^[a-z]+$",
                "/count: must be a multiple of 2 (multipleOf)",
                "/exclusive: must be greater than 0 (exclusiveMinimum)",
                "/weight: must be a multiple of 0.25 (multipleOf)",
                "/fraction: must be greater than 0 (exclusiveMinimum)",
                "/stamp: must match the pattern Z$",
            ]
        );
        assert_eq!(
            violations::<Measurement>(
                json!({"code": "abcdef", "count": 12, "exclusive": 10, "weight": 2.75, "fraction": 1.0})
            ),
            [
                "/code: must be at most 5 characters long (maxLength), found 6",
                "/count: must be at most 10 (maximum)",
                "/exclusive: must be less than 10 (exclusiveMaximum)",
                "/weight: must be at most 2.5 (maximum)",
            ]
        );
    }

    /// A `format` with its own type (date-time, date, uuid, byte) on a string that also has a
    /// length or a pattern: the value stays text, and the format is still checked, by the model's
    /// validator and by the schema table the server and client check JSON with.
    #[test]
    fn typed_formats_on_constrained_text_are_checked_on_the_text() {
        let good = json!({"code": "ab", "stamp": "2024-05-01T10:00:00Z",
                          "key": "123e4567-e89b-12d3-a456-426614174000", "digest": "YWJj",
                          "due": "2024-05-01"});
        let bad = json!({"code": "ab", "stamp": "2024-13-01T10:00:00Z", "key": "123e4567",
                         "digest": "YWJ", "due": "2024-02-30"});
        let expected = [
            "/stamp: must be a valid date-time (RFC 3339)",
            "/key: must be a valid UUID (8-4-4-4-12 hexadecimal digits)",
            "/digest: must be a valid base64 string (RFC 4648, padded)",
            "/due: must be a valid date (RFC 3339 full-date)",
        ];
        assert_eq!(
            violations::<Measurement>(good.clone()),
            Vec::<String>::new()
        );
        assert_eq!(violations::<Measurement>(bad.clone()), expected);
        let table = |value: &serde_json::Value| {
            let mut errors = openapi_runtime::ValidationErrors::default();
            openapi_runtime::schema::check(
                value,
                &fixture_constraints::schemas::MEASUREMENT,
                &openapi_runtime::Location::root(""),
                &mut errors,
            );
            errors.iter().map(ToString::to_string).collect::<Vec<_>>()
        };
        assert_eq!(table(&good), Vec::<String>::new());
        assert_eq!(table(&bad), expected);
        // The text keeps the other constraints.
        assert_eq!(
            violations::<Measurement>(
                json!({"code": "ab", "digest": "YWJjZGVmZ2g=", "due": "2024-5-1"})
            ),
            [
                "/digest: must be at most 8 characters long (maxLength), found 12",
                "/due: must be at least 10 characters long (minLength), found 8",
                "/due: must be a valid date (RFC 3339 full-date)",
            ]
        );
    }

    #[test]
    fn dates_are_typed() {
        let m: Measurement = serde_json::from_value(
            json!({"code": "ab", "at": "2024-05-01T10:00:00+02:00", "on": "2024-05-01"}),
        )
        .unwrap();
        assert_eq!(
            m.on,
            Some(chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap())
        );
        assert_eq!(m.at.unwrap().to_rfc3339(), "2024-05-01T10:00:00+02:00");
        assert!(
            serde_json::from_value::<Measurement>(json!({"code": "ab", "on": "01/05/2024"}))
                .is_err()
        );
    }

    /// A leap second is valid only at 23:59:60 UTC. chrono reads one at any minute, so the
    /// typed check looks at the text the value is written as, and agrees with the schema table
    /// (`from_json`, the server's 400s) on every case.
    #[test]
    fn leap_seconds_only_at_the_end_of_a_utc_day() {
        use fixture_constraints::Model;
        let cases = [
            ("1998-12-31T23:59:60Z", true),
            ("1998-12-31T15:59:60.123-08:00", true),
            ("1998-12-31T23:58:60Z", false),
            ("1998-12-31T22:59:60Z", false),
        ];
        for (at, valid) in cases {
            let body = json!({"code": "ab", "at": at});
            let expected: Vec<String> = if valid {
                Vec::new()
            } else {
                vec!["/at: must be a valid date-time (RFC 3339)".into()]
            };
            assert_eq!(violations::<Measurement>(body.clone()), expected, "{at}");
            let read = Measurement::from_value(body).map_err(|e| e.to_string());
            assert_eq!(read.is_ok(), valid, "{at}: {read:?}");
            let mut params = MeasureParams::new(1);
            params.since = Some(chrono::DateTime::parse_from_rfc3339(at).unwrap());
            assert_eq!(
                fixture_constraints::Validate::validate(&params).is_ok(),
                valid,
                "{at}"
            );
        }
    }

    /// `-0` is an integer in JSON (no fraction, no exponent), though serde_json reads it as the
    /// float `-0.0`: the typed model and the schema table (`from_json`, the server's 400s)
    /// both take it as 0. `1.0` is not an integer (JSON Schema draft 4, OpenAPI 3.0), nor is
    /// `null` where the member is not nullable; the message says what was found.
    #[test]
    fn negative_zero_is_an_integer_and_type_errors_name_what_was_found() {
        use fixture_constraints::Model;
        let text = r#"{"code": "ab", "count": -0, "exclusive": 5}"#;
        let typed: Measurement = serde_json::from_str(text).unwrap();
        assert_eq!(typed.count, Some(0));
        assert_eq!(Measurement::from_json(text), Ok(typed));
        for (count, found) in [("1.5", "1.5"), ("1.0", "1.0"), ("null", "null")] {
            let text = format!(r#"{{"code": "ab", "count": {count}}}"#);
            assert!(
                serde_json::from_str::<Measurement>(&text).is_err(),
                "{count}"
            );
            assert_eq!(
                Measurement::from_json(&text).unwrap_err().to_string(),
                format!("/count: must be a 32-bit integer, found {found}")
            );
        }
        // A union's integer alternative too.
        let body: fixture_unions::models::PostValueBody = serde_json::from_str("-0").unwrap();
        assert_eq!(body, fixture_unions::models::PostValueBody::Integer(0));
    }

    #[test]
    fn parameter_bounds() {
        let mut p = MeasureParams::new(0);
        p.limit = Some(101);
        assert_eq!(
            fixture_constraints::Validate::validate(&p)
                .unwrap_err()
                .to_string(),
            "path/id: must be at least 1 (minimum)\nquery/limit: must be at most 100 (maximum)"
        );
    }
}

mod ecma_escapes {
    use super::*;
    use fixture_ecma_escapes::models::Escapes;

    /// Whether `value` passes the pattern of `field`.
    fn passes(field: &str, value: &str) -> bool {
        violations::<Escapes>(json!({ field: value })).is_empty()
    }

    #[test]
    fn escapes_keep_their_ecma_meaning() {
        // (field, matching, not matching); expectations checked against node's RegExp.
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("slash", &["a/b"], &["a\\/b", "ab"]),
            ("unicode_escape", &["café"], &["cafe", "cafe\u{301}"]),
            ("hex_escape", &["AAA"], &["aaa", "\\x41"]),
            ("digits", &["0123456789"], &["١٢", "１", "12a", ""]),
            ("word", &["a_Z9"], &["é", "a-b"]),
            (
                "space",
                &[" ", "\t", "\u{a0}", "\u{feff}", "\u{2028}", "\u{3000}"],
                &["\u{85}", "\u{200b}", "a"],
            ),
            (
                "dot",
                &["a", "é", "😀"],
                &["\n", "\r", "\u{2028}", "\u{2029}", "ab"],
            ),
            // `\b` is ASCII in ECMA-262: "é" is not a word character, so "écat" has a boundary.
            (
                "boundary",
                &["cat", "a cat!", "(cat)", "écat"],
                &["cats", "concat", "_cat"],
            ),
            ("unanchored", &["haystack with needle inside"], &["noodle"]),
            ("brace", &["a{"], &["a", "a{}"]),
            ("angle", &["10 Downing Street", ""], &["abcde<", ">"]),
            // Checked by the ECMA-262 engine (the generator warns that it backtracks).
            (
                "no_edge_space",
                &["key-1", "a b"],
                &[" key", "key ", "\tk", ""],
            ),
            ("doubled", &["ab-ab"], &["ab-ba", "ab-", "abab"]),
        ];
        for (field, yes, no) in cases {
            for v in *yes {
                assert!(passes(field, v), "{field} should accept {v:?}");
            }
            for v in *no {
                assert!(!passes(field, v), "{field} should reject {v:?}");
            }
        }
    }

    #[test]
    fn patterns_reach_the_code_byte_for_byte() {
        assert_eq!(fixture_ecma_escapes::patterns::PATTERN_1.ecma(), r"^a\/b$");
        assert_eq!(
            fixture_ecma_escapes::patterns::PATTERN_2.ecma(),
            r"^caf\u00e9$"
        );
        assert_eq!(
            fixture_ecma_escapes::patterns::PATTERN_11.ecma(),
            "^[^<>]*$"
        );
    }
}

mod naming {
    use fixture_naming::models::{Box, Result};
    use serde_json::json;

    #[test]
    fn std_names_keywords_and_case_collisions_stay_distinct() {
        let r: Result = serde_json::from_value(json!({
            "type": "t", "gen": "g", "self": 3, "Self": "S", "fooBar": "a", "foo_bar": "b",
            "Vec": ["Err", "Self"]
        }))
        .unwrap();
        assert_eq!(r.r#type, "t");
        assert_eq!(r.r#gen.as_deref(), Some("g"));
        // `self` and `Self` are both `self_` in snake case: the second is `self_2`.
        assert_eq!((r.self_, r.self_2.as_deref()), (Some(3), Some("S")));
        assert_eq!(
            (r.foo_bar.as_deref(), r.foo_bar_2.as_deref()),
            (Some("a"), Some("b"))
        );
        assert_eq!(r.vec, Some(vec![Box::Err, Box::SelfValue]));
        assert_eq!("Err".parse::<Box>(), Ok(Box::Err));
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"type": "t", "gen": "g", "self": 3, "Self": "S", "fooBar": "a", "foo_bar": "b",
                   "Vec": ["Err", "Self"]})
        );
        // Built in code and read back: every JSON name is kept exactly.
        let built = Result {
            self_2: Some("only Self".into()),
            foo_bar_2: Some("only foo_bar".into()),
            ..Result::new("t")
        };
        let text = serde_json::to_string(&built).unwrap();
        assert_eq!(
            text,
            r#"{"type":"t","Self":"only Self","foo_bar":"only foo_bar"}"#
        );
        assert_eq!(serde_json::from_str::<Result>(&text).unwrap(), built);
    }

    /// Each derived name is a method of the client that reaches its operation on the mock.
    #[tokio::test]
    async fn operations_without_ids_get_names_from_method_and_path() {
        use fixture_naming::models::{
            GetOrganisationByNameParams, GetOrganisationByOrganisationIdParams, GetThingByIdParams,
            PutOrganisationParams,
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = fixture_naming::server::router(fixture_naming::mock::Mock);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let client = fixture_naming::client::Client::new(format!("http://{addr}"));
        let statuses = [
            client.get_organisations().await.unwrap().status(),
            client
                .get_organisation_by_organisation_id(&GetOrganisationByOrganisationIdParams::new(
                    "o",
                ))
                .await
                .unwrap()
                .status(),
            client
                .put_organisation(
                    &PutOrganisationParams::new("o"),
                    &fixture_naming::models::String {
                        text: Some("abc".into()),
                    },
                )
                .await
                .unwrap()
                .status(),
            client
                .get_organisation_by_name(&GetOrganisationByNameParams::new("n"))
                .await
                .unwrap()
                .status(),
            client
                .get_thing_by_id(&GetThingByIdParams::new(1))
                .await
                .unwrap()
                .status(),
            client.get_thing().await.unwrap().status(),
        ];
        assert_eq!(statuses, [200, 200, 204, 204, 204, 204]);
    }
}

/// A spec with one operation and nothing else: every feature still works.
#[tokio::test]
async fn minimal_spec_round_trip() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = fixture_minimal::server::router(fixture_minimal::mock::Mock);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = fixture_minimal::client::Client::new(format!("http://{addr}"));
    assert_eq!(
        client.get_ping().await.unwrap(),
        fixture_minimal::responses::GetPingResponse::NoContent
    );
}

mod all_of {
    use fixture_all_of::Validate;
    use fixture_all_of::models::{Cat, Dog, Puppy};
    use serde_json::json;

    #[test]
    fn members_are_merged_with_their_constraints_and_required_lists() {
        let dog: Dog = serde_json::from_value(json!({"name": "Rex", "bark": true})).unwrap();
        assert_eq!((dog.name.as_str(), dog.bark, dog.tag), ("Rex", true, None));
        // `bark` is required by the second member, `name` by the first.
        assert!(serde_json::from_value::<Dog>(json!({"name": "Rex"})).is_err());
        assert!(serde_json::from_value::<Dog>(json!({"bark": false})).is_err());
        // Pet's maxLength applies to every schema built on it.
        let long = "x".repeat(11);
        let puppy: Puppy =
            serde_json::from_value(json!({"name": long, "bark": true, "age": -1})).unwrap();
        assert_eq!(
            puppy.validate().unwrap_err().to_string(),
            "/name: must be at most 10 characters long (maxLength), found 11\n/age: must be at least 0 (minimum)"
        );
        let cat: Cat = serde_json::from_value(json!({"name": "Tom", "lives": 10})).unwrap();
        assert_eq!(
            cat.validate().unwrap_err().to_string(),
            "/lives: must be at most 9 (maximum)"
        );
    }

    #[tokio::test]
    async fn the_server_checks_merged_bodies_and_the_mock_answers() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = fixture_all_of::server::router(fixture_all_of::mock::Mock);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let http = reqwest::Client::new();
        let response = http
            .post(format!("http://{addr}/dogs"))
            .json(&json!({"name": "x".repeat(11)}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(
            body["errors"],
            json!([
                "body/name: must be at most 10 characters long (maxLength), found 11",
                "body/bark: is required"
            ])
        );
        let client = fixture_all_of::client::Client::new(format!("http://{addr}"));
        let dog = Dog {
            name: "Rex".into(),
            tag: None,
            bark: true,
        };
        let fixture_all_of::responses::AddDogResponse::Created { body } =
            client.add_dog(&dog).await.unwrap();
        body.validate().unwrap();
    }
}

mod dedupe {
    use std::any::TypeId;

    use fixture_dedupe::models::{
        CreateOrderBody, CreateOrderBodyBilling, CreateOrderBodyBillingKind, CreateOrderBodyGift,
        CreateOrderBodyPriority, CreateOrderBodyShipping, CreateOrderBodyShippingKind,
        OrderTagsItem, Priority, Urgency,
    };

    use super::*;

    #[test]
    fn identical_inline_schemas_are_one_type_under_every_name() {
        assert_eq!(
            TypeId::of::<CreateOrderBodyBilling>(),
            TypeId::of::<CreateOrderBodyShipping>()
        );
        assert_eq!(
            TypeId::of::<CreateOrderBodyBillingKind>(),
            TypeId::of::<CreateOrderBodyShippingKind>()
        );
        // Inline copies of a component are that component.
        assert_eq!(
            TypeId::of::<CreateOrderBodyPriority>(),
            TypeId::of::<Priority>()
        );
        assert_eq!(TypeId::of::<OrderTagsItem>(), TypeId::of::<Priority>());
        // Different in a constraint: a type of its own.
        assert_ne!(
            TypeId::of::<CreateOrderBodyGift>(),
            TypeId::of::<CreateOrderBodyShipping>()
        );
        // Two components are two types, identical or not.
        assert_ne!(TypeId::of::<Urgency>(), TypeId::of::<Priority>());
        // The alias names work as the type's: constructors, variants.
        let billing = CreateOrderBodyBilling {
            line1: "1 St".into(),
            kind: Some(CreateOrderBodyBillingKind::Work),
        };
        let _: CreateOrderBodyShipping = billing;
    }

    #[test]
    fn each_copy_keeps_its_own_constraints() {
        let body = json!({
            "shipping": {"line1": "123456"},
            "billing": {"line1": "1234567", "kind": "home"},
            "gift": {"line1": "123456"},
            "priority": "high"
        });
        assert_eq!(
            violations::<CreateOrderBody>(body),
            [
                "/shipping/line1: must be at most 5 characters long (maxLength), found 6",
                "/billing/line1: must be at most 5 characters long (maxLength), found 7",
            ]
        );
        let gift = json!({"shipping": {"line1": "1"}, "billing": {"line1": "1"}, "gift": {"line1": "1234567"}});
        assert_eq!(
            violations::<CreateOrderBody>(gift),
            ["/gift/line1: must be at most 6 characters long (maxLength), found 7"]
        );
    }
}
