//! Tests of the semantic spec diff (`generator::diff`): one snapshot per rule, each from a tiny
//! before/after pair in `tests/diff/<rule-id>/{old,new}.yaml`, plus reference cycles, identical
//! specs, 3.1 shapes, Markdown and bad input.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use generator::diff::{self, Direction, Format, RULES, Report, Severity};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/diff")
}

/// The rule folders, sorted.
fn rule_dirs() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(fixtures())
        .expect("tests/diff exists")
        .map(|e| {
            e.expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    dirs.sort();
    dirs
}

/// Compare the pair in `tests/diff/<name>/`, named `old.yaml` and `new.yaml` in the report.
fn diff_pair(name: &str) -> Report {
    let dir = fixtures().join(name);
    let read = |file: &str| std::fs::read_to_string(dir.join(file)).expect("fixture readable");
    diff::diff_str(&read("old.yaml"), "old.yaml", &read("new.yaml"), "new.yaml")
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn diff_texts(old: &str, new: &str) -> Report {
    diff::diff_str(old, "old.yaml", new, "new.yaml").expect("both documents are valid")
}

#[test]
fn every_rule_has_a_fixture_and_every_fixture_is_a_rule() {
    let dirs = rule_dirs();
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    ids.sort();
    let missing: Vec<&&str> = ids
        .iter()
        .filter(|id| !dirs.iter().any(|d| d == *id))
        .collect();
    let unknown: Vec<&String> = dirs.iter().filter(|d| !ids.contains(&d.as_str())).collect();
    assert!(
        missing.is_empty(),
        "rules without a fixture in tests/diff: {missing:?}"
    );
    assert!(
        unknown.is_empty(),
        "fixture folders that name no rule: {unknown:?}"
    );
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "rule ids are unique");
}

/// Each pair reports its own rule, with the rule's severity in the direction it was found in,
/// and the whole report is pinned by a snapshot named after the rule.
#[test]
fn each_rule_fixture() {
    for rule in RULES {
        let report = diff_pair(rule.id);
        let found: Vec<_> = report
            .changes
            .iter()
            .filter(|c| std::ptr::eq(c.rule, *rule))
            .collect();
        assert!(
            !found.is_empty(),
            "{}: the fixture does not trigger its rule:\n{}",
            rule.id,
            report.text()
        );
        for c in &found {
            assert_eq!(c.severity, rule.severity(c.direction), "{}: {c:?}", rule.id);
        }
        if rule.is_directional() {
            // The schema fixtures use the changed schema in a request and in a response; readOnly
            // matters in requests only, writeOnly in responses only.
            let directions: BTreeSet<_> = found.iter().filter_map(|c| c.direction).collect();
            let expected: BTreeSet<_> = match rule.id {
                "property-became-read-only" => [Direction::Request].into(),
                "property-became-write-only" => [Direction::Response].into(),
                _ => [Direction::Response, Direction::Request].into(),
            };
            assert_eq!(directions, expected, "{}:\n{}", rule.id, report.text());
        }
        insta::assert_snapshot!(rule.id, report.text());
    }
}

#[test]
fn identical_specs_give_an_empty_report() {
    for name in rule_dirs() {
        for file in ["old.yaml", "new.yaml"] {
            let text = std::fs::read_to_string(fixtures().join(&name).join(file)).unwrap();
            let report = diff_texts(&text, &text);
            assert!(
                report.is_empty(),
                "{name}/{file} against itself:\n{}",
                report.text()
            );
            assert!(!report.has_breaking());
        }
    }
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/directory.yaml"),
    )
    .unwrap();
    let report = diff_texts(&spec, &spec);
    assert!(report.is_empty(), "{}", report.text());
    insta::assert_snapshot!("identical", report.text());
}

/// Directions are opposite: the same narrowing is breaking in a request, compatible in a
/// response.
#[test]
fn narrowing_breaks_requests_and_not_responses() {
    let report = diff_pair("max-length-decreased");
    let severities: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.rule.id == "max-length-decreased")
        .map(|c| (c.direction, c.severity))
        .collect();
    assert_eq!(
        severities,
        [
            (Some(Direction::Response), Severity::Compatible),
            (Some(Direction::Request), Severity::Breaking)
        ]
    );
}

const CYCLE_OLD: &str = r##"openapi: 3.0.3
info: {title: Tree, version: "1"}
paths:
  /nodes:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Node"}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  root: {$ref: "#/components/schemas/Node"}
                  parent:
                    type: object
                    properties:
                      child: {$ref: "#/components/schemas/Node"}
components:
  schemas:
    Node:
      type: object
      properties:
        name: {type: string, maxLength: 20}
        children:
          type: array
          items: {$ref: "#/components/schemas/Node"}
        next: {$ref: "#/components/schemas/Link"}
    Link:
      type: object
      properties:
        target: {$ref: "#/components/schemas/Node"}
"##;

#[test]
fn reference_cycles_terminate_and_report_once() {
    let new = CYCLE_OLD.replace("maxLength: 20", "maxLength: 10");
    let report = diff_texts(CYCLE_OLD, &new);
    let lines: Vec<_> = report
        .changes
        .iter()
        .filter(|c| c.rule.id == "max-length-decreased")
        .collect();
    assert_eq!(lines.len(), 2, "once per direction:\n{}", report.text());
    insta::assert_snapshot!("ref-cycle", report.text());
    // An inline schema against the recursive component (same members) is no change.
    let inlined = CYCLE_OLD.replace(
        r##"                  root: {$ref: "#/components/schemas/Node"}"##,
        "                  root:\n                    type: object\n                    properties:\n                      name: {type: string, maxLength: 20}\n                      children: {type: array, items: {$ref: \"#/components/schemas/Node\"}}\n                      next: {$ref: \"#/components/schemas/Link\"}",
    );
    let report = diff_texts(CYCLE_OLD, &inlined);
    assert!(
        report.changes.iter().all(|c| c.rule.is_rust()),
        "{}",
        report.text()
    );
}

#[test]
fn a_ref_cycle_without_a_schema_is_an_error() {
    let bad = CYCLE_OLD.replace(
        "    Link:\n      type: object",
        "    Loop: {$ref: \"#/components/schemas/Loop2\"}\n    Loop2: {$ref: \"#/components/schemas/Loop\"}\n    Link:\n      type: object",
    );
    let err = diff::diff_str(CYCLE_OLD, "old.yaml", &bad, "new.yaml").expect_err("a $ref cycle");
    let message = err.to_string();
    assert!(
        message.starts_with("new.yaml: #/components/schemas/Loop"),
        "{message}"
    );
    assert!(message.contains("cyclic"), "{message}");
}

#[test]
fn openapi_31_shapes_are_read() {
    let old = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  name: {type: string, nullable: true}\n                  size: {type: integer, exclusiveMaximum: 10}\n";
    let same = old
        .replace(
            "{type: string, nullable: true}",
            "{type: [string, \"null\"]}",
        )
        .replace(
            "{type: integer, exclusiveMaximum: 10}",
            "{type: integer, maximum: 10, exclusiveMaximum: true}",
        );
    let report = diff_texts(old, &same);
    assert!(report.is_empty(), "{}", report.text());
    assert!(report.rust_api_skipped.is_some(), "3.1 is not lowered");
    let narrower = old.replace("{type: string, nullable: true}", "{type: string}");
    let report = diff_texts(old, &narrower);
    let rules: Vec<_> = report.changes.iter().map(|c| c.rule.id).collect();
    assert_eq!(rules, ["nullable-removed"], "{}", report.text());
    insta::assert_snapshot!("openapi-31", report.text());
}

#[test]
fn markdown_report() {
    let dir = fixtures();
    let read = |rule: &str, file: &str| std::fs::read_to_string(dir.join(rule).join(file)).unwrap();
    // Several kinds of groups at once: an operation, a component schema, a Rust type.
    let old = read("required-property-added", "old.yaml");
    let new = read("required-property-added", "new.yaml")
        .replace("operationId: getThing", "operationId: fetchThing")
        .replace("title: Fixture", "title: Fixture | pipes");
    let report = diff_texts(&old, &new);
    let markdown = report.render(Format::Markdown);
    assert!(markdown.contains("| **breaking** |"), "{markdown}");
    insta::assert_snapshot!("markdown", markdown);
    let empty = diff_texts(&old, &old).render(Format::Markdown);
    assert!(empty.contains("No changes."), "{empty}");
}

#[test]
fn a_missing_reference_is_located() {
    let old = std::fs::read_to_string(fixtures().join("type-changed/old.yaml")).unwrap();
    let new = old.replace(
        "#/components/schemas/Thing\"\n    post",
        "#/components/schemas/Nope\"\n    post",
    );
    assert_ne!(old, new);
    let err = diff::diff_str(&old, "old.yaml", &new, "new.yaml").expect_err("a missing $ref");
    assert_eq!(
        err.to_string(),
        "new.yaml: #/paths/~1things/get/responses/200/content/application~1json/schema: $ref \"#/components/schemas/Nope\" does not exist"
    );
}

/// The rule table of docs/diff.md is the catalogue: same ids, severities and descriptions.
#[test]
fn the_rule_table_lists_every_rule() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/diff.md"))
            .unwrap();
    for rule in RULES {
        let line = format!(
            "| `{}` | {} | {} | {} |",
            rule.id, rule.request, rule.response, rule.description
        );
        assert!(
            readme.contains(&line),
            "docs/diff.md lacks the line\n{line}"
        );
    }
    let rows = readme
        .lines()
        .skip_while(|l| !l.starts_with("| rule | in a request | in a response |"))
        .skip(2)
        .take_while(|l| l.starts_with("| `"))
        .count();
    assert_eq!(rows, RULES.len(), "one docs/diff.md row per rule");
}

/// Unrelated documents (each fixture's old side against another rule's new side) compare
/// without a panic; every change names its rule from the catalogue.
#[test]
fn unrelated_documents_compare_without_panicking() {
    let dirs = rule_dirs();
    for (i, a) in dirs.iter().enumerate() {
        let b = &dirs[(i * 7 + 3) % dirs.len()];
        let old = std::fs::read_to_string(fixtures().join(a).join("old.yaml")).unwrap();
        let new = std::fs::read_to_string(fixtures().join(b).join("new.yaml")).unwrap();
        let report = diff_texts(&old, &new);
        for c in &report.changes {
            assert!(
                RULES.iter().any(|r| std::ptr::eq(*r, c.rule)),
                "{a} vs {b}: {c:?}"
            );
        }
        let _ = report.render(Format::Markdown);
    }
}
