//! `schemas.rs`: the spec's schemas as static data (`crate::schema::Schema`) for checking raw
//! JSON (request bodies) with every violation reported at once.

use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::rust::{float_lit, str_lit};
use crate::ir::{
    Additional, Api, ContentKind, Number, Operation, Shape, StringFormat, Ty, TypeDef, TypeKind,
};
use crate::lower::names::{Namespace, static_name};

/// The names of the statics: one per named type, one per operation whose JSON body is not a
/// named type.
pub struct Statics {
    by_type: HashMap<String, String>,
    by_operation: HashMap<String, String>,
    /// Non-model JSON response bodies, by (operation name, response index).
    by_response: HashMap<(String, usize), String>,
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
        Statics {
            by_type,
            by_operation,
            by_response,
        }
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
}

/// The top of `schemas.rs`.
pub fn prelude() -> TokenStream {
    quote! {
        //! The spec's schemas as data, for checking raw JSON with [`crate::schema::check`].
        #[allow(unused_imports)]
        use crate::schema::{Additional, Discriminator, Format, Kind, Property, Schema};
    }
}

/// The statics, in output order: named types, then non-model request bodies.
pub fn items(api: &Api) -> Vec<Item<'_>> {
    let types = api.types.iter().map(Item::Type);
    let bodies = api.operations.iter().map(Item::Body);
    let responses = api
        .operations
        .iter()
        .flat_map(|op| (0..op.responses.len()).map(move |i| Item::ResponseBody(op, i)));
    types.chain(bodies).chain(responses).collect()
}

pub fn item(api: &Api, statics: &Statics, item: &Item<'_>) -> TokenStream {
    match item {
        Item::Type(t) => type_static(api, statics, t).unwrap_or_default(),
        Item::Body(op) => body_static(api, statics, op).unwrap_or_default(),
        Item::ResponseBody(op, i) => response_static(api, statics, op, *i).unwrap_or_default(),
    }
}

fn type_static(api: &Api, statics: &Statics, t: &TypeDef) -> Option<TokenStream> {
    let name = format_ident!("{}", statics.by_type.get(&t.name)?);
    let kind = match &t.kind {
        TypeKind::Struct(s) => {
            let properties = s.fields.iter().map(|f| {
                let wire = str_lit(&f.wire_name);
                let required = f.required && f.default.is_none();
                let schema = schema_expr(api, statics, &f.shape);
                quote!(Property { name: #wire, required: #required, schema: &#schema })
            });
            let additional = match &s.additional {
                Additional::Ignored => quote!(Additional::Ignored),
                Additional::Forbidden => quote!(Additional::Forbidden),
                Additional::Kept { values, .. } => {
                    let values = schema_expr(api, statics, values);
                    quote!(Additional::Schema(&#values))
                }
            };
            quote!(Kind::Object { properties: &[#(#properties),*], additional: #additional })
        }
        TypeKind::Union(u) => {
            let exclusive = u.exclusive;
            let alternatives = u
                .variants
                .iter()
                .map(|v| schema_expr(api, statics, &v.shape));
            let discriminator = match &u.discriminator {
                Some(d) => {
                    let property = str_lit(&d.property);
                    let mapping = d.mapping.iter().map(|(value, index)| {
                        let value = str_lit(value);
                        let index = Literal::usize_unsuffixed(*index);
                        quote!((#value, #index))
                    });
                    let values = d.mapping.iter().map(|(value, _)| str_lit(value));
                    quote!(Some(Discriminator { property: #property, mapping: &[#(#mapping),*], values: &[#(#values),*] }))
                }
                None => quote!(None),
            };
            quote!(Kind::Union { exclusive: #exclusive, alternatives: &[#(#alternatives),*], discriminator: #discriminator })
        }
        TypeKind::Enum(e) => {
            let values = e.variants.iter().map(|v| str_lit(&v.value));
            quote!(Kind::Enum { values: &[#(#values),*] })
        }
        TypeKind::Alias(_) => return None,
    };
    let doc = format!(" The schema of [`{}`](crate::models::{}).", t.name, t.name);
    Some(quote! {
        #[doc = #doc]
        pub static #name: Schema = Schema { nullable: false, kind: #kind };
    })
}

fn body_static(api: &Api, statics: &Statics, op: &Operation) -> Option<TokenStream> {
    let name = format_ident!("{}", statics.by_operation.get(&op.name)?);
    let shape = json_body(op)?;
    let schema = schema_expr(api, statics, shape);
    let doc = format!(" The request body of `{} {}`.", op.method.as_str(), op.path);
    Some(quote! {
        #[doc = #doc]
        pub static #name: Schema = #schema;
    })
}

fn response_static(
    api: &Api,
    statics: &Statics,
    op: &Operation,
    index: usize,
) -> Option<TokenStream> {
    let name = format_ident!("{}", statics.by_response.get(&(op.name.clone(), index))?);
    let r = &op.responses[index];
    let Some(ContentKind::Json(shape)) = r.content.as_ref().map(|c| &c.kind) else {
        return None;
    };
    let schema = schema_expr(api, statics, shape);
    let doc = format!(
        " The body of the {} response of `{} {}`.",
        super::responses::status_text(&r.status),
        op.method.as_str(),
        op.path
    );
    Some(quote! {
        #[doc = #doc]
        pub static #name: Schema = #schema;
    })
}

/// A `Schema { .. }` expression for a shape. Named types refer to their statics (the statics may
/// refer to each other in cycles).
fn schema_expr(api: &Api, statics: &Statics, shape: &Shape) -> TokenStream {
    let nullable = shape.nullable;
    if let Ty::Named(name) = &shape.ty
        && let Some(static_name) = statics.by_type.get(name)
    {
        let ident = format_ident!("{}", static_name);
        return quote!(Schema { nullable: #nullable, kind: Kind::Ref { schema: &#ident } });
    }
    let c = &shape.checks;
    let opt_u64 = |v: Option<u64>| match v {
        Some(v) => {
            let v = Literal::u64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let kind = match &shape.ty {
        Ty::String(format) => {
            let (min, max) = (opt_u64(c.min_length), opt_u64(c.max_length));
            let pattern = match c.pattern {
                Some(p) => {
                    let name = format_ident!("{}", api.patterns[p].name);
                    quote!(Some(&crate::patterns::#name))
                }
                None => quote!(None),
            };
            let format = match format {
                StringFormat::Plain if c.format == Some(crate::ir::TextFormat::Uri) => {
                    quote!(Format::Uri)
                }
                StringFormat::Plain => quote!(Format::None),
                StringFormat::DateTime => quote!(Format::DateTime),
                StringFormat::Date => quote!(Format::Date),
                StringFormat::Uuid => quote!(Format::Uuid),
                StringFormat::Byte => quote!(Format::Byte),
            };
            quote!(Kind::String { min_length: #min, max_length: #max, pattern: #pattern, format: #format })
        }
        Ty::Integer(format) => {
            let int32 = *format == crate::ir::IntFormat::I32;
            let (min, max, multiple, allowed) = numeric(c, int_lit);
            quote!(Kind::Integer { int32: #int32, minimum: #min, maximum: #max, multiple_of: #multiple, allowed: &[#(#allowed),*] })
        }
        Ty::Number(_) => {
            let (min, max, multiple, allowed) = numeric(c, |n| float_lit(as_f64(n)));
            quote!(Kind::Number { minimum: #min, maximum: #max, multiple_of: #multiple, allowed: &[#(#allowed),*] })
        }
        Ty::Boolean => quote!(Kind::Boolean),
        Ty::Array(items) => {
            let items = schema_expr(api, statics, items);
            let (min, max) = (opt_u64(c.min_items), opt_u64(c.max_items));
            let unique = c.unique_items;
            quote!(Kind::Array { items: &#items, min_items: #min, max_items: #max, unique_items: #unique })
        }
        Ty::Map(values) => {
            let values = schema_expr(api, statics, values);
            quote!(Kind::Map { values: &#values })
        }
        Ty::Named(_) | Ty::Any => quote!(Kind::Any),
    };
    quote!(Schema { nullable: #nullable, kind: #kind })
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
