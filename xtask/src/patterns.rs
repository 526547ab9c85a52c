//! `cargo xtask patterns [DIR]`: collect every `pattern` of the specs in DIR (default
//! `../shared/corpus`; YAML and JSON, any OpenAPI version) and of the project's own specs
//! (`spec/directory.yaml`, `tests/fixtures/*`) into `tests/patterns/patterns.txt`: deduplicated,
//! sorted, one JSON string per line after a `#` header that says how many came from where.
//! `generator/tests/regex_differential.rs` checks the translation of each one against an
//! ECMA-262 engine.
//!
//! A pattern is a string value under a key named `pattern` in a schema. Keys of name maps
//! (`properties`, `paths`, `components/schemas`, ...) are names, not keywords, and data
//! (`example`, `examples`, `default`, `enum`, `const`, `x-*` extensions) is skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

pub const OUT: &str = "tests/patterns/patterns.txt";

/// Keys whose value is a map from names (not keywords) to objects.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
    "paths",
    "webhooks",
    "callbacks",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "content",
    "encoding",
    "pathItems",
];

/// Keys whose value is data (or an extension's own vocabulary), not schemas.
fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

fn collect(value: &Value, names: bool, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if names {
                    collect(child, false, out);
                    continue;
                }
                if is_data_key(key) {
                    continue;
                }
                if key == "pattern"
                    && let Value::String(pattern) = child
                {
                    out.push(pattern.clone());
                    continue;
                }
                collect(child, NAME_MAPS.contains(&key.as_str()), out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, false, out)),
        _ => {}
    }
}

fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    files.sort();
    Ok(files)
}

fn patterns_of(path: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = text.trim_start_matches('\u{feff}');
    let value: Value = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(text).map_err(|e| format!("{}: {e}", path.display()))?
    } else {
        yaml_serde::from_str(text).map_err(|e| format!("{}: {e}", path.display()))?
    };
    let mut out = Vec::new();
    collect(&value, false, &mut out);
    Ok(out)
}

pub fn run(root: &Path, dir: Option<PathBuf>) -> ExitCode {
    let dir = dir.unwrap_or_else(|| PathBuf::from("../shared/corpus"));
    let result = (|| -> Result<(), String> {
        // (path as shown in the header, path to read)
        let mut sources: Vec<(String, PathBuf)> = Vec::new();
        for path in spec_files(&root.join(&dir))? {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            sources.push((format!("{}/{name}", dir.display()), path.clone()));
        }
        let own = std::iter::once(root.join("spec/directory.yaml"))
            .chain(spec_files(&root.join("tests/fixtures"))?);
        for path in own {
            let shown = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            sources.push((shown, path));
        }
        let mut all = BTreeSet::new();
        let mut per_source = BTreeMap::new();
        for (shown, path) in &sources {
            let found = patterns_of(path)?;
            let distinct: BTreeSet<&String> = found.iter().collect();
            per_source.insert(shown.clone(), (found.len(), distinct.len()));
            all.extend(found);
        }
        let mut text = String::new();
        text.push_str(&format!(
            "# {} distinct ECMA-262 `pattern`s, one JSON string per line (sorted by code point),\n\
             # collected by `cargo xtask patterns` from every schema of these specs\n\
             # (file: occurrences, distinct):\n",
            all.len()
        ));
        for (source, (count, distinct)) in &per_source {
            text.push_str(&format!("#   {source}: {count}, {distinct}\n"));
        }
        text.push_str(
            "# Checked by generator/tests/regex_differential.rs. Lines starting with `#` are comments.\n",
        );
        for pattern in &all {
            let line = serde_json::to_string(pattern).map_err(|e| e.to_string())?;
            text.push_str(&line);
            text.push('\n');
        }
        let out = root.join(OUT);
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&out, text).map_err(|e| format!("{}: {e}", out.display()))?;
        eprintln!(
            "wrote {OUT}: {} distinct patterns from {} specs",
            all.len(),
            sources.len()
        );
        Ok(())
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
