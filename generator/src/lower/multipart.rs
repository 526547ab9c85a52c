//! `multipart/form-data` request bodies: the `encoding` object (each part's media types, `style:
//! deepObject` members, and the headers a part carries).

use openapiv3::{MediaType, ReferenceOr};

use super::Lowerer;
use super::names::{self, Namespace};
use crate::error::{Pointer, Result};
use crate::ir::{
    Additional, ContentKind, Docs, Extras, Field, PropertyCount, Shape, Struct, Ty, TypeDef,
    TypeKind,
};

/// A part the `encoding` object gives headers: its name, the headers, and where they are.
type PartWithHeaders<'a> = (
    &'a String,
    &'a indexmap::IndexMap<String, ReferenceOr<openapiv3::Header>>,
    Pointer,
);

impl Lowerer<'_> {
    /// The body of media type `mt` (at `mt_at`), whose schema lowered to the struct `shape`.
    pub(super) fn multipart(
        &mut self,
        mt: &MediaType,
        mt_at: &Pointer,
        shape: Shape,
        hint: &str,
    ) -> Result<ContentKind> {
        let mut encodings = Vec::new();
        let mut deep_objects = Vec::new();
        let mut with_headers = Vec::new();
        for (part, encoding) in &mt.encoding {
            let enc_at = mt_at.push("encoding").push(part);
            if let Some(ct) = &encoding.content_type {
                encodings.push((part.clone(), ct.clone()));
            }
            if !encoding.headers.is_empty() {
                with_headers.push((part, &encoding.headers, enc_at.push("headers")));
            }
            if matches!(encoding.style, Some(openapiv3::QueryStyle::DeepObject)) {
                deep_objects.push(part.clone());
            } else if encoding.style.is_some() {
                self.warn(
                    enc_at,
                    "in multipart/form-data only `style: deepObject` (`name[member]` fields) is generated; this `style` is ignored and an object part is JSON".into(),
                );
            }
        }
        let hint = hint
            .strip_suffix("Body")
            .filter(|h| !h.is_empty())
            .unwrap_or(hint);
        let part_headers = self.part_headers(&shape, &with_headers, mt_at, hint)?;
        Ok(ContentKind::Multipart {
            shape: Box::new(shape),
            encodings,
            deep_objects,
            part_headers: part_headers.map(Box::new),
        })
    }

    /// The struct holding the headers of the parts that the `encoding` object gives headers:
    /// a member per such part (named and typed as the body's member: a list for an array
    /// member, one per item), each a struct of that part's headers. `None` when no part has
    /// headers.
    fn part_headers(
        &mut self,
        body: &Shape,
        parts: &[PartWithHeaders<'_>],
        mt_at: &Pointer,
        hint: &str,
    ) -> Result<Option<Shape>> {
        let Ty::Named(body_type) = &body.ty else {
            return Ok(None);
        };
        let members: Vec<(String, bool, bool)> = match self
            .types
            .iter()
            .find(|t| t.name == *body_type)
            .map(|t| &t.kind)
        {
            Some(TypeKind::Struct(s)) => s
                .fields
                .iter()
                .map(|f| {
                    let array = matches!(f.shape.ty, Ty::Array(_));
                    (f.wire_name.clone(), f.required, array)
                })
                .collect(),
            _ => return Ok(None),
        };
        let mut fields = Vec::new();
        let mut field_ns = Namespace::new();
        for (part, headers, at) in parts {
            let Some((_, required, array)) = members.iter().find(|(name, ..)| name == *part) else {
                self.warn(
                    at.clone(),
                    format!("the body has no member {part:?}: these headers are ignored"),
                );
                continue;
            };
            let inner_hint = format!("{hint}{}Headers", names::type_name(part));
            let inner_name = self.types_ns.claim(&names::type_name(&inner_hint), "");
            let mut header_fields = Vec::new();
            let mut header_ns = Namespace::new();
            for (name, header) in headers.iter() {
                let h_at = at.push(name);
                if name.eq_ignore_ascii_case("content-type") {
                    self.warn(
                        h_at,
                        "a part's Content-Type header is ignored, as OpenAPI 3.0 says: `contentType` gives it".into(),
                    );
                    continue;
                }
                let resolved = self.spec.resolve(header, &h_at)?;
                let shape = self.header_shape(
                    resolved.item,
                    &resolved.pointer,
                    &format!("{inner_name}{}", names::type_name(name)),
                )?;
                header_fields.push(Field {
                    name: header_ns.claim(&names::snake_name(name), "_"),
                    wire_name: name.clone(),
                    docs: Docs {
                        title: None,
                        description: resolved.item.description.clone(),
                        source: Some(resolved.pointer.clone()),
                        file: None,
                    },
                    shape,
                    required: resolved.item.required,
                    default: None,
                    boxed: false,
                });
            }
            if header_fields.is_empty() {
                continue;
            }
            self.types.push(TypeDef {
                name: inner_name.clone(),
                docs: Docs {
                    title: None,
                    description: Some(format!("The headers of the part `{part}`.")),
                    source: Some(at.clone()),
                    file: None,
                },
                kind: TypeKind::Struct(Struct {
                    fields: header_fields,
                    additional: Additional::Ignored,
                    properties: PropertyCount::default(),
                }),
                extras: Extras::default(),
            });
            let one = Shape::of(Ty::Named(inner_name));
            fields.push(Field {
                name: field_ns.claim(&names::snake_name(part), "_"),
                wire_name: (*part).clone(),
                docs: Docs {
                    title: None,
                    description: Some(if *array {
                        format!("The headers of each `{part}` part, in order.")
                    } else {
                        format!("The headers of the `{part}` part.")
                    }),
                    source: None,
                    file: None,
                },
                shape: if *array {
                    Shape::of(Ty::Array(Box::new(one)))
                } else {
                    one
                },
                required: *required,
                default: None,
                boxed: false,
            });
        }
        if fields.is_empty() {
            return Ok(None);
        }
        let outer_name = self
            .types_ns
            .claim(&names::type_name(&format!("{hint}PartHeaders")), "");
        self.types.push(TypeDef {
            name: outer_name.clone(),
            docs: Docs {
                title: None,
                description: Some(
                    "The headers sent with the parts of the body (the `encoding` object's `headers`)."
                        .into(),
                ),
                source: Some(mt_at.push("encoding")),
                file: None,
            },
            kind: TypeKind::Struct(Struct {
                fields,
                additional: Additional::Forbidden,
                properties: PropertyCount::default(),
            }),
            extras: Extras::default(),
        });
        Ok(Some(Shape::of(Ty::Named(outer_name))))
    }
}
