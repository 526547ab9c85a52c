//! A spec-driven Rust code generator for OpenAPI 3.0.
//!
//! Three stages with a typed IR between them:
//! 1. [`load`]: read YAML or JSON, check the version, parse into the OpenAPI model, resolve
//!    local `$ref`s;
//! 2. [`lower`]: OpenAPI to the IR ([`ir`]): names, shapes, constraints as data;
//! 3. [`emit`]: IR to a crate (Rust via `quote!` + `prettyplease`, other text via minijinja).
//!
//! [`generate`] runs all three; [`write`] puts the result on disk (or checks that it is there).
//! [`diff`] compares two specs (what changed for API consumers and in the generated Rust API).

pub mod builder;
pub mod diff;
pub mod ecma_regex;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod python_regex;
pub mod settings;
pub mod synth;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use builder::{Builder, Included};
pub use emit::GeneratedFile;
pub use error::{Error, Result, Warning};
pub use settings::Settings;

/// Options of one generation.
#[derive(Debug, Clone)]
pub struct Options {
    /// The package name of the generated crate.
    pub crate_name: String,
    /// How the generated crate depends on the runtime crate.
    pub runtime: Runtime,
    /// The command that regenerates the crate, which every generated file's header names
    /// (`cargo xtask gen` here; the CLI puts its own command line).
    pub regenerate: String,
    /// What to generate and how ([`settings`]).
    pub settings: Settings,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            crate_name: "api".into(),
            runtime: Runtime::Vendored,
            regenerate: "the generator".into(),
            settings: Settings::default(),
        }
    }
}

/// The runtime crate (`openapi-runtime`, in `runtime/` of this repository) holds the code every
/// generated crate shares; this says how a generated crate reaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runtime {
    /// A copy of the runtime inside the generated crate (`openapi-runtime/`, a path dependency):
    /// the crate builds on its own anywhere, at the cost of one runtime copy per generated crate
    /// (two such crates in one program have distinct `Validate` traits). The default for the
    /// CLI, because it always builds: the runtime is not published on a registry.
    Vendored,
    /// A path dependency, written into `Cargo.toml` as given (relative to the generated crate):
    /// every crate generated this way shares one runtime.
    Path(String),
    /// A registry dependency with this version requirement (`"0.1"`), for a runtime published
    /// to a registry.
    Version(String),
}

impl Runtime {
    /// A path dependency of a crate generated into `out` on the runtime crate in `runtime`
    /// (both relative to the current directory, or absolute): the path written is relative to
    /// `out`, so the pair can move together. An error when `runtime` holds no runtime crate.
    pub fn path_from(out: &Path, runtime: &Path) -> std::result::Result<Runtime, String> {
        let manifest = runtime.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest)
            .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
        if !text.contains("name = \"openapi-runtime\"") {
            return Err(format!(
                "{} is not openapi-runtime's manifest",
                manifest.display()
            ));
        }
        let runtime = runtime
            .canonicalize()
            .map_err(|e| format!("{}: {e}", runtime.display()))?;
        let out = canonical_even_if_missing(out).map_err(|e| format!("{}: {e}", out.display()))?;
        let relative = pathdiff::diff_paths(&runtime, &out).unwrap_or(runtime);
        // Cargo reads `/` on every platform.
        let text = relative.to_string_lossy().replace('\\', "/");
        Ok(Runtime::Path(if text.is_empty() {
            ".".into()
        } else {
            text
        }))
    }
}

/// `path` canonicalised, for a path whose last components may not exist yet: its deepest
/// existing ancestor, canonicalised, with the rest appended.
fn canonical_even_if_missing(path: &Path) -> std::io::Result<PathBuf> {
    let path = std::path::absolute(path)?;
    let mut missing = Vec::new();
    let mut existing = path.as_path();
    loop {
        match existing.canonicalize() {
            Ok(found) => {
                return Ok(missing.iter().rev().fold(found, |p, c| p.join(c)));
            }
            Err(e) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    missing.push(name.to_owned());
                    existing = parent;
                }
                _ => return Err(e),
            },
        }
    }
}

/// The runtime's version, which a vendored copy carries and a generated crate's docs name.
pub const RUNTIME_VERSION: &str = emit::RUNTIME_VERSION;

/// A generated crate, in memory.
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    /// Every file the spec was read from: the root first, then each file its `$ref`s reach (a
    /// build script watches them all, e.g. with `cargo::rerun-if-changed`).
    pub sources: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
    pub operations: usize,
    pub types: usize,
    pub timings: Timings,
}

/// How long each stage took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Reading and parsing the file into the OpenAPI model.
    pub load: Duration,
    /// OpenAPI to IR.
    pub lower: Duration,
    /// IR to formatted files.
    pub emit: Duration,
}

/// Generate the crate for the spec at `spec`.
pub fn generate(spec: &Path, options: &Options) -> Result<Generated> {
    let start = Instant::now();
    let spec = load::load(spec)?;
    let load = start.elapsed();
    let mut generated = generate_from(&spec, options)?;
    generated.timings.load = load;
    Ok(generated)
}

/// Generate the crate for a spec given as text (`file` names it in messages; references to other
/// files are read relative to its folder).
pub fn generate_from_str(text: &str, file: &str, options: &Options) -> Result<Generated> {
    let start = Instant::now();
    let spec = load::parse(text, file)?;
    let load = start.elapsed();
    let mut generated = generate_from(&spec, options)?;
    generated.timings.load = load;
    Ok(generated)
}

fn generate_from(spec: &load::Spec, options: &Options) -> Result<Generated> {
    let start = Instant::now();
    let api = lower::lower(spec, &options.settings).map_err(|e| spec.relocate(e))?;
    let lower = start.elapsed();
    let start = Instant::now();
    let files = emit::emit(&api, options)?;
    let emit = start.elapsed();
    let mut warnings = api.warnings.clone();
    for w in &mut warnings {
        spec.relocate_warning(w);
    }
    Ok(Generated {
        files,
        sources: spec.sources.clone(),
        warnings,
        operations: api.operations.len(),
        types: api.types.len(),
        timings: Timings {
            load: Duration::ZERO,
            lower,
            emit,
        },
    })
}

/// Whether [`write`] changes files or only compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// What [`write`] found or did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files whose content differs from the generated content (written in `Write` mode).
    pub changed: Vec<PathBuf>,
    /// Generated files (they carry the marker) that the generator no longer produces (removed
    /// in `Write` mode).
    pub stale: Vec<PathBuf>,
}

impl WriteReport {
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.stale.is_empty()
    }
}

/// Write `generated` into `out`, touching only files whose content changed, and removing
/// generated files that are no longer produced. In `Check` mode nothing is written: the report
/// says what would change.
pub fn write(out: &Path, generated: &Generated, mode: Mode) -> Result<WriteReport> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    let mut report = WriteReport::default();
    let mut produced = BTreeSet::new();
    for file in &generated.files {
        let path = out.join(&file.path);
        produced.insert(file.path.clone());
        let current = match std::fs::read(&path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(&path)(e)),
        };
        if current.as_deref() == Some(file.contents.as_bytes()) {
            continue;
        }
        report.changed.push(file.path.clone());
        if mode == Mode::Write {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::write(&path, &file.contents).map_err(io(&path))?;
        }
    }
    if out.is_dir() {
        let mut existing = Vec::new();
        collect_generated(out, Path::new(""), &mut existing).map_err(io(out))?;
        for rel in existing {
            if !produced.contains(&rel) {
                if mode == Mode::Write {
                    let path = out.join(&rel);
                    std::fs::remove_file(&path).map_err(io(&path))?;
                }
                report.stale.push(rel);
            }
        }
    }
    Ok(report)
}

/// Files below `dir` that carry the generated-file marker (skipping `target/`).
fn collect_generated(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(root.join(rel))?.collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let rel_path = rel.join(&name);
        let ty = entry.file_type()?;
        if ty.is_dir() {
            if name != "target" && name != ".git" {
                collect_generated(root, &rel_path, out)?;
            }
        } else if ty.is_file() {
            let head = std::fs::read(entry.path())?;
            let head = &head[..head.len().min(512)];
            if String::from_utf8_lossy(head).contains(emit::MARKER) {
                out.push(rel_path);
            }
        }
    }
    Ok(())
}

/// What the CLI and `cargo xtask gen`/`check` do: generate from `spec` and write to (or check)
/// `out`.
pub fn run(
    spec: &Path,
    out: &Path,
    options: &Options,
    mode: Mode,
) -> Result<(Generated, WriteReport)> {
    let generated = generate(spec, options)?;
    let report = write(out, &generated, mode)?;
    Ok((generated, report))
}
