//! `multipart/form-data` bodies: for each model that is one, `FromParts` (feature `server`: the
//! router reads the parts member by member, each checked against its schema) and `ToParts`
//! (feature `client`: the client writes the model as parts). Both live in `models.rs`, beside
//! the model, so a member's default (a private `default_x`) is in reach.

use std::collections::{BTreeMap, BTreeSet};

use super::rust::{ident, str_lit, value_ty};
use super::template::{Stmts, template};
use crate::ir::{Additional, Api, ContentKind, Field, StringFormat, Struct, Ty, TypeDef};

/// The types used as `multipart/form-data` bodies, each with the members sent as `deepObject`
/// fields (by any operation using it).
pub fn body_types(api: &Api) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut out: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for op in &api.operations {
        if let Some(ContentKind::Multipart {
            shape,
            deep_objects,
            ..
        }) = op.body.as_ref().map(|b| &b.content.kind)
            && let Ty::Named(name) = &shape.ty
        {
            out.entry(name.as_str())
                .or_default()
                .extend(deep_objects.iter().map(String::as_str));
        }
    }
    out
}

/// How a member travels.
enum Member {
    File,
    Files,
    Value,
    DeepObject,
}

fn member(f: &Field, deep: &BTreeSet<&str>) -> Member {
    if deep.contains(f.wire_name.as_str()) {
        return Member::DeepObject;
    }
    match &f.shape.ty {
        Ty::String(StringFormat::Binary) => Member::File,
        Ty::Array(items) if items.ty == Ty::String(StringFormat::Binary) => Member::Files,
        _ => Member::Value,
    }
}

/// Whether the struct's field is an `Option` (as `models.rs` declares it).
fn is_option(f: &Field) -> bool {
    f.shape.nullable || (!f.required && f.default.is_none())
}

/// The `impl`s for the body model `t` (a struct): `FromParts` when the crate has a server,
/// `ToParts` when it has a client.
pub fn impls(api: &Api, t: &TypeDef, s: &Struct, deep: &BTreeSet<&str>) -> Vec<syn::Item> {
    let name = ident(&t.name);
    let mut out = Vec::new();
    if api.parts.server {
        out.push(from_parts(&name, s, deep));
    }
    if api.parts.client {
        out.push(to_parts(&name, s, deep));
    }
    out
}

fn from_parts(name: &proc_macro2::Ident, s: &Struct, deep: &BTreeSet<&str>) -> syn::Item {
    let mut reads: Vec<syn::Stmt> = Vec::new();
    let mut fields: Vec<syn::FieldValue> = Vec::new();
    for f in &s.fields {
        let var = ident(&f.name);
        let wire = str_lit(&f.wire_name);
        let read = match member(f, deep) {
            Member::File => template!(syn::Expr, [wire] { parts.file(#wire, errors) }),
            Member::DeepObject => {
                let ty = value_ty(&f.shape);
                template!(syn::Expr, [ty, wire] { parts.deep_object::<#ty>(#wire, errors) })
            }
            Member::Files => template!(syn::Expr, [wire] { parts.files(#wire, errors) }),
            Member::Value => {
                let ty = value_ty(&f.shape);
                template!(syn::Expr, [ty, wire] { parts.value::<#ty>(#wire, errors) })
            }
        };
        let read = if f.boxed {
            template!(syn::Expr, [read] { #read.map(::std::boxed::Box::new) })
        } else {
            read
        };
        reads.extend(template!(Stmts, [var = var.clone(), read] { let #var = #read; }).0);
        let value = if is_option(f) {
            template!(syn::Expr, [var = var.clone()] { #var })
        } else if !f.required && f.default.is_some() {
            let default = quote::format_ident!("default_{}", f.name);
            template!(syn::Expr, [var = var.clone(), default] { #var.unwrap_or_else(Self::#default) })
        } else {
            template!(syn::Expr, [var = var.clone()] { #var? })
        };
        fields.push(field_value(var, value));
    }
    if let Additional::Kept { field, .. } = &s.additional {
        // Parts not declared are not kept: a multipart body's extra parts have no JSON value.
        let var = ident(field);
        fields.push(field_value(
            var,
            template!(syn::Expr, [] { ::std::collections::BTreeMap::new() }),
        ));
    }
    template!(syn::Item, [name, reads, fields] {
        #[cfg(feature = "server")]
        impl openapi_runtime::multipart::FromParts for #name {
            fn from_parts(
                parts: &mut openapi_runtime::multipart::Parts,
                errors: &mut openapi_runtime::ValidationErrors,
            ) -> ::std::option::Option<Self> {
                #reads
                Some(Self { #fields })
            }
        }
    })
}

/// `member: expr`, or `member` alone when `expr` is the variable of that name.
fn field_value(member: proc_macro2::Ident, expr: syn::Expr) -> syn::FieldValue {
    let shorthand = matches!(&expr, syn::Expr::Path(p) if p.path.is_ident(&member));
    syn::FieldValue {
        attrs: Vec::new(),
        member: syn::Member::Named(member),
        colon_token: (!shorthand).then(Default::default),
        expr,
    }
}

fn to_parts(name: &proc_macro2::Ident, s: &Struct, deep: &BTreeSet<&str>) -> syn::Item {
    let mut writes: Vec<syn::Stmt> = Vec::new();
    for f in &s.fields {
        let var = ident(&f.name);
        let wire = str_lit(&f.wire_name);
        let option = is_option(f);
        let write = match (member(f, deep), option) {
            (Member::DeepObject, _) => {
                template!(Stmts, [wire, var] { writer.deep_object(#wire, &self.#var)?; })
            }
            (Member::File, false) => {
                template!(Stmts, [wire, var] { writer.file(#wire, Some(&self.#var))?; })
            }
            (Member::File, true) => {
                template!(Stmts, [wire, var] { writer.file(#wire, self.#var.as_ref())?; })
            }
            (Member::Files, false) => {
                template!(Stmts, [wire, var] { writer.files(#wire, &self.#var)?; })
            }
            (Member::Files, true) => template!(Stmts, [wire, var] {
                writer.files(#wire, self.#var.as_deref().unwrap_or_default())?;
            }),
            (Member::Value, _) => {
                template!(Stmts, [wire, var] { writer.value(#wire, &self.#var)?; })
            }
        };
        writes.extend(write.0);
    }
    if let Additional::Kept { field, .. } = &s.additional {
        let var = ident(field);
        writes.extend(
            template!(Stmts, [var] {
                for (name, value) in &self.#var {
                    writer.value(name, value)?;
                }
            })
            .0,
        );
    }
    template!(syn::Item, [name, writes] {
        #[cfg(feature = "client")]
        impl openapi_runtime::multipart::ToParts for #name {
            fn to_parts(
                &self,
                writer: &mut openapi_runtime::multipart::Writer,
            ) -> ::std::result::Result<(), openapi_runtime::client::ClientError> {
                #writes
                Ok(())
            }
        }
    })
}
