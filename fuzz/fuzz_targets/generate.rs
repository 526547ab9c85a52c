//! `generate_from_str` on arbitrary UTF-8 input: a crate or a clean error about the spec (one
//! that names a JSON pointer), never a panic, an internal error or a hang.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = generator::Options::default();
    if let Err(error) = generator::generate_from_str(text, "fuzz.yaml", &options) {
        let message = error.to_string();
        assert!(
            matches!(error, generator::Error::Spec { .. }) && message.contains(": #"),
            "not a clean error about the spec: {message}"
        );
    }
});
