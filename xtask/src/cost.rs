//! `cargo xtask build-cost SPEC... [--features LIST]...`: what depending on a generated crate
//! costs a downstream team, measured.
//!
//! Each spec's crate is generated into the scratch workspace `target/build-cost/` (it depends on
//! the project's runtime by path, like `cargo xtask corpus`), and for each feature set (default:
//! none, `client`, and all features) two numbers are taken:
//!
//! - **clean build**: `cargo build` of the crate and all its dependencies with an empty target
//!   directory (what a fresh clone or CI pays), wall time and peak memory of the largest process
//!   (a `rustc`);
//! - **crate check**: `cargo check` of the crate alone after touching its `lib.rs` with the
//!   dependencies already checked, wall time and peak memory.
//!
//! Both run with incremental compilation off (`CARGO_INCREMENTAL=0`), as cargo builds a
//! dependency: a downstream team compiles the generated crate as one. With incremental on, a
//! check after a touch reuses the cached results of an unchanged file and measures nothing.
//!
//! Peak memory is the `ru_maxrss` of the measured cargo's process tree, read by a child copy of
//! this program (`xtask measure CMD...`) so that each measurement has its own.
//! Times depend on the machine: compare numbers taken on one machine, in one run.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask build-cost SPEC... [--features LIST]... [--no-clean]";

pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let mut specs = Vec::new();
    let mut feature_sets = Vec::new();
    let mut clean = true;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--features" => match it.next() {
                Some(list) => feature_sets.push(list.clone()),
                None => return usage("--features needs a value (a list, `none` or `all`)"),
            },
            "--no-clean" => clean = false,
            other if other.starts_with('-') => return usage(&format!("unexpected {other:?}")),
            spec => specs.push(PathBuf::from(spec)),
        }
    }
    if specs.is_empty() {
        return usage("SPEC is required");
    }
    if feature_sets.is_empty() {
        feature_sets = vec!["none".into(), "client".into(), "all".into()];
    }
    match measure_all(root, &specs, &feature_sets, clean) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("build-cost: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("{message}\n{USAGE}");
    ExitCode::from(2)
}

/// One measured command.
struct Cost {
    seconds: f64,
    peak_mb: f64,
}

fn measure_all(
    root: &Path,
    specs: &[PathBuf],
    feature_sets: &[String],
    clean: bool,
) -> Result<(), String> {
    let scratch = root.join("target/build-cost");
    let _ = std::fs::remove_dir_all(scratch.join("crates"));
    let mut crates = Vec::new();
    for spec in specs {
        let (name, result) = crate::corpus::generate_scratch(root, spec, &scratch);
        let (generated, _) = result.map_err(|e| format!("{}: {e}", spec.display()))?;
        let lines = rust_lines(&scratch.join("crates").join(&name));
        eprintln!(
            "build-cost: {} -> {name}: {} operations, {} types, {lines} lines of Rust",
            spec.display(),
            generated.operations,
            generated.types
        );
        crates.push(name);
    }
    let members: Vec<&str> = crates.iter().map(String::as_str).collect();
    crate::corpus::write_workspace(root, &scratch, &members)?;

    let mut table = vec![
        "| crate | features | clean build | peak memory | crate check | peak memory |".to_owned(),
        "|---|---|---:|---:|---:|---:|".to_owned(),
    ];
    for name in &crates {
        for features in feature_sets {
            let flags = feature_flags(features);
            let clean_cost = if clean {
                let target = scratch.join("target-clean");
                let _ = std::fs::remove_dir_all(&target);
                let cost = cargo(&scratch, &target, "build", name, &flags)?;
                let _ = std::fs::remove_dir_all(&target);
                Some(cost)
            } else {
                None
            };
            let target = scratch.join("target-check");
            cargo(&scratch, &target, "check", name, &flags)?;
            touch(&scratch.join("crates").join(name).join("src/lib.rs"))?;
            let check = cargo(&scratch, &target, "check", name, &flags)?;
            let (clean_time, clean_peak) = clean_cost.map_or(("-".into(), "-".into()), |c| {
                (
                    format!("{:.0} s", c.seconds),
                    format!("{:.0} MB", c.peak_mb),
                )
            });
            let row = format!(
                "| {name} | {features} | {clean_time} | {clean_peak} | {:.1} s | {:.0} MB |",
                check.seconds, check.peak_mb
            );
            eprintln!("build-cost: {row}");
            table.push(row);
        }
    }
    println!("{}", table.join("\n"));
    Ok(())
}

fn feature_flags(features: &str) -> Vec<String> {
    match features {
        "none" => Vec::new(),
        "all" => vec!["--all-features".into()],
        list => vec!["--features".into(), list.into()],
    }
}

/// `cargo SUBCOMMAND -p name FLAGS` in the scratch workspace, measured by a child copy of this
/// program.
fn cargo(
    scratch: &Path,
    target: &Path,
    subcommand: &str,
    name: &str,
    flags: &[String],
) -> Result<Cost, String> {
    let xtask = std::env::current_exe().map_err(|e| e.to_string())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = Instant::now();
    let output = Command::new(xtask)
        .arg("measure")
        .arg(cargo)
        .args([subcommand, "--quiet", "-p", name])
        .args(flags)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!(
            "cargo {subcommand} -p {name} {} failed:\n{}",
            flags.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let peak_kb: f64 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("maxrss_kb "))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| format!("no peak memory reported: {stdout:?}"))?;
    Ok(Cost {
        seconds,
        peak_mb: peak_kb / 1024.0,
    })
}

/// `xtask measure CMD ARGS...`: runs the command (its output passed through) and
/// prints `maxrss_kb N`, the peak resident memory of the largest process in its tree. Exits
/// with the command's status.
pub fn measure(args: &[String]) -> ExitCode {
    let Some((program, rest)) = args.split_first() else {
        eprintln!("usage: xtask measure CMD [ARGS...]");
        return ExitCode::from(2);
    };
    let status = match Command::new(program).args(rest).status() {
        Ok(status) => status,
        Err(e) => {
            eprintln!("cannot run {program}: {e}");
            return ExitCode::FAILURE;
        }
    };
    // SAFETY: `getrusage` writes into the zeroed struct it is given and reads nothing else.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    println!("maxrss_kb {}", usage.ru_maxrss);
    if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Lines of `.rs` files under `dir`.
fn rust_lines(dir: &Path) -> usize {
    let mut lines = 0;
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                lines += std::fs::read_to_string(&path).map_or(0, |t| t.lines().count());
            }
        }
    }
    lines
}
