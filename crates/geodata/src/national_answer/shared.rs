//! A national fact given by many answers — a commune's facts, a contract's posts, a source's
//! citation — with its JSON made once per data version: each answer clones an `Arc` and
//! writes the stored bytes, instead of building, escaping and copying the same text again.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

/// A value and its JSON, shared. Reads as the value (`Deref`), serialises as the stored JSON:
/// the same bytes `serde_json` writes for the value.
pub struct Shared<T>(Arc<Prepared<T>>);

struct Prepared<T> {
    value: T,
    json: Box<RawValue>,
}

impl<T: Serialize> Shared<T> {
    pub fn new(value: T) -> Self {
        let json = serde_json::value::to_raw_value(&value).expect("national facts serialise");
        Shared(Arc::new(Prepared { value, json }))
    }
}

impl<T> Shared<T> {
    /// The stored JSON.
    pub fn json(&self) -> &str {
        self.0.json.get()
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0.value
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0.value == other.0.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.value.fmt(f)
    }
}

impl<T> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.json.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, PartialEq, Debug)]
    struct Fact {
        nom: &'static str,
        texte: String,
    }

    #[test]
    fn writes_the_bytes_serde_json_writes_for_the_value() {
        let fact = Fact {
            nom: "Cité éducative",
            texte: "« signé » le 20/12/2019\n\"guillemets\"".to_string(),
        };
        let direct = serde_json::to_string(&vec![&fact]).unwrap();
        let shared = Shared::new(fact);
        assert_eq!(serde_json::to_string(&vec![&shared]).unwrap(), direct);
        assert_eq!(shared.nom, "Cité éducative");
        assert_eq!(shared.clone(), shared);
    }
}
