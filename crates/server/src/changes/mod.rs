//! What changed in the served data, and for whom: the store's history of every feature
//! ([`store::history`]) served beside the catalog it belongs to, the places, quartiers,
//! communes and territories a change concerns ([`scope`], with the impact query's own rules),
//! its French wording ([`text`]) and its Atom form ([`atom`]).

pub mod atom;
pub mod scope;
pub mod text;

use std::sync::Arc;

use geodata::catalog::Catalog;
use geodata::impacts::{AnswerParts, Answerer};
use serde::Serialize;
use store::history::{
    ChangeKind, FeatureChange, FieldChange, GeometryEdit, History, VersionChanges,
};
use store::layer_id::NATIONAL;
use store::LayerId;

/// Said when the server serves files rather than a store: there is no history to read.
pub const NO_STORE: &str = "historique indisponible : ce serveur sert des fichiers, pas un magasin de versions (quartiers serve --store)";

/// The history served with a snapshot.
#[derive(Debug, Default)]
pub struct Changes {
    pub history: History,
    /// The current features and the removed ones, for the place rules of removals.
    pub removed: Catalog,
    /// The prepared parts of answers on `removed`, each territory's built on first use.
    removed_parts: AnswerParts,
}

impl Changes {
    /// The history of `store` (computing only the versions `previous` lacks) and its removed
    /// features. A history that cannot be read leaves `previous` in place: the data are
    /// served all the same.
    pub fn load(
        store: &dyn store::Store,
        previous: &Arc<Changes>,
        only: &[String],
    ) -> Arc<Changes> {
        let loaded = previous.history.updated(store).and_then(|history| {
            let (removed, report) = store::removed::removed_catalog(store, &history, only)?;
            for issue in &report.issues {
                tracing::warn!("{issue}");
            }
            let removed_parts = AnswerParts::new(&removed);
            Ok(Changes {
                history,
                removed,
                removed_parts,
            })
        });
        match loaded {
            Ok(changes) => Arc::new(changes),
            Err(e) => {
                tracing::warn!(erreur = %e, "historique illisible : l'historique servi reste en place");
                previous.clone()
            }
        }
    }

    /// Whether there is any removed feature to look for.
    pub fn has_removed(&self) -> bool {
        !self.removed.territories.is_empty() || !self.removed.national.qpv.is_empty()
    }

    /// What answers a place on the removed features.
    pub fn removed_answerer(&self) -> Answerer<'_> {
        Answerer::new(&self.removed, &self.removed_parts)
    }
}

/// An item of the API: its collection and its id in URLs (`{slug}:{id}`, the code for `qpv`).
pub type ItemKey = (String, String);

/// One change of one feature in one version.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'h> {
    pub version: &'h VersionChanges,
    pub change: &'h FeatureChange,
}

impl<'h> Entry<'h> {
    pub fn layer(&self) -> LayerId {
        self.version.layer
    }

    pub fn collection(&self) -> &'static str {
        self.version.layer.as_str()
    }

    /// The territory's slug; `None` for the national layer.
    pub fn territory(&self) -> Option<&'h str> {
        let t = self.version.version.territory.as_str();
        (t != NATIONAL).then_some(t)
    }

    /// The item's id in the API's URLs.
    pub fn item_id(&self) -> String {
        item_id(
            &self.version.version.territory,
            self.version.layer,
            &self.change.id,
        )
    }

    pub fn key(&self) -> ItemKey {
        (self.collection().to_string(), self.item_id())
    }

    pub fn date(&self) -> &'h str {
        &self.version.version.date
    }
}

/// The API id of a feature of a layer of a territory.
pub fn item_id(territory: &str, layer: LayerId, id: &str) -> String {
    if layer.is_national() || territory == NATIONAL {
        id.to_string()
    } else {
        format!("{territory}:{id}")
    }
}

/// The territory and layer id of an API item id of a collection, if the collection is a
/// versioned layer.
pub fn feature_of(collection: &str, item: &str) -> Option<(String, LayerId, String)> {
    let layer: LayerId = collection.parse().ok()?;
    if layer.is_national() {
        return Some((NATIONAL.to_string(), layer, item.to_string()));
    }
    let (slug, id) = item.split_once(':')?;
    Some((slug.to_string(), layer, id.to_string()))
}

/// Which changes a request wants.
#[derive(Debug, Default)]
pub struct Selection {
    /// RFC 3339 UTC instant: changes published at or after it.
    pub since: Option<String>,
    /// Every scope must admit a change.
    pub scopes: Vec<scope::Scope>,
}

impl Changes {
    /// The changes selected, newest first, without the bundled versions (the start of the
    /// history, not news).
    pub fn select<'h>(&'h self, selection: &'h Selection) -> impl Iterator<Item = Entry<'h>> {
        self.history
            .versions()
            .rev()
            .filter(|v| !v.initial)
            .filter(move |v| {
                selection
                    .since
                    .as_deref()
                    .is_none_or(|s| v.version.date.as_str() >= s)
            })
            .flat_map(|v| {
                v.changes
                    .iter()
                    .map(move |change| Entry { version: v, change })
            })
            .filter(move |e| selection.scopes.iter().all(|s| s.admits(e)))
    }

    /// The changes of one feature, newest first, the bundled addition included.
    pub fn of_item<'h>(&'h self, territory: &str, layer: LayerId, id: &str) -> Vec<Entry<'h>> {
        self.history
            .of_feature(territory, layer, id)
            .into_iter()
            .map(|(version, change)| Entry { version, change })
            .collect()
    }

    /// The date of the latest version, whatever it concerns.
    pub fn latest_date(&self) -> Option<&str> {
        self.history
            .versions()
            .next_back()
            .map(|v| v.version.date.as_str())
    }
}

/// The JSON form of a change, with its French wording and links.
#[derive(Debug, Serialize)]
pub struct EntryJson<'h> {
    pub version: u64,
    pub date: &'h str,
    pub auteur: &'h str,
    /// The admin credential that published it, when one did.
    pub jeton: Option<&'h str>,
    pub commentaire: &'h str,
    pub retour_a: Option<u64>,
    /// A version made from the bundled data when the store was created.
    pub etat_initial: bool,
    pub territoire: Option<&'h str>,
    pub collection: &'static str,
    pub id: String,
    pub nom: &'h str,
    pub nature: ChangeKind,
    pub champs: &'h [FieldChange],
    pub geometrie: Option<&'h GeometryEdit>,
    pub titre: String,
    pub resume: String,
    pub liens: Links,
}

/// Where to read more about a change.
#[derive(Debug, Serialize)]
pub struct Links {
    /// The item in the API (absent once removed).
    pub objet: Option<String>,
    pub historique: String,
    /// The item on the map.
    pub carte: String,
}

impl<'h> Entry<'h> {
    pub fn to_json(&self, links: Links) -> EntryJson<'h> {
        let v = &self.version.version;
        EntryJson {
            version: v.number,
            date: &v.date,
            auteur: &v.author,
            jeton: v.credential.as_deref(),
            commentaire: &v.comment,
            retour_a: v.rollback_of,
            etat_initial: self.version.initial,
            territoire: self.territory(),
            collection: self.collection(),
            id: self.item_id(),
            nom: &self.change.nom,
            nature: self.change.nature,
            champs: &self.change.champs,
            geometrie: self.change.geometrie.as_ref(),
            titre: text::title(self),
            resume: text::summary(self),
            liens: links,
        }
    }
}
