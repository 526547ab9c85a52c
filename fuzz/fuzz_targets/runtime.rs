//! Arbitrary bytes through every reader of request and response data in the runtime
//! (`openapi_runtime::fuzzing::exercise`: formats, lengths, patterns, JSON against schemas,
//! parameters from query strings, headers and cookies, credentials, JSON/form/text/binary
//! bodies, the client's response decoders). Any panic is a bug.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    openapi_runtime::fuzzing::exercise(data);
});
