//! The dataset's own names as searchable places, so the search works before any address is
//! imported: quartiers (locality), operations and equipment (poi), communes (municipality).

use std::collections::HashSet;

use geo::InteriorPoint;
use geodata::catalog::Catalog;
use geodata::layer::Feature;
use geodata::territory::Territory;

use crate::index::{Index, IndexBuilder, Kind, PlaceInfo};

/// An index of every named place of `catalog`.
pub fn index(catalog: &Catalog) -> Index {
    let mut builder = IndexBuilder::new();
    let mut local_codes = HashSet::new();
    for t in &catalog.territories {
        let slug = t.slug().to_string();
        let city_of = |codes: &[String]| commune_names(t, codes);
        for f in t.communes.features() {
            let c = &f.props;
            add(
                &mut builder,
                Kind::Municipality,
                c.insee.clone(),
                &c.name,
                &c.insee,
                &c.name,
                f,
                &slug,
                "commune",
            );
        }
        for f in t.perimeters.features() {
            let p = &f.props;
            local_codes.insert(p.code.clone());
            let (citycode, city) = city_of(&p.communes);
            add(
                &mut builder,
                Kind::Locality,
                format!("{slug}:{}", p.code),
                &p.name,
                &citycode,
                &city,
                f,
                &slug,
                p.kind.label_fr(),
            );
        }
        for f in t.operations.features() {
            let o = &f.props;
            let (citycode, city) = city_of(&o.communes);
            let category = format!("opération : {}", o.kind.label_fr());
            add(
                &mut builder,
                Kind::Poi,
                format!("{slug}:{}", o.id),
                &o.title,
                &citycode,
                &city,
                f,
                &slug,
                &category,
            );
        }
        for f in t.equipment.features() {
            let e = &f.props;
            let (citycode, city) = city_of(&e.communes);
            add(
                &mut builder,
                Kind::Poi,
                format!("{slug}:{}", e.id),
                &e.name,
                &citycode,
                &city,
                f,
                &slug,
                &e.kind,
            );
        }
    }
    for f in catalog.national.qpv.features() {
        let p = &f.props;
        if local_codes.contains(&p.code) {
            continue;
        }
        let citycode = p.communes.first().cloned().unwrap_or_default();
        add(
            &mut builder,
            Kind::Locality,
            p.code.clone(),
            &p.name,
            &citycode,
            "",
            f,
            "",
            p.kind.label_fr(),
        );
    }
    builder.finish(vec!["catalogue".into()])
}

#[allow(clippy::too_many_arguments)]
fn add<P>(
    builder: &mut IndexBuilder,
    kind: Kind,
    id: String,
    name: &str,
    citycode: &str,
    city: &str,
    feature: &Feature<P>,
    territory: &str,
    category: &str,
) {
    // A place without a usable geometry cannot be shown on the map: leave it out.
    let Some(point) = feature.geometry.interior_point() else {
        return;
    };
    if name.trim().is_empty() || !point.x().is_finite() || !point.y().is_finite() {
        return;
    }
    builder.add_place(
        kind,
        id,
        name.to_string(),
        citycode.to_string(),
        city.to_string(),
        (point.x(), point.y()),
        PlaceInfo {
            territoire: territory.to_string(),
            categorie: category.to_string(),
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
