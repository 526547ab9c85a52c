//! `cargo xtask fuzz-api SPEC [options] [-- SCHEMATHESIS ARGS]`: property-based testing of a
//! generated mock server with schemathesis, from the outside, over HTTP on 127.0.0.1.
//!
//! 1. Installs schemathesis ([`SCHEMATHESIS`], pinned) into a virtualenv in
//!    `target/schemathesis-venv` (once; reused while it holds that version).
//! 2. Builds the `mock` binary of the spec's crate: `generated/` for `spec/directory.yaml`, else a
//!    crate generated into `target/fuzz-api/crates/` (the scratch workspace of `cargo xtask
//!    corpus`).
//! 3. Starts it on 127.0.0.1 with a free port and a secret (`--token`), so that schemathesis can
//!    tell accepted credentials from refused ones, and waits until it answers.
//! 4. Writes the spec for schemathesis as one JSON document whose `pattern`s are spelled so
//!    that Python's `re` (and schemathesis's Rust validator) read them with their ECMA-262
//!    meaning ([`python_patterns`]): read as Python, a pattern accepts strings the generated
//!    code rightly refuses (`.` matching `\r`).
//! 5. Runs `schemathesis run` with every check but `use_after_free` (the mock keeps no state:
//!    it answers from the spec's examples, so a deleted resource is still "there"), a seed
//!    (`--seed daily`, the default, is today's UTC date as `YYYYMMDD`, so that each day's run
//!    explores new cases; it is printed with the command that replays it) and `--max-examples`
//!    cases per operation and phase, sending the secret the way the spec's security schemes
//!    say, and a valid value for every optional header parameter with a pattern (schemathesis
//!    4.32 may send an invalid one in "positive" cases).
//!    Text request bodies of media types schemathesis has no serializer for
//!    (`application/x-pem-file`, `application/jwt`...) are sent as text, through a hooks file.
//! 6. Stops the server, whatever happened, and exits with schemathesis's status.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use generator::ir::{Api, ContentKind, ParamLocation, SecurityKind};

/// The schemathesis release the project is tested with.
pub const SCHEMATHESIS: &str = "4.32.5";
/// What the mock accepts as bearer token, API key or Basic credentials, and what is sent.
const SECRET: &str = "fuzz-api-secret";
const USAGE: &str = "usage: cargo xtask fuzz-api SPEC [--seed N|daily] [--max-examples N] [--phases LIST] [--workers N] [-- SCHEMATHESIS ARGS]";

struct Args {
    spec: PathBuf,
    seed: String,
    max_examples: String,
    phases: String,
    workers: String,
    extra: Vec<String>,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut spec = None;
    let mut parsed = Args {
        spec: PathBuf::new(),
        seed: "daily".into(),
        max_examples: "200".into(),
        phases: "examples,coverage,fuzzing,stateful".into(),
        workers: "1".into(),
        extra: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--seed" => parsed.seed = value("--seed")?,
            "--max-examples" => parsed.max_examples = value("--max-examples")?,
            "--phases" => parsed.phases = value("--phases")?,
            "--workers" => parsed.workers = value("--workers")?,
            "--" => {
                parsed.extra = it.cloned().collect();
                break;
            }
            other if spec.is_none() && !other.starts_with('-') => spec = Some(PathBuf::from(other)),
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    parsed.spec = spec.ok_or("SPEC is required")?;
    if parsed.seed == "daily" {
        parsed.seed = daily_seed();
    }
    if parsed.seed.parse::<u64>().is_err() {
        return Err(format!(
            "--seed must be a number or `daily`, not {:?}",
            parsed.seed
        ));
    }
    Ok(parsed)
}

/// Today's UTC date as `YYYYMMDD` (a seed that changes every day but can be replayed).
fn daily_seed() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}{m:02}{d:02}")
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let args = match parse_args(args) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match fuzz(root, &args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("fuzz-api: {e}");
            ExitCode::FAILURE
        }
    }
}

fn fuzz(root: &Path, args: &Args) -> Result<ExitCode, String> {
    let started = Instant::now();
    let spec = args
        .spec
        .canonicalize()
        .map_err(|e| format!("{}: {e}", args.spec.display()))?;
    let schemathesis = install(root)?;
    let api = generator::load::load(&spec)
        .and_then(|s| generator::lower::lower(&s, &generator::Settings::default()))
        .map_err(|e| e.to_string())?;
    let mock = build_mock(root, &spec)?;
    let auth =
        !api.security_schemes.is_empty() && api.operations.iter().any(|op| !op.security.is_empty());
    let server = Server::start(&mock, auth)?;
    eprintln!("fuzz-api: mock of {} on {}", spec.display(), server.addr);
    eprintln!(
        "fuzz-api: seed {} (replay: cargo xtask fuzz-api {} --seed {} --max-examples {} --phases {})",
        args.seed,
        args.spec.display(),
        args.seed,
        args.max_examples,
        args.phases
    );

    let python_spec = python_patterns(root, &spec)?;
    let mut command = Command::new(&schemathesis);
    command
        .arg("run")
        .arg(&python_spec)
        .args(["--url", &format!("http://{}", server.addr)])
        .args(["--checks", "all"])
        // The mock is stateless by design (it answers every valid request from the spec's
        // examples, like Prism), so a resource is still there after a DELETE.
        .args(["--exclude-checks", "use_after_free"])
        .args(["--seed", &args.seed])
        .args(["--max-examples", &args.max_examples])
        .args(["--phases", &args.phases])
        .args(["--workers", &args.workers])
        .args(["--generation-database", "none"])
        .arg("--continue-on-failure")
        .args(["--no-color", "--output-truncate", "true"]);
    for (name, value) in headers(&api) {
        eprintln!("fuzz-api: every request carries {name}: {value}");
        command.args(["--header", &format!("{name}: {value}")]);
    }
    if let Some(hooks) = text_serializers(root, &api)? {
        command.env("SCHEMATHESIS_HOOKS", hooks);
    }
    command.args(&args.extra);
    command.env("NO_COLOR", "1");
    let status = command
        .status()
        .map_err(|e| format!("cannot run {}: {e}", schemathesis.display()))?;
    drop(server);
    eprintln!(
        "fuzz-api: schemathesis {} in {:.0}s (install, build and run)",
        if status.success() { "passed" } else { "failed" },
        started.elapsed().as_secs_f64()
    );
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `target/schemathesis-venv/bin/schemathesis`, installed there at [`SCHEMATHESIS`] if needed.
fn install(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join("target/schemathesis-venv");
    let bin = venv.join("bin/schemathesis");
    let installed = Command::new(&bin)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(SCHEMATHESIS));
    if installed {
        return Ok(bin);
    }
    eprintln!(
        "fuzz-api: installing schemathesis {SCHEMATHESIS} into {}",
        venv.display()
    );
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    run_quietly(Command::new(&python).args(["-m", "venv"]).arg(&venv))?;
    run_quietly(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("schemathesis=={SCHEMATHESIS}")),
    )?;
    Ok(bin)
}

fn run_quietly(command: &mut Command) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Builds the spec's mock binary and returns its path: `generated/`'s for the project's spec,
/// else a crate generated into the scratch workspace `target/fuzz-api`.
fn build_mock(root: &Path, spec: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let own = root.join(crate::SPEC).canonicalize().ok();
    let (dir, target, package) = if own.as_deref() == Some(spec) {
        (
            root.to_owned(),
            root.join("target"),
            crate::CRATE_NAME.to_owned(),
        )
    } else {
        let scratch = root.join("target/fuzz-api");
        let _ = std::fs::remove_dir_all(scratch.join("crates"));
        let (crate_name, result) = crate::corpus::generate_scratch(root, spec, &scratch);
        let (generated, _) = result.map_err(|e| e.to_string())?;
        for w in &generated.warnings {
            eprintln!("{}: {w}", spec.display());
        }
        crate::corpus::write_workspace(root, &scratch, &[&crate_name])?;
        (scratch.clone(), scratch.join("target"), crate_name)
    };
    eprintln!("fuzz-api: building the mock of {package}");
    let status = Command::new(cargo)
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .args([
            "build",
            "--features",
            "mock",
            "--bin",
            &format!("{package}-mock"),
            "-p",
            &package,
        ])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("the mock of {package} does not build"));
    }
    Ok(target.join(format!("debug/{package}-mock")))
}

/// The running mock; dropping it stops it.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(mock: &Path, auth: bool) -> Result<Server, String> {
        let mut command = Command::new(mock);
        command.args(["--addr", "127.0.0.1:0"]);
        if auth {
            command.args(["--token", SECRET]);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", mock.display()))?;
        let stderr = child.stderr.take().expect("piped");
        let mut server = Server {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        };
        // The first line names the address it listens on; the rest is passed through.
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stderr).lines();
            if let Some(Ok(line)) = lines.next() {
                let _ = sender.send(line);
            }
            for line in lines.map_while(Result::ok) {
                eprintln!("mock: {line}");
            }
        });
        let line = receiver
            .recv_timeout(Duration::from_secs(30))
            .map_err(|_| "the mock did not say where it listens".to_owned())?;
        server.addr = line
            .rsplit("http://")
            .next()
            .and_then(|a| a.trim().parse().ok())
            .ok_or_else(|| format!("unexpected first line from the mock: {line:?}"))?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect_timeout(&server.addr, Duration::from_millis(200)).is_err() {
            if Instant::now() > deadline {
                return Err(format!("the mock does not answer on {}", server.addr));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The headers sent with every request: the credentials of the spec's security schemes, and a
/// valid value for each optional header parameter with a pattern (schemathesis 4.32 may send an
/// invalid value for those in "positive" cases: `x-fapi-auth-date: 0`).
fn headers(api: &Api) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, value: String| {
        if !out.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            out.push((name.to_owned(), value));
        }
    };
    let used = |key: &str| {
        api.operations.iter().any(|op| {
            op.security
                .iter()
                .any(|alt| alt.first().is_some_and(|k| k == key))
        })
    };
    for scheme in api.security_schemes.iter().filter(|s| used(&s.key)) {
        match &scheme.kind {
            SecurityKind::Bearer | SecurityKind::OAuth2 | SecurityKind::OpenIdConnect => {
                add("Authorization", format!("Bearer {SECRET}"));
            }
            SecurityKind::Basic => add("Authorization", format!("Basic {SECRET}")),
            SecurityKind::ApiKey {
                location: ParamLocation::Header,
                name,
            } => add(name, SECRET.into()),
            SecurityKind::ApiKey {
                location: ParamLocation::Cookie,
                name,
            } => add("Cookie", format!("{name}={SECRET}")),
            SecurityKind::ApiKey { .. } => {
                eprintln!(
                    "fuzz-api: security scheme {}: an API key in the query cannot be sent with every request",
                    scheme.key
                );
            }
        }
    }
    for op in &api.operations {
        for p in &op.params {
            if p.location != ParamLocation::Header
                || p.required
                || p.shape.checks.patterns.is_empty()
            {
                continue;
            }
            let example = p
                .shape
                .example
                .clone()
                .filter(|v| generator::synth::conforms(api, &p.shape, v).is_empty())
                .or_else(|| generator::synth::example(api, &p.shape).ok());
            if let Some(serde_json::Value::String(value)) = example {
                add(&p.wire_name, value);
            }
        }
    }
    out
}

/// The spec as schemathesis should read it: one JSON document (external `$ref`s bundled), each
/// `pattern` in Python's `re` syntax with its ECMA-262 meaning
/// ([`generator::python_regex::to_python`]). Read as Python, `^https?://.*\.svg$` accepts
/// `"http://x\r.svg"`, which the generated server rightly refuses (ECMA's `.` is not `\r`), and
/// schemathesis would report the 400 as "schema-valid request rejected". Patterns Python cannot
/// be given (lookaround, which the server checks with an ECMA-262 engine) are left as written.
fn python_patterns(root: &Path, spec: &Path) -> Result<PathBuf, String> {
    fn walk(value: &mut serde_json::Value, rewritten: &mut usize, kept: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    match (key.as_str(), &mut *child) {
                        // Data, not schemas.
                        ("example" | "examples" | "default" | "enum", _) => {}
                        (key, _) if key.starts_with("x-") => {}
                        ("pattern", serde_json::Value::String(pattern)) => {
                            match generator::python_regex::to_python(pattern) {
                                Some(python) => {
                                    *pattern = python;
                                    *rewritten += 1;
                                }
                                None => kept.push(pattern.clone()),
                            }
                        }
                        _ => walk(child, rewritten, kept),
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    walk(item, rewritten, kept);
                }
            }
            _ => {}
        }
    }
    let loaded = generator::load::load(spec).map_err(|e| e.to_string())?;
    let mut doc = serde_json::to_value(&loaded.doc).map_err(|e| e.to_string())?;
    let (mut rewritten, mut kept) = (0, Vec::new());
    walk(&mut doc, &mut rewritten, &mut kept);
    let path = root.join("target/fuzz-api-spec.json");
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!(
        "fuzz-api: {} patterns in Python syntax with ECMA-262 semantics, in {}",
        rewritten,
        path.display()
    );
    for pattern in kept {
        eprintln!("fuzz-api: pattern {pattern:?} left as written (no Python spelling)");
    }
    Ok(path)
}

/// Schemathesis 4.32 serialises JSON, forms, multipart, XML, `text/*` and binary bodies; for any
/// other media type it reports "Serialization not possible" and skips the operation. The
/// generator passes bodies of `application/jwt`, `application/x-pem-file` and the like as text
/// (`ContentKind::Text`), so a hooks file registers those media types with a text serializer.
/// Returns the file to name in `SCHEMATHESIS_HOOKS`, if the spec has such bodies.
fn text_serializers(root: &Path, api: &Api) -> Result<Option<PathBuf>, String> {
    let mut media_types: Vec<&str> = api
        .operations
        .iter()
        .filter_map(|op| op.body.as_ref())
        .filter(|body| matches!(body.content.kind, ContentKind::Text))
        .map(|body| body.content.media_type.as_str())
        .filter(|m| !m.to_ascii_lowercase().starts_with("text/"))
        .collect();
    media_types.sort_unstable();
    media_types.dedup();
    if media_types.is_empty() {
        return Ok(None);
    }
    let list: Vec<String> = media_types
        .iter()
        .map(|m| serde_json::Value::from(*m).to_string())
        .collect();
    let hooks = format!(
        r#"# Written by `cargo xtask fuzz-api`: text bodies of media types schemathesis has no
# serializer for are sent as UTF-8 text (the generated server reads them as text).
import json

import schemathesis
from schemathesis.specs.openapi import checks

TEXT = ({},)


@schemathesis.serializer(*TEXT)
def as_text(ctx, value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return json.dumps(value).encode("utf-8")


# Like text/plain, these media types turn any value into text: a body generated as a non-string
# to violate a string schema is a valid string on the wire, which the negative_data_rejection
# check of schemathesis {} knows only for text/plain and application/octet-stream.
_stringifying = checks._is_stringifying_media_type
checks._is_stringifying_media_type = lambda media_type: media_type in TEXT or _stringifying(media_type)
"#,
        list.join(", "),
        SCHEMATHESIS
    );
    let path = root.join("target/fuzz-api-hooks.py");
    std::fs::write(&path, hooks).map_err(|e| format!("{}: {e}", path.display()))?;
    for m in &media_types {
        eprintln!("fuzz-api: {m} bodies are sent as text");
    }
    Ok(Some(path))
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_791), (2026, 12, 4));
    }
}
