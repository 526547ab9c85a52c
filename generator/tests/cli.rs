//! Tests of the `generator` binary: writing a crate, the `--check` mode, and bad specs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "generator-cli-{label}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/directory.yaml")
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(args)
        .output()
        .expect("the generator binary runs")
}

fn generate(spec: &Path, out: &Path, check: bool) -> Output {
    let mut args = vec![
        "--spec".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--crate-name".as_ref(),
        "directory-api".as_ref(),
    ];
    if check {
        args.push("--check".as_ref());
    }
    run(&args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// All files below `dir`, relative, with their contents, sorted by path.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(root: &Path, rel: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(root.join(rel)).unwrap() {
            let entry = entry.unwrap();
            let rel = rel.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                walk(root, &rel, out);
            } else {
                out.push((rel, std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, Path::new(""), &mut files);
    files.sort();
    files
}

#[test]
fn generates_a_crate_and_is_idempotent() {
    let tmp = TempDir::new("idempotent");
    let out = tmp.path().join("crate");

    let first = generate(&spec(), &out, false);
    assert!(
        first.status.success(),
        "first run failed ({:?}): {}",
        first.status,
        stderr(&first)
    );
    for file in ["Cargo.toml", "src/lib.rs", "src/models.rs"] {
        assert!(out.join(file).is_file(), "{file} was not generated");
    }
    assert!(
        stderr(&first).contains("written:"),
        "the first run reports what it wrote: {}",
        stderr(&first)
    );
    let before = snapshot(&out);

    let second = generate(&spec(), &out, false);
    assert!(
        second.status.success(),
        "second run failed ({:?}): {}",
        second.status,
        stderr(&second)
    );
    let second_err = stderr(&second);
    assert!(
        !second_err.contains("written:") && !second_err.contains("removed:"),
        "the second run changed something: {second_err}"
    );
    assert_eq!(
        snapshot(&out),
        before,
        "the second run changed the generated files"
    );
}

#[test]
fn check_detects_a_modified_file() {
    let tmp = TempDir::new("check");
    let out = tmp.path().join("crate");

    let written = generate(&spec(), &out, false);
    assert!(written.status.success(), "{}", stderr(&written));

    let clean = generate(&spec(), &out, true);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "--check on a fresh crate: {}",
        stderr(&clean)
    );

    let models = out.join("src/models.rs");
    let mut text = std::fs::read_to_string(&models).unwrap();
    text.push_str("\n// edited by hand\n");
    std::fs::write(&models, &text).unwrap();

    let dirty = generate(&spec(), &out, true);
    let err = stderr(&dirty);
    assert_eq!(dirty.status.code(), Some(1), "--check after an edit: {err}");
    assert!(
        err.contains(&models.display().to_string()),
        "--check names the modified file: {err}"
    );
    assert_eq!(
        err.lines()
            .filter(|l| l.starts_with("out of date:"))
            .count(),
        1,
        "only the modified file is out of date: {err}"
    );
    assert_eq!(
        std::fs::read_to_string(&models).unwrap(),
        text,
        "--check must not write"
    );
}

/// Copy the folder `from` into `to`, recursively.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A spec split across files: a change in a file it refers to (three folders from the root's
/// `$ref`s) makes the crate out of date, and generating again picks it up.
#[test]
fn a_change_in_a_referenced_file_is_seen() {
    let tmp = TempDir::new("multi-file");
    let spec_dir = tmp.path().join("spec");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/multi_file"),
        &spec_dir,
    );
    let spec = spec_dir.join("openapi.yaml");
    let out = tmp.path().join("crate");
    let args = |check: bool| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "--spec".as_ref(),
            spec.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--timings".as_ref(),
        ];
        if check {
            args.push("--check".as_ref());
        }
        run(&args)
    };
    let written = args(false);
    assert!(written.status.success(), "{}", stderr(&written));
    assert!(
        stderr(&written).contains("types from 13 files;"),
        "{}",
        stderr(&written)
    );
    assert_eq!(args(true).status.code(), Some(0), "{}", stderr(&args(true)));

    let tag = spec_dir.join("schemas/common/tag.json");
    let text = std::fs::read_to_string(&tag).unwrap();
    std::fs::write(&tag, text.replace("\"maxLength\": 10", "\"maxLength\": 12")).unwrap();
    let dirty = args(true);
    let err = stderr(&dirty);
    assert_eq!(dirty.status.code(), Some(1), "{err}");
    assert!(err.contains("src/models.rs"), "{err}");

    assert!(args(false).status.success());
    assert_eq!(args(true).status.code(), Some(0));
    let models = std::fs::read_to_string(out.join("src/models.rs")).unwrap();
    assert!(
        models.contains("maxLength 12"),
        "the change reached the models"
    );

    // A referenced file that disappears is an error naming the reference.
    std::fs::remove_file(&tag).unwrap();
    let gone = args(true);
    assert_eq!(gone.status.code(), Some(2));
    let err = stderr(&gone);
    assert!(
        err.starts_with(&format!(
            "error: {}:23:15: #/Pet/properties/tags/items: $ref \"common/tag.json#/Tag\": cannot read {}: the file does not exist",
            spec_dir.join("schemas/pet.yaml").display(),
            tag.display()
        )),
        "{err}"
    );
}

#[test]
fn bad_spec_exits_2_with_a_pointer() {
    let tmp = TempDir::new("bad");
    let spec = tmp.path().join("bad.yaml");
    std::fs::write(
        &spec,
        r##"openapi: 3.0.3
info:
  title: Bad
  version: 1.0.0
paths:
  /a:
    get:
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Missing"
"##,
    )
    .unwrap();
    let out = tmp.path().join("crate");

    let output = generate(&spec, &out, false);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(
        err.contains("#/paths/~1a/get/responses/200/content/application~1json/schema: "),
        "the message names the place as a JSON pointer: {err}"
    );
    assert!(
        err.contains("#/components/schemas/Missing"),
        "the message names the missing target: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(!out.exists(), "nothing is written for a bad spec");
}

#[test]
fn missing_spec_file_is_an_error_not_a_panic() {
    let tmp = TempDir::new("missing");
    let output = generate(
        &tmp.path().join("nope.yaml"),
        &tmp.path().join("crate"),
        false,
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("nope.yaml"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// `tests/diff/<rule>/<file>`.
fn diff_fixture(rule: &str, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/diff")
        .join(rule)
        .join(file)
}

fn diff(old: &Path, new: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["diff".as_ref(), old.as_os_str(), new.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    run(&args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn diff_exit_status_follows_breaking_changes_and_the_flag() {
    let (old, new) = (
        diff_fixture("max-length-decreased", "old.yaml"),
        diff_fixture("max-length-decreased", "new.yaml"),
    );
    let report = diff(&old, &new, &[]);
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
    let text = stdout(&report);
    assert!(text.contains("[max-length-decreased]"), "{text}");
    assert!(text.contains("1 breaking"), "{text}");

    let failing = diff(&old, &new, &["--fail-on-breaking"]);
    assert_eq!(failing.status.code(), Some(1), "{}", stderr(&failing));
    assert_eq!(stdout(&failing), text, "the flag changes only the status");

    let (old, new) = (
        diff_fixture("optional-property-added", "old.yaml"),
        diff_fixture("optional-property-added", "new.yaml"),
    );
    let compatible = diff(&old, &new, &["--fail-on-breaking"]);
    assert_eq!(
        compatible.status.code(),
        Some(0),
        "compatible changes only: {}",
        stdout(&compatible)
    );
    assert!(stdout(&compatible).contains("[optional-property-added]"));

    let same = diff(&old, &old, &["--fail-on-breaking"]);
    assert_eq!(same.status.code(), Some(0));
    assert!(stdout(&same).contains("No changes."), "{}", stdout(&same));
}

#[test]
fn diff_prints_markdown_on_request() {
    let (old, new) = (
        diff_fixture("enum-value-added", "old.yaml"),
        diff_fixture("enum-value-added", "new.yaml"),
    );
    let output = diff(&old, &new, &["--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("## API diff: `"), "{text}");
    assert!(text.contains("| **breaking** |"), "{text}");
    assert!(text.contains("`enum-value-added`"), "{text}");

    let wrong = diff(&old, &new, &["--format", "html"]);
    assert_eq!(wrong.status.code(), Some(2), "{}", stderr(&wrong));
}

#[test]
fn diff_of_an_unreadable_spec_exits_2_with_the_loaders_error() {
    let tmp = TempDir::new("diff-bad");
    let bad = tmp.path().join("bad.yaml");
    std::fs::write(&bad, "openapi: 3.0.3\ninfo: {title: x\npaths: {}\n").unwrap();
    let good = diff_fixture("type-changed", "old.yaml");

    let output = diff(&good, &bad, &["--fail-on-breaking"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with(&format!("error: {}:", bad.display())),
        "{err}"
    );
    assert!(err.contains("invalid YAML"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(stdout(&output).is_empty(), "no report for bad input");

    // The same file given to the generator: the same message.
    let generated = generate(&bad, &tmp.path().join("crate"), false);
    assert_eq!(stderr(&generated), err);

    let missing = diff(&tmp.path().join("nope.yaml"), &good, &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("nope.yaml"),
        "{}",
        stderr(&missing)
    );

    let swagger = tmp.path().join("swagger.yaml");
    std::fs::write(
        &swagger,
        "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n",
    )
    .unwrap();
    let output = diff(&swagger, &good, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("#/swagger: Swagger"),
        "{}",
        stderr(&output)
    );
}

/// `generator diff` reads specs split across files: a change in a referenced file is a change
/// of the spec.
#[test]
fn diff_reads_specs_split_across_files() {
    let tmp = TempDir::new("multi-file-diff");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/multi_file");
    let new_dir = tmp.path().join("new");
    copy_dir(&fixture, &new_dir);
    let tag = new_dir.join("schemas/common/tag.json");
    let text = std::fs::read_to_string(&tag).unwrap();
    std::fs::write(&tag, text.replace("\"maxLength\": 10", "\"maxLength\": 5")).unwrap();
    let old = fixture.join("openapi.yaml");

    let same = diff(&old, &old, &["--fail-on-breaking"]);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert!(stdout(&same).contains("No changes."), "{}", stdout(&same));

    let changed = diff(&old, &new_dir.join("openapi.yaml"), &["--fail-on-breaking"]);
    assert_eq!(changed.status.code(), Some(1), "{}", stderr(&changed));
    let report = stdout(&changed);
    assert!(
        report.contains("breaking    Tag (request): maxLength changed from 10 to 5"),
        "{report}"
    );
}

fn settings_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/settings")
}

/// The files of `dir` without their first two lines (the header names the command line).
fn bodies(dir: &Path) -> Vec<(PathBuf, String)> {
    snapshot(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            let body = text.splitn(3, '\n').nth(2).unwrap_or_default().to_owned();
            (path, body)
        })
        .collect()
}

#[test]
fn flags_give_the_same_crate_as_the_settings_file() {
    let tmp = TempDir::new("settings");
    // The spec alone, so that no generator.toml is found beside it.
    let spec = tmp.path().join("openapi.yaml");
    std::fs::copy(settings_fixture().join("openapi.yaml"), &spec).unwrap();
    let (from_file, from_flags) = (tmp.path().join("file"), tmp.path().join("flags"));
    let settings = settings_fixture().join("generator.toml");
    let common = |out: &Path| -> Vec<std::ffi::OsString> {
        [
            "--spec".as_ref(),
            spec.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ]
        .into_iter()
        .map(Into::into)
        .collect()
    };
    let mut args = common(&from_file);
    args.extend(["--settings".into(), settings.into_os_string()]);
    let output = run(&args.iter().map(|a| a.as_os_str()).collect::<Vec<_>>());
    assert!(output.status.success(), "{}", stderr(&output));
    let mut args = common(&from_flags);
    for flag in [
        "--parts=client",
        "--tag=pets",
        "--operation=listStores",
        "--rename-type=Pet=Animal",
        "--rename-field=Pet.name=title",
        "--rename-operation=listPets=all_pets",
        "--derive=Eq",
        "--derive=Hash",
    ] {
        args.push(flag.into());
    }
    let output = run(&args.iter().map(|a| a.as_os_str()).collect::<Vec<_>>());
    assert!(output.status.success(), "{}", stderr(&output));
    let (file, flags) = (bodies(&from_file), bodies(&from_flags));
    let models = |files: &[(PathBuf, String)]| {
        files
            .iter()
            .find(|(p, _)| p.ends_with("src/models.rs"))
            .map(|(_, b)| b.clone())
            .unwrap()
    };
    // The file also puts `#[non_exhaustive]` on Store; the flags have no per-type attribute.
    assert_eq!(
        models(&file).replace("#[non_exhaustive]\n", ""),
        models(&flags)
    );
    let paths =
        |files: &[(PathBuf, String)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&file), paths(&flags));
    assert!(!paths(&flags).contains(&PathBuf::from("src/server.rs")));
    assert!(paths(&flags).contains(&PathBuf::from("src/client.rs")));
}

#[test]
fn a_bad_flag_is_an_error_naming_the_setting() {
    let tmp = TempDir::new("bad-setting");
    let out = tmp.path().join("crate");
    let spec = settings_fixture().join("openapi.yaml");
    let output = run(&[
        "--spec".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--rename-type=Nope=X".as_ref(),
    ]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains(
            "generator.toml and the command line): rename.types.Nope: no type named `Nope` is generated"
        ),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written for bad settings");
    let output = run(&[
        "--spec".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--parts=server,cli".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("unknown part \"cli\""),
        "{}",
        stderr(&output)
    );
}
