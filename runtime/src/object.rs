//! `Serialize` and `Deserialize` of generated structs, the parts written once.
//!
//! A generated struct's `Deserialize` is [`deserialize`], which reads a map (a JSON object, not
//! an array) and hands it to the struct's [`Object::from_map`]; that function reads each member
//! with [`value`] and the rest with [`ignore`], [`keep`] or [`unknown`]. Its `Serialize` writes
//! a map member by member. serde's derive would generate much more per struct (a visitor for
//! sequences, field visitors for bytes and indices, a wrapper type per `deserialize_with`
//! member), which is most of what a large spec's crate costs to compile; what it generates and
//! what these functions do read the same JSON the same way (same errors, same values).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

/// A generated struct read from a map, member by member.
pub trait Object: Sized {
    /// Reads the struct from the members of a map.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a generated struct: a map, read by [`Object::from_map`].
pub fn deserialize<'de, D: Deserializer<'de>, T: Object>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// A member's name, borrowed from the input when it can be.
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }

    // Names that are not UTF-8 match no member (as with serde's derive); they are kept with
    // the replacement character where members are kept.
    fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(String::from_utf8_lossy(v).into_owned())))
    }
}

/// Reads the value of the member `key` into `slot`; a member given twice is an error.
pub fn value<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(A::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// [`value`] for a member of integers ([`Integers`]: `-0` is 0).
pub fn integers<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Integers,
{
    if slot.is_some() {
        return Err(A::Error::duplicate_field(key));
    }
    *slot = Some(T::from_wire(map.next_value()?));
    Ok(())
}

/// [`keep`] for members of integers ([`Integers`]: `-0` is 0).
pub fn keep_integers<'de, A, T>(
    map: &mut A,
    kept: &mut BTreeMap<String, T>,
    key: Key<'de>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Integers,
{
    kept.insert(key.0.into_owned(), T::from_wire(map.next_value()?));
    Ok(())
}

/// Reads a value of integers ([`Integers`]) from any deserializer (a union's alternative).
pub fn read_integers<'de, T: Integers, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::Wire::deserialize(deserializer).map(T::from_wire)
}

/// A Rust type of JSON integers (`i64`, `i32`, in `Option`s, `Vec`s and maps), read so that
/// `-0`, an integer in JSON that serde_json reads as the float `-0.0`, is 0, as the schema
/// check ([`crate::validation::as_integer`]) takes it. Other numbers with a fraction or an
/// exponent (`1.0`) are not integers, with serde's own error.
pub trait Integers: Sized {
    /// What is read.
    type Wire: serde::de::DeserializeOwned;
    /// The value of what was read.
    fn from_wire(wire: Self::Wire) -> Self;
}

/// An integer read by [`Integers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Integer<T>(T);

macro_rules! integer {
    ($t:ty, $method:ident, $expected:literal) => {
        impl Integers for $t {
            type Wire = Integer<$t>;
            fn from_wire(wire: Integer<$t>) -> $t {
                wire.0
            }
        }

        impl<'de> Deserialize<'de> for Integer<$t> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct IntegerVisitor;
                impl Visitor<'_> for IntegerVisitor {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expected)
                    }
                    fn visit_i64<E: Error>(self, v: i64) -> Result<$t, E> {
                        <$t>::try_from(v)
                            .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
                    }
                    fn visit_u64<E: Error>(self, v: u64) -> Result<$t, E> {
                        <$t>::try_from(v).map_err(|_| {
                            E::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                        })
                    }
                    fn visit_f64<E: Error>(self, v: f64) -> Result<$t, E> {
                        if v == 0.0 && v.is_sign_negative() {
                            Ok(0)
                        } else {
                            Err(E::invalid_type(serde::de::Unexpected::Float(v), &self))
                        }
                    }
                }
                deserializer.$method(IntegerVisitor).map(Integer)
            }
        }
    };
}

integer!(i64, deserialize_i64, "i64");
integer!(i32, deserialize_i32, "i32");

impl<T: Integers> Integers for Option<T> {
    type Wire = Option<T::Wire>;
    fn from_wire(wire: Self::Wire) -> Self {
        wire.map(T::from_wire)
    }
}

impl<T: Integers> Integers for Vec<T> {
    type Wire = Vec<T::Wire>;
    fn from_wire(wire: Self::Wire) -> Self {
        wire.into_iter().map(T::from_wire).collect()
    }
}

impl<T: Integers> Integers for BTreeMap<String, T> {
    type Wire = BTreeMap<String, T::Wire>;
    fn from_wire(wire: Self::Wire) -> Self {
        wire.into_iter()
            .map(|(k, v)| (k, T::from_wire(v)))
            .collect()
    }
}

/// Skips the value of a member the struct does not declare.
pub fn ignore<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// Reads the value of a member the struct does not declare into its map of such members
/// (`additionalProperties`).
pub fn keep<'de, A, T>(
    map: &mut A,
    kept: &mut BTreeMap<String, T>,
    key: Key<'de>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    kept.insert(key.0.into_owned(), map.next_value()?);
    Ok(())
}

/// The error for a member the struct does not declare, where none is allowed
/// (`additionalProperties: false`).
pub fn unknown<E: Error>(key: &Key<'_>, expected: &'static [&'static str]) -> E {
    E::unknown_field(key.as_str(), expected)
}

/// The error for a required member that is missing.
pub fn missing<E: Error>(key: &'static str) -> E {
    E::missing_field(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What a generated struct's `from_map` looks like: `id` required, `tag` optional (null is
    /// not a value), `note` nullable, `size` with a default, everything else rejected.
    #[derive(Debug, PartialEq)]
    struct Pet {
        id: i64,
        tag: Option<String>,
        note: Option<String>,
        size: i64,
    }

    impl Object for Pet {
        fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut id, mut tag, mut note, mut size) = (None, None, None, None);
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match key.as_str() {
                    "id" => value(&mut map, &mut id, "id"),
                    "tag" => value(&mut map, &mut tag, "tag"),
                    "note" => value(&mut map, &mut note, "note"),
                    "size" => value(&mut map, &mut size, "size"),
                    _ => Err(unknown(&key, &["id", "tag", "note", "size"])),
                }?;
            }
            let Some(id) = id else {
                return Err(missing("id"));
            };
            Ok(Pet {
                id,
                tag,
                note: note.flatten(),
                size: size.unwrap_or(1),
            })
        }
    }

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    /// Kept members: everything undeclared lands in the map.
    #[derive(Debug, PartialEq)]
    struct Labels {
        name: Option<String>,
        rest: BTreeMap<String, i64>,
    }

    impl Object for Labels {
        fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut name, mut rest) = (None, BTreeMap::new());
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match key.as_str() {
                    "name" => value(&mut map, &mut name, "name"),
                    _ => keep(&mut map, &mut rest, key),
                }?;
            }
            Ok(Labels { name, rest })
        }
    }

    impl<'de> Deserialize<'de> for Labels {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    fn pet(text: &str) -> Result<Pet, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_members_defaults_and_nulls() {
        assert_eq!(
            pet(r#"{"id": 1}"#),
            Ok(Pet {
                id: 1,
                tag: None,
                note: None,
                size: 1
            })
        );
        assert_eq!(
            pet(r#"{"size": 3, "note": null, "tag": "a", "id": 2}"#),
            Ok(Pet {
                id: 2,
                tag: Some("a".into()),
                note: None,
                size: 3
            })
        );
        // An escaped name is the same name.
        assert_eq!(pet(r#"{"\u0069d": 4}"#).map(|p| p.id), Ok(4));
        // From a `Value` (owned names) and a `&Value` (borrowed) alike.
        let value = json!({"id": 5, "note": "n"});
        assert_eq!(
            Pet::deserialize(&value).map(|p| p.note).ok(),
            Some(Some("n".into()))
        );
        assert_eq!(
            serde_json::from_value::<Pet>(value).map(|p| p.id).ok(),
            Some(5)
        );
    }

    /// serde's derive with the attributes generated structs had before: the oracle.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct DerivedPet {
        id: i64,
        #[serde(default, deserialize_with = "non_null")]
        tag: Option<String>,
        note: Option<String>,
        #[serde(default = "one")]
        size: i64,
    }

    fn non_null<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        String::deserialize(d).map(Some)
    }

    fn one() -> i64 {
        1
    }

    /// The same values and the same errors (message and position) as serde's derive.
    #[test]
    fn reads_like_serdes_derive() {
        let inputs = [
            r#"{"id": 1}"#,
            r#"{"id": 1, "id": 2}"#,
            r#"{"id": 1, "tag": null}"#,
            r#"{"id": 1, "tag": 3}"#,
            r#"{"tag": "a", "note": null}"#,
            r#"{"id": 1, "colour": 2}"#,
            r#"{"id": 1, "note": "x", "note": null}"#,
            r#"{"id": "1"}"#,
            r#"{"id": 1, "size": 1.5}"#,
            r#"{"\u0069d": 1, "\u0074ag": "t"}"#,
            r#"{"id": 1,"#,
            "{}",
        ];
        for text in inputs {
            let ours = pet(text).map(|p| (p.id, p.tag, p.note, p.size));
            let theirs = serde_json::from_str::<DerivedPet>(text)
                .map(|p| (p.id, p.tag, p.note, p.size))
                .map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{text}");
        }
        // Only an object: serde's derive also reads the members in order from an array.
        assert_eq!(
            pet("[1]"),
            Err("invalid type: sequence, expected an object at line 1 column 0".into())
        );
        assert_eq!(
            pet("null"),
            Err("invalid type: null, expected an object at line 1 column 4".into())
        );
    }

    /// JSON texts near `Pet`'s shape: its member names (one escaped), an unknown one, values
    /// of every kind, members repeated, and broken texts.
    fn pet_like() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let key = prop_oneof![
            Just("id"),
            Just("tag"),
            Just("note"),
            Just("size"),
            Just("colour"),
            Just("\\u0069d"),
        ];
        let value = prop_oneof![
            Just("null"),
            Just("1"),
            Just("-7"),
            Just("1.5"),
            Just("\"a\""),
            Just("true"),
            Just("[]"),
            Just("{}"),
        ];
        let member = (key, value).prop_map(|(k, v)| format!("\"{k}\": {v}"));
        (proptest::collection::vec(member, 0..6), 0..3u8).prop_map(|(members, end)| {
            let text = format!("{{{}}}", members.join(", "));
            match end {
                0 => text,
                1 => text.trim_end_matches('}').to_owned(),
                _ => format!("{text} x"),
            }
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 2048, ..Default::default() })]

        /// On many generated texts: the same value, or the same error at the same place, as
        /// serde's derive.
        #[test]
        fn agrees_with_serdes_derive(text in pet_like()) {
            let ours = pet(&text).map(|p| (p.id, p.tag, p.note, p.size));
            let theirs = serde_json::from_str::<DerivedPet>(&text)
                .map(|p| (p.id, p.tag, p.note, p.size))
                .map_err(|e| e.to_string());
            proptest::prop_assert_eq!(ours, theirs, "{}", text);
        }
    }

    #[test]
    fn keeps_undeclared_members() {
        let labels: Labels = serde_json::from_str(r#"{"a": 1, "name": "x", "b": 2}"#).unwrap();
        assert_eq!(labels.name.as_deref(), Some("x"));
        assert_eq!(
            labels.rest,
            BTreeMap::from([("a".into(), 1), ("b".into(), 2)])
        );
        let error = serde_json::from_str::<Labels>(r#"{"a": "one"}"#).unwrap_err();
        assert!(
            error.to_string().starts_with("invalid type: string"),
            "{error}"
        );
    }
    /// `-0` is an integer in JSON (no fraction, no exponent); serde_json reads it as `-0.0`,
    /// which `i64`'s own `Deserialize` refuses. Read through [`Integers`] it is 0, at any depth
    /// of options, arrays and maps, from text and from a `Value`; other floats keep serde's
    /// error.
    #[test]
    fn negative_zero_is_an_integer() {
        fn read<T: Integers>(text: &str) -> Result<T, String> {
            let mut from_text = serde_json::Deserializer::from_str(text);
            let typed = read_integers::<T, _>(&mut from_text).map_err(|e| e.to_string());
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let from_value = read_integers::<T, _>(&value).map_err(|e| e.to_string());
            assert_eq!(typed.is_ok(), from_value.is_ok(), "{text}");
            typed
        }
        assert!(
            serde_json::from_str::<i64>("-0").is_err(),
            "serde alone refuses -0"
        );
        assert_eq!(read::<i64>("-0"), Ok(0));
        assert_eq!(read::<i32>("-0"), Ok(0));
        assert_eq!(read::<i64>("-7"), Ok(-7));
        assert_eq!(read::<Option<i64>>("null"), Ok(None));
        assert_eq!(
            read::<Vec<Option<i32>>>("[-0, null, 3]"),
            Ok(vec![Some(0), None, Some(3)])
        );
        assert_eq!(
            read::<BTreeMap<String, Vec<i64>>>(r#"{"a": [-0]}"#),
            Ok(BTreeMap::from([("a".to_owned(), vec![0])]))
        );
        // The same errors as serde's own `i64` and `i32`.
        for text in ["1.5", "1.0", "1e3", "null", "\"1\""] {
            assert_eq!(
                read::<i64>(text).unwrap_err(),
                serde_json::from_str::<i64>(text).unwrap_err().to_string(),
                "{text}"
            );
        }
        assert_eq!(
            read::<i32>("2147483648").unwrap_err(),
            serde_json::from_str::<i32>("2147483648")
                .unwrap_err()
                .to_string()
        );
    }
}
