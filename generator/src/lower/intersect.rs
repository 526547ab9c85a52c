//! `allOf` as an intersection of shapes that are not all objects: the members' constraints are
//! combined into one shape, which a value must satisfy for every member to hold (a property
//! two members define, `allOf: [{$ref: Code}, {maxLength: 5}]`, `allOf` of strings).

use openapiv3::{ReferenceOr, Schema};

use super::Lowerer;
use crate::error::{Pointer, Result};
use crate::ir::{Bound, Checks, Number, PropertyCount, Shape, Ty};

/// Why two shapes cannot be combined into one the generator can express.
type Conflict = String;

impl Lowerer<'_> {
    /// The shape every member of `allOf` (at `at`) holds, when the members are not all objects
    /// (those are merged into a struct) but can be combined: one type, every constraint. `None`
    /// (with the reason) when they cannot.
    pub(super) fn all_of_shapes(
        &mut self,
        members: &[ReferenceOr<Schema>],
        at: &Pointer,
        hint: &str,
    ) -> Result<std::result::Result<Shape, Conflict>> {
        let mut combined: Option<Shape> = None;
        for (i, member) in members.iter().enumerate() {
            let shape = self.shape_of_ref(member, &at.push("allOf").push(i), hint)?;
            combined = Some(match combined {
                None => shape,
                Some(so_far) => match intersect(so_far, shape) {
                    Ok(shape) => shape,
                    Err(why) => return Ok(Err(why)),
                },
            });
        }
        Ok(combined.ok_or_else(|| "allOf has no members".to_owned()))
    }

    /// A property that several `allOf` members define: `first` (its shape from the first
    /// definition) combined with the shape of each later definition in `others`. Definitions
    /// that cannot be combined are reported, and the first one is used.
    pub(super) fn intersect_definitions(
        &mut self,
        first: Shape,
        others: &[(ReferenceOr<Box<Schema>>, Pointer)],
        hint: &str,
    ) -> Result<Shape> {
        let mut shape = first;
        for (definition, at) in others {
            let other = self.shape_of_boxed(definition, at, hint)?;
            match intersect(shape.clone(), other) {
                Ok(both) => shape = both,
                Err(why) => self.warn(
                    at.clone(),
                    format!("this property is defined differently by several allOf members and the definitions cannot be combined ({why}); the first definition is used"),
                ),
            }
        }
        if let Some((_, at)) = others.last() {
            self.check_satisfiable(&shape.checks, at)?;
        }
        Ok(shape)
    }
}

/// Whether a shape constrains nothing (an annotation-only member: `description`, `title`,
/// `example`...).
fn is_anything(shape: &Shape) -> bool {
    shape.ty == Ty::Any && shape.checks.is_empty()
}

/// The shape of values both `a` and `b` accept, if one shape can say it.
pub(super) fn intersect(a: Shape, b: Shape) -> std::result::Result<Shape, Conflict> {
    if is_anything(&b) {
        return Ok(Shape {
            example: a.example.clone().or(b.example),
            ..a
        });
    }
    if is_anything(&a) {
        return Ok(Shape {
            example: a.example.or(b.example),
            ..b
        });
    }
    if a.ty != b.ty {
        return Err(format!("{} and {}", describe(&a.ty), describe(&b.ty)));
    }
    Ok(Shape {
        checks: intersect_checks(a.checks, b.checks)?,
        // `null` only when both allow it.
        nullable: a.nullable && b.nullable,
        example: a.example.or(b.example),
        ty: a.ty,
    })
}

fn describe(ty: &Ty) -> String {
    match ty {
        Ty::String(_) => "a string".into(),
        Ty::Integer(_) => "an integer".into(),
        Ty::Number(_) => "a number".into(),
        Ty::Boolean => "a boolean".into(),
        Ty::Array(_) => "an array".into(),
        Ty::Map(_) => "a map".into(),
        Ty::Named(name) => format!("`{name}`"),
        Ty::Any => "any value".into(),
    }
}

fn intersect_checks(a: Checks, b: Checks) -> std::result::Result<Checks, Conflict> {
    let tighter = |x: Option<u64>, y: Option<u64>, max: bool| match (x, y) {
        (Some(x), Some(y)) => Some(if max { x.min(y) } else { x.max(y) }),
        (x, y) => x.or(y),
    };
    let mut patterns = a.patterns;
    for p in b.patterns {
        if !patterns.contains(&p) {
            patterns.push(p);
        }
    }
    let multiple_of = match (a.multiple_of, b.multiple_of) {
        (Some(x), Some(y)) if x != y => {
            return Err(format!("multipleOf {x} and multipleOf {y}"));
        }
        (x, y) => x.or(y),
    };
    let format = match (a.format, b.format) {
        (Some(x), Some(y)) if x != y => return Err("two different formats".into()),
        (x, y) => x.or(y),
    };
    let allowed_booleans = match (a.allowed_booleans.is_empty(), b.allowed_booleans.is_empty()) {
        (false, false) => {
            let both: Vec<bool> = a
                .allowed_booleans
                .iter()
                .filter(|x| b.allowed_booleans.contains(x))
                .copied()
                .collect();
            if both.is_empty() {
                return Err("boolean enums with no value in common".into());
            }
            both
        }
        (true, _) => b.allowed_booleans,
        (false, true) => a.allowed_booleans,
    };
    let allowed = match (a.allowed.is_empty(), b.allowed.is_empty()) {
        (false, false) => {
            let both: Vec<Number> = a
                .allowed
                .iter()
                .filter(|x| b.allowed.iter().any(|y| as_f64(**x) == as_f64(*y)))
                .copied()
                .collect();
            if both.is_empty() {
                return Err("enums with no value in common".into());
            }
            both
        }
        (true, _) => b.allowed,
        (false, true) => a.allowed,
    };
    Ok(Checks {
        min_length: tighter(a.min_length, b.min_length, false),
        max_length: tighter(a.max_length, b.max_length, true),
        patterns,
        minimum: bound(a.minimum, b.minimum, false),
        maximum: bound(a.maximum, b.maximum, true),
        multiple_of,
        min_items: tighter(a.min_items, b.min_items, false),
        max_items: tighter(a.max_items, b.max_items, true),
        unique_items: a.unique_items || b.unique_items,
        allowed,
        allowed_booleans,
        properties: PropertyCount {
            min: tighter(a.properties.min, b.properties.min, false),
            max: tighter(a.properties.max, b.properties.max, true),
        },
        format,
    })
}

fn as_f64(n: Number) -> f64 {
    match n {
        Number::Int(i) => i as f64,
        Number::Float(f) => f,
    }
}

/// The tighter of two lower (or, with `max`, upper) bounds; at the same value, exclusive wins.
fn bound(x: Option<Bound>, y: Option<Bound>, max: bool) -> Option<Bound> {
    match (x, y) {
        (Some(x), Some(y)) => {
            let (vx, vy) = (as_f64(x.value), as_f64(y.value));
            Some(if vx == vy {
                Bound {
                    value: x.value,
                    exclusive: x.exclusive || y.exclusive,
                }
            } else if (vx < vy) == max {
                x
            } else {
                y
            })
        }
        (x, y) => x.or(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::StringFormat;

    fn string(min: Option<u64>, max: Option<u64>, patterns: Vec<usize>) -> Shape {
        let mut s = Shape::of(Ty::String(StringFormat::Plain));
        s.checks.min_length = min;
        s.checks.max_length = max;
        s.checks.patterns = patterns;
        s
    }

    #[test]
    fn every_member_constraint_applies() {
        let both = intersect(
            string(Some(1), Some(10), vec![0]),
            string(Some(3), Some(5), vec![1, 0]),
        )
        .unwrap();
        assert_eq!(both.checks.min_length, Some(3));
        assert_eq!(both.checks.max_length, Some(5));
        assert_eq!(both.checks.patterns, vec![0, 1]);
    }

    #[test]
    fn an_annotation_only_member_changes_nothing() {
        let code = string(None, Some(4), vec![]);
        let anything = Shape::of(Ty::Any);
        assert_eq!(intersect(code.clone(), anything.clone()).unwrap(), code);
        assert_eq!(intersect(anything, code.clone()).unwrap(), code);
    }

    #[test]
    fn bounds_take_the_tighter_and_null_needs_both() {
        let int = |min: i64, ex: bool, nullable: bool| {
            let mut s = Shape::of(Ty::Integer(crate::ir::IntFormat::I64));
            s.checks.minimum = Some(Bound {
                value: Number::Int(min),
                exclusive: ex,
            });
            s.nullable = nullable;
            s
        };
        let both = intersect(int(3, false, true), int(3, true, false)).unwrap();
        assert!(both.checks.minimum.unwrap().exclusive);
        assert!(!both.nullable);
        let both = intersect(int(1, true, true), int(5, false, true)).unwrap();
        assert_eq!(both.checks.minimum.unwrap().value, Number::Int(5));
        assert!(both.nullable);
    }

    #[test]
    fn what_one_shape_cannot_say_is_a_conflict() {
        let a = Shape::of(Ty::String(StringFormat::Plain));
        let b = Shape::of(Ty::Integer(crate::ir::IntFormat::I64));
        assert!(intersect(a, b).is_err());
        let mut x = Shape::of(Ty::Integer(crate::ir::IntFormat::I64));
        x.checks.multiple_of = Some(Number::Int(2));
        let mut y = x.clone();
        y.checks.multiple_of = Some(Number::Int(3));
        assert!(intersect(x, y).is_err());
    }
}
