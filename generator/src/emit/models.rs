//! `models.rs`: a Rust type for every schema, request body, response body and parameter set,
//! each with its `Validate` impl.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::rust::{
    code, describe_checks, doc_attrs, doc_paragraphs, float_lit, ident, nullable_type, str_lit,
    value_type,
};
use super::validate::{Place, Plan};
use crate::ir::{
    Additional, Api, Default, Enum, Field, Operation, Param, Shape, Struct, TypeDef, TypeKind,
    Union, UnionVariant,
};

/// One top-level item of `models.rs`.
pub enum Item<'a> {
    Type(&'a TypeDef),
    Params(&'a Operation),
}

/// What makes the items: the API and which types need checking.
pub struct Models<'a> {
    api: &'a Api,
    plan: Plan<'a>,
}

impl<'a> Models<'a> {
    pub fn new(api: &'a Api) -> Self {
        Models {
            api,
            plan: Plan::new(api),
        }
    }

    /// The inner docs and imports at the top of the file.
    pub fn prelude(&self) -> TokenStream {
        let title = format!(
            " Models of {}: every schema, request and response body, and parameter set.",
            self.api.title.trim()
        );
        // A spec without schemas or parameters has no items that use it.
        let import = if self.items().is_empty() {
            quote!()
        } else {
            quote!(
                use crate::validation;
            )
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

    /// The tokens of one item (and its impls).
    pub fn item(&self, item: &Item<'_>) -> TokenStream {
        match item {
            Item::Type(t) => type_def(self.api, &self.plan, t),
            Item::Params(op) => params_struct(self.api, &self.plan, op).unwrap_or_default(),
        }
    }
}

fn type_def(api: &Api, plan: &Plan, t: &TypeDef) -> TokenStream {
    let mut paragraphs = doc_paragraphs(&t.docs);
    if let TypeKind::Alias(shape) = &t.kind
        && let Some(checks) = describe_checks(api, shape)
    {
        paragraphs.push(format!(
            "Constraints (checked wherever this type is used): {checks}."
        ));
    }
    if let Some(source) = &t.docs.source {
        paragraphs.push(format!("Source: {}", code(&source.to_string())));
    }
    let docs = doc_attrs(&paragraphs);
    let name = ident(&t.name);
    match &t.kind {
        TypeKind::Struct(s) => struct_def(api, plan, &name, &docs, s),
        TypeKind::Enum(e) => enum_def(&name, &docs, e),
        TypeKind::Union(u) => union_def(api, plan, &name, &docs, u),
        TypeKind::Alias(shape) => {
            let ty = nullable_type(shape);
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
    }
}

/// Whether a field is an `Option`: nullable, or optional without a default.
fn is_option(f: &Field) -> bool {
    f.shape.nullable || (!f.required && f.default.is_none())
}

fn field_type(f: &Field) -> TokenStream {
    let mut ty = value_type(&f.shape);
    if f.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    if is_option(f) {
        quote!(::std::option::Option<#ty>)
    } else {
        ty
    }
}

fn field_docs(api: &Api, f: &Field) -> TokenStream {
    let mut paragraphs = doc_paragraphs(&f.docs);
    if let Some(checks) = describe_checks(api, &f.shape) {
        paragraphs.push(format!("Constraints: {checks}."));
    }
    if let Some(d) = &f.default {
        paragraphs.push(format!("Default: {}.", code(&default_text(d))));
    }
    doc_attrs(&paragraphs)
}

fn default_fn_name(f: &Field) -> proc_macro2::Ident {
    format_ident!("default_{}", f.name)
}

fn struct_def(
    api: &Api,
    plan: &Plan,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    s: &Struct,
) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let ty = field_type(f);
        let fdocs = field_docs(api, f);
        let mut serde_args = Vec::new();
        if f.name != f.wire_name {
            let wire = str_lit(&f.wire_name);
            serde_args.push(quote!(rename = #wire));
        }
        if f.default.is_some() {
            let path = str_lit(&format!("{name}::{}", default_fn_name(f)));
            serde_args.push(quote!(default = #path));
        } else if is_option(f) && !f.required {
            serde_args.push(quote!(
                default,
                skip_serializing_if = "::std::option::Option::is_none"
            ));
            // Absent is `None`, but an explicit `null` is only valid when `nullable`.
            if !f.shape.nullable && f.shape.ty != crate::ir::Ty::Any {
                serde_args.push(quote!(deserialize_with = "crate::validation::non_null"));
            }
        }
        let serde = if serde_args.is_empty() {
            quote!()
        } else {
            quote!(#[serde(#(#serde_args),*)])
        };
        quote! {
            #fdocs
            #serde
            pub #fname: #ty,
        }
    });
    let (extra_field, deny_unknown) = match &s.additional {
        Additional::Ignored => (quote!(), quote!()),
        Additional::Forbidden => (quote!(), quote!(#[serde(deny_unknown_fields)])),
        Additional::Kept { field, values } => {
            let fname = ident(field);
            let ty = super::rust::nullable_type(values);
            let mut paragraphs =
                vec!["Members not declared in `properties` (`additionalProperties`).".to_owned()];
            if let Some(checks) = describe_checks(api, values) {
                paragraphs.push(format!("Constraints on each value: {checks}."));
            }
            let fdocs = doc_attrs(&paragraphs);
            (
                quote! {
                    #fdocs
                    #[serde(flatten)]
                    pub #fname: ::std::collections::BTreeMap<::std::string::String, #ty>,
                },
                quote!(),
            )
        }
    };
    let defaults: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| {
            let d = f.default.as_ref()?;
            let fn_name = default_fn_name(f);
            let ty = field_type(f);
            let mut value = default_expr(d, &f.shape);
            if is_option(f) {
                value = quote!(Some(#value));
            }
            let doc = format!(" The spec's default for `{}`.", f.wire_name);
            Some(quote! {
                #[doc = #doc]
                fn #fn_name() -> #ty {
                    #value
                }
            })
        })
        .collect();
    let defaults = if defaults.is_empty() {
        quote!()
    } else {
        quote! {
            impl #name {
                #(#defaults)*
            }
        }
    };
    let body = struct_checks(
        plan,
        s.fields
            .iter()
            .map(|f| (f.wire_name.as_str(), ident(&f.name), &f.shape, is_option(f))),
    );
    let mut body = body;
    if let Additional::Kept { field, values } = &s.additional
        && plan.shape_needs(values)
    {
        let fname = ident(field);
        let inner = plan.maybe_null(values);
        body.extend(quote! {
            for (key, value) in &self.#fname {
                let location = &location.key(key);
                #inner
            }
        });
    }
    let validate = validate_impl(name, body, true);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #deny_unknown
        pub struct #name {
            #(#fields)*
            #extra_field
        }
        #defaults
        #validate
    }
}

/// The checks of each field: `(wire name, field ident, shape, is Option)`.
fn struct_checks<'a>(
    plan: &Plan,
    fields: impl Iterator<Item = (&'a str, proc_macro2::Ident, &'a Shape, bool)>,
) -> TokenStream {
    let mut out = TokenStream::new();
    for (wire, fname, shape, option) in fields {
        if !plan.shape_needs(shape) {
            continue;
        }
        let key = str_lit(wire);
        let location = quote!(&location.key(#key));
        // A single check is one call on the field (inside `if let Some` for an `Option`).
        let single = if option {
            plan.single_check(shape, &Place::bound(), &location)
                .map(|call| quote!(if let Some(value) = &self.#fname { #call }))
        } else {
            plan.single_check(shape, &Place::field(&fname), &location)
        };
        if let Some(single) = single {
            out.extend(single);
            continue;
        }
        let checks = plan.value_checks(shape);
        if option {
            out.extend(quote! {
                if let Some(value) = &self.#fname {
                    let location = &location.key(#key);
                    #checks
                }
            });
        } else {
            out.extend(quote! {
                {
                    let location = &location.key(#key);
                    let value = &self.#fname;
                    #checks
                }
            });
        }
    }
    out
}

/// `impl Validate`; `uses_location` is false for parameter sets, whose locations are absolute
/// (`path/...`, `header/...`).
fn validate_impl(name: &proc_macro2::Ident, body: TokenStream, uses_location: bool) -> TokenStream {
    let (location, errors) = if body.is_empty() {
        (quote!(_location), quote!(_errors))
    } else if !uses_location {
        (quote!(_location), quote!(errors))
    } else {
        (quote!(location), quote!(errors))
    };
    quote! {
        impl validation::Validate for #name {
            fn validate_at(&self, #location: &validation::Location<'_>, #errors: &mut validation::ValidationErrors) {
                #body
            }
        }
    }
}

fn variant_type(v: &UnionVariant) -> TokenStream {
    let ty = value_type(&v.shape);
    if v.boxed {
        quote!(::std::boxed::Box<#ty>)
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
    docs: &TokenStream,
    u: &Union,
) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let ty = variant_type(v);
        let vdocs = match describe_checks(api, &v.shape) {
            Some(checks) => doc_attrs(&[format!("Constraints: {checks}.")]),
            None => quote!(),
        };
        quote! {
            #vdocs
            #vname(#ty),
        }
    });
    let keyword = if u.exclusive { "oneOf" } else { "anyOf" };
    let deserialize_body = match &u.discriminator {
        Some(d) => {
            let property = str_lit(&d.property);
            let arms = u.variants.iter().enumerate().map(|(i, v)| {
                let vname = ident(&v.name);
                let ty = variant_type(v);
                let values = d
                    .mapping
                    .iter()
                    .filter(|(_, j)| *j == i)
                    .map(|(value, _)| str_lit(value));
                quote! {
                    #(#values)|* => <#ty as ::serde::Deserialize>::deserialize(&value)
                        .map(#name::#vname)
                        .map_err(<D::Error as ::serde::de::Error>::custom),
                }
            });
            let values = d.mapping.iter().map(|(value, _)| str_lit(value));
            quote! {
                match value.get(#property).map(|tag| tag.as_str()) {
                    ::std::option::Option::Some(::std::option::Option::Some(tag)) => match tag {
                        #(#arms)*
                        other => Err(<D::Error as ::serde::de::Error>::unknown_variant(other, &[#(#values),*])),
                    },
                    ::std::option::Option::Some(::std::option::Option::None) => Err(<D::Error as ::serde::de::Error>::custom(concat!("the discriminator ", #property, " must be a string"))),
                    ::std::option::Option::None => Err(<D::Error as ::serde::de::Error>::missing_field(#property)),
                }
            }
        }
        None => {
            let attempts = u.variants.iter().map(|v| {
                let vname = ident(&v.name);
                let ty = variant_type(v);
                quote!(|v| <#ty as ::serde::Deserialize>::deserialize(v).ok().map(#name::#vname))
            });
            let count = Literal::usize_unsuffixed(u.variants.len());
            let message =
                format!("the value matches none of the alternatives of `{name}` ({keyword})");
            quote! {
                let alternatives: [fn(&::serde_json::Value) -> ::std::option::Option<Self>; #count] = [#(#attempts),*];
                validation::first_alternative(&value, &alternatives)
                    .ok_or_else(|| <D::Error as ::serde::de::Error>::custom(#message))
            }
        }
    };
    let arms: Vec<(TokenStream, TokenStream)> = u
        .variants
        .iter()
        .filter(|v| plan.shape_needs(&v.shape))
        .map(|v| {
            let vname = ident(&v.name);
            let checks = plan.value_checks(&v.shape);
            let deref = if v.boxed {
                quote!(let value = &**value;)
            } else {
                quote!()
            };
            (quote!(#name::#vname(value)), quote!(#deref #checks))
        })
        .collect();
    let body = match arms.as_slice() {
        [] => quote!(),
        [(pattern, checks)] => quote! {
            if let #pattern = self {
                #checks
            }
        },
        _ => {
            let rest = (arms.len() < u.variants.len()).then(|| quote!(_ => {}));
            let arms = arms.iter().map(|(p, c)| quote!(#p => { #c }));
            quote! {
                match self {
                    #(#arms)*
                    #rest
                }
            }
        }
    };
    let validate = validate_impl(name, body, true);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                #deserialize_body
            }
        }

        #validate
    }
}

fn enum_def(name: &proc_macro2::Ident, docs: &TokenStream, e: &Enum) -> TokenStream {
    let variants = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let vdocs = doc_attrs(&doc_paragraphs(&v.docs));
        quote! {
            #vdocs
            #vname,
        }
    });
    let all = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        quote!(Self::#vname)
    });
    let values = e.variants.iter().map(|v| str_lit(&v.value));
    let count = Literal::usize_unsuffixed(e.variants.len());
    // `as_str`, `Display`, `FromStr`, serde and `Validate` come from the runtime's
    // `string_enum!`, by `ALL` and `VALUES`.
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// Every value, in the spec's order.
            pub const ALL: [#name; #count] = [#(#all),*];

            /// The values as written in the spec, in the order of [`Self::ALL`].
            pub const VALUES: [&'static str; #count] = [#(#values),*];
        }

        validation::string_enum!(#name);
    }
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

fn default_expr(d: &Default, shape: &Shape) -> TokenStream {
    match d {
        Default::Bool(b) => quote!(#b),
        Default::Int(i) => {
            let i = Literal::i64_unsuffixed(*i);
            quote!(#i)
        }
        Default::Float(f) => float_lit(*f),
        Default::String(s) => quote!(::std::string::String::from(#s)),
        Default::EnumVariant {
            type_name, variant, ..
        } => {
            let t = ident(type_name);
            let v = ident(variant);
            quote!(#t::#v)
        }
        Default::Array(items) => {
            let item_shape = match &shape.ty {
                crate::ir::Ty::Array(items) => items.as_ref(),
                _ => shape,
            };
            let items = items.iter().map(|i| default_expr(i, item_shape));
            quote!(::std::vec![#(#items),*])
        }
        Default::Json(v) => {
            let text = str_lit(&v.to_string());
            quote!(::serde_json::from_str(#text).expect("the generator wrote this JSON"))
        }
    }
}

/// The parameter set of an operation: one field per parameter, validated like a model, with
/// locations such as `path/OrganisationId` and `header/x-fapi-auth-date`.
fn params_struct(api: &Api, plan: &Plan, op: &Operation) -> Option<TokenStream> {
    let type_name = op.params_type.as_ref()?;
    let name = ident(type_name);
    let doc = format!(
        " Parameters of `{} {}` (operation `{}`).",
        op.method.as_str(),
        op.path,
        op.name
    );
    let fields = op.params.iter().map(|p| {
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
        let docs = doc_attrs(&paragraphs);
        quote! {
            #docs
            pub #fname: #ty,
        }
    });
    let mut checks = TokenStream::new();
    for p in &op.params {
        if !plan.shape_needs(&p.shape) {
            continue;
        }
        let fname = ident(&p.name);
        let inner = plan.value_checks(&p.shape);
        let root = str_lit(p.location.as_str());
        let key = str_lit(&p.wire_name);
        if param_is_option(p) {
            checks.extend(quote! {
                if let Some(value) = &self.#fname {
                    let location = &validation::Location::root(#root);
                    let location = &location.key(#key);
                    #inner
                }
            });
        } else {
            checks.extend(quote! {
                {
                    let location = &validation::Location::root(#root);
                    let location = &location.key(#key);
                    let value = &self.#fname;
                    #inner
                }
            });
        }
    }
    let derive_default = op.params.iter().all(param_is_option);
    // Serde keys are the field names: the server reads the set, and the client writes it,
    // through its table in `schemas.rs`, which says where each field goes.
    let derives = if derive_default {
        quote!(#[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)])
    };
    let validate = validate_impl(&name, checks, false);
    let constructor = if derive_default {
        quote!()
    } else {
        // The required parameters as arguments, the optional ones `None`.
        let args = op.params.iter().filter(|p| !param_is_option(p)).map(|p| {
            let f = ident(&p.name);
            let ty = param_type(p);
            quote!(#f: #ty)
        });
        let inits = op.params.iter().map(|p| {
            let f = ident(&p.name);
            if param_is_option(p) {
                quote!(#f: None)
            } else {
                quote!(#f)
            }
        });
        quote! {
            impl #name {
                /// The required parameters; the optional ones are `None` (set them after).
                pub fn new(#(#args),*) -> Self {
                    #name { #(#inits),* }
                }
            }
        }
    };
    Some(quote! {
        #[doc = #doc]
        #derives
        pub struct #name {
            #(#fields)*
        }
        #constructor
        #validate
    })
}

fn param_is_option(p: &Param) -> bool {
    !p.required || p.shape.nullable
}

fn param_type(p: &Param) -> TokenStream {
    let ty = value_type(&p.shape);
    if param_is_option(p) {
        quote!(::std::option::Option<#ty>)
    } else {
        ty
    }
}
