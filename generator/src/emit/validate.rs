//! `impl Validate` bodies: the checks of each shape, as calls into the generated crate's
//! `validation` module.

use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust::{float_lit, static_ident};
use crate::ir::{
    Additional, Api, Checks, IntFormat, Number, NumberFormat, Shape, StringFormat, TextFormat, Ty,
    TypeKind,
};

/// Which named types have anything to check (so that no empty calls are emitted).
pub struct Plan<'a> {
    api: &'a Api,
    needs: HashMap<&'a str, bool>,
}

impl<'a> Plan<'a> {
    pub fn new(api: &'a Api) -> Self {
        let mut plan = Plan {
            api,
            needs: api.types.iter().map(|t| (t.name.as_str(), false)).collect(),
        };
        // Least fixpoint: a struct needs checking when one of its fields does.
        loop {
            let mut changed = false;
            for t in &api.types {
                if plan.needs[t.name.as_str()] {
                    continue;
                }
                let needs = match &t.kind {
                    TypeKind::Struct(s) => {
                        s.fields.iter().any(|f| plan.shape_needs(&f.shape))
                            || matches!(&s.additional, Additional::Kept { values, .. } if plan.shape_needs(values))
                    }
                    TypeKind::Union(u) => u.variants.iter().any(|v| plan.shape_needs(&v.shape)),
                    TypeKind::Enum(_) | TypeKind::Alias(_) => false,
                };
                if needs {
                    plan.needs.insert(t.name.as_str(), true);
                    changed = true;
                }
            }
            if !changed {
                return plan;
            }
        }
    }

    pub fn type_needs(&self, name: &str) -> bool {
        self.needs.get(name).copied().unwrap_or(false)
    }

    pub fn shape_needs(&self, shape: &Shape) -> bool {
        !shape.checks.is_empty()
            || match &shape.ty {
                Ty::Array(items) => self.shape_needs(items),
                Ty::Map(values) => self.shape_needs(values),
                Ty::Named(name) => self.type_needs(name),
                _ => false,
            }
    }

    /// Checks of a value of `shape` bound to the reference `value`, with `location` and
    /// `errors` in scope. `nullable` is the caller's business.
    pub fn value_checks(&self, shape: &Shape) -> TokenStream {
        self.checks_at(shape, &Place::bound(), &quote!(location))
    }

    /// When the checks of `shape` are a single call: that call on the value at `place` and the
    /// location `location` (`validation::check_uri(&self.url, &location.key("url"), errors);`),
    /// so that a field needs no block of bindings.
    pub fn single_check(
        &self,
        shape: &Shape,
        place: &Place,
        location: &TokenStream,
    ) -> Option<TokenStream> {
        let mut statements = self.statements(shape, place, location);
        let single = statements.len() == 1 && !statements[0].looped;
        single.then(|| statements.remove(0).code)
    }

    fn checks_at(&self, shape: &Shape, place: &Place, location: &TokenStream) -> TokenStream {
        self.statements(shape, place, location)
            .into_iter()
            .map(|s| s.code)
            .collect()
    }

    /// The checks of `shape`, one statement each. Loops over items and members bind `value`
    /// and `location` afresh, so they read the value bound to `value` (not `place`).
    fn statements(&self, shape: &Shape, place: &Place, location: &TokenStream) -> Vec<Statement> {
        let mut out: Vec<Statement> = self
            .scalar_checks(&shape.ty, &shape.checks, place, location)
            .into_iter()
            .map(|code| Statement {
                code,
                looped: false,
            })
            .collect();
        let (code, looped) = match &shape.ty {
            Ty::Array(items) if self.shape_needs(items) => {
                let inner = self.maybe_null(items);
                let code = quote! {
                    for (index, value) in value.iter().enumerate() {
                        let location = &location.index(index);
                        #inner
                    }
                };
                (code, true)
            }
            Ty::Map(values) if self.shape_needs(values) => {
                let inner = self.maybe_null(values);
                let code = quote! {
                    for (key, value) in value {
                        let location = &location.key(key);
                        #inner
                    }
                };
                (code, true)
            }
            Ty::Named(name) if self.type_needs(name) => {
                let value = &place.reference;
                let code = quote!(validation::Validate::validate_at(#value, #location, errors););
                (code, false)
            }
            _ => return out,
        };
        out.push(Statement { code, looped });
        out
    }

    /// Checks of a value that may be `None` when `shape.nullable`.
    pub fn maybe_null(&self, shape: &Shape) -> TokenStream {
        let checks = self.value_checks(shape);
        if shape.nullable {
            quote! {
                if let Some(value) = value {
                    #checks
                }
            }
        } else {
            checks
        }
    }

    fn scalar_checks(
        &self,
        ty: &Ty,
        c: &Checks,
        place: &Place,
        location: &TokenStream,
    ) -> Vec<TokenStream> {
        let (value, deref, base) = (&place.reference, &place.value, &place.base);
        let mut out = Vec::new();
        if c.min_length.is_some() || c.max_length.is_some() {
            let min = opt_u64(c.min_length);
            let max = opt_u64(c.max_length);
            out.push(quote!(validation::check_length(#value, #min, #max, #location, errors);));
        }
        if let Some(p) = c.pattern {
            let name = static_ident(&self.api.patterns[p].name);
            out.push(quote!(validation::check_pattern(#value, &crate::patterns::#name, #location, errors);));
        }
        let format_check = match c.format {
            None | Some(TextFormat::Typed(StringFormat::Plain)) => None,
            Some(TextFormat::Uri) => Some(quote!(check_uri)),
            Some(TextFormat::Typed(StringFormat::DateTime)) => Some(quote!(check_date_time)),
            Some(TextFormat::Typed(StringFormat::Date)) => Some(quote!(check_date)),
            Some(TextFormat::Typed(StringFormat::Uuid)) => Some(quote!(check_uuid)),
            Some(TextFormat::Typed(StringFormat::Byte)) => Some(quote!(check_base64)),
        };
        if let Some(check) = format_check {
            out.push(quote!(validation::#check(#value, #location, errors);));
        }
        let is_float = matches!(ty, Ty::Number(_));
        // The checks take i64 / f64: widen narrower values.
        let as_wide = match ty {
            Ty::Integer(IntFormat::I32) => quote!(i64::from(#deref)),
            Ty::Number(NumberFormat::F32) => quote!(f64::from(#deref)),
            _ => quote!(#deref),
        };
        if c.minimum.is_some() || c.maximum.is_some() {
            let bound = |b: Option<crate::ir::Bound>| match b {
                None => quote!(None),
                Some(b) => {
                    let v = number(b.value, is_float);
                    let ex = b.exclusive;
                    quote!(Some((#v, #ex)))
                }
            };
            let (min, max) = (bound(c.minimum), bound(c.maximum));
            let f = if is_float {
                quote!(check_float_range)
            } else {
                quote!(check_int_range)
            };
            out.push(quote!(validation::#f(#as_wide, #min, #max, #location, errors);));
        }
        if let Some(m) = c.multiple_of {
            let m = number(m, is_float);
            let f = if is_float {
                quote!(check_float_multiple_of)
            } else {
                quote!(check_int_multiple_of)
            };
            out.push(quote!(validation::#f(#as_wide, #m, #location, errors);));
        }
        if !c.allowed.is_empty() {
            let values = c.allowed.iter().map(|n| match n {
                Number::Int(i) => {
                    let i = Literal::i64_unsuffixed(*i);
                    quote!(validation::Limit::Int(#i))
                }
                Number::Float(f) => {
                    let f = float_lit(*f);
                    quote!(validation::Limit::Float(#f))
                }
            });
            let f = if is_float {
                quote!(check_float_enum)
            } else {
                quote!(check_int_enum)
            };
            out.push(quote!(validation::#f(#as_wide, &[#(#values),*], #location, errors);));
        }
        if c.min_items.is_some() || c.max_items.is_some() {
            let min = opt_u64(c.min_items);
            let max = opt_u64(c.max_items);
            out.push(quote!(validation::check_items(#base.len(), #min, #max, #location, errors);));
        }
        if c.unique_items {
            out.push(quote!(validation::check_unique(#value, #location, errors);));
        }
        out
    }
}

/// One check statement; `looped` when it is a loop over items or members.
struct Statement {
    code: TokenStream,
    looped: bool,
}

/// Where the value to check is: a reference to it, and the value itself.
pub struct Place {
    reference: TokenStream,
    value: TokenStream,
    /// The value as the receiver of a method call.
    base: TokenStream,
}

impl Place {
    /// A reference bound to `value`.
    pub fn bound() -> Place {
        Place {
            reference: quote!(value),
            value: quote!(*value),
            base: quote!(value),
        }
    }

    /// The field `self.<field>`.
    pub fn field(field: &proc_macro2::Ident) -> Place {
        Place {
            reference: quote!(&self.#field),
            value: quote!(self.#field),
            base: quote!(self.#field),
        }
    }
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => {
            let v = Literal::u64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    }
}

fn number(n: Number, as_float: bool) -> TokenStream {
    match (n, as_float) {
        (Number::Int(i), false) => {
            let i = Literal::i64_unsuffixed(i);
            quote!(#i)
        }
        (Number::Int(i), true) => float_lit(i as f64),
        (Number::Float(f), true) => float_lit(f),
        // Integer schemas carry integer bounds (the parser types them as i64); kept total anyway.
        (Number::Float(f), false) => {
            let i = Literal::i64_unsuffixed(f as i64);
            quote!(#i)
        }
    }
}
