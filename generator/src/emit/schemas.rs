//! `schemas.rs`: the spec's schemas as static data (`crate::schema::Schema`) for checking raw
//! JSON (request bodies) with every violation reported at once.

use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};
use rayon::prelude::*;

use super::rust::{float_lit, str_lit};
use super::template::{lit, template};
use crate::ir::{
    Additional, Api, ContentKind, Number, Operation, ParamLocation, Shape, StringFormat,
    TextFormat, Ty, TypeDef, TypeKind,
};
use crate::lower::names::{Namespace, static_name};

/// The names of the statics: one per named type, one per operation whose JSON body is not a
/// named type.
pub struct Statics {
    by_type: HashMap<String, String>,
    by_operation: HashMap<String, String>,
    /// Non-model JSON response bodies, by (operation name, response index).
    by_response: HashMap<(String, usize), String>,
    /// The parameter tables (`&[Param]`), by operation name.
    by_params: HashMap<String, String>,
    /// Statics defined as a copy of an earlier one (`pub static B: Schema = A;`) because their
    /// schema is written the same: static name -> the first static written so.
    same_as: HashMap<String, String>,
}

impl Statics {
    pub fn new(api: &Api) -> Self {
        let mut ns = Namespace::new();
        let mut by_type = HashMap::new();
        for t in &api.types {
            if !matches!(t.kind, TypeKind::Alias(_)) {
                by_type.insert(t.name.clone(), ns.claim(&static_name(&t.name), "_"));
            }
        }
        let mut by_operation = HashMap::new();
        for op in &api.operations {
            if let Some(shape) = json_body(op)
                && !is_type_static(shape)
            {
                let name = ns.claim(&static_name(&format!("{}Body", op.type_prefix)), "_");
                by_operation.insert(op.name.clone(), name);
            }
        }
        let mut by_response = HashMap::new();
        for op in &api.operations {
            for (i, r) in op.responses.iter().enumerate() {
                if let Some(ContentKind::Json(shape)) = r.content.as_ref().map(|c| &c.kind)
                    && !is_type_static(shape)
                {
                    let name = ns.claim(
                        &static_name(&format!("{}{}Body", op.type_prefix, r.variant)),
                        "_",
                    );
                    by_response.insert((op.name.clone(), i), name);
                }
            }
        }
        let by_params = api
            .operations
            .iter()
            .filter(|op| op.params_type.is_some())
            .map(|op| {
                let name = ns.claim(&static_name(&format!("{}Params", op.type_prefix)), "_");
                (op.name.clone(), name)
            })
            .collect();
        let mut statics = Statics {
            by_type,
            by_operation,
            by_response,
            by_params,
            same_as: HashMap::new(),
        };
        statics.same_as = shared(api, &statics);
        statics
    }

    /// `&crate::schemas::X`, the static of the named type `name` (None for an alias).
    pub fn of_type(&self, name: &str) -> Option<syn::Expr> {
        let name = format_ident!("{}", self.by_type.get(name)?);
        Some(template!(syn::Expr, [name] { &crate::schemas::#name }))
    }

    /// The name of the static of the named type `name` (None for an alias).
    pub fn type_static_name(&self, name: &str) -> Option<&str> {
        self.by_type.get(name).map(String::as_str)
    }

    /// `&crate::schemas::X` for the JSON body of response `index` of `op`.
    pub fn response_body(&self, op: &Operation, index: usize) -> Option<syn::Expr> {
        let r = op.responses.get(index)?;
        let Some(ContentKind::Json(shape)) = r.content.as_ref().map(|c| &c.kind) else {
            return None;
        };
        let name = match &shape.ty {
            Ty::Named(t) if is_type_static(shape) => self.by_type.get(t)?,
            _ => self.by_response.get(&(op.name.clone(), index))?,
        };
        let name = format_ident!("{}", name);
        Some(template!(syn::Expr, [name] { &crate::schemas::#name }))
    }

    /// `crate::schemas::X_PARAMS` (a `&[Param]`), the parameter table of `op` (None when it
    /// has no parameters).
    pub fn params(&self, op: &Operation) -> Option<syn::Expr> {
        let name = format_ident!("{}", self.by_params.get(&op.name)?);
        Some(template!(syn::Expr, [name] { crate::schemas::#name }))
    }

    /// `&crate::schemas::X` for the JSON body of `op` (None when it has no JSON body).
    pub fn body(&self, op: &Operation) -> Option<syn::Expr> {
        let shape = json_body(op)?;
        let name = match &shape.ty {
            Ty::Named(t) if is_type_static(shape) => self.by_type.get(t)?,
            _ => self.by_operation.get(&op.name)?,
        };
        let name = format_ident!("{}", name);
        Some(template!(syn::Expr, [name] { &crate::schemas::#name }))
    }
}

/// Whether a body of `shape` is checked by its named type's static as it is (a nullable one
/// gets its own static, which allows `null`).
fn is_type_static(shape: &Shape) -> bool {
    matches!(shape.ty, Ty::Named(_)) && !shape.nullable
}

fn json_body(op: &Operation) -> Option<&Shape> {
    match &op.body.as_ref()?.content.kind {
        ContentKind::Json(shape)
        | ContentKind::Form(shape)
        | ContentKind::Multipart { shape, .. } => Some(shape),
        _ => None,
    }
}

/// One static of `schemas.rs`.
pub enum Item<'a> {
    Type(&'a TypeDef),
    Body(&'a Operation),
    ResponseBody(&'a Operation, usize),
    /// The parameter table of an operation.
    Params(&'a Operation),
}

/// The top of `schemas.rs`.
pub fn prelude() -> TokenStream {
    quote! {
        //! The spec's schemas as data, for checking raw JSON with [`openapi_runtime::schema::check`].
        #[allow(unused_imports)]
        use openapi_runtime::schema::{Additional, Discriminator, Kind, Param, Property, Schema};
    }
}

/// The statics, in output order: named types, non-model request bodies, non-model response
/// bodies, then the parameter tables.
pub fn items(api: &Api) -> Vec<Item<'_>> {
    let types = api.types.iter().map(Item::Type);
    let bodies = api.operations.iter().map(Item::Body);
    let responses = api
        .operations
        .iter()
        .flat_map(|op| (0..op.responses.len()).map(move |i| Item::ResponseBody(op, i)));
    let params = api.operations.iter().map(Item::Params);
    types.chain(bodies).chain(responses).chain(params).collect()
}

pub fn item(api: &Api, statics: &Statics, item: &Item<'_>) -> Vec<syn::Item> {
    if let Item::Params(op) = item {
        return params_table(api, statics, op).into_iter().collect();
    }
    let Some(Static { name, doc, schema }) = definition(api, statics, item) else {
        return Vec::new();
    };
    let schema = match statics.same_as.get(name) {
        Some(first) => template!(syn::Expr, [first = format_ident!("{}", first)] { #first }),
        None => schema,
    };
    let name = format_ident!("{}", name);
    vec![template!(syn::Item, [doc, name, schema] {
        #[doc = #doc]
        pub static #name: Schema = #schema;
    })]
}

/// A static of `schemas.rs`: its name, doc text and schema expression.
struct Static<'s> {
    name: &'s str,
    doc: String,
    schema: syn::Expr,
}

fn definition<'s>(api: &Api, statics: &'s Statics, item: &Item<'_>) -> Option<Static<'s>> {
    match item {
        Item::Type(t) => type_static(api, statics, t),
        Item::Body(op) => body_static(api, statics, op),
        Item::ResponseBody(op, i) => response_static(api, statics, op, *i),
        Item::Params(_) => None,
    }
}

/// `pub static X_PARAMS: &[Param] = &[Param::query("limit", "limit", &Schema::INT32), ...];`:
/// where each parameter of `op` goes, its field in the parameter set and its schema.
fn params_table(api: &Api, statics: &Statics, op: &Operation) -> Option<syn::Item> {
    let name = statics.by_params.get(&op.name)?;
    let params: Vec<syn::Expr> = op
        .params
        .iter()
        .map(|p| {
            let wire = str_lit(&p.wire_name);
            let field = str_lit(&p.name);
            let schema = schema_ref(api, statics, &p.shape);
            let location = format_ident!(
                "{}",
                match p.location {
                    ParamLocation::Path => "path",
                    ParamLocation::Query => "query",
                    ParamLocation::Header => "header",
                    ParamLocation::Cookie => "cookie",
                }
            );
            let mut param =
                template!(syn::Expr, [location, wire, field, schema] { Param::#location(#wire, #field, #schema) });
            if p.required && p.location != ParamLocation::Path {
                param = template!(syn::Expr, [param] { #param.required() });
            }
            if p.location == ParamLocation::Query
                && matches!(p.shape.ty, Ty::Array(_))
                && !p.explode
            {
                param = template!(syn::Expr, [param] { #param.unexploded() });
            }
            param
        })
        .collect();
    let doc = format!(" The parameters of `{} {}`.", op.method.as_str(), op.path);
    let name = format_ident!("{}", name);
    Some(template!(syn::Item, [doc, name, params] {
        #[doc = #doc]
        pub static #name: &[Param] = &[#params];
    }))
}

/// The statics whose schema is written exactly as an earlier one's, and at more length than that
/// one's name, each with the name of the first: they are defined as copies of it (in the Stripe
/// spec, for example, the same long enums recur under many names).
fn shared(api: &Api, statics: &Statics) -> HashMap<String, String> {
    // Each static's text, made on every core (token streams stay on their thread; text moves).
    let texts: Vec<Option<(String, String)>> = items(api)
        .par_iter()
        .map(|item| {
            let Static { name, schema, .. } = definition(api, statics, item)?;
            Some((name.to_owned(), schema.to_token_stream().to_string()))
        })
        .collect();
    let mut first: HashMap<&str, &str> = HashMap::new();
    let mut same_as = HashMap::new();
    for (name, text) in texts.iter().flatten() {
        match first.get(text.as_str()) {
            Some(earlier) if earlier.len() < text.len() => {
                same_as.insert(name.clone(), (*earlier).to_owned());
            }
            Some(_) => {}
            None => {
                first.insert(text, name);
            }
        }
    }
    same_as
}

fn type_static<'s>(api: &Api, statics: &'s Statics, t: &TypeDef) -> Option<Static<'s>> {
    let name = statics.by_type.get(&t.name)?;
    let schema = match &t.kind {
        TypeKind::Struct(s) => {
            let mut properties: Vec<syn::Expr> = s
                .fields
                .iter()
                .map(|f| {
                    let wire = str_lit(&f.wire_name);
                    let schema = schema_ref(api, statics, &f.shape);
                    // A required member's default is not applied (see `emit::models`).
                    if f.required {
                        template!(syn::Expr, [wire, schema] { Property::required(#wire, #schema) })
                    } else {
                        template!(syn::Expr, [wire, schema] { Property::optional(#wire, #schema) })
                    }
                })
                .collect();
            // A required member only `additionalProperties` describes: a property of that schema.
            if let Additional::Kept {
                values, required, ..
            } = &s.additional
            {
                for key in required {
                    let wire = str_lit(key);
                    let schema = schema_ref(api, statics, values);
                    properties.push(
                        template!(syn::Expr, [wire, schema] { Property::required(#wire, #schema) }),
                    );
                }
            }
            let additional = match &s.additional {
                Additional::Ignored => template!(syn::Expr, [] { Additional::Ignored }),
                Additional::Forbidden => template!(syn::Expr, [] { Additional::Forbidden }),
                Additional::Kept { values, .. } => {
                    let values = schema_ref(api, statics, values);
                    template!(syn::Expr, [values] { Additional::Schema(#values) })
                }
            };
            let object = template!(syn::Expr, [properties, additional] { Schema::object(&[#properties], #additional) });
            with_count(object, s.properties)
        }
        TypeKind::Union(u) => {
            let alternatives: Vec<syn::Expr> = u
                .variants
                .iter()
                .map(|v| schema_value(api, statics, &v.shape))
                .collect();
            let union = if u.exclusive {
                template!(syn::Expr, [alternatives] { Schema::one_of(&[#alternatives]) })
            } else {
                template!(syn::Expr, [alternatives] { Schema::any_of(&[#alternatives]) })
            };
            match &u.discriminator {
                Some(d) => {
                    let property = str_lit(&d.property);
                    let mapping: Vec<syn::Expr> = d
                        .mapping
                        .iter()
                        .map(|(value, index)| {
                            let value = str_lit(value);
                            let index = Literal::usize_unsuffixed(*index);
                            template!(syn::Expr, [value, index] { (#value, #index) })
                        })
                        .collect();
                    let values: Vec<syn::Expr> = d
                        .mapping
                        .iter()
                        .map(|(value, _)| lit(str_lit(value)))
                        .collect();
                    template!(syn::Expr, [union, property, mapping, values] {
                        #union.discriminator(Discriminator { property: #property, mapping: &[#mapping], values: &[#values] })
                    })
                }
                None => union,
            }
        }
        TypeKind::Enum(e) => {
            let values: Vec<syn::Expr> =
                e.variants.iter().map(|v| lit(str_lit(&v.value))).collect();
            if e.open {
                // Other values are accepted in a response read by the client (and nowhere else).
                template!(syn::Expr, [values] { Schema::enumeration(&[#values]).open() })
            } else {
                template!(syn::Expr, [values] { Schema::enumeration(&[#values]) })
            }
        }
        TypeKind::Alias(_) => return None,
    };
    let doc = format!(" The schema of [`crate::models::{}`].", t.name);
    Some(Static { name, doc, schema })
}

fn body_static<'s>(api: &Api, statics: &'s Statics, op: &Operation) -> Option<Static<'s>> {
    let name = statics.by_operation.get(&op.name)?;
    let shape = json_body(op)?;
    let schema = schema_value(api, statics, shape);
    let doc = format!(" The request body of `{} {}`.", op.method.as_str(), op.path);
    Some(Static { name, doc, schema })
}

fn response_static<'s>(
    api: &Api,
    statics: &'s Statics,
    op: &Operation,
    index: usize,
) -> Option<Static<'s>> {
    let name = statics.by_response.get(&(op.name.clone(), index))?;
    let r = &op.responses[index];
    let Some(ContentKind::Json(shape)) = r.content.as_ref().map(|c| &c.kind) else {
        return None;
    };
    let schema = schema_value(api, statics, shape);
    let doc = format!(
        " The body of the {} response of `{} {}`.",
        super::responses::status_text(&r.status),
        op.method.as_str(),
        op.path
    );
    Some(Static { name, doc, schema })
}

/// A `&'static Schema` expression for a shape: a named type's static itself (`&PET`) when the
/// shape is not nullable, else a reference to [`schema_value`].
fn schema_ref(api: &Api, statics: &Statics, shape: &Shape) -> syn::Expr {
    if let Ty::Named(name) = &shape.ty
        && !shape.nullable
        && let Some(static_name) = statics.by_type.get(name)
    {
        let ident = format_ident!("{}", static_name);
        return template!(syn::Expr, [ident] { &#ident });
    }
    let value = schema_value(api, statics, shape);
    template!(syn::Expr, [value] { &#value })
}

/// A `Schema` expression for a shape, written with the runtime's constants and `const fn`s
/// (`Schema::STRING.max_length(5000).nullable()`). Named types refer to their statics (the
/// statics may refer to each other in cycles).
fn schema_value(api: &Api, statics: &Statics, shape: &Shape) -> syn::Expr {
    let schema = match &shape.ty {
        Ty::Named(name) if statics.by_type.contains_key(name) => {
            let ident = format_ident!("{}", statics.by_type[name]);
            template!(syn::Expr, [ident] { Schema::named(&#ident) })
        }
        // `Schema::ANY` allows `null` already (so does any `Kind::Any`).
        Ty::Named(_) | Ty::Any => return template!(syn::Expr, [] { Schema::ANY }),
        Ty::String(format) => string_schema(api, &shape.checks, *format),
        Ty::Integer(format) => {
            let c = &shape.checks;
            let int32 = *format == crate::ir::IntFormat::I32;
            if numeric_is_plain(c) {
                if int32 {
                    template!(syn::Expr, [] { Schema::INT32 })
                } else {
                    template!(syn::Expr, [] { Schema::INT64 })
                }
            } else {
                let (min, max, multiple, allowed) = numeric(c, int_lit);
                template!(syn::Expr, [int32, min, max, multiple, allowed] {
                    Schema::new(Kind::Integer { int32: #int32, minimum: #min, maximum: #max, multiple_of: #multiple, allowed: &[#allowed] })
                })
            }
        }
        Ty::Number(format) => {
            let c = &shape.checks;
            let float = *format == crate::ir::NumberFormat::F32;
            match (numeric_is_plain(c), float) {
                (true, false) => template!(syn::Expr, [] { Schema::NUMBER }),
                (true, true) => template!(syn::Expr, [] { Schema::FLOAT }),
                (false, _) => {
                    let (min, max, multiple, allowed) = numeric(c, |n| float_expr(as_f64(n)));
                    template!(syn::Expr, [float, min, max, multiple, allowed] {
                        Schema::new(Kind::Number { float: #float, minimum: #min, maximum: #max, multiple_of: #multiple, allowed: &[#allowed] })
                    })
                }
            }
        }
        Ty::Boolean if shape.checks.allowed_booleans.is_empty() => {
            template!(syn::Expr, [] { Schema::BOOLEAN })
        }
        Ty::Boolean => {
            let values: Vec<syn::Expr> = shape
                .checks
                .allowed_booleans
                .iter()
                .map(|b| super::validate::bool_expr(*b))
                .collect();
            template!(syn::Expr, [values] { Schema::boolean_enum(&[#values]) })
        }
        Ty::Array(items) => {
            let c = &shape.checks;
            let items = schema_ref(api, statics, items);
            let mut array = template!(syn::Expr, [items] { Schema::array(#items) });
            if let Some(n) = c.min_items {
                let n = Literal::u64_unsuffixed(n);
                array = template!(syn::Expr, [array, n] { #array.min_items(#n) });
            }
            if let Some(n) = c.max_items {
                let n = Literal::u64_unsuffixed(n);
                array = template!(syn::Expr, [array, n] { #array.max_items(#n) });
            }
            if c.unique_items {
                array = template!(syn::Expr, [array] { #array.unique_items() });
            }
            array
        }
        Ty::Map(values) => {
            let values = schema_ref(api, statics, values);
            let map = template!(syn::Expr, [values] { Schema::map(#values) });
            with_count(map, shape.checks.properties)
        }
    };
    if shape.nullable {
        template!(syn::Expr, [schema] { #schema.nullable() })
    } else {
        schema
    }
}

/// An object or map schema with its `minProperties` / `maxProperties`.
fn with_count(mut schema: syn::Expr, count: crate::ir::PropertyCount) -> syn::Expr {
    if let Some(n) = count.min {
        let n = Literal::u64_unsuffixed(n);
        schema = template!(syn::Expr, [schema, n] { #schema.min_properties(#n) });
    }
    if let Some(n) = count.max {
        let n = Literal::u64_unsuffixed(n);
        schema = template!(syn::Expr, [schema, n] { #schema.max_properties(#n) });
    }
    schema
}

/// A string schema: the constant for its format, then its constraints.
fn string_schema(api: &Api, c: &crate::ir::Checks, format: StringFormat) -> syn::Expr {
    // A typed format on a constrained string is checked on the text, as the same constant says.
    let format = match c.format {
        Some(TextFormat::Typed(typed)) => typed,
        _ => format,
    };
    let schema = match format {
        StringFormat::Plain if c.format == Some(TextFormat::Uri) => "URI",
        StringFormat::Plain => "STRING",
        StringFormat::DateTime => "DATE_TIME",
        StringFormat::Date => "DATE",
        StringFormat::Uuid => "UUID",
        StringFormat::Byte => "BYTE",
        // In JSON a binary value is a string; in a multipart body, a file (not checked).
        StringFormat::Binary => "STRING",
    };
    let constant = format_ident!("{}", schema);
    let mut schema = template!(syn::Expr, [constant] { Schema::#constant });
    if let Some(n) = c.min_length {
        let n = Literal::u64_unsuffixed(n);
        schema = template!(syn::Expr, [schema, n] { #schema.min_length(#n) });
    }
    if let Some(n) = c.max_length {
        let n = Literal::u64_unsuffixed(n);
        schema = template!(syn::Expr, [schema, n] { #schema.max_length(#n) });
    }
    if !c.patterns.is_empty() {
        let patterns: Vec<syn::Expr> = c
            .patterns
            .iter()
            .map(|&p| {
                let name = format_ident!("{}", api.patterns[p].name);
                template!(syn::Expr, [name] { &crate::patterns::#name })
            })
            .collect();
        schema = template!(syn::Expr, [schema, patterns] { #schema.patterns(&[#patterns]) });
    }
    schema
}

/// Whether a number has none of the constraints `Kind::Integer` / `Kind::Number` hold.
fn numeric_is_plain(c: &crate::ir::Checks) -> bool {
    c.minimum.is_none() && c.maximum.is_none() && c.multiple_of.is_none() && c.allowed.is_empty()
}

/// Minimum, maximum, multipleOf and allowed values of a number, with `lit` writing the values.
fn numeric(
    c: &crate::ir::Checks,
    lit: impl Fn(Number) -> syn::Expr,
) -> (syn::Expr, syn::Expr, syn::Expr, Vec<syn::Expr>) {
    let bound = |b: Option<crate::ir::Bound>| match b {
        Some(b) => {
            let v = lit(b.value);
            let ex = b.exclusive;
            template!(syn::Expr, [v, ex] { Some((#v, #ex)) })
        }
        None => template!(syn::Expr, [] { None }),
    };
    let multiple = match c.multiple_of {
        Some(m) => {
            let m = lit(m);
            template!(syn::Expr, [m] { Some(#m) })
        }
        None => template!(syn::Expr, [] { None }),
    };
    (
        bound(c.minimum),
        bound(c.maximum),
        multiple,
        limits(&c.allowed),
    )
}

fn int_lit(n: Number) -> syn::Expr {
    let v = match n {
        Number::Int(i) => i,
        Number::Float(f) => f as i64,
    };
    lit(Literal::i64_unsuffixed(v))
}

/// [`float_lit`] as an expression.
fn float_expr(f: f64) -> syn::Expr {
    super::template::parse(float_lit(f), "float_expr")
}

fn as_f64(n: Number) -> f64 {
    match n {
        Number::Int(i) => i as f64,
        Number::Float(f) => f,
    }
}

fn limits(values: &[Number]) -> Vec<syn::Expr> {
    values
        .iter()
        .map(|n| match n {
            Number::Int(i) => {
                let i = Literal::i64_unsuffixed(*i);
                template!(syn::Expr, [i] { openapi_runtime::validation::Limit::Int(#i) })
            }
            Number::Float(f) => {
                let f = float_expr(*f);
                template!(syn::Expr, [f] { openapi_runtime::validation::Limit::Float(#f) })
            }
        })
        .collect()
}
