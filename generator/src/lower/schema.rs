//! Schemas to shapes and named types.

use std::collections::HashMap;

use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind,
    StringFormat as OaStringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::Lowerer;
use super::names;
use crate::error::{Pointer, Result};
use crate::ir::{
    Additional, Bound, Checks, Default, Discriminator, Docs, Enum, Extras, Field, IntFormat,
    Number, NumberFormat, Pattern, PropertyCount, Shape, StringFormat, Struct, Ty, TypeDef,
    TypeKind, Union, UnionVariant, Variant,
};

/// The lowering state of one component schema.
#[derive(Debug, Clone)]
pub(super) enum ComponentState {
    /// Being lowered; holds the type name reserved for it, if it becomes a named type.
    InProgress(Option<String>),
    Done(Box<Shape>),
}

/// What a schema will become at the top level, decided before lowering so names can be reserved.
pub(super) fn is_named_kind(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            !o.properties.is_empty()
                || matches!(
                    o.additional_properties,
                    None | Some(AdditionalProperties::Any(false))
                )
        }
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
        SchemaKind::Any(a) => {
            !a.properties.is_empty()
                || a.all_of.len() > 1
                || (a.all_of.is_empty()
                    && a.not.is_none()
                    && (a.one_of.len() > 1) != (a.any_of.len() > 1)
                    && (a.one_of.is_empty() || a.any_of.is_empty()))
        }
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
            members.len() > 1
        }
        SchemaKind::Not { .. } | SchemaKind::Type(_) => false,
    }
}

pub(super) type ComponentMap = HashMap<String, ComponentState>;

/// The `properties` of an object schema.
type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// Later definitions of properties that several `allOf` members define, by property name (each
/// with where it is): the property must satisfy them all.
type MoreDefinitions = HashMap<String, Vec<(ReferenceOr<Box<Schema>>, Pointer)>>;

/// What makes an object schema a struct.
#[derive(Clone, Copy)]
struct ObjectParts<'s> {
    properties: &'s Properties,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
    /// From merging `allOf` members.
    more: Option<&'s MoreDefinitions>,
    count: PropertyCount,
}

/// `minProperties` / `maxProperties` as the spec gives them (`minProperties: 0` is none).
fn property_count(min: Option<usize>, max: Option<usize>) -> PropertyCount {
    PropertyCount {
        min: min.filter(|v| *v > 0).map(|v| v as u64),
        max: max.map(|v| v as u64),
    }
}

impl Lowerer<'_> {
    /// Shape of a schema reached through `r` at `at`. `hint` names any type that has to be made.
    pub(super) fn shape_of_ref(
        &mut self,
        r: &ReferenceOr<Schema>,
        at: &Pointer,
        hint: &str,
    ) -> Result<Shape> {
        match r {
            ReferenceOr::Item(schema) => self.shape_of(schema, at, hint),
            ReferenceOr::Reference { .. } => {
                let resolved = self.spec.schema(r, at)?;
                let name = resolved
                    .component
                    .expect("a reference resolves through a component");
                self.component_shape(name)
            }
        }
    }

    pub(super) fn shape_of_boxed(
        &mut self,
        r: &ReferenceOr<Box<Schema>>,
        at: &Pointer,
        hint: &str,
    ) -> Result<Shape> {
        match r {
            ReferenceOr::Item(schema) => self.shape_of(schema, at, hint),
            ReferenceOr::Reference { .. } => {
                let resolved = self.spec.boxed_schema(r, at)?;
                let name = resolved
                    .component
                    .expect("a reference resolves through a component");
                self.component_shape(name)
            }
        }
    }

    /// The shape of `#/components/schemas/<key>`, lowering it on first use.
    pub(super) fn component_shape(&mut self, key: &str) -> Result<Shape> {
        match self.components.get(key) {
            Some(ComponentState::Done(shape)) => return Ok((**shape).clone()),
            Some(ComponentState::InProgress(Some(name))) => {
                return Ok(plain(Ty::Named(name.clone())));
            }
            Some(ComponentState::InProgress(None)) => {
                return Err(self.error(
                    Pointer::root().push("components").push("schemas").push(key),
                    "this schema contains itself without an object in between (it can never be satisfied or has infinite size)".into(),
                ));
            }
            None => {}
        }
        let spec = self.spec;
        let components = spec.doc.components.as_ref().expect("a component exists");
        let (key, entry) = components
            .schemas
            .get_key_value(key)
            .expect("a component exists");
        let at = Pointer::root().push("components").push("schemas").push(key);
        let resolved = spec.schema(entry, &at)?;
        let schema = resolved.item;
        let name = self
            .reserved_names
            .get(key)
            .cloned()
            .unwrap_or_else(|| names::type_name(key));
        let (shape, alias_of) = match resolved.component {
            // `X: {$ref: Y}`: X is another name for Y.
            Some(target) => {
                self.components
                    .insert(key.clone(), ComponentState::InProgress(None));
                (self.component_shape(target)?, Some(target))
            }
            None => {
                let named = is_named_kind(schema);
                let state = ComponentState::InProgress(named.then(|| name.clone()));
                self.components.insert(key.clone(), state);
                let own_name = named.then_some(name.as_str());
                (
                    self.shape_of_named(schema, &resolved.pointer, &name, own_name)?,
                    None,
                )
            }
        };
        // Every component gets a type: its struct or enum, else a `pub type` (also when a
        // schema expected to be a struct could only be lowered to another shape).
        let has_own_type = self.types.iter().any(|t| t.name == name);
        if alias_of.is_some() || !is_named_kind(schema) || !has_own_type {
            // A `pub type` for the name; constraints are copied to every use of the shape.
            let mut docs = docs_of(schema, Some(at.clone()));
            if let Some(target) = alias_of {
                docs.description
                    .get_or_insert_with(|| format!("Another name for `{target}`."));
            }
            self.types.push(TypeDef {
                name,
                docs,
                kind: TypeKind::Alias(Box::new(shape.clone())),
                extras: Extras::default(),
            });
        }
        self.components
            .insert(key.clone(), ComponentState::Done(Box::new(shape.clone())));
        Ok(shape)
    }

    pub(super) fn shape_of(&mut self, schema: &Schema, at: &Pointer, hint: &str) -> Result<Shape> {
        self.shape_of_named(schema, at, hint, None)
    }

    /// Lower `schema`. When `name` is given, a named type made for it gets exactly that (already
    /// reserved) name; otherwise named types claim a name derived from `hint`.
    fn shape_of_named(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        hint: &str,
        name: Option<&str>,
    ) -> Result<Shape> {
        let nullable = schema.schema_data.nullable;
        let mut shape = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if !s.enumeration.is_empty() {
                    let nullable_enum = s.enumeration.iter().any(Option::is_none);
                    let values: Vec<&str> =
                        s.enumeration.iter().flatten().map(String::as_str).collect();
                    let type_name = self.enum_type(schema, &values, at, hint, name)?;
                    let mut shape = plain(Ty::Named(type_name));
                    shape.nullable = nullable_enum;
                    shape
                } else {
                    let mut checks = Checks {
                        min_length: s.min_length.map(|v| v as u64),
                        max_length: s.max_length.map(|v| v as u64),
                        ..Checks::default()
                    };
                    if let Some(p) = &s.pattern {
                        checks.patterns.push(self.pattern(p, &at.push("pattern"))?);
                    }
                    if matches!(&s.format, VariantOrUnknownOrEmpty::Unknown(f) if f == "uri") {
                        checks.format = Some(crate::ir::TextFormat::Uri);
                    }
                    let mut format = match &s.format {
                        VariantOrUnknownOrEmpty::Item(OaStringFormat::DateTime) => {
                            StringFormat::DateTime
                        }
                        VariantOrUnknownOrEmpty::Item(OaStringFormat::Date) => StringFormat::Date,
                        VariantOrUnknownOrEmpty::Item(OaStringFormat::Byte) => StringFormat::Byte,
                        // A file; with text constraints, a string they are checked on.
                        VariantOrUnknownOrEmpty::Item(OaStringFormat::Binary)
                            if checks.is_empty() =>
                        {
                            StringFormat::Binary
                        }
                        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => StringFormat::Uuid,
                        _ => StringFormat::Plain,
                    };
                    // A typed value keeps no text to check: with text constraints the value
                    // stays a string, and its format becomes one more check on the text.
                    if !checks.is_empty() && format != StringFormat::Plain {
                        checks.format = Some(crate::ir::TextFormat::Typed(format));
                        format = StringFormat::Plain;
                    }
                    Shape {
                        ty: Ty::String(format),
                        checks,
                        nullable: false,
                        example: None,
                    }
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                let format = match &i.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
                        IntFormat::I32
                    }
                    _ => IntFormat::I64,
                };
                let checks = Checks {
                    minimum: i.minimum.map(|v| Bound {
                        value: Number::Int(v),
                        exclusive: i.exclusive_minimum,
                    }),
                    maximum: i.maximum.map(|v| Bound {
                        value: Number::Int(v),
                        exclusive: i.exclusive_maximum,
                    }),
                    multiple_of: i.multiple_of.map(Number::Int),
                    allowed: i
                        .enumeration
                        .iter()
                        .flatten()
                        .map(|v| Number::Int(*v))
                        .collect(),
                    ..Checks::default()
                };
                if i.multiple_of.is_some_and(|m| m <= 0) {
                    return Err(self.error(
                        at.push("multipleOf"),
                        "multipleOf must be greater than 0".into(),
                    ));
                }
                Shape {
                    ty: Ty::Integer(format),
                    checks,
                    nullable: false,
                    example: None,
                }
            }
            SchemaKind::Type(Type::Number(n)) => {
                let format = match &n.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => {
                        NumberFormat::F32
                    }
                    _ => NumberFormat::F64,
                };
                if n.multiple_of.is_some_and(|m| m <= 0.0) {
                    return Err(self.error(
                        at.push("multipleOf"),
                        "multipleOf must be greater than 0".into(),
                    ));
                }
                let checks = Checks {
                    minimum: n.minimum.map(|v| Bound {
                        value: Number::Float(v),
                        exclusive: n.exclusive_minimum,
                    }),
                    maximum: n.maximum.map(|v| Bound {
                        value: Number::Float(v),
                        exclusive: n.exclusive_maximum,
                    }),
                    multiple_of: n.multiple_of.map(Number::Float),
                    allowed: n
                        .enumeration
                        .iter()
                        .flatten()
                        .map(|v| Number::Float(*v))
                        .collect(),
                    ..Checks::default()
                };
                Shape {
                    ty: Ty::Number(format),
                    checks,
                    nullable: false,
                    example: None,
                }
            }
            SchemaKind::Type(Type::Boolean(b)) => {
                // `enum: [true]`: only the values listed (both listed is no constraint).
                let mut allowed: Vec<bool> = Vec::new();
                for v in b.enumeration.iter().flatten() {
                    if !allowed.contains(v) {
                        allowed.push(*v);
                    }
                }
                if allowed.len() == 2 {
                    allowed.clear();
                }
                Shape {
                    ty: Ty::Boolean,
                    checks: Checks {
                        allowed_booleans: allowed,
                        ..Checks::default()
                    },
                    nullable: false,
                    example: None,
                }
            }
            SchemaKind::Type(Type::Array(a)) => {
                let items = match &a.items {
                    Some(items) => {
                        self.shape_of_boxed(items, &at.push("items"), &format!("{hint}Item"))?
                    }
                    None => plain(Ty::Any),
                };
                let checks = Checks {
                    min_items: a.min_items.map(|v| v as u64),
                    max_items: a.max_items.map(|v| v as u64),
                    unique_items: a.unique_items,
                    ..Checks::default()
                };
                Shape {
                    ty: Ty::Array(Box::new(items)),
                    checks,
                    nullable: false,
                    example: None,
                }
            }
            SchemaKind::Type(Type::Object(o)) => {
                let count = property_count(o.min_properties, o.max_properties);
                if o.properties.is_empty()
                    && matches!(
                        o.additional_properties,
                        Some(AdditionalProperties::Schema(_) | AdditionalProperties::Any(true))
                    )
                {
                    let values = self.additional(&o.additional_properties, at, hint)?;
                    Shape {
                        ty: Ty::Map(Box::new(values)),
                        checks: Checks {
                            properties: count,
                            ..Checks::default()
                        },
                        nullable: false,
                        example: None,
                    }
                } else {
                    let object = ObjectParts {
                        properties: &o.properties,
                        required: &o.required,
                        additional: o.additional_properties.as_ref(),
                        more: None,
                        count,
                    };
                    let type_name = self.struct_type(schema, object, at, hint, name)?;
                    plain(Ty::Named(type_name))
                }
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                let mut shape = self.shape_of_ref(&all_of[0], &at.push("allOf").push(0), hint)?;
                shape.nullable |= nullable;
                return Ok(shape);
            }
            SchemaKind::Any(any) => self.any_schema(schema, any, at, hint, name)?,
            SchemaKind::AllOf { all_of } => {
                match self.merge_all_of(schema, all_of, None, at, hint, name)? {
                    Some(shape) => shape,
                    None => self.all_of_or_unsupported(all_of, at, hint)?,
                }
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let exclusive = matches!(schema.schema_kind, SchemaKind::OneOf { .. });
                if let [only] = members.as_slice() {
                    let keyword = if exclusive { "oneOf" } else { "anyOf" };
                    let mut shape = self.shape_of_ref(only, &at.push(keyword).push(0), hint)?;
                    shape.nullable |= nullable;
                    return Ok(shape);
                }
                self.union(schema, members, exclusive, at, hint, name)?
            }
            SchemaKind::Not { .. } => self.unsupported(at, "not")?,
        };
        shape.nullable |= nullable;
        if let Some(example) = &schema.schema_data.example {
            shape.example = Some(example.clone());
        }
        if let Some(default) = &schema.schema_data.default {
            // Every default must fit its schema, wherever it is (fields use it; elsewhere it
            // documents).
            self.default_value(default, &shape, &at.push("default"))?;
        }
        self.check_satisfiable(&shape.checks, at)?;
        Ok(shape)
    }

    /// Constraints that no value can meet are a mistake in the spec.
    pub(super) fn check_satisfiable(&self, c: &Checks, at: &Pointer) -> Result<()> {
        let never = |what: String| {
            Err(self.error(
                at.clone(),
                format!("{what}: no value can satisfy this schema"),
            ))
        };
        if let (Some(min), Some(max)) = (c.min_length, c.max_length)
            && min > max
        {
            return never(format!("minLength {min} is greater than maxLength {max}"));
        }
        if let (Some(min), Some(max)) = (c.min_items, c.max_items)
            && min > max
        {
            return never(format!("minItems {min} is greater than maxItems {max}"));
        }
        if let (Some(min), Some(max)) = (c.properties.min, c.properties.max)
            && min > max
        {
            return never(format!(
                "minProperties {min} is greater than maxProperties {max}"
            ));
        }
        if let (Some(min), Some(max)) = (c.minimum, c.maximum) {
            let as_f64 = |n: Number| match n {
                Number::Int(i) => i as f64,
                Number::Float(f) => f,
            };
            let (lo, hi) = (as_f64(min.value), as_f64(max.value));
            if lo > hi || (lo == hi && (min.exclusive || max.exclusive)) {
                return never(format!(
                    "minimum {} is not below maximum {}",
                    min.value, max.value
                ));
            }
        }
        Ok(())
    }

    /// `allOf` whose members are not all objects: their intersection, when one shape can say
    /// it; else the value is untyped, with a warning that says why.
    fn all_of_or_unsupported(
        &mut self,
        members: &[ReferenceOr<Schema>],
        at: &Pointer,
        hint: &str,
    ) -> Result<Shape> {
        match self.all_of_shapes(members, at, hint)? {
            Ok(shape) => {
                self.check_satisfiable(&shape.checks, at)?;
                Ok(shape)
            }
            Err(why) => self.unsupported(at, &format!("allOf of {why}")),
        }
    }

    fn unsupported(&mut self, at: &Pointer, what: &str) -> Result<Shape> {
        self.warn(
            at.clone(),
            format!("`{what}` is not supported yet: the value is typed as any JSON value and not validated"),
        );
        Ok(plain(Ty::Any))
    }

    /// A schema without `type` (or with fields of several types).
    fn any_schema(
        &mut self,
        schema: &Schema,
        any: &AnySchema,
        at: &Pointer,
        hint: &str,
        name: Option<&str>,
    ) -> Result<Shape> {
        if any.all_of.len() == 1
            && any.one_of.is_empty()
            && any.any_of.is_empty()
            && any.properties.is_empty()
        {
            return self.shape_of_ref(&any.all_of[0], &at.push("allOf").push(0), hint);
        }
        if !any.one_of.is_empty() && !any.any_of.is_empty() {
            return self.unsupported(at, "oneOf together with anyOf");
        }
        let union = match (any.one_of.as_slice(), any.any_of.as_slice()) {
            ([], []) => None,
            (members, []) => Some((members, true, "oneOf")),
            (_, members) => Some((members, false, "anyOf")),
        };
        let object_parts = !any.properties.is_empty() || !any.all_of.is_empty();
        if let Some((members, exclusive, keyword)) = union {
            if !object_parts && any.not.is_none() {
                if let [only] = members {
                    return self.shape_of_ref(only, &at.push(keyword).push(0), hint);
                }
                return self.union(schema, members, exclusive, at, hint, name);
            }
            self.warn(
                at.push(keyword),
                format!("`{keyword}` next to `properties`, `allOf` or `not` is not enforced yet: only the rest of the schema is"),
            );
        }
        if any.not.is_some() {
            if !object_parts {
                return self.unsupported(at, "not");
            }
            self.warn(at.push("not"), "`not` is not enforced yet".into());
        }
        let object = ObjectParts {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
            more: None,
            count: property_count(any.min_properties, any.max_properties),
        };
        if !any.all_of.is_empty() {
            return match self.merge_all_of(schema, &any.all_of, Some(object), at, hint, name)? {
                Some(shape) => Ok(shape),
                // The schema's own keywords would be one more member.
                None if *any
                    == openapiv3::AnySchema {
                        all_of: any.all_of.clone(),
                        ..std::default::Default::default()
                    } =>
                {
                    self.all_of_or_unsupported(&any.all_of, at, hint)
                }
                None => self.unsupported(at, "allOf of non-object schemas next to other keywords"),
            };
        }
        if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
            let type_name = self.struct_type(schema, object, at, hint, name)?;
            return Ok(plain(Ty::Named(type_name)));
        }
        if let Some(shape) = self.single_type(schema, any, at, hint, name)? {
            return Ok(shape);
        }
        let has_constraints = any.pattern.is_some()
            || any.format.is_some()
            || !any.required.is_empty()
            || any.min_length.is_some()
            || any.max_length.is_some()
            || any.minimum.is_some()
            || any.maximum.is_some()
            || any.min_items.is_some()
            || any.max_items.is_some()
            || any.min_properties.is_some()
            || any.max_properties.is_some()
            || !any.enumeration.is_empty();
        if has_constraints {
            self.warn(
                at.clone(),
                "constraints on a schema without a single `type` are not enforced yet".into(),
            );
        }
        Ok(plain(Ty::Any))
    }

    /// A schema of one type (or, without `type`, an `enum` of strings) that the OpenAPI model
    /// could not read as that type because it also has keywords of other types (`maxLength` on
    /// a number, `minItems` on a string): JSON Schema applies each keyword only to the values it
    /// concerns, so the schema is that type with its own keywords, and each other keyword is
    /// reported as having no effect. `None` when the schema is not of this kind.
    fn single_type(
        &mut self,
        schema: &Schema,
        any: &AnySchema,
        at: &Pointer,
        hint: &str,
        name: Option<&str>,
    ) -> Result<Option<Shape>> {
        const BY_TYPE: [(&str, &[&str]); 5] = [
            (
                "string",
                &["minLength", "maxLength", "pattern", "format", "enum"],
            ),
            (
                "number",
                &[
                    "minimum",
                    "maximum",
                    "exclusiveMinimum",
                    "exclusiveMaximum",
                    "multipleOf",
                    "format",
                    "enum",
                ],
            ),
            (
                "integer",
                &[
                    "minimum",
                    "maximum",
                    "exclusiveMinimum",
                    "exclusiveMaximum",
                    "multipleOf",
                    "format",
                    "enum",
                ],
            ),
            ("boolean", &["enum"]),
            ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
        ];
        const CONSTRAINTS: [&str; 17] = [
            "minLength",
            "maxLength",
            "pattern",
            "format",
            "enum",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "required",
            "minProperties",
            "maxProperties",
        ];
        let ty = match any.typ.as_deref() {
            Some(ty) => ty,
            None if !any.enumeration.is_empty()
                && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) =>
            {
                "string"
            }
            None => return Ok(None),
        };
        let Some((_, applies)) = BY_TYPE.iter().find(|(t, _)| *t == ty) else {
            return Ok(None);
        };
        let Ok(Value::Object(mut members)) = serde_json::to_value(schema) else {
            return Ok(None);
        };
        for key in CONSTRAINTS {
            if members.contains_key(key) && !applies.contains(&key) {
                members.remove(key);
                self.warn(
                    at.push(key),
                    format!("`{key}` does not apply to a value of type {ty}: JSON Schema ignores it here, and so does the generated code"),
                );
            }
        }
        members.insert("type".into(), Value::String(ty.into()));
        let Ok(retyped) = serde_json::from_value::<Schema>(Value::Object(members)) else {
            return Ok(None);
        };
        if !matches!(retyped.schema_kind, SchemaKind::Type(_)) {
            return Ok(None);
        }
        self.shape_of_named(&retyped, at, hint, name).map(Some)
    }

    /// `allOf` whose members are all objects: one struct with every member's properties (and
    /// the schema's own), `required` the union. A property several members define must satisfy
    /// every definition (see `intersect_definitions`). `None` when a member is not an object.
    fn merge_all_of(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        own: Option<ObjectParts<'_>>,
        at: &Pointer,
        hint: &str,
        name: Option<&str>,
    ) -> Result<Option<Shape>> {
        let mut properties = Properties::new();
        let mut required: Vec<String> = Vec::new();
        let mut more = MoreDefinitions::new();
        // Every member's `minProperties` / `maxProperties` applies to the whole object.
        let mut count = PropertyCount::default();
        let mut add_count = |c: PropertyCount| {
            count.min = count.min.max(c.min);
            count.max = match (count.max, c.max) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        };
        let mut add = |_: &mut Self, props: &Properties, req: &[String], from: &Pointer| {
            for (key, prop) in props {
                match properties.get(key) {
                    // Every definition applies: the field's shape is their intersection.
                    Some(existing) if existing != prop => more
                        .entry(key.clone())
                        .or_default()
                        .push((prop.clone(), from.push("properties").push(key))),
                    Some(_) => {}
                    None => {
                        properties.insert(key.clone(), prop.clone());
                    }
                }
            }
            for r in req {
                if !required.contains(r) {
                    required.push(r.clone());
                }
            }
        };
        // Members, depth first (a member may itself be an allOf), at most 64 deep in all.
        let mut stack: Vec<(&ReferenceOr<Schema>, Pointer)> = members
            .iter()
            .enumerate()
            .rev()
            .map(|(i, m)| (m, at.push("allOf").push(i)))
            .collect();
        let mut seen = 0;
        while let Some((member, member_at)) = stack.pop() {
            seen += 1;
            if seen > 256 {
                return Err(self.error(
                    at.clone(),
                    "allOf nests too deeply (or refers to itself)".into(),
                ));
            }
            let resolved = self.spec.schema(member, &member_at)?;
            let target = &resolved.pointer;
            match &resolved.item.schema_kind {
                SchemaKind::Type(Type::Object(o)) => {
                    add(self, &o.properties, &o.required, target);
                    add_count(property_count(o.min_properties, o.max_properties));
                }
                SchemaKind::AllOf { all_of } => {
                    for (i, m) in all_of.iter().enumerate().rev() {
                        stack.push((m, target.push("allOf").push(i)));
                    }
                }
                SchemaKind::Any(a)
                    if a.one_of.is_empty() && a.any_of.is_empty() && a.not.is_none() =>
                {
                    add(self, &a.properties, &a.required, target);
                    add_count(property_count(a.min_properties, a.max_properties));
                    for (i, m) in a.all_of.iter().enumerate().rev() {
                        stack.push((m, target.push("allOf").push(i)));
                    }
                }
                _ => return Ok(None),
            }
        }
        // The merged object allows what the schema itself allows (members' own
        // `additionalProperties: false` would forbid each other's properties).
        let additional = own.as_ref().and_then(|o| o.additional);
        if let Some(o) = &own {
            add(self, o.properties, o.required, at);
            add_count(o.count);
        }
        let merged = ObjectParts {
            properties: &properties,
            required: &required,
            additional,
            more: Some(&more),
            count,
        };
        let type_name = self.struct_type(schema, merged, at, hint, name)?;
        Ok(Some(plain(Ty::Named(type_name))))
    }

    /// `oneOf` / `anyOf` of two or more alternatives: an enum with a variant per alternative.
    /// Alternatives that are `$ref`s are named after their component; inline ones after their
    /// `title`, else their kind (`String`, `Object`...). A nullable alternative makes the whole
    /// value nullable.
    fn union(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        exclusive: bool,
        at: &Pointer,
        hint: &str,
        name: Option<&str>,
    ) -> Result<Shape> {
        let keyword = if exclusive { "oneOf" } else { "anyOf" };
        let type_name = match name {
            Some(n) => n.to_owned(),
            None => self.types_ns.claim(&names::type_name(hint), ""),
        };
        let mut variant_ns = names::Namespace::new();
        let mut variants = Vec::with_capacity(members.len());
        let mut components = Vec::with_capacity(members.len());
        let mut nullable = false;
        for (i, member) in members.iter().enumerate() {
            let member_at = at.push(keyword).push(i);
            let (mut shape, preferred, component) = match member {
                ReferenceOr::Reference { .. } => {
                    let resolved = self.spec.schema(member, &member_at)?;
                    let key = resolved
                        .component
                        .expect("a reference resolves through a component");
                    let preferred = self
                        .reserved_names
                        .get(key)
                        .cloned()
                        .unwrap_or_else(|| names::type_name(key));
                    (self.component_shape(key)?, preferred, Some(key.to_owned()))
                }
                ReferenceOr::Item(item) => {
                    let preferred = match &item.schema_data.title {
                        Some(title) if !names::type_name(title).is_empty() => {
                            names::type_name(title)
                        }
                        _ => kind_name(item).to_owned(),
                    };
                    let shape =
                        self.shape_of(item, &member_at, &format!("{type_name}{preferred}"))?;
                    (shape, preferred, None)
                }
            };
            nullable |= shape.nullable;
            shape.nullable = false;
            variants.push(UnionVariant {
                name: variant_ns.claim(&preferred, ""),
                shape,
                boxed: false,
            });
            components.push(component);
        }
        let discriminator = match &schema.schema_data.discriminator {
            None => None,
            Some(d) => {
                let mut mapping: Vec<(String, usize)> = Vec::new();
                for (value, target) in &d.mapping {
                    let key = target
                        .strip_prefix("#/components/schemas/")
                        .unwrap_or(target);
                    match components.iter().position(|c| c.as_deref() == Some(key)) {
                        Some(i) => mapping.push((value.clone(), i)),
                        None => self.warn(
                            at.push("discriminator").push("mapping").push(value),
                            format!("{target:?} is not one of the {keyword} alternatives; this mapping is ignored"),
                        ),
                    }
                }
                // Alternatives without an explicit value are selected by their component name.
                for (i, component) in components.iter().enumerate() {
                    if let Some(key) = component
                        && !mapping.iter().any(|(v, j)| *j == i || v == key)
                    {
                        mapping.push((key.clone(), i));
                    }
                }
                Some(Discriminator {
                    property: d.property_name.clone(),
                    mapping,
                })
            }
        };
        self.types.push(TypeDef {
            name: type_name.clone(),
            docs: docs_of(schema, Some(at.clone())),
            kind: TypeKind::Union(Union {
                exclusive,
                variants,
                discriminator,
            }),
            extras: Extras::default(),
        });
        let mut shape = plain(Ty::Named(type_name));
        shape.nullable = nullable;
        Ok(shape)
    }

    /// Once every type exists: a discriminator is used only when each alternative is a struct
    /// that declares the property and has a value selecting it; otherwise the alternatives are
    /// tried in order, with a warning.
    pub(super) fn check_discriminators(&mut self) {
        let mut dropped = Vec::new();
        for (index, t) in self.types.iter().enumerate() {
            let TypeKind::Union(u) = &t.kind else {
                continue;
            };
            let Some(d) = &u.discriminator else {
                continue;
            };
            let problem = u.variants.iter().enumerate().find_map(|(i, v)| {
                let declares = match &v.shape.ty {
                    Ty::Named(n) => self.types.iter().any(|t| {
                        t.name == *n
                            && matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.wire_name == d.property))
                    }),
                    _ => false,
                };
                if !declares {
                    Some(format!("alternative `{}` is not an object declaring the property {:?}", v.name, d.property))
                } else if !d.mapping.iter().any(|(_, j)| *j == i) {
                    Some(format!("no discriminator value selects alternative `{}`", v.name))
                } else {
                    None
                }
            });
            if let Some(problem) = problem {
                dropped.push((index, t.docs.source.clone(), problem));
            }
        }
        for (index, source, problem) in dropped {
            if let TypeKind::Union(u) = &mut self.types[index].kind {
                u.discriminator = None;
            }
            let at = source.unwrap_or_else(Pointer::root).push("discriminator");
            self.warn(
                at,
                format!(
                    "the discriminator is not used ({problem}): the alternatives are tried in order"
                ),
            );
        }
    }

    /// Whether `shape` is a struct (a form body must be one).
    pub(super) fn is_struct(&self, shape: &Shape) -> bool {
        !shape.nullable
            && matches!(&shape.ty, Ty::Named(n) if self.types.iter().any(|t| t.name == *n && matches!(t.kind, TypeKind::Struct(_))))
    }

    /// A schema on a text or binary body: only a plain string (or binary) schema is fully
    /// expressed by the body's type; constraints beyond that are a warning.
    pub(super) fn note_unenforced_schema(
        &mut self,
        schema: &ReferenceOr<Schema>,
        at: &Pointer,
    ) -> Result<()> {
        let resolved = self.spec.schema(schema, at)?;
        let plain = match &resolved.item.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                s.pattern.is_none()
                    && s.min_length.is_none()
                    && s.max_length.is_none()
                    && s.enumeration.is_empty()
            }
            SchemaKind::Any(a) => *a == AnySchema::default(),
            _ => false,
        };
        if !plain {
            self.warn(
                at.clone(),
                "the schema of a non-JSON body is not enforced: the body is passed as text or bytes".into(),
            );
        }
        Ok(())
    }

    fn additional(
        &mut self,
        ap: &Option<AdditionalProperties>,
        at: &Pointer,
        hint: &str,
    ) -> Result<Shape> {
        match ap {
            Some(AdditionalProperties::Schema(s)) => {
                self.shape_of_ref(s, &at.push("additionalProperties"), &format!("{hint}Value"))
            }
            _ => Ok(plain(Ty::Any)),
        }
    }

    fn struct_type(
        &mut self,
        schema: &Schema,
        object: ObjectParts<'_>,
        at: &Pointer,
        hint: &str,
        name: Option<&str>,
    ) -> Result<String> {
        let ObjectParts {
            properties,
            required,
            additional,
            more,
            count,
        } = object;
        if let (Some(min), Some(max)) = (count.min, count.max)
            && min > max
        {
            return Err(self.error(
                at.clone(),
                format!("minProperties {min} is greater than maxProperties {max}: no value can satisfy this schema"),
            ));
        }
        let type_name = match name {
            Some(n) => n.to_owned(),
            None => self.types_ns.claim(&names::type_name(hint), ""),
        };
        // Members `required` lists without declaring them (each once).
        let mut undeclared: Vec<&String> = Vec::new();
        for r in required {
            if !properties.contains_key(r) && !undeclared.contains(&r) {
                undeclared.push(r);
            }
        }
        if let Some(r) = undeclared.first()
            && matches!(additional, Some(AdditionalProperties::Any(false)))
        {
            return Err(self.error(
                at.push("required"),
                format!("required property {r:?} is not declared in `properties` and `additionalProperties` is false: no value can satisfy this schema"),
            ));
        }
        // Required members are always there: more than maxProperties can never be.
        let mut present: Vec<&String> = Vec::new();
        for r in required {
            if !present.contains(&r) {
                present.push(r);
            }
        }
        let present = present.len();
        if let Some(max) = count.max
            && present as u64 > max
        {
            return Err(self.error(
                at.clone(),
                format!("{present} properties are required but maxProperties is {max}: no value can satisfy this schema"),
            ));
        }
        if let Some(min) = count.min
            && matches!(additional, Some(AdditionalProperties::Any(false)))
            && (properties.len() as u64) < min
        {
            return Err(self.error(
                at.clone(),
                format!("minProperties is {min} but only {} properties are allowed (additionalProperties: false): no value can satisfy this schema", properties.len()),
            ));
        }
        // A count every value meets is no constraint: as many members are required, or no
        // more are allowed.
        let mut count = count;
        if count.min.is_some_and(|min| min <= present as u64) {
            count.min = None;
        }
        if count.max.is_some_and(|max| {
            matches!(additional, Some(AdditionalProperties::Any(false)))
                && properties.len() as u64 <= max
        }) {
            count.max = None;
        }
        let mut fields = Vec::with_capacity(properties.len());
        let mut field_ns = names::Namespace::new();
        for (wire_name, prop) in properties {
            let prop_at = at.push("properties").push(wire_name);
            let field_hint = format!("{type_name}{}", names::type_name(wire_name));
            let shape = self.shape_of_boxed(prop, &prop_at, &field_hint)?;
            let shape = match more.and_then(|more| more.get(wire_name)) {
                Some(others) => self.intersect_definitions(shape, others, &field_hint)?,
                None => shape,
            };
            let prop_schema = self.spec.boxed_schema(prop, &prop_at)?;
            let default = match &prop_schema.item.schema_data.default {
                Some(v) => self.default_value(v, &shape, &prop_schema.pointer.push("default"))?,
                None => None,
            };
            let docs = docs_of(prop_schema.item, None);
            fields.push(Field {
                name: field_ns.claim(&names::snake_name(wire_name), "_"),
                wire_name: wire_name.clone(),
                docs,
                shape,
                required: required.contains(wire_name),
                default,
                boxed: false,
            });
        }
        let additional = match additional {
            None | Some(AdditionalProperties::Any(true)) => {
                // The model cannot hold an undeclared member it ignores: a required one becomes
                // a field of any JSON value, under its own name.
                for wire_name in &undeclared {
                    fields.push(Field {
                        name: field_ns.claim(&names::snake_name(wire_name), "_"),
                        wire_name: (*wire_name).clone(),
                        docs: Docs {
                            description: Some(
                                "Required by the schema, which does not declare it in \
                                 `properties`: any JSON value."
                                    .into(),
                            ),
                            ..Docs::default()
                        },
                        shape: plain(Ty::Any),
                        required: true,
                        default: None,
                        boxed: false,
                    });
                }
                if count.is_empty() {
                    Additional::Ignored
                } else {
                    // Counted members must be kept to be counted: as any JSON value.
                    Additional::Kept {
                        field: field_ns.claim("additional_properties", "_"),
                        values: Box::new(plain(Ty::Any)),
                        required: Vec::new(),
                    }
                }
            }
            Some(AdditionalProperties::Any(false)) => Additional::Forbidden,
            Some(AdditionalProperties::Schema(values)) => {
                let values = self.shape_of_ref(
                    values,
                    &at.push("additionalProperties"),
                    &format!("{type_name}Value"),
                )?;
                Additional::Kept {
                    field: field_ns.claim("additional_properties", "_"),
                    values: Box::new(values),
                    required: undeclared.iter().map(|r| (*r).clone()).collect(),
                }
            }
        };
        self.types.push(TypeDef {
            name: type_name.clone(),
            docs: docs_of(schema, Some(at.clone())),
            kind: TypeKind::Struct(Struct {
                fields,
                additional,
                properties: count,
            }),
            extras: Extras::default(),
        });
        Ok(type_name)
    }

    fn enum_type(
        &mut self,
        schema: &Schema,
        values: &[&str],
        at: &Pointer,
        hint: &str,
        name: Option<&str>,
    ) -> Result<String> {
        let type_name = match name {
            Some(n) => n.to_owned(),
            None => self.types_ns.claim(&names::type_name(hint), ""),
        };
        let mut variant_ns = names::Namespace::new();
        let mut variants: Vec<Variant> = Vec::with_capacity(values.len());
        for (i, value) in values.iter().enumerate() {
            if variants.iter().any(|v| v.value == *value) {
                self.warn(
                    at.push("enum").push(i),
                    format!("duplicate enum value {value:?} is ignored"),
                );
                continue;
            }
            variants.push(Variant {
                name: variant_ns.claim(&names::variant_name(value, i), ""),
                value: (*value).to_owned(),
                docs: Docs::default(),
            });
        }
        self.types.push(TypeDef {
            name: type_name.clone(),
            docs: docs_of(schema, Some(at.clone())),
            kind: TypeKind::Enum(Enum {
                variants,
                open: false,
            }),
            extras: Extras::default(),
        });
        Ok(type_name)
    }

    /// Register a pattern (deduplicated by its source), translating it to the `regex` dialect.
    /// One the linear-time engine cannot express, but that is valid ECMA-262, falls back to the
    /// ECMA engine, with a warning (matching is then backtracking, not linear-time).
    fn pattern(&mut self, ecma: &str, at: &Pointer) -> Result<usize> {
        if let Some(&index) = self.pattern_index.get(ecma) {
            return Ok(index);
        }
        let regex = match crate::ecma_regex::translate(ecma) {
            Ok(regex) => Some(regex),
            Err(e) => match crate::ecma_regex::ecma_engine_accepts(ecma) {
                Ok(()) => {
                    self.warn(
                        at.clone(),
                        format!(
                            "pattern `{ecma}` is checked by a backtracking ECMA-262 engine (regress), not the linear-time one: {e}"
                        ),
                    );
                    None
                }
                Err(_) => {
                    return Err(self.error(
                        at.clone(),
                        format!("invalid or unsupported pattern `{ecma}`: {e}"),
                    ));
                }
            },
        };
        let index = self.patterns.len();
        // Patterns are shared by every schema that has the same one, so no schema names them.
        let name = format!("PATTERN_{}", index + 1);
        self.patterns.push(Pattern {
            name,
            ecma: ecma.to_owned(),
            whole_string_class: regex
                .as_deref()
                .and_then(crate::ecma_regex::whole_string_class),
            regex,
        });
        self.pattern_index.insert(ecma.to_owned(), index);
        Ok(index)
    }

    /// Check a `default` against the shape it is the default of, and type it. A default this
    /// generator cannot express for its type is a warning (and not applied), never dropped silently.
    pub(super) fn default_value(
        &mut self,
        value: &Value,
        shape: &Shape,
        at: &Pointer,
    ) -> Result<Option<Default>> {
        let mismatch = |this: &Self, expected: &str| {
            this.error(at.clone(), format!("default {value} is not {expected}"))
        };
        if value.is_null() {
            if shape.nullable {
                return Ok(None);
            }
            return Err(mismatch(self, "allowed: the schema is not nullable"));
        }
        Ok(Some(match (&shape.ty, value) {
            (Ty::Boolean, Value::Bool(b)) => Default::Bool(*b),
            (Ty::Integer(format), Value::Number(n)) => {
                let v = n.as_i64().ok_or_else(|| mismatch(self, "an integer"))?;
                if *format == IntFormat::I32 && i32::try_from(v).is_err() {
                    return Err(mismatch(self, "a 32-bit integer (format: int32)"));
                }
                Default::Int(v)
            }
            (Ty::Number(format), Value::Number(n)) => {
                let v = n.as_f64().ok_or_else(|| mismatch(self, "a number"))?;
                if *format == NumberFormat::F32 && (v as f32).is_infinite() {
                    return Err(mismatch(self, "a 32-bit float (format: float)"));
                }
                Default::Float(v)
            }
            (Ty::String(StringFormat::Plain), Value::String(s)) => Default::String(s.clone()),
            (Ty::Named(type_name), Value::String(s))
                if self.enum_variant(type_name, s).is_some() =>
            {
                Default::EnumVariant {
                    type_name: type_name.clone(),
                    variant: self.enum_variant(type_name, s).unwrap_or_default(),
                    value: s.clone(),
                }
            }
            (Ty::Named(type_name), Value::String(_)) if self.is_enum(type_name) => {
                let values = self.enum_values(type_name).join("\", \"");
                return Err(mismatch(
                    self,
                    &format!("one of the enum values \"{values}\""),
                ));
            }
            (Ty::Array(items), Value::Array(values)) => {
                let mut out = Vec::with_capacity(values.len());
                for (i, v) in values.iter().enumerate() {
                    match self.default_value(v, items, &at.push(i))? {
                        Some(d) => out.push(d),
                        None => return Ok(None),
                    }
                }
                Default::Array(out)
            }
            (Ty::Any, v) => Default::Json(v.clone()),
            (Ty::Boolean, _) => return Err(mismatch(self, "a boolean")),
            (Ty::Integer(_), _) => return Err(mismatch(self, "an integer")),
            (Ty::Number(_), _) => return Err(mismatch(self, "a number")),
            (Ty::String(_), v) if !v.is_string() => return Err(mismatch(self, "a string")),
            (Ty::Array(_), _) => return Err(mismatch(self, "an array")),
            _ => {
                self.warn(at.clone(), format!("default {value} is not applied: defaults of this type are not supported yet"));
                return Ok(None);
            }
        }))
    }

    fn enum_values(&self, type_name: &str) -> Vec<&str> {
        self.types
            .iter()
            .find(|t| t.name == type_name)
            .map(|t| match &t.kind {
                TypeKind::Enum(e) => e.variants.iter().map(|v| v.value.as_str()).collect(),
                _ => Vec::new(),
            })
            .unwrap_or_default()
    }

    fn is_enum(&self, type_name: &str) -> bool {
        self.types
            .iter()
            .any(|t| t.name == type_name && matches!(t.kind, TypeKind::Enum(_)))
    }

    fn enum_variant(&self, type_name: &str, value: &str) -> Option<String> {
        self.types
            .iter()
            .find(|t| t.name == type_name)
            .and_then(|t| match &t.kind {
                TypeKind::Enum(e) => e
                    .variants
                    .iter()
                    .find(|v| v.value == value)
                    .map(|v| v.name.clone()),
                _ => None,
            })
    }
}

/// A variant name for an inline alternative without a title.
fn kind_name(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Array(_)) => "Array",
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => "Object",
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => "Union",
        SchemaKind::Any(a) => match a.typ.as_deref() {
            Some("string") => "String",
            Some("integer") => "Integer",
            Some("number") => "Number",
            Some("boolean") => "Boolean",
            Some("array") => "Array",
            _ if !a.properties.is_empty() || a.typ.as_deref() == Some("object") => "Object",
            _ => "Any",
        },
        SchemaKind::Not { .. } => "Any",
    }
}

fn plain(ty: Ty) -> Shape {
    Shape::of(ty)
}

pub(super) fn docs_of(schema: &Schema, source: Option<Pointer>) -> Docs {
    Docs {
        title: schema.schema_data.title.clone(),
        description: schema.schema_data.description.clone(),
        source,
        file: None,
    }
}
