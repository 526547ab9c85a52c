//! Generating twice gives byte-identical output (hash maps, parallel formatting and the like
//! must not leak into the generated files).

use std::path::Path;

use generator::{Options, generate};

#[test]
fn generating_twice_gives_identical_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs = vec![root.join("spec/directory.yaml")];
    // A folder is a spec split across files, `openapi.yaml` its root.
    let mut fixtures: Vec<_> = std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            if p.is_dir() {
                p.join("openapi.yaml")
            } else {
                p
            }
        })
        .collect();
    fixtures.sort();
    specs.extend(fixtures);
    for spec in &specs {
        let options = Options {
            crate_name: "determinism".into(),
            ..Options::default()
        };
        let first = generate(spec, &options).unwrap();
        let second = generate(spec, &options).unwrap();
        assert!(!first.files.is_empty());
        assert_eq!(first.files.len(), second.files.len(), "{}", spec.display());
        for (a, b) in first.files.iter().zip(&second.files) {
            assert_eq!(a.path, b.path, "{}", spec.display());
            assert!(
                a.contents == b.contents,
                "{}: {} differs between two generations",
                spec.display(),
                a.path.display()
            );
        }
        assert_eq!(first.warnings, second.warnings, "{}", spec.display());
        assert_eq!(first.sources, second.sources, "{}", spec.display());
    }
}
