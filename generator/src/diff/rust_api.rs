//! Changes to the generated Rust API: both documents are lowered to the IR, and the names and
//! types an application sees are compared: operation methods, parameter sets, body and response
//! types, and every named type (structs, enums, unions, aliases).
//!
//! Types are matched by name; a type that is gone is matched to a new one defined at the same
//! place in the spec (an inline type renamed with its operation) or, failing that, to the one
//! new type with the same members: that is a rename. Types of removed operations are not
//! reported (the removal is). Rust types are written as in `models.rs`, without paths.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::doc::normalise_path;
use super::report::Group;
use super::rules;
use super::{Ctx, Site};
use crate::ir::{
    Api, ContentKind, Field, IntFormat, NumberFormat, Operation, Param, Shape, Status,
    StringFormat, Ty, TypeDef, TypeKind,
};

pub(super) fn compare(ctx: &mut Ctx, old: &Api, new: &Api) {
    let key = |op: &Operation| format!("{} {}", op.method.as_str(), normalise_path(&op.path));
    let new_ops: HashMap<String, &Operation> =
        new.operations.iter().map(|op| (key(op), op)).collect();
    let mut removed_ops = Vec::new();
    for op in &old.operations {
        match new_ops.get(&key(op)) {
            Some(n) => operation(ctx, op, n),
            None => removed_ops.push(source_prefix(op)),
        }
    }
    types(ctx, old, new, &removed_ops);
}

/// `#/paths/~1a~1{}/get`: where an operation's inline types come from.
fn source_prefix(op: &Operation) -> String {
    let path = crate::error::Pointer::root()
        .push("paths")
        .push(normalise_path(&op.path))
        .push(op.method.as_str().to_ascii_lowercase());
    format!("{path}/")
}

/// A type's place in the spec, path parameter names removed.
fn source(def: &TypeDef) -> Option<String> {
    def.docs
        .source
        .as_ref()
        .map(|p| normalise_path(&p.to_string()))
}

/// The Rust type of a shape, `nullable` not counted.
pub(super) fn ty(shape: &Shape) -> String {
    match &shape.ty {
        Ty::String(StringFormat::Plain) => "String".into(),
        Ty::String(StringFormat::DateTime) => "DateTime<FixedOffset>".into(),
        Ty::String(StringFormat::Date) => "NaiveDate".into(),
        Ty::String(StringFormat::Uuid) => "Uuid".into(),
        Ty::String(StringFormat::Byte) => "Base64".into(),
        Ty::String(StringFormat::Binary) => "File".into(),
        Ty::Integer(IntFormat::I32) => "i32".into(),
        Ty::Integer(IntFormat::I64) => "i64".into(),
        Ty::Number(NumberFormat::F32) => "f32".into(),
        Ty::Number(NumberFormat::F64) => "f64".into(),
        Ty::Boolean => "bool".into(),
        Ty::Array(items) => format!("Vec<{}>", nullable(items)),
        Ty::Map(values) => format!("BTreeMap<String, {}>", nullable(values)),
        Ty::Named(name) => name.clone(),
        Ty::Any => "serde_json::Value".into(),
    }
}

fn nullable(shape: &Shape) -> String {
    if shape.nullable {
        format!("Option<{}>", ty(shape))
    } else {
        ty(shape)
    }
}

/// A struct field or parameter as the application sees it: the inner type and whether it is an
/// `Option`.
struct Slot {
    rust_name: String,
    ty: String,
    option: bool,
}

impl Slot {
    fn field(f: &Field) -> Slot {
        Slot {
            rust_name: f.name.clone(),
            ty: ty(&f.shape),
            option: f.shape.nullable || (!f.required && f.default.is_none()),
        }
    }

    fn param(p: &Param) -> Slot {
        Slot {
            rust_name: p.name.clone(),
            ty: ty(&p.shape),
            option: !p.required || p.shape.nullable,
        }
    }

    fn full(&self) -> String {
        if self.option {
            format!("Option<{}>", self.ty)
        } else {
            self.ty.clone()
        }
    }
}

/// Compare two lists of fields keyed by their wire name; `owners` name the old and new struct.
fn slots(
    ctx: &mut Ctx,
    site: &Site,
    (old_owner, new_owner): (&str, &str),
    old: &[(String, Slot)],
    new: &[(String, Slot)],
) {
    for (key, a) in old {
        let Some((_, b)) = new.iter().find(|(k, _)| k == key) else {
            ctx.add(
                &rules::RUST_FIELD_REMOVED,
                site,
                format!("field `{old_owner}::{}` removed", a.rust_name),
            );
            continue;
        };
        let field = format!("`{new_owner}::{}`", b.rust_name);
        let change = format!("changed from `{}` to `{}`", a.full(), b.full());
        if a.ty != b.ty {
            ctx.add(
                &rules::RUST_FIELD_TYPE_CHANGED,
                site,
                format!("field {field} {change}"),
            );
        } else if a.option && !b.option {
            ctx.add(
                &rules::RUST_FIELD_BECAME_REQUIRED,
                site,
                format!("field {field} {change}"),
            );
        } else if !a.option && b.option {
            ctx.add(
                &rules::RUST_FIELD_BECAME_OPTIONAL,
                site,
                format!("field {field} {change}"),
            );
        }
        if a.rust_name != b.rust_name {
            ctx.add(
                &rules::RUST_FIELD_REMOVED,
                site,
                format!("field `{old_owner}::{}` is now {field}", a.rust_name),
            );
        }
    }
    for (key, b) in new {
        if !b.option && !old.iter().any(|(k, _)| k == key) {
            ctx.add(
                &rules::RUST_REQUIRED_FIELD_ADDED,
                site,
                format!("new field `{new_owner}::{}: {}`", b.rust_name, b.full()),
            );
        }
    }
}

fn param_key(op: &Operation, p: &Param) -> String {
    let names = super::doc::template_names(&op.path);
    match names.iter().position(|n| *n == p.wire_name) {
        Some(i) if p.location == crate::ir::ParamLocation::Path => format!("path {i}"),
        _ => format!(
            "{} {}",
            p.location.as_str(),
            p.wire_name.to_ascii_lowercase()
        ),
    }
}

fn body_type(op: &Operation) -> Option<String> {
    let body = op.body.as_ref()?;
    let inner = match &body.content.kind {
        ContentKind::Json(shape)
        | ContentKind::Form(shape)
        | ContentKind::Multipart { shape, .. } => nullable(shape),
        ContentKind::Text => "&str".into(),
        ContentKind::Binary => "&[u8]".into(),
    };
    Some(if body.required {
        inner
    } else {
        format!("Option<{inner}>")
    })
}

fn status(s: &Status) -> String {
    match s {
        Status::Code(c) => c.to_string(),
        Status::Range(d) => format!("{d}XX"),
        Status::Default => "default".into(),
    }
}

fn operation(ctx: &mut Ctx, old: &Operation, new: &Operation) {
    let group = Group::Operation {
        path: new.path.clone(),
        method: new.method.as_str().into(),
    };
    let site = Site::new(&group, "Rust", None);
    if old.name != new.name {
        ctx.add(
            &rules::RUST_METHOD_RENAMED,
            &site,
            format!(
                "method `{}` is now `{}` (response enum `{}`)",
                old.name, new.name, new.response_type
            ),
        );
    }
    match (&old.params_type, &new.params_type) {
        (Some(a), None) => ctx.add(
            &rules::RUST_SIGNATURE_CHANGED,
            &site,
            format!("no longer takes parameters (`{a}`)"),
        ),
        (None, Some(b)) => ctx.add(
            &rules::RUST_SIGNATURE_CHANGED,
            &site,
            format!("now takes parameters (`{b}`)"),
        ),
        (Some(a), Some(b)) => {
            let list = |op: &Operation| -> Vec<(String, Slot)> {
                op.params
                    .iter()
                    .map(|p| (param_key(op, p), Slot::param(p)))
                    .collect()
            };
            slots(ctx, &site, (a, b), &list(old), &list(new));
        }
        (None, None) => {}
    }
    let (a, b) = (body_type(old), body_type(new));
    if a != b {
        let show = |t: Option<String>| t.map_or("no body".to_owned(), |t| format!("`{t}`"));
        ctx.add(
            &rules::RUST_SIGNATURE_CHANGED,
            &site,
            format!("request body changed from {} to {}", show(a), show(b)),
        );
    }
    let enum_name = &new.response_type;
    for r in &old.responses {
        let Some(n) = new.responses.iter().find(|n| n.status == r.status) else {
            ctx.add(
                &rules::RUST_RESPONSE_VARIANT_REMOVED,
                &site,
                format!(
                    "`{enum_name}::{}` ({}) removed",
                    r.variant,
                    status(&r.status)
                ),
            );
            continue;
        };
        let body = |c: &Option<crate::ir::Content>| match c.as_ref().map(|c| &c.kind) {
            Some(
                ContentKind::Json(shape)
                | ContentKind::Form(shape)
                | ContentKind::Multipart { shape, .. },
            ) => Some(nullable(shape)),
            Some(ContentKind::Text) => Some("String".into()),
            Some(ContentKind::Binary) => Some("Bytes".into()),
            None => None,
        };
        let (x, y) = (body(&r.content), body(&n.content));
        if x != y {
            let show = |t: Option<String>| t.map_or("no body".to_owned(), |t| format!("`{t}`"));
            ctx.add(
                &rules::RUST_FIELD_TYPE_CHANGED,
                &site,
                format!(
                    "body of `{enum_name}::{}` changed from {} to {}",
                    n.variant,
                    show(x),
                    show(y)
                ),
            );
        }
    }
    for n in &new.responses {
        if !old.responses.iter().any(|r| r.status == n.status) {
            ctx.add(
                &rules::RUST_RESPONSE_VARIANT_ADDED,
                &site,
                format!(
                    "new variant `{enum_name}::{}` ({})",
                    n.variant,
                    status(&n.status)
                ),
            );
        }
    }
}

/// A type's definition, aliases of named types followed (the generator turns duplicate inline
/// types into aliases of the first, which is no change for code using them).
fn definition<'a>(index: &HashMap<&str, &'a TypeDef>, def: &'a TypeDef) -> &'a TypeDef {
    let mut def = def;
    for _ in 0..16 {
        match &def.kind {
            TypeKind::Alias(shape) if !shape.nullable => match &shape.ty {
                Ty::Named(name) => match index.get(name.as_str()) {
                    Some(next) => def = next,
                    None => break,
                },
                _ => break,
            },
            _ => break,
        }
    }
    def
}

/// What a type consists of, to recognise it under another name.
fn signature(def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Struct(s) => {
            let fields: Vec<String> = s
                .fields
                .iter()
                .map(|f| format!("{}:{}", f.wire_name, Slot::field(f).full()))
                .collect();
            format!("struct {}", fields.join(","))
        }
        TypeKind::Enum(e) => {
            let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
            format!("enum {}", values.join(","))
        }
        TypeKind::Union(u) => {
            let variants: Vec<String> = u.variants.iter().map(|v| nullable(&v.shape)).collect();
            format!("union {}", variants.join(","))
        }
        TypeKind::Alias(shape) => format!("alias {}", nullable(shape)),
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum(_) => "a string enum",
        TypeKind::Union(_) => "an enum of alternatives (oneOf/anyOf)",
        TypeKind::Alias(_) => "a type alias",
    }
}

fn types(ctx: &mut Ctx, old: &Api, new: &Api, removed_ops: &[String]) {
    let old_index: HashMap<&str, &TypeDef> =
        old.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_index: HashMap<&str, &TypeDef> =
        new.types.iter().map(|t| (t.name.as_str(), t)).collect();
    // New types that no old type has the name of: rename candidates.
    let fresh: Vec<&TypeDef> = new
        .types
        .iter()
        .filter(|t| !old_index.contains_key(t.name.as_str()))
        .collect();
    let mut by_source: HashMap<String, &TypeDef> = HashMap::new();
    let mut by_signature: BTreeMap<String, Vec<&TypeDef>> = BTreeMap::new();
    for t in &fresh {
        if let Some(s) = source(t) {
            by_source.insert(s, t);
        }
        by_signature
            .entry(signature(definition(&new_index, t)))
            .or_default()
            .push(t);
    }
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    for t in &old.types {
        let group = Group::RustType {
            name: t.name.clone(),
        };
        let site = Site::new(&group, "", None);
        if let Some(n) = new_index.get(t.name.as_str()) {
            compare_type(ctx, &site, (&old_index, t), (&new_index, n));
            continue;
        }
        let sig = signature(definition(&old_index, t));
        let partner = source(t)
            .and_then(|s| by_source.get(&s).copied())
            .filter(|n| !taken.contains(n.name.as_str()))
            .or_else(|| match by_signature.get(&sig).map(Vec::as_slice) {
                Some([only]) if !taken.contains(only.name.as_str()) => Some(*only),
                _ => None,
            });
        match partner {
            Some(n) => {
                taken.insert(&n.name);
                ctx.add(
                    &rules::RUST_TYPE_RENAMED,
                    &site,
                    format!("`{}` is now `{}`", t.name, n.name),
                );
                compare_type(ctx, &site, (&old_index, t), (&new_index, n));
            }
            None => {
                let under_removed = source(t)
                    .is_some_and(|s| removed_ops.iter().any(|p| s.starts_with(p.as_str())));
                if !under_removed {
                    ctx.add(
                        &rules::RUST_TYPE_REMOVED,
                        &site,
                        format!("type `{}` removed", t.name),
                    );
                }
            }
        }
    }
}

type Side<'a> = (&'a HashMap<&'a str, &'a TypeDef>, &'a TypeDef);

fn compare_type(ctx: &mut Ctx, site: &Site, (old_index, a): Side, (new_index, b): Side) {
    let a = definition(old_index, a);
    let b = definition(new_index, b);
    let owner = &b.name;
    let owners = (a.name.as_str(), b.name.as_str());
    match (&a.kind, &b.kind) {
        (TypeKind::Struct(x), TypeKind::Struct(y)) => {
            let list = |fields: &[Field]| -> Vec<(String, Slot)> {
                fields
                    .iter()
                    .map(|f| (f.wire_name.clone(), Slot::field(f)))
                    .collect()
            };
            slots(ctx, site, owners, &list(&x.fields), &list(&y.fields));
        }
        (TypeKind::Enum(x), TypeKind::Enum(y)) => {
            let names = |e: &crate::ir::Enum| -> Vec<(String, String)> {
                e.variants
                    .iter()
                    .map(|v| (v.value.clone(), v.name.clone()))
                    .collect()
            };
            variants(ctx, site, owner, &names(x), &names(y));
        }
        (TypeKind::Union(x), TypeKind::Union(y)) => {
            let names = |u: &crate::ir::Union| -> Vec<(String, String)> {
                u.variants
                    .iter()
                    .map(|v| (v.name.clone(), v.name.clone()))
                    .collect()
            };
            variants(ctx, site, owner, &names(x), &names(y));
        }
        (TypeKind::Alias(x), TypeKind::Alias(y)) => {
            if nullable(x) != nullable(y) {
                ctx.add(
                    &rules::RUST_TYPE_CHANGED,
                    site,
                    format!(
                        "alias `{owner}` changed from `{}` to `{}`",
                        nullable(x),
                        nullable(y)
                    ),
                );
            }
        }
        (x, y) => ctx.add(
            &rules::RUST_TYPE_CHANGED,
            site,
            format!("`{owner}` was {}, now {}", kind_name(x), kind_name(y)),
        ),
    }
}

/// Enum variants keyed by their wire value (string enums) or name (unions).
fn variants(
    ctx: &mut Ctx,
    site: &Site,
    owner: &str,
    old: &[(String, String)],
    new: &[(String, String)],
) {
    for (key, name) in old {
        match new.iter().find(|(k, _)| k == key) {
            None => ctx.add(
                &rules::RUST_ENUM_VARIANT_REMOVED,
                site,
                format!("variant `{owner}::{name}` removed"),
            ),
            Some((_, now)) if now != name => ctx.add(
                &rules::RUST_ENUM_VARIANT_REMOVED,
                site,
                format!("variant `{owner}::{name}` is now `{owner}::{now}`"),
            ),
            Some(_) => {}
        }
    }
    for (key, name) in new {
        if !old.iter().any(|(k, _)| k == key) {
            ctx.add(
                &rules::RUST_ENUM_VARIANT_ADDED,
                site,
                format!("new variant `{owner}::{name}`"),
            );
        }
    }
}
