//! Lenient leaf types: a value of the wrong JSON type becomes "absent" instead of failing the
//! record. Every leaf of the wire structs uses one of these.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::timestamp;
use crate::model::EpochMillis;

/// Formats a float the way a person would write it (`5` rather than `5.0`).
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// Text: strings as given (borrowed from the input when the JSON has no escapes); numbers and
/// booleans as their text; `null`, the placeholder string `"null"`, objects and arrays become
/// absent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Str<'a>(pub Option<Cow<'a, str>>);

impl Str<'_> {
    pub fn get(&self) -> Option<&str> {
        self.0.as_deref().filter(|s| !s.is_empty())
    }
}

/// Skips a JSON object without building anything.
fn skip_map<'de, A: MapAccess<'de>>(map: A) -> Result<(), A::Error> {
    IgnoredAny::deserialize(MapAccessDeserializer::new(map)).map(|_| ())
}

/// Skips a JSON array without building anything.
fn skip_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<(), A::Error> {
    IgnoredAny::deserialize(SeqAccessDeserializer::new(seq)).map(|_| ())
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Str<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'a>, E> {
                if v == "null" {
                    Ok(Str(None))
                } else {
                    Ok(Str(Some(Cow::Borrowed(v))))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'a>, E> {
                if v == "null" {
                    Ok(Str(None))
                } else {
                    Ok(Str(Some(Cow::Owned(v.to_owned()))))
                }
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'a>, E> {
                if v == "null" {
                    Ok(Str(None))
                } else {
                    Ok(Str(Some(Cow::Owned(v))))
                }
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Str<'a>, E> {
                Ok(Str(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Str<'a>, E> {
                Ok(Str(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Str<'a>, E> {
                Ok(Str(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Str<'a>, E> {
                Ok(Str(Some(Cow::Owned(number_text(v)))))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Str<'a>, E> {
                Ok(Str(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Str<'a>, E> {
                Ok(Str(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Str<'a>, A::Error> {
                skip_map(map)?;
                Ok(Str(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Str<'a>, A::Error> {
                skip_seq(seq)?;
                Ok(Str(None))
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// A scalar of any JSON type, kept as found (for fields whose meaning depends on the dialect,
/// such as `severity`: a number natively, a label in OCSF).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Scalar<'a> {
    #[default]
    Absent,
    Number(f64),
    Text(Cow<'a, str>),
    Bool(bool),
}

impl Scalar<'_> {
    /// The value as a number: numbers as is, numeric strings parsed.
    pub fn number(&self) -> Option<f64> {
        match self {
            Self::Number(n) => Some(*n),
            Self::Text(s) => number_from_text(s),
            _ => None,
        }
    }

    /// The value as text (numbers formatted).
    pub fn text(&self) -> Option<String> {
        match self {
            Self::Number(n) => Some(number_text(*n)),
            Self::Text(s) => Some(s.to_string()),
            Self::Bool(b) => Some(b.to_string()),
            Self::Absent => None,
        }
    }
}

/// A number written as text (`"74"`, `" 5.0 "`); not-finite values are absent.
fn number_from_text(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Reads one JSON scalar through `on_*` handlers without allocating: what [`Num`], [`Bool`]
/// and [`Time`] share. Objects and arrays are skipped and give `T::default()`.
trait FromScalar: Default + Sized {
    fn from_number(value: f64) -> Self;
    fn from_text(value: &str) -> Self;
    fn from_bool(value: bool) -> Self;
}

struct FromScalarVisitor<T>(PhantomData<T>);

impl<'de, T: FromScalar> Visitor<'de> for FromScalarVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        if v == "null" {
            Ok(T::default())
        } else {
            Ok(T::from_text(v))
        }
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        Ok(T::from_bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Ok(T::from_number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Ok(T::from_number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        Ok(T::from_number(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        skip_map(map)?;
        Ok(T::default())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        skip_seq(seq)?;
        Ok(T::default())
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Scalar<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Scalar<'a>, E> {
                if v == "null" {
                    Ok(Scalar::Absent)
                } else {
                    Ok(Scalar::Text(Cow::Borrowed(v)))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar<'a>, E> {
                if v == "null" {
                    Ok(Scalar::Absent)
                } else {
                    Ok(Scalar::Text(Cow::Owned(v.to_owned())))
                }
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Number(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Absent)
            }
            fn visit_none<E: de::Error>(self) -> Result<Scalar<'a>, E> {
                Ok(Scalar::Absent)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scalar<'a>, A::Error> {
                skip_map(map)?;
                Ok(Scalar::Absent)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Scalar<'a>, A::Error> {
                skip_seq(seq)?;
                Ok(Scalar::Absent)
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// A number: JSON numbers, or strings holding a number (`"74"`, `"5.0"`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Num(pub Option<f64>);

impl FromScalar for Num {
    fn from_number(value: f64) -> Self {
        Num(Some(value))
    }
    fn from_text(value: &str) -> Self {
        Num(number_from_text(value))
    }
    fn from_bool(_: bool) -> Self {
        Num(None)
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FromScalarVisitor(PhantomData))
    }
}

/// A boolean: JSON booleans, the strings `"true"`/`"false"` (any case), or 0/1.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bool(pub Option<bool>);

impl FromScalar for Bool {
    fn from_number(value: f64) -> Self {
        if value == 0.0 {
            Bool(Some(false))
        } else if value == 1.0 {
            Bool(Some(true))
        } else {
            Bool(None)
        }
    }
    fn from_text(value: &str) -> Self {
        let value = value.trim();
        if value.eq_ignore_ascii_case("true") {
            Bool(Some(true))
        } else if value.eq_ignore_ascii_case("false") {
            Bool(Some(false))
        } else {
            Bool(None)
        }
    }
    fn from_bool(value: bool) -> Self {
        Bool(Some(value))
    }
}

impl<'de> Deserialize<'de> for Bool {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FromScalarVisitor(PhantomData))
    }
}

/// An instant in any spelling GuardDuty exports use (see [`timestamp`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Time(pub Option<EpochMillis>);

impl FromScalar for Time {
    fn from_number(value: f64) -> Self {
        Time(timestamp::from_epoch_number(value))
    }
    fn from_text(value: &str) -> Self {
        Time(timestamp::parse(value))
    }
    fn from_bool(_: bool) -> Self {
        Time(None)
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FromScalarVisitor(PhantomData))
    }
}

/// A nested object: a JSON object is read as `T`; any other value becomes absent.
#[derive(Clone, Debug, PartialEq)]
pub struct Obj<T>(pub Option<Box<T>>);

impl<T> Default for Obj<T> {
    fn default() -> Self {
        Self(None)
    }
}

impl<T> Obj<T> {
    pub fn get(&self) -> Option<&T> {
        self.0.as_deref()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Obj<T>, A::Error> {
                Ok(Obj(Some(Box::new(T::deserialize(
                    MapAccessDeserializer::new(map),
                )?))))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Obj<T>, A::Error> {
                IgnoredAny::deserialize(SeqAccessDeserializer::new(seq))?;
                Ok(Obj(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// How many records may nest inside one another (envelope → detail → findings …). Real exports
/// nest at most four deep; deeper nesting is skipped, which keeps the stack small (a record
/// struct is large, and wasm has a 1 MiB stack).
pub const MAX_RECORD_NESTING: u32 = 8;

thread_local! {
    static RECORD_NESTING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Counts one level of record nesting for as long as it lives.
pub struct NestingGuard {
    entered: bool,
}

impl NestingGuard {
    /// Enters one level; `None` when the limit is reached.
    pub fn enter() -> Option<Self> {
        RECORD_NESTING.with(|depth| {
            let current = depth.get();
            if current >= MAX_RECORD_NESTING {
                None
            } else {
                depth.set(current + 1);
                Some(Self { entered: true })
            }
        })
    }
}

impl Drop for NestingGuard {
    fn drop(&mut self) {
        if self.entered {
            RECORD_NESTING.with(|depth| depth.set(depth.get().saturating_sub(1)));
        }
    }
}

/// A nested record (an envelope's `detail`, a wrapper's findings): like [`Obj`], but beyond
/// [`MAX_RECORD_NESTING`] levels the value is skipped instead of read.
#[derive(Clone, Debug, PartialEq)]
pub struct Nested<T>(pub Option<Box<T>>);

impl<T> Default for Nested<T> {
    fn default() -> Self {
        Self(None)
    }
}

impl<T> Nested<T> {
    pub fn get(&self) -> Option<&T> {
        self.0.as_deref()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nested<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match NestingGuard::enter() {
            Some(_guard) => Ok(Nested(Obj::<T>::deserialize(deserializer)?.0)),
            None => {
                IgnoredAny::deserialize(deserializer)?;
                Ok(Nested(None))
            }
        }
    }
}

/// A list: a JSON array is read element by element as `T` (itself lenient); any other value
/// becomes an empty list.
#[derive(Clone, Debug, PartialEq)]
pub struct List<T>(pub Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<T>()? {
                    items.push(item);
                }
                Ok(List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<List<T>, A::Error> {
                IgnoredAny::deserialize(MapAccessDeserializer::new(map))?;
                Ok(List(Vec::new()))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Probe<'a> {
        #[serde(default, borrow)]
        s: Str<'a>,
        #[serde(default)]
        n: Num,
        #[serde(default)]
        b: Bool,
        #[serde(default)]
        o: Obj<Inner>,
        #[serde(default, borrow)]
        v: List<Str<'a>>,
    }

    #[derive(serde::Deserialize)]
    struct Inner {
        #[serde(default)]
        x: Num,
    }

    fn probe(text: &str) -> Probe<'_> {
        match serde_json::from_str(text) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn wrong_types_become_absent_instead_of_failing() {
        let p = probe(r#"{"s":{"a":1},"n":[1],"b":"maybe","o":"text","v":{"k":1}}"#);
        assert_eq!(p.s.0, None);
        assert_eq!(p.n.0, None);
        assert_eq!(p.b.0, None);
        assert!(p.o.0.is_none());
        assert!(p.v.0.is_empty());
    }

    #[test]
    fn strings_holding_numbers_and_booleans_are_read() {
        let p = probe(r#"{"s":5,"n":"74","b":"false","o":{"x":"1.5"},"v":["a",1,null]}"#);
        assert_eq!(p.s.0.as_deref(), Some("5"));
        assert_eq!(p.n.0, Some(74.0));
        assert_eq!(p.b.0, Some(false));
        assert_eq!(p.o.0.and_then(|i| i.x.0), Some(1.5));
        assert_eq!(p.v.0.len(), 3);
    }

    #[test]
    fn the_null_placeholder_string_is_absent() {
        assert_eq!(probe(r#"{"s":"null"}"#).s.0, None);
    }
}
