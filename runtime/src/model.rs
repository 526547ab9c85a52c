//! [`Model`]: reading a generated model from JSON with every violation reported, not serde's
//! first error.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::schema::{self, Schema};
use crate::validation::{Location, Rule, Validate, ValidationErrors};

/// A type generated for a schema of the spec. Its JSON is checked against the schema (as data,
/// in the crate's `schemas.rs`) before it is deserialised, so that a document with several
/// problems gets all of them, each with its JSON pointer:
///
/// ```ignore
/// use directory_api::Model;
/// match Organisation::from_json(text) {
///     Ok(organisation) => println!("{}", organisation.organisation_name),
///     Err(errors) => eprintln!("{errors}"), // "/Status: must be one of Active, ... (enum)" ...
/// }
/// ```
pub trait Model: DeserializeOwned + Validate + Sized {
    /// The schema this type was generated from.
    fn schema() -> &'static Schema;

    /// Reads the type from JSON text: every violation of the schema, or the value (with the
    /// spec's defaults applied).
    fn from_json(text: &str) -> Result<Self, ValidationErrors> {
        Self::from_slice(text.as_bytes())
    }

    /// [`Model::from_json`] on bytes.
    fn from_slice(bytes: &[u8]) -> Result<Self, ValidationErrors> {
        match serde_json::from_slice(bytes) {
            Ok(value) => Self::from_value(value),
            Err(e) => Err(malformed(format!("invalid JSON: {e}"))),
        }
    }

    /// [`Model::from_json`] on a parsed JSON value.
    fn from_value(value: Value) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        schema::check(&value, Self::schema(), &Location::root(""), &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let model: Self = serde_json::from_value(value).map_err(|e| malformed(e.to_string()))?;
        // The typed checks are the schema's own (one source); they run for values built in
        // code, and here agree with the check above. Except the counts of `minProperties` /
        // `maxProperties`: a model counts the members it writes (a missing member with a
        // default is filled in, an optional `null` dropped), and the members of the JSON it was
        // read from, counted above, are the ones the spec counts.
        let mut errors = ValidationErrors::default();
        model.validate_at(&Location::root(""), &mut errors);
        errors.retain(|e| {
            !matches!(
                e.rule,
                Rule::MinProperties { .. } | Rule::MaxProperties { .. }
            )
        });
        errors.into_result()?;
        Ok(model)
    }
}

fn malformed(reason: String) -> ValidationErrors {
    let mut errors = ValidationErrors::default();
    errors.push(&Location::root(""), Rule::Malformed { reason });
    errors
}
