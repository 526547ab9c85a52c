//! Differential test: the generated servers' verdict on request bodies against an independent
//! JSON Schema validator (the `jsonschema` crate, Draft 4, which OpenAPI 3.0's schemas extend).
//!
//! For every operation with a JSON request body, in `tests/fixtures/oracle.yaml` (a family of
//! keywords per body) and in the directory API's spec, many bodies are generated from the
//! body's schema (mostly near it: lengths and bounds one off, wrong types now and then, formats
//! valid and not, members left out or added) and sent to the generated router in process. The
//! router's answer (a 400 listing `body` violations, or not) must be the oracle's verdict on the
//! same body against the same schema, translated to Draft 4 with OpenAPI 3.0's adaptations:
//! `nullable: true` adds `null` to an explicit `type` (3.0.3), an integer is written without a
//! fraction or exponent (Draft 4's definition), `int32`/`int64` bound integers,
//! `float` is a finite 32-bit value, `byte` is padded standard base64, `uuid` is the hyphenated
//! form, `discriminator` and other annotations are ignored.
//!
//! Every disagreement fails the test with the body, both verdicts and the server's messages.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use serde_json::{Map, Value, json};
use tower::ServiceExt;

/// Bodies per operation.
const BODIES_PER_OPERATION: usize = 300;

/// A small deterministic generator (xorshift64*), so that a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A spec's component schemas, to follow `$ref`s.
struct Components<'a>(&'a Value);

impl<'a> Components<'a> {
    fn resolve(&self, schema: &'a Value) -> &'a Value {
        let mut schema = schema;
        while let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
        {
            schema = &self.0[name];
        }
        schema
    }
}

const TEXT: [&str; 14] = [
    "a", "b", "c", "o", "0", "9", "A", "Z", " ", "é", "😀", "\u{2028}", "\n", "-",
];

fn text(rng: &mut Rng, len: usize) -> String {
    (0..len).map(|_| *rng.pick(&TEXT)).collect()
}

/// A length near the bounds `min`..`max`.
fn length(rng: &mut Rng, min: Option<u64>, max: Option<u64>) -> usize {
    let mut choices = vec![0, 1, 2, 3, 5];
    for bound in [min, max].into_iter().flatten() {
        let b = bound as usize;
        choices.extend([b.saturating_sub(1), b, b + 1]);
    }
    *rng.pick(&choices)
}

fn any_value(rng: &mut Rng) -> Value {
    match rng.below(8) {
        0 => Value::Null,
        1 => json!(rng.chance(50)),
        2 => json!(rng.below(20) as i64 - 5),
        3 => json!(1.5),
        4 => json!(text(rng, 2)),
        5 => json!([]),
        6 => json!({}),
        _ => json!("2024-01-01"),
    }
}

fn string(rng: &mut Rng, s: &Value) -> Value {
    let format_samples: &[&str] = match s.get("format").and_then(Value::as_str) {
        Some("date-time") => &[
            "2024-02-29T12:00:00Z",
            "2023-02-29T12:00:00Z",
            "2024-01-01T12:00:00+01:00",
            "2024-01-01T12:00:00.123456789-08:00",
            "2024-01-01 12:00:00Z",
            "2024-01-01t12:00:00z",
            "2024-1-01T12:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T12:00:00",
            "2024-01-01T12:00:00+24:00",
        ],
        Some("date") => &[
            "2024-02-29",
            "2023-02-29",
            "2024-13-01",
            "2024-01-1",
            "2024-01-01T00:00:00Z",
            "0001-01-01",
        ],
        Some("uuid") => &[
            "123e4567-e89b-12d3-a456-426614174000",
            "123E4567-E89B-12D3-A456-426614174000",
            "123e4567e89b12d3a456426614174000",
            "{123e4567-e89b-12d3-a456-426614174000}",
            "123e4567-e89b-12d3-a456-42661417400",
        ],
        Some("byte") => &["", "YQ==", "YWI=", "YWJj", "YQ", "Y===", "@@@@", "YW Jj"],
        Some("uri") => &[
            "https://example.com/a?b#c",
            "urn:isbn:0451450523",
            "relative/path",
            "http://exa mple.com",
            "mailto:a@b.example",
            "http://[::1]:80/",
            "",
        ],
        _ => &[],
    };
    if !format_samples.is_empty() && rng.chance(85) {
        return json!(rng.pick(format_samples));
    }
    let min = s.get("minLength").and_then(Value::as_u64);
    let max = s.get("maxLength").and_then(Value::as_u64);
    let len = length(rng, min, max);
    json!(text(rng, len))
}

/// Integers and numbers near the bounds, and a few that are not what they seem.
fn number(rng: &mut Rng, s: &Value, integer: bool) -> Value {
    let mut choices: Vec<Value> = vec![
        json!(0),
        json!(1),
        json!(-1),
        json!(3),
        json!(6),
        json!(7.5),
        json!(0.25),
        json!(0.3),
        json!(2.0),
        json!(2_147_483_647),
        json!(2_147_483_648_i64),
        json!(-2_147_483_649_i64),
        json!(9_007_199_254_740_993_i64),
        json!(i64::MAX),
        json!(3.5e38),
        json!(1e300),
    ];
    for key in ["minimum", "maximum"] {
        if let Some(b) = s.get(key).and_then(Value::as_f64) {
            choices.extend([json!(b), json!(b - 1.0), json!(b + 1.0), json!(b + 0.01)]);
            if b.fract() == 0.0 {
                let b = b as i64;
                choices.extend([json!(b), json!(b - 1), json!(b + 1)]);
            }
        }
    }
    if integer {
        choices.extend([json!(9), json!(12), json!(-3)]);
    }
    rng.pick(&choices).clone()
}

fn generate(c: &Components<'_>, schema: &Value, rng: &mut Rng, depth: usize) -> Value {
    let s = c.resolve(schema);
    if depth > 5 || rng.chance(4) {
        return any_value(rng);
    }
    if s.get("nullable") == Some(&Value::Bool(true)) && rng.chance(10) {
        return Value::Null;
    }
    if let Some(members) = s.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for m in members {
            match generate(c, m, rng, depth + 1) {
                Value::Object(o) => merged.extend(o),
                other => return other,
            }
        }
        return Value::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alternatives) = s.get(key).and_then(Value::as_array) {
            let alternative = rng.pick(alternatives);
            return generate(c, alternative, rng, depth + 1);
        }
    }
    if let Some(values) = s.get("enum").and_then(Value::as_array)
        && rng.chance(85)
    {
        return rng.pick(values).clone();
    }
    match s.get("type").and_then(Value::as_str) {
        Some("string") => string(rng, s),
        Some("integer") => number(rng, s, true),
        Some("number") => number(rng, s, false),
        Some("boolean") => json!(rng.chance(50)),
        Some("array") => {
            let min = s.get("minItems").and_then(Value::as_u64);
            let max = s.get("maxItems").and_then(Value::as_u64);
            let n = length(rng, min, max).min(6);
            let items = s.get("items").cloned().unwrap_or(json!({}));
            let mut out: Vec<Value> = (0..n)
                .map(|_| generate(c, &items, rng, depth + 1))
                .collect();
            if !out.is_empty() && rng.chance(20) {
                out.push(out[0].clone());
            }
            Value::Array(out)
        }
        Some("object") | None if s.get("properties").is_some() || s.get("type").is_some() => {
            let required: Vec<&str> = s
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut out = Map::new();
            if let Some(props) = s.get("properties").and_then(Value::as_object) {
                for (name, prop) in props {
                    let keep = if required.contains(&name.as_str()) {
                        rng.chance(93)
                    } else {
                        rng.chance(50)
                    };
                    if keep {
                        out.insert(name.clone(), generate(c, prop, rng, depth + 1));
                    }
                }
            }
            // Required members `properties` does not declare.
            let declared = |name: &str| s.pointer(&format!("/properties/{name}")).is_some();
            for name in &required {
                if !declared(name) && rng.chance(80) {
                    out.insert((*name).to_owned(), any_value(rng));
                }
            }
            match s.get("additionalProperties") {
                Some(Value::Bool(false)) => {
                    if rng.chance(10) {
                        out.insert("extra".into(), json!(1));
                    }
                }
                Some(values @ Value::Object(_)) => {
                    for i in 0..rng.below(3) {
                        out.insert(format!("k{i}"), generate(c, values, rng, depth + 1));
                    }
                }
                _ => {
                    if rng.chance(10) {
                        out.insert("extra".into(), any_value(rng));
                    }
                }
            }
            Value::Object(out)
        }
        _ => any_value(rng),
    }
}

/// An OpenAPI 3.0 schema as Draft 4 (see the module's doc).
fn to_draft4(schema: &Value) -> Value {
    match schema {
        Value::Array(items) => Value::Array(items.iter().map(to_draft4).collect()),
        Value::Object(o) => {
            if let Some(r) = o.get("$ref").and_then(Value::as_str) {
                let name = r.strip_prefix("#/components/schemas/").unwrap_or(r);
                return json!({ "$ref": format!("#/definitions/{name}") });
            }
            let mut out = Map::new();
            for (key, value) in o {
                match key.as_str() {
                    "nullable" | "discriminator" | "example" | "readOnly" | "writeOnly" | "xml"
                    | "externalDocs" | "deprecated" => {}
                    k if k.starts_with("x-") => {}
                    // Keywords whose value is a schema, or a map or list of schemas.
                    "properties" => {
                        let props = value
                            .as_object()
                            .map(|p| {
                                p.iter()
                                    .map(|(k, v)| (k.clone(), to_draft4(v)))
                                    .collect::<Map<_, _>>()
                            })
                            .unwrap_or_default();
                        out.insert(key.clone(), Value::Object(props));
                    }
                    "items" | "additionalProperties" | "not" | "allOf" | "oneOf" | "anyOf" => {
                        out.insert(key.clone(), to_draft4(value));
                    }
                    _ => {
                        out.insert(key.clone(), value.clone());
                    }
                }
            }
            let ty = o.get("type").and_then(Value::as_str);
            if ty == Some("integer") {
                out.insert("x-integer-literal".into(), json!(true));
            }
            match (ty, o.get("format").and_then(Value::as_str)) {
                (Some("integer"), Some("int32")) => {
                    bound(&mut out, -2_147_483_648.0, 2_147_483_647.0);
                }
                (Some("integer"), Some("int64")) => {
                    bound(
                        &mut out,
                        -9_223_372_036_854_775_808.0,
                        9_223_372_036_854_775_807.0,
                    );
                }
                (Some("number"), Some("float")) => {
                    bound(&mut out, -f64::from(f32::MAX), f64::from(f32::MAX));
                }
                _ => {}
            }
            if let (Some(ty), Some(true)) = (ty, o.get("nullable").and_then(Value::as_bool)) {
                out.insert("type".into(), json!([ty, "null"]));
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// `minimum`/`maximum` no looser than the format's range (an `allOf` keeps both).
fn bound(out: &mut Map<String, Value>, min: f64, max: f64) {
    let range = json!({ "minimum": min, "maximum": max });
    let existing = out.remove("allOf");
    let mut all = vec![range];
    if let Some(Value::Array(more)) = existing {
        all.extend(more);
    }
    out.insert("allOf".into(), Value::Array(all));
}

fn is_base64(text: &str) -> bool {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return false;
    }
    let padding = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    padding <= 2
        && bytes[..bytes.len() - padding]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Draft 4's integer: "a JSON number without a fraction or exponent part". The oracle's own
/// `integer` is the later drafts' (any number whose fraction is zero: `2.0`, `1e300`), so this
/// keyword, added beside every `type: integer`, holds the number to the Draft 4 reading. A
/// number is written without fraction or exponent exactly when serde_json reads it as an `i64`
/// or `u64` (every number the test sends was written by serde_json).
struct IntegerLiteral;

impl<'i> jsonschema::Keyword<'i> for IntegerLiteral {
    fn validate(&self, instance: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            Err(jsonschema::ValidationError::custom(
                "an integer is written without a fraction or an exponent (Draft 4)",
            ))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        match instance {
            Value::Number(n) => n.is_i64() || n.is_u64(),
            _ => true,
        }
    }
}

fn oracle(schema: &Value, components: &Value) -> jsonschema::Validator {
    let mut root = to_draft4(schema);
    let definitions: Map<String, Value> = components
        .as_object()
        .map(|o| o.iter().map(|(k, v)| (k.clone(), to_draft4(v))).collect())
        .unwrap_or_default();
    root["definitions"] = Value::Object(definitions);
    jsonschema::draft4::options()
        .with_keyword("x-integer-literal", |_, _, _| Ok(Box::new(IntegerLiteral)))
        .with_format("byte", is_base64)
        .with_format("uuid", is_uuid)
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("the oracle refuses the schema: {e}\n{root:#}"))
}

/// The server's verdict: `Ok` when it takes the body, else its `body` messages.
async fn server_verdict(
    router: &Router,
    method: &str,
    path: &str,
    body: &Value,
) -> Result<(), Vec<String>> {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .header("authorization", "Bearer oracle")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let messages: Vec<String> = serde_json::from_slice::<Value>(&bytes)
        .ok()
        .map(|v| collect_strings(&v))
        .unwrap_or_default();
    let about_body: Vec<String> = messages
        .into_iter()
        .filter(|m| m.starts_with("body"))
        .collect();
    match status {
        400 if !about_body.is_empty() => Err(about_body),
        // Parameters the generator filled with placeholders may be refused; the body was not.
        400 | 200..=299 | 501 => Ok(()),
        _ => panic!("{method} {path}: unexpected status {status}: {text}\nbody: {body}"),
    }
}

/// Every string in an error body, whatever its shape.
fn collect_strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => s.split("; ").map(str::to_owned).collect(),
        Value::Array(items) => items.iter().flat_map(collect_strings).collect(),
        Value::Object(o) => o.values().flat_map(collect_strings).collect(),
        _ => Vec::new(),
    }
}

#[derive(Default)]
struct Report {
    bodies: usize,
    valid: usize,
    disagreements: Vec<String>,
    per_operation: BTreeMap<String, (usize, usize)>,
}

/// Every operation of `spec` with a JSON request body, `BODIES_PER_OPERATION` bodies each.
async fn run(report: &mut Report, spec: &str, router: Router, seed: u64) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join(spec)).unwrap();
    let doc = generator::load::parse_document(&text, spec).unwrap();
    let components = &doc["components"]["schemas"];
    let c = Components(components);
    let mut rng = Rng(seed);
    let paths = doc["paths"].as_object().unwrap();
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let Some(schema) = op
                .pointer("/requestBody/content/application~1json/schema")
                .or_else(|| {
                    let r = op.pointer("/requestBody/$ref")?.as_str()?;
                    let name = r.strip_prefix("#/components/requestBodies/")?;
                    doc["components"]["requestBodies"][name]
                        .pointer("/content/application~1json/schema")
                })
            else {
                continue;
            };
            let validator = oracle(schema, components);
            // Path parameters get a placeholder; a refusal of it is not about the body.
            let uri: String = path
                .split('/')
                .map(|seg| if seg.starts_with('{') { "x" } else { seg })
                .collect::<Vec<_>>()
                .join("/");
            let key = format!("{} {}", method.to_uppercase(), path);
            for _ in 0..BODIES_PER_OPERATION {
                let body = generate(&c, schema, &mut rng, 0);
                let expected = validator.is_valid(&body);
                let got = server_verdict(&router, &method.to_uppercase(), &uri, &body).await;
                report.bodies += 1;
                report.valid += usize::from(expected);
                let entry = report.per_operation.entry(key.clone()).or_default();
                entry.0 += 1;
                if expected != got.is_ok() {
                    entry.1 += 1;
                    let oracle_says: Vec<String> = validator
                        .iter_errors(&body)
                        .map(|e| format!("{} at {}", e, e.instance_path()))
                        .collect();
                    report.disagreements.push(format!(
                        "{key}\n  body: {body}\n  oracle: {}\n  server: {}",
                        if expected {
                            "valid".to_owned()
                        } else {
                            oracle_says.join("; ")
                        },
                        match &got {
                            Ok(()) => "valid".to_owned(),
                            Err(m) => m.join("; "),
                        }
                    ));
                }
            }
        }
    }
}

struct Nothing;

impl fixture_oracle::server::Api for Nothing {}

#[tokio::test]
async fn generated_servers_agree_with_a_json_schema_validator() {
    let mut report = Report::default();
    let fixture = fixture_oracle::server::router(Nothing);
    run(
        &mut report,
        "tests/fixtures/oracle.yaml",
        fixture,
        0x0A11_CE5E,
    )
    .await;
    let directory = directory_api::server::router(directory_api::mock::Mock::default());
    run(&mut report, "spec/directory.yaml", directory, 0xD1EC_7041).await;
    eprintln!(
        "oracle: {} bodies ({} valid by the oracle), {} disagreements",
        report.bodies,
        report.valid,
        report.disagreements.len()
    );
    for (op, (n, bad)) in &report.per_operation {
        if *bad > 0 {
            eprintln!("  {op}: {bad} of {n}");
        }
    }
    // `ORACLE_SHOW=/all-of` shows the disagreements of the operations whose key contains it.
    let filter = std::env::var("ORACLE_SHOW").unwrap_or_default();
    let shown: Vec<&String> = report
        .disagreements
        .iter()
        .filter(|d| d.lines().next().is_some_and(|key| key.contains(&filter)))
        .take(40)
        .collect();
    assert!(
        report.disagreements.is_empty(),
        "{} disagreements, the first ones:\n{}",
        report.disagreements.len(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The bodies must not be all valid or all invalid, or the test would prove little.
    assert!(report.valid * 5 > report.bodies && report.valid * 5 < report.bodies * 4);
}
