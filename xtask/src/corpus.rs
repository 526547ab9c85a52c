//! `cargo xtask corpus [DIR]`: generate a crate for every OpenAPI spec in DIR (default
//! `../shared/corpus`), `cargo check` each with all its features in one scratch workspace (one
//! shared target dir, so dependencies build once), and print a table: spec, operations, types,
//! generation time, warnings, outcome. Exits non-zero when an OpenAPI 3.0 spec fails, or when a
//! second generation of a spec does not reproduce the first byte for byte.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use generator::{Mode, Options};

struct Row {
    spec: String,
    operations: String,
    types: String,
    millis: String,
    warnings: usize,
    outcome: String,
    failed: bool,
}

pub fn run(root: &Path, dir: Option<PathBuf>) -> ExitCode {
    let dir = dir.unwrap_or_else(|| root.join("../shared/corpus"));
    let scratch = root.join("target/corpus");
    let mut specs: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml" | "json")
                )
            })
            .collect(),
        Err(e) => {
            eprintln!("cannot read {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    specs.sort();
    let _ = std::fs::remove_dir_all(scratch.join("crates"));
    let mut rows = Vec::new();
    let mut members = Vec::new();
    for spec in &specs {
        let spec_name = spec
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let start = Instant::now();
        let (crate_name, result) = generate_scratch(root, spec, &scratch);
        let millis = format!("{:.0}", start.elapsed().as_secs_f64() * 1000.0);
        // Deterministic: a second generation must find every file as the first one wrote it.
        let again = result.as_ref().ok().map(|_| {
            let out = scratch.join("crates").join(&crate_name);
            let options = scratch_options(root, &out, &crate_name);
            generator::run(spec, &out, &options, Mode::Check).map(|(_, report)| report)
        });
        if let Some(again) = again
            && !again.as_ref().is_ok_and(|report| report.is_clean())
        {
            let why = match again {
                Ok(report) => format!("files differ: {:?}", report.changed),
                Err(e) => first_line(&e.to_string()),
            };
            rows.push(Row {
                spec: spec_name,
                operations: "-".into(),
                types: "-".into(),
                millis,
                warnings: 0,
                outcome: format!("not deterministic: a second generation differs ({why})"),
                failed: true,
            });
            continue;
        }
        match result {
            Ok((generated, _)) => {
                members.push((crate_name, generated.warnings.len()));
                rows.push(Row {
                    spec: spec_name,
                    operations: generated.operations.to_string(),
                    types: generated.types.to_string(),
                    millis,
                    warnings: generated.warnings.len(),
                    outcome: String::new(),
                    failed: false,
                });
            }
            Err(e) => {
                let message = e.to_string();
                let expected = message.contains("is not supported yet: only OpenAPI 3.0.x is");
                rows.push(Row {
                    spec: spec_name,
                    operations: "-".into(),
                    types: "-".into(),
                    millis,
                    warnings: 0,
                    outcome: if expected {
                        "rejected as expected (OpenAPI 3.1)".into()
                    } else {
                        format!("generation error: {}", first_line(&message))
                    },
                    failed: !expected,
                });
            }
        }
    }
    let names: Vec<&str> = members.iter().map(|(m, _)| m.as_str()).collect();
    if let Err(e) = write_workspace(root, &scratch, &names) {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    for (crate_name, _) in &members {
        eprintln!("checking {crate_name}...");
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(&scratch)
            .env("CARGO_TARGET_DIR", scratch.join("target"))
            .args([
                "check",
                "--all-features",
                "--all-targets",
                "--message-format",
                "short",
                "-p",
                crate_name,
            ])
            .output();
        let row = rows
            .iter_mut()
            .find(|r| r.outcome.is_empty() && !r.failed && crate_for(&r.spec) == *crate_name)
            .expect("every member has a row");
        match output {
            Ok(o) => {
                let stderr = String::from_utf8_lossy(&o.stderr);
                let rust_warnings = stderr
                    .lines()
                    .filter(|l| {
                        l.contains(": warning:")
                            || l.starts_with("warning:") && !l.contains("generated")
                    })
                    .count();
                if o.status.success() && rust_warnings == 0 {
                    row.outcome = "ok: builds with server, client, mock, no warnings".into();
                } else if o.status.success() {
                    row.outcome = format!("builds with {rust_warnings} rustc warnings");
                    row.failed = true;
                } else {
                    let first_error = stderr
                        .lines()
                        .find(|l| l.contains("error"))
                        .unwrap_or("cargo check failed");
                    let errors = stderr
                        .lines()
                        .filter(|l| l.contains(": error") || l.starts_with("error["))
                        .count();
                    row.outcome = format!(
                        "does not compile ({errors} errors): {}",
                        first_line(first_error)
                    );
                    row.failed = true;
                }
            }
            Err(e) => {
                row.outcome = format!("cannot run cargo: {e}");
                row.failed = true;
            }
        }
    }
    // The other ways of reaching the runtime, on the smallest spec that built: a vendored copy
    // and a registry version (patched to the project's runtime, which is not published).
    let smallest = rows
        .iter()
        .filter(|r| !r.failed && r.outcome.starts_with("ok"))
        .min_by_key(|r| r.operations.parse::<usize>().unwrap_or(usize::MAX))
        .map(|r| dir.join(&r.spec));
    if let Some(spec) = smallest {
        for (label, runtime) in [
            ("vendored", generator::Runtime::Vendored),
            ("version", generator::Runtime::Version("0.1".into())),
        ] {
            rows.push(runtime_mode(root, &scratch, &spec, label, runtime));
        }
    }
    println!("| spec | operations | types | generation (ms) | warnings | outcome |");
    println!("|---|---:|---:|---:|---:|---|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            r.spec, r.operations, r.types, r.millis, r.warnings, r.outcome
        );
    }
    if rows.iter().any(|r| r.failed) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Generates `spec` into `scratch/crates/<crate>` (the crate named by [`crate_for`]).
pub fn generate_scratch(
    root: &Path,
    spec: &Path,
    scratch: &Path,
) -> (
    String,
    generator::Result<(generator::Generated, generator::WriteReport)>,
) {
    let spec_name = spec.file_name().unwrap_or_default().to_string_lossy();
    let crate_name = crate_for(&spec_name);
    let out = scratch.join("crates").join(&crate_name);
    let options = scratch_options(root, &out, &crate_name);
    let result = generator::run(spec, &out, &options, Mode::Write);
    (crate_name, result)
}

/// The options of a scratch crate: it depends on the project's runtime crate by path, so that
/// the runtime builds once for every crate of the scratch workspace.
fn scratch_options(root: &Path, out: &Path, crate_name: &str) -> Options {
    let runtime = root.join(crate::RUNTIME).to_string_lossy().into_owned();
    Options {
        crate_name: crate_name.to_owned(),
        runtime: generator::Runtime::Path(runtime),
        regenerate: format!("cargo xtask corpus (into {})", out.display()),
        settings: generator::Settings::default(),
    }
}

/// Generates `spec` with the runtime reached as `runtime` into a workspace of its own,
/// `scratch/runtime-<label>/`, and checks it (all features, all targets, no warnings), sharing
/// the corpus's target dir. A registry version is patched to the project's runtime.
fn runtime_mode(
    root: &Path,
    scratch: &Path,
    spec: &Path,
    label: &str,
    runtime: generator::Runtime,
) -> Row {
    let spec_name = spec.file_name().unwrap_or_default().to_string_lossy();
    let mut row = Row {
        spec: format!("{spec_name} (runtime: {label})"),
        operations: "-".into(),
        types: "-".into(),
        millis: "-".into(),
        warnings: 0,
        outcome: String::new(),
        failed: true,
    };
    let workspace = scratch.join(format!("runtime-{label}"));
    let _ = std::fs::remove_dir_all(&workspace);
    let crate_name = format!("runtime-{label}");
    let options = Options {
        crate_name: crate_name.clone(),
        runtime,
        regenerate: "cargo xtask corpus".into(),
        settings: generator::Settings::default(),
    };
    match generator::run(spec, &workspace.join("crate"), &options, Mode::Write) {
        Ok((generated, _)) => {
            row.operations = generated.operations.to_string();
            row.types = generated.types.to_string();
            row.warnings = generated.warnings.len();
        }
        Err(e) => {
            row.outcome = format!("generation error: {}", first_line(&e.to_string()));
            return row;
        }
    }
    let patch = if label == "version" {
        format!(
            "\n[patch.crates-io]\nopenapi-runtime = {{ path = {:?} }}\n",
            root.join(crate::RUNTIME).display()
        )
    } else {
        String::new()
    };
    let manifest = format!("[workspace]\nresolver = \"3\"\nmembers = [\"crate\"]\n{patch}");
    if std::fs::write(workspace.join("Cargo.toml"), manifest).is_err()
        || std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).is_err()
    {
        row.outcome = format!("cannot write {}", workspace.display());
        return row;
    }
    eprintln!("checking {crate_name}...");
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .args([
            "check",
            "--all-features",
            "--all-targets",
            "--message-format",
            "short",
            "-p",
            &crate_name,
        ])
        .output();
    match output {
        Ok(o) => {
            let stderr = String::from_utf8_lossy(&o.stderr);
            let warnings = stderr.lines().filter(|l| l.contains(": warning:")).count();
            if o.status.success() && warnings == 0 {
                row.outcome = "ok: builds with server, client, mock, no warnings".into();
                row.failed = false;
            } else {
                let first = stderr
                    .lines()
                    .find(|l| l.contains("error") || l.contains("warning"))
                    .unwrap_or("cargo check failed");
                row.outcome = format!("fails: {}", first_line(first));
            }
        }
        Err(e) => row.outcome = format!("cannot run cargo: {e}"),
    }
    row
}

/// `scratch/Cargo.toml`: one workspace for the generated crates in `scratch/crates/`, pinned
/// like the project (its `Cargo.lock`), so that dependencies build once in `scratch/target`.
pub fn write_workspace(root: &Path, scratch: &Path, members: &[&str]) -> Result<(), String> {
    let workspace = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"crates/{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if std::fs::write(scratch.join("Cargo.toml"), workspace).is_err()
        || std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).is_err()
    {
        return Err(format!(
            "cannot write the scratch workspace in {}",
            scratch.display()
        ));
    }
    Ok(())
}

/// `corpus-<file stem>`, lower-case, other characters as `-`.
fn crate_for(spec_file: &str) -> String {
    let stem = spec_file.rsplit_once('.').map_or(spec_file, |(s, _)| s);
    format!(
        "corpus-{}",
        stem.chars()
            .map(|c| if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            })
            .collect::<String>()
    )
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or_default();
    if line.chars().count() > 160 {
        format!("{}...", line.chars().take(160).collect::<String>())
    } else {
        line.to_owned()
    }
}
