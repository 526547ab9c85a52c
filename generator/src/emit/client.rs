//! `client.rs` (feature `client`): a reqwest client with one async method per operation. Requests
//! are validated before they are sent; responses are chosen by status code and decoded into the
//! same response enums the server uses.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::responses::{has_status_field, is_unit};
use super::rust::{
    holds_counted, holds_replaced, ident, is_enum, operation_doc_attrs, qualified_nullable_ty,
    qualified_ty, str_lit,
};
use super::schemas::Statics;
use super::template::{Stmts, lit, template};
use crate::ir::{
    Api, ContentKind, Operation, ParamLocation, SecurityKind, Shape, Status, Ty, TypeKind,
};

/// The spec's first server, when it is an absolute URL without variables.
pub(super) fn default_base_url(api: &Api) -> Option<String> {
    let url = &api.servers.first()?.url;
    let absolute = url.starts_with("http://") || url.starts_with("https://");
    (absolute && !url.contains('{')).then(|| url.trim_end_matches('/').to_owned())
}

/// Which kinds of credentials some operation needs.
pub(super) struct Needs {
    pub bearer: bool,
    pub api_key: bool,
    pub basic: bool,
}

pub(super) fn needs(api: &Api) -> Needs {
    let mut n = Needs {
        bearer: false,
        api_key: false,
        basic: false,
    };
    for op in &api.operations {
        for alt in &op.security {
            for key in alt {
                match api
                    .security_schemes
                    .iter()
                    .find(|s| &s.key == key)
                    .map(|s| &s.kind)
                {
                    Some(
                        SecurityKind::Bearer | SecurityKind::OAuth2 | SecurityKind::OpenIdConnect,
                    ) => n.bearer = true,
                    Some(SecurityKind::ApiKey { .. }) => n.api_key = true,
                    Some(SecurityKind::Basic) => n.basic = true,
                    None => {}
                }
            }
        }
    }
    n
}

/// The top of `client.rs`: the `Client` and its configuration.
pub fn client(api: &Api) -> TokenStream {
    let n = needs(api);
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    if n.bearer {
        fields.push(quote!(bearer_token: ::std::option::Option<::std::string::String>,));
        inits.push(quote!(bearer_token: None,));
        setters.push(quote! {
            /// The token sent as `Authorization: Bearer <token>` to operations that require it.
            pub fn with_bearer_token(mut self, token: impl Into<::std::string::String>) -> Self {
                self.bearer_token = Some(token.into());
                self
            }
        });
    }
    if n.api_key {
        fields.push(quote!(api_keys: ::std::vec::Vec<(&'static str, ::std::string::String)>,));
        inits.push(quote!(api_keys: ::std::vec::Vec::new(),));
        setters.push(quote! {
            /// The key for the API-key security scheme named `scheme` in the spec.
            pub fn with_api_key(mut self, scheme: &'static str, key: impl Into<::std::string::String>) -> Self {
                self.api_keys.retain(|(s, _)| *s != scheme);
                self.api_keys.push((scheme, key.into()));
                self
            }
        });
    }
    if n.basic {
        fields.push(
            quote!(basic: ::std::option::Option<(::std::string::String, ::std::string::String)>,),
        );
        inits.push(quote!(basic: None,));
        setters.push(quote! {
            /// The user name and password sent with HTTP Basic authentication.
            pub fn with_basic_auth(mut self, user: impl Into<::std::string::String>, password: impl Into<::std::string::String>) -> Self {
                self.basic = Some((user.into(), password.into()));
                self
            }
        });
    }
    let default = match default_base_url(api) {
        Some(url) => {
            let url_lit = str_lit(&url);
            let doc = format!(" The spec's first server: `{url}`.");
            quote! {
                impl Client {
                    #[doc = #doc]
                    pub const DEFAULT_BASE_URL: &'static str = #url_lit;
                }

                /// A client of the spec's first server ([`Client::DEFAULT_BASE_URL`]).
                impl Default for Client {
                    fn default() -> Self {
                        Client::new(Client::DEFAULT_BASE_URL)
                    }
                }
            }
        }
        None => quote!(),
    };
    let title = format!(" A client of {} (feature `client`).", api.title.trim());
    quote! {
        #![doc = #title]
        //!
        //! Each method validates the request with the same validators as the server and refuses
        //! to send one the spec forbids ([`ClientError::InvalidRequest`]), then decodes the
        //! response by its status code into the operation's response enum. TLS (and mutual TLS)
        //! is configured on the `reqwest::Client` given to [`Client::with_http_client`].

        #[allow(unused_imports)]
        use reqwest::header::HeaderMap;

        pub use openapi_runtime::client::{ClientError, RawResponse};
        #[allow(unused_imports)]
        use openapi_runtime::client as support;
        use openapi_runtime::reqwest;

        /// A client of the API.
        #[derive(Debug, Clone)]
        pub struct Client {
            base_url: ::std::string::String,
            http: reqwest::Client,
            #(#fields)*
        }

        impl Client {
            /// A client of the API at `base_url` (e.g. `https://api.example.com/v1`).
            pub fn new(base_url: impl Into<::std::string::String>) -> Self {
                let base_url: ::std::string::String = base_url.into();
                Client {
                    base_url: base_url.trim_end_matches('/').to_owned(),
                    http: reqwest::Client::new(),
                    #(#inits)*
                }
            }

            /// Sends requests with `http` (for TLS, client certificates, timeouts, proxies...).
            pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
                self.http = http;
                self
            }

            #(#setters)*

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }
        }

        #default
    }
}

/// One `impl Client` block with the method of `op`.
pub fn operation(api: &Api, statics: &Statics, op: &Operation) -> syn::Item {
    let fname = ident(&op.name);
    let response_type = ident(&op.response_type);
    let mut args: Vec<syn::FnArg> = Vec::new();
    if let Some(params) = &op.params_type {
        let params = ident(params);
        args.push(template!(syn::FnArg, [params] { params: &crate::models::#params }));
    }
    let body_ty = op.body.as_ref().map(|b| {
        let ty = match &b.content.kind {
            ContentKind::Json(shape)
            | ContentKind::Form(shape)
            | ContentKind::Multipart { shape, .. } => qualified_nullable_ty(shape),
            ContentKind::Text => template!(syn::Type, [] { str }),
            ContentKind::Binary => template!(syn::Type, [] { [u8] }),
        };
        if b.required {
            template!(syn::Type, [ty] { &#ty })
        } else {
            template!(syn::Type, [ty] { ::std::option::Option<&#ty> })
        }
    });
    if let Some(ty) = body_ty {
        args.push(template!(syn::FnArg, [ty] { body: #ty }));
    }
    if let Some((headers, required)) = op.part_headers() {
        let ty = qualified_ty(headers);
        args.push(if required {
            template!(syn::FnArg, [ty] { part_headers: &#ty })
        } else {
            template!(syn::FnArg, [ty] { part_headers: ::std::option::Option<&#ty> })
        });
    }
    // Validation before anything is built. A parameter set holding a replaced type (no
    // `Validate` of this crate) is checked against its table's schemas instead.
    let params_by_schema = op.params.iter().any(|p| holds_replaced(api, &p.shape));
    let params_check = if op.params_type.is_some() && !params_by_schema {
        template!(syn::Expr, [] { Some(params) })
    } else {
        template!(syn::Expr, [] { None })
    };
    let params_schema_check = statics
        .params(op)
        .filter(|_| params_by_schema)
        .map(|table| {
            template!(Stmts, [table] {
                support::check_params(params, #table)?;
            })
        });
    let (body_check, schema_check) = match op.body.as_ref().map(|b| (&b.content.kind, b.required)) {
        Some((
            ContentKind::Json(shape)
            | ContentKind::Form(shape)
            | ContentKind::Multipart { shape, .. },
            required,
        )) if is_model(api, shape) => {
            if required {
                (template!(syn::Expr, [] { Some(body) }), None)
            } else {
                (
                    template!(syn::Expr, [] { body.map(|b| b as &dyn openapi_runtime::Validate) }),
                    None,
                )
            }
        }
        // Other JSON bodies, and a form body holding a replaced type (checked as the JSON it
        // is encoded from), are checked against their schema.
        Some((kind @ (ContentKind::Json(_) | ContentKind::Form(_)), required))
            if matches!(kind, ContentKind::Form(shape) if holds_replaced(api, shape))
                || matches!(kind, ContentKind::Json(_)) =>
        {
            let schema = statics.body(op).unwrap_or_else(
                || template!(syn::Expr, [] { &openapi_runtime::schema::Schema::ANY }),
            );
            let check = if required {
                template!(Stmts, [schema] { support::check_json_body(body, #schema)?; })
            } else {
                template!(Stmts, [schema] {
                    if let Some(body) = body {
                        support::check_json_body(body, #schema)?;
                    }
                })
            };
            (template!(syn::Expr, [] { None }), Some(check))
        }
        _ => (template!(syn::Expr, [] { None }), None),
    };
    let checks_body = matches!(op.body.as_ref().map(|b| &b.content.kind), Some(ContentKind::Json(shape) | ContentKind::Form(shape) | ContentKind::Multipart { shape, .. }) if is_model(api, shape));
    let validate = ((op.params_type.is_some() && !params_by_schema) || checks_body).then(|| {
        template!(Stmts, [params_check, body_check] {
            support::check_request(#params_check, #body_check)?;
        })
    });
    // The URL and the parameters, as the operation's parameter table says.
    let path = str_lit(&op.path);
    // Without parameters the path has no `{name}`s (lowering checks that).
    let format = str_lit(&format!(
        "{{}}{}",
        op.path.replace('{', "{{").replace('}', "}}")
    ));
    let url = match statics.params(op) {
        Some(table) => template!(Stmts, [path, table] {
            let mut headers = HeaderMap::new();
            let url = support::prepare(&self.base_url, #path, #table, params, &mut headers)?;
        }),
        // A multipart body's media type (with its boundary) is set by reqwest.
        None if op
            .body
            .as_ref()
            .is_some_and(|b| !matches!(b.content.kind, ContentKind::Multipart { .. })) =>
        {
            template!(Stmts, [format] {
                let mut headers = HeaderMap::new();
                let url = format!(#format, self.base_url);
            })
        }
        None => template!(Stmts, [format] {
            let headers = HeaderMap::new();
            let url = format!(#format, self.base_url);
        }),
    };
    let auth = auth_code(api, op);
    let method = format_ident!("{}", op.method.as_str());
    let body_send = op.body.as_ref().map(|b| {
        if let ContentKind::Multipart {
            encodings,
            part_headers,
            ..
        } = &b.content.kind
        {
            let headers = part_headers.as_ref().map(|h| match &h.ty {
                Ty::Named(name) => statics.of_type(name),
                _ => None,
            });
            return multipart_send(encodings, headers.flatten(), b.required);
        }
        let media = str_lit(&b.content.media_type);
        let bytes = match b.content.kind {
            ContentKind::Json(_) => template!(syn::Expr, [] {
                serde_json::to_vec(body).map_err(|e| ClientError::Build {
                    reason: e.to_string()
                })?
            }),
            ContentKind::Form(_) => template!(syn::Expr, [] { support::form_encode(body)? }),
            ContentKind::Text => template!(syn::Expr, [] { body.to_owned().into_bytes() }),
            ContentKind::Binary => template!(syn::Expr, [] { body.to_vec() }),
            ContentKind::Multipart { .. } => unreachable!("sent as a form above"),
        };
        if b.required {
            template!(Stmts, [media, bytes] {
                support::header(&mut headers, "content-type", #media)?;
                let request = request.body(#bytes);
            })
        } else {
            template!(Stmts, [media, bytes] {
                let request = match body {
                    Some(body) => {
                        support::header(&mut headers, "content-type", #media)?;
                        request.body(#bytes)
                    }
                    None => request,
                };
            })
        }
    });
    let mut arms = response_arms(api, statics, op);
    // With a `default` response every status is documented.
    if !op.responses.iter().any(|r| r.status == Status::Default) {
        arms.push(template!(syn::Arm, [] {
            _ => Err(ClientError::UnexpectedStatus(Box::new(response))),
        }));
    }
    // A lone `default` takes every status: its arm is the whole answer (clippy's
    // `match_single_binding` on the generated crate).
    let answer = if arms.len() == 1 && matches!(arms[0].pat, syn::Pat::Wild(_)) {
        *arms.remove(0).body
    } else {
        template!(syn::Expr, [arms] {
            match response.status {
                #arms
            }
        })
    };
    let docs = operation_doc_attrs(op);
    template!(syn::Item, [docs, fname, args, response_type, validate, params_schema_check, schema_check, url, method, auth, body_send, answer] {
        impl Client {
            #docs
            pub async fn #fname(&self, #args) -> ::std::result::Result<crate::responses::#response_type, ClientError> {
                #validate
                #params_schema_check
                #schema_check
                #url
                let request = self.http.request(reqwest::Method::#method, url);
                #auth
                #body_send
                let response = support::send(request.headers(headers)).await?;
                #answer
            }
        }
    })
}

/// Whether a body is checked by its type's `Validate`: a struct that holds no type replaced by
/// the settings (those have no `Validate` of this crate: the body is checked against its schema
/// as raw JSON instead).
fn is_model(api: &Api, shape: &Shape) -> bool {
    !shape.nullable
        && matches!(&shape.ty, Ty::Named(name) if api.types.iter().any(|t| &t.name == name && matches!(t.kind, TypeKind::Struct(_))))
        && !holds_replaced(api, shape)
}

/// Credentials: the first alternative whose credentials the client has.
fn auth_code(api: &Api, op: &Operation) -> Option<Stmts> {
    if op.security.is_empty() || op.security.iter().any(|alt| alt.is_empty()) {
        return None;
    }
    let mut attempts: Vec<syn::Stmt> = Vec::new();
    let mut first_scheme = None;
    for alt in &op.security {
        let Some(key) = alt.first() else { continue };
        let Some(scheme) = api.security_schemes.iter().find(|s| &s.key == key) else {
            continue;
        };
        first_scheme.get_or_insert(key.clone());
        let key_lit = str_lit(key);
        let attempt = match &scheme.kind {
            SecurityKind::Bearer | SecurityKind::OAuth2 | SecurityKind::OpenIdConnect => {
                template!(Stmts, [] {
                    if let Some(token) = &self.bearer_token {
                        break 'auth request.bearer_auth(token);
                    }
                })
            }
            SecurityKind::Basic => template!(Stmts, [] {
                if let Some((user, password)) = &self.basic {
                    break 'auth request.basic_auth(user, Some(password));
                }
            }),
            SecurityKind::ApiKey { location, name } => {
                let name_lit = str_lit(name);
                let lower = str_lit(&name.to_ascii_lowercase());
                let apply = match location {
                    ParamLocation::Header => {
                        template!(syn::Expr, [lower] { request.header(#lower, key.as_str()) })
                    }
                    ParamLocation::Query => {
                        template!(syn::Expr, [name_lit] { request.query(&[(#name_lit, key.as_str())]) })
                    }
                    _ => {
                        let format = str_lit(&format!("{name}={{key}}"));
                        template!(syn::Expr, [format] { request.header("cookie", format!(#format)) })
                    }
                };
                template!(Stmts, [key_lit, apply] {
                    if let Some((_, key)) = self.api_keys.iter().find(|(scheme, _)| *scheme == #key_lit) {
                        break 'auth #apply;
                    }
                })
            }
        };
        attempts.extend(attempt.0);
    }
    let scheme = str_lit(&first_scheme.unwrap_or_default());
    Some(template!(Stmts, [attempts, scheme] {
        let request = 'auth: {
            #attempts
            return Err(ClientError::MissingCredentials { scheme: #scheme });
        };
    }))
}

/// `status => Ok(Response::Variant { .. }),` for each documented response: exact codes first,
/// then ranges, then `default`.
fn response_arms(api: &Api, statics: &Statics, op: &Operation) -> Vec<syn::Arm> {
    let response_type = ident(&op.response_type);
    let mut ordered: Vec<(usize, &crate::ir::Response)> = op.responses.iter().enumerate().collect();
    ordered.sort_by_key(|(_, r)| match r.status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    });
    ordered
        .into_iter()
        .map(|(index, r)| {
            let v = ident(&r.variant);
            let pattern = match r.status {
                Status::Code(c) => lit(Literal::u16_unsuffixed(c)),
                Status::Range(d) => {
                    let (lo, hi) = (
                        Literal::u16_unsuffixed(u16::from(d) * 100),
                        Literal::u16_unsuffixed(u16::from(d) * 100 + 99),
                    );
                    template!(syn::Expr, [lo, hi] { #lo..=#hi })
                }
                Status::Default => template!(syn::Expr, [] { _ }),
            };
            if is_unit(r) {
                return template!(syn::Arm, [pattern, response_type = &response_type, v] {
                    #pattern => Ok(crate::responses::#response_type::#v),
                });
            }
            let mut fields: Vec<syn::FieldValue> = Vec::new();
            if has_status_field(r) {
                fields.push(template!(syn::FieldValue, [] { status: response.status }));
            }
            if let Some(content) = &r.content {
                let decode = match &content.kind {
                    // A counted struct is counted on the JSON as it came (see `holds_counted`).
                    ContentKind::Json(shape)
                        if is_model(api, shape) && !holds_counted(api, shape) =>
                    {
                        template!(syn::Expr, [] { response.model()? })
                    }
                    ContentKind::Json(_) => match statics.response_body(op, index) {
                        Some(schema) => {
                            template!(syn::Expr, [schema] { response.checked_json(#schema)? })
                        }
                        None => template!(syn::Expr, [] { response.json()? }),
                    },
                    ContentKind::Text => template!(syn::Expr, [] { response.text_body()? }),
                    ContentKind::Binary | ContentKind::Form(_) | ContentKind::Multipart { .. } => {
                        template!(syn::Expr, [] { response.bytes_body() })
                    }
                };
                fields.push(template!(syn::FieldValue, [decode] { body: #decode }));
            }
            for h in &r.headers {
                let f = ident(&h.name);
                let wire = str_lit(&h.wire_name.to_ascii_lowercase());
                let required = h.required && !h.shape.nullable;
                // Lists are comma-separated (simple style); objects come as JSON.
                let (f_name, ty) = match &h.shape.ty {
                    Ty::Array(items) => ("list", qualified_ty(items)),
                    Ty::Named(name) if !is_enum(api, name) => ("json", qualified_ty(&h.shape)),
                    Ty::Map(_) => ("json", qualified_ty(&h.shape)),
                    _ => ("scalar", qualified_ty(&h.shape)),
                };
                let method = format_ident!(
                    "{}{}",
                    if required {
                        "required_header_"
                    } else {
                        "header_"
                    },
                    f_name
                );
                fields.push(template!(syn::FieldValue, [f, method, ty, wire] {
                    #f: response.#method::<#ty>(#wire)?
                }));
            }
            template!(syn::Arm, [pattern, response_type = &response_type, v, fields] {
                #pattern => Ok(crate::responses::#response_type::#v { #fields }),
            })
        })
        .collect()
}

/// A `multipart/form-data` body: the model written as parts (`ToParts`, in `models.rs`);
/// reqwest sets the media type with its boundary.
/// With part headers (`headers`, the static of their schema), they are written onto the parts.
fn multipart_send(
    encodings: &[(String, String)],
    headers: Option<syn::Expr>,
    required: bool,
) -> Stmts {
    let encodings = encodings_expr(encodings);
    let form = match headers {
        Some(schema) if required => template!(syn::Expr, [encodings, schema] {
            openapi_runtime::multipart::multipart_form_with_headers(body, #encodings, Some(part_headers), #schema)?
        }),
        Some(schema) => template!(syn::Expr, [encodings, schema] {
            openapi_runtime::multipart::multipart_form_with_headers(body, #encodings, part_headers, #schema)?
        }),
        None => template!(syn::Expr, [encodings] {
            openapi_runtime::multipart::multipart_form(body, #encodings)?
        }),
    };
    if required {
        template!(Stmts, [form] {
            let request = request.multipart(#form);
        })
    } else {
        template!(Stmts, [form] {
            let request = match body {
                Some(body) => request.multipart(#form),
                None => request,
            };
        })
    }
}

/// `&[("part", "media/type"), ...]`: the `encoding` object's content types.
pub(super) fn encodings_expr(encodings: &[(String, String)]) -> syn::Expr {
    let pairs: Vec<syn::Expr> = encodings
        .iter()
        .map(|(name, media)| {
            let (name, media) = (str_lit(name), str_lit(media));
            template!(syn::Expr, [name, media] { (#name, #media) })
        })
        .collect();
    syn::parse_quote!(&[#(#pairs),*])
}
