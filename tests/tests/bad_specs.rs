//! Every spec in `tests/bad-specs/` is broken in exactly one way. The generator must reject each
//! one with a message that names the place (a JSON pointer) and says what is wrong; the messages
//! are snapshotted in `tests/tests/snapshots/`.

use std::path::Path;

#[test]
fn bad_specs_are_rejected_with_clear_messages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bad-specs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(
        files.len() >= 16,
        "expected at least 16 bad specs in {}",
        dir.display()
    );

    let mut unexpectedly_ok = Vec::new();
    for path in &files {
        let file_name = path.file_name().unwrap().to_str().unwrap();
        let name = path.file_stem().unwrap().to_str().unwrap();
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let result = generator::generate_from_str(
            &text,
            &format!("bad-specs/{file_name}"),
            &generator::Options::default(),
        );
        let message = match result {
            Ok(_) => {
                unexpectedly_ok.push(file_name.to_owned());
                continue;
            }
            Err(e) => e.to_string(),
        };
        // Reading the file through the public entry point gives the same message, with the path
        // as given.
        let from_disk = generator::generate(path, &generator::Options::default())
            .expect_err("rejected from text but accepted from disk")
            .to_string();
        assert_eq!(
            from_disk.replacen(
                &path.display().to_string(),
                &format!("bad-specs/{file_name}"),
                1
            ),
            message,
            "{file_name}: generate and generate_from_str disagree"
        );
        assert!(
            !message.contains("untagged enum"),
            "{file_name}: the message is serde's, not an explanation: {message}"
        );
        insta::with_settings!({
            prepend_module_to_snapshot => false,
            snapshot_suffix => "",
            description => format!("bad-specs/{file_name}"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, message);
        });
    }
    assert!(
        unexpectedly_ok.is_empty(),
        "these bad specs were accepted: {unexpectedly_ok:?}"
    );
}
