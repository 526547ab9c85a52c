//! The generated crate as one Rust file for `include!` (a build script's output): the modules
//! of `src/lib.rs` inlined (`pub mod models { ... }`), without the crate-level attributes an
//! included file cannot have, without feature gates (the settings' parts decided what is
//! there), and with every `crate::` path pointing at the module the file is included in.

use proc_macro2::{Group, Ident, Punct, Spacing, TokenStream, TokenTree};

use super::GeneratedFile;
use crate::error::{Error, Result};

/// One file of Rust items from the crate's files: `module` is the path of the module that
/// includes it, from the including crate's root (`""` when it is included at the root).
pub fn include_file(files: &[GeneratedFile], module: &str) -> Result<String> {
    let source = |path: &str| {
        files
            .iter()
            .find(|f| f.path == std::path::Path::new(path))
            .map(|f| f.contents.as_str())
            .ok_or_else(|| emit_error(path, "not generated"))
    };
    let lib = parse(source("src/lib.rs")?, "src/lib.rs")?;
    let mut items = Vec::new();
    for mut item in lib.items {
        if let syn::Item::Mod(m) = &mut item
            && m.content.is_none()
        {
            let path = format!("src/{}.rs", m.ident);
            let file = parse(source(&path)?, &path)?;
            m.attrs.extend(file.attrs);
            m.content = Some((Default::default(), file.items));
            m.semi = None;
        }
        items.push(item);
    }
    let mut file = syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items,
    };
    syn::visit_mut::VisitMut::visit_file_mut(&mut FeatureGates, &mut file);
    let mut file = if module.is_empty() {
        file
    } else {
        let segments: Vec<&str> = module.split("::").collect();
        let tokens = reroot(quote::ToTokens::into_token_stream(file), &segments);
        syn::parse2(tokens).map_err(|e| emit_error("include", &e.to_string()))?
    };
    if !module.is_empty() {
        reroot_doc_links(&mut file, module);
    }
    Ok(prettyplease::unparse(&file))
}

fn parse(text: &str, path: &str) -> Result<syn::File> {
    syn::parse_file(text).map_err(|e| emit_error(path, &e.to_string()))
}

fn emit_error(file: &str, message: &str) -> Error {
    Error::Emit {
        file: file.into(),
        message: message.into(),
    }
}

/// Drops `#[cfg(feature = "...")]` on every item: an included crate has no features of its
/// own; the parts it has are those the settings asked for.
struct FeatureGates;

impl syn::visit_mut::VisitMut for FeatureGates {
    fn visit_item_mut(&mut self, item: &mut syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => Some(&mut m.attrs),
            syn::Item::Use(u) => Some(&mut u.attrs),
            syn::Item::Impl(i) => Some(&mut i.attrs),
            syn::Item::Fn(f) => Some(&mut f.attrs),
            _ => None,
        };
        if let Some(attrs) = attrs {
            attrs.retain(|a| {
                let feature_gate = a.path().is_ident("cfg")
                    && a.parse_args::<syn::MetaNameValue>()
                        .is_ok_and(|nv| nv.path.is_ident("feature"));
                !feature_gate
            });
        }
        syn::visit_mut::visit_item_mut(self, item);
    }
}

/// Every `crate ::` in `tokens` becomes `crate :: <segments> ::`.
fn reroot(tokens: TokenStream, segments: &[&str]) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while let Some(tt) = tokens.get(i) {
        match tt {
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), reroot(g.stream(), segments));
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            TokenTree::Ident(ident) if ident == "crate" && is_path_sep(&tokens, i + 1) => {
                out.push(tt.clone());
                for segment in segments {
                    out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
                    out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
                    out.push(TokenTree::Ident(Ident::new(segment, ident.span())));
                }
            }
            _ => out.push(tt.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

fn is_path_sep(tokens: &[TokenTree], i: usize) -> bool {
    matches!(
        (tokens.get(i), tokens.get(i + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

/// Intra-doc links (`[`crate::models::Pet`]`) follow the module too.
fn reroot_doc_links(file: &mut syn::File, module: &str) {
    use syn::visit_mut::VisitMut;
    struct Docs<'a>(&'a str);
    impl VisitMut for Docs<'_> {
        fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
            if let syn::Meta::NameValue(nv) = &mut attr.meta
                && nv.path.is_ident("doc")
                && let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) = &mut nv.value
                && text.value().contains("crate::")
            {
                let value = text
                    .value()
                    .replace("crate::", &format!("crate::{}::", self.0));
                *text = syn::LitStr::new(&value, text.span());
            }
        }
    }
    Docs(module).visit_file_mut(file);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_paths_follow_the_module_everywhere() {
        let tokens: TokenStream = quote::quote! {
            use crate::models::Pet;
            fn f() -> crate::models::Pet { g!(crate::x) }
            const C: &str = "crate::kept";
        };
        let out = reroot(tokens, &["gen", "api"]).to_string();
        assert_eq!(
            out,
            "use crate :: gen :: api :: models :: Pet ; fn f () -> crate :: gen :: api :: models :: Pet { g ! (crate :: gen :: api :: x) } const C : & str = \"crate::kept\" ;"
        );
    }

    #[test]
    fn modules_are_inlined_without_feature_gates_or_crate_attributes() {
        let file = |path: &str, contents: &str| GeneratedFile {
            path: path.into(),
            contents: contents.into(),
        };
        let files = [
            file(
                "src/lib.rs",
                "//! The crate.\n#![warn(missing_docs)]\n#[cfg(feature = \"client\")]\npub mod client;\npub mod models;\n",
            ),
            file("src/client.rs", "//! Client.\nuse crate::models::Pet;\n"),
            file(
                "src/models.rs",
                "//! Models.\n/// See [`crate::models::Pet`].\npub struct Pet;\n",
            ),
        ];
        let text = include_file(&files, "api").unwrap();
        assert!(!text.contains("missing_docs") && !text.contains("The crate."));
        assert!(!text.contains("cfg"));
        assert!(
            text.contains("pub mod client {\n    //! Client.\n    use crate::api::models::Pet;")
        );
        assert!(text.contains("[`crate::api::models::Pet`]"));
        syn::parse_file(&text).unwrap();
    }
}
