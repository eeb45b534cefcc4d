//! Property keys and values numbered once per collection, so a tile only renumbers the ones
//! it uses instead of hashing and copying every feature's strings.

use std::collections::HashMap;

use geozero::mvt::{tile, TileValue};

use crate::props::Props;

/// A value as a hashable key (doubles by their bits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ValueKey {
    Str(String),
    Int(i64),
    Uint(u64),
    Float(u32),
    Double(u64),
    Bool(bool),
}

impl From<&TileValue> for ValueKey {
    fn from(v: &TileValue) -> Self {
        match v {
            TileValue::Str(s) => ValueKey::Str(s.clone()),
            TileValue::Int(i) | TileValue::Sint(i) => ValueKey::Int(*i),
            TileValue::Uint(u) => ValueKey::Uint(*u),
            TileValue::Float(f) => ValueKey::Float(f.to_bits()),
            TileValue::Double(d) => ValueKey::Double(d.to_bits()),
            TileValue::Bool(b) => ValueKey::Bool(*b),
        }
    }
}

/// Every key and value of one collection.
#[derive(Debug, Clone, Default)]
pub struct TagTable {
    pub keys: Vec<String>,
    /// TileJSON type of each key's values (`String`, `Number`, `Boolean`).
    pub kinds: Vec<&'static str>,
    pub values: Vec<tile::Value>,
}

/// Builds a [`TagTable`] while features are numbered.
#[derive(Debug, Default)]
pub struct TagTableBuilder {
    table: TagTable,
    key_ids: HashMap<String, u32>,
    value_ids: HashMap<ValueKey, u32>,
}

impl TagTableBuilder {
    /// The feature's properties as (key, value) numbers, flattened as MVT stores them.
    pub fn intern(&mut self, props: &Props) -> Vec<u32> {
        let mut tags = Vec::with_capacity(props.len() * 2);
        for (key, value) in props {
            let k = match self.key_ids.get(key) {
                Some(&k) => k,
                None => {
                    let k = to_u32(self.table.keys.len());
                    self.table.keys.push(key.clone());
                    self.table.kinds.push(kind(value));
                    self.key_ids.insert(key.clone(), k);
                    k
                }
            };
            let v = *self
                .value_ids
                .entry(ValueKey::from(value))
                .or_insert_with(|| {
                    self.table.values.push(value.clone().into());
                    to_u32(self.table.values.len() - 1)
                });
            tags.extend([k, v]);
        }
        tags
    }

    pub fn finish(self) -> TagTable {
        self.table
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn kind(v: &TileValue) -> &'static str {
    match v {
        TileValue::Str(_) => "String",
        TileValue::Bool(_) => "Boolean",
        _ => "Number",
    }
}

/// The keys and values used by one layer of one tile, renumbered from the collection's.
#[derive(Debug, Default)]
pub struct TileTags {
    keys: HashMap<u32, u32>,
    values: HashMap<u32, u32>,
    out_keys: Vec<String>,
    out_values: Vec<tile::Value>,
}

impl TileTags {
    /// The tile's numbers for a feature's collection-wide `tags`.
    pub fn renumber(&mut self, table: &TagTable, tags: &[u32]) -> Vec<u32> {
        let mut out = Vec::with_capacity(tags.len());
        for pair in tags.chunks_exact(2) {
            let (k, v) = (pair[0], pair[1]);
            let key = *self.keys.entry(k).or_insert_with(|| {
                self.out_keys.push(table.keys[k as usize].clone());
                to_u32(self.out_keys.len() - 1)
            });
            let value = *self.values.entry(v).or_insert_with(|| {
                self.out_values.push(table.values[v as usize].clone());
                to_u32(self.out_values.len() - 1)
            });
            out.extend([key, value]);
        }
        out
    }

    pub fn finish(self) -> (Vec<String>, Vec<tile::Value>) {
        (self.out_keys, self.out_values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, TileValue)]) -> Props {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn equal_keys_and_values_are_stored_once() {
        let mut b = TagTableBuilder::default();
        let a = b.intern(&props(&[
            ("statut", TileValue::Str("programmé".into())),
            ("cout_eur", TileValue::Double(1.5)),
        ]));
        let c = b.intern(&props(&[
            ("cout_eur", TileValue::Double(1.5)),
            ("statut", TileValue::Str("réalisé".into())),
        ]));
        assert_eq!(a, [0, 0, 1, 1]);
        assert_eq!(c, [1, 1, 0, 2]);
        let t = b.finish();
        assert_eq!(t.keys, ["statut", "cout_eur"]);
        assert_eq!(t.kinds, ["String", "Number"]);
        assert_eq!(t.values.len(), 3);
    }

    #[test]
    fn a_tile_keeps_only_what_it_uses_in_first_use_order() {
        let mut b = TagTableBuilder::default();
        let first = b.intern(&props(&[("nom", TileValue::Str("A".into()))]));
        let second = b.intern(&props(&[
            ("code", TileValue::Str("X".into())),
            ("nom", TileValue::Str("B".into())),
        ]));
        let table = b.finish();
        let mut tile = TileTags::default();
        assert_eq!(tile.renumber(&table, &second), [0, 0, 1, 1]);
        assert_eq!(tile.renumber(&table, &first), [1, 2]);
        let (keys, values) = tile.finish();
        assert_eq!(keys, ["code", "nom"]);
        let strings: Vec<_> = values.iter().map(|v| v.string_value.as_deref()).collect();
        assert_eq!(strings, [Some("X"), Some("B"), Some("A")]);
    }
}
