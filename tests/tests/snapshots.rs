//! Snapshots of every generated file, for `spec/directory.yaml` and for each fixture spec in
//! `tests/fixtures/`. Review changes with `cargo insta review`.

use std::path::{Path, PathBuf};

use generator::{Generated, Options};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn generate(spec: &Path, crate_name: &str) -> Generated {
    let options = Options {
        crate_name: crate_name.into(),
        runtime: generator::Runtime::Path("../runtime".into()),
        regenerate: "cargo xtask gen".into(),
    };
    generator::generate(spec, &options).unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
}

/// Snapshot name for a generated file: `<crate>@<path>` with `/` and `.` made file-name safe.
fn snapshot_name(prefix: &str, path: &Path) -> String {
    format!("{prefix}@{}", path.display()).replace(['/', '.'], "_")
}

fn assert_files(prefix: &str, generated: &Generated) {
    for file in &generated.files {
        insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(snapshot_name(prefix, &file.path), &file.contents);
        });
    }
}

#[test]
fn directory_spec() {
    let generated = generate(&root().join("spec/directory.yaml"), "directory-api");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    assert_files("directory", &generated);
}

#[test]
fn fixture_specs() {
    let dir = root().join("tests/fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 7, "fixtures are missing: {specs:?}");
    for spec in specs {
        let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
        let generated = generate(&spec, &format!("fixture-{}", stem.replace('_', "-")));
        assert_files(&stem, &generated);
    }
}

#[test]
fn generation_is_deterministic() {
    let spec = root().join("spec/directory.yaml");
    let first = generate(&spec, "directory-api");
    for _ in 0..3 {
        let again = generate(&spec, "directory-api");
        assert_eq!(first.files, again.files);
    }
}
