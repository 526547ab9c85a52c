//! `mock.rs` (feature `mock`): an implementation of the server's `Api` that answers each
//! operation with its first success response and example data, and `src/bin/mock.rs`, which
//! serves it.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::responses::{has_status_field, is_unit};
use super::rust::{ident, raw_str_lit};
use super::template::{parse, template};
use crate::ir::{Api, ContentKind, Operation};

/// The command that serves the mock of crate `crate_name` (its binary is `{crate_name}-mock`).
fn cargo_run(crate_name: &str) -> String {
    format!("cargo run --features mock --bin {crate_name}-mock -- --addr 127.0.0.1:8080")
}

pub fn mock(api: &Api, crate_name: &str) -> syn::File {
    let any_auth = api.operations.iter().any(super::server::needs_auth);
    let auth = if any_auth {
        vec![
            template!(syn::ImplItem, [] { type Claims = (); }),
            template!(syn::ImplItem, [] {
            /// Any well-formed credentials are accepted, or only the secret of [`Mock::with_secret`].
            async fn authenticate(&self, _operation: Operation, credentials: Credentials) -> ::std::result::Result<(), Unauthenticated> {
                let Some(secret) = &self.secret else {
                    return Ok(());
                };
                let presented = match &credentials {
                    Credentials::Bearer { token, .. } => token,
                    Credentials::ApiKey { key, .. } => key,
                    Credentials::Basic { credentials, .. } => credentials,
                };
                if presented.as_str() == &**secret {
                    Ok(())
                } else {
                    Err(Unauthenticated {
                        message: "the credentials are not the mock's secret".into(),
                    })
                }
            }
            }),
        ]
    } else {
        Vec::new()
    };
    let imports = if any_auth {
        quote!(
            use crate::server::{Api, Credentials, Operation, Unauthenticated};
        )
    } else {
        quote!(
            use crate::server::Api;
        )
    };
    let methods: Vec<syn::ImplItem> = api.operations.iter().map(|op| method(api, op)).collect();
    let uses_example = api.operations.iter().any(|op| {
        op.mock.as_ref().is_some_and(|m| {
            !m.headers.is_empty()
                || m.body.is_some()
                    && matches!(
                        op.responses[m.response].content.as_ref().map(|c| &c.kind),
                        Some(ContentKind::Json(_))
                    )
        })
    });
    let example_fn = if uses_example {
        quote! {
            /// An example the generator made and checked against its schema.
            fn example<T: serde::de::DeserializeOwned>(json: &str) -> T {
                serde_json::from_str(json).expect("the generator checked this example against its schema")
            }
        }
    } else {
        quote!()
    };
    let mock_struct = if any_auth {
        quote! {
            /// The mock implementation of [`Api`]. `Mock::default()` accepts any well-formed
            /// credentials; [`Mock::with_secret`] only one bearer token, API key or (still encoded)
            /// Basic credentials, so that a request with other credentials gets 401.
            #[derive(Debug, Clone, Default)]
            pub struct Mock {
                secret: ::std::option::Option<::std::sync::Arc<str>>,
            }

            impl Mock {
                /// A mock that accepts only `secret` as credentials.
                pub fn with_secret(secret: &str) -> Self {
                    Mock { secret: Some(secret.into()) }
                }
            }
        }
    } else {
        quote! {
            /// The mock implementation of [`Api`] (the API needs no credentials).
            #[derive(Debug, Clone, Copy, Default)]
            pub struct Mock;
        }
    };
    let default_mock = if any_auth {
        quote!(Mock::default())
    } else {
        quote!(Mock)
    };
    let title = format!(" A mock of {} (feature `mock`).", api.title.trim());
    let run = format!(" `{}` serves it", cargo_run(crate_name));
    let mut file: syn::File = parse(
        quote! {
            #![doc = #title]
            //!
            //! [`Mock`] validates requests like any implementation (the router does that) and answers
            //! each operation with its first success response, with the spec's examples where they
            //! fit their schemas and values made to satisfy every constraint elsewhere.
            //! [`spawn`] serves it in this process (for tests);
            #![doc = #run]
            //! from the command line.

            #imports

            /// A server running in this process; see [`spawn`].
            pub use openapi_runtime::server::RunningServer;

            #mock_struct

            /// Serves `Mock::default()` on 127.0.0.1 with a free port, on the current tokio runtime,
            /// until the returned server is stopped or dropped:
            ///
            /// ```ignore
            /// let mock = mock::spawn().await?;
            /// let client = Client::new(mock.url());
            /// // ... calls ...
            /// mock.stop().await?;
            /// ```
            pub async fn spawn() -> ::std::io::Result<RunningServer> {
                spawn_with(#default_mock).await
            }

            /// [`spawn`] with a mock of your choosing.
            pub async fn spawn_with(mock: Mock) -> ::std::io::Result<RunningServer> {
                RunningServer::start(crate::server::router(mock)).await
            }
        },
        "mock.rs",
    );
    file.items.push(template!(syn::Item, [auth, methods] {
        impl Api for Mock {
            #auth
            #methods
        }
    }));
    file.items
        .extend(parse::<syn::File>(example_fn, "mock.rs").items);
    file
}

fn method(api: &Api, op: &Operation) -> syn::ImplItem {
    let fname = ident(&op.name);
    let request = ident(&op.request_type);
    let response_type = ident(&op.response_type);
    let claims: Option<Vec<syn::FnArg>> =
        super::server::needs_auth(op).then(|| vec![template!(syn::FnArg, [] { _claims: () })]);
    let body = match &op.mock {
        Some(mock) => {
            let response = &op.responses[mock.response];
            let variant = ident(&response.variant);
            if is_unit(response) {
                template!(syn::Expr, [response_type = &response_type, variant] {
                    crate::responses::#response_type::#variant
                })
            } else {
                let mut fields: Vec<syn::FieldValue> = Vec::new();
                if has_status_field(response) {
                    let status = Literal::u16_suffixed(mock.status);
                    fields.push(template!(syn::FieldValue, [status] { status: #status }));
                }
                if let (Some(content), Some(value)) = (&response.content, &mock.body) {
                    let value = match (&content.kind, value) {
                        (ContentKind::Json(_), v) => {
                            let json = raw_str_lit(&v.to_string());
                            template!(syn::Expr, [json] { example(#json) })
                        }
                        (ContentKind::Text, serde_json::Value::String(s)) => {
                            template!(syn::Expr, [s] { ::std::string::String::from(#s) })
                        }
                        _ => template!(syn::Expr, [] { ::std::default::Default::default() }),
                    };
                    fields.push(template!(syn::FieldValue, [value] { body: #value }));
                } else if response.content.is_some() {
                    fields.push(
                        template!(syn::FieldValue, [] { body: ::std::default::Default::default() }),
                    );
                }
                for h in &response.headers {
                    let f = ident(&h.name);
                    match mock.headers.iter().find(|(name, _)| name == &h.name) {
                        Some((_, value)) => {
                            let json = raw_str_lit(&value.to_string());
                            fields
                                .push(template!(syn::FieldValue, [f, json] { #f: example(#json) }));
                        }
                        None => fields.push(template!(syn::FieldValue, [f] { #f: None })),
                    }
                }
                template!(syn::Expr, [response_type = &response_type, variant, fields] {
                    crate::responses::#response_type::#variant { #fields }
                })
            }
        }
        None => {
            let _ = api;
            template!(syn::Expr, [] {
                unreachable!("the generator reported that the mock cannot answer this operation")
            })
        }
    };
    template!(syn::ImplItem, [fname, claims, request, response_type, body] {
        async fn #fname(&self, #claims, _request: crate::server::#request) -> crate::responses::#response_type {
            #body
        }
    })
}

/// `src/bin/mock.rs`.
pub fn mock_bin(api: &Api, crate_name: &str) -> TokenStream {
    let krate = quote::format_ident!("{}", crate_name.replace('-', "_"));
    let about = format!(
        "mock server of {}: answers every operation with example data",
        api.title.trim()
    );
    let run = format!(" `{}`", cargo_run(crate_name));
    let any_auth = api.operations.iter().any(super::server::needs_auth);
    let usage = if any_auth {
        format!(
            "usage: {crate_name}-mock [--addr HOST:PORT] [--token SECRET]   ({about}; default address \
             127.0.0.1:8080; with --token only that bearer token, API key or Basic credentials \
             are accepted, else any well-formed ones)"
        )
    } else {
        format!(
            "usage: {crate_name}-mock [--addr HOST:PORT]   ({about}; default address 127.0.0.1:8080)"
        )
    };
    let doc = format!(" Serves the {about}.");
    let (token_var, token_arg, mock) = if any_auth {
        (
            quote!(let mut token: ::std::option::Option<::std::string::String> = None;),
            quote! {
                "--token" => match args.next() {
                    Some(value) => token = Some(value),
                    None => {
                        eprintln!("--token needs a value\n{USAGE}");
                        return ExitCode::from(2);
                    }
                },
            },
            quote! {
                match &token {
                    Some(secret) => #krate::mock::Mock::with_secret(secret),
                    None => #krate::mock::Mock::default(),
                }
            },
        )
    } else {
        (quote!(), quote!(), quote!(#krate::mock::Mock))
    };
    quote! {
        #![doc = #doc]
        //!
        #![doc = #run]

        use std::process::ExitCode;

        const USAGE: &str = #usage;

        #[openapi_runtime::tokio::main(crate = "openapi_runtime::tokio")]
        async fn main() -> ExitCode {
            let mut addr = ::std::string::String::from("127.0.0.1:8080");
            #token_var
            let mut args = std::env::args().skip(1);
            while let Some(arg) = args.next() {
                match arg.as_str() {
                    "--addr" => match args.next() {
                        Some(value) => addr = value,
                        None => {
                            eprintln!("--addr needs a value\n{USAGE}");
                            return ExitCode::from(2);
                        }
                    },
                    #token_arg
                    "-h" | "--help" => {
                        println!("{USAGE}");
                        return ExitCode::SUCCESS;
                    }
                    other => {
                        eprintln!("unknown argument {other:?}\n{USAGE}");
                        return ExitCode::from(2);
                    }
                }
            }
            let listener = match openapi_runtime::tokio::net::TcpListener::bind(&addr).await {
                Ok(listener) => listener,
                Err(e) => {
                    eprintln!("cannot listen on {addr}: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match listener.local_addr() {
                Ok(local) => eprintln!("mock listening on http://{local}"),
                Err(_) => eprintln!("mock listening on {addr}"),
            }
            let app = #krate::server::router(#mock);
            if let Err(e) = openapi_runtime::axum::serve(listener, app).await {
                eprintln!("server error: {e}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
    }
}
