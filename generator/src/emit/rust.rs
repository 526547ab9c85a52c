//! Small pieces shared by the emitters: identifiers, type paths, doc attributes, literals.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{TokenStreamExt, format_ident, quote};

use super::template::{lit, template};

use crate::ir::{
    Additional, Api, Checks, Docs, IntFormat, NumberFormat, PropertyCount, Shape, StringFormat,
    Struct, TextFormat, Ty,
};
use crate::lower::names::is_keyword;

/// An identifier, as a raw identifier when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Whether the named type `name` is a string enum.
pub fn is_enum(api: &crate::ir::Api, name: &str) -> bool {
    api.types
        .iter()
        .any(|t| t.name == name && matches!(t.kind, crate::ir::TypeKind::Enum(_)))
}

/// The Rust path the settings put in place of the named type `name` (`replace`), if any.
pub fn replacement<'a>(api: &'a crate::ir::Api, name: &str) -> Option<&'a str> {
    api.types
        .iter()
        .find(|t| t.name == name)
        .and_then(|t| t.extras.replaced_by.as_deref())
}

/// Whether a value of `shape` holds a replaced type anywhere (a field, an item, an alternative,
/// at any depth): such a type has no `Validate` of this crate, so only the schema check of the
/// raw JSON checks all of the value.
pub fn holds_replaced(api: &crate::ir::Api, shape: &Shape) -> bool {
    holds_type(api, shape, &|t| t.extras.replaced_by.is_some())
}

/// Whether a value of `shape` holds a struct with `minProperties` / `maxProperties`: its model
/// counts the members it writes (a missing member with a default is filled in, an optional
/// `null` is dropped), so JSON read into it is counted as raw JSON, by the schema check.
pub fn holds_counted(api: &crate::ir::Api, shape: &Shape) -> bool {
    holds_type(
        api,
        shape,
        &|t| matches!(&t.kind, crate::ir::TypeKind::Struct(s) if !s.properties.is_empty()),
    )
}

/// Whether a value of `shape` holds a named type for which `found` holds.
fn holds_type(
    api: &crate::ir::Api,
    shape: &Shape,
    found: &dyn Fn(&crate::ir::TypeDef) -> bool,
) -> bool {
    if !api.types.iter().any(found) {
        return false;
    }
    let by_name: std::collections::HashMap<&str, &crate::ir::TypeDef> =
        api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut seen = std::collections::HashSet::new();
    holds_type_in(&by_name, shape, found, &mut seen)
}

fn holds_type_in<'a>(
    types: &std::collections::HashMap<&'a str, &'a crate::ir::TypeDef>,
    shape: &'a Shape,
    found: &dyn Fn(&crate::ir::TypeDef) -> bool,
    seen: &mut std::collections::HashSet<&'a str>,
) -> bool {
    use crate::ir::{Additional, TypeKind};
    match &shape.ty {
        Ty::Array(inner) | Ty::Map(inner) => holds_type_in(types, inner, found, seen),
        Ty::Named(name) => {
            let Some(t) = types.get(name.as_str()) else {
                return false;
            };
            if found(t) {
                return true;
            }
            if !seen.insert(name.as_str()) {
                return false;
            }
            match &t.kind {
                TypeKind::Struct(s) => {
                    s.fields
                        .iter()
                        .any(|f| holds_type_in(types, &f.shape, found, seen))
                        || matches!(&s.additional, Additional::Kept { values, .. } if holds_type_in(types, values, found, seen))
                }
                TypeKind::Union(u) => u
                    .variants
                    .iter()
                    .any(|v| holds_type_in(types, &v.shape, found, seen)),
                TypeKind::Alias(inner) => holds_type_in(types, inner, found, seen),
                TypeKind::Enum(_) => false,
            }
        }
        _ => false,
    }
}

/// A string literal, spelled as `Literal::string` spells it. Text of printable ASCII other
/// than `"` and `\` needs no escape, so its literal is made by the lexer, which is several
/// times faster than `Literal::string`'s escaping (string literals are a good part of the
/// output).
pub fn str_lit(s: &str) -> Literal {
    if s.bytes()
        .all(|b| matches!(b, b' ' | b'!' | b'#'..=b'[' | b']'..=b'~'))
        && let Ok(literal) = ["\"", s, "\""].concat().parse()
    {
        return literal;
    }
    Literal::string(s)
}

/// A raw string literal (`r#"..."#`) for text full of quotes, such as JSON; a plain literal when
/// the text has characters a raw literal cannot show on one line.
pub fn raw_str_lit(s: &str) -> Literal {
    raw_lit("", s, 1)
}

/// A raw literal of `prefix` followed by `text` (`prefix` has no quote or line break), fenced
/// with at least `min_hashes` `#`s; a plain literal when the text has a line break, which a
/// raw literal would show as it is.
fn raw_lit(prefix: &str, text: &str, min_hashes: usize) -> Literal {
    let plain = || str_lit(&[prefix, text].concat());
    if text.contains(['\n', '\r']) {
        return plain();
    }
    // More `#`s than any run of them that follows a quote in the text.
    let hashes = text
        .match_indices('"')
        .map(|(i, _)| text[i + 1..].bytes().take_while(|&b| b == b'#').count() + 1)
        .fold(min_hashes, usize::max);
    let fence = &"#".repeat(hashes);
    ["r", fence, "\"", prefix, text, "\"", fence]
        .concat()
        .parse()
        .unwrap_or_else(|_| plain())
}

/// The Rust type of a value of `shape`, not counting `nullable` (see `nullable_ty`), as
/// written inside `models.rs`. Every std path is fully qualified so that spec types named
/// `Option`, `String`, `Vec` or `Box` compile.
pub fn value_ty(shape: &Shape) -> syn::Type {
    type_in(shape, false)
}

/// The type of a value of `shape` with `nullable` as `Option`, inside `models.rs`.
pub fn nullable_ty(shape: &Shape) -> syn::Type {
    nullable_in(shape, false)
}

/// [`value_ty`] for code outside `models.rs`: models are `crate::models::X`.
pub fn qualified_ty(shape: &Shape) -> syn::Type {
    type_in(shape, true)
}

/// [`nullable_ty`] for code outside `models.rs`.
pub fn qualified_nullable_ty(shape: &Shape) -> syn::Type {
    nullable_in(shape, true)
}

/// The type of `shape`; named types as `crate::models::X` when `qualified`.
fn type_in(shape: &Shape, qualified: bool) -> syn::Type {
    match &shape.ty {
        Ty::String(StringFormat::Plain) => template!(syn::Type, [] { ::std::string::String }),
        Ty::String(StringFormat::DateTime) => {
            template!(syn::Type, [] { ::chrono::DateTime<::chrono::FixedOffset> })
        }
        Ty::String(StringFormat::Date) => template!(syn::Type, [] { ::chrono::NaiveDate }),
        Ty::String(StringFormat::Uuid) => template!(syn::Type, [] { ::uuid::Uuid }),
        Ty::String(StringFormat::Byte) => template!(syn::Type, [] { openapi_runtime::Base64 }),
        Ty::String(StringFormat::Binary) => template!(syn::Type, [] { openapi_runtime::File }),
        Ty::Integer(IntFormat::I32) => template!(syn::Type, [] { i32 }),
        Ty::Integer(IntFormat::I64) => template!(syn::Type, [] { i64 }),
        Ty::Number(NumberFormat::F32) => template!(syn::Type, [] { f32 }),
        Ty::Number(NumberFormat::F64) => template!(syn::Type, [] { f64 }),
        Ty::Boolean => template!(syn::Type, [] { bool }),
        Ty::Array(items) => {
            let item = nullable_in(items, qualified);
            template!(syn::Type, [item] { ::std::vec::Vec<#item> })
        }
        Ty::Map(values) => {
            let value = nullable_in(values, qualified);
            template!(syn::Type, [value] {
                ::std::collections::BTreeMap<::std::string::String, #value>
            })
        }
        Ty::Named(name) if qualified => {
            template!(syn::Type, [name = ident(name)] { crate::models::#name })
        }
        Ty::Named(name) => template!(syn::Type, [name = ident(name)] { #name }),
        Ty::Any => template!(syn::Type, [] { ::serde_json::Value }),
    }
}

fn nullable_in(shape: &Shape, qualified: bool) -> syn::Type {
    let ty = type_in(shape, qualified);
    if shape.nullable {
        template!(syn::Type, [ty] { ::std::option::Option<#ty> })
    } else {
        ty
    }
}

/// `#[doc = ...]` attributes for the given paragraphs (empty ones are skipped).
pub fn doc_attrs(paragraphs: &[String]) -> TokenStream {
    let mut tokens = TokenStream::new();
    tokens.append_all(docs(paragraphs));
    tokens
}

/// [`doc_attrs`] as syntax trees: one attribute per line (any line break: LF, CRLF or CR), an
/// empty one between paragraphs.
pub fn docs(paragraphs: &[String]) -> Vec<syn::Attribute> {
    let mut attrs = Vec::new();
    for p in paragraphs
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
    {
        if !attrs.is_empty() {
            attrs.push(doc(""));
        }
        for line in p.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            for line in line.split('\r').map(str::trim_end) {
                attrs.push(if line.is_empty() {
                    doc("")
                } else {
                    doc_attr(raw_lit(" ", line, 0))
                });
            }
        }
    }
    attrs
}

/// One `#[doc = "text"]` attribute.
pub fn doc(text: &str) -> syn::Attribute {
    doc_attr(doc_lit(text))
}

fn doc_attr(text: Literal) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: Ident::new("doc", Span::call_site()).into(),
            eq_token: Default::default(),
            value: lit(text),
        }),
    }
}

/// The literal of a doc attribute's text. prettyplease prints a one-line doc attribute as a
/// `///` comment of the literal's value, so the literal's spelling never shows; a raw literal
/// is the cheap one to make and to read back (a cooked one is escaped here and unescaped
/// there, character by character). Text with a line break keeps a cooked literal, which
/// prettyplease prints as it is.
pub fn doc_lit(text: &str) -> Literal {
    raw_lit("", text, 0)
}

/// Title and description paragraphs of `docs`.
pub fn doc_paragraphs(docs: &Docs) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(t) = &docs.title {
        out.push(t.clone());
    }
    if let Some(d) = &docs.description
        && docs.title.as_deref() != Some(d.as_str())
    {
        out.push(d.clone());
    }
    out
}

/// The docs of an operation's method (server trait and client): summary, description, and
/// `METHOD /path`.
pub fn operation_doc_attrs(op: &crate::ir::Operation) -> Vec<syn::Attribute> {
    let mut paragraphs = Vec::new();
    if let Some(s) = &op.summary {
        paragraphs.push(s.clone());
    }
    paragraphs.extend(doc_paragraphs(&op.docs));
    paragraphs.push(format!("`{} {}`", op.method.as_str(), op.path));
    docs(&paragraphs)
}

/// A code span that survives any content (backticks inside get a longer fence).
pub fn code(text: &str) -> String {
    let mut fence = "`".to_owned();
    while text.contains(&fence) {
        fence.push('`');
    }
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// The constraints of `shape` in the spec's own words, e.g. "minLength 5, pattern `^a$`".
pub fn describe_checks(api: &Api, shape: &Shape) -> Option<String> {
    let mut parts = describe(api, &shape.checks);
    match &shape.ty {
        Ty::Array(items) => {
            if let Some(inner) = describe_checks(api, items) {
                parts.push(format!("each item: {inner}"));
            }
        }
        Ty::Map(values) => {
            if let Some(inner) = describe_checks(api, values) {
                parts.push(format!("each value: {inner}"));
            }
        }
        _ => {}
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn describe(api: &Api, c: &Checks) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(v) = c.min_length {
        parts.push(format!("minLength {v}"));
    }
    if let Some(v) = c.max_length {
        parts.push(format!("maxLength {v}"));
    }
    for &p in &c.patterns {
        parts.push(format!("pattern {}", code(&api.patterns[p].ecma)));
    }
    match c.format {
        Some(TextFormat::Uri) => parts.push("format `uri`".into()),
        Some(TextFormat::Typed(typed)) => {
            parts.extend(typed.spec_name().map(|f| format!("format `{f}`")))
        }
        None => {}
    }
    if let Some(b) = c.minimum {
        let kw = if b.exclusive {
            "exclusiveMinimum"
        } else {
            "minimum"
        };
        parts.push(format!("{kw} {}", b.value));
    }
    if let Some(b) = c.maximum {
        let kw = if b.exclusive {
            "exclusiveMaximum"
        } else {
            "maximum"
        };
        parts.push(format!("{kw} {}", b.value));
    }
    if let Some(m) = c.multiple_of {
        parts.push(format!("multipleOf {}", m));
    }
    if let Some(v) = c.min_items {
        parts.push(format!("minItems {v}"));
    }
    if let Some(v) = c.max_items {
        parts.push(format!("maxItems {v}"));
    }
    if c.unique_items {
        parts.push("uniqueItems".into());
    }
    if !c.allowed.is_empty() {
        let values: Vec<String> = c.allowed.iter().map(ToString::to_string).collect();
        parts.push(format!("enum [{}]", values.join(", ")));
    }
    if !c.allowed_booleans.is_empty() {
        let values: Vec<String> = c.allowed_booleans.iter().map(ToString::to_string).collect();
        parts.push(format!("enum [{}]", values.join(", ")));
    }
    parts.extend(describe_count(c.properties));
    parts
}

/// `minProperties` / `maxProperties`, in the spec's words.
fn describe_count(count: PropertyCount) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(v) = count.min {
        parts.push(format!("minProperties {v}"));
    }
    if let Some(v) = count.max {
        parts.push(format!("maxProperties {v}"));
    }
    parts
}

/// The constraints of a struct as a whole, e.g. "minProperties 1; required `extra` (kept in
/// `additional_properties`)".
pub fn describe_struct(s: &Struct) -> Option<String> {
    let mut parts = describe_count(s.properties);
    if let Additional::Kept {
        field, required, ..
    } = &s.additional
        && !required.is_empty()
    {
        let keys: Vec<String> = required.iter().map(|k| code(k)).collect();
        parts.push(format!(
            "required {} (kept in {})",
            keys.join(", "),
            code(field)
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A float literal that always has a decimal point or exponent, so it types as a float.
pub fn float_lit(f: f64) -> TokenStream {
    if f.is_finite() {
        let lit = Literal::f64_unsuffixed(f);
        quote!(#lit)
    } else if f.is_nan() {
        quote!(f64::NAN)
    } else if f > 0.0 {
        quote!(f64::INFINITY)
    } else {
        quote!(f64::NEG_INFINITY)
    }
}

pub fn static_ident(name: &str) -> Ident {
    format_ident!("{}", name)
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    const TEXTS: [&str; 12] = [
        "",
        "plain text",
        "it's",
        "say \"hi\"",
        "back\\slash",
        "\"#quote then hash\"##",
        "tab\there",
        "nul\0 and \u{7f}",
        "naïve – ✓",
        "\u{200b}zero width",
        "line\nbreak",
        "~!#[]{}",
    ];

    #[test]
    fn str_lit_spells_as_literal_string() {
        for text in TEXTS {
            assert_eq!(
                str_lit(text).to_string(),
                Literal::string(text).to_string(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn doc_lit_reads_back_as_the_text() {
        for text in TEXTS {
            let syn::Lit::Str(literal) = syn::Lit::new(doc_lit(text)) else {
                panic!("{text:?} is not a string literal");
            };
            assert_eq!(literal.value(), text);
        }
        // Text with a line break keeps the spelling prettyplease prints as it is.
        assert_eq!(doc_lit("a\nb").to_string(), r#""a\nb""#);
    }

    #[test]
    fn raw_str_lit_fences_with_one_hash_or_as_many_as_the_text_needs() {
        assert_eq!(raw_str_lit("plain").to_string(), r###"r#"plain"#"###);
        assert_eq!(raw_str_lit(r#"{"a":1}"#).to_string(), r###"r#"{"a":1}"#"###);
        assert_eq!(
            raw_str_lit(r##"say "#hi""##).to_string(),
            r####"r##"say "#hi""##"####
        );
        assert_eq!(raw_str_lit("two\nlines").to_string(), r#""two\nlines""#);
    }

    #[test]
    fn docs_make_a_line_per_line_break_of_any_kind() {
        let paragraphs = [
            "  Title  ".to_owned(),
            String::new(),
            "one \r\ntwo\rthree\n\nfour \"quoted\"\r\r\nfive".to_owned(),
        ];
        let text: Vec<String> = docs(&paragraphs)
            .iter()
            .map(|attr| match &attr.meta {
                syn::Meta::NameValue(nv) => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => s.value(),
                    other => panic!("not a string: {}", other.to_token_stream()),
                },
                other => panic!("not a doc attribute: {}", other.to_token_stream()),
            })
            .collect();
        let expected = [
            " Title",
            "",
            " one",
            " two",
            " three",
            "",
            " four \"quoted\"",
            "",
            " five",
        ];
        assert_eq!(text, expected);
    }
}
