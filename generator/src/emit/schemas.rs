//! `schemas.rs`: the spec's schemas as static data (`crate::schema::Schema`) for checking raw
//! JSON (request bodies) with every violation reported at once.

use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use rayon::prelude::*;

use super::rust::{float_lit, str_lit};
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

    /// `&crate::schemas::X` for the JSON body of response `index` of `op`.
    pub fn response_body(&self, op: &Operation, index: usize) -> Option<TokenStream> {
        let r = op.responses.get(index)?;
        let Some(ContentKind::Json(shape)) = r.content.as_ref().map(|c| &c.kind) else {
            return None;
        };
        let name = match &shape.ty {
            Ty::Named(t) if is_type_static(shape) => self.by_type.get(t)?,
            _ => self.by_response.get(&(op.name.clone(), index))?,
        };
        let ident = format_ident!("{}", name);
        Some(quote!(&crate::schemas::#ident))
    }

    /// `crate::schemas::X_PARAMS` (a `&[Param]`), the parameter table of `op` (None when it
    /// has no parameters).
    pub fn params(&self, op: &Operation) -> Option<TokenStream> {
        let ident = format_ident!("{}", self.by_params.get(&op.name)?);
        Some(quote!(crate::schemas::#ident))
    }

    /// `&crate::schemas::X` for the JSON body of `op` (None when it has no JSON body).
    pub fn body(&self, op: &Operation) -> Option<TokenStream> {
        let shape = json_body(op)?;
        let name = match &shape.ty {
            Ty::Named(t) if is_type_static(shape) => self.by_type.get(t)?,
            _ => self.by_operation.get(&op.name)?,
        };
        let ident = format_ident!("{}", name);
        Some(quote!(&crate::schemas::#ident))
    }
}

/// Whether a body of `shape` is checked by its named type's static as it is (a nullable one
/// gets its own static, which allows `null`).
fn is_type_static(shape: &Shape) -> bool {
    matches!(shape.ty, Ty::Named(_)) && !shape.nullable
}

fn json_body(op: &Operation) -> Option<&Shape> {
    match &op.body.as_ref()?.content.kind {
        ContentKind::Json(shape) | ContentKind::Form(shape) => Some(shape),
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
        //! The spec's schemas as data, for checking raw JSON with [`crate::schema::check`].
        #[allow(unused_imports)]
        use crate::schema::{Additional, Discriminator, Kind, Param, Property, Schema};
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

pub fn item(api: &Api, statics: &Statics, item: &Item<'_>) -> TokenStream {
    if let Item::Params(op) = item {
        return params_table(api, statics, op);
    }
    let Some(Static { name, doc, schema }) = definition(api, statics, item) else {
        return TokenStream::new();
    };
    let schema = match statics.same_as.get(name) {
        Some(first) => {
            let first = format_ident!("{}", first);
            quote!(#first)
        }
        None => schema,
    };
    let name = format_ident!("{}", name);
    quote! {
        #[doc = #doc]
        pub static #name: Schema = #schema;
    }
}

/// A static of `schemas.rs`: its name, doc text and schema expression.
struct Static<'s> {
    name: &'s str,
    doc: String,
    schema: TokenStream,
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
fn params_table(api: &Api, statics: &Statics, op: &Operation) -> TokenStream {
    let Some(name) = statics.by_params.get(&op.name) else {
        return TokenStream::new();
    };
    let params = op.params.iter().map(|p| {
        let wire = str_lit(&p.wire_name);
        let field = str_lit(&p.name);
        let schema = schema_ref(api, statics, &p.shape);
        let mut param = match p.location {
            ParamLocation::Path => quote!(Param::path(#wire, #field, #schema)),
            ParamLocation::Query => quote!(Param::query(#wire, #field, #schema)),
            ParamLocation::Header => quote!(Param::header(#wire, #field, #schema)),
            ParamLocation::Cookie => quote!(Param::cookie(#wire, #field, #schema)),
        };
        if p.required && p.location != ParamLocation::Path {
            param = quote!(#param.required());
        }
        if p.location == ParamLocation::Query && matches!(p.shape.ty, Ty::Array(_)) && !p.explode {
            param = quote!(#param.unexploded());
        }
        param
    });
    let doc = format!(" The parameters of `{} {}`.", op.method.as_str(), op.path);
    let name = format_ident!("{}", name);
    quote! {
        #[doc = #doc]
        pub static #name: &[Param] = &[#(#params),*];
    }
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
            Some((name.to_owned(), schema.to_string()))
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
            let properties = s.fields.iter().map(|f| {
                let wire = str_lit(&f.wire_name);
                let schema = schema_ref(api, statics, &f.shape);
                if f.required && f.default.is_none() {
                    quote!(Property::required(#wire, #schema))
                } else {
                    quote!(Property::optional(#wire, #schema))
                }
            });
            let additional = match &s.additional {
                Additional::Ignored => quote!(Additional::Ignored),
                Additional::Forbidden => quote!(Additional::Forbidden),
                Additional::Kept { values, .. } => {
                    let values = schema_ref(api, statics, values);
                    quote!(Additional::Schema(#values))
                }
            };
            quote!(Schema::object(&[#(#properties),*], #additional))
        }
        TypeKind::Union(u) => {
            let alternatives = u
                .variants
                .iter()
                .map(|v| schema_value(api, statics, &v.shape));
            let union = if u.exclusive {
                quote!(Schema::one_of(&[#(#alternatives),*]))
            } else {
                quote!(Schema::any_of(&[#(#alternatives),*]))
            };
            match &u.discriminator {
                Some(d) => {
                    let property = str_lit(&d.property);
                    let mapping = d.mapping.iter().map(|(value, index)| {
                        let value = str_lit(value);
                        let index = Literal::usize_unsuffixed(*index);
                        quote!((#value, #index))
                    });
                    let values = d.mapping.iter().map(|(value, _)| str_lit(value));
                    quote!(#union.discriminator(Discriminator { property: #property, mapping: &[#(#mapping),*], values: &[#(#values),*] }))
                }
                None => union,
            }
        }
        TypeKind::Enum(e) => {
            let values = e.variants.iter().map(|v| str_lit(&v.value));
            quote!(Schema::enumeration(&[#(#values),*]))
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
fn schema_ref(api: &Api, statics: &Statics, shape: &Shape) -> TokenStream {
    if let Ty::Named(name) = &shape.ty
        && !shape.nullable
        && let Some(static_name) = statics.by_type.get(name)
    {
        let ident = format_ident!("{}", static_name);
        return quote!(&#ident);
    }
    let value = schema_value(api, statics, shape);
    quote!(&#value)
}

/// A `Schema` expression for a shape, written with the runtime's constants and `const fn`s
/// (`Schema::STRING.max_length(5000).nullable()`). Named types refer to their statics (the
/// statics may refer to each other in cycles).
fn schema_value(api: &Api, statics: &Statics, shape: &Shape) -> TokenStream {
    let schema = match &shape.ty {
        Ty::Named(name) if statics.by_type.contains_key(name) => {
            let ident = format_ident!("{}", statics.by_type[name]);
            quote!(Schema::named(&#ident))
        }
        // `Schema::ANY` allows `null` already (so does any `Kind::Any`).
        Ty::Named(_) | Ty::Any => return quote!(Schema::ANY),
        Ty::String(format) => string_schema(api, &shape.checks, *format),
        Ty::Integer(format) => {
            let c = &shape.checks;
            let int32 = *format == crate::ir::IntFormat::I32;
            if numeric_is_plain(c) {
                if int32 {
                    quote!(Schema::INT32)
                } else {
                    quote!(Schema::INT64)
                }
            } else {
                let (min, max, multiple, allowed) = numeric(c, int_lit);
                quote!(Schema::new(Kind::Integer { int32: #int32, minimum: #min, maximum: #max, multiple_of: #multiple, allowed: &[#(#allowed),*] }))
            }
        }
        Ty::Number(_) => {
            let c = &shape.checks;
            if numeric_is_plain(c) {
                quote!(Schema::NUMBER)
            } else {
                let (min, max, multiple, allowed) = numeric(c, |n| float_lit(as_f64(n)));
                quote!(Schema::new(Kind::Number { minimum: #min, maximum: #max, multiple_of: #multiple, allowed: &[#(#allowed),*] }))
            }
        }
        Ty::Boolean => quote!(Schema::BOOLEAN),
        Ty::Array(items) => {
            let c = &shape.checks;
            let items = schema_ref(api, statics, items);
            let mut array = quote!(Schema::array(#items));
            if let Some(n) = c.min_items {
                let n = Literal::u64_unsuffixed(n);
                array = quote!(#array.min_items(#n));
            }
            if let Some(n) = c.max_items {
                let n = Literal::u64_unsuffixed(n);
                array = quote!(#array.max_items(#n));
            }
            if c.unique_items {
                array = quote!(#array.unique_items());
            }
            array
        }
        Ty::Map(values) => {
            let values = schema_ref(api, statics, values);
            quote!(Schema::map(#values))
        }
    };
    if shape.nullable {
        quote!(#schema.nullable())
    } else {
        schema
    }
}

/// A string schema: the constant for its format, then its constraints.
fn string_schema(api: &Api, c: &crate::ir::Checks, format: StringFormat) -> TokenStream {
    // A typed format on a constrained string is checked on the text, as the same constant says.
    let format = match c.format {
        Some(TextFormat::Typed(typed)) => typed,
        _ => format,
    };
    let mut schema = match format {
        StringFormat::Plain if c.format == Some(TextFormat::Uri) => quote!(Schema::URI),
        StringFormat::Plain => quote!(Schema::STRING),
        StringFormat::DateTime => quote!(Schema::DATE_TIME),
        StringFormat::Date => quote!(Schema::DATE),
        StringFormat::Uuid => quote!(Schema::UUID),
        StringFormat::Byte => quote!(Schema::BYTE),
    };
    if let Some(n) = c.min_length {
        let n = Literal::u64_unsuffixed(n);
        schema = quote!(#schema.min_length(#n));
    }
    if let Some(n) = c.max_length {
        let n = Literal::u64_unsuffixed(n);
        schema = quote!(#schema.max_length(#n));
    }
    if let Some(p) = c.pattern {
        let name = format_ident!("{}", api.patterns[p].name);
        schema = quote!(#schema.pattern(&crate::patterns::#name));
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
    lit: impl Fn(Number) -> TokenStream,
) -> (TokenStream, TokenStream, TokenStream, Vec<TokenStream>) {
    let bound = |b: Option<crate::ir::Bound>| match b {
        Some(b) => {
            let v = lit(b.value);
            let ex = b.exclusive;
            quote!(Some((#v, #ex)))
        }
        None => quote!(None),
    };
    let multiple = match c.multiple_of {
        Some(m) => {
            let m = lit(m);
            quote!(Some(#m))
        }
        None => quote!(None),
    };
    (
        bound(c.minimum),
        bound(c.maximum),
        multiple,
        limits(&c.allowed),
    )
}

fn int_lit(n: Number) -> TokenStream {
    let v = match n {
        Number::Int(i) => i,
        Number::Float(f) => f as i64,
    };
    let lit = Literal::i64_unsuffixed(v);
    quote!(#lit)
}

fn as_f64(n: Number) -> f64 {
    match n {
        Number::Int(i) => i as f64,
        Number::Float(f) => f,
    }
}

fn limits(values: &[Number]) -> Vec<TokenStream> {
    values
        .iter()
        .map(|n| match n {
            Number::Int(i) => {
                let i = Literal::i64_unsuffixed(*i);
                quote!(crate::validation::Limit::Int(#i))
            }
            Number::Float(f) => {
                let f = float_lit(*f);
                quote!(crate::validation::Limit::Float(#f))
            }
        })
        .collect()
}
