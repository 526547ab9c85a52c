//! Syntax templates: quoted Rust parsed once per thread, then cloned and filled in.
//!
//! Emitting a big spec (GitHub's: 10 MB of Rust) spent most of its time parsing `quote!`'s token
//! streams with `syn` so that `prettyplease` could print them, while cloning a parsed tree takes
//! about a seventh of that. So the code emitted per schema and per operation is written as
//! templates: like `quote!`, but with the holes named up front and filled with syntax trees.
//!
//! ```ignore
//! let stmt = template!(syn::Stmt, [check, name = ident(&op.name)] {
//!     support::check_request(#check, stringify!(#name))?;
//! });
//! ```
//!
//! The first use on a thread parses the template's tokens with a placeholder identifier in each
//! hole, shaped by the kind of its value ([`Hole`]): an expression, a type, an identifier, or a
//! list of statements, match arms, fields, call arguments... Every use clones that tree and puts
//! the values where the placeholders are; a list replaces its placeholder element with all of
//! its elements (none for an empty list). Inside macro calls and attribute arguments, which
//! `syn` keeps as tokens, the values are put in as tokens. A hole whose placeholder is left
//! unfilled (a value of the wrong kind for where it stands) is a bug in the emitter and panics
//! with the template's location, as does a template that does not parse.

use proc_macro2::{Group, Ident, Literal, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};

/// A value for a template's hole.
pub enum Hole {
    /// An identifier anywhere one can stand: a name, a path segment, a field.
    Ident(Ident),
    /// An expression (a literal is an expression too). One that is also a pattern (a literal, a
    /// range, a path, `_`) can stand in a pattern's place, such as a `match` arm's.
    Expr(syn::Expr),
    Type(syn::Type),
    /// A pattern: `#pat` where a pattern stands (a match arm's, say).
    Pat(syn::Pat),
    /// Statements of a block: `#stmts` alone among the block's statements.
    Stmts(Vec<syn::Stmt>),
    /// Arms of a `match`: `#arms` alone among the arms.
    Arms(Vec<syn::Arm>),
    /// Named fields of a struct or variant: `#fields` among the fields.
    Fields(Vec<syn::Field>),
    /// Variants of an enum: `#variants` among the variants.
    Variants(Vec<syn::Variant>),
    /// Items of an `impl` block: `#items` among them.
    ImplItems(Vec<syn::ImplItem>),
    /// Items of a trait: `#items` among them.
    TraitItems(Vec<syn::TraitItem>),
    /// Arguments of a call, elements of an array or tuple: `#exprs` among them.
    Exprs(Vec<syn::Expr>),
    /// Fields of a struct expression: `#fields` among them.
    FieldValues(Vec<syn::FieldValue>),
    /// Fields of a struct pattern: `#fields` among them (see [`field_pat`]).
    FieldPats(Vec<syn::FieldPat>),
    /// Parameters of a function: `#params` among them.
    FnArgs(Vec<syn::FnArg>),
    /// Attributes (docs included): `#attrs` before an item, field, variant or method.
    Attrs(Vec<syn::Attribute>),
    /// Tokens for a macro call's or an attribute's arguments, where `syn` keeps tokens.
    Tokens(TokenStream),
}

impl Hole {
    fn expr(&mut self) -> Option<&mut syn::Expr> {
        match self {
            Hole::Expr(e) => Some(e),
            _ => None,
        }
    }

    fn ty(&mut self) -> Option<&mut syn::Type> {
        match self {
            Hole::Type(t) => Some(t),
            _ => None,
        }
    }

    /// The tokens standing for the hole named `placeholder` in the template.
    fn placeholder(&self, placeholder: &Ident) -> TokenStream {
        let p = placeholder;
        match self {
            Hole::Ident(_) | Hole::Expr(_) | Hole::Type(_) | Hole::Exprs(_) => quote::quote!(#p),
            Hole::Variants(_) | Hole::Tokens(_) | Hole::Pat(_) => quote::quote!(#p),
            Hole::Stmts(_) => quote::quote!(#p;),
            Hole::Arms(_) => quote::quote!(#p => {}),
            Hole::Fields(_) | Hole::FieldValues(_) | Hole::FieldPats(_) | Hole::FnArgs(_) => {
                quote::quote!(#p: ())
            }
            Hole::ImplItems(_) => quote::quote!(fn #p() {}),
            Hole::TraitItems(_) => quote::quote!(fn #p();),
            Hole::Attrs(_) => quote::quote!(#[#p]),
        }
    }

    /// The value as tokens, for a hole inside a macro call or attribute arguments.
    fn to_tokens(&self) -> TokenStream {
        fn all<T: ToTokens>(items: &[T]) -> TokenStream {
            let mut out = TokenStream::new();
            for item in items {
                item.to_tokens(&mut out);
            }
            out
        }
        match self {
            Hole::Ident(v) => v.to_token_stream(),
            Hole::Expr(v) => v.to_token_stream(),
            Hole::Type(v) => v.to_token_stream(),
            Hole::Pat(v) => v.to_token_stream(),
            Hole::Tokens(v) => v.clone(),
            Hole::Exprs(v) => {
                let p: Punctuated<&syn::Expr, syn::Token![,]> = v.iter().collect();
                p.to_token_stream()
            }
            Hole::Stmts(v) => all(v),
            Hole::Arms(v) => all(v),
            Hole::Attrs(v) => all(v),
            Hole::ImplItems(v) => all(v),
            Hole::TraitItems(v) => all(v),
            Hole::Fields(_)
            | Hole::Variants(_)
            | Hole::FieldValues(_)
            | Hole::FieldPats(_)
            | Hole::FnArgs(_) => {
                panic!("a list of fields, variants or parameters cannot fill tokens")
            }
        }
    }
}

macro_rules! hole_from {
    ($($t:ty => $variant:ident),* $(,)?) => {$(
        impl From<$t> for Hole {
            fn from(value: $t) -> Self {
                Hole::$variant(value)
            }
        }
        impl From<&$t> for Hole {
            fn from(value: &$t) -> Self {
                Hole::$variant(value.clone())
            }
        }
    )*};
}

hole_from! {
    Ident => Ident,
    syn::Expr => Expr,
    syn::Type => Type,
    syn::Pat => Pat,
    Vec<syn::Stmt> => Stmts,
    Vec<syn::Arm> => Arms,
    Vec<syn::Field> => Fields,
    Vec<syn::Variant> => Variants,
    Vec<syn::ImplItem> => ImplItems,
    Vec<syn::TraitItem> => TraitItems,
    Vec<syn::Expr> => Exprs,
    Vec<syn::FieldValue> => FieldValues,
    Vec<syn::FieldPat> => FieldPats,
    Vec<syn::FnArg> => FnArgs,
    Vec<syn::Attribute> => Attrs,
    TokenStream => Tokens,
}

impl From<Literal> for Hole {
    fn from(value: Literal) -> Self {
        Hole::Expr(lit(value))
    }
}

impl From<&Literal> for Hole {
    fn from(value: &Literal) -> Self {
        Hole::Expr(lit(value.clone()))
    }
}

impl From<&str> for Hole {
    /// A string literal.
    fn from(value: &str) -> Self {
        Hole::Expr(lit(crate::emit::rust::str_lit(value)))
    }
}

impl From<&String> for Hole {
    /// A string literal.
    fn from(value: &String) -> Self {
        Hole::from(value.as_str())
    }
}

impl From<String> for Hole {
    /// A string literal.
    fn from(value: String) -> Self {
        Hole::from(value.as_str())
    }
}

impl From<bool> for Hole {
    /// `true` or `false`.
    fn from(value: bool) -> Self {
        Hole::Expr(syn::Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: syn::Lit::Bool(syn::LitBool::new(value, Span::call_site())),
        }))
    }
}

impl From<Stmts> for Hole {
    /// Statements from `template!(Stmts, ..)`.
    fn from(value: Stmts) -> Self {
        Hole::Stmts(value.0)
    }
}

impl From<syn::Stmt> for Hole {
    /// One statement.
    fn from(value: syn::Stmt) -> Self {
        Hole::Stmts(vec![value])
    }
}

impl<T> From<Option<T>> for Hole
where
    Hole: From<T>,
    T: Default,
{
    /// Nothing (`None`) or the value, for list holes.
    fn from(value: Option<T>) -> Self {
        Hole::from(value.unwrap_or_default())
    }
}

/// An expression of a literal.
pub fn lit(value: Literal) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::new(value),
    })
}

/// A field pattern that binds the field to a variable of its name: `name` in `S { name, .. }`.
pub fn field_pat(name: Ident) -> syn::FieldPat {
    syn::FieldPat {
        attrs: Vec::new(),
        member: syn::Member::Named(name.clone()),
        colon_token: None,
        pat: Box::new(syn::Pat::Ident(syn::PatIdent {
            attrs: Vec::new(),
            by_ref: None,
            mutability: None,
            ident: name,
            subpat: None,
        })),
    }
}

/// The holes of one use of a template.
#[derive(Default)]
pub struct Holes {
    holes: Vec<Slot>,
    /// A hole whose placeholder was left somewhere its value cannot go.
    misplaced: Option<String>,
}

struct Slot {
    /// `__hole_<name>`.
    placeholder: &'static str,
    value: Hole,
    filled: bool,
    /// The hole's places in the template not filled yet: the value is cloned into all but the
    /// last, which gets the value itself.
    places: usize,
}

/// What a hole's name is prefixed with to make its placeholder identifier.
const PREFIX: &str = "__hole_";

impl Slot {
    /// The hole's name in the template.
    fn name(&self) -> &str {
        &self.placeholder[PREFIX.len()..]
    }

    /// The value for one more of the hole's places, if `get` finds it of the kind the place
    /// needs: moved out for the last place, cloned for the others (a template's value is often
    /// a big tree made by another template).
    fn value_for<T: Clone + Stand>(&mut self, get: fn(&mut Hole) -> Option<&mut T>) -> Option<T> {
        let places = self.places;
        let value = get(&mut self.value)?;
        self.filled = true;
        self.places = places.saturating_sub(1);
        Some(if places <= 1 {
            std::mem::replace(value, T::stand_in())
        } else {
            value.clone()
        })
    }
}

/// A cheap value left in a slot whose value has been moved into its last place.
trait Stand {
    fn stand_in() -> Self;
}

impl Stand for syn::Expr {
    fn stand_in() -> Self {
        syn::Expr::Verbatim(TokenStream::new())
    }
}

impl Stand for syn::Type {
    fn stand_in() -> Self {
        syn::Type::Verbatim(TokenStream::new())
    }
}

impl Holes {
    /// Binds the hole whose placeholder is `placeholder` (`__hole_<name>`, made by `template!`)
    /// to `value`.
    pub fn bind(&mut self, placeholder: &'static str, value: impl Into<Hole>) {
        debug_assert!(placeholder.starts_with(PREFIX));
        self.holes.push(Slot {
            placeholder,
            value: value.into(),
            filled: false,
            places: 0,
        });
    }

    /// The placeholder tokens of the hole `name`, for parsing the template.
    pub fn placeholder(&self, name: &str) -> TokenStream {
        let slot = self
            .holes
            .iter()
            .find(|s| s.name() == name)
            .expect("bound hole");
        slot.value
            .placeholder(&Ident::new(slot.placeholder, Span::call_site()))
    }

    /// How many times each hole's placeholder appears in the template's `tokens`, in the
    /// order the holes were bound.
    pub fn places(&self, tokens: &TokenStream) -> Vec<usize> {
        fn count(tokens: &TokenStream, placeholder: &str) -> usize {
            tokens
                .clone()
                .into_iter()
                .map(|tree| match tree {
                    TokenTree::Ident(ident) => usize::from(ident == placeholder),
                    TokenTree::Group(group) => count(&group.stream(), placeholder),
                    _ => 0,
                })
                .sum()
        }
        self.holes
            .iter()
            .map(|slot| count(tokens, slot.placeholder))
            .collect()
    }

    /// Puts the values into `tree`, a clone of the parsed template whose placeholders appear
    /// `places` times (see [`Holes::places`]).
    pub fn fill<T: Fill>(mut self, tree: &mut T, places: &[usize], template: &str) {
        for (slot, places) in self.holes.iter_mut().zip(places) {
            slot.places = *places;
        }
        if !self.holes.is_empty() {
            tree.fill(&mut Filler { holes: &mut self });
        }
        let unfilled = self.holes.iter().find(|s| !s.filled);
        if let Some(name) = unfilled.map(Slot::name).or(self.misplaced.as_deref()) {
            panic!(
                "template at {template}: hole `{name}` was not filled; is its value of the kind its place needs?"
            );
        }
    }

    fn find(&mut self, ident: &Ident) -> Option<&mut Slot> {
        self.holes.iter_mut().find(|s| *ident == s.placeholder)
    }

    fn has(&self, ident: &Ident) -> bool {
        self.holes.iter().any(|s| *ident == s.placeholder)
    }
}

/// Parses a template's tokens (with placeholders), once per thread.
pub fn parse<T: syn::parse::Parse>(tokens: TokenStream, template: &str) -> T {
    syn::parse2(tokens).unwrap_or_else(|e| panic!("template at {template} does not parse: {e}"))
}

/// A syntax tree a template can produce.
pub trait Fill {
    fn fill(&mut self, filler: &mut Filler<'_>);
}

macro_rules! fill_with {
    ($($t:ty => $visit:ident),* $(,)?) => {$(
        impl Fill for $t {
            fn fill(&mut self, filler: &mut Filler<'_>) {
                filler.$visit(self);
            }
        }
    )*};
}

fill_with! {
    syn::Item => visit_item_mut,
    syn::ItemStruct => visit_item_struct_mut,
    syn::ItemEnum => visit_item_enum_mut,
    syn::ItemImpl => visit_item_impl_mut,
    syn::ItemFn => visit_item_fn_mut,
    syn::ItemStatic => visit_item_static_mut,
    syn::ImplItem => visit_impl_item_mut,
    syn::ImplItemFn => visit_impl_item_fn_mut,
    syn::TraitItem => visit_trait_item_mut,
    syn::Stmt => visit_stmt_mut,
    syn::Expr => visit_expr_mut,
    syn::Type => visit_type_mut,
    syn::Arm => visit_arm_mut,
    syn::Field => visit_field_mut,
    syn::FieldValue => visit_field_value_mut,
    syn::Variant => visit_variant_mut,
    syn::FnArg => visit_fn_arg_mut,
}

impl Fill for syn::Block {
    fn fill(&mut self, filler: &mut Filler<'_>) {
        filler.visit_block_mut(self);
    }
}

/// Statements parsed as a block's contents.
#[derive(Clone, Default)]
pub struct Stmts(pub Vec<syn::Stmt>);

impl Fill for Stmts {
    fn fill(&mut self, filler: &mut Filler<'_>) {
        filler.splice_stmts(&mut self.0);
    }
}

impl syn::parse::Parse for Stmts {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        syn::Block::parse_within(input).map(Stmts)
    }
}

/// A named field (`#[attr] name: Type`), for templates: `syn::Field` alone does not parse.
#[derive(Clone)]
pub struct NamedField(pub syn::Field);

impl syn::parse::Parse for NamedField {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        syn::Field::parse_named(input).map(NamedField)
    }
}

impl Fill for NamedField {
    fn fill(&mut self, filler: &mut Filler<'_>) {
        filler.visit_field_mut(&mut self.0);
    }
}

/// Outer attributes (`#[a] #[b]`), for templates: `syn::Attribute` alone does not parse.
#[derive(Clone)]
pub struct Attrs(pub Vec<syn::Attribute>);

impl syn::parse::Parse for Attrs {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        syn::Attribute::parse_outer(input).map(Attrs)
    }
}

impl Fill for Attrs {
    fn fill(&mut self, filler: &mut Filler<'_>) {
        filler.splice_attrs(&mut self.0);
    }
}

/// Walks a cloned template and puts the values in.
pub struct Filler<'a> {
    holes: &'a mut Holes,
}

impl Filler<'_> {
    /// The list value of the hole named by `ident`, taken out of its slot.
    fn take_list<T>(
        &mut self,
        ident: &Ident,
        take: fn(&mut Hole) -> Option<&mut Vec<T>>,
    ) -> Option<Vec<T>> {
        let slot = self.holes.find(ident)?;
        let list = take(&mut slot.value)?;
        assert!(
            !slot.filled,
            "list hole `{}` is used twice in one template",
            slot.name()
        );
        slot.filled = true;
        Some(std::mem::take(list))
    }

    /// Replaces each placeholder element of `list` with its hole's elements, and fills the
    /// other elements.
    fn splice<T>(
        &mut self,
        list: &mut Vec<T>,
        name: fn(&T) -> Option<&Ident>,
        take: fn(&mut Hole) -> Option<&mut Vec<T>>,
        visit: fn(&mut Self, &mut T),
    ) {
        if !list
            .iter()
            .any(|e| name(e).is_some_and(|i| self.holes.has(i)))
        {
            for e in list.iter_mut() {
                visit(self, e);
            }
            return;
        }
        let old = std::mem::take(list);
        for mut e in old {
            let values = name(&e).and_then(|i| self.take_list(i, take));
            match values {
                Some(values) => list.extend(values),
                None => {
                    visit(self, &mut e);
                    list.push(e);
                }
            }
        }
    }

    /// `splice` for a punctuated list (keeps a trailing separator).
    fn splice_punctuated<T, P: Default>(
        &mut self,
        list: &mut Punctuated<T, P>,
        name: fn(&T) -> Option<&Ident>,
        take: fn(&mut Hole) -> Option<&mut Vec<T>>,
        visit: fn(&mut Self, &mut T),
    ) {
        if !list
            .iter()
            .any(|e| name(e).is_some_and(|i| self.holes.has(i)))
        {
            for e in list.iter_mut() {
                visit(self, e);
            }
            return;
        }
        let trailing = list.trailing_punct();
        let mut items: Vec<T> = std::mem::take(list).into_iter().collect();
        self.splice(&mut items, name, take, visit);
        *list = items.into_iter().collect();
        if trailing && !list.empty_or_trailing() {
            list.push_punct(P::default());
        }
    }

    fn splice_stmts(&mut self, stmts: &mut Vec<syn::Stmt>) {
        self.splice(
            stmts,
            |s| match s {
                syn::Stmt::Expr(syn::Expr::Path(p), Some(_)) => path_ident(&p.path, &p.qself),
                _ => None,
            },
            |h| match h {
                Hole::Stmts(v) => Some(v),
                _ => None,
            },
            |f, s| f.visit_stmt_mut(s),
        );
    }

    fn splice_attrs(&mut self, attrs: &mut Vec<syn::Attribute>) {
        if attrs.is_empty() {
            return;
        }
        self.splice(
            attrs,
            |a| match &a.meta {
                syn::Meta::Path(p) => path_ident(p, &None),
                _ => None,
            },
            |h| match h {
                Hole::Attrs(v) => Some(v),
                _ => None,
            },
            |f, a| f.visit_attribute_mut(a),
        );
    }

    fn splice_exprs<P: Default>(&mut self, exprs: &mut Punctuated<syn::Expr, P>) {
        self.splice_punctuated(
            exprs,
            |e| match e {
                syn::Expr::Path(p) => path_ident(&p.path, &p.qself),
                _ => None,
            },
            |h| match h {
                Hole::Exprs(v) => Some(v),
                _ => None,
            },
            |f, e| f.visit_expr_mut(e),
        );
    }

    /// Puts values into tokens kept as tokens (macro calls, attribute arguments).
    fn fill_tokens(&mut self, tokens: &mut TokenStream) {
        let mut out = TokenStream::new();
        for tree in std::mem::take(tokens) {
            match tree {
                TokenTree::Ident(ident) => match self.holes.find(&ident) {
                    Some(slot) => {
                        slot.filled = true;
                        out.extend(slot.value.to_tokens());
                    }
                    None => out.extend([TokenTree::Ident(ident)]),
                },
                TokenTree::Group(group) => {
                    let mut inner = group.stream();
                    self.fill_tokens(&mut inner);
                    let mut filled = Group::new(group.delimiter(), inner);
                    filled.set_span(group.span());
                    out.extend([TokenTree::Group(filled)]);
                }
                other => out.extend([other]),
            }
        }
        *tokens = out;
    }
}

/// The identifier of a path that is one plain identifier.
fn path_ident<'p>(path: &'p syn::Path, qself: &Option<syn::QSelf>) -> Option<&'p Ident> {
    if qself.is_some() || path.leading_colon.is_some() || path.segments.len() != 1 {
        return None;
    }
    let segment = &path.segments[0];
    segment.arguments.is_none().then_some(&segment.ident)
}

/// `VisitMut` methods that splice a node's attributes, then visit it as usual.
macro_rules! splice_attrs_then_visit {
    ($($visit:ident: $ty:ty,)*) => {$(
        fn $visit(&mut self, item: &mut $ty) {
            self.splice_attrs(&mut item.attrs);
            visit_mut::$visit(self, item);
        }
    )*};
}

impl VisitMut for Filler<'_> {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        if let Some(slot) = self.holes.find(ident) {
            match &slot.value {
                Hole::Ident(value) => {
                    *ident = value.clone();
                    slot.filled = true;
                }
                // A placeholder the value could not replace (say an expression where a type
                // belongs): it would be left in the output.
                _ => self.holes.misplaced = Some(slot.name().to_owned()),
            }
        }
    }

    fn visit_generic_argument_mut(&mut self, arg: &mut syn::GenericArgument) {
        // An expression as a generic argument (`Label<#size>`) parses as a type.
        if let syn::GenericArgument::Type(syn::Type::Path(p)) = arg
            && let Some(ident) = path_ident(&p.path, &p.qself)
            && let Some(slot) = self.holes.find(ident)
            && let Some(value) = slot.value_for(Hole::expr)
        {
            *arg = syn::GenericArgument::Const(value);
            return;
        }
        visit_mut::visit_generic_argument_mut(self, arg);
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::Path(p) = expr
            && let Some(ident) = path_ident(&p.path, &p.qself)
            && let Some(slot) = self.holes.find(ident)
            && let Some(value) = slot.value_for(Hole::expr)
        {
            *expr = value;
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if let syn::Type::Path(p) = ty
            && let Some(ident) = path_ident(&p.path, &p.qself)
            && let Some(slot) = self.holes.find(ident)
            && let Some(value) = slot.value_for(Hole::ty)
        {
            *ty = value;
            return;
        }
        visit_mut::visit_type_mut(self, ty);
    }

    /// A pattern fills a hole in a pattern's place, and so does an expression that is also a
    /// pattern (a literal, a range of literals, a path, `_`).
    fn visit_pat_mut(&mut self, pat: &mut syn::Pat) {
        if let syn::Pat::Ident(p) = pat
            && p.by_ref.is_none()
            && p.mutability.is_none()
            && p.subpat.is_none()
            && let Some(slot) = self.holes.find(&p.ident)
        {
            let value = match &slot.value {
                Hole::Pat(p) => Some(p.clone()),
                Hole::Expr(syn::Expr::Lit(l)) => Some(syn::Pat::Lit(l.clone())),
                Hole::Expr(syn::Expr::Range(r)) => Some(syn::Pat::Range(r.clone())),
                Hole::Expr(syn::Expr::Path(p)) => Some(syn::Pat::Path(p.clone())),
                Hole::Expr(syn::Expr::Infer(i)) => Some(syn::Pat::Wild(syn::PatWild {
                    attrs: i.attrs.clone(),
                    underscore_token: i.underscore_token,
                })),
                _ => None,
            };
            if let Some(value) = value {
                *pat = value;
                slot.filled = true;
                return;
            }
        }
        visit_mut::visit_pat_mut(self, pat);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        self.splice_stmts(&mut block.stmts);
    }

    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        self.splice_attrs(&mut m.attrs);
        self.visit_expr_mut(&mut m.expr);
        self.splice(
            &mut m.arms,
            |a| match &a.pat {
                // A guarded arm is a `Pat::Guard`.
                syn::Pat::Ident(p) => Some(&p.ident),
                _ => None,
            },
            |h| match h {
                Hole::Arms(v) => Some(v),
                _ => None,
            },
            |f, a| f.visit_arm_mut(a),
        );
    }

    fn visit_fields_named_mut(&mut self, fields: &mut syn::FieldsNamed) {
        self.splice_punctuated(
            &mut fields.named,
            |f| f.ident.as_ref(),
            |h| match h {
                Hole::Fields(v) => Some(v),
                _ => None,
            },
            |f, field| f.visit_field_mut(field),
        );
    }

    fn visit_field_mut(&mut self, field: &mut syn::Field) {
        self.splice_attrs(&mut field.attrs);
        visit_mut::visit_field_mut(self, field);
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        self.splice_attrs(&mut item.attrs);
        self.visit_visibility_mut(&mut item.vis);
        self.visit_ident_mut(&mut item.ident);
        self.visit_generics_mut(&mut item.generics);
        self.splice_punctuated(
            &mut item.variants,
            |v| (v.fields.is_empty() && v.discriminant.is_none()).then_some(&v.ident),
            |h| match h {
                Hole::Variants(v) => Some(v),
                _ => None,
            },
            |f, v| f.visit_variant_mut(v),
        );
    }

    fn visit_variant_mut(&mut self, variant: &mut syn::Variant) {
        self.splice_attrs(&mut variant.attrs);
        visit_mut::visit_variant_mut(self, variant);
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        self.splice_attrs(&mut item.attrs);
        self.visit_generics_mut(&mut item.generics);
        if let Some((path, _)) = &mut item.trait_ {
            self.visit_path_mut(path);
        }
        self.visit_type_mut(&mut item.self_ty);
        self.splice(
            &mut item.items,
            |i| match i {
                syn::ImplItem::Fn(f) if f.sig.inputs.is_empty() => Some(&f.sig.ident),
                _ => None,
            },
            |h| match h {
                Hole::ImplItems(v) => Some(v),
                _ => None,
            },
            |f, i| f.visit_impl_item_mut(i),
        );
    }

    fn visit_item_trait_mut(&mut self, item: &mut syn::ItemTrait) {
        self.splice_attrs(&mut item.attrs);
        self.visit_ident_mut(&mut item.ident);
        self.visit_generics_mut(&mut item.generics);
        for bound in item.supertraits.iter_mut() {
            self.visit_type_param_bound_mut(bound);
        }
        self.splice(
            &mut item.items,
            |i| match i {
                syn::TraitItem::Fn(f) if f.sig.inputs.is_empty() => Some(&f.sig.ident),
                _ => None,
            },
            |h| match h {
                Hole::TraitItems(v) => Some(v),
                _ => None,
            },
            |f, i| f.visit_trait_item_mut(i),
        );
    }

    // Items and members with no list of their own to splice: their attributes, then the rest.
    splice_attrs_then_visit! {
        visit_item_struct_mut: syn::ItemStruct,
        visit_item_fn_mut: syn::ItemFn,
        visit_item_static_mut: syn::ItemStatic,
        visit_item_type_mut: syn::ItemType,
        visit_item_const_mut: syn::ItemConst,
        visit_impl_item_fn_mut: syn::ImplItemFn,
        visit_impl_item_const_mut: syn::ImplItemConst,
        visit_trait_item_fn_mut: syn::TraitItemFn,
    }

    fn visit_signature_mut(&mut self, sig: &mut syn::Signature) {
        self.visit_ident_mut(&mut sig.ident);
        self.visit_generics_mut(&mut sig.generics);
        self.splice_punctuated(
            &mut sig.inputs,
            |a| match a {
                syn::FnArg::Typed(t) => match &*t.pat {
                    syn::Pat::Ident(p) => Some(&p.ident),
                    _ => None,
                },
                syn::FnArg::Receiver(_) => None,
            },
            |h| match h {
                Hole::FnArgs(v) => Some(v),
                _ => None,
            },
            |f, a| f.visit_fn_arg_mut(a),
        );
        self.visit_return_type_mut(&mut sig.output);
    }

    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        self.visit_expr_mut(&mut call.func);
        self.splice_exprs(&mut call.args);
    }

    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        self.visit_expr_mut(&mut call.receiver);
        self.visit_ident_mut(&mut call.method);
        if let Some(turbofish) = &mut call.turbofish {
            self.visit_angle_bracketed_generic_arguments_mut(turbofish);
        }
        self.splice_exprs(&mut call.args);
    }

    fn visit_expr_array_mut(&mut self, array: &mut syn::ExprArray) {
        self.splice_exprs(&mut array.elems);
    }

    fn visit_expr_tuple_mut(&mut self, tuple: &mut syn::ExprTuple) {
        self.splice_exprs(&mut tuple.elems);
    }

    fn visit_expr_struct_mut(&mut self, s: &mut syn::ExprStruct) {
        self.visit_path_mut(&mut s.path);
        self.splice_punctuated(
            &mut s.fields,
            |f| match &f.member {
                syn::Member::Named(i) => Some(i),
                syn::Member::Unnamed(_) => None,
            },
            |h| match h {
                Hole::FieldValues(v) => Some(v),
                _ => None,
            },
            |f, v| f.visit_field_value_mut(v),
        );
        if let Some(rest) = &mut s.rest {
            self.visit_expr_mut(rest);
        }
    }

    fn visit_pat_struct_mut(&mut self, p: &mut syn::PatStruct) {
        if let Some(qself) = &mut p.qself {
            self.visit_qself_mut(qself);
        }
        self.visit_path_mut(&mut p.path);
        self.splice_punctuated(
            &mut p.fields,
            |f| match &f.member {
                syn::Member::Named(i) => Some(i),
                syn::Member::Unnamed(_) => None,
            },
            |h| match h {
                Hole::FieldPats(v) => Some(v),
                _ => None,
            },
            |f, v| f.visit_field_pat_mut(v),
        );
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        self.visit_path_mut(&mut mac.path);
        self.fill_tokens(&mut mac.tokens);
    }

    fn visit_meta_list_mut(&mut self, list: &mut syn::MetaList) {
        self.visit_path_mut(&mut list.path);
        self.fill_tokens(&mut list.tokens);
    }
}

/// `template!(Type, [holes] { tokens })`: the syntax tree of type `Type` (a `syn` type, or
/// [`Stmts`](crate::emit::template::Stmts) for statements) of the quoted tokens, with each hole
/// `#name` filled with the value of `name` (or of `name = expression`), converted by
/// [`Hole::from`]. A bare `name` moves the variable in; `name = &name` clones it.
macro_rules! template {
    ($ty:ty, [$($name:ident $(= $value:expr)?),* $(,)?] { $($code:tt)* }) => {{
        thread_local! {
            /// The parsed template, and how many times each hole appears in it.
            static PARSED: ::std::cell::OnceCell<($ty, ::std::vec::Vec<usize>)> =
                const { ::std::cell::OnceCell::new() };
        }
        const AT: &str = concat!(file!(), ":", line!());
        #[allow(unused_mut)]
        let mut holes = $crate::emit::template::Holes::default();
        $( holes.bind(concat!("__hole_", stringify!($name)), template!(@value $name $($value)?)); )*
        PARSED.with(|parsed| {
            let (tree, places) = parsed.get_or_init(|| {
                $( let $name = holes.placeholder(stringify!($name)); )*
                let tokens = ::quote::quote!($($code)*);
                let places = holes.places(&tokens);
                ($crate::emit::template::parse(tokens, AT), places)
            });
            let mut tree: $ty = tree.clone();
            holes.fill(&mut tree, places, AT);
            tree
        })
    }};
    (@value $name:ident) => { $name };
    (@value $name:ident $value:expr) => { $value };
}

pub(crate) use template;

#[cfg(test)]
mod tests {
    use proc_macro2::Literal;
    use quote::format_ident;

    use super::{NamedField, Stmts};

    /// What prettyplease prints for the item.
    fn printed(item: syn::Item) -> String {
        prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs: Vec::new(),
            items: vec![item],
        })
    }

    #[test]
    fn single_holes_take_identifiers_expressions_types_and_literals() {
        let name = format_ident!("Pet");
        let ty: syn::Type = syn::parse_quote!(::std::vec::Vec<u8>);
        let item = template!(syn::Item, [name, ty, size = Literal::usize_unsuffixed(3)] {
            pub struct #name { pub bytes: #ty, pub size: [u8; #size], pub label: Label<#size> }
        });
        let expected: syn::Item = syn::parse_quote!(
            pub struct Pet {
                pub bytes: ::std::vec::Vec<u8>,
                pub size: [u8; 3],
                pub label: Label<3>,
            }
        );
        assert_eq!(printed(item), printed(expected));
        let item = template!(syn::Item, [label = "a \"b\""] { const LABEL: &str = #label; });
        assert_eq!(printed(item), "const LABEL: &str = \"a \\\"b\\\"\";\n");
    }

    #[test]
    fn list_holes_splice_none_one_or_many_elements() {
        for n in [0usize, 1, 3] {
            let args: Vec<syn::Expr> = (0..n).map(|i| syn::parse_quote!(x + #i)).collect();
            let arms: Vec<syn::Arm> = (0..n)
                .map(|i| template!(syn::Arm, [i = Literal::usize_unsuffixed(i)] { #i => "n", }))
                .collect();
            let got = template!(Stmts, [args = &args, arms = &arms] {
                let a = f(first, #args);
                match a {
                    #arms
                    _ => "other",
                }
            });
            let expected: syn::Block = syn::parse_quote!({
                let a = f(first, #(#args),*);
                match a {
                    #(#arms)*
                    _ => "other",
                }
            });
            let stmts = got.0;
            let got = printed(syn::parse_quote!(fn t() { #(#stmts)* }));
            let stmts = expected.stmts;
            let expected = printed(syn::parse_quote!(fn t() { #(#stmts)* }));
            assert_eq!(got, expected, "with {n} elements");
        }
    }

    #[test]
    fn attributes_fields_and_tokens_fill_their_places() {
        let docs = vec![
            crate::emit::rust::doc(" One."),
            crate::emit::rust::doc(" Two."),
        ];
        let rename = Literal::string("wire");
        let field = template!(NamedField, [rename] {
            #[serde(rename = #rename)]
            pub name: ::std::string::String
        })
        .0;
        let item = template!(syn::Item, [docs, fields = vec![field]] {
            #docs
            pub struct S { pub id: i64, #fields }
        });
        let expected: syn::Item = syn::parse_quote!(
            /// One.
            /// Two.
            pub struct S {
                pub id: i64,
                #[serde(rename = "wire")]
                pub name: ::std::string::String,
            }
        );
        assert_eq!(printed(item), printed(expected));
    }

    #[test]
    #[should_panic(expected = "hole `value` was not filled")]
    fn a_value_of_the_wrong_kind_for_its_place_panics() {
        // An expression where a type belongs: the placeholder would stay in the output.
        let value: syn::Expr = syn::parse_quote!(1 + 2);
        let _ = template!(syn::Item, [value] { struct S { x: #value } });
    }

    #[test]
    #[should_panic(expected = "hole `n` was not filled")]
    fn a_placeholder_left_in_one_place_panics_though_another_was_filled() {
        let _ = template!(syn::Item, [n = Literal::usize_unsuffixed(2)] {
            struct S { a: [u8; #n], b: #n }
        });
    }
}
