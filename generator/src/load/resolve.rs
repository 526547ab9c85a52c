//! Local `$ref` resolution for schemas, parameters, request bodies, responses and headers.
//! Only references into `#/components/...` are supported; chains are followed and cycles are
//! reported with the whole chain.

use openapiv3::{Components, Header, Parameter, ReferenceOr, RequestBody, Response, Schema};

use super::{Spec, spec_error};
use crate::error::{Pointer, Result};

/// A resolved item: the item itself, where it lives, and the first component it was reached
/// through (the name a `$ref` gives it).
pub struct Resolved<'a, T> {
    pub item: &'a T,
    /// Where the item is defined.
    pub pointer: Pointer,
    /// `Some(name)` when the item was reached through `#/components/<kind>/<name>`.
    pub component: Option<&'a str>,
}

/// A kind of component that `$ref`s can point to.
pub trait Kind: Sized + 'static {
    const SECTION: &'static str;
    fn entries(c: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! kind {
    ($ty:ty, $section:literal, $field:ident) => {
        impl Kind for $ty {
            const SECTION: &'static str = $section;
            fn entries(c: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
                &c.$field
            }
        }
    };
}
kind!(Schema, "schemas", schemas);
kind!(Parameter, "parameters", parameters);
kind!(RequestBody, "requestBodies", request_bodies);
kind!(Response, "responses", responses);
kind!(Header, "headers", headers);

/// Follows a `$ref` chain this many steps at most before calling it a cycle.
const MAX_CHAIN: usize = 64;

impl Spec {
    pub fn schema<'a>(
        &'a self,
        r: &'a ReferenceOr<Schema>,
        at: &Pointer,
    ) -> Result<Resolved<'a, Schema>> {
        self.resolve(r, at)
    }

    /// For the `ReferenceOr<Box<Schema>>` the model uses inside schemas.
    pub fn boxed_schema<'a>(
        &'a self,
        r: &'a ReferenceOr<Box<Schema>>,
        at: &Pointer,
    ) -> Result<Resolved<'a, Schema>> {
        match r {
            ReferenceOr::Item(item) => Ok(Resolved {
                item,
                pointer: at.clone(),
                component: None,
            }),
            ReferenceOr::Reference { reference } => self.follow(reference, at),
        }
    }

    /// Resolve a parameter, request body, response, header or schema reference found at `at`.
    pub fn resolve<'a, T: Kind>(
        &'a self,
        r: &'a ReferenceOr<T>,
        at: &Pointer,
    ) -> Result<Resolved<'a, T>> {
        match r {
            ReferenceOr::Item(item) => Ok(Resolved {
                item,
                pointer: at.clone(),
                component: None,
            }),
            ReferenceOr::Reference { reference } => self.follow(reference, at),
        }
    }

    /// Follow `reference` (found at `at`) to the item it names, through any chain of references.
    fn follow<'a, T: Kind>(&'a self, reference: &'a str, at: &Pointer) -> Result<Resolved<'a, T>> {
        // A reference that is itself a component (`A: {$ref: B}`) starts the chain, so a cycle
        // reads `A -> B -> A`.
        let here = at.to_string();
        let section = format!("#/components/{}/", T::SECTION);
        let mut chain: Vec<&str> = Vec::new();
        if here
            .strip_prefix(&section)
            .is_some_and(|name| !name.contains('/'))
        {
            chain.push(&here);
        }
        let mut current = reference;
        let mut first_name: Option<&'a str> = None;
        loop {
            if chain.contains(&current) {
                chain.push(current);
                return Err(
                    self.ref_error(at, format!("cyclic $ref chain: {}", chain.join(" -> ")))
                );
            }
            if chain.len() >= MAX_CHAIN {
                return Err(self.ref_error(
                    at,
                    format!("$ref chain longer than {MAX_CHAIN} steps starting at {reference:?}"),
                ));
            }
            chain.push(current);
            let name = self.component_name::<T>(current, at)?;
            first_name.get_or_insert(name);
            let entry = self
                .doc
                .components
                .as_ref()
                .and_then(|c| T::entries(c).get_key_value(name));
            let Some((key, entry)) = entry else {
                return Err(self.ref_error(at, format!("$ref {current:?} does not exist")));
            };
            let pointer = Pointer::root()
                .push("components")
                .push(T::SECTION)
                .push(key);
            match entry {
                ReferenceOr::Item(item) => {
                    return Ok(Resolved {
                        item,
                        pointer,
                        component: first_name,
                    });
                }
                ReferenceOr::Reference { reference } => current = reference,
            }
        }
    }

    /// `#/components/schemas/Name` -> `Name` (the key as stored in the document), or an error
    /// naming what is unsupported.
    fn component_name<'a, T: Kind>(&'a self, reference: &'a str, at: &Pointer) -> Result<&'a str> {
        let pointer = reference
            .strip_prefix('#')
            .and_then(|_| Pointer::from_fragment(reference));
        if reference.is_empty() || reference == "#" {
            return Err(self.ref_error(
                at,
                format!("$ref {reference:?} refers to the whole document; references must point to #/components/{}/<name>", T::SECTION),
            ));
        }
        let Some(pointer) = pointer else {
            return Err(self.ref_error(
                at,
                format!("external $ref {reference:?} is not supported; only local references (#/components/...) are"),
            ));
        };
        let segments: Vec<String> = pointer.segments().collect();
        match segments.as_slice() {
            [c, s, name] if c == "components" && s == T::SECTION => {
                let name = percent_decode(name);
                self.doc
                    .components
                    .as_ref()
                    .and_then(|c| T::entries(c).get_key_value(name.as_str()))
                    .map(|(k, _)| k.as_str())
                    .ok_or_else(|| self.ref_error(at, format!("$ref {reference:?} does not exist")))
            }
            _ => Err(self.ref_error(
                at,
                format!(
                    "$ref {reference:?} must point to #/components/{}/<name> here",
                    T::SECTION
                ),
            )),
        }
    }

    fn ref_error(&self, at: &Pointer, message: String) -> crate::error::Error {
        spec_error(&self.file, at.clone(), None, message)
    }
}

/// `$ref` fragments are URI fragments: `%7B` stands for `{`.
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
