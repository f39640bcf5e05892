//! Repeated keys: a JSON object that names a key twice (`updatedAt`, `service`) is read as
//! `JSON.parse` reads it — the last value wins — instead of failing the record. The wire
//! structs refuse a repeated field (and a camelCase key next to its PascalCase alias), so the
//! record is rebuilt once without the repeats and parsed again; the caller warns with the key
//! and its position.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::fmt;

/// At most this many different repeated keys are folded in one record before giving up.
const MAX_FOLDED_KEYS: usize = 16;

/// The key serde named in a "duplicate field" error, if that is what the error is.
pub(super) fn duplicate_key(error: &serde_json::Error) -> Option<String> {
    let text = error.to_string();
    let rest = text.strip_prefix("duplicate field `")?;
    let end = rest.find('`')?;
    Some(rest[..end].to_owned())
}

/// The record's bytes rebuilt without repeated keys (last value kept), and every key that
/// was repeated, or `None` when the record is not readable even so.
pub(super) fn without_repeats(bytes: &[u8], first_key: &str) -> Option<(Vec<u8>, Vec<String>)> {
    let mut folded: HashSet<String> = HashSet::new();
    folded.insert(first_key.to_ascii_lowercase());
    loop {
        let mut repeated = Vec::new();
        let seed = Ordered {
            folded: &folded,
            repeated: &mut repeated,
        };
        let mut reader = serde_json::Deserializer::from_slice(bytes);
        let value = seed.deserialize(&mut reader).ok()?;
        let rebuilt = serde_json::to_vec(&value).ok()?;
        match super::wire::parse_top(&rebuilt) {
            Ok(_) => {
                if !repeated
                    .iter()
                    .any(|k: &String| k.eq_ignore_ascii_case(first_key))
                {
                    repeated.insert(0, first_key.to_owned());
                }
                return Some((rebuilt, repeated));
            }
            Err(error) => {
                let key = duplicate_key(&error)?.to_ascii_lowercase();
                if folded.len() >= MAX_FOLDED_KEYS || !folded.insert(key) {
                    return None;
                }
            }
        }
    }
}

/// Builds a [`Value`] keeping the last of repeated keys; keys whose lower-case form is in
/// `folded` are compared without case (a camelCase key and its PascalCase alias).
struct Ordered<'s> {
    folded: &'s HashSet<String>,
    repeated: &'s mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for Ordered<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Ordered<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let seed = Ordered {
                folded: self.folded,
                repeated: &mut *self.repeated,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Value)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let seed = Ordered {
                folded: self.folded,
                repeated: &mut *self.repeated,
            };
            let value = map.next_value_seed(seed)?;
            let lower = key.to_ascii_lowercase();
            let fold = self.folded.contains(&lower);
            let earlier = entries
                .iter()
                .position(|(k, _)| *k == key || fold && k.eq_ignore_ascii_case(&key));
            if let Some(index) = earlier {
                entries.remove(index);
                if !self.repeated.contains(&key) {
                    self.repeated.push(key.clone());
                }
            }
            entries.push((key, value));
        }
        let mut object = Map::new();
        for (key, value) in entries {
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_of_a_repeated_key_wins() {
        let bytes = br#"{"id":"a","type":"Recon:EC2/Portscan","service":{"count":1},"service":{"count":7}}"#;
        let error = match super::super::wire::parse_top(bytes) {
            Err(error) => error,
            Ok(_) => panic!("the wire structs accepted a repeated key"),
        };
        let key = duplicate_key(&error).unwrap_or_default();
        assert_eq!(key, "service");
        let (rebuilt, repeated) = without_repeats(bytes, &key).unwrap_or_default();
        assert_eq!(repeated, vec!["service".to_owned()]);
        let value: Value = serde_json::from_slice(&rebuilt).unwrap_or_default();
        assert_eq!(value["service"]["count"], 7);
    }

    #[test]
    fn a_camel_case_key_beside_its_pascal_case_alias_keeps_the_last() {
        let bytes = br#"{"UpdatedAt":"2019-01-01T00:00:00Z","updatedAt":"2020-01-01T00:00:00Z"}"#;
        let (rebuilt, repeated) = without_repeats(bytes, "updatedAt").unwrap_or_default();
        assert_eq!(repeated, vec!["updatedAt".to_owned()]);
        let value: Value = serde_json::from_slice(&rebuilt).unwrap_or_default();
        assert_eq!(value.get("UpdatedAt"), None);
        assert_eq!(value["updatedAt"], "2020-01-01T00:00:00Z");
    }
}
