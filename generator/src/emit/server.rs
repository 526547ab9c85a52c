//! `server.rs` (feature `server`): the `Api` trait, one request struct per operation, and an
//! axum router whose handlers extract, parse and validate every parameter and body, report all
//! problems in one 400 with the API's error body, check credentials first, and turn the typed
//! responses into HTTP responses.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::Part;
use super::errors::ErrorBody;
use super::responses::{body_ty, has_status_field, is_unit, status_text};
use super::rust::{
    ident, is_enum, operation_doc_attrs, qualified_nullable_ty, qualified_ty, str_lit,
};
use super::schemas::Statics;
use super::template::{NamedField, Stmts, field_pat, lit, template};
use super::validate::Plan;
use crate::ir::{
    Api, ContentKind, Operation, ParamLocation, SecurityKind, Shape, StringFormat, Ty, TypeKind,
};

/// The name of the FAPI interaction id header.
pub const INTERACTION_ID: &str = "x-fapi-interaction-id";

/// What the server needs to know that the emitter works out from the IR.
pub struct ServerPlan<'a> {
    api: &'a Api,
    plan: Plan<'a>,
    statics: &'a Statics,
    /// Where the router's error messages go.
    error_body: ErrorBody,
}

impl<'a> ServerPlan<'a> {
    pub fn new(api: &'a Api, statics: &'a Statics) -> Self {
        ServerPlan {
            api,
            plan: Plan::new(api),
            statics,
            error_body: ErrorBody::of(api),
        }
    }
}

/// The response header schema for the FAPI interaction id, when the spec documents one.
fn interaction_id_shape(api: &Api) -> Option<&Shape> {
    api.operations
        .iter()
        .flat_map(|op| &op.responses)
        .flat_map(|r| &r.headers)
        .find(|h| h.wire_name.eq_ignore_ascii_case(INTERACTION_ID))
        .map(|h| &h.shape)
}

/// The handler of an operation and the `IntoResponse` impl of its response enum: the items that
/// follow the top of `server.rs` (`server`), one operation at a time.
pub fn operation(sp: &ServerPlan, op: &Operation) -> Vec<syn::Item> {
    vec![handler(sp, op), into_response(op)]
}

/// What comes before the handlers, in parts formatted in parallel: the module docs, imports,
/// `Operation` and `Credentials`; the request structs; the `Api` trait; the router and helpers.
pub fn prelude<'a>(sp: &'a ServerPlan<'a>) -> Vec<Part<'a>> {
    vec![
        Box::new(|| head(sp)),
        Box::new(|| operation_enum(sp.api)),
        Box::new(|| credentials_enum(sp.api)),
        Box::new(|| {
            sp.api
                .operations
                .iter()
                .map(request_struct)
                .collect::<Vec<syn::Item>>()
        }),
        Box::new(|| api_trait(sp.api)),
        Box::new(|| tail(sp)),
    ]
}

/// The module docs and the imports.
fn head(sp: &ServerPlan) -> TokenStream {
    let api = sp.api;
    let title = format!(
        " Server stubs for {} (feature `server`): implement [`Api`], then serve [`router`].",
        api.title.trim()
    );
    let has_ops = !api.operations.is_empty();
    let any_rejection = any_rejection(api);
    // Only what this API's operations use, in one sorted block.
    let mut imports: Vec<&str> = vec![
        "openapi_runtime::axum",
        "axum::Router",
        "axum::extract::Request",
        "axum::response::Response",
    ];
    if has_ops {
        imports.extend([
            "std::future::Future",
            "std::sync::Arc",
            "axum::extract::State",
            "axum::response::IntoResponse",
        ]);
    }
    if any_rejection {
        imports.extend([
            "axum::http::{HeaderValue, StatusCode, header}",
            "openapi_runtime::server::{self as support, Rejection}",
        ]);
    } else {
        imports.extend([
            "axum::http::StatusCode",
            "openapi_runtime::server as support",
        ]);
    }
    let rank = |path: &str| match path.split("::").next() {
        Some("std") => 0,
        Some("crate") => 2,
        _ => 1,
    };
    imports.sort_by_key(|path| (rank(path), path.to_lowercase()));
    let imports = imports.iter().map(|path| {
        let path: TokenStream = path.parse().expect("a valid path");
        quote!(use #path;)
    });
    quote! {
        #![doc = #title]
        //!
        //! The router does extraction, validation, error formatting and credential checks exactly
        //! as the spec says; the implementation only sees valid requests.

        #(#imports)*
        #[allow(unused_imports)]
        use openapi_runtime::validation::{self, Location, ValidationErrors};
    }
}

/// The router, its options and the helpers of every handler.
fn tail(sp: &ServerPlan) -> TokenStream {
    let api = sp.api;
    let router = router_fn(api);
    let error_body = sp.error_body.tokens();
    let fapi = match interaction_id_shape(api) {
        Some(shape) => {
            let checks = sp.plan.value_checks(shape);
            let header = str_lit(INTERACTION_ID);
            let valid_body = if checks.is_empty() {
                // The response header's schema constrains nothing: any text will do.
                quote!(let _ = value; true)
            } else {
                quote! {
                    let errors = &mut ValidationErrors::default();
                    let location = &Location::root("");
                    let value = &value.to_owned();
                    #checks
                    errors.is_empty()
                }
            };
            quote! {
                /// The FAPI layer: every response carries `x-fapi-interaction-id`, the request's
                /// when it is valid, else a new UUID.
                async fn interaction_id(request: Request, next: axum::middleware::Next) -> Response {
                    support::interaction_id(#header, valid_interaction_id, request, next).await
                }

                /// Whether a request's interaction id satisfies the response header's schema.
                fn valid_interaction_id(value: &str) -> bool {
                    #valid_body
                }
            }
        }
        None => quote!(),
    };
    let has_ops = !api.operations.is_empty();
    // Parts that only operations use: a spec with only schemas gets a router of fallbacks.
    let any_body = api.operations.iter().any(|op| op.body.is_some());
    let any_rejection = any_rejection(api);
    // The options are only read when reading bodies.
    let options_field = if any_body {
        quote!(options: ServerOptions,)
    } else {
        quote!()
    };
    let rejected = if any_rejection {
        quote! {
            fn rejected(rejection: Rejection) -> Response {
                let (status, message) = rejection.parts();
                let mut response = error_response(status, vec![message]);
                if status == StatusCode::UNAUTHORIZED {
                    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                }
                response
            }
        }
    } else {
        quote!()
    };
    let op_support = if has_ops {
        quote! {
            struct Shared<A> {
                api: A,
                #options_field
            }

            /// 400 with every violation, e.g. `body/AddressLine1: must be at least 5 characters long`.
            fn bad_request(errors: ValidationErrors) -> Response {
                error_response(StatusCode::BAD_REQUEST, errors.iter().map(ToString::to_string).collect())
            }

            #rejected
        }
    } else {
        quote!()
    };
    quote! {
        /// Limits of the generated router.
        #[derive(Debug, Clone)]
        pub struct ServerOptions {
            /// The largest request body accepted; larger ones get 413.
            pub max_body_bytes: usize,
        }

        impl Default for ServerOptions {
            fn default() -> Self {
                ServerOptions { max_body_bytes: 2 * 1024 * 1024 }
            }
        }

        #router

        #error_body

        /// The API's error body, with one message per problem.
        fn error_response(status: StatusCode, messages: ::std::vec::Vec<::std::string::String>) -> Response {
            let body = support::error_body(&ERROR_BODY, status, messages);
            support::json_response(status, "application/json", &body)
        }

        #op_support

        async fn not_found(request: Request) -> Response {
            let message = format!("no operation at {} {}", request.method(), request.uri().path());
            error_response(StatusCode::NOT_FOUND, vec![message])
        }

        async fn method_not_allowed(request: Request) -> Response {
            let message = format!("{} is not allowed on {}", request.method(), request.uri().path());
            error_response(StatusCode::METHOD_NOT_ALLOWED, vec![message])
        }

        /// 500 with the API's error body, for a request whose handling panicked (in the router or
        /// in the implementation): the connection is answered, not dropped. The panic's message
        /// goes to the process's panic hook (stderr by default), not to the client.
        fn internal_error() -> Response {
            let message = "the server failed to handle this request".to_owned();
            error_response(StatusCode::INTERNAL_SERVER_ERROR, vec![message])
        }

        /// 501 with the API's error body, for an operation the implementation leaves to the
        /// [`Api`] trait's default.
        fn not_implemented(operation: &'static str) -> Response {
            let message = format!("{operation} is not implemented by this server");
            error_response(StatusCode::NOT_IMPLEMENTED, vec![message])
        }

        #fapi
    }
}

/// Whether some handler can reject a request before validation (a body, or credentials).
fn any_rejection(api: &Api) -> bool {
    api.operations
        .iter()
        .any(|op| op.body.is_some() || needs_auth(op))
}

/// `Operation`, with a variant per operation, and its `method`, `path` and `name`.
fn operation_enum(api: &Api) -> Vec<syn::Item> {
    let variants: Vec<syn::Variant> = api
        .operations
        .iter()
        .map(|op| {
            let v = ident(&op.type_prefix);
            let doc = match &op.summary {
                Some(s) => format!(" `{} {}`: {}", op.method.as_str(), op.path, s.trim()),
                None => format!(" `{} {}`", op.method.as_str(), op.path),
            };
            template!(syn::Variant, [doc, v] { #[doc = #doc] #v })
        })
        .collect();
    let arms = |f: &dyn Fn(&Operation) -> String| -> Vec<syn::Arm> {
        api.operations
            .iter()
            .map(|op| {
                let v = ident(&op.type_prefix);
                let text = str_lit(&f(op));
                template!(syn::Arm, [v, text] { Operation::#v => #text, })
            })
            .collect()
    };
    let method_arms = arms(&|op| op.method.as_str().to_owned());
    let path_arms = arms(&|op| op.path.clone());
    let name_arms = arms(&|op| op.name.clone());
    vec![
        template!(syn::Item, [variants] {
            /// The operations of the API.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub enum Operation {
                #variants
            }
        }),
        template!(syn::Item, [method_arms, path_arms, name_arms] {
            impl Operation {
                /// The HTTP method.
                pub fn method(self) -> &'static str {
                    match self { #method_arms }
                }

                /// The path template, as in the spec.
                pub fn path(self) -> &'static str {
                    match self { #path_arms }
                }

                /// The operation's method name in [`Api`].
                pub fn name(self) -> &'static str {
                    match self { #name_arms }
                }
            }
        }),
    ]
}

pub fn needs_auth(op: &Operation) -> bool {
    !op.security.is_empty() && op.security.iter().all(|alt| !alt.is_empty())
}

fn credentials_enum(api: &Api) -> TokenStream {
    if !api.operations.iter().any(needs_auth) {
        return quote!();
    }
    quote! {
        /// Credentials presented with a request, for [`Api::authenticate`].
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Credentials {
            /// `Authorization: Bearer <token>`, for the security scheme `scheme`.
            Bearer {
                /// The security scheme's name in the spec.
                scheme: &'static str,
                /// The token.
                token: ::std::string::String,
            },
            /// An API key, for the security scheme `scheme`.
            ApiKey {
                /// The security scheme's name in the spec.
                scheme: &'static str,
                /// The key.
                key: ::std::string::String,
            },
            /// `Authorization: Basic <credentials>` (still base64-encoded), for `scheme`.
            Basic {
                /// The security scheme's name in the spec.
                scheme: &'static str,
                /// The credentials, base64 as sent.
                credentials: ::std::string::String,
            },
        }

        /// Why [`Api::authenticate`] refused a request: answered with 401 and `message`.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Unauthenticated {
            /// What to tell the client (in the API's error body).
            pub message: ::std::string::String,
        }
    }
}

fn request_struct(op: &Operation) -> syn::Item {
    let name = ident(&op.request_type);
    let doc = format!(
        " The request of `{} {}`: its parameters and body, already validated against the spec.",
        op.method.as_str(),
        op.path
    );
    let mut fields = Vec::new();
    if let Some(params) = &op.params_type {
        let params = ident(params);
        fields.push(
            template!(NamedField, [params] {
                /// Path, query and header parameters.
                pub params: crate::models::#params
            })
            .0,
        );
    }
    if let Some(ty) = request_body_ty(op) {
        fields.push(
            template!(NamedField, [ty] {
                /// The body.
                pub body: #ty
            })
            .0,
        );
    }
    if let Some((headers, required)) = op.part_headers() {
        let ty = qualified_ty(headers);
        let ty = if required {
            ty
        } else {
            template!(syn::Type, [ty] { ::std::option::Option<#ty> })
        };
        fields.push(
            template!(NamedField, [ty] {
                /// The headers of the body's parts.
                pub part_headers: #ty
            })
            .0,
        );
    }
    template!(syn::Item, [doc, name, fields] {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #fields
        }
    })
}

fn request_body_ty(op: &Operation) -> Option<syn::Type> {
    let body = op.body.as_ref()?;
    let ty = match &body.content.kind {
        ContentKind::Json(shape)
        | ContentKind::Form(shape)
        | ContentKind::Multipart { shape, .. } => qualified_nullable_ty(shape),
        ContentKind::Text => template!(syn::Type, [] { ::std::string::String }),
        ContentKind::Binary => template!(syn::Type, [] { ::std::vec::Vec<u8> }),
    };
    Some(if body.required {
        ty
    } else {
        template!(syn::Type, [ty] { ::std::option::Option<#ty> })
    })
}

fn api_trait(api: &Api) -> syn::Item {
    let any_auth = api.operations.iter().any(needs_auth);
    let auth = any_auth.then(|| {
        vec![
            template!(syn::TraitItem, [] {
                /// What [`Api::authenticate`] learns about the caller; handed to every operation
                /// that requires credentials.
                type Claims: Send + 'static;
            }),
            template!(syn::TraitItem, [] {
                /// Judges the credentials of a request to an operation that requires them. Called
                /// before the request's parameters and body are read; an `Err` is answered with
                /// 401. The generated code cannot judge tokens: this method has no default, so an
                /// implementation cannot forget it.
                fn authenticate(
                    &self,
                    operation: Operation,
                    credentials: Credentials,
                ) -> impl Future<Output = ::std::result::Result<Self::Claims, Unauthenticated>> + Send;
            }),
        ]
    });
    let methods: Vec<syn::TraitItem> = api
        .operations
        .iter()
        .map(|op| {
            let docs = operation_doc_attrs(op);
            let fname = ident(&op.name);
            let request = ident(&op.request_type);
            let response = ident(&op.response_type);
            let claims = needs_auth(op).then(|| vec![template!(syn::FnArg, [] { claims: Self::Claims })]);
            let unused: syn::Expr = if needs_auth(op) {
                syn::parse_quote!((claims, request))
            } else {
                syn::parse_quote!(request)
            };
            let op_name = str_lit(&format!("{} {}", op.method.as_str(), op.path));
            template!(syn::TraitItem, [docs, fname, claims, request, response, unused, op_name] {
                #docs
                ///
                /// Not implemented by default: the server answers 501 Not Implemented.
                fn #fname(&self, #claims, request: #request) -> impl Future<Output = crate::responses::#response> + Send {
                    let _ = #unused;
                    async { support::not_implemented(#op_name) }
                }
            })
        })
        .collect();
    template!(syn::Item, [auth, methods] {
        /// The API: implement it with the business logic, and serve it with [`router`].
        pub trait Api: Send + Sync + 'static {
            #auth
            #methods
        }
    })
}

fn router_fn(api: &Api) -> TokenStream {
    // One route per path, with every method of that path.
    let mut by_path: Vec<(&str, Vec<&Operation>)> = Vec::new();
    for op in &api.operations {
        match by_path.iter_mut().find(|(p, _)| *p == op.path) {
            Some((_, ops)) => ops.push(op),
            None => by_path.push((&op.path, vec![op])),
        }
    }
    let routes = by_path.iter().map(|(path, ops)| {
        let path = str_lit(path);
        let mut method_router = TokenStream::new();
        for (i, op) in ops.iter().enumerate() {
            let m = format_ident!("{}", op.method.as_str().to_ascii_lowercase());
            let h = ident(&op.name);
            if i == 0 {
                method_router.extend(quote!(axum::routing::#m(#h::<A>)));
            } else {
                method_router.extend(quote!(.#m(#h::<A>)));
            }
        }
        quote!(.route(#path, #method_router))
    });
    let layer = if interaction_id_shape(api).is_some() {
        quote!(.layer(axum::middleware::from_fn(interaction_id)))
    } else {
        quote!()
    };
    let has_ops = !api.operations.is_empty();
    let any_body = api.operations.iter().any(|op| op.body.is_some());
    let (api_arg, options_arg, shared, with_state) = if has_ops && any_body {
        (
            quote!(api),
            quote!(options),
            quote!(let shared = Arc::new(Shared { api, options });),
            quote!(.with_state(shared)),
        )
    } else if has_ops {
        (
            quote!(api),
            quote!(_options),
            quote!(let shared = Arc::new(Shared { api });),
            quote!(.with_state(shared)),
        )
    } else {
        (quote!(_api), quote!(_options), quote!(), quote!())
    };
    quote! {
        /// The router of the API with default [`ServerOptions`].
        pub fn router<A: Api>(api: A) -> Router {
            router_with(api, ServerOptions::default())
        }

        /// The router of the API. Unknown paths get 404 and known paths with another method 405,
        /// both with the API's error body.
        pub fn router_with<A: Api>(#api_arg: A, #options_arg: ServerOptions) -> Router {
            #shared
            Router::new()
                #(#routes)*
                .fallback(not_found)
                .method_not_allowed_fallback(method_not_allowed)
                #with_state
                .layer(support::catch_panic(internal_error, not_implemented))
                #layer
        }
    }
}

/// The credential checks of an operation: the first alternative whose credentials are present.
fn auth_code(api: &Api, op: &Operation) -> Option<Vec<syn::Stmt>> {
    if !needs_auth(op) {
        return None;
    }
    let variant = ident(&op.type_prefix);
    let mut attempts = Vec::new();
    for alt in &op.security {
        // Alternatives that need several schemes at once use their first (a documented limit).
        let Some(key) = alt.first() else { continue };
        let Some(scheme) = api.security_schemes.iter().find(|s| &s.key == key) else {
            continue;
        };
        attempts.push(match &scheme.kind {
            SecurityKind::Bearer | SecurityKind::OAuth2 | SecurityKind::OpenIdConnect => {
                template!(syn::Expr, [key] {
                    support::bearer_token(&parts.headers).map(|token| Credentials::Bearer { scheme: #key, token })
                })
            }
            SecurityKind::Basic => template!(syn::Expr, [key] {
                support::basic_credentials(&parts.headers).map(|credentials| Credentials::Basic { scheme: #key, credentials })
            }),
            SecurityKind::ApiKey { location, name } => {
                let loc = location.as_str();
                template!(syn::Expr, [key, loc, name] {
                    support::api_key(&parts, #loc, #name).map(|key| Credentials::ApiKey { scheme: #key, key })
                })
            }
        });
    }
    let mut attempts = attempts.into_iter();
    let first = attempts.next().unwrap_or_else(|| {
        template!(syn::Expr, [] {
            Err(Rejection::Unauthorized("no usable security scheme".into()))
        })
    });
    let credentials = attempts.fold(
        first,
        |tried, next| template!(syn::Expr, [tried, next] { #tried.or_else(|_| #next) }),
    );
    Some(
        template!(Stmts, [credentials, variant] {
            let credentials = match #credentials {
                Ok(credentials) => credentials,
                Err(rejection) => return rejected(rejection),
            };
            let claims = match shared.api.authenticate(Operation::#variant, credentials).await {
                Ok(claims) => claims,
                Err(refusal) => return rejected(Rejection::Unauthorized(refusal.message)),
            };
        })
        .0,
    )
}

fn handler(sp: &ServerPlan, op: &Operation) -> syn::Item {
    let fname = ident(&op.name);
    let auth = auth_code(sp.api, op);
    let has_path = op.params.iter().any(|p| p.location == ParamLocation::Path);
    let (path_arg, path) = if has_path {
        (
            Some(vec![template!(syn::FnArg, [] { path: support::RawPath })]),
            template!(syn::Expr, [] { Some(path) }),
        )
    } else {
        (None, template!(syn::Expr, [] { None }))
    };
    // Query keys that are API keys of the operation are not unknown.
    let mut api_keys: Vec<&str> = Vec::new();
    for key in op.security.iter().flatten() {
        if let Some(SecurityKind::ApiKey {
            location: ParamLocation::Query,
            name,
        }) = sp
            .api
            .security_schemes
            .iter()
            .find(|s| &s.key == key)
            .map(|s| &s.kind)
        {
            api_keys.push(name);
        }
    }
    api_keys.sort_unstable();
    api_keys.dedup();
    let api_keys: Vec<syn::Expr> = api_keys.iter().map(|k| lit(str_lit(k))).collect();
    let params = match sp.statics.params(op) {
        Some(table) => template!(syn::Stmt, [path, table, api_keys] {
            let params = support::params(&parts, #path, #table, &[#api_keys], errors);
        }),
        None => template!(syn::Stmt, [api_keys] {
            support::no_params(&parts, &[#api_keys], errors);
        }),
    };
    let body = body_code(sp, op);
    let mut required = Vec::new();
    let mut fields = Vec::new();
    if op.params_type.is_some() {
        required.push(format_ident!("params"));
        fields.push(template!(syn::FieldValue, [] { params }));
    }
    if let Some(b) = &op.body {
        if b.required {
            required.push(format_ident!("body"));
        }
        fields.push(template!(syn::FieldValue, [] { body }));
    }
    let unwrap = match required.as_slice() {
        [] => None,
        [one] => Some(
            template!(Stmts, [one] {
                let Some(#one) = #one else {
                    return bad_request(::std::mem::take(errors));
                };
            })
            .0,
        ),
        // Both: the parameters, then the body.
        _ => Some(
            template!(Stmts, [] {
                let (Some(params), Some(body),) = (params, body,) else {
                    return bad_request(::std::mem::take(errors));
                };
            })
            .0,
        ),
    };
    // A body read with its parts' headers comes as a pair.
    let split = op.part_headers().map(|(_, required)| {
        fields.push(template!(syn::FieldValue, [] { part_headers }));
        if required {
            template!(Stmts, [] { let (body, part_headers) = body; }).0
        } else {
            template!(Stmts, [] { let (body, part_headers) = body.unzip(); }).0
        }
    });
    let request_name = ident(&op.request_type);
    let claims = needs_auth(op).then(|| vec![template!(syn::Expr, [] { claims })]);
    let body_binding = if op.body.is_some() {
        format_ident!("body")
    } else {
        format_ident!("_body")
    };
    let doc = format!(" `{} {}`", op.method.as_str(), op.path);
    template!(syn::Item, [
        doc, fname, path_arg, body_binding, auth, params, body, unwrap, split, request_name, fields, claims,
    ] {
        #[doc = #doc]
        async fn #fname<A: Api>(
            State(shared): State<Arc<Shared<A>>>,
            #path_arg,
            request: Request,
        ) -> Response {
            let (parts, #body_binding) = request.into_parts();
            #auth
            let errors = &mut ValidationErrors::default();
            #params
            #body
            if !errors.is_empty() {
                return bad_request(::std::mem::take(errors));
            }
            #unwrap
            #split
            let request = #request_name { #fields };
            shared.api.#fname(#claims, request).await.into_response()
        }
    })
}

/// Whether a value of `shape` must be checked as raw JSON against its schema, because its typed
/// form is more lenient than the spec: chrono reads a relaxed RFC 3339 (a space for `T`) and
/// `uuid` reads UUIDs without hyphens; a union's type picks one alternative where `oneOf`
/// requires that exactly one matches; a type replaced by the settings is not checked by
/// `Validate` at all; a model counts the members it writes for `minProperties` /
/// `maxProperties`, where a missing member with a default is filled in and an optional `null`
/// one dropped, so the spec's count is that of the JSON.
fn needs_schema_check<'a>(api: &'a Api, shape: &'a Shape, seen: &mut Vec<&'a str>) -> bool {
    match &shape.ty {
        Ty::String(format) => *format != StringFormat::Plain,
        Ty::Array(items) | Ty::Map(items) => needs_schema_check(api, items, seen),
        Ty::Named(name) => {
            if seen.contains(&name.as_str()) {
                return false;
            }
            seen.push(name);
            let t = api.types.iter().find(|t| &t.name == name);
            // A replaced type has no `Validate` of this crate: the schema check is the only one.
            if t.is_some_and(|t| t.extras.replaced_by.is_some()) {
                return true;
            }
            match t.map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => {
                    !s.properties.is_empty()
                        || s.fields
                            .iter()
                            .any(|f| needs_schema_check(api, &f.shape, seen))
                        || matches!(&s.additional, crate::ir::Additional::Kept { values, .. } if needs_schema_check(api, values, seen))
                }
                Some(TypeKind::Union(_)) => true,
                _ => false,
            }
        }
        _ => false,
    }
}

fn body_code(sp: &ServerPlan, op: &Operation) -> Option<Vec<syn::Stmt>> {
    let body = op.body.as_ref()?;
    let required = body.required;
    let media = body.content.media_type.as_str();
    let any_schema = || template!(syn::Expr, [] { &openapi_runtime::schema::Schema::ANY });
    let call = match &body.content.kind {
        ContentKind::Json(shape) => {
            let ty = qualified_nullable_ty(shape);
            let schema = sp.statics.body(op).unwrap_or_else(any_schema);
            // A model body deserialises directly and validates with its `Validate` impl; others
            // go through the schema check of the raw JSON.
            // Types whose serde is more lenient than the spec take the schema path too.
            let model = !shape.nullable
                && matches!(&shape.ty, Ty::Named(name) if !is_enum(sp.api, name))
                && !needs_schema_check(sp.api, shape, &mut Vec::new());
            let f = if model {
                format_ident!("json_model_body")
            } else {
                format_ident!("json_body")
            };
            template!(syn::Expr, [f, ty, required, schema] {
                support::#f::<#ty>(&parts.headers, body, shared.options.max_body_bytes, #required, #schema, errors)
            })
        }
        ContentKind::Form(shape) => {
            let ty = qualified_ty(shape);
            let schema = sp.statics.body(op).unwrap_or_else(any_schema);
            template!(syn::Expr, [ty, required, schema] {
                support::form_body::<#ty>(&parts.headers, body, shared.options.max_body_bytes, #required, #schema, errors)
            })
        }
        ContentKind::Multipart {
            shape,
            encodings,
            part_headers,
            ..
        } => {
            let ty = qualified_ty(shape);
            let schema = sp.statics.body(op).unwrap_or_else(any_schema);
            let encodings = super::client::encodings_expr(encodings);
            let headers = part_headers.as_ref().and_then(|h| match &h.ty {
                Ty::Named(name) => Some((qualified_ty(h), sp.statics.of_type(name)?)),
                _ => None,
            });
            match headers {
                Some((headers, headers_schema)) => {
                    template!(syn::Expr, [ty, headers, required, schema, encodings, headers_schema] {
                        openapi_runtime::multipart::multipart_body_with_headers::<#ty, #headers>(&parts.headers, body, shared.options.max_body_bytes, #required, #schema, #encodings, #headers_schema, errors)
                    })
                }
                None => template!(syn::Expr, [ty, required, schema, encodings] {
                    openapi_runtime::multipart::multipart_body::<#ty>(&parts.headers, body, shared.options.max_body_bytes, #required, #schema, #encodings, errors)
                }),
            }
        }
        ContentKind::Text => template!(syn::Expr, [required, media] {
            support::text_body(&parts.headers, body, shared.options.max_body_bytes, #required, #media, errors)
        }),
        ContentKind::Binary => template!(syn::Expr, [required, media] {
            support::bytes_body(&parts.headers, body, shared.options.max_body_bytes, #required, #media, errors)
        }),
    };
    Some(
        template!(Stmts, [call] {
            let body = match #call.await {
                Ok(body) => body,
                Err(rejection) => return rejected(rejection),
            };
        })
        .0,
    )
}

fn into_response(op: &Operation) -> syn::Item {
    let name = ident(&op.response_type);
    let arms: Vec<syn::Arm> = op.responses.iter().map(response_arm).collect();
    let doc = format!(
        " Each variant with its status ({}), body and headers.",
        op.responses
            .iter()
            .map(|r| status_text(&r.status))
            .collect::<Vec<_>>()
            .join(", ")
    );
    template!(syn::Item, [doc, name, arms] {
        #[doc = #doc]
        impl IntoResponse for crate::responses::#name {
            fn into_response(self) -> Response {
                match self {
                    #arms
                }
            }
        }
    })
}

/// The arm of `into_response` for one variant: its status, body and headers as HTTP.
fn response_arm(r: &crate::ir::Response) -> syn::Arm {
    let v = ident(&r.variant);
    let status = match r.status {
        crate::ir::Status::Code(c) => {
            let c = lit_u16(c);
            template!(syn::Expr, [c] { support::status(#c) })
        }
        _ => template!(syn::Expr, [] { support::status(status) }),
    };
    let mut bindings = Vec::new();
    if has_status_field(r) {
        bindings.push(field_pat(format_ident!("status")));
    }
    let response = match (&r.content, body_ty(r)) {
        (Some(content), Some(_)) => {
            bindings.push(field_pat(format_ident!("body")));
            let media = content.media_type.as_str();
            match content.kind {
                ContentKind::Json(_) => template!(syn::Expr, [status, media] {
                    support::json_response(#status, #media, &body)
                }),
                ContentKind::Text => template!(syn::Expr, [status, media] {
                    support::body_response(#status, #media, body.into_bytes())
                }),
                ContentKind::Binary | ContentKind::Form(_) | ContentKind::Multipart { .. } => {
                    template!(syn::Expr, [status, media] {
                        support::body_response(#status, #media, body)
                    })
                }
            }
        }
        _ => template!(syn::Expr, [status] { #status.into_response() }),
    };
    let headers: Vec<syn::Stmt> = r
        .headers
        .iter()
        .map(|h| {
            let f = ident(&h.name);
            let wire = h.wire_name.to_ascii_lowercase();
            bindings.push(field_pat(f.clone()));
            if !h.required || h.shape.nullable {
                template!(syn::Stmt, [wire, f] { support::set_header(&mut response, #wire, #f); })
            } else {
                template!(syn::Stmt, [wire, f] { support::set_header(&mut response, #wire, Some(#f)); })
            }
        })
        .collect();
    let body = if headers.is_empty() {
        response
    } else {
        template!(syn::Expr, [response, headers] {
            {
                let mut response = #response;
                #headers
                response
            }
        })
    };
    if is_unit(r) {
        template!(syn::Arm, [v, body] { Self::#v => #body, })
    } else {
        template!(syn::Arm, [v, bindings, body] { Self::#v { #bindings } => #body, })
    }
}

/// An unsuffixed integer literal.
pub fn lit_u16(v: u16) -> Literal {
    Literal::u16_unsuffixed(v)
}
