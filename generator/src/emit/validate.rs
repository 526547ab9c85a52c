//! `impl Validate` bodies: the checks of each shape, as calls into the generated crate's
//! `validation` module.

use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::TokenStreamExt;

use super::rust::{ident, static_ident};
use super::template::{lit, template};
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
        // An open enum has a value to report (`Unknown`); a replaced type has no `Validate` of
        // this crate (the schema check covers it).
        let open = |t: &crate::ir::TypeDef| {
            matches!(&t.kind, TypeKind::Enum(e) if e.open) && t.extras.replaced_by.is_none()
        };
        let mut plan = Plan {
            api,
            needs: api
                .types
                .iter()
                .map(|t| (t.name.as_str(), open(t)))
                .collect(),
        };
        // Least fixpoint: a struct needs checking when one of its fields does.
        loop {
            let mut changed = false;
            for t in &api.types {
                if plan.needs[t.name.as_str()] || t.extras.replaced_by.is_some() {
                    continue;
                }
                let needs = match &t.kind {
                    TypeKind::Struct(s) => {
                        !s.properties.is_empty()
                            || s.fields.iter().any(|f| plan.shape_needs(&f.shape))
                            || matches!(&s.additional, Additional::Kept { values, required, .. } if !required.is_empty() || plan.shape_needs(values))
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
                // A `float` read from JSON is infinite when it is beyond `f32`'s range.
                Ty::Number(NumberFormat::F32) => true,
                // chrono reads a leap second at any minute; the check does not.
                Ty::String(StringFormat::DateTime) => true,
                Ty::Array(items) => self.shape_needs(items),
                Ty::Map(values) => self.shape_needs(values),
                Ty::Named(name) => self.type_needs(name),
                _ => false,
            }
    }

    /// Checks of a value of `shape` bound to the reference `value`, with `location` and
    /// `errors` in scope. `nullable` is the caller's business.
    pub fn value_checks(&self, shape: &Shape) -> TokenStream {
        let mut tokens = TokenStream::new();
        tokens.append_all(self.value_stmts(shape));
        tokens
    }

    /// [`Plan::value_checks`] as syntax trees.
    pub fn value_stmts(&self, shape: &Shape) -> Vec<syn::Stmt> {
        self.checks_at(
            shape,
            &Place::bound(),
            &template!(syn::Expr, [] { location }),
        )
    }

    /// When the checks of `shape` are a single call: that call on the value at `place` and the
    /// location `location` (`validation::check_uri(&self.url, &location.key("url"), errors);`),
    /// so that a field needs no block of bindings.
    pub fn single_check(
        &self,
        shape: &Shape,
        place: &Place,
        location: &syn::Expr,
    ) -> Option<syn::Stmt> {
        let mut statements = self.statements(shape, place, location);
        let single = statements.len() == 1 && !statements[0].looped;
        single.then(|| statements.remove(0).code)
    }

    fn checks_at(&self, shape: &Shape, place: &Place, location: &syn::Expr) -> Vec<syn::Stmt> {
        self.statements(shape, place, location)
            .into_iter()
            .map(|s| s.code)
            .collect()
    }

    /// The checks of `shape`, one statement each. Loops over items and members bind `value`
    /// and `location` afresh, so they read the value bound to `value` (not `place`).
    fn statements(&self, shape: &Shape, place: &Place, location: &syn::Expr) -> Vec<Statement> {
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
                let code = template!(syn::Stmt, [inner] {
                    for (index, value) in value.iter().enumerate() {
                        let location = &location.index(index);
                        #inner
                    }
                });
                (code, true)
            }
            Ty::Map(values) if self.shape_needs(values) => {
                let inner = self.maybe_null(values);
                let code = template!(syn::Stmt, [inner] {
                    for (key, value) in value {
                        let location = &location.key(key);
                        #inner
                    }
                });
                (code, true)
            }
            Ty::Named(name) if self.type_needs(name) => {
                let code = template!(syn::Stmt, [value = &place.reference, location] {
                    validation::Validate::validate_at(#value, #location, errors);
                });
                (code, false)
            }
            _ => return out,
        };
        out.push(Statement { code, looped });
        out
    }

    /// Checks of a value that may be `None` when `shape.nullable`.
    pub fn maybe_null(&self, shape: &Shape) -> Vec<syn::Stmt> {
        let checks = self.value_stmts(shape);
        if shape.nullable {
            vec![template!(syn::Stmt, [checks] {
                if let Some(value) = value {
                    #checks
                }
            })]
        } else {
            checks
        }
    }

    fn scalar_checks(
        &self,
        ty: &Ty,
        c: &Checks,
        place: &Place,
        location: &syn::Expr,
    ) -> Vec<syn::Stmt> {
        let (value, deref, base) = (&place.reference, &place.value, &place.base);
        let mut out = Vec::new();
        if *ty == Ty::Number(NumberFormat::F32) {
            out.push(template!(syn::Stmt, [deref, location] {
                validation::check_f32(f64::from(#deref), #location, errors);
            }));
        }
        if c.min_length.is_some() || c.max_length.is_some() {
            let min = opt_u64(c.min_length);
            let max = opt_u64(c.max_length);
            out.push(template!(syn::Stmt, [value, min, max, location] {
                validation::check_length(#value, #min, #max, #location, errors);
            }));
        }
        for &p in &c.patterns {
            let name = static_ident(&self.api.patterns[p].name);
            out.push(template!(syn::Stmt, [value, name, location] {
                validation::check_pattern(#value, &crate::patterns::#name, #location, errors);
            }));
        }
        let format_check = match c.format {
            None | Some(TextFormat::Typed(StringFormat::Plain | StringFormat::Binary)) => None,
            Some(TextFormat::Uri) => Some("check_uri"),
            Some(TextFormat::Typed(StringFormat::DateTime)) => Some("check_date_time"),
            Some(TextFormat::Typed(StringFormat::Date)) => Some("check_date"),
            Some(TextFormat::Typed(StringFormat::Uuid)) => Some("check_uuid"),
            Some(TextFormat::Typed(StringFormat::Byte)) => Some("check_base64"),
        };
        if let Some(check) = format_check {
            out.push(
                template!(syn::Stmt, [check = ident(check), value, location] {
                    validation::#check(#value, #location, errors);
                }),
            );
        }
        if matches!(ty, Ty::String(StringFormat::DateTime)) {
            // A typed date-time is checked as the text it is written as: chrono reads and
            // builds leap seconds at any minute (and years past 9999), which the raw check
            // rejects, so both checks must see the same text.
            out.push(template!(syn::Stmt, [base, location] {
                validation::check_date_time(&#base.to_rfc3339(), #location, errors);
            }));
        }
        let is_float = matches!(ty, Ty::Number(_));
        // The checks take i64 / f64: widen narrower values.
        let as_wide = match ty {
            Ty::Integer(IntFormat::I32) => template!(syn::Expr, [deref] { i64::from(#deref) }),
            Ty::Number(NumberFormat::F32) => template!(syn::Expr, [deref] { f64::from(#deref) }),
            _ => deref.clone(),
        };
        if c.minimum.is_some() || c.maximum.is_some() {
            let bound = |b: Option<crate::ir::Bound>| match b {
                None => template!(syn::Expr, [] { None }),
                Some(b) => {
                    let v = number(b.value, is_float);
                    let ex = b.exclusive;
                    template!(syn::Expr, [v, ex] { Some((#v, #ex)) })
                }
            };
            let (min, max) = (bound(c.minimum), bound(c.maximum));
            let f = ident(if is_float {
                "check_float_range"
            } else {
                "check_int_range"
            });
            out.push(
                template!(syn::Stmt, [f, as_wide = &as_wide, min, max, location] {
                    validation::#f(#as_wide, #min, #max, #location, errors);
                }),
            );
        }
        if let Some(m) = c.multiple_of {
            let m = number(m, is_float);
            let f = ident(if is_float {
                "check_float_multiple_of"
            } else {
                "check_int_multiple_of"
            });
            out.push(template!(syn::Stmt, [f, as_wide = &as_wide, m, location] {
                validation::#f(#as_wide, #m, #location, errors);
            }));
        }
        if !c.allowed.is_empty() {
            let values: Vec<syn::Expr> = c
                .allowed
                .iter()
                .map(|n| match n {
                    Number::Int(i) => {
                        let i = Literal::i64_unsuffixed(*i);
                        template!(syn::Expr, [i] { validation::Limit::Int(#i) })
                    }
                    Number::Float(f) => {
                        let f = float_expr(*f);
                        template!(syn::Expr, [f] { validation::Limit::Float(#f) })
                    }
                })
                .collect();
            let f = ident(if is_float {
                "check_float_enum"
            } else {
                "check_int_enum"
            });
            out.push(
                template!(syn::Stmt, [f, as_wide = &as_wide, values, location] {
                    validation::#f(#as_wide, &[#values], #location, errors);
                }),
            );
        }
        if !c.allowed_booleans.is_empty() {
            let values: Vec<syn::Expr> = c.allowed_booleans.iter().map(|b| bool_expr(*b)).collect();
            out.push(template!(syn::Stmt, [deref, values, location] {
                validation::check_bool_enum(#deref, &[#values], #location, errors);
            }));
        }
        if !c.properties.is_empty() {
            let min = opt_u64(c.properties.min);
            let max = opt_u64(c.properties.max);
            out.push(template!(syn::Stmt, [base, min, max, location] {
                validation::check_properties(#base.len(), #min, #max, #location, errors);
            }));
        }
        if c.min_items.is_some() || c.max_items.is_some() {
            let min = opt_u64(c.min_items);
            let max = opt_u64(c.max_items);
            out.push(template!(syn::Stmt, [base, min, max, location] {
                validation::check_items(#base.len(), #min, #max, #location, errors);
            }));
        }
        if c.unique_items {
            out.push(template!(syn::Stmt, [value, location] {
                validation::check_unique(#value, #location, errors);
            }));
        }
        out
    }
}

/// One check statement; `looped` when it is a loop over items or members.
struct Statement {
    code: syn::Stmt,
    looped: bool,
}

/// Where the value to check is: a reference to it, and the value itself.
pub struct Place {
    reference: syn::Expr,
    value: syn::Expr,
    /// The value as the receiver of a method call.
    base: syn::Expr,
}

impl Place {
    /// A reference bound to `value`.
    pub fn bound() -> Place {
        Place {
            reference: template!(syn::Expr, [] { value }),
            value: template!(syn::Expr, [] { *value }),
            base: template!(syn::Expr, [] { value }),
        }
    }

    /// The field `self.<field>`.
    pub fn field(field: &proc_macro2::Ident) -> Place {
        Place {
            reference: template!(syn::Expr, [field] { &self.#field }),
            value: template!(syn::Expr, [field] { self.#field }),
            base: template!(syn::Expr, [field] { self.#field }),
        }
    }
}

/// `true` or `false`.
pub(super) fn bool_expr(b: bool) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Bool(syn::LitBool::new(b, proc_macro2::Span::call_site())),
    })
}

pub(super) fn opt_u64(v: Option<u64>) -> syn::Expr {
    match v {
        Some(v) => {
            let v = Literal::u64_unsuffixed(v);
            template!(syn::Expr, [v] { Some(#v) })
        }
        None => template!(syn::Expr, [] { None }),
    }
}

fn number(n: Number, as_float: bool) -> syn::Expr {
    match (n, as_float) {
        (Number::Int(i), false) => lit(Literal::i64_unsuffixed(i)),
        (Number::Int(i), true) => float_expr(i as f64),
        (Number::Float(f), true) => float_expr(f),
        // Integer schemas carry integer bounds (the parser types them as i64); kept total anyway.
        (Number::Float(f), false) => lit(Literal::i64_unsuffixed(f as i64)),
    }
}

/// [`float_lit`](super::rust::float_lit) as an expression: a float literal that always has a
/// decimal point or exponent, or `f64::NAN` and the infinities. (Also for models' defaults.)
pub(super) fn float_expr(f: f64) -> syn::Expr {
    if f.is_finite() {
        lit(Literal::f64_unsuffixed(f))
    } else if f.is_nan() {
        template!(syn::Expr, [] { f64::NAN })
    } else if f > 0.0 {
        template!(syn::Expr, [] { f64::INFINITY })
    } else {
        template!(syn::Expr, [] { f64::NEG_INFINITY })
    }
}
