//! Robustness: whatever the input, `generate_from_str` returns (within a time bound, without
//! panicking) either a crate or a clean error about the spec, one that names a JSON pointer
//! (`#/...`, `#` for the document itself).
//!
//! Inputs, from a seeded generator: (a) arbitrary bytes, YAML-ish token soup and random JSON/YAML
//! documents in OpenAPI vocabulary; (b) the project's own valid specs (`spec/directory.yaml` and
//! `tests/fixtures/*.yaml`) mutated structurally (keys deleted, renamed or duplicated, values
//! replaced by values of another type, huge and negative numbers, `$ref`s pointed elsewhere, at
//! missing targets or in cycles, random `pattern`s, swapped `type`s, contradictory bounds, new
//! keywords) and textually (lines deleted, duplicated or swapped, truncation).
//!
//! `ROBUSTNESS_CASES` sets the number of cases of each test (default: a few hundred, well under
//! a minute in debug), `ROBUSTNESS_SEED` the seed; `ROBUSTNESS_CASE=N` runs only case N (as
//! printed on failure). Every failure prints its input and writes it to a file.

mod common;

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{Rng, env_number};
use serde_json::{Map, Value, json};

/// The time one generation may take, in debug, on a loaded machine.
const TIME_BOUND: Duration = Duration::from_secs(20);

const SEEDS: &[(&str, &str)] = &[
    ("directory.yaml", include_str!("../../spec/directory.yaml")),
    (
        "all_of.yaml",
        include_str!("../../tests/fixtures/all_of.yaml"),
    ),
    (
        "arrays.yaml",
        include_str!("../../tests/fixtures/arrays.yaml"),
    ),
    (
        "constraints.yaml",
        include_str!("../../tests/fixtures/constraints.yaml"),
    ),
    (
        "defaults.yaml",
        include_str!("../../tests/fixtures/defaults.yaml"),
    ),
    (
        "ecma_escapes.yaml",
        include_str!("../../tests/fixtures/ecma_escapes.yaml"),
    ),
    (
        "enums.yaml",
        include_str!("../../tests/fixtures/enums.yaml"),
    ),
    (
        "minimal.yaml",
        include_str!("../../tests/fixtures/minimal.yaml"),
    ),
    (
        "naming.yaml",
        include_str!("../../tests/fixtures/naming.yaml"),
    ),
    (
        "nested.yaml",
        include_str!("../../tests/fixtures/nested.yaml"),
    ),
    ("refs.yaml", include_str!("../../tests/fixtures/refs.yaml")),
];

/// Keys of the OpenAPI and JSON Schema vocabulary (and a few others).
#[rustfmt::skip]
const KEYS: &[&str] = &[
    "openapi", "info", "title", "version", "paths", "components", "schemas", "parameters",
    "responses", "requestBodies", "headers", "securitySchemes", "security", "servers", "url", "get",
    "put", "post", "delete", "patch", "options", "head", "trace", "operationId", "tags", "summary",
    "description", "requestBody", "content", "application/json", "text/plain",
    "application/octet-stream", "*/*", "schema", "example", "examples", "value", "200", "201",
    "204", "2XX", "4XX", "default", "404", "600", "name", "in", "required", "style", "explode",
    "allowEmptyValue", "deprecated", "type", "format", "pattern", "minLength", "maxLength",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems",
    "maxItems", "uniqueItems", "items", "properties", "additionalProperties", "enum", "nullable",
    "readOnly", "writeOnly", "allOf", "oneOf", "anyOf", "not", "discriminator", "propertyName",
    "mapping", "$ref", "x-extension", "scheme", "bearerFormat", "flows", "callbacks", "links", "/",
    "/a/{id}", "/b", "id", "A", "B", "Pet", "Option", "String", "self", "type ", "", "é", "😀",
    "a~b/c",
];

#[rustfmt::skip]
const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null", "foo", "", "String",
];

#[rustfmt::skip]
const FORMATS: &[&str] = &[
    "date", "date-time", "int32", "int64", "float", "double", "byte", "binary", "uuid", "email",
    "uri", "password", "weird", "",
];

/// Pieces of random patterns (valid and invalid ones).
#[rustfmt::skip]
const PATTERN_PIECES: &[&str] = &[
    "a", "^", "$", ".", "*", "+", "?", "{2}", "{1,3}", "{3,1}", "(", ")", "(?=", "(?!", "(?<=", "[",
    "]", "[^", "-", "\\", "\\d", "\\w", "\\s", "\\b", "\\B", "\\1", "\\p{L}", "\\uD83D",
    "\\u{1F600}", "|", "(?<n>", "\\k<n>", "{", "}", "é", "😀", "\\-", "a-z", "\n",
];

fn random_pattern(rng: &mut Rng) -> String {
    let len = rng.below(8);
    (0..len).map(|_| *rng.pick(PATTERN_PIECES)).collect()
}

fn random_number(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(u64::MAX),
        3 => json!(i64::MIN),
        4 => json!(1e308),
        5 => json!(-1e308),
        6 => json!(0.5),
        7 => json!(1e-300),
        8 => json!(2_147_483_648_u64),
        9 => json!(-0.0),
        10 => json!(rng.below(1000)),
        _ => json!(rng.range(0, 20) as i64 - 10),
    }
}

fn random_string(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => String::new(),
        1 => "a".repeat(rng.below(5000)),
        2 => random_pattern(rng),
        3 => format!("#/components/schemas/{}", rng.pick(KEYS)),
        4 => (*rng.pick(TYPES)).to_string(),
        5 => (*rng.pick(FORMATS)).to_string(),
        6 => "3.0.3".into(),
        7 => "{id}".into(),
        _ => (*rng.pick(KEYS)).to_string(),
    }
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    let kinds = if depth >= 4 { 5 } else { 7 };
    match rng.below(kinds) {
        0 => Value::Null,
        1 => Value::Bool(rng.one_in(2)),
        2 => random_number(rng),
        3 | 4 => Value::String(random_string(rng)),
        5 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut map = Map::new();
            for _ in 0..rng.below(5) {
                map.insert((*rng.pick(KEYS)).to_string(), random_value(rng, depth + 1));
            }
            Value::Object(map)
        }
    }
}

/// A random schema-like object.
fn random_schema(rng: &mut Rng, depth: usize) -> Value {
    let mut map = Map::new();
    map.insert("type".into(), json!(rng.pick(TYPES)));
    for _ in 0..rng.below(4) {
        let (key, value) = match rng.below(12) {
            0 => ("pattern", json!(random_pattern(rng))),
            1 => ("format", json!(rng.pick(FORMATS))),
            2 => ("minLength", random_number(rng)),
            3 => ("maxLength", random_number(rng)),
            4 => ("enum", random_value(rng, 3)),
            5 => ("default", random_value(rng, 3)),
            6 => ("nullable", random_value(rng, 4)),
            7 if depth < 3 => ("items", random_schema(rng, depth + 1)),
            8 if depth < 3 => ("properties", json!({"a": random_schema(rng, depth + 1)})),
            9 if depth < 3 => ("allOf", json!([random_schema(rng, depth + 1)])),
            10 => ("required", json!(["a", "b"])),
            _ => ("minimum", random_number(rng)),
        };
        map.insert(key.into(), value);
    }
    Value::Object(map)
}

/// Every node of `value`, as JSON pointers.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{at}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn split_pointer(pointer: &str) -> Option<(&str, String)> {
    let (parent, last) = pointer.rsplit_once('/')?;
    Some((parent, last.replace("~1", "/").replace("~0", "~")))
}

/// One structural mutation of `doc`.
fn mutate(doc: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let objects: Vec<&String> = all
        .iter()
        .filter(|p| doc.pointer(p).is_some_and(Value::is_object))
        .collect();
    let target = rng.pick(&all).clone();
    let object = objects
        .get(rng.below(objects.len().max(1)))
        .map(|p| (*p).clone())
        .unwrap_or_default();
    let component_names: Vec<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let component = |rng: &mut Rng| {
        if component_names.is_empty() {
            "A".to_string()
        } else {
            rng.pick(&component_names).clone()
        }
    };
    match rng.below(13) {
        // Delete a key or an item.
        0 | 1 => {
            if let Some((parent, last)) = split_pointer(&target) {
                match doc.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.shift_remove(&last);
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = last.parse::<usize>()
                            && i < items.len()
                        {
                            items.remove(i);
                        }
                    }
                    _ => {}
                }
            }
        }
        // Replace a value with one of any type.
        2 | 3 => {
            let value = random_value(rng, 2);
            if let Some(slot) = doc.pointer_mut(&target) {
                *slot = value;
            }
        }
        // Rename a key, or copy its value under another key.
        4 => {
            if let Some((parent, last)) = split_pointer(&target)
                && let Some(Value::Object(map)) = doc.pointer_mut(parent)
                && let Some(value) = map.get(&last).cloned()
            {
                if rng.one_in(2) {
                    map.shift_remove(&last);
                }
                map.insert((*rng.pick(KEYS)).to_string(), value);
            }
        }
        // A `$ref` to another node, a missing one, a strange one, or a cycle.
        5 | 6 => {
            let reference = match rng.below(8) {
                0 => format!("#{}", rng.pick(&all)),
                1 => "#/components/schemas/Missing".into(),
                2 => format!("#{target}"),
                3 => (*rng.pick(&["", "#", "#/", "other.yaml#/A", "http://x/y", "#/paths"]))
                    .to_string(),
                4 => format!("#/components/responses/{}", component(rng)),
                _ => format!("#/components/schemas/{}", component(rng)),
            };
            let value = json!({"$ref": reference});
            if let Some(slot) = doc.pointer_mut(&target) {
                *slot = value;
            }
        }
        7 => {
            // Two components that refer to each other, directly or through a schema keyword.
            let (a, b) = (component(rng), component(rng));
            let via = *rng.pick(&[
                "$ref",
                "allOf",
                "items",
                "properties",
                "additionalProperties",
            ]);
            let to = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
            let schema = match via {
                "$ref" => to(&b),
                "allOf" => json!({"allOf": [to(&b)]}),
                "items" => json!({"type": "array", "items": to(&b)}),
                "properties" => {
                    json!({"type": "object", "properties": {"x": to(&b)}, "required": ["x"]})
                }
                _ => json!({"type": "object", "additionalProperties": to(&b)}),
            };
            if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
                schemas.insert(a, schema);
            }
        }
        // A random pattern.
        8 => {
            let pattern = random_pattern(rng);
            if let Some(Value::Object(map)) = doc.pointer_mut(&object) {
                map.insert("pattern".into(), json!(pattern));
                if rng.one_in(2) {
                    map.insert("type".into(), json!("string"));
                }
            }
        }
        // Another type.
        9 => {
            let ty = if rng.one_in(6) {
                json!(["string", "null"])
            } else {
                json!(rng.pick(TYPES))
            };
            if let Some(Value::Object(map)) = doc.pointer_mut(&object) {
                map.insert("type".into(), ty);
            }
        }
        // Contradictory or extreme bounds.
        10 => {
            let (lo, hi) = *rng.pick(&[
                ("minLength", "maxLength"),
                ("minimum", "maximum"),
                ("minItems", "maxItems"),
                ("exclusiveMinimum", "exclusiveMaximum"),
                ("multipleOf", "multipleOf"),
            ]);
            let (a, b) = (random_number(rng), random_number(rng));
            if let Some(Value::Object(map)) = doc.pointer_mut(&object) {
                map.insert(lo.into(), a);
                map.insert(hi.into(), b);
            }
        }
        // A whole new schema somewhere, or a new keyword with any value.
        11 => {
            let schema = random_schema(rng, 0);
            if let Some(Value::Object(map)) = doc.pointer_mut(&object) {
                map.insert(
                    (*rng.pick(&["schema", "items", "A", "not", "oneOf"])).into(),
                    schema,
                );
            }
        }
        _ => {
            let value = random_value(rng, 2);
            if let Some(Value::Object(map)) = doc.pointer_mut(&object) {
                map.insert((*rng.pick(KEYS)).to_string(), value);
            }
        }
    }
}

/// A line-level mutation of a YAML text.
fn mutate_text(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() {
        return text.to_owned();
    }
    let i = rng.below(lines.len());
    match rng.below(5) {
        0 => {
            lines.remove(i);
        }
        1 => lines.insert(i, lines[i]), // often a duplicate key
        2 => {
            let j = rng.below(lines.len());
            lines.swap(i, j);
        }
        3 => {
            let cut = rng.below(text.len() + 1);
            let cut = (0..=cut)
                .rev()
                .find(|&c| text.is_char_boundary(c))
                .unwrap_or(0);
            return text[..cut].to_owned();
        }
        _ => lines.insert(
            i,
            *rng.pick(&[
                "  &anchor x: 1",
                "<<: *anchor",
                "- - -",
                "? complex",
                "\t",
                "key: [unclosed",
                "dup: 1",
                "!!binary aGVsbG8=",
                "---",
                "x: .inf",
                "y: 123456789012345678901234567890",
            ]),
        ),
    }
    lines.join("\n")
}

/// Text from YAML-ish tokens.
fn token_soup(rng: &mut Rng) -> String {
    #[rustfmt::skip]
    const TOKENS: &[&str] = &[
        "openapi: 3.0.3\n", "info: {title: t, version: '1'}\n", "paths:\n", "components:\n",
        "  schemas:\n", "    A:\n", "      type: ", "string", "object", "\n", "  ", "- ", ": ", "{",
        "}", "[", "]", ",", "&a ", "*a", "<<: *a\n", "!!str ", "!!map ", "!!binary ", "---\n",
        "...\n", "? ", "|\n", ">-\n", "'", "\"", "#", "\t", "$ref: ", "'#/components/schemas/A'",
        "1e999", "-.inf", ".nan", "~", "null", "0x1F", "0o17", "99999999999999999999999", "é", "😀",
        "\u{feff}", "\r\n", "\u{0}", "pattern: ", "'^(a'", "properties:\n", "items:\n",
    ];
    let len = rng.below(60);
    (0..len).map(|_| *rng.pick(TOKENS)).collect()
}

/// A document that gets past the version check, with random content.
fn random_document(rng: &mut Rng) -> Value {
    let mut doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
    });
    let mut schemas = Map::new();
    for name in ["A", "B", "C"] {
        if rng.one_in(2) {
            schemas.insert(name.into(), random_schema(rng, 0));
        }
    }
    doc["components"] = json!({"schemas": schemas});
    if rng.one_in(2) {
        doc["paths"] = json!({
            "/a/{id}": {
                "get": {
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": random_schema(rng, 1)}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": random_schema(rng, 0)}}}},
                },
            },
        });
    }
    for _ in 0..rng.below(4) {
        mutate(&mut doc, rng);
    }
    doc
}

/// Names that are hard to turn into Rust identifiers, or that collide once turned.
#[rustfmt::skip]
const WEIRD: &[&str] = &[
    "", " ", "_", "__", "1", "1a", "a-b", "a_b", "A_B", "aB", "AB", "ab", "type", "self", "Self",
    "super", "crate", "r#type", "fn", "async", "await", "dyn", "gen", "try", "union", "Option",
    "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Default", "Validate", "Api",
    "Client", "Mock", "Schema", "Pattern", "é", "ß", "日本", "😀", "a~b", "a/b", "a.b", "a b", "$x",
    "@type", "-", "--", "a--b", "_1", "\n", "\"", "'", "\\", "{", "}", "#", "%20", "get", "Get",
    "status", "body", "params", "request", "x-fapi-interaction-id", "Content-Type",
];

fn weird(rng: &mut Rng) -> String {
    if rng.one_in(40) {
        "x".repeat(300)
    } else {
        (*rng.pick(WEIRD)).to_string()
    }
}

/// A valid-looking spec whose names (schemas, properties, enum values, operations, parameters,
/// headers, paths) come from [`WEIRD`].
fn weird_document(rng: &mut Rng) -> Value {
    let names: Vec<String> = (0..1 + rng.below(4)).map(|_| weird(rng)).collect();
    let mut schemas = Map::new();
    for schema_name in &names {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for _ in 0..rng.below(5) {
            let name = weird(rng);
            let schema = match rng.below(8) {
                0 => json!({"type": "string", "enum": [weird(rng), weird(rng), weird(rng)]}),
                1 | 2 => json!({"$ref": format!("#/components/schemas/{}", rng.pick(&names))}),
                3 => {
                    json!({"type": "array", "items": {"type": "object", "properties": {weird(rng): {"type": "integer"}}}})
                }
                4 => {
                    json!({"type": "object", "additionalProperties": {"type": "string", "pattern": "^a"}})
                }
                5 => {
                    json!({"type": "string", "format": rng.pick(FORMATS), "nullable": rng.one_in(2)})
                }
                6 => {
                    json!({"type": rng.pick(&["integer", "number", "boolean"]), "default": random_number(rng)})
                }
                _ => {
                    json!({"allOf": [{"$ref": format!("#/components/schemas/{}", rng.pick(&names))}]})
                }
            };
            if rng.one_in(2) {
                required.push(json!(name));
            }
            properties.insert(name, schema);
        }
        let schema = if rng.one_in(5) {
            json!({"type": "string", "enum": [weird(rng), weird(rng)]})
        } else {
            json!({"type": "object", "properties": properties, "required": required})
        };
        schemas.insert(schema_name.clone(), schema);
    }
    let mut paths = Map::new();
    for _ in 0..1 + rng.below(3) {
        let param = weird(rng);
        let path = format!("/{}/{{{param}}}", weird(rng).replace(['{', '}', '/'], ""));
        let mut operation = json!({
            "parameters": [
                {"name": param, "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": weird(rng), "in": *rng.pick(&["query", "header", "cookie"]), "schema": {"type": "integer"}},
            ],
            "responses": {
                *rng.pick(&["200", "201", "2XX", "default", "404"]): {
                    "description": "x",
                    "headers": {weird(rng): {"schema": {"type": "string"}}},
                    "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{}", rng.pick(&names))}}},
                },
            },
        });
        if rng.one_in(2) {
            operation["operationId"] = json!(weird(rng));
        }
        if rng.one_in(2) {
            operation["requestBody"] = json!({"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{}", rng.pick(&names))}}}});
        }
        let method = *rng.pick(&["get", "put", "post", "delete", "patch"]);
        paths.insert(path, json!({ method: operation }));
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": weird(rng), "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

#[derive(Default)]
struct Stats {
    cases: usize,
    generated: usize,
    errors: usize,
    slowest: Duration,
    failures: Vec<String>,
}

/// Generate from `text` on its own thread (8 MiB of stack, like the CLI's main thread) and
/// check the outcome.
fn run(case: u64, text: String, stats: &mut Stats) {
    stats.cases += 1;
    let (tx, rx) = mpsc::channel();
    let input = text.clone();
    let start = Instant::now();
    let spawned = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let result = panic::catch_unwind(AssertUnwindSafe(|| {
                generator::generate_from_str(&input, "fuzz.yaml", &generator::Options::default())
            }));
            let _ = tx.send(result.map(|r| r.map(|_| ())));
        });
    if let Err(e) = spawned {
        panic!("cannot spawn a thread: {e}");
    }
    let problem = match rx.recv_timeout(TIME_BOUND) {
        Err(_) => Some(format!("no answer within {TIME_BOUND:?} (hang?)")),
        Ok(Err(payload)) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Some(format!("panic: {message}"))
        }
        Ok(Ok(Ok(()))) => {
            stats.generated += 1;
            None
        }
        Ok(Ok(Err(error))) => {
            stats.errors += 1;
            let message = error.to_string();
            match error {
                generator::Error::Spec { .. }
                    if message.starts_with("fuzz.yaml") && message.contains(": #") =>
                {
                    message
                        .contains("untagged enum")
                        .then(|| format!("serde's message, not an explanation: {message}"))
                }
                _ => Some(format!("not a clean error about the spec: {message}")),
            }
        }
    };
    stats.slowest = stats.slowest.max(start.elapsed());
    if start.elapsed() > Duration::from_secs(2) {
        eprintln!("slow: case {case} took {:.1?}", start.elapsed());
    }
    if let Some(problem) = problem {
        let file = std::env::temp_dir().join(format!("robustness-case-{case}.yaml"));
        let _ = std::fs::write(&file, &text);
        let shown: String = text.chars().take(3000).collect();
        stats.failures.push(format!(
            "case {case} ({}): {problem}\n--- input ---\n{shown}\n---",
            file.display()
        ));
    }
}

fn report(name: &str, stats: &Stats, start: Instant) {
    eprintln!(
        "{name}: {} cases ({} generated, {} clean errors) in {:.1?}, slowest {:.1?}",
        stats.cases,
        stats.generated,
        stats.errors,
        start.elapsed(),
        stats.slowest
    );
    assert!(
        stats.failures.is_empty(),
        "{} failures:\n{}",
        stats.failures.len(),
        stats.failures.join("\n")
    );
}

/// The cases to run: `ROBUSTNESS_CASE` alone, or `0..ROBUSTNESS_CASES`.
fn cases(default: u64) -> std::ops::Range<u64> {
    match std::env::var("ROBUSTNESS_CASE")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        Some(case) => case..case + 1,
        None => 0..env_number("ROBUSTNESS_CASES", default),
    }
}

fn case_rng(test: u64, case: u64) -> Rng {
    Rng::new(env_number("ROBUSTNESS_SEED", 1) ^ (test << 56) ^ case.wrapping_mul(0x2545_F491))
}

#[test]
fn arbitrary_input_never_panics_or_hangs() {
    let start = Instant::now();
    let mut stats = Stats::default();
    // Inputs that stress the parsers: deep nesting, alias bombs, huge numbers.
    let specials = [
        String::new(),
        "\u{feff}".into(),
        // The YAML parser reads the whole flow collection before the depth limit applies:
        // linear, but ~30 µs per `[` in debug.
        "[".repeat(20_000),
        "{\"a\":".repeat(50_000),
        "- ".repeat(20_000),
        (0..2_000)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect(),
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
         c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
         e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n\
         g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
            .into(),
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx: {}",
            "9".repeat(400)
        ),
        format!(
            "{{\"openapi\":\"3.0.3\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\"paths\":{{}},\
             \"components\":{{\"schemas\":{{\"A\":{}\"type\":\"string\"{}}}}}}}",
            "{\"type\":\"array\",\"items\":".repeat(120),
            "}".repeat(120)
        ),
    ];
    for (i, text) in specials.into_iter().enumerate() {
        run(1_000_000 + i as u64, text, &mut stats);
    }
    for case in cases(300) {
        let mut rng = case_rng(1, case);
        let text = match case % 4 {
            0 => {
                let bytes: Vec<u8> = (0..rng.below(300)).map(|_| rng.next_u64() as u8).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            }
            1 => token_soup(&mut rng),
            2 => random_document(&mut rng).to_string(),
            _ => yaml_serde::to_string(&random_document(&mut rng)).unwrap_or_default(),
        };
        run(case, text, &mut stats);
    }
    report("arbitrary input", &stats, start);
}

#[test]
fn weird_names_never_panic_or_hang() {
    let start = Instant::now();
    let mut stats = Stats::default();
    for case in cases(150) {
        let mut rng = case_rng(3, case);
        let doc = weird_document(&mut rng);
        let text = if rng.one_in(2) {
            doc.to_string()
        } else {
            yaml_serde::to_string(&doc).unwrap_or_default()
        };
        run(case, text, &mut stats);
    }
    report("weird names", &stats, start);
}

#[test]
fn mutated_specs_never_panic_or_hang() {
    let start = Instant::now();
    let mut stats = Stats::default();
    let seeds: Vec<(&str, Value)> = SEEDS
        .iter()
        .map(|(name, text)| {
            let value = yaml_serde::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (*name, value)
        })
        .collect();
    for case in cases(300) {
        let mut rng = case_rng(2, case);
        // The directory spec is the richest but the slowest to generate: one case in eight.
        let (_, seed) = if rng.one_in(8) {
            &seeds[0]
        } else {
            &seeds[1 + rng.below(seeds.len() - 1)]
        };
        let mut doc = seed.clone();
        let mutations = if rng.one_in(3) { 1 + rng.below(6) } else { 1 };
        for _ in 0..mutations {
            mutate(&mut doc, &mut rng);
        }
        let text = match rng.below(4) {
            0 => doc.to_string(),
            1 => mutate_text(&yaml_serde::to_string(&doc).unwrap_or_default(), &mut rng),
            _ => yaml_serde::to_string(&doc).unwrap_or_default(),
        };
        run(case, text, &mut stats);
    }
    report("mutated specs", &stats, start);
}
