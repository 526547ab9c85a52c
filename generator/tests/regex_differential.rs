//! Differential test of `pattern` semantics: every pattern of `tests/patterns/patterns.txt` (the
//! corpus's and the project's own, collected by `cargo xtask patterns`) and a few thousand random
//! ones are matched against many strings both by what the generated code would use and by
//! `regress`, an ECMA-262 engine, as the oracle (`u` flag, unanchored search: JSON Schema's
//! `pattern`).
//!
//! For each pattern the test lowers a small spec that uses it, exactly as for a real spec, and
//! takes the generator's decision: the translation for the `regex` crate, the whole-string class
//! (checked character by character, as `Pattern::characters` does in the generated crate), or the
//! `regress` fallback. Each path that exists is compared with the oracle, the translation on its
//! own too.
//!
//! Validity must agree as well: a pattern the translator calls invalid must be invalid for the
//! oracle, and one the oracle accepts must never be rejected by the generator (it may only fall
//! back to `regress`, for lookaround, backreferences and the `regex` crate's limits).
//!
//! The translator also accepts a few Annex-B forms that the `u` flag rejects (`a{`, `\-`, a lone
//! `]`, ...), with their non-`u` meaning. For those the oracle is `regress` without flags, on
//! strings of the Basic Multilingual Plane only (where code units and code points coincide);
//! patterns that mix them with `u`-only syntax (`\u{..}`, `\p{..}`, surrogate escapes, astral
//! literals) have no engine that reads them as the translator does (JavaScript without the `u`
//! flag reads `\u{61}` as 61 `u`s), so only their validity is checked.
//!
//! Strings: the empty string; characters engines disagree about (Unicode digits and spaces,
//! U+FEFF, line separators, astral characters, combining marks, ...); random strings over the
//! pattern's own characters, its class boundaries and those edge characters; random matches
//! built from the translation's syntax tree; the generator's own synthesised examples; small
//! mutations of all of these; and a few long strings. `REGEX_DIFFERENTIAL_SCALE` multiplies the
//! number of strings (and of random patterns).

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::Instant;

use common::{Rng, env_number};
use generator::ecma_regex::{self, WholeStringClass};
use generator::ir::{Api, TypeKind};
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Value, json};

const PATTERNS: &str = include_str!("../../tests/patterns/patterns.txt");

/// Characters engines tend to disagree about.
const EDGE: &[char] = &[
    '\u{0}',
    '\t',
    '\n',
    '\u{B}',
    '\u{C}',
    '\r',
    ' ',
    '-',
    '_',
    '0',
    '9',
    'a',
    'z',
    'A',
    'Z',
    '\u{85}',
    '\u{A0}',
    'é',
    'ß',
    'ſ',
    '\u{212A}', // KELVIN SIGN (folds to `k`)
    '\u{301}',  // combining acute accent
    '\u{661}',  // ARABIC-INDIC DIGIT ONE
    '\u{FF11}', // FULLWIDTH DIGIT ONE
    '\u{1680}',
    '\u{180E}',
    '\u{2000}',
    '\u{200A}',
    '\u{200B}',
    '\u{200D}',
    '\u{2028}',
    '\u{2029}',
    '\u{202F}',
    '\u{205F}',
    '\u{3000}',
    '\u{D7FF}',
    '\u{E000}',
    '\u{FEFF}',
    '\u{FFFF}',
    '\u{10000}',
    '\u{1F600}', // 😀
    '\u{10FFFF}',
];

fn corpus_patterns() -> Vec<String> {
    PATTERNS
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            serde_json::from_str::<String>(line)
                .unwrap_or_else(|e| panic!("patterns.txt: {line}: {e}"))
        })
        .collect()
}

/// What the generator makes of a pattern.
struct Lowered {
    /// The translation, as the lowered IR has it (`None`: the `regress` fallback).
    regex: Option<String>,
    whole_string_class: Option<WholeStringClass>,
    /// Strings the generator synthesised for schemas with this pattern.
    examples: Vec<String>,
}

/// Lower a spec whose schemas use `pattern` (with length bounds and as `unique` unique array
/// items, so that the synthesiser produces several different examples).
fn lower(pattern: &str, unique: usize) -> Result<Lowered, String> {
    let string = |extra: Value| {
        let mut schema = json!({"type": "string", "pattern": pattern});
        if let (Some(schema), Value::Object(extra)) = (schema.as_object_mut(), extra) {
            schema.extend(extra);
        }
        schema
    };
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "differential", "version": "1"},
        "paths": {},
        "components": {"schemas": {
            "One": string(json!({})),
            "Long": string(json!({"minLength": 12})),
            "Short": string(json!({"maxLength": 2})),
            "Many": {"type": "array", "items": string(json!({})), "minItems": unique, "uniqueItems": true},
        }},
    });
    let spec = generator::load::parse(&spec.to_string(), "differential.json")
        .map_err(|e| e.to_string())?;
    let api: Api = generator::lower::lower(&spec, &generator::Settings::default())
        .map_err(|e| e.to_string())?;
    let [p] = api.patterns.as_slice() else {
        return Err(format!("expected one pattern, got {}", api.patterns.len()));
    };
    let mut examples = Vec::new();
    for t in &api.types {
        if let TypeKind::Alias(shape) = &t.kind
            && let Ok(value) = generator::synth::example(&api, shape)
        {
            collect_strings(&value, &mut examples);
        }
    }
    Ok(Lowered {
        regex: p.regex.clone(),
        whole_string_class: p.whole_string_class.clone(),
        examples,
    })
}

fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

/// `Pattern::characters` of the generated runtime.
fn class_matches(class: &WholeStringClass, s: &str) -> bool {
    (!class.non_empty || !s.is_empty())
        && s.chars()
            .all(|c| class.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi))
}

/// Known bug of the oracle (`regress` 0.12, checked against Node.js): it accepts a quantified
/// word boundary (`\b+`, `\B{1,3}`), which ECMA-262 rejects ("nothing to repeat"). True when the
/// translator's error is exactly that.
fn oracle_accepts_quantified_boundary(pattern: &str, error: &ecma_regex::PatternError) -> bool {
    let before = pattern.get(..error.offset).unwrap_or("");
    let escaped_boundary = (before.ends_with("\\b") || before.ends_with("\\B"))
        && before[..before.len() - 1]
            .chars()
            .rev()
            .take_while(|&c| c == '\\')
            .count()
            % 2
            == 1;
    error.message.starts_with("nothing to repeat") && escaped_boundary
}

/// Known bug of the oracle (`regress` 0.12, checked against Node.js): on UTF-8 text a lone
/// surrogate escape outside a class breaks matching when quantified (`/^a\uD83D?b$/u` matches
/// "ab" in JavaScript, not in `regress`), and `\uD83D\u{1F600}` is rejected as an invalid
/// quantifier. A lone surrogate can never match a Rust string, exactly like the empty class
/// `[]`, so the oracle gets `[]` in its place (surrogate pairs written as two escapes, and
/// classes, are left alone).
fn without_lone_surrogates(pattern: &str) -> String {
    /// `\uXXXX` or `\u{X..}` at the start of `chars`: (code point, length in chars).
    fn unicode_escape(chars: &[char]) -> Option<(u32, usize)> {
        let hex = |cs: &[char]| {
            let text: String = cs.iter().collect();
            (!text.is_empty() && text.len() <= 8)
                .then(|| u32::from_str_radix(&text, 16).ok())
                .flatten()
        };
        match chars {
            ['\\', 'u', '{', rest @ ..] => {
                let len = rest.iter().position(|&c| c == '}')?;
                Some((hex(&rest[..len])?, len + 4))
            }
            ['\\', 'u', a, b, c, d, ..] => Some((hex(&[*a, *b, *c, *d])?, 6)),
            _ => None,
        }
    }
    let chars: Vec<char> = pattern.chars().collect();
    let surrogate = |cp: u32| (0xD800..=0xDFFF).contains(&cp);
    let mut out = String::new();
    let (mut i, mut in_class) = (0, false);
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            if !in_class && let Some((cp, len)) = unicode_escape(&chars[i..]) {
                let low = unicode_escape(&chars[i + len..]);
                let pair = len == 6
                    && (0xD800..=0xDBFF).contains(&cp)
                    && matches!(low, Some((low, 6)) if (0xDC00..=0xDFFF).contains(&low));
                if pair {
                    out.extend(&chars[i..i + 12]);
                    i += 12;
                } else if surrogate(cp) {
                    out.push_str("[]");
                    i += len;
                } else {
                    out.extend(&chars[i..i + len]);
                    i += len;
                }
                continue;
            }
            out.extend(&chars[i..i + 2]);
            i += 2;
            continue;
        }
        match c {
            '[' => in_class = true,
            ']' => in_class = false,
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Syntax that means something else without the `u` flag.
fn has_u_only_syntax(pattern: &str) -> bool {
    let lower = pattern.to_ascii_lowercase();
    pattern.contains("\\u{")
        || pattern.contains("\\p")
        || pattern.contains("\\P")
        || [
            "\\ud8", "\\ud9", "\\uda", "\\udb", "\\udc", "\\udd", "\\ude", "\\udf",
        ]
        .iter()
        .any(|s| lower.contains(s))
        || pattern.chars().any(|c| u32::from(c) > 0xFFFF)
}

/// Known, documented limitation (module docs of `ecma_regex`): the `regex` crate's Unicode tables
/// (Unicode 16 in regex-syntax 0.8) can be older than the ECMA-262 engine's (`regress` 0.12 and
/// Node.js 22: Unicode 17), so characters assigned or recategorised since are classified
/// differently by `\p{..}` (`\p{L}` on U+088F, `\p{Lu}` on U+A7CE). Strings with such a
/// character are not compared for patterns with property escapes; this says which characters:
/// those on which the two engines' General_Category tables differ.
struct UnicodeVersions {
    pairs: Vec<(regex::Regex, regress::Regex)>,
    cache: std::collections::HashMap<char, bool>,
}

impl UnicodeVersions {
    fn new() -> Self {
        let categories = [
            "Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd",
            "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf",
            "Co",
        ];
        let pairs = categories
            .iter()
            .map(|gc| {
                let p = format!(r"^\p{{{gc}}}$");
                let rust = regex::Regex::new(&p).expect("regex knows every General_Category");
                let ecma = regress::Regex::with_flags(&p, "u").expect("so does regress");
                (rust, ecma)
            })
            .collect();
        UnicodeVersions {
            pairs,
            cache: Default::default(),
        }
    }

    fn differ(&mut self, c: char) -> bool {
        let pairs = &self.pairs;
        *self.cache.entry(c).or_insert_with(|| {
            let s = c.to_string();
            pairs
                .iter()
                .any(|(rust, ecma)| rust.is_match(&s) != ecma.find(&s).is_some())
        })
    }
}

/// The characters strings are built from.
fn alphabet(pattern: &str, hir: Option<&Hir>, rng: &mut Rng) -> Vec<char> {
    let mut set: BTreeSet<char> = pattern.chars().chain(EDGE.iter().copied()).collect();
    if let Some(hir) = hir {
        let mut ranges = Vec::new();
        class_ranges(hir, &mut ranges);
        for (lo, hi) in ranges {
            let (lo, hi) = (u32::from(lo), u32::from(hi));
            for cp in [
                lo,
                hi,
                lo.wrapping_sub(1),
                hi + 1,
                random_in(rng, lo, hi),
                random_in(rng, lo, hi),
            ] {
                set.extend(char::from_u32(cp));
            }
        }
    }
    set.into_iter().collect()
}

fn random_in(rng: &mut Rng, lo: u32, hi: u32) -> u32 {
    rng.range(u64::from(lo), u64::from(hi)) as u32
}

fn class_ranges(hir: &Hir, out: &mut Vec<(char, char)>) {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            // Huge complements (`[^<>]`) have few ranges; `\p{L}` has hundreds: sample those.
            out.extend(class.ranges().iter().take(64).map(|r| (r.start(), r.end())));
        }
        HirKind::Repetition(r) => class_ranges(&r.sub, out),
        HirKind::Capture(c) => class_ranges(&c.sub, out),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => {
            hs.iter().for_each(|h| class_ranges(h, out));
        }
        _ => {}
    }
}

/// A random string that the syntax tree probably matches (anchors and word boundaries are not
/// honoured: near misses are welcome too).
fn generate(hir: &Hir, rng: &mut Rng, out: &mut String) {
    if out.len() > 400 {
        return;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => out.push_str(&String::from_utf8_lossy(&lit.0)),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            if ranges.is_empty() {
                return;
            }
            let r = rng.pick(ranges);
            let (lo, hi) = (u32::from(r.start()), u32::from(r.end()));
            let cp = match rng.below(4) {
                0 => lo,
                1 => hi,
                _ => random_in(rng, lo, hi),
            };
            out.push(char::from_u32(cp).unwrap_or(r.start()));
        }
        HirKind::Class(Class::Bytes(class)) => {
            if let Some(r) = class.ranges().first() {
                out.push(char::from(r.start()));
            }
        }
        HirKind::Repetition(rep) => {
            let max = rep.max.unwrap_or(rep.min + 8).min(rep.min + 200);
            let n = match rng.below(6) {
                0 => max,
                1 => rep.min,
                _ => rng.range(u64::from(rep.min), u64::from(max.min(rep.min + 4))) as u32,
            };
            for _ in 0..n {
                generate(&rep.sub, rng, out);
            }
        }
        HirKind::Capture(c) => generate(&c.sub, rng, out),
        HirKind::Concat(hs) => hs.iter().for_each(|h| generate(h, rng, out)),
        HirKind::Alternation(hs) => generate(rng.pick(hs), rng, out),
    }
}

fn random_string(alphabet: &[char], rng: &mut Rng, max_len: usize) -> String {
    let len = match rng.below(4) {
        0 => rng.below(3),
        _ => rng.below(max_len + 1),
    };
    (0..len).map(|_| *rng.pick(alphabet)).collect()
}

fn mutate(s: &str, alphabet: &[char], rng: &mut Rng) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for _ in 0..=rng.below(3) {
        let at = rng.below(chars.len() + 1);
        let last = chars.len().saturating_sub(1);
        match rng.below(6) {
            0 if !chars.is_empty() => {
                chars.remove(at.min(last));
            }
            1 if !chars.is_empty() => chars[at.min(last)] = *rng.pick(alphabet),
            2 => chars.insert(at, *rng.pick(alphabet)),
            3 => chars.insert(at, *rng.pick(EDGE)),
            4 if !chars.is_empty() => {
                let from = rng.below(chars.len());
                let to = (from + 1 + rng.below(4)).min(chars.len());
                let piece: Vec<char> = chars[from..to].to_vec();
                chars.splice(at..at, piece);
            }
            _ => chars.push(*rng.pick(&['\n', '\r', '\u{2028}', ' ', '\u{FEFF}', 'a', '0'])),
        }
    }
    chars.into_iter().collect()
}

/// The strings to match `pattern` against.
fn strings(
    pattern: &str,
    hir: Option<&Hir>,
    examples: &[String],
    rng: &mut Rng,
    budget: usize,
    long: bool,
) -> Vec<String> {
    let alphabet = alphabet(pattern, hir, rng);
    let mut out: Vec<String> = vec![String::new()];
    out.extend(alphabet.iter().map(|c| c.to_string()));
    let mut seeds: Vec<String> = examples.to_vec();
    if let Some(hir) = hir {
        for _ in 0..budget / 8 {
            let mut s = String::new();
            generate(hir, rng, &mut s);
            seeds.push(s);
        }
    }
    for seed in &seeds {
        out.push(seed.clone());
        for wrap in ["\n", "\r\n", "\u{2028}", " ", "\u{FEFF}", "x"] {
            out.push(format!("{seed}{wrap}"));
            out.push(format!("{wrap}{seed}"));
        }
    }
    let mutations = budget.saturating_sub(out.len()) / 2;
    if !seeds.is_empty() {
        for _ in 0..mutations {
            let seed = rng.pick(&seeds).clone();
            out.push(mutate(&seed, &alphabet, rng));
        }
    }
    while out.len() < budget {
        out.push(random_string(&alphabet, rng, 16));
    }
    if long {
        let piece = seeds.first().cloned().unwrap_or_else(|| "a".into());
        let piece = if piece.is_empty() { "a".into() } else { piece };
        out.push(piece.repeat(2000 / piece.len().max(1) + 1));
        out.push(random_string(&alphabet, rng, 1500));
        let noise: String = (0..1000).map(|_| *rng.pick(&alphabet)).collect();
        out.push(format!("{noise}{piece}"));
        out.push(format!("{piece}{noise}"));
        out.push(format!("{}{piece}", "\n".repeat(500)));
    }
    out
}

#[derive(Default)]
struct Report {
    patterns: usize,
    translated: usize,
    whole_string_classes: usize,
    fallbacks: usize,
    annex_b: usize,
    invalid: usize,
    strings: usize,
    comparisons: usize,
    unicode_version_skips: usize,
    failures: Vec<String>,
}

impl Report {
    fn fail(&mut self, message: String) {
        if self.failures.len() < 200 {
            self.failures.push(message);
        }
    }
}

/// Check one pattern: validity, then every matcher the generator would use, on `budget`
/// strings (plus long ones when `long`).
fn check(
    pattern: &str,
    rng: &mut Rng,
    budget: usize,
    long: bool,
    unicode: &mut UnicodeVersions,
    report: &mut Report,
) {
    report.patterns += 1;
    let translated = ecma_regex::translate(pattern);
    let oracle_pattern = without_lone_surrogates(pattern);
    let with_u = regress::Regex::with_flags(&oracle_pattern, "u");
    let lowered = lower(pattern, if long { 12 } else { 3 });
    // Validity.
    let oracle_valid = with_u.is_ok()
        && !matches!(&translated, Err(e) if oracle_accepts_quantified_boundary(pattern, e));
    match &translated {
        Err(e) if !e.unsupported && oracle_valid => {
            report.fail(format!(
                "{pattern:?}: the translator rejects it ({e}) but it is valid ECMA-262 (u flag)"
            ));
            return;
        }
        Err(_) if !oracle_valid => {
            report.invalid += 1;
            if let Ok(l) = &lowered {
                report.fail(format!(
                    "{pattern:?}: invalid, yet the generator accepts it (regex {:?})",
                    l.regex
                ));
            }
            return;
        }
        _ => {}
    }
    let lowered = match lowered {
        Ok(lowered) => lowered,
        Err(e) => {
            report.fail(format!(
                "{pattern:?}: valid (translation {translated:?}), but the generator rejects it: {e}"
            ));
            return;
        }
    };
    if lowered.regex.as_deref() != translated.as_deref().ok() {
        report.fail(format!(
            "{pattern:?}: the IR's translation {:?} is not translate's {translated:?}",
            lowered.regex
        ));
        return;
    }
    // The oracle.
    let (oracle, bmp_only) = match with_u {
        Ok(re) => (re, false),
        Err(_) => match regress::Regex::new(pattern) {
            // Annex B: valid only without the `u` flag.
            Ok(re) => {
                report.annex_b += 1;
                if has_u_only_syntax(pattern) {
                    return;
                }
                (re, true)
            }
            Err(e) => {
                report.fail(format!(
                    "{pattern:?}: the generator accepts it (as {:?}) but it is not ECMA-262, \
                     with or without the u flag: {e}",
                    lowered.regex
                ));
                return;
            }
        },
    };
    let regex = match lowered.regex.as_deref().map(regex::Regex::new) {
        Some(Ok(re)) => Some(re),
        Some(Err(e)) => {
            report.fail(format!("{pattern:?}: translation does not compile: {e}"));
            return;
        }
        None => None,
    };
    // What the generated `patterns.rs` would run.
    let engine_pattern = ecma_regex::ecma_engine_pattern(pattern);
    let fallback = match (&regex, regress::Regex::with_flags(&engine_pattern, "u")) {
        (None, Ok(re)) => Some(re),
        (None, Err(e)) => {
            report.fail(format!("{pattern:?}: no translation and no fallback: {e}"));
            return;
        }
        (Some(_), _) => None,
    };
    report.translated += usize::from(regex.is_some());
    report.fallbacks += usize::from(fallback.is_some());
    report.whole_string_classes += usize::from(lowered.whole_string_class.is_some());

    let hir = lowered
        .regex
        .as_deref()
        .and_then(|r| regex_syntax::Parser::new().parse(r).ok());
    let mut inputs = strings(pattern, hir.as_ref(), &lowered.examples, rng, budget, long);
    if bmp_only {
        inputs.retain(|s| s.chars().all(|c| u32::from(c) <= 0xFFFF));
    }
    if !long {
        // Random patterns can backtrack exponentially (`(a+)+b`): keep the oracle's work small.
        inputs.retain(|s| s.chars().count() <= 16);
    }
    if pattern.contains("\\p") || pattern.contains("\\P") {
        let before = inputs.len();
        inputs.retain(|s| !s.chars().any(|c| unicode.differ(c)));
        report.unicode_version_skips += before - inputs.len();
    }
    // Every synthesised example must match (the mock server relies on it).
    for example in &lowered.examples {
        if oracle.find(example).is_none() {
            report.fail(format!(
                "{pattern:?}: the synthesised example {example:?} does not match"
            ));
        }
    }
    let mut mismatches = 0;
    for s in &inputs {
        report.strings += 1;
        let expected = oracle.find(s).is_some();
        let mut compare = |what: &str, got: bool| {
            report.comparisons += 1;
            if got != expected && mismatches < 5 {
                mismatches += 1;
                let mut shown: String = s.chars().take(80).collect();
                if s.chars().count() > 80 {
                    let _ = write!(shown, "... ({} chars)", s.chars().count());
                }
                report.failures.push(format!(
                    "{pattern:?} on {shown:?}: ECMA-262 says {expected}, {what} says {got} \
                     (translation {:?})",
                    lowered.regex
                ));
            }
        };
        if let Some(re) = &regex {
            compare("the translation", re.is_match(s));
        }
        if let Some(class) = &lowered.whole_string_class {
            compare("the whole-string class", class_matches(class, s));
        }
        if let Some(re) = &fallback {
            compare("the regress fallback", re.find(s).is_some());
        }
    }
}

fn finish(name: &str, report: &Report, start: Instant) {
    eprintln!(
        "{name}: {} patterns ({} translated, {} whole-string classes, {} regress fallbacks, \
         {} Annex-B only, {} invalid); {} strings, {} comparisons in {:.1?} ({} strings with \
         characters of different Unicode versions skipped)",
        report.patterns,
        report.translated,
        report.whole_string_classes,
        report.fallbacks,
        report.annex_b,
        report.invalid,
        report.strings,
        report.comparisons,
        start.elapsed(),
        report.unicode_version_skips,
    );
    assert!(
        report.failures.is_empty(),
        "{} disagreements:\n{}",
        report.failures.len(),
        report.failures.join("\n")
    );
}

#[test]
fn corpus_patterns_match_like_ecma_262() {
    let start = Instant::now();
    let scale = env_number("REGEX_DIFFERENTIAL_SCALE", 1) as usize;
    let patterns = corpus_patterns();
    assert!(patterns.len() >= 100, "patterns.txt has {}", patterns.len());
    let mut report = Report::default();
    let mut rng = Rng::new(env_number("REGEX_DIFFERENTIAL_SEED", 1));
    let mut unicode = UnicodeVersions::new();
    for pattern in &patterns {
        check(
            pattern,
            &mut rng,
            3000 * scale,
            true,
            &mut unicode,
            &mut report,
        );
    }
    finish("corpus patterns", &report, start);
    assert_eq!(report.patterns, patterns.len());
    assert!(
        report.fallbacks >= 2,
        "the corpus has lookaround and backreferences"
    );
    assert!(report.whole_string_classes >= 5);
    assert!(report.comparisons >= 100 * 3000);
}

/// Hand-picked patterns: what this test found (fixed), the oracle's known bugs, and constructs
/// where engines tend to differ.
const TRICKY: &[&str] = &[
    // Invalid (ECMA-262 and Node.js reject them), but `regress` accepts them: the generator
    // must not fall back to it.
    r"\b+",
    r"\B{1,3}",
    r"(?=a)\B*",
    r"x(?=a)*",
    // Lone surrogate escapes in patterns that need the `regress` fallback.
    r"(?=a)a\uD83D?",
    r"^(?!b)a\uDE00*$",
    r"(?=x)\uD83D\u{1F600}",
    r"(?<=a)\u{D83D}?b",
    r"(a)\1\uDBFF?",
    r"(?=a)[\uD83D\uDE00-\uD83D\uDE02]\uD83D\uDE00?",
    // ... and in linear ones (only the oracle needs the rewrite).
    r"^a\uD83D?b$",
    r"\uD83D\u{1F600}",
    r"^[\uD800-\uDFFF]*$",
    r"^[^\uD800-\uDFFF]+$",
    // Unicode tables, whole-string classes and anchors.
    r"^\p{L}+$",
    r"^[\p{Lu}\d_-]*$",
    r"^\P{Cn}*$",
    r"^[\s\S]+$",
    r"^[^\s]*$",
    r"^\S+$",
    r"^[\u{10000}-\u{10FFFF}]+$",
    r"\b\w+\b",
    r"^.*$",
    r"^(?:\r\n|[^\r\n])*$",
];

#[test]
fn tricky_patterns_match_like_ecma_262() {
    let start = Instant::now();
    let scale = env_number("REGEX_DIFFERENTIAL_SCALE", 1) as usize;
    let mut rng = Rng::new(env_number("REGEX_DIFFERENTIAL_SEED", 1));
    let mut report = Report::default();
    let mut unicode = UnicodeVersions::new();
    for pattern in TRICKY {
        check(
            pattern,
            &mut rng,
            1000 * scale,
            true,
            &mut unicode,
            &mut report,
        );
    }
    finish("tricky patterns", &report, start);
    assert_eq!(report.invalid, 4);
    assert!(report.fallbacks >= 6, "{}", report.fallbacks);
}

/// Pieces of random patterns: syntax, escapes and classes in every combination.
#[rustfmt::skip]
const PIECES: &[&str] = &[
    "a", "b", "z", "0", "9", "_", "-", " ", "é", "😀", "\u{301}", ".", "^", "$", "|", "(", ")",
    "(?:", "(?<n>", "(?=", "(?!", "(?<=", "(?<!", "[", "[^", "]", "{", "}", "{2}", "{1,3}", "{0,}",
    "{2,1}", "*", "+", "?", "??", "*?", r"\", r"\d", r"\D", r"\w", r"\W", r"\s", r"\S", r"\b",
    r"\B", r"\n", r"\r", r"\t", r"\v", r"\f", r"\0", r"\1", r"\k<n>", r"\cJ", r"\x41", r"\u0041",
    r"\u{1F600}", r"\uD83D", r"\uDE00", r"\u2028", r"\uFEFF", r"\p{L}", r"\P{Lu}", r"\p{Nd}",
    r"\p{Script=Greek}", r"\-", r"\.", r"\/", r"\]", r"\[", r"\\", r"\^", r"\$", r"\{", r"\}",
    r"\|", r"\ ", r"\<", r"\é", "a-z", "0-9", "A-Z", "\\d-", "-.", "&&", "~~", "--", "[:alpha:]",
    "\n", "\u{2028}",
];

#[test]
fn random_patterns_match_like_ecma_262() {
    let start = Instant::now();
    let scale = env_number("REGEX_DIFFERENTIAL_SCALE", 1) as usize;
    let mut rng = Rng::new(env_number("REGEX_DIFFERENTIAL_SEED", 1));
    let mut report = Report::default();
    let mut unicode = UnicodeVersions::new();
    for _ in 0..1000 * scale {
        let len = 1 + rng.below(8);
        let pattern: String = (0..len).map(|_| *rng.pick(PIECES)).collect();
        check(&pattern, &mut rng, 60, false, &mut unicode, &mut report);
    }
    finish("random patterns", &report, start);
    assert!(report.translated > 300, "{}", report.translated);
    assert!(report.invalid > 300, "{}", report.invalid);
}

/// The Python spelling (`generator::python_regex`, which `cargo xtask fuzz-api` hands to
/// schemathesis) against the translation the generated code uses, itself checked against the
/// ECMA-262 oracle above: `re.search` in CPython must agree with `Regex::is_match` on every
/// string, for the corpus's patterns, the tricky ones and random ones.
#[test]
fn python_spelling_matches_like_the_translation() {
    let start = Instant::now();
    let scale = env_number("REGEX_DIFFERENTIAL_SCALE", 1) as usize;
    let mut rng = Rng::new(env_number("REGEX_DIFFERENTIAL_SEED", 1));
    let mut patterns: Vec<String> = corpus_patterns();
    patterns.extend(TRICKY.iter().map(|p| (*p).to_owned()));
    for _ in 0..300 * scale {
        let len = 1 + rng.below(8);
        patterns.push((0..len).map(|_| *rng.pick(PIECES)).collect());
    }
    // One JSON line per pattern: its Python spelling, the strings, and whether the translation
    // matches each.
    let mut input = String::new();
    let mut spelled = 0;
    let mut comparisons = 0;
    for pattern in &patterns {
        let (Ok(translated), Some(python)) = (
            ecma_regex::translate(pattern),
            generator::python_regex::to_python(pattern),
        ) else {
            continue;
        };
        let rust = regex::Regex::new(&translated).unwrap();
        let hir = regex_syntax::Parser::new().parse(&translated).ok();
        let strings = strings(pattern, hir.as_ref(), &[], &mut rng, 200 * scale, false);
        let expected: Vec<bool> = strings.iter().map(|s| rust.is_match(s)).collect();
        spelled += 1;
        comparisons += strings.len();
        let line =
            json!({"pattern": pattern, "python": python, "strings": strings, "expected": expected});
        writeln!(input, "{line}").unwrap();
    }
    let script = r#"
import json, re, sys
bad = []
for line in sys.stdin:
    case = json.loads(line)
    try:
        compiled = re.compile(case["python"])
    except re.error as e:
        bad.append(f"{case['pattern']!r}: {case['python']!r} does not compile: {e}")
        continue
    for s, expected in zip(case["strings"], case["expected"]):
        if (compiled.search(s) is not None) != expected:
            bad.append(f"{case['pattern']!r}: {case['python']!r} on {s!r}: Python {not expected}, the translation {expected}")
            break
print(json.dumps(bad))
"#;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (the fuzz-api job needs it too)");
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "python3 failed");
    let bad: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    eprintln!(
        "python spelling: {spelled} of {} patterns, {comparisons} strings in {:.1?}",
        patterns.len(),
        start.elapsed()
    );
    assert!(
        bad.is_empty(),
        "{} disagreements:\n{}",
        bad.len(),
        bad.join("\n")
    );
    assert!(spelled > 250, "{spelled}");
}
