//! The generator's command line:
//! `generator --spec FILE --out DIR [--crate-name NAME] [--check]` generates a crate;
//! `generator diff OLD NEW [--format text|markdown] [--fail-on-breaking]` compares two specs.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use generator::settings::{Part, Settings, UnknownEnumValues};

/// Generation allocates many small token trees; mimalloc is much faster at that than the system
/// allocator, especially with the emitter's threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate a Rust crate (models and validators) from an OpenAPI 3.0 spec.
#[derive(Parser)]
#[command(
    version,
    about,
    subcommand_negates_reqs = true,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The OpenAPI 3.0 spec (YAML or JSON). `$ref`s to other files (`schemas/pet.yaml#/Pet`)
    /// are read relative to the file they are in.
    #[arg(long, required = true)]
    spec: Option<PathBuf>,
    /// Where to write the crate (created if missing). Only files whose content changed are
    /// rewritten.
    #[arg(long, required = true)]
    out: Option<PathBuf>,
    /// The package name of the generated crate.
    #[arg(long, default_value = "api")]
    crate_name: String,
    /// Write nothing; exit with status 1 if the crate in --out is not what the spec generates.
    #[arg(long)]
    check: bool,
    /// Print how long each stage took, and what was generated.
    #[arg(long)]
    timings: bool,
    /// How the crate reaches the runtime crate (`openapi-runtime`): `vendored` (a copy inside
    /// the crate, so it builds anywhere on its own), `path:DIR` (a path dependency on the
    /// runtime in DIR, e.g. a checkout of this repository's `runtime/`; every crate generated
    /// so shares one runtime) or `version:REQ` (a registry dependency, e.g. `version:0.1`).
    #[arg(long, default_value = "vendored", value_parser = parse_runtime)]
    runtime: RuntimeArg,
    /// A settings file (TOML; README "Settings"). Default: `generator.toml` beside the spec,
    /// when there is one. The flags below add to it.
    #[arg(long)]
    settings: Option<PathBuf>,
    /// The parts generated besides the models, comma-separated: client, server, mock.
    #[arg(long, value_delimiter = ',')]
    parts: Option<Vec<Part>>,
    /// Generate only the operations with this tag (repeatable; with --operation, either).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Generate only the operation with this operationId (repeatable).
    #[arg(long = "operation", value_name = "ID")]
    operations: Vec<String>,
    /// Rename a type: OLD=NEW (repeatable).
    #[arg(long = "rename-type", value_name = "OLD=NEW", value_parser = parse_pair)]
    rename_types: Vec<(String, String)>,
    /// Rename a field: Type.field=new_name (repeatable; the JSON name is unchanged).
    #[arg(long = "rename-field", value_name = "TYPE.FIELD=NEW", value_parser = parse_pair)]
    rename_fields: Vec<(String, String)>,
    /// Name an operation's method: operationId=method_name (repeatable).
    #[arg(long = "rename-operation", value_name = "ID=NEW", value_parser = parse_pair)]
    rename_operations: Vec<(String, String)>,
    /// Derive this trait on every model type too (repeatable), e.g. `Hash`.
    #[arg(long = "derive", value_name = "TRAIT")]
    derives: Vec<String>,
    /// Put this attribute on every model type (repeatable), e.g. `#[non_exhaustive]`.
    #[arg(long = "attribute", value_name = "ATTR")]
    attributes: Vec<String>,
    /// Use an existing type instead of generating one: Type=path::To::Type (repeatable).
    #[arg(long = "replace", value_name = "TYPE=PATH", value_parser = parse_pair)]
    replace: Vec<(String, String)>,
    /// Values outside a string enum in responses: `error` (the default) or `keep` (in an
    /// `Unknown(String)` variant).
    #[arg(long)]
    unknown_enum_values: Option<UnknownEnumValues>,
}

fn parse_pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() && !value.is_empty() => {
            Ok((key.to_owned(), value.to_owned()))
        }
        _ => Err(format!("expected KEY=VALUE, found {text:?}")),
    }
}

/// `--runtime` as given.
#[derive(Clone)]
enum RuntimeArg {
    Vendored,
    Path(PathBuf),
    Version(String),
}

fn parse_runtime(text: &str) -> Result<RuntimeArg, String> {
    match text.split_once(':') {
        _ if text == "vendored" => Ok(RuntimeArg::Vendored),
        Some(("path", dir)) if !dir.is_empty() => Ok(RuntimeArg::Path(dir.into())),
        Some(("version", req)) if !req.is_empty() => Ok(RuntimeArg::Version(req.into())),
        _ => Err(format!(
            "expected `vendored`, `path:DIR` or `version:REQ`, found {text:?}"
        )),
    }
}

#[derive(clap::Subcommand)]
enum Command {
    /// Compare two specs: what changed for API consumers and in the generated Rust API, each
    /// change breaking, compatible or info. Exit status: 0, or 1 with --fail-on-breaking when a
    /// change is breaking; 2 when a spec cannot be read.
    Diff {
        /// The old spec (YAML or JSON).
        old: PathBuf,
        /// The new spec.
        new: PathBuf,
        /// `text` or `markdown` (for a review comment).
        #[arg(long, default_value = "text")]
        format: generator::diff::Format,
        /// Exit with status 1 when any change is breaking.
        #[arg(long)]
        fail_on_breaking: bool,
    },
}

/// The settings file (given, or beside the spec) with the flags added.
fn settings(cli: &Cli, spec: &std::path::Path) -> generator::Result<Settings> {
    let mut settings = match &cli.settings {
        Some(file) => Settings::from_file(file)?,
        None => Settings::beside(spec)?,
    };
    settings.flags = cli.parts.is_some()
        || !cli.tags.is_empty()
        || !cli.operations.is_empty()
        || !cli.rename_types.is_empty()
        || !cli.rename_fields.is_empty()
        || !cli.rename_operations.is_empty()
        || !cli.derives.is_empty()
        || !cli.attributes.is_empty()
        || !cli.replace.is_empty()
        || cli.unknown_enum_values.is_some();
    if let Some(parts) = &cli.parts {
        settings.parts = Some(parts.iter().copied().collect());
    }
    settings.operations.tags.extend(cli.tags.iter().cloned());
    settings
        .operations
        .ids
        .extend(cli.operations.iter().cloned());
    settings
        .rename
        .types
        .extend(cli.rename_types.iter().cloned());
    settings
        .rename
        .fields
        .extend(cli.rename_fields.iter().cloned());
    settings
        .rename
        .operations
        .extend(cli.rename_operations.iter().cloned());
    settings.models.derive.extend(cli.derives.iter().cloned());
    settings
        .models
        .attributes
        .extend(cli.attributes.iter().cloned());
    settings.replace.extend(cli.replace.iter().cloned());
    if let Some(unknown) = cli.unknown_enum_values {
        settings.unknown_enum_values = unknown;
    }
    settings.check()?;
    Ok(settings)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Diff {
        old,
        new,
        format,
        fail_on_breaking,
    }) = cli.command
    {
        return ExitCode::from(generator::diff::run(&old, &new, format, fail_on_breaking));
    }
    let (Some(spec), Some(out)) = (cli.spec.clone(), cli.out.clone()) else {
        eprintln!("error: --spec and --out are required");
        return ExitCode::from(2);
    };
    let mut regenerate = format!(
        "generator --spec {} --out {} --crate-name {}",
        spec.display(),
        out.display(),
        cli.crate_name
    );
    let runtime = match &cli.runtime {
        RuntimeArg::Vendored => generator::Runtime::Vendored,
        RuntimeArg::Path(dir) => {
            regenerate.push_str(&format!(" --runtime path:{}", dir.display()));
            match generator::Runtime::path_from(&out, dir) {
                Ok(runtime) => runtime,
                Err(e) => {
                    eprintln!("error: --runtime path:{}: {e}", dir.display());
                    return ExitCode::from(2);
                }
            }
        }
        RuntimeArg::Version(req) => {
            regenerate.push_str(&format!(" --runtime version:{req}"));
            generator::Runtime::Version(req.clone())
        }
    };
    let settings = match settings(&cli, &spec) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(file) = &cli.settings {
        regenerate.push_str(&format!(" --settings {}", file.display()));
    }
    let options = generator::Options {
        crate_name: cli.crate_name,
        runtime,
        regenerate,
        settings,
    };
    let mode = if cli.check {
        generator::Mode::Check
    } else {
        generator::Mode::Write
    };
    let start = std::time::Instant::now();
    match generator::run(&spec, &out, &options, mode) {
        Ok((generated, report)) => {
            if cli.timings {
                let t = generated.timings;
                let files = match generated.sources.len() {
                    1 => String::new(),
                    n => format!(" from {n} files"),
                };
                eprintln!(
                    "{} operations, {} types{files}; load {:.1?}, lower {:.1?}, emit {:.1?}, total with write {:.1?}",
                    generated.operations,
                    generated.types,
                    t.load,
                    t.lower,
                    t.emit,
                    start.elapsed()
                );
            }
            for w in &generated.warnings {
                eprintln!("{w}");
            }
            let verb = if cli.check { "out of date" } else { "written" };
            for path in &report.changed {
                eprintln!("{verb}: {}", out.join(path).display());
            }
            for path in &report.stale {
                let verb = if cli.check { "stale" } else { "removed" };
                eprintln!("{verb}: {}", out.join(path).display());
            }
            if cli.check && !report.is_clean() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
