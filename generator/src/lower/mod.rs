//! Stage 2: lower the resolved OpenAPI document to the IR (`crate::ir`). Names are assigned here
//! (component types first, so they keep their own names; inline types get names from where they
//! are used), constraints become data, and everything unsupported is an error or a warning.

mod cycles;
mod dedupe;
mod intersect;
mod mock;
mod multipart;
pub mod names;
mod schema;
mod settings;

use std::collections::HashMap;

use openapiv3::{
    Parameter, ParameterData, ParameterSchemaOrContent, PathItem, ReferenceOr, StatusCode,
};

use crate::error::{Error, Pointer, Result, Warning};
use crate::ir::{
    Api, Content, ContentKind, Docs, Method, Operation, Param, ParamLocation, Pattern, RequestBody,
    Response, ResponseHeader, SecurityKind, SecurityScheme, Server, Shape, Status, TypeDef,
};
use crate::load::Spec;
use crate::settings::Settings;
use names::Namespace;
use schema::ComponentMap;

pub(crate) struct Lowerer<'a> {
    spec: &'a Spec,
    settings: &'a Settings,
    types: Vec<TypeDef>,
    types_ns: Namespace,
    /// The type name of every component schema, reserved before anything is lowered: the
    /// struct or enum it becomes, or the `pub type` alias it gets.
    reserved_names: HashMap<String, String>,
    components: ComponentMap,
    patterns: Vec<Pattern>,
    pattern_index: HashMap<String, usize>,
    warnings: Vec<Warning>,
}

/// Lower a loaded spec to the IR, as the settings ask.
pub fn lower(spec: &Spec, settings: &Settings) -> Result<Api> {
    let _memo = names::MemoScope::start();
    let mut l = Lowerer {
        spec,
        settings,
        types: Vec::new(),
        types_ns: Namespace::new(),
        reserved_names: HashMap::new(),
        components: HashMap::new(),
        patterns: Vec::new(),
        pattern_index: HashMap::new(),
        warnings: Vec::new(),
    };
    l.reserve_component_names()?;
    if let Some(components) = &spec.doc.components {
        for key in components.schemas.keys() {
            l.component_shape(key)?;
        }
    }
    let security_schemes = l.security_schemes()?;
    let mut operations = l.operations(&security_schemes)?;
    l.check_discriminators();
    dedupe::merge_identical(&mut l.types, &mut operations);
    let (parts, dependencies) = settings::apply(l.settings, &mut l.types, &mut operations)?;
    // Boxing follows from the final type graph, so it is decided once types are merged.
    cycles::break_cycles(&mut l.types);
    let doc = &spec.doc;
    let source_file = std::path::Path::new(&spec.file)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| spec.file.clone());
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        source_file,
        servers: doc
            .servers
            .iter()
            .map(|s| Server {
                url: s.url.clone(),
                description: s.description.clone(),
            })
            .collect(),
        types: l.types,
        operations,
        patterns: l.patterns,
        security_schemes,
        warnings: l.warnings,
        parts,
        dependencies,
    };
    // Types imported from other files say where they are defined there.
    for t in &mut api.types {
        if let Some((file, pointer)) = t.docs.source.as_ref().and_then(|s| spec.origin(s)) {
            t.docs.source = Some(pointer);
            t.docs.file = Some(file);
        }
    }
    mock::add_mock_responses(&mut api);
    api.warnings.sort();
    api.warnings.dedup();
    Ok(api)
}

const METHODS: [Method; 8] = [
    Method::Get,
    Method::Put,
    Method::Post,
    Method::Delete,
    Method::Options,
    Method::Head,
    Method::Patch,
    Method::Trace,
];

fn operation_of(item: &PathItem, method: Method) -> Option<&openapiv3::Operation> {
    match method {
        Method::Get => item.get.as_ref(),
        Method::Put => item.put.as_ref(),
        Method::Post => item.post.as_ref(),
        Method::Delete => item.delete.as_ref(),
        Method::Options => item.options.as_ref(),
        Method::Head => item.head.as_ref(),
        Method::Patch => item.patch.as_ref(),
        Method::Trace => item.trace.as_ref(),
    }
}

impl<'a> Lowerer<'a> {
    fn error(&self, pointer: Pointer, message: String) -> Error {
        crate::load::spec_error(&self.spec.file, pointer, None, message)
    }

    fn warn(&mut self, pointer: Pointer, message: String) {
        self.warnings.push(Warning {
            pointer,
            message,
            file: None,
        });
    }

    /// Phase one of naming: every component schema that becomes a struct or an enum gets its
    /// name before any inline type is named, so inline types never take a component's name.
    fn reserve_component_names(&mut self) -> Result<()> {
        let spec = self.spec;
        let Some(components) = &spec.doc.components else {
            return Ok(());
        };
        for key in components.schemas.keys() {
            let name = self.types_ns.claim(&names::type_name(key), "");
            self.reserved_names.insert(key.clone(), name);
        }
        Ok(())
    }

    fn security_schemes(&mut self) -> Result<Vec<SecurityScheme>> {
        let spec = self.spec;
        let mut out = Vec::new();
        let Some(components) = &spec.doc.components else {
            return Ok(out);
        };
        for (key, scheme) in &components.security_schemes {
            let at = Pointer::root()
                .push("components")
                .push("securitySchemes")
                .push(key);
            let ReferenceOr::Item(scheme) = scheme else {
                return Err(self.error(at, "a $ref to a security scheme is not supported".into()));
            };
            let kind = match scheme {
                openapiv3::SecurityScheme::HTTP { scheme, .. }
                    if scheme.eq_ignore_ascii_case("bearer") =>
                {
                    SecurityKind::Bearer
                }
                openapiv3::SecurityScheme::HTTP { scheme, .. }
                    if scheme.eq_ignore_ascii_case("basic") =>
                {
                    SecurityKind::Basic
                }
                openapiv3::SecurityScheme::HTTP { scheme, .. } => {
                    return Err(self.error(at.push("scheme"), format!("HTTP authentication scheme {scheme:?} is not supported (bearer and basic are)")));
                }
                openapiv3::SecurityScheme::APIKey { location, name, .. } => SecurityKind::ApiKey {
                    location: match location {
                        openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                        openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                        openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                    },
                    name: name.clone(),
                },
                openapiv3::SecurityScheme::OAuth2 { .. } => SecurityKind::OAuth2,
                openapiv3::SecurityScheme::OpenIDConnect { .. } => SecurityKind::OpenIdConnect,
            };
            out.push(SecurityScheme {
                key: key.clone(),
                kind,
            });
        }
        Ok(out)
    }

    fn operations(&mut self, schemes: &[SecurityScheme]) -> Result<Vec<Operation>> {
        let spec = self.spec;
        // Every operation, in spec order.
        let mut found = Vec::new();
        for (path, item) in &spec.doc.paths.paths {
            let path_at = Pointer::root().push("paths").push(path);
            let ReferenceOr::Item(item) = item else {
                return Err(self.error(path_at, "a $ref to a path item is not supported".into()));
            };
            for method in METHODS {
                if let Some(op) = operation_of(item, method) {
                    let at = path_at.push(method.as_str().to_ascii_lowercase());
                    found.push((path.as_str(), item, method, op, at));
                }
            }
        }
        let ids = || {
            found
                .iter()
                .filter_map(|(_, _, _, op, _)| op.operation_id.as_deref())
        };
        let tags = found
            .iter()
            .flat_map(|(_, _, _, op, _)| op.tags.iter().map(String::as_str));
        settings::check_subset(self.settings, ids(), tags)?;
        settings::check_operation_renames(self.settings, ids())?;
        found.retain(|(_, _, _, op, _)| {
            settings::selected(self.settings, op.operation_id.as_deref(), &op.tags)
        });
        // Naming, phase one: operationIds are the spec's own names (or the settings' renames)
        // and must be unique.
        let mut fn_ns = Namespace::new();
        let mut id_names = HashMap::new();
        for (_, _, _, op, at) in &found {
            if let Some(id) = &op.operation_id {
                let name = match settings::operation_rename(self.settings, id)? {
                    Some(name) => name,
                    None => names::snake_name(id),
                };
                if fn_ns.contains(&name) {
                    return Err(self.error(
                        at.push("operationId"),
                        format!("operationId {id:?} is not unique (as a Rust name: {name})"),
                    ));
                }
                fn_ns.reserve(&name);
                id_names.insert(id.as_str(), name);
            }
        }
        // Phase two: the others get a name from method and path, `put_organisation` style, or
        // the longer `..._by_organisation_id` form where the short one is ambiguous.
        let candidates: Vec<Option<(String, String)>> = found
            .iter()
            .map(|(path, _, method, op, _)| {
                op.operation_id
                    .is_none()
                    .then(|| names::path_names(method.as_str(), path))
            })
            .collect();
        let short_count = |short: &str| {
            candidates
                .iter()
                .flatten()
                .filter(|(s, _)| s == short)
                .count()
        };
        let mut out = Vec::with_capacity(found.len());
        for ((path, item, method, op, at), candidate) in found.iter().zip(&candidates) {
            let name = match (&op.operation_id, candidate) {
                (Some(id), _) => id_names[id.as_str()].clone(),
                (None, Some((short, long))) => {
                    let preferred = if short_count(short) == 1 && !fn_ns.contains(short) {
                        short
                    } else {
                        long
                    };
                    fn_ns.claim(preferred, "_")
                }
                (None, None) => unreachable!("operations without an id have candidates"),
            };
            out.push(self.operation(name, *method, path, item, op, at, schemes)?);
        }
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        name: String,
        method: Method,
        path: &str,
        item: &PathItem,
        op: &openapiv3::Operation,
        at: &Pointer,
        schemes: &[SecurityScheme],
    ) -> Result<Operation> {
        let type_prefix = names::type_name(&name);
        if !op.callbacks.is_empty() {
            self.warn(
                at.push("callbacks"),
                "callbacks are not generated (requests the server makes to the client): ignored"
                    .into(),
            );
        }
        let params = self.params(path, item, op, at, &type_prefix)?;
        let params_type =
            (!params.is_empty()).then(|| self.types_ns.claim(&format!("{type_prefix}Params"), ""));
        let body = match &op.request_body {
            Some(rb) => {
                let rb_at = at.push("requestBody");
                let resolved = self.spec.resolve(rb, &rb_at)?;
                let hint = match resolved.component {
                    Some(c) => names::type_name(c),
                    None => format!("{type_prefix}Body"),
                };
                let content = self.content(
                    &resolved.item.content,
                    &resolved.pointer.push("content"),
                    &hint,
                    true,
                )?;
                content.map(|content| RequestBody {
                    required: resolved.item.required,
                    docs: Docs {
                        title: None,
                        description: resolved.item.description.clone(),
                        source: Some(resolved.pointer.clone()),
                        file: None,
                    },
                    content,
                })
            }
            None => None,
        };
        let responses = self.responses(op, at, &type_prefix)?;
        let security = op.security.as_ref().or(self.spec.doc.security.as_ref());
        let security = match security {
            None => Vec::new(),
            Some(reqs) => {
                let mut alternatives = Vec::new();
                for (i, req) in reqs.iter().enumerate() {
                    if req.len() > 1 {
                        let req_at = if op.security.is_some() {
                            at.push("security")
                        } else {
                            Pointer::root().push("security")
                        };
                        self.warn(
                            req_at.push(i),
                            format!(
                                "a requirement of several schemes at once ({}) is not supported yet: the generated server checks only {:?}",
                                req.keys().cloned().collect::<Vec<_>>().join(" and "),
                                req.keys().next().map(String::as_str).unwrap_or_default()
                            ),
                        );
                    }
                    let mut all = Vec::new();
                    for key in req.keys() {
                        if !schemes.iter().any(|s| &s.key == key) {
                            let req_at = if op.security.is_some() {
                                at.push("security")
                            } else {
                                Pointer::root().push("security")
                            };
                            return Err(self.error(req_at.push(i).push(key), format!("security scheme {key:?} is not defined in #/components/securitySchemes")));
                        }
                        all.push(key.clone());
                    }
                    alternatives.push(all);
                }
                alternatives
            }
        };
        Ok(Operation {
            name,
            method,
            path: path.to_owned(),
            docs: Docs {
                title: None,
                description: op.description.clone(),
                source: Some(at.clone()),
                file: None,
            },
            summary: op.summary.clone(),
            request_type: self.types_ns.claim(&format!("{type_prefix}Request"), ""),
            response_type: self.types_ns.claim(&format!("{type_prefix}Response"), ""),
            type_prefix,
            params_type,
            params,
            body,
            responses,
            security,
            mock: None,
        })
    }

    /// Path-level parameters merged with the operation's (the operation's win on the same
    /// name and location), checked against the path template.
    fn params(
        &mut self,
        path: &str,
        item: &PathItem,
        op: &openapiv3::Operation,
        at: &Pointer,
        prefix: &str,
    ) -> Result<Vec<Param>> {
        let spec = self.spec;
        let path_at = Pointer::root().push("paths").push(path);
        let mut resolved: Vec<(Pointer, &Parameter)> = Vec::new();
        for (i, p) in item.parameters.iter().enumerate() {
            let p_at = path_at.push("parameters").push(i);
            let r = spec.resolve(p, &p_at)?;
            resolved.push((r.pointer, r.item));
        }
        for (i, p) in op.parameters.iter().enumerate() {
            let p_at = at.push("parameters").push(i);
            let r = spec.resolve(p, &p_at)?;
            let data = r.item.parameter_data_ref();
            let loc = location_of(r.item);
            if let Some(prev) = resolved.iter().position(|(_, q)| {
                q.parameter_data_ref().name == data.name && location_of(q) == loc
            }) {
                if prev >= item.parameters.len() {
                    return Err(self.error(
                        p_at,
                        format!(
                            "parameter {:?} in {} is declared twice",
                            data.name,
                            loc.as_str()
                        ),
                    ));
                }
                resolved[prev] = (r.pointer, r.item);
            } else {
                resolved.push((r.pointer, r.item));
            }
        }
        let template_names = template_params(path)
            .map_err(|message| self.error(Pointer::root().push("paths").push(path), message))?;
        let mut field_ns = Namespace::new();
        let mut out = Vec::new();
        for (p_at, p) in resolved {
            let data = p.parameter_data_ref();
            let location = location_of(p);
            if location == ParamLocation::Header
                && ["accept", "content-type", "authorization"]
                    .contains(&data.name.to_ascii_lowercase().as_str())
            {
                self.warn(p_at, format!("header parameter {:?} is ignored, as OpenAPI 3.0 says; it is handled by the transport", data.name));
                continue;
            }
            if location == ParamLocation::Path && !template_names.contains(&data.name.as_str()) {
                return Err(self.error(
                    p_at.push("name"),
                    format!(
                        "path parameter {:?} does not appear in the path {path:?}",
                        data.name
                    ),
                ));
            }
            let hint = format!("{prefix}{}", names::type_name(&data.name));
            let shape = self.param_shape(data, &p_at, &hint)?;
            let explode = match p {
                Parameter::Query { .. } | Parameter::Cookie { .. } => data.explode.unwrap_or(true),
                _ => data.explode.unwrap_or(false),
            };
            out.push(Param {
                name: field_ns.claim(&names::snake_name(&data.name), "_"),
                wire_name: data.name.clone(),
                location,
                required: data.required || location == ParamLocation::Path,
                docs: Docs {
                    title: None,
                    description: data.description.clone(),
                    source: Some(p_at.clone()),
                    file: None,
                },
                shape,
                explode,
            });
        }
        for name in template_names {
            if !out
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == name)
            {
                return Err(self.error(at.clone(), format!("the path {path:?} has the template {{{name}}} but no path parameter named {name:?}")));
            }
        }
        Ok(out)
    }

    fn param_shape(&mut self, data: &ParameterData, at: &Pointer, hint: &str) -> Result<Shape> {
        match &data.format {
            ParameterSchemaOrContent::Schema(s) => self.shape_of_ref(s, &at.push("schema"), hint),
            ParameterSchemaOrContent::Content(content) => {
                self.warn(at.push("content"), "a parameter with `content` is passed as a plain string; its schema is not enforced".into());
                let _ = content;
                Ok(Shape::of(crate::ir::Ty::String(
                    crate::ir::StringFormat::Plain,
                )))
            }
        }
    }

    fn responses(
        &mut self,
        op: &openapiv3::Operation,
        at: &Pointer,
        prefix: &str,
    ) -> Result<Vec<Response>> {
        let spec = self.spec;
        let responses_at = at.push("responses");
        let mut entries: Vec<(Status, String, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| match code {
                StatusCode::Code(c) => (Status::Code(*c), c.to_string(), r),
                StatusCode::Range(d) => (Status::Range(*d as u8), format!("{d}XX"), r),
            })
            .collect();
        if let Some(d) = &op.responses.default {
            entries.push((Status::Default, "default".into(), d));
        }
        if entries.is_empty() {
            // OpenAPI 3.0 requires a response, but real specs (Dropshot's) have none: any
            // status, with a body of any type, as bytes.
            self.warn(
                responses_at,
                "an operation must have at least one response (OpenAPI 3.0); any status is \
                 accepted, its body untyped (bytes)"
                    .into(),
            );
            return Ok(vec![untyped_response()]);
        }
        let mut out = Vec::new();
        let mut variant_ns = Namespace::new();
        for (status, key, r) in entries {
            if let Status::Code(c) = status
                && !(100..=599).contains(&c)
            {
                return Err(self.error(
                    responses_at.push(&key),
                    format!("{c} is not an HTTP status code"),
                ));
            }
            let r_at = responses_at.push(&key);
            let resolved = spec.resolve(r, &r_at)?;
            let response = resolved.item;
            if !response.links.is_empty() {
                self.warn(
                    resolved.pointer.push("links"),
                    "links are documentation only and not generated: ignored".into(),
                );
            }
            let status_name = match status {
                Status::Default => "Default".to_owned(),
                _ => key.clone(),
            };
            let hint = format!("{prefix}{status_name}Response");
            let content = self.content(
                &response.content,
                &resolved.pointer.push("content"),
                &hint,
                false,
            )?;
            let mut headers = Vec::new();
            let mut header_ns = Namespace::new();
            // The response enum's variants also carry `body` and `status`.
            header_ns.reserve("body");
            header_ns.reserve("status");
            for (name, h) in &response.headers {
                let h_at = resolved.pointer.push("headers").push(name);
                if name.eq_ignore_ascii_case("content-type") {
                    self.warn(
                        h_at,
                        "response header Content-Type is ignored, as OpenAPI 3.0 says".into(),
                    );
                    continue;
                }
                let rh = spec.resolve(h, &h_at)?;
                let shape = self.header_shape(
                    rh.item,
                    &rh.pointer,
                    &format!("{prefix}{}", names::type_name(name)),
                )?;
                headers.push(ResponseHeader {
                    name: header_ns.claim(&names::snake_name(name), "_"),
                    wire_name: name.clone(),
                    required: rh.item.required,
                    docs: Docs {
                        title: None,
                        description: rh.item.description.clone(),
                        source: Some(rh.pointer.clone()),
                        file: None,
                    },
                    shape,
                });
            }
            let variant = variant_ns.claim(&status_variant(&status), "");
            out.push(Response {
                status,
                variant,
                description: response.description.clone(),
                headers,
                content,
            });
        }
        Ok(out)
    }

    /// The shape of a header (of a response, or of a multipart part) at `at`.
    fn header_shape(&mut self, h: &openapiv3::Header, at: &Pointer, hint: &str) -> Result<Shape> {
        match &h.format {
            ParameterSchemaOrContent::Schema(s) => self.shape_of_ref(s, &at.push("schema"), hint),
            ParameterSchemaOrContent::Content(_) => {
                self.warn(
                    at.push("content"),
                    "a header with `content` is passed as a plain string".into(),
                );
                Ok(Shape::of(crate::ir::Ty::String(
                    crate::ir::StringFormat::Plain,
                )))
            }
        }
    }

    /// Pick the body representation among the media types offered (JSON first). A form body
    /// of a request with an object schema is typed; other non-JSON bodies are text or bytes,
    /// and a schema they carry is reported as not enforced.
    fn content(
        &mut self,
        content: &indexmap::IndexMap<String, openapiv3::MediaType>,
        at: &Pointer,
        hint: &str,
        request: bool,
    ) -> Result<Option<Content>> {
        let mut chosen: Option<(&String, &openapiv3::MediaType)> = None;
        for (media_type, mt) in content {
            if is_json(media_type) {
                chosen = Some((media_type, mt));
                break;
            }
        }
        let chosen = chosen.or_else(|| content.first());
        let Some((media_type, mt)) = chosen else {
            return Ok(None);
        };
        for other in content.keys().filter(|k| *k != media_type) {
            self.warn(
                at.push(other),
                format!("only {media_type:?} is generated for this body; {other:?} is not"),
            );
        }
        let mt_at = at.push(media_type);
        let kind = if is_json(media_type) {
            match &mt.schema {
                Some(s) => ContentKind::Json(Box::new(self.shape_of_ref(
                    s,
                    &mt_at.push("schema"),
                    hint,
                )?)),
                None => ContentKind::Json(Box::new(Shape::of(crate::ir::Ty::Any))),
            }
        } else if let (true, true, Some(s)) = (request, is_form(media_type), &mt.schema) {
            let shape = self.shape_of_ref(s, &mt_at.push("schema"), hint)?;
            if self.is_struct(&shape) {
                ContentKind::Form(Box::new(shape))
            } else {
                self.warn(
                    mt_at.push("schema"),
                    "a form body whose schema is not an object is passed as bytes; its schema is not enforced".into(),
                );
                ContentKind::Binary
            }
        } else if let (true, true, Some(s)) = (request, is_multipart(media_type), &mt.schema) {
            let shape = self.shape_of_ref(s, &mt_at.push("schema"), hint)?;
            if self.is_struct(&shape) {
                self.multipart(mt, &mt_at, shape, hint)?
            } else {
                self.warn(
                    mt_at.push("schema"),
                    "a multipart body whose schema is not an object is passed as bytes; its schema is not enforced".into(),
                );
                ContentKind::Binary
            }
        } else {
            if let Some(s) = &mt.schema {
                self.note_unenforced_schema(s, &mt_at.push("schema"))?;
            }
            if is_text(media_type) {
                ContentKind::Text
            } else {
                ContentKind::Binary
            }
        };
        let example = mt.example.clone().or_else(|| {
            mt.examples.values().find_map(|e| match e {
                ReferenceOr::Item(e) => e.value.clone(),
                ReferenceOr::Reference { .. } => None,
            })
        });
        Ok(Some(Content {
            media_type: media_type.clone(),
            kind,
            example,
        }))
    }
}

fn location_of(p: &Parameter) -> ParamLocation {
    match p {
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// `application/json`, `application/problem+json`, `application/json; charset=utf-8`...
pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

fn is_multipart(media_type: &str) -> bool {
    essence(media_type) == "multipart/form-data"
}

fn is_form(media_type: &str) -> bool {
    essence(media_type) == "application/x-www-form-urlencoded"
}

fn is_text(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence.starts_with("text/")
        || matches!(
            essence.as_str(),
            "application/jwt"
                | "application/x-pem-file"
                | "application/jose"
                | "application/jose+jwe"
                | "application/xml"
        )
}

/// The response of an operation that documents none: `default`, its body bytes of any media
/// type.
fn untyped_response() -> Response {
    Response {
        status: Status::Default,
        variant: status_variant(&Status::Default),
        description: "Any response: the spec documents none.".into(),
        headers: Vec::new(),
        content: Some(Content {
            media_type: "application/octet-stream".into(),
            kind: ContentKind::Binary,
            example: None,
        }),
    }
}

/// The response enum's variant for a status: its reason phrase (`NotFound`), `Status2XX` for a
/// range, `Default` for `default`, `Status599` for codes without a well-known phrase.
fn status_variant(status: &Status) -> String {
    let code = match status {
        Status::Default => return "Default".into(),
        Status::Range(d) => return format!("Status{d}XX"),
        Status::Code(c) => *c,
    };
    let phrase = match code {
        100 => "Continue",
        101 => "SwitchingProtocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        _ => return format!("Status{code}"),
    };
    phrase.into()
}

/// The media type without parameters, lower-cased: `application/json; charset=utf-8` is
/// `application/json`.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The `{name}`s of a path template, in order; an error for unbalanced braces, empty or
/// repeated names.
fn template_params(path: &str) -> std::result::Result<Vec<&str>, String> {
    let mut out: Vec<&str> = Vec::new();
    let mut rest = path;
    loop {
        let open = rest.find('{');
        let close = rest.find('}');
        match (open, close) {
            (None, None) => return Ok(out),
            (Some(o), Some(c)) if o < c => {
                let name = &rest[o + 1..c];
                if name.contains('{') {
                    return Err(format!("unbalanced `{{` in the path template {path:?}"));
                }
                if name.is_empty() {
                    return Err(format!("empty `{{}}` in the path template {path:?}"));
                }
                if out.contains(&name) {
                    return Err(format!(
                        "{{{name}}} appears twice in the path template {path:?}"
                    ));
                }
                out.push(name);
                rest = &rest[c + 1..];
            }
            (Some(_), _) => return Err(format!("unbalanced `{{` in the path template {path:?}")),
            (None, Some(_)) => {
                return Err(format!("unbalanced `}}` in the path template {path:?}"));
            }
        }
    }
}
