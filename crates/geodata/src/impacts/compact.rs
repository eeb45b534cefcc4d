//! The compact form of an answer item (what the default answer lists of it), and the JSON of
//! an item prepared once per data version in both forms.

use std::sync::Arc;

use serde::Serialize;
use serde_json::value::RawValue;

use super::types::{ActionImpact, Dating, Impact, PreparedItem, Relation, Scope, ScopeSummary};
use crate::model::{DateOrigin, FuzzyDate, GeometryPrecision, Interpretation, PlacementBasis};

/// An item that has a compact form.
pub trait AnswerItem: Serialize {
    fn scope(&self) -> Scope;
    fn compact(&self) -> impl Serialize + '_;
}

impl<T: AnswerItem> PreparedItem<T> {
    pub(super) fn new(item: T) -> Arc<Self> {
        let compact = raw(&item.compact());
        let full = raw(&item);
        Arc::new(Self {
            item,
            compact,
            full,
        })
    }
}

impl PreparedItem<ScopeSummary> {
    /// A summary has one form.
    pub(super) fn summary(item: ScopeSummary) -> Arc<Self> {
        let full = raw(&item);
        Arc::new(Self {
            compact: full.clone(),
            item,
            full,
        })
    }
}

fn raw(value: &impl Serialize) -> Box<RawValue> {
    serde_json::value::to_raw_value(value).expect("answer items always serialize")
}

fn is_zero(m: &f64) -> bool {
    *m == 0.0
}

/// The compact form of an item's [`Dating`]: without the sentence, which its reason says.
#[derive(Serialize)]
struct CompactDating {
    statut_date: Option<FuzzyDate>,
    statut_date_origine: DateOrigin,
    perime: bool,
}

impl CompactDating {
    fn of(d: &Dating) -> Self {
        Self {
            statut_date: d.statut_date,
            statut_date_origine: d.statut_date_origine,
            perime: d.perime,
        }
    }
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
    relation: Relation,
    #[serde(skip_serializing_if = "is_zero")]
    distance_m: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    part_surface: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    statut: Option<&'a str>,
    /// Beside every status: its date, its origin, whether it is to be checked (the reason
    /// says « état connu en 2019, à vérifier »).
    #[serde(flatten)]
    datation: Option<CompactDating>,
    #[serde(skip_serializing_if = "Option::is_none")]
    programme: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_debut: Option<FuzzyDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_fin: Option<FuzzyDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dates: Option<&'a str>,
    precision_geometrie: GeometryPrecision,
    #[serde(skip_serializing_if = "Option::is_none")]
    emplacement: Option<PlacementBasis>,
    #[serde(skip_serializing_if = "<[Interpretation]>::is_empty")]
    interpretations: &'a [Interpretation],
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
            datation: self.datation.as_ref().map(CompactDating::of),
            programme: self.programme.as_deref(),
            date_debut: self.date_debut,
            date_fin: self.date_fin,
            dates: self.dates.as_deref(),
            precision_geometrie: self.precision_geometrie,
            emplacement: self.emplacement,
            interpretations: &self.interpretations,
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
    relation: Relation,
    perimetre_realisation: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    statut: Option<&'a str>,
    #[serde(flatten)]
    datation: Option<CompactDating>,
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
            datation: self.datation.as_ref().map(CompactDating::of),
            raison: &self.raison,
            lien: &self.lien,
        }
    }
}
