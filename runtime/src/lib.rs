//! # openapi-runtime
//!
//! The code every crate generated from an OpenAPI document shares, written once: a generated
//! crate holds only what its spec determines (models, schemas as data, the router, the client,
//! the mock) and depends on this crate for the rest.
//!
//! - [`validation`]: the [`Validate`] trait, [`ValidationError`]s with JSON-pointer locations,
//!   the [`Rule`]s of the spec, ECMA-262 [`Pattern`](validation::Pattern)s, and the checks generated `validate_at`
//!   methods call (lengths in code points, formats, bounds, items...);
//! - [`schema`]: schemas as `const` data and [`schema::check`], which validates raw JSON against
//!   one and reports every violation;
//! - [`Model`]: `from_json` for generated types, which reports every violation of the JSON, not
//!   serde's first error;
//! - [`server`] (feature `server`): request extraction for the generated axum router;
//! - [`client`] (feature `client`): request building and response decoding for the generated
//!   reqwest client;
//! - [`Base64`] (feature `base64`): `format: byte` values.
//!
//! Every function that reads request or response data is total: arbitrary text or bytes give
//! an answer or a located error, never a panic (fuzzed, and checked by clippy's `string_slice`,
//! `indexing_slicing` and `arithmetic_side_effects` lints on this crate).
//!
//! The crate also re-exports the libraries whose types appear in generated APIs (`axum`,
//! `reqwest`, `tokio`, `regex`...), so that a generated crate and its users need not match their
//! versions by hand.

#![warn(missing_docs)]
#![deny(
    clippy::string_slice,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

/// The version of this crate, which generated crates name in their docs.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(feature = "base64")]
mod bytes;
#[cfg(feature = "client")]
pub mod client;
mod file;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod model;
pub mod multipart;
#[doc(hidden)]
pub mod object;
pub mod schema;
#[cfg(feature = "server")]
pub mod server;
pub mod validation;

#[cfg(feature = "base64")]
pub use bytes::Base64;
pub use file::File;
pub use model::Model;
pub use validation::{Location, Rule, Validate, ValidationError, ValidationErrors};

#[cfg(feature = "server")]
pub use axum;
#[cfg(feature = "base64")]
pub use base64;
pub use regex;
#[cfg(feature = "ecma-regex")]
pub use regress;
#[cfg(feature = "client")]
pub use reqwest;
#[doc(hidden)]
pub use serde;
pub use serde_json;
#[cfg(feature = "mock")]
pub use tokio;
