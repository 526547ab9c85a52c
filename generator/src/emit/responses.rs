//! `responses.rs`: one enum per operation with a variant per documented status, each carrying
//! its typed body and typed response headers. The server turns them into HTTP responses; the
//! client builds them from HTTP responses.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{doc_attrs, doc_paragraphs, ident, qualified_nullable_type, qualified_type};
use crate::ir::{ContentKind, Operation, Response, Status};

/// The top of `responses.rs`; the enums follow, one per operation (`response_enum`).
pub fn prelude() -> TokenStream {
    quote! {
        //! The responses of each operation: one variant per status the spec documents.
    }
}

/// The type of a response body.
pub fn body_type(response: &Response) -> Option<TokenStream> {
    let content = response.content.as_ref()?;
    Some(match &content.kind {
        ContentKind::Json(shape) | ContentKind::Form(shape) => qualified_nullable_type(shape),
        ContentKind::Text => quote!(::std::string::String),
        ContentKind::Binary => quote!(::std::vec::Vec<u8>),
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

pub fn response_enum(op: &Operation) -> TokenStream {
    let name = ident(&op.response_type);
    let doc = format!(
        " Responses of `{} {}` (operation `{}`).",
        op.method.as_str(),
        op.path,
        op.name
    );
    let variants = op.responses.iter().map(|r| {
        let vname = ident(&r.variant);
        let vdoc = doc_attrs(&[format!(
            "{}: {}",
            status_text(&r.status),
            r.description.trim()
        )]);
        if is_unit(r) {
            return quote! { #vdoc #vname, };
        }
        let mut fields = Vec::new();
        if has_status_field(r) {
            let doc = match r.status {
                Status::Range(d) => format!(" The status code, {d}00 to {d}99."),
                _ => " The status code.".to_owned(),
            };
            fields.push(quote! { #[doc = #doc] status: u16 });
        }
        if let Some(ty) = body_type(r) {
            let media = r
                .content
                .as_ref()
                .map(|c| c.media_type.as_str())
                .unwrap_or_default();
            let doc = format!(" The body (`{media}`).");
            fields.push(quote! { #[doc = #doc] body: #ty });
        }
        for h in &r.headers {
            let fname = ident(&h.name);
            let mut ty = qualified_type(&h.shape);
            if !h.required || h.shape.nullable {
                ty = quote!(::std::option::Option<#ty>);
            }
            let mut paragraphs = vec![format!("Header `{}`.", h.wire_name)];
            paragraphs.extend(doc_paragraphs(&h.docs));
            let hdoc = doc_attrs(&paragraphs);
            fields.push(quote! { #hdoc #fname: #ty });
        }
        quote! { #vdoc #vname { #(#fields),* }, }
    });
    let status_arms = op.responses.iter().map(|r| {
        let vname = ident(&r.variant);
        match r.status {
            Status::Code(c) => {
                if is_unit(r) {
                    quote!(#name::#vname => #c,)
                } else {
                    quote!(#name::#vname { .. } => #c,)
                }
            }
            _ => quote!(#name::#vname { status, .. } => *status,),
        }
    });
    let status_fn = if op.responses.is_empty() {
        quote!()
    } else {
        quote! {
            impl #name {
                /// The HTTP status code of this response.
                pub fn status(&self) -> u16 {
                    match self {
                        #(#status_arms)*
                    }
                }
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant, reason = "responses are built once and moved, not stored")]
        pub enum #name {
            #(#variants)*
        }
        #status_fn
    }
}
