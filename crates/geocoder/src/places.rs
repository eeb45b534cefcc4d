//! The dataset's own names as searchable places, so the search works before any address is
//! imported: quartiers and îlots (locality), operations, equipment and centralities (poi),
//! communes (municipality). Each carries its French kind (`nature`) and its OGC API
//! collection and feature id, so the web map can merge it with the same feature of its own
//! index instead of listing it twice.
//!
//! With the national references loaded (`data/france`), every QPV of France, every commune
//! and arrondissement municipal and every contrat de ville too (`national`).

use std::collections::HashSet;

use geo::InteriorPoint;
use geodata::catalog::Catalog;
use geodata::contract::LayerId;
use geodata::layer::Feature;
use geodata::model::PerimeterKind;
use geodata::territory::Territory;

use crate::index::{Index, IndexBuilder, Kind, PlaceInfo};

mod national;

/// An index of every named place of `catalog`.
pub fn index(catalog: &Catalog) -> Index {
    let mut builder = IndexBuilder::new();
    let mut local_codes = HashSet::new();
    let mut local_communes = HashSet::new();
    for t in &catalog.territories {
        let slug = t.slug();
        for f in t.communes.features() {
            let c = &f.props;
            local_communes.insert(c.insee.clone());
            add(
                &mut builder,
                f,
                Place {
                    kind: Kind::Municipality,
                    id: c.insee.clone(),
                    name: c.name.clone(),
                    city: (c.insee.clone(), c.name.clone()),
                    territory: slug,
                    categorie: "commune".into(),
                    nature: "Commune",
                    collection: LayerId::Communes,
                    feature_id: format!("{slug}:{}", c.insee),
                },
            );
        }
        // A territory's item is indexed and published under `{slug}:{id}`.
        let item =
            |kind, id: &str, name: &str, communes: &[String], categorie, nature, collection| {
                let key = format!("{slug}:{id}");
                Place {
                    kind,
                    id: key.clone(),
                    name: name.to_string(),
                    city: commune_names(t, communes),
                    territory: slug,
                    categorie,
                    nature,
                    collection,
                    feature_id: key,
                }
            };
        for f in t.perimeters.features() {
            let p = &f.props;
            local_codes.insert(p.code.clone());
            let categorie = p.kind.label_fr().to_string();
            let nature = perimeter_nature(p.kind);
            let place = item(
                Kind::Locality,
                &p.code,
                &p.name,
                &p.communes,
                categorie,
                nature,
                LayerId::Perimetres,
            );
            add(&mut builder, f, place);
        }
        for f in t.operations.features() {
            let o = &f.props;
            let categorie = format!("opération : {}", o.kind.label_fr());
            let place = item(
                Kind::Poi,
                &o.id,
                &o.title,
                &o.communes,
                categorie,
                "Opération",
                LayerId::Operations,
            );
            add(&mut builder, f, place);
        }
        for f in t.equipment.features() {
            let e = &f.props;
            let place = item(
                Kind::Poi,
                &e.id,
                &e.name,
                &e.communes,
                e.kind.clone(),
                "Équipement",
                LayerId::Equipements,
            );
            add(&mut builder, f, place);
        }
        for f in t.centralities.features() {
            let c = &f.props;
            let categorie = format!("centralité : {}", c.level);
            let place = item(
                Kind::Poi,
                &c.id,
                &c.name,
                &c.communes,
                categorie,
                "Centralité",
                LayerId::Centralites,
            );
            add(&mut builder, f, place);
        }
        for f in t.ilots.features() {
            let i = &f.props;
            let place = item(
                Kind::Locality,
                &i.id,
                &i.name,
                &i.communes,
                "îlot".into(),
                "Îlot",
                LayerId::Ilots,
            );
            add(&mut builder, f, place);
        }
    }
    let france = &catalog.national.france;
    for f in catalog.national.qpv.features() {
        let p = &f.props;
        if local_codes.contains(&p.code) {
            continue;
        }
        add(
            &mut builder,
            f,
            Place {
                kind: Kind::Locality,
                id: p.code.clone(),
                name: p.name.clone(),
                // The communes' names, when the references know them: « Monplaisir Angers ».
                city: national::commune_names(france, &p.communes),
                territory: "",
                categorie: p.kind.label_fr().into(),
                nature: perimeter_nature(p.kind),
                collection: LayerId::Qpv,
                feature_id: p.code.clone(),
            },
        );
    }
    let spots = national::commune_spots(france);
    national::add_communes(&mut builder, france, &spots, &local_communes);
    national::add_contracts(&mut builder, france, &spots, &catalog.national.qpv);
    builder.finish(vec!["catalogue".into()])
}

/// The French word a search list shows for a perimeter.
fn perimeter_nature(kind: PerimeterKind) -> &'static str {
    match kind {
        PerimeterKind::Qpv => "Quartier prioritaire",
        PerimeterKind::VeilleActive => "Quartier de veille",
    }
}

/// One place of the dataset, as the index stores it.
struct Place<'a> {
    kind: Kind,
    /// The place's id in the index (kept as before: API Adresse clients may hold it).
    id: String,
    name: String,
    /// First commune's INSEE code and the communes' names.
    city: (String, String),
    territory: &'a str,
    categorie: String,
    nature: &'static str,
    /// OGC API collection (the layer contract's id) and feature id.
    collection: LayerId,
    feature_id: String,
}

fn add<P>(builder: &mut IndexBuilder, feature: &Feature<P>, place: Place<'_>) {
    // A place without a usable geometry cannot be shown on the map: leave it out.
    let Some(point) = feature.geometry.interior_point() else {
        return;
    };
    if place.name.trim().is_empty() || !point.x().is_finite() || !point.y().is_finite() {
        return;
    }
    let (citycode, city) = place.city;
    builder.add_place(
        place.kind,
        place.id,
        place.name,
        citycode,
        city,
        (point.x(), point.y()),
        PlaceInfo {
            territoire: place.territory.to_string(),
            categorie: place.categorie,
            nature: place.nature.to_string(),
            collection: place.collection.as_str().to_string(),
            identifiant: place.feature_id,
            bbox: None,
        },
    );
}

/// The first commune's code and every commune's name, joined (`Annemasse, Gaillard`).
fn commune_names(t: &Territory, codes: &[String]) -> (String, String) {
    let names: Vec<&str> = codes
        .iter()
        .filter_map(|code| {
            t.communes
                .features()
                .iter()
                .find(|c| &c.props.insee == code)
                .map(|c| c.props.name.as_str())
        })
        .collect();
    (codes.first().cloned().unwrap_or_default(), names.join(", "))
}
