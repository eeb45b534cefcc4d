//! The answer as JSON, compact or complete.
//!
//! The compact form (the default) lists what is particular to the place — its perimeters, what
//! is inside, in its quartier or near — in a short form, and only counts what concerns the whole
//! commune or territory, with links to those lists in full. The complete form lists every item
//! with every field. Both carry the same totals, so nothing is hidden: a client can tell how
//! many actions concern the place without downloading them.

use crate::national_answer::NationalView;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::compact::AnswerItem;
use super::group::Group;
use super::links::with_detail;
use super::types::{Detail, Entry, ImpactReport, PerimeterImpact, Scope};

/// Which scopes and groups a view lists; empty means the form's default (every group; the
/// *ici* scope in the compact form, every scope in the complete one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub scopes: Vec<Scope>,
    /// Group keys (`operations`, `actions`...), as in [`Group::key`].
    pub groups: Vec<&'static str>,
}

impl Selection {
    /// The group key of `name`, if it is one.
    pub fn group_key(name: &str) -> Option<&'static str> {
        Group::from_key(name).map(Group::key)
    }

    fn lists_group(&self, key: &str) -> bool {
        self.groups.is_empty() || self.groups.contains(&key)
    }

    fn lists_scope(&self, scope: Scope, detail: Detail) -> bool {
        if self.scopes.is_empty() {
            detail == Detail::Complet || scope == Scope::Ici
        } else {
            self.scopes.contains(&scope)
        }
    }

    /// Perimeters are the place's standing: listed whatever their scope unless scopes are
    /// chosen.
    fn lists_perimeter(&self, scope: Scope) -> bool {
        self.scopes.is_empty() || self.scopes.contains(&scope)
    }
}

/// The report as one JSON document.
pub struct AnswerView<'a> {
    pub report: &'a ImpactReport,
    pub detail: Detail,
    pub selection: &'a Selection,
}

impl<'a> AnswerView<'a> {
    pub fn new(report: &'a ImpactReport, detail: Detail, selection: &'a Selection) -> Self {
        Self {
            report,
            detail,
            selection,
        }
    }

    pub fn to_json(&self) -> String {
        String::from_utf8(self.to_json_bytes()).expect("serde_json writes UTF-8")
    }

    /// The JSON as bytes, as a server sends it: not checked again for UTF-8.
    pub fn to_json_bytes(&self) -> Vec<u8> {
        // Most answers are 4–20 KB: starting there spares growing the buffer byte by byte
        // (each growth a copy of everything written so far).
        let mut out = Vec::with_capacity(16 * 1024);
        serde_json::to_writer(&mut out, self).expect("an answer always serializes");
        out
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("an answer always serializes")
    }
}

impl Serialize for AnswerView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.report;
        let (detail, selection) = (self.detail, self.selection);
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("lieu", &r.place)?;
        map.serialize_entry("territoires", &r.territories)?;
        map.serialize_entry("detail", detail.code())?;
        if *selection != Selection::default() {
            map.serialize_entry("selection", &SelectionView(selection))?;
        }
        // The groups' keys and French titles, in order: what clients title the lists with.
        map.serialize_entry("groupes", &Group::ALL)?;
        let perimeters: Vec<&PerimeterImpact> = if selection.lists_group("perimetres") {
            r.perimeters
                .iter()
                .filter(|p| selection.lists_perimeter(p.portee))
                .collect()
        } else {
            Vec::new()
        };
        map.serialize_entry("perimetres", &perimeters)?;
        let group = |key, items| GroupView {
            key,
            items,
            detail,
            selection,
        };
        map.serialize_entry("operations", &group("operations", &r.operations))?;
        map.serialize_entry("equipements", &group("equipements", &r.equipment))?;
        map.serialize_entry(
            "actions",
            &GroupView {
                key: "actions",
                items: &r.actions,
                detail,
                selection,
            },
        )?;
        map.serialize_entry("centralites", &group("centralites", &r.centralities))?;
        map.serialize_entry("corridors", &group("corridors", &r.corridors))?;
        map.serialize_entry(
            "references",
            &NationalView {
                answer: &r.references,
                detail,
            },
        )?;
        map.serialize_entry("portees", &EntriesView(&r.scopes))?;
        map.serialize_entry("totaux", &TotalsView(r))?;
        map.serialize_entry("a_verifier", &ToCheckView(r))?;
        if let Some(query) = &r.query {
            map.serialize_entry("liens", &links(query, detail))?;
        }
        map.serialize_entry("avertissements", &r.warnings)?;
        map.end()
    }
}

struct SelectionView<'a>(&'a Selection);

impl Serialize for SelectionView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        let scopes: Vec<&str> = self.0.scopes.iter().map(|s| s.code()).collect();
        map.serialize_entry("portee", &scopes)?;
        map.serialize_entry("groupe", &self.0.groups)?;
        map.end()
    }
}

/// One group's items in the view's form and selection.
struct GroupView<'a, T> {
    key: &'static str,
    items: &'a [Entry<T>],
    detail: Detail,
    selection: &'a Selection,
}

impl<T: AnswerItem> Serialize for GroupView<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        if self.selection.lists_group(self.key) {
            for entry in self.items {
                if !self.selection.lists_scope(entry.scope(), self.detail) {
                    continue;
                }
                match (entry, self.detail) {
                    (Entry::Shared(p), Detail::Resume) => seq.serialize_element(&*p.compact)?,
                    (Entry::Shared(p), Detail::Complet) => seq.serialize_element(&*p.full)?,
                    (Entry::Own(item), Detail::Resume) => seq.serialize_element(&item.compact())?,
                    (Entry::Own(item), Detail::Complet) => seq.serialize_element(item)?,
                }
            }
        }
        seq.end()
    }
}

/// Entries in their full form (the scope summaries).
struct EntriesView<'a, T>(&'a [Entry<T>]);

impl<T: Serialize> Serialize for EntriesView<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for entry in self.0 {
            match entry {
                Entry::Shared(p) => seq.serialize_element(&*p.full)?,
                Entry::Own(item) => seq.serialize_element(item)?,
            }
        }
        seq.end()
    }
}

/// Items per group, every scope, and in all: the same in both forms.
struct TotalsView<'a>(&'a ImpactReport);

impl Serialize for TotalsView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let totals = self.0.totals();
        let mut map = serializer.serialize_map(Some(totals.len() + 1))?;
        for (key, n) in totals {
            map.serialize_entry(key, &n)?;
        }
        map.serialize_entry("total", &self.0.total())?;
        map.end()
    }
}

/// Items whose status is stale or undated, per group and in all, every scope, and the day
/// they were judged on: what the answer says « à vérifier ».
struct ToCheckView<'a>(&'a ImpactReport);

impl Serialize for ToCheckView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let counts = self.0.to_check();
        let mut map = serializer.serialize_map(Some(counts.len() + 2))?;
        map.serialize_entry("date_reference", &self.0.date_reference)?;
        for (key, n) in counts {
            map.serialize_entry(key, &n)?;
        }
        map.serialize_entry("total", &counts.iter().map(|(_, n)| n).sum::<usize>())?;
        map.end()
    }
}

#[derive(Serialize)]
struct Link {
    rel: &'static str,
    title: &'static str,
    href: String,
}

fn links(query: &str, detail: Detail) -> [Link; 2] {
    let (other, title) = match detail {
        Detail::Resume => (
            Detail::Complet,
            "Réponse complète : chaque élément, chaque champ",
        ),
        Detail::Complet => (Detail::Resume, "Réponse résumée"),
    };
    [
        Link {
            rel: "self",
            title: "Cette réponse",
            href: with_detail(query, detail),
        },
        Link {
            rel: "alternate",
            title,
            href: with_detail(query, other),
        },
    ]
}

/// The report on its own serializes in its complete form, every scope: what exports and
/// programs that keep the whole answer read.
impl Serialize for ImpactReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        AnswerView::new(self, Detail::Complet, &Selection::default()).serialize(serializer)
    }
}
