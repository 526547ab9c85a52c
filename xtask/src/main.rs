//! Project tasks: `cargo xtask gen` regenerates `generated/` from `spec/directory.yaml`;
//! `cargo xtask check` fails (naming the stale files) when `generated/` is out of date.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::{Mode, Options};

const SPEC: &str = "spec/directory.yaml";
const OUT: &str = "generated";
const CRATE_NAME: &str = "directory-api";

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
        _ => {
            eprintln!("usage: cargo xtask <gen|check>");
            eprintln!("  gen    regenerate {OUT}/ from {SPEC} (rewrites only changed files)");
            eprintln!("  check  exit 1 if {OUT}/ is not what {SPEC} generates");
            ExitCode::from(2)
        }
    }
}

fn gen_or_check(mode: Mode) -> ExitCode {
    let root = root();
    let options = Options {
        crate_name: CRATE_NAME.into(),
    };
    let (generated, report) =
        match generator::run(&root.join(SPEC), &root.join(OUT), &options, mode) {
            Ok(result) => result,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
    for w in &generated.warnings {
        eprintln!("{w}");
    }
    match mode {
        Mode::Write => {
            for path in &report.changed {
                eprintln!("wrote {OUT}/{}", path.display());
            }
            for path in &report.stale {
                eprintln!("removed {OUT}/{}", path.display());
            }
            if report.is_clean() {
                eprintln!("{OUT}/ is up to date");
            }
            ExitCode::SUCCESS
        }
        Mode::Check => {
            if report.is_clean() {
                eprintln!("{OUT}/ is up to date with {SPEC}");
                return ExitCode::SUCCESS;
            }
            for path in &report.changed {
                eprintln!(
                    "stale: {OUT}/{} differs from what {SPEC} generates",
                    path.display()
                );
            }
            for path in &report.stale {
                eprintln!("stale: {OUT}/{} is no longer generated", path.display());
            }
            eprintln!("run `cargo xtask gen` and commit the result");
            ExitCode::FAILURE
        }
    }
}
