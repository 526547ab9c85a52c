//! Every function of the runtime that reads request or response data is total: arbitrary text
//! and bytes give an answer or a located error, never a panic (property tests; the cargo-fuzz
//! target `fuzz/fuzz_targets/runtime.rs` runs the same harness for longer).
//!
//! `PROPTEST_CASES` raises the number of cases (CI runs the default).

#![cfg(feature = "fuzzing")]

use openapi_runtime::fuzzing::exercise;
use openapi_runtime::validation::{is_base64, is_date, is_date_time, is_uri, is_uuid};
use proptest::prelude::*;

/// Text near the formats' shapes, with multi-byte characters where single bytes are expected:
/// the class of input that broke `is_date_time` (it sliced a `str` by byte position).
fn format_like() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "2024",
        "-",
        "12",
        "31",
        "T",
        ":",
        "60",
        ".",
        "Z",
        "+01:00",
        "\u{80}",
        "é",
        "€",
        "\u{10000}",
        "%",
        "=",
        "[",
        "]",
        "//",
        "@",
        "f81d4fae",
    ];
    let piece = prop_oneof![
        proptest::sample::select(PIECES).prop_map(str::to_owned),
        "[0-9a-zA-Z]",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn format_predicates_are_total(text in prop_oneof![format_like(), any::<String>()]) {
        let _ = (is_date_time(&text), is_date(&text), is_uuid(&text), is_base64(&text), is_uri(&text));
    }

    /// A date-time's date part is a date, whatever follows it.
    #[test]
    fn a_date_time_starts_with_a_date(text in format_like()) {
        if is_date_time(&text) {
            prop_assert!(text.get(..10).is_some_and(is_date), "{text:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn readers_of_request_and_response_data_are_total(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        exercise(&data);
    }

    #[test]
    fn readers_are_total_on_text_near_their_formats(
        selector in any::<u8>(),
        head in format_like(),
        body in prop_oneof![
            format_like(),
            Just(r#"{"code":"12","when":"2024-01-01T00:00:60Z","tags":["12","12"]}"#.to_owned()),
            Just(r#"{"kind":"cat","lives":7}"#.to_owned()),
        ],
    ) {
        let mut data = vec![selector];
        data.extend_from_slice(head.as_bytes());
        data.extend_from_slice(body.as_bytes());
        exercise(&data);
    }
}

/// The request schemathesis found, and a few of its kind, as plain cases.
#[test]
fn known_crashers() {
    for text in [
        "\u{80}\u{80}\u{80}\u{80}\u{10000}\u{10000}\u{10000}\u{80}\u{80}",
        "2024-01-0\u{80}T00:00:00Z",
        "2024-01-01T0\u{80}:00:00Z",
        "2024-01-01T00:00:00.\u{80}",
        "http://[\u{80}]:",
    ] {
        assert!(!is_date_time(text), "{text:?}");
        let _ = is_uri(text);
        exercise(text.as_bytes());
    }
}
