//! Identical inline types: big specs repeat the same inline schema many times (Stripe writes
//! the same 300-value category enum or the same address object in dozens of request bodies).
//! Each copy used to become its own type, with its own impls; now the first one is the type and
//! every later copy is a `pub type` naming it, so every name still exists, and the crate holds
//! each shape once.
//!
//! Two types are identical when everything the emitters print for them, except their own name
//! and docs, is the same: fields (names, JSON names, docs, shapes, defaults), variants, union
//! alternatives and discriminators, and the types they refer to, compared after merging those.
//! Only inline types are merged into others: a type named after a component stays a type.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use crate::ir::{Additional, ContentKind, Default, Docs, Operation, Shape, Ty, TypeDef, TypeKind};

/// Turn every inline type identical to an earlier type into an alias of it, and make every use
/// of the alias use that type.
pub fn merge_identical(types: &mut [TypeDef], operations: &mut [Operation]) {
    // The type each merged type now stands for (always a type that is not merged itself).
    let mut canonical: HashMap<String, String> = HashMap::new();
    let referenced: Vec<Vec<String>> = types.iter_mut().map(|t| referenced(&mut t.kind)).collect();
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    // The types whose key mentions each type, to recompute only those after a merge.
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    for (i, names) in referenced.into_iter().enumerate() {
        for name in names {
            if let Some(&j) = index.get(name.as_str()) {
                users[j].push(i);
            }
        }
    }
    let mut keys: Vec<Option<(u64, String)>> = vec![None; types.len()];
    let mut stale: Vec<usize> = (0..types.len()).collect();
    // Merging can make more types identical (structs whose fields were two copies): repeat
    // until nothing changes.
    loop {
        // Keys are independent of each other: make them on every core.
        let fresh: Vec<Option<(u64, String)>> = stale
            .par_iter()
            .map(|&i| {
                let t = &types[i];
                let mergeable =
                    !matches!(t.kind, TypeKind::Alias(_)) && !canonical.contains_key(&t.name);
                mergeable.then(|| {
                    let key = key(&t.kind, &canonical);
                    let mut hasher = DefaultHasher::new();
                    key.hash(&mut hasher);
                    (hasher.finish(), key)
                })
            })
            .collect();
        for (i, entry) in stale.drain(..).zip(fresh) {
            keys[i] = entry;
        }
        // The first type (in the types' order) with each key, by the key's hash.
        let mut seen: HashMap<u64, Vec<usize>> = HashMap::new();
        let mut merged = Vec::new();
        for (i, entry) in keys.iter().enumerate() {
            let Some((hash, key)) = entry else { continue };
            let firsts = seen.entry(*hash).or_default();
            let same = firsts
                .iter()
                .find(|&&j| keys[j].as_ref().is_some_and(|(_, k)| k == key));
            match same {
                Some(&j) if is_inline(&types[i]) => merged.push((i, j)),
                Some(_) => {}
                None => firsts.push(i),
            }
        }
        if merged.is_empty() {
            break;
        }
        let mut targets: HashMap<&str, &str> = HashMap::new();
        for &(i, j) in &merged {
            targets.insert(&types[i].name, &types[j].name);
            keys[i] = None;
            stale.extend(users[i].iter().copied());
        }
        // Types merged earlier into one merged now: point them at its type, and recompute
        // their users' keys.
        for (name, target) in canonical.iter_mut() {
            if let Some(new) = targets.get(target.as_str()) {
                *target = (*new).to_owned();
                stale.extend(users[index[name.as_str()]].iter().copied());
            }
        }
        canonical.extend(
            targets
                .into_iter()
                .map(|(name, target)| (name.to_owned(), target.to_owned())),
        );
        stale.sort_unstable();
        stale.dedup();
    }
    if canonical.is_empty() {
        return;
    }
    let rename = |name: &mut String| {
        if let Some(c) = canonical.get(name.as_str()) {
            name.clone_from(c);
        }
    };
    for t in types.iter_mut() {
        if let Some(target) = canonical.get(&t.name) {
            let note = format!("The same as [`{target}`]: the spec describes both identically.");
            t.docs.description = Some(match t.docs.description.take() {
                Some(d) => format!("{d}\n\n{note}"),
                None => note,
            });
            t.kind = TypeKind::Alias(Box::new(Shape::of(Ty::Named(target.clone()))));
        }
    }
    rename_references(types, operations, &rename);
}

/// Apply `rename` to every type name a type or an operation uses (not to the types' own names).
pub(crate) fn rename_references(
    types: &mut [TypeDef],
    operations: &mut [Operation],
    rename: &impl Fn(&mut String),
) {
    for t in types.iter_mut() {
        for shape in shapes(&mut t.kind) {
            shape_names(shape, rename);
        }
        if let TypeKind::Struct(s) = &mut t.kind {
            for d in s.fields.iter_mut().filter_map(|f| f.default.as_mut()) {
                default_names(d, rename);
            }
        }
    }
    for op in operations {
        for p in &mut op.params {
            shape_names(&mut p.shape, rename);
        }
        let bodies = op.body.iter_mut().map(|b| &mut b.content);
        let responses = op.responses.iter_mut().flat_map(|r| {
            for h in &mut r.headers {
                shape_names(&mut h.shape, rename);
            }
            r.content.as_mut()
        });
        for content in bodies.chain(responses) {
            match &mut content.kind {
                ContentKind::Json(shape) | ContentKind::Form(shape) => shape_names(shape, rename),
                ContentKind::Multipart {
                    shape,
                    part_headers,
                    ..
                } => {
                    shape_names(shape, rename);
                    if let Some(headers) = part_headers {
                        shape_names(headers, rename);
                    }
                }
                ContentKind::Text | ContentKind::Binary => {}
            }
        }
    }
}

/// The types `kind` names directly.
fn referenced(kind: &mut TypeKind) -> Vec<String> {
    let mut out = Vec::new();
    for shape in shapes(kind) {
        let mut shape = &*shape;
        loop {
            match &shape.ty {
                Ty::Named(name) => break out.push(name.clone()),
                Ty::Array(inner) | Ty::Map(inner) => shape = inner,
                _ => break,
            }
        }
    }
    out
}

/// The shapes directly inside a type: its fields and additional-properties map, its union
/// variants, or what it aliases.
fn shapes(kind: &mut TypeKind) -> Vec<&mut Shape> {
    match kind {
        TypeKind::Struct(s) => {
            let additional = match &mut s.additional {
                Additional::Kept { values, .. } => Some(&mut **values),
                Additional::Ignored | Additional::Forbidden => None,
            };
            s.fields
                .iter_mut()
                .map(|f| &mut f.shape)
                .chain(additional)
                .collect()
        }
        TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.shape).collect(),
        TypeKind::Alias(shape) => vec![&mut **shape],
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Whether `t` was made for an inline schema (not named after a component).
fn is_inline(t: &TypeDef) -> bool {
    let Some(source) = &t.docs.source else {
        return true;
    };
    let segments: Vec<String> = source.segments().collect();
    !(segments.len() == 3 && segments[0] == "components" && segments[1] == "schemas")
}

/// What the emitters print for a type, apart from its name and docs, with the names of merged
/// types replaced by their canonical type. Where a member came from (`source`) is not printed.
/// Which members are boxed is not part of it: that follows from the type graph and is decided
/// after merging. Strings are written length first and every part is delimited, so different
/// types get different keys.
fn key(kind: &TypeKind, canonical: &HashMap<String, String>) -> String {
    let mut key = Key {
        out: String::new(),
        canonical,
    };
    key.kind(kind);
    key.out
}

struct Key<'a> {
    out: String,
    canonical: &'a HashMap<String, String>,
}

impl Key<'_> {
    fn kind(&mut self, kind: &TypeKind) {
        match kind {
            TypeKind::Struct(s) => {
                self.out.push_str("struct{");
                for f in &s.fields {
                    self.text(&f.name);
                    self.text(&f.wire_name);
                    self.docs(&f.docs);
                    let _ = write!(self.out, "{}:", f.required);
                    self.shape(&f.shape);
                    if let Some(d) = &f.default {
                        self.out.push('=');
                        self.default(d);
                    }
                    self.out.push(',');
                }
                match &s.additional {
                    Additional::Kept {
                        field,
                        values,
                        required,
                    } => {
                        let _ = write!(self.out, "}}kept {field:?} {required:?}:");
                        self.shape(values);
                    }
                    other => {
                        let _ = write!(self.out, "}}{other:?}");
                    }
                }
                if !s.properties.is_empty() {
                    let _ = write!(self.out, " {:?}", s.properties);
                }
            }
            TypeKind::Enum(e) => {
                self.out.push_str("enum{");
                for v in &e.variants {
                    self.text(&v.name);
                    self.text(&v.value);
                    self.docs(&v.docs);
                    self.out.push(',');
                }
                self.out.push('}');
            }
            TypeKind::Union(u) => {
                let _ = write!(self.out, "union {}{{", u.exclusive);
                for v in &u.variants {
                    self.text(&v.name);
                    self.out.push(':');
                    self.shape(&v.shape);
                    self.out.push(',');
                }
                let _ = write!(self.out, "}}{:?}", u.discriminator);
            }
            TypeKind::Alias(shape) => {
                self.out.push_str("alias ");
                self.shape(shape);
            }
        }
    }

    /// A string, length first (cheaper than quoting, and as unambiguous).
    fn text(&mut self, text: &str) {
        let _ = write!(self.out, "{}:", text.len());
        self.out.push_str(text);
    }

    /// The docs the emitters print (not `source`).
    fn docs(&mut self, docs: &Docs) {
        for part in [&docs.title, &docs.description] {
            match part {
                Some(text) => self.text(text),
                None => self.out.push('-'),
            }
        }
    }

    fn shape(&mut self, shape: &Shape) {
        self.out.push('(');
        match &shape.ty {
            Ty::Named(name) => {
                let name = self.canonical.get(name).unwrap_or(name);
                self.text(name);
            }
            Ty::Array(inner) => {
                self.out.push_str("array ");
                self.shape(inner);
            }
            Ty::Map(inner) => {
                self.out.push_str("map ");
                self.shape(inner);
            }
            other => {
                let _ = write!(self.out, "{other:?}");
            }
        }
        if !shape.checks.is_empty() {
            let _ = write!(self.out, " {:?}", shape.checks);
        }
        if shape.nullable {
            self.out.push_str(" null");
        }
        if let Some(example) = &shape.example {
            let _ = write!(self.out, " e{example}");
        }
        self.out.push(')');
    }

    fn default(&mut self, default: &Default) {
        match default {
            Default::EnumVariant {
                type_name,
                variant,
                value,
            } => {
                let type_name = self.canonical.get(type_name).unwrap_or(type_name);
                let _ = write!(self.out, "{type_name:?}::{variant:?}{value:?}");
            }
            Default::Array(items) => {
                self.out.push('[');
                for d in items {
                    self.default(d);
                    self.out.push(',');
                }
                self.out.push(']');
            }
            other => {
                let _ = write!(self.out, "{other:?}");
            }
        }
    }
}

fn shape_names(shape: &mut Shape, rename: &impl Fn(&mut String)) {
    match &mut shape.ty {
        Ty::Named(name) => rename(name),
        Ty::Array(inner) | Ty::Map(inner) => shape_names(inner, rename),
        Ty::String(_) | Ty::Integer(_) | Ty::Number(_) | Ty::Boolean | Ty::Any => {}
    }
}

fn default_names(default: &mut Default, rename: &impl Fn(&mut String)) {
    match default {
        Default::EnumVariant { type_name, .. } => rename(type_name),
        Default::Array(items) => {
            for d in items {
                default_names(d, rename);
            }
        }
        Default::Bool(_) | Default::Int(_) | Default::Float(_) | Default::String(_) => {}
        Default::Json(_) => {}
    }
}
