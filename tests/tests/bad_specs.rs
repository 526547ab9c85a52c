//! Every spec in `tests/bad-specs/` is broken in exactly one way. The generator must reject each
//! one with a message that names the place (a JSON pointer) and says what is wrong; the messages
//! are snapshotted in `tests/tests/snapshots/`.
//!
//! A case is a file (`<name>.yaml`), or a folder (`<name>/`) holding a spec split across files,
//! whose root is `<name>/openapi.yaml`: those are broken in a file the root refers to.

use std::path::{Path, PathBuf};

#[test]
fn bad_specs_are_rejected_with_clear_messages() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tests.join("bad-specs");
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter_map(|path| {
            let name = path.file_stem()?.to_str()?.to_owned();
            if path.is_dir() {
                Some((name, path.join("openapi.yaml")))
            } else {
                path.is_file().then_some((name, path))
            }
        })
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 16,
        "expected at least 16 bad specs in {}",
        dir.display()
    );
    assert!(
        cases
            .iter()
            .filter(|(_, p)| p.ends_with("openapi.yaml"))
            .count()
            >= 8,
        "the cases of specs split across files are missing"
    );

    // Messages name files relative to `tests/`, as `bad-specs/...`.
    let prefix = format!("{}/", tests.display());
    let mut unexpectedly_ok = Vec::new();
    for (name, path) in &cases {
        let shown = path.strip_prefix(tests).unwrap().display().to_string();
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // From text, named by its path (references to other files are read relative to it).
        let result = generator::generate_from_str(
            &text,
            &path.display().to_string(),
            &generator::Options::default(),
        );
        let message = match result {
            Ok(_) => {
                unexpectedly_ok.push(shown);
                continue;
            }
            Err(e) => e.to_string().replace(&prefix, ""),
        };
        // Reading the file through the public entry point gives the same message.
        let from_disk = generator::generate(path, &generator::Options::default())
            .expect_err("rejected from text but accepted from disk")
            .to_string()
            .replace(&prefix, "");
        assert_eq!(
            from_disk, message,
            "{shown}: generate and generate_from_str disagree"
        );
        assert!(
            !message.contains("untagged enum"),
            "{shown}: the message is serde's, not an explanation: {message}"
        );
        insta::with_settings!({
            prepend_module_to_snapshot => false,
            snapshot_suffix => "",
            description => shown,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name.as_str(), message);
        });
    }
    assert!(
        unexpectedly_ok.is_empty(),
        "these bad specs were accepted: {unexpectedly_ok:?}"
    );
}

/// Real specs that break OpenAPI 3.0 in small ways are generated, with a warning that names the
/// place, rather than refused.
#[test]
fn slightly_invalid_real_specs_are_generated_with_a_warning() {
    // Dropshot writes `responses: {}` (3.0 requires at least one response).
    let spec = r#"
openapi: 3.0.3
info: {title: Lenient, version: "1"}
paths:
  /events:
    get:
      operationId: events
      responses: {}
"#;
    let generated =
        generator::generate_from_str(spec, "lenient.yaml", &generator::Options::default())
            .expect("an operation without responses is generated");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "warning: #/paths/~1events/get/responses: an operation must have at least one response \
          (OpenAPI 3.0); any status is accepted, its body untyped (bytes)"
        ]
    );
    let responses = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("responses.rs"))
        .expect("responses.rs");
    assert!(
        responses.contents.contains("pub enum EventsResponse {"),
        "{}",
        responses.contents
    );
}
