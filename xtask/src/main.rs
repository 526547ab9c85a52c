//! Project tasks: `cargo xtask gen` regenerates `generated/` from `spec/directory.yaml` (and each
//! fixture crate in `tests/fixture-crates/` from its spec in `tests/fixtures/`); `cargo xtask
//! check` fails, naming the stale files, when any of them is out of date. `cargo xtask corpus`
//! builds every corpus spec's crate; `cargo xtask fuzz-api SPEC` runs schemathesis against a
//! spec's generated mock server; `cargo xtask diff OLD NEW` compares two specs; `cargo xtask
//! build-cost SPEC...` measures what building a spec's crate costs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::{Mode, Options};

mod corpus;
mod cost;
mod fuzz;
mod patterns;

const SPEC: &str = "spec/directory.yaml";
const OUT: &str = "generated";
const CRATE_NAME: &str = "directory-api";
const FIXTURES: &str = "tests/fixtures";
const FIXTURE_CRATES: &str = "tests/fixture-crates";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace root")
        .to_owned()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen") => gen_or_check(Mode::Write),
        Some("check") => gen_or_check(Mode::Check),
        Some("corpus") => corpus::run(&root(), args.get(1).map(PathBuf::from)),
        Some("patterns") => patterns::run(&root(), args.get(1).map(PathBuf::from)),
        Some("fuzz-api") => fuzz::run(&root(), &args[1..]),
        Some("diff") => diff(&args[1..]),
        Some("build-cost") => cost::run(&root(), &args[1..]),
        // Internal: run a command and report its tree's peak memory (used by build-cost).
        Some("measure") => cost::measure(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <gen|check|corpus|patterns|fuzz-api|diff|build-cost>");
            eprintln!(
                "  gen    regenerate {OUT}/ from {SPEC} and {FIXTURE_CRATES}/* from {FIXTURES}/*"
            );
            eprintln!("         (rewrites only files whose content changed)");
            eprintln!("  check  exit 1, naming the stale files, if any of them is out of date");
            eprintln!(
                "  corpus [DIR]  generate and check every spec in DIR (default ../shared/corpus)"
            );
            eprintln!(
                "  patterns [DIR]  collect every `pattern` of DIR's specs (default ../shared/corpus)"
            );
            eprintln!("         and of the project's own into {}", patterns::OUT);
            eprintln!(
                "  fuzz-api SPEC [--seed N] [--max-examples N] [--phases LIST] [--workers N] [-- ARGS]"
            );
            eprintln!(
                "         run schemathesis {} (every check) against the spec's generated mock",
                fuzz::SCHEMATHESIS
            );
            eprintln!("  diff OLD NEW [--format text|markdown] [--fail-on-breaking]");
            eprintln!("         what changed between two specs, breaking or compatible; exit 1 on");
            eprintln!(
                "         breaking changes with --fail-on-breaking, 2 if a spec cannot be read"
            );
            eprintln!("  build-cost SPEC... [--features LIST]... [--no-clean]");
            eprintln!(
                "         clean build and crate-check time and peak memory of each spec's crate"
            );
            ExitCode::from(2)
        }
    }
}

/// `cargo xtask diff OLD NEW [--format text|markdown] [--fail-on-breaking]`: the same as
/// `generator diff`.
fn diff(args: &[String]) -> ExitCode {
    let mut files = Vec::new();
    let mut format = generator::diff::Format::Text;
    let mut fail_on_breaking = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = match arg.split_once('=') {
            Some(("--format", value)) => Some(value.to_owned()),
            _ if arg == "--format" => args.next().cloned(),
            _ => None,
        };
        if arg.starts_with("--format") {
            match value.as_deref().map(str::parse) {
                Some(Ok(f)) => format = f,
                Some(Err(e)) => return usage_error(&e),
                None => return usage_error("--format needs a value: text or markdown"),
            }
        } else if arg == "--fail-on-breaking" {
            fail_on_breaking = true;
        } else if arg.starts_with("--") {
            return usage_error(&format!("unknown option {arg}"));
        } else {
            files.push(PathBuf::from(arg));
        }
    }
    let [old, new] = files.as_slice() else {
        return usage_error("expected two specs: OLD NEW");
    };
    ExitCode::from(generator::diff::run(old, new, format, fail_on_breaking))
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    eprintln!("usage: cargo xtask diff OLD NEW [--format text|markdown] [--fail-on-breaking]");
    ExitCode::from(2)
}

/// The runtime crate, relative to the root; the project's generated crates depend on it by
/// path.
const RUNTIME: &str = "runtime";

/// One generated crate: its spec, its folder and its package name, relative to the root.
struct Target {
    spec: String,
    out: String,
    crate_name: String,
}

fn targets(root: &Path) -> Vec<Target> {
    let mut out = vec![Target {
        spec: SPEC.into(),
        out: OUT.into(),
        crate_name: CRATE_NAME.into(),
    }];
    for (stem, spec) in fixtures(&root.join(FIXTURES)) {
        out.push(Target {
            spec: format!("{FIXTURES}/{spec}"),
            out: format!("{FIXTURE_CRATES}/{stem}"),
            crate_name: format!("fixture-{}", stem.replace('_', "-")),
        });
    }
    out
}

/// The fixture specs in `dir`, sorted: `(stem, spec)` for each `<stem>.yaml` or `<stem>.json`,
/// and for each folder `<stem>/` holding a spec split across files, whose root is
/// `<stem>/openapi.yaml` (or `.json`).
fn fixtures(dir: &Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.path().is_dir() {
                ["openapi.yaml", "openapi.json"]
                    .into_iter()
                    .find(|root| e.path().join(root).is_file())
                    .map(|root| (name.clone(), format!("{name}/{root}")))
            } else {
                let (stem, ext) = name.rsplit_once('.')?;
                (ext == "yaml" || ext == "json").then(|| (stem.to_owned(), name.clone()))
            }
        })
        .collect();
    out.sort();
    out
}

fn gen_or_check(mode: Mode) -> ExitCode {
    let root = root();
    let mut clean = true;
    for t in targets(&root) {
        let runtime = match generator::Runtime::path_from(&root.join(&t.out), &root.join(RUNTIME)) {
            Ok(runtime) => runtime,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let spec = root.join(&t.spec);
        // Settings: `generator.toml` beside the spec (a fixture folder's own), if any.
        let settings = match generator::Settings::beside(&spec) {
            Ok(settings) => settings,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let options = Options {
            crate_name: t.crate_name,
            runtime,
            regenerate: "cargo xtask gen".into(),
            settings,
        };
        let result = generator::run(&spec, &root.join(&t.out), &options, mode);
        let (generated, report) = match result {
            Ok(result) => result,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let read = match generated.sources.len() {
            1 => String::new(),
            n => format!(" (from {n} files)"),
        };
        eprintln!(
            "{}{read} -> {}/: {} operations, {} types, {} file(s) {}",
            t.spec,
            t.out,
            generated.operations,
            generated.types,
            report.changed.len() + report.stale.len(),
            if mode == Mode::Write {
                "written"
            } else {
                "stale"
            }
        );
        for w in &generated.warnings {
            eprintln!("{}: {w}", t.spec);
        }
        clean &= report.is_clean();
        let (changed, stale) = match mode {
            Mode::Write => ("wrote", "removed"),
            Mode::Check => (
                "stale (differs from what the spec generates)",
                "stale (no longer generated)",
            ),
        };
        for path in &report.changed {
            eprintln!("{changed}: {}/{}", t.out, path.display());
        }
        for path in &report.stale {
            eprintln!("{stale}: {}/{}", t.out, path.display());
        }
    }
    if clean {
        eprintln!("generated code is up to date");
    }
    match mode {
        Mode::Check if !clean => {
            eprintln!("run `cargo xtask gen` and commit the result");
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}
