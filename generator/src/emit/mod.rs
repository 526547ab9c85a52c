//! Stage 3: emit the generated crate from the IR. Rust is built as token trees with `quote!`
//! and printed with `prettyplease`; text that is not Rust comes from the minijinja templates in
//! `templates/`.

mod client;
mod errors;
mod include;
mod mock;
mod models;
mod multipart;
mod responses;
mod rust;
mod schemas;
mod serde_impls;
mod server;
mod template;
mod validate;

pub use include::include_file;

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::ir::{Api, StringFormat, Ty, TypeKind};
use crate::{Options, Runtime};
use rust::{doc_attrs, static_ident, str_lit};

/// One file of the generated crate, with its path relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: String,
}

/// The marker every generated file carries (tools such as GitHub and `cargo xtask check` look
/// for it).
pub const MARKER: &str = "@generated";

/// The runtime crate's version (`runtime/Cargo.toml`).
pub const RUNTIME_VERSION: &str = openapi_runtime::VERSION;

/// The runtime's package name, and the folder of a vendored copy inside a generated crate.
pub(crate) const RUNTIME_PACKAGE: &str = "openapi-runtime";

/// The runtime crate's files (`runtime/`), for a vendored copy: its manifest, then its sources.
const RUNTIME_MANIFEST: &str = include_str!("../../../runtime/Cargo.toml");
const RUNTIME_SOURCES: [(&str, &str); 11] = [
    ("src/lib.rs", include_str!("../../../runtime/src/lib.rs")),
    (
        "src/validation.rs",
        include_str!("../../../runtime/src/validation.rs"),
    ),
    (
        "src/schema.rs",
        include_str!("../../../runtime/src/schema.rs"),
    ),
    (
        "src/model.rs",
        include_str!("../../../runtime/src/model.rs"),
    ),
    (
        "src/object.rs",
        include_str!("../../../runtime/src/object.rs"),
    ),
    (
        "src/server.rs",
        include_str!("../../../runtime/src/server.rs"),
    ),
    (
        "src/client.rs",
        include_str!("../../../runtime/src/client.rs"),
    ),
    (
        "src/bytes.rs",
        include_str!("../../../runtime/src/bytes.rs"),
    ),
    ("src/file.rs", include_str!("../../../runtime/src/file.rs")),
    (
        "src/multipart.rs",
        include_str!("../../../runtime/src/multipart.rs"),
    ),
    (
        "src/fuzzing.rs",
        include_str!("../../../runtime/src/fuzzing.rs"),
    ),
];
const CARGO_TOML: &str = include_str!("../../../templates/Cargo.toml.j2");
const README: &str = include_str!("../../../templates/README.md.j2");
const GITATTRIBUTES: &str = include_str!("../../../templates/gitattributes.j2");
const RUSTFMT_TOML: &str = include_str!("../../../templates/rustfmt.toml.j2");

/// `a`, `a and b`, `a, b and c`.
fn english_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Every file of the crate for `api`, in a fixed order.
pub fn emit(api: &Api, options: &Options) -> Result<Vec<GeneratedFile>> {
    let mut files = Vec::new();
    let header = &header(api, &options.regenerate);
    // Whether `format: byte` values (the runtime's `Base64`) are used.
    let base64 = uses_base64(api);
    let context = template_context(api, options, base64);
    files.push(text_file(
        "Cargo.toml",
        "Cargo.toml.j2",
        CARGO_TOML,
        &context,
    )?);
    files.push(text_file("README.md", "README.md.j2", README, &context)?);
    files.push(text_file(
        ".gitattributes",
        "gitattributes.j2",
        GITATTRIBUTES,
        &context,
    )?);
    files.push(text_file(
        "rustfmt.toml",
        "rustfmt.toml.j2",
        RUSTFMT_TOML,
        &context,
    )?);
    let statics = schemas::Statics::new(api);
    let server_plan = server::ServerPlan::new(api, &statics);
    // The Rust files are built at the same time (and each big one in parallel batches) on one
    // thread pool, so its threads and their allocator caches serve every file.
    type Job<'a> = Box<dyn Fn() -> Result<GeneratedFile> + Send + Sync + 'a>;
    let parts = api.parts;
    let mut jobs: Vec<Job> = vec![
        Box::new(|| models_file(api, &statics, header)),
        Box::new(|| {
            chunked_file(
                header,
                "src/schemas.rs",
                vec![Box::new(schemas::prelude)],
                &schemas::items(api),
                |item| schemas::item(api, &statics, item).into(),
            )
        }),
        Box::new(|| {
            chunked_file(
                header,
                "src/responses.rs",
                vec![Box::new(responses::prelude)],
                &api.operations,
                |op| responses::response_enum(op).into(),
            )
        }),
        Box::new(|| rust_file(header, "src/lib.rs", lib_rs(api, base64))),
        Box::new(|| rust_file(header, "src/patterns.rs", patterns_rs(api))),
    ];
    if parts.server {
        jobs.push(Box::new(|| {
            chunked_file(
                header,
                "src/server.rs",
                server::prelude(&server_plan),
                &api.operations,
                |op| server::operation(&server_plan, op).into(),
            )
        }));
    }
    if parts.client {
        jobs.push(Box::new(|| {
            chunked_file(
                header,
                "src/client.rs",
                vec![Box::new(|| client::client(api))],
                &api.operations,
                |op| client::operation(api, &statics, op).into(),
            )
        }));
    }
    if parts.mock {
        jobs.push(Box::new(|| {
            syntax_file(header, "src/mock.rs", &mock::mock(api, &options.crate_name))
        }));
        jobs.push(Box::new(|| {
            rust_file(
                header,
                "src/bin/mock.rs",
                mock::mock_bin(api, &options.crate_name),
            )
        }));
    }
    let rust_files: Vec<GeneratedFile> = jobs.par_iter().map(|job| job()).collect::<Result<_>>()?;
    files.extend(rust_files);
    if options.runtime == Runtime::Vendored {
        files.extend(vendored_runtime(&options.regenerate));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The runtime crate, copied into `openapi-runtime/` (sources as they are, the manifest without
/// its development dependencies), each file with the generated-file header.
fn vendored_runtime(regenerate: &str) -> Vec<GeneratedFile> {
    let header = |comment: &str| {
        format!(
            "{comment} {MARKER} by the generator: a copy of {RUNTIME_PACKAGE} {RUNTIME_VERSION}. Do not edit:\n{comment} regenerate with `{regenerate}`.\n"
        )
    };
    let manifest = match RUNTIME_MANIFEST.split_once("\n[dev-dependencies]") {
        Some((before, after)) => {
            let rest = after.find("\n[").map_or("", |i| &after[i..]);
            format!("{before}{rest}")
        }
        None => RUNTIME_MANIFEST.to_owned(),
    };
    let mut files = vec![GeneratedFile {
        path: PathBuf::from(RUNTIME_PACKAGE).join("Cargo.toml"),
        contents: format!("{}\n{manifest}", header("#")),
    }];
    files.extend(RUNTIME_SOURCES.iter().map(|(path, source)| GeneratedFile {
        path: PathBuf::from(RUNTIME_PACKAGE).join(path),
        contents: format!("{}\n{source}", header("//")),
    }));
    files
}

/// The first lines of every generated Rust file: the marker, the source and the command that
/// regenerates it.
fn header(api: &Api, regenerate: &str) -> String {
    format!(
        "// {MARKER} by the generator from {} ({} {}). Do not edit:\n// change the spec or the generator and regenerate with `{regenerate}`.\n",
        api.source_file, api.title, api.version
    )
}

fn rust_file(header: &str, path: &str, tokens: TokenStream) -> Result<GeneratedFile> {
    Ok(GeneratedFile {
        path: path.into(),
        contents: format!("{header}\n{}", format_rust(path, tokens)?),
    })
}

/// A Rust file built as a syntax tree.
fn syntax_file(header: &str, path: &str, file: &syn::File) -> Result<GeneratedFile> {
    Ok(GeneratedFile {
        path: path.into(),
        contents: format!("{header}\n{}", print_file(file)),
    })
}

/// Parse tokens as a file and print them.
fn format_rust(path: &str, tokens: TokenStream) -> Result<String> {
    Ok(print_file(&parse_file(path, tokens)?))
}

fn parse_file(path: &str, tokens: TokenStream) -> Result<syn::File> {
    syn::parse2(tokens).map_err(|e| Error::Emit {
        file: path.into(),
        message: e.to_string(),
    })
}

fn print_file(file: &syn::File) -> String {
    space_items(&prettyplease::unparse(file))
}

/// The code of an item (or a few): tokens still to be parsed, or syntax trees filled in from
/// templates (see `template.rs`).
pub(crate) enum Code {
    Tokens(TokenStream),
    Items(Vec<syn::Item>),
}

impl From<TokenStream> for Code {
    fn from(tokens: TokenStream) -> Self {
        Code::Tokens(tokens)
    }
}

impl From<Vec<syn::Item>> for Code {
    fn from(items: Vec<syn::Item>) -> Self {
        Code::Items(items)
    }
}

impl From<syn::Item> for Code {
    fn from(item: syn::Item) -> Self {
        Code::Items(vec![item])
    }
}

/// `models.rs`, the bulk of the output.
fn models_file(api: &Api, statics: &schemas::Statics, header: &str) -> Result<GeneratedFile> {
    let models = models::Models::new(api, statics);
    chunked_file(
        header,
        "src/models.rs",
        vec![Box::new(|| models.prelude())],
        &models.items(),
        |item| models.item(item).into(),
    )
}

/// A piece of a file's prelude, built on the thread that formats it (token streams cannot cross
/// threads): a closure returning tokens or syntax trees (anything that is [`Code`]).
pub(crate) type Part<'a> = Box<dyn MakeCode + Send + Sync + 'a>;

/// A closure that makes [`Code`]: a [`Part`].
pub(crate) trait MakeCode {
    fn make(&self) -> Code;
}

impl<F: Fn() -> T, T: Into<Code>> MakeCode for F {
    fn make(&self) -> Code {
        self().into()
    }
}

/// A file made of prelude parts and many independent items. The parts, and the items in small
/// batches, are built and formatted at once on the thread pool, so a big part (a trait with a
/// method per operation) does not hold up the rest. Small batches keep memory low: a batch's
/// token trees and syntax tree are freed before the next is built, so the allocator reuses the
/// same memory. The texts are joined in order, so the output does not depend on the number of
/// threads.
fn chunked_file<I: Sync>(
    header: &str,
    path: &str,
    prelude: Vec<Part<'_>>,
    items: &[I],
    make: impl Fn(&I) -> Code + Sync,
) -> Result<GeneratedFile> {
    /// Items per batch: enough that the per-batch cost is nothing, few enough that a batch's
    /// trees stay small.
    const BATCH: usize = 8;
    let batches: Vec<&[I]> = items.chunks(BATCH).collect();
    let parts = prelude.len();
    let texts: Vec<String> = (0..parts + batches.len())
        .into_par_iter()
        .map(|i| {
            if let Some(part) = prelude.get(i) {
                return match part.make() {
                    Code::Tokens(tokens) => format_rust(path, tokens),
                    Code::Items(items) => Ok(print_file(&syn::File {
                        shebang: None,
                        frontmatter: None,
                        attrs: Vec::new(),
                        items,
                    })),
                };
            }
            let mut items = Vec::new();
            for code in batches[i - parts].iter().map(&make) {
                match code {
                    Code::Tokens(tokens) => items.extend(parse_file(path, tokens)?.items),
                    Code::Items(more) => items.extend(more),
                }
            }
            Ok(print_file(&syn::File {
                shebang: None,
                frontmatter: None,
                attrs: Vec::new(),
                items,
            }))
        })
        .collect::<Result<_>>()?;
    let mut contents = header.to_owned();
    contents.reserve(texts.iter().map(|t| t.len() + 1).sum());
    for (i, text) in texts.iter().enumerate() {
        if i == 0 || !text.is_empty() {
            contents.push('\n');
            contents.push_str(text);
        }
    }
    Ok(GeneratedFile {
        path: path.into(),
        contents,
    })
}

fn lib_rs(api: &Api, base64: bool) -> TokenStream {
    let mut paragraphs = vec![format!(
        "# {} (version {})",
        api.title.trim(),
        api.version.trim()
    )];
    if let Some(d) = &api.description {
        paragraphs.push(d.clone());
    }
    paragraphs.push(format!(
        "Generated from `{}`: a type for every schema, body and parameter set in [`models`], \
         each checked against the spec by [`Validate`]. The checks themselves live in the \
         runtime crate, [`openapi_runtime`].",
        api.source_file
    ));
    let docs = doc_attrs(&paragraphs);
    // Inner doc attributes: turn `#[doc = ..]` into `#![doc = ..]`.
    let inner = docs.into_iter().collect::<Vec<_>>();
    let mut inner_docs = TokenStream::new();
    for tt in inner {
        if let proc_macro2::TokenTree::Punct(p) = &tt
            && p.as_char() == '#'
        {
            inner_docs.extend(quote!(#!));
            continue;
        }
        inner_docs.extend(std::iter::once(tt));
    }
    let mut reexports = vec![quote! {
        /// The `serde_json` this crate's types use (`serde_json::Value` members).
        pub use serde_json;
    }];
    if uses_chrono(api) {
        reexports.push(quote! {
            /// The `chrono` this crate's date and date-time members use.
            pub use chrono;
        });
    }
    if uses_uuid(api) {
        reexports.push(quote! {
            /// The `uuid` this crate's UUID members use.
            pub use uuid;
        });
    }
    let parts = api.parts;
    if parts.server {
        reexports.push(quote! {
            /// The `axum` the server is built on (feature `server`).
            #[cfg(feature = "server")]
            pub use openapi_runtime::axum;
        });
    }
    if parts.client {
        reexports.push(quote! {
            /// The `reqwest` the client is built on (feature `client`).
            #[cfg(feature = "client")]
            pub use openapi_runtime::reqwest;
        });
    }
    if parts.mock {
        reexports.push(quote! {
            /// The `tokio` the mock runs on (feature `mock`).
            #[cfg(feature = "mock")]
            pub use openapi_runtime::tokio;
        });
    }
    let client_mod = parts.client.then(|| {
        quote!(
            #[cfg(feature = "client")]
            pub mod client;
        )
    });
    let mock_mod = parts.mock.then(|| {
        quote!(
            #[cfg(feature = "mock")]
            pub mod mock;
        )
    });
    let server_mod = parts.server.then(|| {
        quote!(
            #[cfg(feature = "server")]
            pub mod server;
        )
    });
    let base64 = if base64 {
        quote! {
            /// `format: byte` values: bytes that travel as base64 text.
            pub use openapi_runtime::Base64;
        }
    } else {
        quote!()
    };
    quote! {
        #inner_docs
        #![warn(missing_docs)]
        #client_mod
        #mock_mod
        pub mod models;
        pub mod patterns;
        pub mod responses;
        pub mod schemas;
        #server_mod

        pub use openapi_runtime::{Location, Model, Rule, Validate, ValidationError, ValidationErrors};
        #base64
        #(#reexports)*
    }
}

fn patterns_rs(api: &Api) -> TokenStream {
    let statics = api.patterns.iter().map(|p| {
        let name = static_ident(&p.name);
        let ecma = str_lit(&p.ecma);

        let doc = format!(" {}", rust::code(&p.ecma));
        let constructor = match &p.whole_string_class {
            // Only says which characters the string may contain: no regex engine needed.
            Some(class) => {
                let ranges = class.ranges.iter().map(|(lo, hi)| quote!((#lo, #hi)));
                let non_empty = class.non_empty;
                quote!(Pattern::characters(#ecma, &[#(#ranges),*], #non_empty))
            }
            None => match &p.regex {
                Some(regex) => quote!(Pattern::new(#ecma, || Pattern::compile(#regex))),
                // Lookaround or backreferences: the ECMA-262 engine, compiled once.
                None => {
                    let engine = str_lit(&crate::ecma_regex::ecma_engine_pattern(&p.ecma));
                    quote!(Pattern::custom(#ecma, |value| {
                        static REGEX: ::std::sync::LazyLock<openapi_runtime::regress::Regex> = ::std::sync::LazyLock::new(|| {
                            openapi_runtime::regress::Regex::with_flags(#engine, "u").expect("the generator compiled this pattern")
                        });
                        REGEX.find(value).is_some()
                    }))
                }
            },
        };
        quote! {
            #[doc = #doc]
            pub static #name: Pattern = #constructor;
        }
    });
    let import = if api.patterns.is_empty() {
        quote!()
    } else {
        quote!(
            use openapi_runtime::validation::Pattern;
        )
    };
    quote! {
        //! The spec's distinct `pattern`s: each as written (ECMA-262) and as translated for the
        //! `regex` crate when this crate was generated. Each is compiled once, on first use.
        #import
        #(#statics)*
    }
}

/// Whether dates or date-times are typed (with chrono).
fn uses_chrono(api: &Api) -> bool {
    api_uses(api, &|t| {
        matches!(t, Ty::String(StringFormat::DateTime | StringFormat::Date))
    })
}

/// Whether UUIDs are typed (with uuid).
fn uses_uuid(api: &Api) -> bool {
    api_uses(api, &|t| matches!(t, Ty::String(StringFormat::Uuid)))
}

/// A dependency's name as a TOML key: bare when it can be, else quoted.
fn dependency_key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        name.to_owned()
    } else {
        toml_string(name)
    }
}

fn template_context(api: &Api, options: &Options, base64: bool) -> minijinja::Value {
    let chrono = uses_chrono(api);
    let ecma_engine = api.patterns.iter().any(|p| p.regex.is_none());
    let features: Vec<&str> = [(base64, "base64"), (ecma_engine, "ecma-regex")]
        .into_iter()
        .filter_map(|(used, feature)| used.then_some(feature))
        .collect();
    let features = if features.is_empty() {
        String::new()
    } else {
        format!(", features = [\"{}\"]", features.join("\", \""))
    };
    let runtime = match &options.runtime {
        Runtime::Vendored => format!("{{ path = \"{RUNTIME_PACKAGE}\"{features} }}"),
        Runtime::Path(path) => format!("{{ path = {}{features} }}", toml_string(path)),
        Runtime::Version(version) => format!("{{ version = {}{features} }}", toml_string(version)),
    };
    let n = client::needs(api);
    let credentials = if n.bearer {
        ".with_bearer_token(\"TOKEN\")".to_owned()
    } else if n.api_key {
        let scheme = api
            .security_schemes
            .iter()
            .find(|s| matches!(s.kind, crate::ir::SecurityKind::ApiKey { .. }))
            .map_or("", |s| s.key.as_str());
        format!(".with_api_key({scheme:?}, \"KEY\")")
    } else if n.basic {
        ".with_basic_auth(\"user\", \"password\")".to_owned()
    } else {
        String::new()
    };
    let default_url = client::default_base_url(api);
    let parts = api.parts;
    let lib = options.crate_name.replace('-', "_");
    let http: Vec<&str> = [
        (parts.server, "axum"),
        (parts.client, "reqwest"),
        (parts.mock, "tokio"),
    ]
    .into_iter()
    .filter_map(|(on, name)| on.then_some(name))
    .collect();
    let left_out: Vec<&str> = [
        (parts.client, "the client"),
        (parts.server, "the server"),
        (parts.mock, "the mock"),
    ]
    .into_iter()
    .filter_map(|(on, name)| (!on).then_some(name))
    .collect();
    minijinja::context! {
        parts => minijinja::context! {
            client => parts.client,
            server => parts.server,
            mock => parts.mock,
        },
        left_out => english_list(&left_out),
        http_reexports => match http.len() {
            0 => String::new(),
            1 => format!("{} is", http[0]),
            _ => format!("{} are", english_list(&http)),
        },
        http_count => http.len(),
        http_reexport_paths => http.iter().map(|n| format!("`{lib}::{n}`")).collect::<Vec<_>>().join(", "),
        crate_name => &options.crate_name,
        lib => options.crate_name.replace('-', "_"),
        model_libraries => [("serde_json", true), ("chrono", chrono), ("uuid", uses_uuid(api))]
            .into_iter()
            .filter(|(_, used)| *used)
            .map(|(name, _)| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", "),
        credentials => credentials,
        auth => api.operations.iter().any(server::needs_auth),
        base_url => default_url.clone().unwrap_or_else(|| "https://api.example.com".into()),
        has_default_url => default_url.is_some(),
        example_call => example_call(api, &options.crate_name.replace('-', "_")),
        regenerate => &options.regenerate,
        runtime => runtime,
        runtime_version => RUNTIME_VERSION,
        vendored => options.runtime == Runtime::Vendored,
        title => api.title.trim(),
        version => api.version.trim(),
        description => api.description.as_deref().map(str::trim),
        source_file => &api.source_file,
        marker => MARKER,
        chrono => chrono,
        ecma_engine => ecma_engine,
        uuid => uses_uuid(api),
        base64 => base64,
        dependencies => api
            .dependencies
            .iter()
            .map(|(name, value)| (dependency_key(name), value.clone()))
            .collect::<Vec<_>>(),
        servers => api.servers.iter().map(|s| minijinja::context!{ url => &s.url, description => &s.description }).collect::<Vec<_>>(),
        operations => api.operations.iter().map(|op| minijinja::context!{
            name => &op.name, method => op.method.as_str(), path => &op.path, summary => &op.summary,
        }).collect::<Vec<_>>(),
        type_count => api.types.len(),
        example_type => example_type(api),
    }
}

/// A call the README's client example can make without knowing the API: the first operation
/// whose parameters are all optional and whose body (if any) is optional, as
/// `name(&Params::default(), None)`.
fn example_call(api: &Api, lib: &str) -> Option<String> {
    api.operations.iter().find_map(|op| {
        let mut args = Vec::new();
        if let Some(params) = &op.params_type {
            if op.params.iter().any(|p| p.required && !p.shape.nullable) {
                return None;
            }
            args.push(format!("&{lib}::models::{params}::default()"));
        }
        match &op.body {
            Some(body) if body.required => return None,
            Some(_) => args.push("None".into()),
            None => {}
        }
        Some(format!("{}({})", op.name, args.join(", ")))
    })
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The model the README's example uses: the first JSON request body that is a named type, else
/// the first struct (never a type the settings replace, which is not this crate's `Model`).
fn example_type(api: &Api) -> Option<&str> {
    let own = |name: &str| rust::replacement(api, name).is_none();
    let body = api
        .operations
        .iter()
        .find_map(|op| match &op.body.as_ref()?.content.kind {
            crate::ir::ContentKind::Json(shape) => match &shape.ty {
                Ty::Named(name) if own(name) => Some(name.as_str()),
                _ => None,
            },
            _ => None,
        });
    body.or_else(|| {
        api.types
            .iter()
            .find(|t| matches!(t.kind, TypeKind::Struct(_)) && t.extras.replaced_by.is_none())
            .map(|t| t.name.as_str())
    })
}

/// Whether the `bytes` runtime module (and the base64 crate) is needed.
fn uses_base64(api: &Api) -> bool {
    api_uses(api, &|t| matches!(t, Ty::String(StringFormat::Byte)))
}

/// Whether any type, parameter, body or response header of the API has a type for which `f`
/// holds (looking inside arrays and maps).
fn api_uses(api: &Api, f: &dyn Fn(&Ty) -> bool) -> bool {
    let shape = |s: &crate::ir::Shape| ty_any(&s.ty, f);
    let content = |c: Option<&crate::ir::Content>| match c.map(|c| &c.kind) {
        Some(
            crate::ir::ContentKind::Json(s)
            | crate::ir::ContentKind::Form(s)
            | crate::ir::ContentKind::Multipart { shape: s, .. },
        ) => shape(s),
        _ => false,
    };
    api.types.iter().any(|t| match &t.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|field| shape(&field.shape))
                || matches!(&s.additional, crate::ir::Additional::Kept { values, .. } if shape(values))
        }
        TypeKind::Alias(s) => shape(s),
        TypeKind::Union(u) => u.variants.iter().any(|v| shape(&v.shape)),
        TypeKind::Enum(_) => false,
    }) || api.operations.iter().any(|op| {
        op.params.iter().any(|p| shape(&p.shape))
            || content(op.body.as_ref().map(|b| &b.content))
            || op.responses.iter().any(|r| {
                content(r.content.as_ref()) || r.headers.iter().any(|h| shape(&h.shape))
            })
    })
}

fn ty_any(ty: &Ty, f: &dyn Fn(&Ty) -> bool) -> bool {
    f(ty)
        || match ty {
            Ty::Array(s) | Ty::Map(s) => ty_any(&s.ty, f),
            _ => false,
        }
}

fn text_file(
    path: &str,
    name: &str,
    source: &str,
    context: &minijinja::Value,
) -> Result<GeneratedFile> {
    let template_error = |e: minijinja::Error| Error::Template {
        name: name.into(),
        message: e.to_string(),
    };
    let mut env = minijinja::Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build()
            .map_err(template_error)?,
    );
    env.add_template(name, source).map_err(template_error)?;
    let contents = env
        .get_template(name)
        .and_then(|t| t.render(context))
        .map_err(template_error)?;
    Ok(GeneratedFile {
        path: path.into(),
        contents,
    })
}

/// prettyplease puts no blank line between items; put one between top-level items and between
/// the items of an `impl`, as rustfmt-formatted hand-written code has. Generated literals never
/// contain raw newlines, so lines are lines of code.
fn space_items(code: &str) -> String {
    const ITEM_STARTS: [&str; 9] = [
        "fn ", "pub ", "///", "#[", "async ", "const ", "type ", "impl ", "unsafe ",
    ];
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    // The previous line without its indentation, and the width of that indentation.
    let mut prev: Option<(&str, usize)> = None;
    for line in code.lines() {
        let trim = trim_indent(line);
        let indent = line.len() - trim.len();
        if let Some((p_trim, p_indent)) = prev {
            let is_comment = p_trim.starts_with("//");
            let ends_item = (!is_comment
                && (p_trim == "}" || p_trim.ends_with(';') || p_trim.ends_with("{}")))
                || (p_trim.starts_with("//!") && !trim.starts_with("//!"));
            // At the top level anything starts an item; inside a block only item-like lines
            // do (so statements in function bodies stay together).
            let starts_item = match indent {
                0 => !trim.starts_with('}') && !trim.starts_with(')') && !trim.is_empty(),
                4 => ITEM_STARTS.iter().any(|s| trim.starts_with(s)),
                _ => false,
            };
            let imports = p_trim.starts_with("use ") && trim.starts_with("use ");
            // A top-level item may end in an indented method call (`    .max_properties(2);`).
            let chain_end = indent == 0 && p_trim.starts_with('.') && p_trim.ends_with(';');
            if (indent == p_indent || chain_end) && ends_item && starts_item && !imports {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some((trim, indent));
    }
    out
}

/// `line.trim_start()`, with a fast path for the usual case: spaces, then a visible ASCII
/// character.
fn trim_indent(line: &str) -> &str {
    let spaces = line.bytes().take_while(|&b| b == b' ').count();
    let rest = &line[spaces..];
    match rest.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => rest,
        _ => rest.trim_start(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A vendored runtime is the whole runtime: every source file of `runtime/src` is copied.
    #[test]
    fn the_vendored_runtime_has_every_source_file() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| format!("src/{}", e.unwrap().file_name().to_string_lossy()))
            .collect();
        on_disk.sort();
        let mut vendored: Vec<String> = RUNTIME_SOURCES
            .iter()
            .map(|(p, _)| (*p).to_owned())
            .collect();
        vendored.sort();
        assert_eq!(vendored, on_disk);
    }

    #[test]
    fn trim_indent_is_trim_start() {
        for line in [
            "",
            "    ",
            "fn f() {}",
            "    pub x: u8,",
            "        \t/// tab after spaces",
            "  \u{a0}non-breaking space",
            "\u{b}vertical tab",
            "   \u{2003}em space",
            "    \u{1}control",
            "    é",
        ] {
            assert_eq!(trim_indent(line), line.trim_start(), "{line:?}");
        }
    }

    #[test]
    fn space_items_separates_items_not_statements() {
        let code = "use a;\nuse b;\nstruct A;\nimpl A {\n    fn f() {\n        let x = 1;\n        g(x);\n    }\n    fn g() {}\n}\n";
        assert_eq!(
            space_items(code),
            "use a;\nuse b;\n\nstruct A;\n\nimpl A {\n    fn f() {\n        let x = 1;\n        g(x);\n    }\n\n    fn g() {}\n}\n"
        );
    }
}
