//! Generator settings: what to generate and how, without forking templates. One [`Settings`]
//! serves every way in: a settings file (`generator.toml` beside the spec, or `--settings FILE`),
//! the CLI's flags (which add to the file), `cargo xtask gen` (which reads the file beside each
//! spec) and a build script ([`crate::Builder`]).
//!
//! ```toml
//! # Besides the models (always generated): any of "client", "server", "mock".
//! parts = ["client"]
//! # Values outside a string enum in responses: "error" (the default) or "keep".
//! unknown-enum-values = "keep"
//!
//! [operations]            # a subset: operations with one of these tags, or these ids
//! tags = ["Organisations"]
//! ids = ["GetSoftwareStatements"]
//!
//! [rename.types]          # generated type name -> Rust name
//! OrganisationStatus = "OrgStatus"
//! [rename.fields]         # "Type.field" -> Rust field name (the JSON name is unchanged)
//! "Organisation.registration_number" = "registration_no"
//! [rename.operations]     # operationId -> method name
//! GetOrganisations = "list_organisations"
//!
//! [models]                # on every model type
//! derive = ["Hash"]
//! attributes = ['#[non_exhaustive]']
//! [models.types.Organisation]   # on one type
//! derive = ["Eq"]
//!
//! [replace]               # use an existing type for a schema
//! Money = "shared_money::Money"
//!
//! [dependencies]          # added to the generated crate's Cargo.toml
//! shared-money = { path = "../money" }
//! ```
//!
//! Type, field and operation keys are the names the generator gives without settings (the type
//! and field names in the generated docs, the spec's operationIds). A key naming nothing, or a
//! value that is not a valid name or attribute, is an error naming the setting.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The file name looked for beside a spec when no settings file is given.
pub const FILE_NAME: &str = "generator.toml";

/// Everything a team can set; the default generates everything, as before settings existed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Settings {
    /// The parts generated besides the models; `None`: all of them.
    pub parts: Option<BTreeSet<Part>>,
    /// A subset of the operations (all when empty).
    pub operations: Operations,
    pub rename: Renames,
    /// Extra derives and attributes on the models.
    pub models: Models,
    /// Types used instead of generating one: generated type name -> Rust path.
    pub replace: BTreeMap<String, String>,
    pub unknown_enum_values: UnknownEnumValues,
    /// Extra dependencies of the generated crate (for replaced types and extra derives), each
    /// written into its `Cargo.toml` as given.
    pub dependencies: BTreeMap<String, toml::Value>,
    /// The file these settings were read from, for messages.
    #[serde(skip)]
    pub file: Option<PathBuf>,
    /// Whether command-line flags added to the settings, for messages.
    #[serde(skip)]
    pub flags: bool,
}

/// A part of the generated crate besides the models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// The models (always generated; listing them changes nothing).
    Models,
    /// The reqwest client.
    Client,
    /// The axum server stubs.
    Server,
    /// The mock server (needs `server`).
    Mock,
}

impl std::str::FromStr for Part {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "models" => Ok(Part::Models),
            "client" => Ok(Part::Client),
            "server" => Ok(Part::Server),
            "mock" => Ok(Part::Mock),
            _ => Err(format!(
                "unknown part {s:?}: expected models, client, server or mock"
            )),
        }
    }
}

/// Which operations to generate: those with one of `tags`, and those whose operationId is in
/// `ids`. Both empty: every operation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Operations {
    pub tags: Vec<String>,
    pub ids: Vec<String>,
}

impl Operations {
    /// Whether any subset is asked for.
    pub fn is_subset(&self) -> bool {
        !self.tags.is_empty() || !self.ids.is_empty()
    }
}

/// Renames, keyed by the name the generator gives without settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Renames {
    /// Type name -> new type name.
    pub types: BTreeMap<String, String>,
    /// `Type.field` -> new field name.
    pub fields: BTreeMap<String, String>,
    /// operationId -> method name.
    pub operations: BTreeMap<String, String>,
}

/// Extra derives and attributes on the model types.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Models {
    /// Derived by every model type (struct, enum, union), after the generator's own.
    pub derive: Vec<String>,
    /// Written on every model type (`#[...]`, as Rust).
    pub attributes: Vec<String>,
    /// The same for one type.
    pub types: BTreeMap<String, TypeSettings>,
}

/// Extra derives and attributes of one type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TypeSettings {
    pub derive: Vec<String>,
    pub attributes: Vec<String>,
}

/// What a client does with a string that is not one of an enum's values in a response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnknownEnumValues {
    /// The response is invalid (`InvalidResponse`): the spec is the contract, exactly.
    #[default]
    Error,
    /// Every string enum gets an `Unknown(String)` variant that keeps any other value: a client
    /// keeps working when the server adds a value. Requests are still checked: an `Unknown`
    /// value is a violation in anything sent or received as a request.
    Keep,
}

impl std::str::FromStr for UnknownEnumValues {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "error" => Ok(UnknownEnumValues::Error),
            "keep" => Ok(UnknownEnumValues::Keep),
            _ => Err(format!("expected error or keep, found {s:?}")),
        }
    }
}

impl Settings {
    /// Read a settings file.
    pub fn from_file(path: &Path) -> Result<Settings> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        let mut settings = Settings::from_toml(&text).map_err(|message| Error::Settings {
            origin: path.display().to_string(),
            message,
        })?;
        settings.file = Some(path.to_owned());
        Ok(settings)
    }

    /// Settings from TOML text (the error is toml's message: line, column and the key).
    pub fn from_toml(text: &str) -> std::result::Result<Settings, String> {
        let settings: Settings = toml::from_str(text).map_err(|e| e.to_string())?;
        settings.check_parts().map(|()| settings)
    }

    /// The settings file for the spec at `spec`: `generator.toml` in its folder, if there is one.
    pub fn beside(spec: &Path) -> Result<Settings> {
        let path = spec.parent().unwrap_or(Path::new(".")).join(FILE_NAME);
        if path.is_file() {
            Settings::from_file(&path)
        } else {
            Ok(Settings::default())
        }
    }

    /// Whether `part` is generated.
    pub fn has(&self, part: Part) -> bool {
        part == Part::Models
            || self
                .parts
                .as_ref()
                .is_none_or(|parts| parts.contains(&part))
    }

    fn check_parts(&self) -> std::result::Result<(), String> {
        if self.has(Part::Mock) && !self.has(Part::Server) {
            return Err(
                "parts: \"mock\" needs \"server\" (the mock implements the server's trait)".into(),
            );
        }
        Ok(())
    }

    /// An error about the setting `key` (`rename.types.Foo`), naming the file when there is one.
    pub fn error(&self, key: &str, message: impl std::fmt::Display) -> Error {
        Error::Settings {
            origin: self.source(),
            message: format!("{key}: {message}"),
        }
    }

    /// Where these settings came from, for messages.
    fn source(&self) -> String {
        match (&self.file, self.flags) {
            (Some(file), false) => file.display().to_string(),
            (Some(file), true) => format!("settings ({} and the command line)", file.display()),
            (None, true) => "settings (the command line)".into(),
            (None, false) => "settings".into(),
        }
    }

    /// Check settings given other than by a file (CLI flags, a build script).
    pub fn check(&self) -> Result<()> {
        self.check_parts().map_err(|message| Error::Settings {
            origin: self.source(),
            message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_reads() {
        let settings = Settings::from_toml(
            r##"
parts = ["client", "models"]
unknown-enum-values = "keep"
[operations]
tags = ["A"]
ids = ["getB"]
[rename.types]
Pet = "Animal"
[rename.fields]
"Pet.name" = "title"
[rename.operations]
getB = "fetch_b"
[models]
derive = ["Hash"]
attributes = ["#[non_exhaustive]"]
[models.types.Pet]
derive = ["Eq"]
[replace]
Money = "money::Money"
[dependencies]
money = { path = "../money" }
"##,
        )
        .unwrap();
        assert!(settings.has(Part::Client) && !settings.has(Part::Server));
        assert_eq!(settings.unknown_enum_values, UnknownEnumValues::Keep);
        assert_eq!(settings.rename.types["Pet"], "Animal");
        assert_eq!(settings.models.types["Pet"].derive, ["Eq"]);
        assert_eq!(settings.replace["Money"], "money::Money");
        assert!(settings.operations.is_subset());
    }

    #[test]
    fn an_unknown_key_is_an_error_naming_it() {
        let e = Settings::from_toml("[rename]\ntype = {}\n").unwrap_err();
        assert!(e.contains("unknown field `type`"), "{e}");
        assert!(e.contains("line 2"), "{e}");
    }

    #[test]
    fn a_mock_without_the_server_is_an_error() {
        let e = Settings::from_toml("parts = [\"mock\"]").unwrap_err();
        assert!(e.contains("\"mock\" needs \"server\""), "{e}");
        let e = Settings::from_toml("parts = [\"cli\"]").unwrap_err();
        assert!(e.contains("unknown variant `cli`"), "{e}");
    }

    #[test]
    fn no_parts_means_all() {
        let settings = Settings::default();
        for part in [Part::Models, Part::Client, Part::Server, Part::Mock] {
            assert!(settings.has(part));
        }
    }
}
