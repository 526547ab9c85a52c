//! `responses.rs`: one enum per operation with a variant per documented status, each carrying
//! its typed body and typed response headers. The server turns them into HTTP responses; the
//! client builds them from HTTP responses.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust::{doc_paragraphs, docs, ident, qualified_nullable_ty, qualified_ty};
use super::template::{NamedField, template};
use crate::ir::{ContentKind, Operation, Response, Status};

/// The top of `responses.rs`; the enums follow, one per operation (`response_enum`).
pub fn prelude() -> TokenStream {
    quote! {
        //! The responses of each operation: one variant per status the spec documents.
    }
}

/// The type of a response body.
pub fn body_ty(response: &Response) -> Option<syn::Type> {
    let content = response.content.as_ref()?;
    Some(match &content.kind {
        ContentKind::Json(shape) | ContentKind::Form(shape) => qualified_nullable_ty(shape),
        ContentKind::Text => template!(syn::Type, [] { ::std::string::String }),
        // Multipart bodies are requests only.
        ContentKind::Binary | ContentKind::Multipart { .. } => {
            template!(syn::Type, [] { ::std::vec::Vec<u8> })
        }
    })
}

/// Whether a variant carries the status code (ranges and `default` do).
pub fn has_status_field(response: &Response) -> bool {
    !matches!(response.status, Status::Code(_))
}

/// Whether a variant has no fields at all.
pub fn is_unit(response: &Response) -> bool {
    !has_status_field(response) && response.content.is_none() && response.headers.is_empty()
}

pub fn status_text(status: &Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(d) => format!("{d}XX"),
        Status::Default => "default".into(),
    }
}

pub fn response_enum(op: &Operation) -> Vec<syn::Item> {
    let name = ident(&op.response_type);
    let doc = format!(
        " Responses of `{} {}` (operation `{}`).",
        op.method.as_str(),
        op.path,
        op.name
    );
    let variants: Vec<syn::Variant> = op.responses.iter().map(variant).collect();
    let mut items = vec![template!(syn::Item, [doc, name = &name, variants] {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant, reason = "responses are built once and moved, not stored")]
        pub enum #name {
            #variants
        }
    })];
    if !op.responses.is_empty() {
        let status_arms: Vec<syn::Arm> = op
            .responses
            .iter()
            .map(|r| {
                let vname = ident(&r.variant);
                match r.status {
                    Status::Code(c) => {
                        let c = Literal::u16_suffixed(c);
                        if is_unit(r) {
                            template!(syn::Arm, [name = &name, vname, c] { #name::#vname => #c, })
                        } else {
                            template!(syn::Arm, [name = &name, vname, c] { #name::#vname { .. } => #c, })
                        }
                    }
                    _ => template!(syn::Arm, [name = &name, vname] { #name::#vname { status, .. } => *status, }),
                }
            })
            .collect();
        items.push(template!(syn::Item, [name, status_arms] {
            impl #name {
                /// The HTTP status code of this response.
                pub fn status(&self) -> u16 {
                    match self {
                        #status_arms
                    }
                }
            }
        }));
    }
    items
}

/// The variant of a response: its status, body and headers.
fn variant(r: &Response) -> syn::Variant {
    let vname = ident(&r.variant);
    let vdoc = docs(&[format!(
        "{}: {}",
        status_text(&r.status),
        r.description.trim()
    )]);
    if is_unit(r) {
        return template!(syn::Variant, [vdoc, vname] { #vdoc #vname });
    }
    let mut fields = Vec::new();
    if has_status_field(r) {
        let doc = match r.status {
            Status::Range(d) => format!(" The status code, {d}00 to {d}99."),
            _ => " The status code.".to_owned(),
        };
        fields.push(template!(NamedField, [doc] { #[doc = #doc] status: u16 }).0);
    }
    if let Some(ty) = body_ty(r) {
        let media = r
            .content
            .as_ref()
            .map(|c| c.media_type.as_str())
            .unwrap_or_default();
        let doc = format!(" The body (`{media}`).");
        fields.push(template!(NamedField, [doc, ty] { #[doc = #doc] body: #ty }).0);
    }
    for h in &r.headers {
        let fname = ident(&h.name);
        let mut ty = qualified_ty(&h.shape);
        if !h.required || h.shape.nullable {
            ty = template!(syn::Type, [ty] { ::std::option::Option<#ty> });
        }
        let mut paragraphs = vec![format!("Header `{}`.", h.wire_name)];
        paragraphs.extend(doc_paragraphs(&h.docs));
        let hdoc = docs(&paragraphs);
        fields.push(template!(NamedField, [hdoc, fname, ty] { #hdoc #fname: #ty }).0);
    }
    template!(syn::Variant, [vdoc, vname, fields] { #vdoc #vname { #fields } })
}
