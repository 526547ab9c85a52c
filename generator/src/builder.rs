//! Generation from a downstream crate's build script: the generated crate as one file in
//! `OUT_DIR`, included where the crate wants it.
//!
//! ```no_run
//! // build.rs, in `fn main`:
//! generator::Builder::new("openapi.yaml")
//!     .module("api") // where the file is included, from the crate root
//!     .build();
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod api {
//!     include!(concat!(env!("OUT_DIR"), "/openapi.rs"));
//! }
//! ```
//!
//! The settings are those of the CLI ([`Settings`]): `generator.toml` beside the spec when there
//! is one, or what [`Builder::settings`] / [`Builder::settings_file`] give. The including crate
//! depends on what the generated code uses: [`Included::dependencies`] lists it, as
//! `Cargo.toml` lines.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::settings::{Part, Settings};
use crate::{Options, Warning};

/// Generation of a spec's code into a build script's `OUT_DIR` (or any folder).
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    settings: Option<Settings>,
    settings_file: Option<PathBuf>,
    parts: Option<Vec<Part>>,
    module: String,
    file_name: Option<String>,
}

/// What [`Builder::generate_into`] wrote.
#[derive(Debug, Clone)]
pub struct Included {
    /// The file to `include!`.
    pub file: PathBuf,
    /// Every file generation read: the spec, each file its `$ref`s reach, and the settings
    /// file (a build script re-runs when one changes).
    pub sources: Vec<PathBuf>,
    /// What the generator could not express exactly (also printed by [`Builder::build`]).
    pub warnings: Vec<Warning>,
    /// The dependencies the generated code uses, as `Cargo.toml` lines of the including crate
    /// (`openapi-runtime` with the features of the generated parts, `serde`, `serde_json`...).
    pub dependencies: Vec<String>,
}

impl Builder {
    /// Generation from the spec at `spec` (relative to the build script's crate, as Cargo
    /// runs it there).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Builder {
            spec: spec.into(),
            settings: None,
            settings_file: None,
            parts: None,
            module: String::new(),
            file_name: None,
        }
    }

    /// Use these settings (instead of a settings file).
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = Some(settings);
        self
    }

    /// Read the settings from this file (instead of `generator.toml` beside the spec).
    pub fn settings_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.settings_file = Some(path.into());
        self
    }

    /// The parts besides the models (overrides the settings' `parts`).
    pub fn parts(mut self, parts: &[Part]) -> Self {
        self.parts = Some(parts.to_vec());
        self
    }

    /// The path of the module that includes the file, from the crate root (`"api"`,
    /// `"gen::api"`); empty (the default) when it is included at the root. The generated code's
    /// `crate::` paths are written through it.
    pub fn module(mut self, path: &str) -> Self {
        self.module = path.trim_matches(':').to_owned();
        self
    }

    /// The name of the written file (default: the spec's file stem, `openapi.rs`).
    pub fn file_name(mut self, name: &str) -> Self {
        self.file_name = Some(name.to_owned());
        self
    }

    /// Generate and write the file into `dir`; rewritten only when its content changes.
    pub fn generate_into(&self, dir: &Path) -> Result<Included> {
        let mut sources = Vec::new();
        let mut settings = match (&self.settings, &self.settings_file) {
            (Some(settings), _) => settings.clone(),
            (None, Some(file)) => {
                sources.push(file.clone());
                Settings::from_file(file)?
            }
            (None, None) => {
                let beside = Settings::beside(&self.spec)?;
                sources.extend(beside.file.clone());
                beside
            }
        };
        if let Some(parts) = &self.parts {
            settings.parts = Some(parts.iter().copied().collect());
        }
        settings.check()?;
        for segment in self.module.split("::").filter(|s| !s.is_empty()) {
            if syn::parse_str::<syn::Ident>(segment).is_err() {
                return Err(Error::Settings {
                    origin: "generator::Builder".into(),
                    message: format!("module: {:?} is not a module path", self.module),
                });
            }
        }
        let options = Options {
            crate_name: "included".into(),
            // The including crate depends on the runtime itself.
            runtime: crate::Runtime::Version(crate::RUNTIME_VERSION.into()),
            regenerate: format!(
                "the build script (generator::Builder, {})",
                self.spec.display()
            ),
            settings,
        };
        let generated = crate::generate(&self.spec, &options)?;
        let header = generated
            .files
            .iter()
            .find(|f| f.path == Path::new("src/lib.rs"))
            .and_then(|f| f.contents.split("\n\n").next())
            .unwrap_or_default()
            .to_owned();
        let code = crate::emit::include_file(&generated.files, &self.module)?;
        let contents = format!("{header}\n\n{code}");
        let name = match &self.file_name {
            Some(name) => name.clone(),
            None => format!(
                "{}.rs",
                crate::lower::names::snake_name(
                    &self
                        .spec
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_else(|| "api".into())
                )
            ),
        };
        let file = dir.join(name);
        let io = |source| Error::Io {
            path: file.clone(),
            source,
        };
        if std::fs::read_to_string(&file).ok().as_deref() != Some(contents.as_str()) {
            std::fs::create_dir_all(dir).map_err(io)?;
            std::fs::write(&file, contents).map_err(io)?;
        }
        let mut all_sources = generated.sources.clone();
        all_sources.extend(sources);
        Ok(Included {
            file,
            sources: all_sources,
            warnings: generated.warnings,
            dependencies: dependencies(&generated.files),
        })
    }

    /// What a build script calls: generate into `OUT_DIR`, tell Cargo to re-run when the
    /// spec, a file it refers to or the settings change, and print the generator's warnings as
    /// Cargo warnings. On an error, print it (located as the CLI does) and exit with status 1,
    /// which fails the build.
    pub fn build(&self) -> Included {
        let Some(out) = std::env::var_os("OUT_DIR") else {
            eprintln!(
                "error: OUT_DIR is not set: generator::Builder::build runs in a build script"
            );
            std::process::exit(1);
        };
        match self.generate_into(Path::new(&out)) {
            Ok(included) => {
                for source in &included.sources {
                    println!("cargo::rerun-if-changed={}", source.display());
                }
                // A settings file that may appear later.
                if self.settings.is_none() && self.settings_file.is_none() {
                    let beside = self
                        .spec
                        .parent()
                        .unwrap_or(Path::new("."))
                        .join(crate::settings::FILE_NAME);
                    println!("cargo::rerun-if-changed={}", beside.display());
                }
                for warning in &included.warnings {
                    println!("cargo::warning={warning}");
                }
                included
            }
            Err(e) => {
                // Cargo shows a failed build script's stderr.
                eprintln!("error: {e}");
                for source in [&self.spec].into_iter().chain(&self.settings_file) {
                    println!("cargo::rerun-if-changed={}", source.display());
                }
                std::process::exit(1);
            }
        }
    }
}

/// The `[dependencies]` lines of the generated manifest, with the runtime's features of the
/// generated parts added.
fn dependencies(files: &[crate::GeneratedFile]) -> Vec<String> {
    let Some(manifest) = files.iter().find(|f| f.path == Path::new("Cargo.toml")) else {
        return Vec::new();
    };
    let Ok(doc) = manifest.contents.parse::<toml::Table>() else {
        return Vec::new();
    };
    let part_features: Vec<String> = doc
        .get("features")
        .and_then(|f| f.as_table())
        .map(|f| {
            f.keys()
                .filter(|k| ["client", "server", "mock"].contains(&k.as_str()))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let Some(deps) = doc.get("dependencies").and_then(|d| d.as_table()) else {
        return Vec::new();
    };
    deps.iter()
        .map(|(name, value)| {
            let mut value = value.clone();
            if name == crate::emit::RUNTIME_PACKAGE
                && let Some(table) = value.as_table_mut()
            {
                let features = table
                    .entry("features")
                    .or_insert_with(|| toml::Value::Array(Vec::new()));
                if let Some(list) = features.as_array_mut() {
                    list.extend(part_features.iter().cloned().map(toml::Value::String));
                }
            }
            format!("{name} = {value}")
        })
        .collect()
}
