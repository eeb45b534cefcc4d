//! The answer as JSON, compact or complete.
//!
//! The compact form (the default) lists what is particular to the place — its perimeters, what
//! is inside, in its quartier or near — in a short form, and only counts what concerns the whole
//! commune or territory, with links to those lists in full. The complete form lists every item
//! with every field. Both carry the same totals, so nothing is hidden: a client can tell how
//! many actions concern the place without downloading them.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::answer::{ActionImpact, Entry, Impact, ImpactReport, PerimeterImpact, Scope, GROUPS};
use crate::model::{FuzzyDate, GeometryPrecision};

/// How much of each item the answer gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Place-specific items in short form; commune and territory scopes counted.
    #[default]
    Resume,
    /// Every item, every field.
    Complet,
}

impl Detail {
    pub fn code(self) -> &'static str {
        match self {
            Self::Resume => "resume",
            Self::Complet => "complet",
        }
    }

    /// `resume` (or `résumé`) and `complet`.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "resume" | "résumé" => Some(Self::Resume),
            "complet" => Some(Self::Complet),
            _ => None,
        }
    }
}

/// Which scopes and groups a view lists; empty means the form's default (every group; the
/// *ici* scope in the compact form, every scope in the complete one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub scopes: Vec<Scope>,
    /// Group keys (`operations`, `actions`...), as in [`GROUPS`].
    pub groups: Vec<&'static str>,
}

impl Selection {
    /// The group key of `name`, if it is one.
    pub fn group_key(name: &str) -> Option<&'static str> {
        GROUPS.iter().map(|(key, _)| *key).find(|key| *key == name)
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

/// An item that has a compact form.
pub trait AnswerItem: Serialize {
    fn scope(&self) -> Scope;
    fn compact(&self) -> impl Serialize + '_;
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
        serde_json::to_string(self).expect("an answer always serializes")
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
        map.serialize_entry("portees", &EntriesView(&r.scopes))?;
        map.serialize_entry("totaux", &TotalsView(r))?;
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

/// The query with `detail=` set (the compact form is the default: no parameter).
pub(super) fn with_detail(query: &str, detail: Detail) -> String {
    match detail {
        Detail::Resume => query.to_string(),
        Detail::Complet => format!("{query}&detail=complet"),
    }
}

/// Serializes pairs as a JSON object, keeping their order.
pub(super) fn pairs_as_map<S, K, V>(pairs: &[(K, V)], serializer: S) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    K: Serialize,
    V: Serialize,
{
    let mut map = serializer.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

fn is_zero(m: &f64) -> bool {
    *m == 0.0
}

/// The compact form of an operation, equipment, centrality or corridor.
#[derive(Serialize)]
struct CompactImpact<'a> {
    id: &'a str,
    titre: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    territoire: &'a str,
    portee: Scope,
    relation: super::Relation,
    #[serde(skip_serializing_if = "is_zero")]
    distance_m: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    part_surface: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    statut: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    programme: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_debut: Option<FuzzyDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_fin: Option<FuzzyDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dates: Option<&'a str>,
    precision_geometrie: GeometryPrecision,
    raison: &'a str,
    lien: &'a str,
}

impl AnswerItem for Impact {
    fn scope(&self) -> Scope {
        self.portee
    }

    fn compact(&self) -> impl Serialize + '_ {
        CompactImpact {
            id: &self.id,
            titre: &self.titre,
            kind: &self.kind,
            territoire: &self.territoire,
            portee: self.portee,
            relation: self.relation,
            distance_m: self.distance_m,
            part_surface: self.part_surface,
            statut: self.statut.as_deref(),
            programme: self.programme.as_deref(),
            date_debut: self.date_debut,
            date_fin: self.date_fin,
            dates: self.dates.as_deref(),
            precision_geometrie: self.precision_geometrie,
            raison: &self.raison,
            lien: &self.lien,
        }
    }
}

/// The compact form of an action: no texts of results and perspectives.
#[derive(Serialize)]
struct CompactAction<'a> {
    id: &'a str,
    code: &'a str,
    titre: &'a str,
    pilier: &'a str,
    programme: &'a str,
    territoire: &'a str,
    portee: Scope,
    relation: super::Relation,
    perimetre_realisation: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    statut: Option<&'a str>,
    raison: &'a str,
    lien: &'a str,
}

impl AnswerItem for ActionImpact {
    fn scope(&self) -> Scope {
        self.portee
    }

    fn compact(&self) -> impl Serialize + '_ {
        CompactAction {
            id: &self.id,
            code: &self.code,
            titre: &self.titre,
            pilier: &self.pilier,
            programme: &self.programme,
            territoire: &self.territoire,
            portee: self.portee,
            relation: self.relation,
            perimetre_realisation: &self.perimetre_realisation,
            statut: self.statut.as_deref(),
            raison: &self.raison,
            lien: &self.lien,
        }
    }
}

/// The report on its own serializes in its complete form, every scope: what exports and
/// programs that keep the whole answer read.
impl Serialize for ImpactReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        AnswerView::new(self, Detail::Complet, &Selection::default()).serialize(serializer)
    }
}
