//! The subject of a feed or of `/changements` — a place, a quartier, a commune or a
//! territory — resolved in a snapshot to the scope of the changes concerning it. The items
//! concerning a place are what `geodata::impacts::impacts` answers for it — on the current
//! data, and on the catalog of removed features for what is gone — so a change to an
//! operation placed on a quartier concerns every point in it, exactly as `/impacts` says.

use std::collections::HashSet;

use geo::{Geometry, InteriorPoint, MultiPolygon, Point};
use geodata::catalog::Catalog;
use geodata::impacts::{Group, ImpactReport, Place};
use geodata::layer::Feature;
use geodata::model::Perimeter;

use crate::changes::scope::Scope;
use crate::changes::ItemKey;
use crate::snapshot::Snapshot;

/// A named area nobody knows (a 404, converted in `crate::problems`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SubjectError {
    #[error("quartier « {0} » inconnu : ni périmètre d'un territoire chargé (code ou ancien code), ni QPV 2024 de la couche nationale")]
    Quartier(String),
    #[error("commune « {0} » inconnue des territoires chargés (code INSEE à 5 caractères) ; /collections/communes les liste")]
    Commune(String),
    #[error("territoire « {slug} » inconnu ; territoires chargés : {known}")]
    Territory { slug: String, known: String },
}

/// What a feed or a query is about: its scope, its name in French and a point on the map.
#[derive(Debug, Clone)]
pub struct Subject {
    pub scope: Scope,
    /// « le quartier Le Perrier - Château Rouge - Livron (QN07401M) ».
    pub label: String,
    /// A point inside it, for the map's link.
    pub anchor: Option<Point<f64>>,
}

/// The named areas whose changes can be followed: in `/changements?{param}=` and in the
/// Atom feed `/flux/{feed_segment}/{key}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Territory,
    Quartier,
    Commune,
}

impl Area {
    pub const ALL: [Area; 3] = [Area::Territory, Area::Quartier, Area::Commune];

    /// The parameter of `/changements`: `territoire`, `quartier`, `commune`.
    pub fn param(self) -> &'static str {
        match self {
            Area::Territory => "territoire",
            Area::Quartier => "quartier",
            Area::Commune => "commune",
        }
    }

    /// The feed's path segment: `territoires`, `quartiers`, `communes`.
    pub fn feed_segment(self) -> &'static str {
        match self {
            Area::Territory => "territoires",
            Area::Quartier => "quartiers",
            Area::Commune => "communes",
        }
    }

    pub fn from_param(param: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.param() == param)
    }

    pub fn from_feed_segment(segment: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.feed_segment() == segment)
    }

    /// The area `key` names (a slug, a code_qp, an INSEE code), or a 404 saying where the
    /// known ones are listed.
    pub fn subject(self, snapshot: &Snapshot, key: &str) -> Result<Subject, SubjectError> {
        match self {
            Area::Territory => territory(snapshot, key),
            Area::Quartier => quartier(snapshot, key),
            Area::Commune => commune(snapshot, key),
        }
    }
}

/// Every item the impact query says concerns `place`, now or, for removed features, when
/// they were last published.
pub fn concerning(snapshot: &Snapshot, place: &Place) -> HashSet<ItemKey> {
    let changes = &snapshot.changes;
    let mut keys = keys_of(&snapshot.answerer().impacts(place));
    if changes.has_removed() {
        keys.extend(keys_of(&changes.removed_answerer().impacts(place)));
    }
    keys
}

/// The item keys of an impact answer.
fn keys_of(r: &ImpactReport) -> HashSet<ItemKey> {
    r.item_refs()
        .into_iter()
        .map(|i| (i.collection.to_string(), i.feature_id))
        .collect()
}

/// A point: what concerns it.
pub fn point(snapshot: &Snapshot, lon: f64, lat: f64) -> Subject {
    let p = Point::new(lon, lat);
    let place = Place::Point(p);
    let keys = concerning(snapshot, &place);
    let commune = snapshot.answerer().impacts(&place).place.commune;
    let label = match commune {
        Some(c) => format!("ce lieu de {} ({lat:.5}, {lon:.5})", c.nom),
        None => format!("ce lieu ({lat:.5}, {lon:.5})"),
    };
    Subject {
        scope: Scope::Items(keys),
        label,
        anchor: Some(p),
    }
}

/// A QPV or quartier de veille, by its code, a former code, or a national QPV code: what
/// concerns its area, and the quartier itself.
pub fn quartier(snapshot: &Snapshot, code: &str) -> Result<Subject, SubjectError> {
    let changes = &snapshot.changes;
    let local = |catalog: &'_ Catalog| -> Option<(String, Feature<Perimeter>)> {
        catalog.territories.iter().find_map(|t| {
            t.perimeters
                .features()
                .iter()
                .find(|f| f.props.code == code || f.props.predecessors.iter().any(|c| c == code))
                .map(|f| (t.slug().to_string(), f.clone()))
        })
    };
    let national = |catalog: &'_ Catalog| catalog.national.qpv_by_code(code).cloned();
    let found = local(&snapshot.catalog)
        .map(|(slug, f)| (Some(slug), f))
        .or_else(|| national(&snapshot.catalog).map(|f| (None, f)))
        .or_else(|| local(&changes.removed).map(|(slug, f)| (Some(slug), f)))
        .or_else(|| national(&changes.removed).map(|f| (None, f)));
    let Some((slug, perimeter)) = found else {
        return Err(SubjectError::Quartier(code.to_string()));
    };
    let mut keys = area_keys(snapshot, &perimeter.geometry);
    let code = &perimeter.props.code;
    // The quartier itself: its national QPV, and its territory's perimeter.
    let national = Group::Perimetres.item_ref(None, code);
    keys.insert((national.collection.into(), national.feature_id));
    if let Some(slug) = &slug {
        let local = Group::Perimetres.item_ref(Some(slug), code);
        keys.insert((local.collection.into(), local.feature_id));
    }
    Ok(Subject {
        scope: Scope::Items(keys),
        label: format!(
            "le quartier {} ({})",
            perimeter.props.name, perimeter.props.code
        ),
        anchor: perimeter.geometry.interior_point(),
    })
}

/// A commune of a loaded territory, by its INSEE code: what concerns its area.
pub fn commune(snapshot: &Snapshot, insee: &str) -> Result<Subject, SubjectError> {
    let found = snapshot.catalog.territories.iter().find_map(|t| {
        t.communes
            .features()
            .iter()
            .find(|f| f.props.insee == insee)
            .map(|f| (t.slug(), f))
    });
    let Some((slug, commune)) = found else {
        return Err(SubjectError::Commune(insee.to_string()));
    };
    let mut keys = area_keys(snapshot, &commune.geometry);
    keys.insert(("communes".into(), format!("{slug}:{insee}")));
    Ok(Subject {
        scope: Scope::Items(keys),
        label: format!("la commune de {} ({insee})", commune.props.name),
        anchor: commune.geometry.interior_point(),
    })
}

/// A loaded territory, by its slug: its own layers, and the national QPV its area concerns.
pub fn territory(snapshot: &Snapshot, slug: &str) -> Result<Subject, SubjectError> {
    let Some(t) = snapshot
        .catalog
        .territories
        .iter()
        .find(|t| t.slug() == slug)
    else {
        let known: Vec<&str> = snapshot
            .catalog
            .territories
            .iter()
            .map(|t| t.slug())
            .collect();
        return Err(SubjectError::Territory {
            slug: slug.to_string(),
            known: known.join(", "),
        });
    };
    let boundary = t.boundary.features().first().map(|f| &f.geometry);
    let national = boundary
        .map(|g| {
            area_keys(snapshot, g)
                .into_iter()
                .filter(|(c, _)| c == "qpv")
                .collect()
        })
        .unwrap_or_default();
    Ok(Subject {
        scope: Scope::Territory {
            slug: slug.to_string(),
            national,
        },
        label: format!("le territoire {}", t.manifest.name),
        anchor: boundary.and_then(|g| g.interior_point()),
    })
}

/// What concerns a polygonal geometry (a point for anything else).
fn area_keys(snapshot: &Snapshot, g: &Geometry<f64>) -> HashSet<ItemKey> {
    let place = match g {
        Geometry::Polygon(p) => Place::Area(MultiPolygon(vec![p.clone()])),
        Geometry::MultiPolygon(mp) => Place::Area(mp.clone()),
        other => match other.interior_point() {
            Some(p) => Place::Point(p),
            None => return HashSet::new(),
        },
    };
    concerning(snapshot, &place)
}
