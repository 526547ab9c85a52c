//! Rust names from spec names: case conversion with `heck`, keyword and collision handling.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2024 (strict and reserved). `gen` is reserved since edition 2024.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// A set of names already taken in one namespace; `claim` hands out unique ones.
#[derive(Debug, Default)]
pub struct Namespace {
    used: HashSet<String>,
}

impl Namespace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Mark `name` as taken without checking.
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_owned());
    }

    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }

    /// `preferred` if free, else `preferred` + the smallest free number from 2 on (joined with
    /// `sep`, unless `preferred` already ends with it: `self_` then `self_2`, never `self__2`,
    /// which is not snake case and draws rustc's `non_snake_case` warning).
    pub fn claim(&mut self, preferred: &str, sep: &str) -> String {
        let sep = if preferred.ends_with(sep) { "" } else { sep };
        let mut name = preferred.to_owned();
        let mut n = 2;
        while self.used.contains(&name) {
            name = format!("{preferred}{sep}{n}");
            n += 1;
        }
        self.used.insert(name.clone());
        name
    }
}

/// heck starts no new word between a digit and an upper-case letter (`V2Response` would become
/// `V2response`); put a boundary there first.
fn split_digit_upper(raw: &str) -> std::borrow::Cow<'_, str> {
    let bytes = raw.as_bytes();
    if !bytes
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1].is_ascii_uppercase())
    {
        return raw.into();
    }
    let mut out = String::with_capacity(raw.len() + 4);
    let mut prev_digit = false;
    for c in raw.chars() {
        if prev_digit && c.is_ascii_uppercase() {
            out.push(' ');
        }
        prev_digit = c.is_ascii_digit();
        out.push(c);
    }
    out.into()
}

/// Conversions remembered on this thread while a [`MemoScope`] is alive: by kind (type or
/// snake name), then by the string converted.
type Memo = RefCell<Option<[HashMap<String, String>; 2]>>;

thread_local! {
    static MEMO: Memo = const { RefCell::new(None) };
}

const TYPE_NAMES: usize = 0;
const SNAKE_NAMES: usize = 1;

/// While one is alive, [`type_name`] and [`snake_name`] remember their results on this thread:
/// a big spec converts the same strings many times (a property name in many schemas), and
/// case conversion is costly. The memo lives as long as the scope (one spec's lowering), so it
/// never holds more than one spec's names.
pub struct MemoScope(());

impl MemoScope {
    pub fn start() -> Self {
        MEMO.with(|memo| *memo.borrow_mut() = Some(Default::default()));
        MemoScope(())
    }
}

impl Drop for MemoScope {
    fn drop(&mut self) {
        MEMO.with(|memo| *memo.borrow_mut() = None);
    }
}

/// `convert(raw)`, remembered under `kind` while a [`MemoScope`] is alive.
fn memo(kind: usize, raw: &str, convert: fn(&str) -> String) -> String {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        let Some(memo) = memo.as_mut() else {
            return convert(raw);
        };
        if let Some(name) = memo[kind].get(raw) {
            return name.clone();
        }
        let name = convert(raw);
        memo[kind].insert(raw.to_owned(), name.clone());
        name
    })
}

/// UpperCamelCase type name for any spec string.
pub fn type_name(raw: &str) -> String {
    memo(TYPE_NAMES, raw, convert_type_name)
}

fn convert_type_name(raw: &str) -> String {
    let name = split_digit_upper(raw).to_upper_camel_case();
    let name: String = name
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        return "Unnamed".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("Type{name}");
    }
    if name == "Self" {
        return "SelfType".into();
    }
    name
}

/// snake_case field / function name for any spec string. May be a keyword: the emitter writes
/// keywords as raw identifiers (see `ident`).
pub fn snake_name(raw: &str) -> String {
    memo(SNAKE_NAMES, raw, convert_snake_name)
}

fn convert_snake_name(raw: &str) -> String {
    let name = split_digit_upper(raw).to_snake_case();
    let name: String = name
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let name = name.trim_matches('_').to_owned();
    if name.is_empty() {
        return "value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("n{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    name
}

/// Names for an operation without an `operationId`, from its method and path: a short one
/// (`put_organisation` for `PUT /organisations/{OrganisationId}`: a collection segment followed
/// by a parameter becomes singular, parameters are left out) and a long one that adds the
/// parameters (`put_organisation_by_organisation_id`).
pub fn path_names(method: &str, path: &str) -> (String, String) {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let is_param = |s: &str| s.starts_with('{') && s.ends_with('}');
    let mut words = vec![method.to_ascii_lowercase()];
    let mut params = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        if is_param(segment) {
            params.push(snake_name(segment.trim_matches(['{', '}'])));
        } else if segments.get(i + 1).is_some_and(|next| is_param(next)) {
            words.push(singular(segment));
        } else {
            words.push((*segment).to_owned());
        }
    }
    let short = snake_name(&words.join(" "));
    let long = if params.is_empty() {
        short.clone()
    } else {
        format!("{short}_by_{}", params.join("_and_"))
    };
    (short, long)
}

/// A plain English singular, for path segments: `organisations` -> `organisation`,
/// `authorities` -> `authority`, `addresses` -> `address`; other words are kept.
fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if let Some(stem) = lower.strip_suffix("ies")
        && !stem.is_empty()
    {
        return format!("{}y", &word[..stem.len()]);
    }
    for suffix in ["sses", "shes", "ches", "xes"] {
        if lower.ends_with(suffix) {
            return word[..word.len() - 2].to_owned();
        }
    }
    if lower.ends_with('s') && !lower.ends_with("ss") && word.len() > 1 {
        return word[..word.len() - 1].to_owned();
    }
    word.to_owned()
}

/// SHOUTY_SNAKE_CASE for statics.
pub fn static_name(raw: &str) -> String {
    let name = raw.to_shouty_snake_case();
    let name: String = name
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("P_{name}");
    }
    name
}

/// UpperCamelCase variant name for an enum value; values that have no letters or digits get a
/// name from their position.
pub fn variant_name(value: &str, index: usize) -> String {
    let name = split_digit_upper(value).to_upper_camel_case();
    let name: String = name
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        return format!("Value{index}");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("V{name}");
    }
    if name == "Self" {
        return "SelfValue".into();
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_scope_remembers_conversions_only_while_alive() {
        let memo_len = || MEMO.with(|m| m.borrow().as_ref().map(|m| m[0].len() + m[1].len()));
        assert_eq!(memo_len(), None);
        {
            let _scope = MemoScope::start();
            for _ in 0..2 {
                assert_eq!(
                    type_name("pet-store_2Item"),
                    convert_type_name("pet-store_2Item")
                );
                assert_eq!(snake_name("Pet Store"), convert_snake_name("Pet Store"));
            }
            // The same string converted both ways is remembered once per kind.
            assert_eq!(type_name("Pet Store"), "PetStore");
            assert_eq!(memo_len(), Some(3));
        }
        assert_eq!(memo_len(), None);
        assert_eq!(type_name("pet store"), "PetStore");
        assert_eq!(memo_len(), None);
    }

    #[test]
    fn names() {
        assert_eq!(
            type_name("organisation-update_request"),
            "OrganisationUpdateRequest"
        );
        assert_eq!(type_name("200Response"), "Type200Response");
        assert_eq!(type_name("V2Response"), "V2Response");
        assert_eq!(
            type_name("createOrder201Response"),
            "CreateOrder201Response"
        );
        assert_eq!(snake_name("OAuth2Client"), "o_auth2_client");
        assert_eq!(snake_name("x-fapi-auth-date"), "x_fapi_auth_date");
        assert_eq!(snake_name("AddressLine1"), "address_line1");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("type"), "type");
        assert_eq!(snake_name("$ref"), "ref");
        assert_eq!(snake_name("1st"), "n1st");
        assert_eq!(variant_name("", 3), "Value3");
        assert_eq!(variant_name("1", 0), "V1");
        assert_eq!(static_name("OrganisationId"), "ORGANISATION_ID");
    }

    #[test]
    fn operation_names_from_method_and_path() {
        let names = |m: &str, p: &str| path_names(m, p);
        assert_eq!(
            names("PUT", "/organisations/{OrganisationId}"),
            (
                "put_organisation".into(),
                "put_organisation_by_organisation_id".into()
            )
        );
        assert_eq!(
            names("GET", "/organisations"),
            ("get_organisations".into(), "get_organisations".into())
        );
        assert_eq!(
            names(
                "GET",
                "/organisations/{OrganisationId}/authorityclaims/{AuthorityClaimsId}"
            ),
            (
                "get_organisation_authorityclaim".into(),
                "get_organisation_authorityclaim_by_organisation_id_and_authority_claims_id".into()
            )
        );
        assert_eq!(
            names("POST", "/clients"),
            ("post_clients".into(), "post_clients".into())
        );
        assert_eq!(names("GET", "/authorities/{id}").0, "get_authority");
        assert_eq!(names("GET", "/addresses/{id}").0, "get_address");
        assert_eq!(
            names("GET", "/.well-known/openid-configuration").0,
            "get_well_known_openid_configuration"
        );
        assert_eq!(names("GET", "/").0, "get");
    }

    #[test]
    fn namespace_claims_unique_names() {
        let mut ns = Namespace::new();
        assert_eq!(ns.claim("Flag", ""), "Flag");
        assert_eq!(ns.claim("Flag", ""), "Flag2");
        assert_eq!(ns.claim("Flag", ""), "Flag3");
        // Fields: `self` and `Self` are both `self_` in snake case; `fooBar` and `foo_bar`
        // both `foo_bar`.
        let mut fields = Namespace::new();
        let mut field = |raw: &str| fields.claim(&snake_name(raw), "_");
        assert_eq!(field("self"), "self_");
        assert_eq!(field("Self"), "self_2");
        assert_eq!(field("fooBar"), "foo_bar");
        assert_eq!(field("foo_bar"), "foo_bar_2");
        assert_eq!(field("FooBar"), "foo_bar_3");
    }
}
