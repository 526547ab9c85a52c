//! `Serialize` and `Deserialize` of generated structs, written out rather than derived.
//!
//! `models.rs` imports the runtime's `object` module, which the impls name as `object::`.
//!
//! serde's derive emits, per struct, a visitor for maps and one for sequences, field visitors
//! for names, bytes and indices, and a wrapper type per `deserialize_with` member: on GitHub's
//! spec that was two thirds of the crate's MIR and most of the memory `cargo check` needed.
//! The impls here write a map member by member and read one with a single loop, calling the
//! runtime's `object` module for everything that is the same for every struct; they read and
//! write the same JSON as the derive did, with the same errors (the runtime's tests compare
//! the two).

use proc_macro2::Ident;
use quote::{format_ident, quote};

use super::rust::str_lit;
use super::template::template;

/// How a member is read, and what a missing one is.
pub enum Read {
    /// Required: a missing member is an error.
    Required,
    /// Required `Option` field whose value may be `null`: missing is an error, `null` is `None`.
    RequiredNullable,
    /// `Option` field whose value is never `null`: missing is `None`, `null` an error.
    Optional,
    /// `Option` field whose value may be `null`: missing and `null` are `None`.
    Nullable,
    /// Missing is the spec's default, from this associated function of the type.
    Default(Ident),
}

/// One member of a struct: its field, its name in JSON, how it is read, and whether `None`
/// is left out when writing (rather than written as `null`).
pub struct Member {
    pub field: Ident,
    pub key: String,
    pub read: Read,
    pub skip_none: bool,
    /// The value is integers (in options, arrays, maps), read with `object::integers` so that
    /// `-0` is 0 (serde_json reads it as a float).
    pub integers: bool,
}

/// What becomes of members the struct does not declare.
#[derive(Clone, Copy)]
pub enum Rest<'a> {
    /// Skipped.
    Ignored,
    /// An error (`additionalProperties: false`).
    Forbidden,
    /// Kept in this map field (`additionalProperties` with a schema); its values are integers
    /// when the flag is set (see [`Member::integers`]).
    Kept(&'a Ident, bool),
}

/// `impl Serialize`, `impl Deserialize` and `impl object::Object`.
pub fn impls(name: &Ident, members: &[Member], rest: Rest<'_>) -> Vec<syn::Item> {
    vec![
        serialize(name, members, rest),
        template!(syn::Item, [name] {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::std::result::Result<Self, D::Error> {
                    object::deserialize(deserializer)
                }
            }
        }),
        from_map(name, members, rest),
    ]
}

fn serialize(name: &Ident, members: &[Member], rest: Rest<'_>) -> syn::Item {
    let mut entries: Vec<syn::Stmt> = members
        .iter()
        .map(|m| {
            let field = &m.field;
            let key = str_lit(&m.key);
            if m.skip_none {
                template!(syn::Stmt, [field, key] {
                    if let Some(value) = &self.#field {
                        map.serialize_entry(#key, value)?;
                    }
                })
            } else {
                template!(syn::Stmt, [field, key] {
                    map.serialize_entry(#key, &self.#field)?;
                })
            }
        })
        .collect();
    if let Rest::Kept(field, _) = rest {
        entries.push(template!(syn::Stmt, [field] {
            for (key, value) in &self.#field {
                map.serialize_entry(key, value)?;
            }
        }));
    }
    if entries.is_empty() {
        return template!(syn::Item, [name] {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::std::result::Result<S::Ok, S::Error> {
                    ::serde::ser::SerializeMap::end(serializer.serialize_map(Some(0))?)
                }
            }
        });
    }
    template!(syn::Item, [name, entries] {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                #entries
                map.end()
            }
        }
    })
}

fn from_map(name: &Ident, members: &[Member], rest: Rest<'_>) -> syn::Item {
    // The locals are the fields' names; the map and the key take names no field has.
    let taken: Vec<String> = members.iter().map(|m| m.field.to_string()).collect();
    let map = fresh("map", &taken);
    let key = fresh("key", &taken);
    let mut lets: Vec<syn::Stmt> = members
        .iter()
        .map(|m| {
            let field = &m.field;
            template!(syn::Stmt, [field] { let mut #field = None; })
        })
        .collect();
    if let Rest::Kept(field, _) = rest {
        lets.push(template!(syn::Stmt, [field] {
            let mut #field = ::std::collections::BTreeMap::new();
        }));
    }
    let arms: Vec<syn::Arm> = members
        .iter()
        .map(|m| {
            let (field, wire) = (&m.field, str_lit(&m.key));
            if m.integers {
                return template!(syn::Arm, [field, wire, map = &map] {
                    #wire => object::integers(&mut #map, &mut #field, #wire),
                });
            }
            template!(syn::Arm, [field, wire, map = &map] {
                #wire => object::value(&mut #map, &mut #field, #wire),
            })
        })
        .collect();
    let other = match rest {
        Rest::Ignored => template!(syn::Expr, [map = &map] {
            object::ignore(&mut #map)
        }),
        Rest::Forbidden => {
            let keys: Vec<syn::Expr> = members
                .iter()
                .map(|m| template!(syn::Expr, [key = str_lit(&m.key)] { #key }))
                .collect();
            template!(syn::Expr, [key = &key, keys] {
                Err(object::unknown(&#key, &[#keys]))
            })
        }
        Rest::Kept(field, false) => template!(syn::Expr, [map = &map, field, key = &key] {
            object::keep(&mut #map, &mut #field, #key)
        }),
        Rest::Kept(field, true) => template!(syn::Expr, [map = &map, field, key = &key] {
            object::keep_integers(&mut #map, &mut #field, #key)
        }),
    };
    let read_loop = if !arms.is_empty() {
        template!(syn::Stmt, [map = &map, key = &key, arms, other] {
            while let Some(#key) = #map.next_key::<object::Key<'de>>()? {
                match #key.as_str() {
                    #arms
                    _ => #other,
                }?;
            }
        })
    } else if matches!(rest, Rest::Ignored) {
        template!(syn::Stmt, [map = &map, other] {
            while #map.next_key::<object::Key<'de>>()?.is_some() {
                #other?;
            }
        })
    } else if let Rest::Kept(..) = rest {
        template!(syn::Stmt, [map = &map, key = &key, other] {
            while let Some(#key) = #map.next_key::<object::Key<'de>>()? {
                #other?;
            }
        })
    } else {
        // No member is allowed: the first one is the error.
        template!(syn::Stmt, [map = &map, key = &key, other] {
            if let Some(#key) = #map.next_key::<object::Key<'de>>()? {
                return #other;
            }
        })
    };
    let mut inits: Vec<syn::FieldValue> = members
        .iter()
        .map(|m| {
            let field = &m.field;
            match &m.read {
                Read::Required | Read::RequiredNullable | Read::Optional => shorthand(field),
                Read::Nullable => template!(syn::FieldValue, [field] {
                    #field: #field.flatten()
                }),
                Read::Default(function) => template!(syn::FieldValue, [field, function] {
                    #field: #field.unwrap_or_else(Self::#function)
                }),
            }
        })
        .collect();
    if let Rest::Kept(field, _) = rest {
        inits.push(shorthand(field));
    }
    let finish = finish(
        members,
        template!(syn::Expr, [inits] { Ok(Self { #inits }) }),
    );
    template!(syn::Item, [name, map = &map, lets, read_loop, finish] {
        impl object::Object for #name {
            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(
                mut #map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                #lets
                #read_loop
                #finish
            }
        }
    })
}

/// The statements that end `from_map`: `result` once every required member is there, else
/// the error for the first one missing (in the spec's order, as serde's derive reports it).
///
/// Several required members are matched as one tuple rather than one `let ... else` each:
/// every early return drops the locals still alive, so a chain of them costs the compiler
/// members × required drops, which made GitHub's largest structs' MIR quadratic.
fn finish(members: &[Member], result: syn::Expr) -> Vec<syn::Stmt> {
    let required: Vec<(&Ident, proc_macro2::Literal)> = members
        .iter()
        .filter(|m| matches!(m.read, Read::Required | Read::RequiredNullable))
        .map(|m| (&m.field, str_lit(&m.key)))
        .collect();
    match required.as_slice() {
        [] => vec![syn::Stmt::Expr(result, None)],
        [(field, wire)] => vec![
            template!(syn::Stmt, [field = *field, wire] {
                let Some(#field) = #field else {
                    return Err(object::missing(#wire));
                };
            }),
            syn::Stmt::Expr(result, None),
        ],
        [first @ .., (_, last_wire)] => {
            let fields = required.iter().map(|(field, _)| *field);
            let present = fields.clone().map(|field| quote!(Some(#field)));
            // The last one is missing if none before it is.
            let absent = first
                .iter()
                .map(|(field, _)| quote!(#field))
                .chain([quote!(_)]);
            let first_missing = first.iter().rev().fold(
                quote!(#last_wire),
                |otherwise, (field, wire)| quote!(if #field.is_none() { #wire } else { #otherwise }),
            );
            vec![syn::Stmt::Expr(
                syn::parse_quote! {
                    match (#(#fields),*) {
                        (#(#present),*) => #result,
                        (#(#absent),*) => Err(object::missing(#first_missing)),
                    }
                },
                None,
            )]
        }
    }
}

/// `field` alone in a struct expression (`Self { id }`).
fn shorthand(field: &Ident) -> syn::FieldValue {
    syn::FieldValue {
        attrs: Vec::new(),
        member: syn::Member::Named(field.clone()),
        colon_token: None,
        expr: template!(syn::Expr, [field] { #field }),
    }
}

/// `base`, or `base` with underscores appended, whichever no field is named.
fn fresh(base: &str, taken: &[String]) -> Ident {
    let mut name = base.to_owned();
    while taken.contains(&name) {
        name.push('_');
    }
    format_ident!("{name}")
}
