//! Snapshots of every generated file, for `spec/directory.yaml` and for each fixture spec in
//! `tests/fixtures/` (a `<name>.yaml`, or a folder `<name>/` whose `openapi.yaml` refers to the
//! other files in it). Review changes with `cargo insta review`.

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
        settings: generator::Settings::beside(spec).expect("the fixture's settings read"),
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
    // The only warnings: upstream writes `uniqueItems` inside the `items` of three string
    // lists (twice each), where JSON Schema gives it no effect; the spec keeps upstream's text.
    let mut places: Vec<String> = Vec::new();
    for w in &generated.warnings {
        assert!(
            w.message
                .starts_with("`uniqueItems` does not apply to a value of type string"),
            "unexpected warning on the directory spec: {w}"
        );
        places.push(w.pointer.to_string());
    }
    assert_eq!(
        places,
        [
            "#/components/schemas/ClientCreationRequest/properties/grant_types/items/uniqueItems",
            "#/components/schemas/ClientCreationRequest/properties/redirect_uris/items/uniqueItems",
            "#/components/schemas/ClientCreationRequest/properties/response_types/items/uniqueItems",
            "#/components/schemas/ClientUpdateRequest/properties/grant_types/items/uniqueItems",
            "#/components/schemas/ClientUpdateRequest/properties/redirect_uris/items/uniqueItems",
            "#/components/schemas/ClientUpdateRequest/properties/response_types/items/uniqueItems",
        ]
    );
    assert_files("directory", &generated);
}

/// The fixture specs: `(name, root file)`, sorted by name.
fn fixtures() -> Vec<(String, PathBuf)> {
    let dir = root().join("tests/fixtures");
    let mut specs: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_stem()?.to_string_lossy().into_owned();
            if p.is_dir() {
                let root = p.join("openapi.yaml");
                root.is_file().then_some((name, root))
            } else {
                p.extension()
                    .is_some_and(|e| e == "yaml" || e == "json")
                    .then_some((name, p))
            }
        })
        .collect();
    specs.sort();
    specs
}

#[test]
fn fixture_specs() {
    let specs = fixtures();
    assert!(specs.len() >= 7, "fixtures are missing: {specs:?}");
    assert!(
        specs.iter().any(|(name, _)| name == "multi_file"),
        "the multi-file fixture is missing"
    );
    for (name, spec) in specs {
        let generated = generate(&spec, &format!("fixture-{}", name.replace('_', "-")));
        assert_files(&name, &generated);
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
    // A spec split across files: the files are found and named the same way every time.
    let spec = root().join("tests/fixtures/multi_file/openapi.yaml");
    let first = generate(&spec, "fixture-multi-file");
    for _ in 0..3 {
        let again = generate(&spec, "fixture-multi-file");
        assert_eq!(first.files, again.files);
        assert_eq!(first.sources, again.sources);
    }
}
