//! `models.rs`: a Rust type for every schema, request body, response body and parameter set,
//! each with its `Validate` impl.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use syn::punctuated::Punctuated;

use super::rust::{
    self, code, describe_checks, describe_struct, doc_paragraphs, ident, nullable_ty, str_lit,
    value_ty,
};
use super::schemas::Statics;
use super::serde_impls::{self, Member, Read, Rest};
use super::template::{Attrs, NamedField, Stmts, lit, template};
use super::validate::{Place, Plan, float_expr, opt_u64};
use crate::ir::{
    Additional, Api, Default, Enum, Field, Operation, Param, Shape, Struct, Ty, TypeDef, TypeKind,
    Union, UnionVariant,
};

/// One top-level item of `models.rs`.
pub enum Item<'a> {
    Type(&'a TypeDef),
    Params(&'a Operation),
}

/// What makes the items: the API, which types need checking, and the schema statics.
pub struct Models<'a> {
    api: &'a Api,
    plan: Plan<'a>,
    statics: &'a Statics,
    /// The types used as `multipart/form-data` bodies.
    multipart: std::collections::BTreeMap<&'a str, std::collections::BTreeSet<&'a str>>,
}

impl<'a> Models<'a> {
    pub fn new(api: &'a Api, statics: &'a Statics) -> Self {
        Models {
            api,
            plan: Plan::new(api),
            statics,
            multipart: super::multipart::body_types(api),
        }
    }

    /// The inner docs and imports at the top of the file.
    pub fn prelude(&self) -> TokenStream {
        let title = format!(
            " Models of {}: every schema, request and response body, and parameter set.",
            self.api.title.trim()
        );
        // A spec without schemas or parameters has no items that use it (a replaced type is
        // only a `pub type`).
        let items: Vec<Item> = self
            .items()
            .into_iter()
            .filter(|item| !matches!(item, Item::Type(t) if t.extras.replaced_by.is_some()))
            .collect();
        let import = if items.is_empty() {
            quote!()
        } else {
            quote!(
                use openapi_runtime::validation;
            )
        };
        // The structs' serde impls read through the runtime's `object` module.
        let has_structs = items.iter().any(|item| match item {
            Item::Type(t) => matches!(t.kind, TypeKind::Struct(_)),
            Item::Params(_) => true,
        });
        let import = if has_structs {
            quote!(
                #import
                use openapi_runtime::object;
            )
        } else {
            import
        };
        quote! {
            #![doc = #title]
            #import
        }
    }

    /// The items, in output order.
    pub fn items(&self) -> Vec<Item<'a>> {
        let types = self.api.types.iter().map(Item::Type);
        let params = self
            .api
            .operations
            .iter()
            .filter(|op| op.params_type.is_some())
            .map(Item::Params);
        types.chain(params).collect()
    }

    /// The syntax trees of one item (and its impls).
    pub fn item(&self, item: &Item<'_>) -> Vec<syn::Item> {
        match item {
            Item::Type(t) if t.extras.replaced_by.is_some() => vec![self.replaced(t)],
            Item::Type(t) => {
                let mut items = type_def(self.api, &self.plan, t);
                add_extras(&mut items, t);
                items.extend(self.model_impl(t));
                if let TypeKind::Struct(s) = &t.kind
                    && t.extras.replaced_by.is_none()
                    && let Some(deep) = self.multipart.get(t.name.as_str())
                {
                    items.extend(super::multipart::impls(self.api, t, s, deep));
                }
                items
            }
            Item::Params(op) => params_struct(self.api, &self.plan, op).unwrap_or_default(),
        }
    }
}

impl Models<'_> {
    /// `pub type Money = money::Money;` for a type the settings replace (`replace`): the
    /// user's type, with the schema's docs and what the replacement must provide. It gets no
    /// impls here (`Validate` and `Model` are foreign traits, and it a foreign type); its schema
    /// static stays, and the schema check of raw JSON still checks it.
    fn replaced(&self, t: &TypeDef) -> syn::Item {
        let path = t.extras.replaced_by.as_deref().unwrap_or_default();
        let ty: syn::Type = syn::parse_str(path).expect("lowering checked the replacement path");
        let mut paragraphs = doc_paragraphs(&t.docs);
        paragraphs.push(format!(
            "Replaced by the generator settings (`replace`): this crate uses {} for this schema. \
             It must read and write the schema's JSON with `serde::Deserialize` and \
             `serde::Serialize`, and implement `Debug`, `Clone` and `PartialEq` (which the types \
             holding it derive); the server also needs it `Send + Sync + 'static`.",
            code(path)
        ));
        let schema = self
            .statics
            .type_static_name(&t.name)
            .map(|name| format!(" ([`crate::schemas::{name}`])"))
            .unwrap_or_default();
        paragraphs.push(format!(
            "Its constraints are not checked by `Validate` (a foreign type cannot implement it \
             here): the typed checks of a type holding it skip it. The schema check of the raw \
             JSON{schema} still checks it against the spec: the server runs it on every request \
             body holding this type, the client on every body holding it that it sends or reads, \
             and `Model::from_json` of the types holding it runs it first."
        ));
        paragraphs.extend(source_paragraph(&t.docs));
        let docs = rust::docs(&paragraphs);
        let name = ident(&t.name);
        template!(syn::Item, [docs, name, ty] {
            #docs
            pub type #name = #ty;
        })
    }

    /// `impl Model`: the type's schema static, for `from_json`.
    fn model_impl(&self, t: &TypeDef) -> Option<syn::Item> {
        let schema = self.statics.of_type(&t.name)?;
        let name = ident(&t.name);
        Some(template!(syn::Item, [name, schema] {
            impl openapi_runtime::Model for #name {
                fn schema() -> &'static openapi_runtime::schema::Schema {
                    #schema
                }
            }
        }))
    }
}

fn type_def(api: &Api, plan: &Plan, t: &TypeDef) -> Vec<syn::Item> {
    let mut paragraphs = doc_paragraphs(&t.docs);
    if let TypeKind::Alias(shape) = &t.kind
        && let Some(checks) = describe_checks(api, shape)
    {
        paragraphs.push(format!(
            "Constraints (checked wherever this type is used): {checks}."
        ));
    }
    if let TypeKind::Struct(s) = &t.kind
        && let Some(checks) = describe_struct(s)
    {
        paragraphs.push(format!("Constraints: {checks}."));
    }
    paragraphs.extend(source_paragraph(&t.docs));
    let docs = rust::docs(&paragraphs);
    let name = ident(&t.name);
    match &t.kind {
        TypeKind::Struct(s) => struct_def(api, plan, &name, docs, s),
        TypeKind::Enum(e) if e.open => open_enum_def(&name, docs, e),
        TypeKind::Enum(e) => enum_def(&name, docs, e),
        TypeKind::Union(u) => union_def(api, plan, &name, docs, u),
        TypeKind::Alias(shape) => {
            let ty = nullable_ty(shape);
            vec![template!(syn::Item, [docs, name, ty] {
                #docs
                pub type #name = #ty;
            })]
        }
    }
}

/// `Source: `#/components/schemas/Pet``: where in the spec a type comes from (the file too, for
/// a type from another file; a whole file by its name alone).
fn source_paragraph(docs: &crate::ir::Docs) -> Option<String> {
    let source = docs.source.as_ref()?;
    let place = match &docs.file {
        Some(file) if *source == crate::error::Pointer::root() => file.clone(),
        Some(file) => format!("{file}{source}"),
        None => source.to_string(),
    };
    Some(format!("Source: {}", code(&place)))
}

/// The settings' extra derives and attributes, on the type's definition (after its own).
fn add_extras(items: &mut [syn::Item], t: &TypeDef) {
    let extras = &t.extras;
    if extras.derives.is_empty() && extras.attributes.is_empty() {
        return;
    }
    let name = ident(&t.name);
    let attrs = items.iter_mut().find_map(|item| match item {
        syn::Item::Struct(s) if s.ident == name => Some(&mut s.attrs),
        syn::Item::Enum(e) if e.ident == name => Some(&mut e.attrs),
        _ => None,
    });
    let Some(attrs) = attrs else { return };
    // What the type derives already (an enum derives `Eq` and `Hash` of its own): a global
    // `derive = ["Eq"]` adds it only where it is missing.
    let mut derived: Vec<String> = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            derived.push(path_text(&meta.path));
            Ok(())
        });
    }
    // Checked to parse when the settings were applied.
    let paths: Vec<syn::Path> = extras
        .derives
        .iter()
        .filter_map(|d| syn::parse_str::<syn::Path>(d).ok())
        .filter(|p| !derived.contains(&path_text(p)))
        .collect();
    if !paths.is_empty() {
        attrs.push(syn::parse_quote!(#[derive(#(#paths),*)]));
    }
    for attr in &extras.attributes {
        use syn::parse::Parser;
        if let Ok(parsed) = syn::Attribute::parse_outer.parse_str(attr) {
            attrs.extend(parsed);
        }
    }
}

/// `a::B` as text, without spaces.
fn path_text(path: &syn::Path) -> String {
    quote::ToTokens::to_token_stream(path)
        .to_string()
        .replace(' ', "")
}

/// Whether a field is an `Option`: nullable, or optional without a default.
fn is_option(f: &Field) -> bool {
    f.shape.nullable || (!f.required && f.default.is_none())
}

/// The default filled in when the member is missing: an optional member's. A required member
/// must be given even if the spec gives it a default (JSON Schema's `required` is an assertion,
/// `default` only an annotation), so a missing one is reported rather than filled in.
fn applied_default(f: &Field) -> Option<&Default> {
    f.default.as_ref().filter(|_| !f.required)
}

fn field_type(f: &Field) -> syn::Type {
    let mut ty = value_ty(&f.shape);
    if f.boxed {
        ty = template!(syn::Type, [ty] { ::std::boxed::Box<#ty> });
    }
    if is_option(f) {
        template!(syn::Type, [ty] { ::std::option::Option<#ty> })
    } else {
        ty
    }
}

fn field_docs(api: &Api, f: &Field) -> Vec<syn::Attribute> {
    let mut paragraphs = doc_paragraphs(&f.docs);
    if paragraphs.is_empty() {
        paragraphs.push(format!("The member {}.", code(&f.wire_name)));
    }
    if let Some(checks) = describe_checks(api, &f.shape) {
        paragraphs.push(format!("Constraints: {checks}."));
    }
    if let Some(d) = applied_default(f) {
        paragraphs.push(format!("Default: {}.", code(&default_text(d))));
    }
    rust::docs(&paragraphs)
}

fn default_fn_name(f: &Field) -> proc_macro2::Ident {
    format_ident!("default_{}", f.name)
}

fn struct_def(
    api: &Api,
    plan: &Plan,
    name: &proc_macro2::Ident,
    docs: Vec<syn::Attribute>,
    s: &Struct,
) -> Vec<syn::Item> {
    let mut fields: Vec<syn::Field> = s
        .fields
        .iter()
        .map(|f| {
            let fname = ident(&f.name);
            let ty = field_type(f);
            let fdocs = field_docs(api, f);
            template!(NamedField, [fdocs, fname, ty] {
                #fdocs
                pub #fname: #ty
            })
            .0
        })
        .collect();
    let kept = match &s.additional {
        Additional::Kept { field, .. } => Some(ident(field)),
        _ => None,
    };
    let extra_field = match &s.additional {
        Additional::Ignored | Additional::Forbidden => None,
        Additional::Kept { field, values, .. } => {
            let fname = ident(field);
            let ty = nullable_ty(values);
            let mut paragraphs =
                vec!["Members not declared in `properties` (`additionalProperties`).".to_owned()];
            if let Some(checks) = describe_checks(api, values) {
                paragraphs.push(format!("Constraints on each value: {checks}."));
            }
            let fdocs = rust::docs(&paragraphs);
            let field = template!(NamedField, [fdocs, fname, ty] {
                #fdocs
                pub #fname: ::std::collections::BTreeMap<::std::string::String, #ty>
            });
            Some(field.0)
        }
    };
    fields.extend(extra_field);
    // `Default` when no member is required and none has a default of the spec's.
    let derives = if s
        .fields
        .iter()
        .all(|f| !is_argument(f) && applied_default(f).is_none())
    {
        template!(Attrs, [] { #[derive(Debug, Clone, PartialEq, Default)] })
    } else {
        template!(Attrs, [] { #[derive(Debug, Clone, PartialEq)] })
    };
    let mut items = vec![
        template!(syn::Item, [docs, derives = derives.0, name, fields] {
            #docs
            #derives
            pub struct #name {
                #fields
            }
        }),
    ];
    let members: Vec<Member> = s
        .fields
        .iter()
        .map(|f| {
            let read = if applied_default(f).is_some() {
                Read::Default(default_fn_name(f))
            } else if !is_option(f) {
                Read::Required
            } else if !f.required && !f.shape.nullable && f.shape.ty != crate::ir::Ty::Any {
                // Absent is `None`, but an explicit `null` is only valid when `nullable`.
                Read::Optional
            } else if f.required {
                // Present, but possibly `null`.
                Read::RequiredNullable
            } else {
                Read::Nullable
            };
            Member {
                field: ident(&f.name),
                key: f.wire_name.clone(),
                read,
                skip_none: skips_none(f),
                integers: holds_integers(api, &f.shape),
            }
        })
        .collect();
    let rest = match (&s.additional, &kept) {
        (Additional::Forbidden, _) => Rest::Forbidden,
        (Additional::Kept { values, .. }, Some(field)) => {
            Rest::Kept(field, holds_integers(api, values))
        }
        _ => Rest::Ignored,
    };
    let serde = serde_impls::impls(name, &members, rest);
    let defaults: Vec<syn::ImplItem> = s
        .fields
        .iter()
        .filter_map(|f| {
            let d = applied_default(f)?;
            let fn_name = default_fn_name(f);
            let ty = field_type(f);
            let mut value = default_expr(api, d, &f.shape);
            if is_option(f) {
                value = template!(syn::Expr, [value] { Some(#value) });
            }
            let doc = format!(" The spec's default for `{}`.", f.wire_name);
            Some(template!(syn::ImplItem, [doc, fn_name, ty, value] {
                #[doc = #doc]
                fn #fn_name() -> #ty {
                    #value
                }
            }))
        })
        .collect();
    if !defaults.is_empty() {
        items.push(template!(syn::Item, [name, defaults] {
            impl #name {
                #defaults
            }
        }));
    }
    items.extend(constructors(name, s));
    let mut body: Vec<syn::Stmt> = property_count_check(s).into_iter().collect();
    body.extend(struct_checks(
        plan,
        s.fields
            .iter()
            .map(|f| (f.wire_name.as_str(), ident(&f.name), &f.shape, is_option(f))),
    ));
    if let Additional::Kept {
        field, required, ..
    } = &s.additional
        && !required.is_empty()
    {
        let fname = ident(field);
        let keys: Vec<syn::Expr> = required.iter().map(|k| lit(str_lit(k))).collect();
        body.push(template!(syn::Stmt, [fname, keys] {
            validation::check_required_keys(&self.#fname, &[#keys], location, errors);
        }));
    }
    if let Additional::Kept { field, values, .. } = &s.additional
        && plan.shape_needs(values)
    {
        let fname = ident(field);
        let inner = plan.maybe_null(values);
        body.push(template!(syn::Stmt, [fname, inner] {
            for (key, value) in &self.#fname {
                let location = &location.key(key);
                #inner
            }
        }));
    }
    items.push(validate_impl(name, body, true));
    items.extend(serde);
    items
}

/// Whether a field is left out of the JSON when it is `None` (else it is always written).
fn skips_none(f: &Field) -> bool {
    applied_default(f).is_none() && is_option(f) && !f.required
}

/// `minProperties` / `maxProperties` of a struct: the members it writes are counted (a field
/// left out when `None`, every other field, and the kept additional members).
fn property_count_check(s: &Struct) -> Option<syn::Stmt> {
    if s.properties.is_empty() {
        return None;
    }
    let always = s.fields.iter().filter(|f| !skips_none(f)).count();
    let mut terms: Vec<syn::Expr> = Vec::new();
    if always > 0 {
        terms.push(lit(Literal::usize_unsuffixed(always)));
    }
    for f in s.fields.iter().filter(|f| skips_none(f)) {
        let fname = ident(&f.name);
        terms.push(template!(syn::Expr, [fname] { usize::from(self.#fname.is_some()) }));
    }
    if let Additional::Kept { field, .. } = &s.additional {
        let fname = ident(field);
        terms.push(template!(syn::Expr, [fname] { self.#fname.len() }));
    }
    let count = terms
        .into_iter()
        .reduce(|a, b| template!(syn::Expr, [a, b] { #a + #b }))
        .unwrap_or_else(|| lit(Literal::usize_unsuffixed(0)));
    let (min, max) = (opt_u64(s.properties.min), opt_u64(s.properties.max));
    Some(template!(syn::Stmt, [count, min, max] {
        validation::check_properties(#count, #min, #max, location, errors);
    }))
}

/// Whether a field is an argument of `new`: required (a required member's default is not
/// applied, see [`applied_default`]).
fn is_argument(f: &Field) -> bool {
    f.required
}

/// The value a field starts with when `new` (or `Default`) does not take it: `None`, or the
/// spec's default.
fn initial_value(f: &Field) -> syn::Expr {
    if applied_default(f).is_some() {
        let fn_name = default_fn_name(f);
        template!(syn::Expr, [fn_name] { Self::#fn_name() })
    } else {
        template!(syn::Expr, [] { ::std::option::Option::None })
    }
}

/// `new` with the required fields as arguments (in the spec's order) when there are any, else
/// `Default`; and a `with_*` setter for every other field, so that optional fields read as
/// `Pet::new("Rex").with_tag("dog")`.
fn constructors(name: &proc_macro2::Ident, s: &Struct) -> Vec<syn::Item> {
    let kept = match &s.additional {
        Additional::Kept { field, .. } => Some(ident(field)),
        _ => None,
    };
    let mut inits: Vec<syn::FieldValue> = s
        .fields
        .iter()
        .map(|f| {
            let fname = ident(&f.name);
            if is_argument(f) {
                template!(syn::FieldValue, [fname] { #fname: #fname.into() })
            } else {
                let value = initial_value(f);
                template!(syn::FieldValue, [fname, value] { #fname: #value })
            }
        })
        .collect();
    if let Some(fname) = &kept {
        inits.push(template!(syn::FieldValue, [fname] {
            #fname: ::std::collections::BTreeMap::new()
        }));
    }
    let setters: Vec<syn::ImplItem> = s
        .fields
        .iter()
        .filter(|f| !is_argument(f))
        .map(|f| {
            let fname = ident(&f.name);
            let setter = format_ident!("with_{}", f.name);
            let doc = format!(" Sets the member `{}`.", f.wire_name);
            let mut ty = value_ty(&f.shape);
            if f.boxed {
                ty = template!(syn::Type, [ty] { ::std::boxed::Box<#ty> });
            }
            let value = if is_option(f) {
                template!(syn::Expr, [] { ::std::option::Option::Some(value.into()) })
            } else {
                template!(syn::Expr, [] { value.into() })
            };
            template!(syn::ImplItem, [doc, setter, ty, fname, value] {
                #[doc = #doc]
                #[must_use]
                pub fn #setter(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                    self.#fname = #value;
                    self
                }
            })
        })
        .collect();
    let args: Vec<syn::FnArg> = s
        .fields
        .iter()
        .filter(|f| is_argument(f))
        .map(|f| {
            let fname = ident(&f.name);
            let ty = field_type(f);
            template!(syn::FnArg, [fname, ty] { #fname: impl ::std::convert::Into<#ty> })
        })
        .collect();
    let mut items = Vec::new();
    let derived = s.fields.iter().all(|f| applied_default(f).is_none());
    let constructor = if args.is_empty() {
        if derived {
            None
        } else {
            items.push(template!(syn::Item, [name, inits] {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    #name { #inits }
                }
            }
            }));
            None
        }
    } else {
        let lint = many_arguments(args.len());
        Some(template!(syn::ImplItem, [lint, name, args, inits] {
            /// A value with the required members; the others are absent or their default (set
            /// them with the `with_*` methods).
            #lint
            pub fn new(#args) -> Self {
                #name { #inits }
            }
        }))
    };
    let methods: Vec<syn::ImplItem> = constructor.into_iter().chain(setters).collect();
    if !methods.is_empty() {
        items.push(template!(syn::Item, [name, methods] {
            impl #name {
                #methods
            }
        }));
    }
    items
}

/// `#[allow(clippy::too_many_arguments)]` for a constructor whose arguments are more than clippy
/// likes: the spec decides how many members are required.
fn many_arguments(count: usize) -> Option<Vec<syn::Attribute>> {
    (count > 7).then(|| template!(Attrs, [] { #[allow(clippy::too_many_arguments)] }).0)
}

/// The checks of each field: `(wire name, field ident, shape, is Option)`.
fn struct_checks<'a>(
    plan: &Plan,
    fields: impl Iterator<Item = (&'a str, proc_macro2::Ident, &'a Shape, bool)>,
) -> Vec<syn::Stmt> {
    let mut out = Vec::new();
    for (wire, fname, shape, option) in fields {
        if !plan.shape_needs(shape) {
            continue;
        }
        let key = str_lit(wire);
        let location = template!(syn::Expr, [key = &key] { &location.key(#key) });
        // A single check is one call on the field (inside `if let Some` for an `Option`).
        let single = if option {
            plan.single_check(shape, &Place::bound(), &location)
                .map(|call| {
                    template!(syn::Stmt, [fname = &fname, call] {
                        if let Some(value) = &self.#fname { #call }
                    })
                })
        } else {
            plan.single_check(shape, &Place::field(&fname), &location)
        };
        if let Some(single) = single {
            out.push(single);
            continue;
        }
        let checks = plan.value_stmts(shape);
        if option {
            out.push(template!(syn::Stmt, [fname, key, checks] {
                if let Some(value) = &self.#fname {
                    let location = &location.key(#key);
                    #checks
                }
            }));
        } else {
            out.push(template!(syn::Stmt, [fname, key, checks] {
                {
                    let location = &location.key(#key);
                    let value = &self.#fname;
                    #checks
                }
            }));
        }
    }
    out
}

/// `impl Validate`; `uses_location` is false for parameter sets, whose locations are absolute
/// (`path/...`, `header/...`).
fn validate_impl(
    name: &proc_macro2::Ident,
    body: Vec<syn::Stmt>,
    uses_location: bool,
) -> syn::Item {
    let (location, errors) = if body.is_empty() {
        ("_location", "_errors")
    } else if !uses_location {
        ("_location", "errors")
    } else {
        ("location", "errors")
    };
    let (location, errors) = (ident(location), ident(errors));
    template!(syn::Item, [name, location, errors, body] {
        impl validation::Validate for #name {
            fn validate_at(&self, #location: &validation::Location<'_>, #errors: &mut validation::ValidationErrors) {
                #body
            }
        }
    })
}

/// Whether a value of `shape` is integers, alone or in arrays and maps (through aliases), read
/// with the runtime's `object::Integers` so that `-0` is the integer 0 (serde_json reads it as
/// the float `-0.0`, which `i64` refuses, while the schema check takes it). Named structs and
/// unions read their own members.
fn holds_integers(api: &Api, shape: &Shape) -> bool {
    match &shape.ty {
        Ty::Integer(_) => true,
        Ty::Array(inner) | Ty::Map(inner) => holds_integers(api, inner),
        Ty::Named(name) => api.types.iter().any(|t| {
            &t.name == name
                && t.extras.replaced_by.is_none()
                && matches!(&t.kind, TypeKind::Alias(inner) if holds_integers(api, inner))
        }),
        _ => false,
    }
}

fn variant_type(v: &UnionVariant) -> syn::Type {
    let ty = value_ty(&v.shape);
    if v.boxed {
        template!(syn::Type, [ty] { ::std::boxed::Box<#ty> })
    } else {
        ty
    }
}

/// `oneOf` / `anyOf`: an enum serialised as the alternative it holds. Deserialising picks the
/// alternative named by the discriminator, else the first one (in the spec's order) that the
/// value deserialises to and that passes its checks, else the first one it deserialises to (its
/// `Validate` then reports why).
fn union_def(
    api: &Api,
    plan: &Plan,
    name: &proc_macro2::Ident,
    docs: Vec<syn::Attribute>,
    u: &Union,
) -> Vec<syn::Item> {
    let variants: Vec<syn::Variant> = u
        .variants
        .iter()
        .map(|v| {
            let vname = ident(&v.name);
            let ty = variant_type(v);
            let mut paragraphs = vec![format!("The alternative {}.", code(&v.name))];
            if let Some(checks) = describe_checks(api, &v.shape) {
                paragraphs.push(format!("Constraints: {checks}."));
            }
            let vdocs = rust::docs(&paragraphs);
            template!(syn::Variant, [vdocs, vname, ty] {
                #vdocs
                #vname(#ty)
            })
        })
        .collect();
    let keyword = if u.exclusive { "oneOf" } else { "anyOf" };
    let deserialize_body = match &u.discriminator {
        Some(d) => {
            let property = str_lit(&d.property);
            let arms: Vec<syn::Arm> = u
                .variants
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let vname = ident(&v.name);
                    let ty = variant_type(v);
                    let values = d
                        .mapping
                        .iter()
                        .filter(|(_, j)| *j == i)
                        .map(|(value, _)| str_lit(value));
                    template!(syn::Arm, [values = or_pattern(values), ty, name, vname] {
                        #values => <#ty as ::serde::Deserialize>::deserialize(&value)
                            .map(#name::#vname)
                            .map_err(<D::Error as ::serde::de::Error>::custom),
                    })
                })
                .collect();
            let values: Vec<syn::Expr> = d
                .mapping
                .iter()
                .map(|(value, _)| lit(str_lit(value)))
                .collect();
            template!(Stmts, [property, arms, values] {
                match value.get(#property).map(|tag| tag.as_str()) {
                    ::std::option::Option::Some(::std::option::Option::Some(tag)) => match tag {
                        #arms
                        other => Err(<D::Error as ::serde::de::Error>::unknown_variant(other, &[#values])),
                    },
                    ::std::option::Option::Some(::std::option::Option::None) => Err(<D::Error as ::serde::de::Error>::custom(concat!("the discriminator ", #property, " must be a string"))),
                    ::std::option::Option::None => Err(<D::Error as ::serde::de::Error>::missing_field(#property)),
                }
            })
            .0
        }
        None => {
            let attempts: Vec<syn::Expr> = u
                .variants
                .iter()
                .map(|v| {
                    let vname = ident(&v.name);
                    let ty = variant_type(v);
                    if holds_integers(api, &v.shape) && !v.boxed {
                        return template!(syn::Expr, [ty, name, vname] {
                            |v| object::read_integers::<#ty, _>(v).ok().map(#name::#vname)
                        });
                    }
                    template!(syn::Expr, [ty, name, vname] {
                        |v| <#ty as ::serde::Deserialize>::deserialize(v).ok().map(#name::#vname)
                    })
                })
                .collect();
            let count = Literal::usize_unsuffixed(u.variants.len());
            let message =
                format!("the value matches none of the alternatives of `{name}` ({keyword})");
            template!(Stmts, [count, attempts, message] {
                let alternatives: [fn(&::serde_json::Value) -> ::std::option::Option<Self>; #count] = [#attempts];
                validation::first_alternative(&value, &alternatives)
                    .ok_or_else(|| <D::Error as ::serde::de::Error>::custom(#message))
            })
            .0
        }
    };
    let mut arms: Vec<(proc_macro2::Ident, Vec<syn::Stmt>)> = u
        .variants
        .iter()
        .filter(|v| plan.shape_needs(&v.shape))
        .map(|v| {
            let vname = ident(&v.name);
            let mut checks = plan.value_stmts(&v.shape);
            if v.boxed {
                checks.insert(0, template!(syn::Stmt, [] { let value = &**value; }));
            }
            (vname, checks)
        })
        .collect();
    let body = match arms.len() {
        0 => Vec::new(),
        1 => {
            let (vname, checks) = arms.remove(0);
            vec![template!(syn::Stmt, [name, vname, checks] {
                if let #name::#vname(value) = self {
                    #checks
                }
            })]
        }
        _ => {
            let rest =
                (arms.len() < u.variants.len()).then(|| vec![template!(syn::Arm, [] { _ => {} })]);
            let arms: Vec<syn::Arm> = arms
                .into_iter()
                .map(|(vname, checks)| {
                    template!(syn::Arm, [name, vname, checks] {
                        #name::#vname(value) => { #checks }
                    })
                })
                .collect();
            vec![template!(syn::Stmt, [arms, rest] {
                match self {
                    #arms
                    #rest
                }
            })]
        }
    };
    vec![
        template!(syn::Item, [docs, name, variants] {
            #docs
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
            #[serde(untagged)]
            pub enum #name {
                #variants
            }
        }),
        template!(syn::Item, [name, deserialize_body] {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    #deserialize_body
                }
            }
        }),
        validate_impl(name, body, true),
    ]
}

/// The pattern `"a" | "b"` of string literals (a discriminator selects each alternative by at
/// least one value).
fn or_pattern(values: impl Iterator<Item = Literal>) -> syn::Pat {
    let mut cases: Punctuated<syn::Pat, syn::Token![|]> = values
        .map(|value| {
            syn::Pat::Lit(syn::PatLit {
                attrs: Vec::new(),
                lit: syn::Lit::new(value),
            })
        })
        .collect();
    if cases.len() == 1 {
        return cases.pop().expect("one case");
    }
    syn::Pat::Or(syn::PatOr {
        attrs: Vec::new(),
        leading_vert: None,
        cases,
    })
}

fn enum_def(name: &proc_macro2::Ident, docs: Vec<syn::Attribute>, e: &Enum) -> Vec<syn::Item> {
    let variants = known_variants(e);
    let (count, all, values) = enum_consts(e);
    // `as_str`, `Display`, `FromStr`, serde and `Validate` come from the runtime's
    // `string_enum!`, by `ALL` and `VALUES`.
    vec![
        template!(syn::Item, [docs, name, variants] {
            #docs
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name {
                #variants
            }
        }),
        template!(syn::Item, [name, count, all, values] {
            impl #name {
                /// Every value, in the spec's order.
                pub const ALL: [#name; #count] = [#all];

                /// The values as written in the spec, in the order of [`Self::ALL`].
                pub const VALUES: [&'static str; #count] = [#values];
            }
        }),
        template!(syn::Item, [name] {
            openapi_runtime::string_enum!(#name);
        }),
    ]
}

/// An open enum (`unknown-enum-values = "keep"`): the spec's values and a variant that keeps
/// any other (`Unknown(String)`, or a free name if a value is called that). Not `Copy`.
fn open_enum_def(name: &proc_macro2::Ident, docs: Vec<syn::Attribute>, e: &Enum) -> Vec<syn::Item> {
    let mut unknown = "Unknown".to_owned();
    let mut n = 1;
    while e.variants.iter().any(|v| v.name == unknown) {
        unknown = if n == 1 {
            "UnknownValue".to_owned()
        } else {
            format!("UnknownValue{n}")
        };
        n += 1;
    }
    let unknown = ident(&unknown);
    let mut variants = known_variants(e);
    let udocs = rust::docs(&[
        "A value the spec does not list, as it came: kept so that a client keeps working when \
         the server adds a value (settings: `unknown-enum-values = \"keep\"`)."
            .to_owned(),
        "It is not valid where the spec is enforced: `Validate` reports it as an enum violation \
         in a request (sent by the client, received by the server) and in `Model::from_json`; \
         only a response read by the client may hold it."
            .to_owned(),
    ]);
    variants.push(template!(syn::Variant, [udocs, unknown = &unknown] {
        #udocs
        #unknown(::std::string::String)
    }));
    let (count, all, values) = enum_consts(e);
    vec![
        template!(syn::Item, [docs, name, variants] {
            #docs
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name {
                #variants
            }
        }),
        template!(syn::Item, [name, count, all, values] {
            impl #name {
                /// Every value the spec lists, in the spec's order.
                pub const ALL: [#name; #count] = [#all];

                /// The values as written in the spec, in the order of [`Self::ALL`].
                pub const VALUES: [&'static str; #count] = [#values];
            }
        }),
        template!(syn::Item, [name, unknown] {
            openapi_runtime::string_enum!(#name, unknown = #unknown);
        }),
    ]
}

/// The variants of the spec's values, with their docs.
fn known_variants(e: &Enum) -> Vec<syn::Variant> {
    e.variants
        .iter()
        .map(|v| {
            let vname = ident(&v.name);
            let mut paragraphs = doc_paragraphs(&v.docs);
            if paragraphs.is_empty() {
                paragraphs.push(format!("The value {}.", code(&v.value)));
            }
            let vdocs = rust::docs(&paragraphs);
            template!(syn::Variant, [vdocs, vname] {
                #vdocs
                #vname
            })
        })
        .collect()
}

/// The length, `ALL` items and `VALUES` items of an enum.
fn enum_consts(e: &Enum) -> (Literal, Vec<syn::Expr>, Vec<syn::Expr>) {
    let all: Vec<syn::Expr> = e
        .variants
        .iter()
        .map(|v| {
            let vname = ident(&v.name);
            template!(syn::Expr, [vname] { Self::#vname })
        })
        .collect();
    let values: Vec<syn::Expr> = e.variants.iter().map(|v| lit(str_lit(&v.value))).collect();
    (Literal::usize_unsuffixed(e.variants.len()), all, values)
}

fn default_text(d: &Default) -> String {
    match d {
        Default::Bool(b) => b.to_string(),
        Default::Int(i) => i.to_string(),
        Default::Float(f) => f.to_string(),
        Default::String(s) => format!("{s:?}"),
        Default::EnumVariant { .. } | Default::Array(_) | Default::Json(_) => {
            default_json(d).to_string()
        }
    }
}

fn default_json(d: &Default) -> serde_json::Value {
    match d {
        Default::Bool(b) => (*b).into(),
        Default::Int(i) => (*i).into(),
        Default::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into)
        }
        Default::String(s) => s.clone().into(),
        Default::EnumVariant { value, .. } => value.clone().into(),
        Default::Array(items) => items.iter().map(default_json).collect(),
        Default::Json(v) => v.clone(),
    }
}

fn default_expr(api: &Api, d: &Default, shape: &Shape) -> syn::Expr {
    // A replaced type is the user's: its default is read from the spec's JSON.
    if let crate::ir::Ty::Named(name) = &shape.ty
        && rust::replacement(api, name).is_some()
    {
        let text = str_lit(&default_json(d).to_string());
        return template!(syn::Expr, [text] {
            ::serde_json::from_str(#text).expect("the replacement reads the spec's default")
        });
    }
    match d {
        Default::Bool(b) => template!(syn::Expr, [b = *b] { #b }),
        Default::Int(i) => lit(Literal::i64_unsuffixed(*i)),
        Default::Float(f) => float_expr(*f),
        Default::String(s) => template!(syn::Expr, [s] { ::std::string::String::from(#s) }),
        Default::EnumVariant {
            type_name, variant, ..
        } => {
            let t = ident(type_name);
            let v = ident(variant);
            template!(syn::Expr, [t, v] { #t::#v })
        }
        Default::Array(items) => {
            let item_shape = match &shape.ty {
                crate::ir::Ty::Array(items) => items.as_ref(),
                _ => shape,
            };
            let items: Vec<syn::Expr> = items
                .iter()
                .map(|i| default_expr(api, i, item_shape))
                .collect();
            template!(syn::Expr, [items] { ::std::vec![#items] })
        }
        Default::Json(v) => {
            let text = str_lit(&v.to_string());
            template!(syn::Expr, [text] {
                ::serde_json::from_str(#text).expect("the generator wrote this JSON")
            })
        }
    }
}

/// The parameter set of an operation: one field per parameter, validated like a model, with
/// locations such as `path/OrganisationId` and `header/x-fapi-auth-date`.
fn params_struct(api: &Api, plan: &Plan, op: &Operation) -> Option<Vec<syn::Item>> {
    let type_name = op.params_type.as_ref()?;
    let name = ident(type_name);
    let doc = format!(
        " Parameters of `{} {}` (operation `{}`).",
        op.method.as_str(),
        op.path,
        op.name
    );
    let fields: Vec<syn::Field> = op
        .params
        .iter()
        .map(|p| {
            let fname = ident(&p.name);
            let ty = param_type(p);
            let mut paragraphs = vec![format!(
                "`{}` ({}{})",
                p.wire_name,
                p.location.as_str(),
                if p.required { ", required" } else { "" }
            )];
            paragraphs.extend(doc_paragraphs(&p.docs));
            if let Some(checks) = describe_checks(api, &p.shape) {
                paragraphs.push(format!("Constraints: {checks}."));
            }
            let docs = rust::docs(&paragraphs);
            template!(NamedField, [docs, fname, ty] {
                #docs
                pub #fname: #ty
            })
            .0
        })
        .collect();
    let mut checks = Vec::new();
    for p in &op.params {
        if !plan.shape_needs(&p.shape) {
            continue;
        }
        let fname = ident(&p.name);
        let inner = plan.value_stmts(&p.shape);
        let root = str_lit(p.location.as_str());
        let key = str_lit(&p.wire_name);
        if param_is_option(p) {
            checks.push(template!(syn::Stmt, [fname, root, key, inner] {
                if let Some(value) = &self.#fname {
                    let location = &validation::Location::root(#root);
                    let location = &location.key(#key);
                    #inner
                }
            }));
        } else {
            checks.push(template!(syn::Stmt, [fname, root, key, inner] {
                {
                    let location = &validation::Location::root(#root);
                    let location = &location.key(#key);
                    let value = &self.#fname;
                    #inner
                }
            }));
        }
    }
    let derive_default = op.params.iter().all(param_is_option);
    // Serde keys are the field names: the server reads the set, and the client writes it,
    // through its table in `schemas.rs`, which says where each field goes.
    let derives = if derive_default {
        template!(Attrs, [] { #[derive(Debug, Clone, PartialEq, Default)] })
    } else {
        template!(Attrs, [] { #[derive(Debug, Clone, PartialEq)] })
    };
    let mut items = vec![
        template!(syn::Item, [doc, derives = derives.0, name = &name, fields] {
            #[doc = #doc]
            #derives
            pub struct #name {
                #fields
            }
        }),
    ];
    let members: Vec<Member> = op
        .params
        .iter()
        .map(|p| Member {
            field: ident(&p.name),
            key: p.name.clone(),
            read: if param_is_option(p) {
                Read::Nullable
            } else {
                Read::Required
            },
            skip_none: false,
            integers: holds_integers(api, &p.shape),
        })
        .collect();
    let serde = serde_impls::impls(&name, &members, Rest::Ignored);
    // The required parameters as arguments of `new` (or `Default` when there are none), and a
    // `with_*` setter for each optional one.
    let args: Vec<syn::FnArg> = op
        .params
        .iter()
        .filter(|p| !param_is_option(p))
        .map(|p| {
            let f = ident(&p.name);
            let ty = param_type(p);
            template!(syn::FnArg, [f, ty] { #f: impl ::std::convert::Into<#ty> })
        })
        .collect();
    let inits: Vec<syn::FieldValue> = op
        .params
        .iter()
        .map(|p| {
            let f = ident(&p.name);
            if param_is_option(p) {
                template!(syn::FieldValue, [f] { #f: None })
            } else {
                template!(syn::FieldValue, [f] { #f: #f.into() })
            }
        })
        .collect();
    let setters = op.params.iter().filter(|p| param_is_option(p)).map(|p| {
        let f = ident(&p.name);
        let setter = format_ident!("with_{}", p.name);
        let ty = value_ty(&p.shape);
        let doc = format!(" Sets the parameter `{}`.", p.wire_name);
        template!(syn::ImplItem, [doc, setter, ty, f] {
            #[doc = #doc]
            #[must_use]
            pub fn #setter(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                self.#f = ::std::option::Option::Some(value.into());
                self
            }
        })
    });
    let constructor = (!derive_default).then(|| {
        let lint = many_arguments(args.len());
        template!(syn::ImplItem, [lint, name = &name, args, inits] {
            /// The required parameters; the optional ones are `None` (set them with the
            /// `with_*` methods).
            #lint
            pub fn new(#args) -> Self {
                #name { #inits }
            }
        })
    });
    let methods: Vec<syn::ImplItem> = constructor.into_iter().chain(setters).collect();
    if !methods.is_empty() {
        items.push(template!(syn::Item, [name = &name, methods] {
            impl #name {
                #methods
            }
        }));
    }
    items.push(validate_impl(&name, checks, false));
    items.extend(serde);
    Some(items)
}

fn param_is_option(p: &Param) -> bool {
    !p.required || p.shape.nullable
}

fn param_type(p: &Param) -> syn::Type {
    let ty = value_ty(&p.shape);
    if param_is_option(p) {
        template!(syn::Type, [ty] { ::std::option::Option<#ty> })
    } else {
        ty
    }
}
