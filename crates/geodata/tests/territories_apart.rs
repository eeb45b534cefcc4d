//! Four territories in one catalog (Annemasse, Maubeuge, Alès, Angers): every answer inside a
//! territory is made of that territory's data only, and the national layer's.

mod common;

use geo::InteriorPoint;
use geodata::impacts::Place;

#[test]
fn the_four_bundled_territories_are_loaded() {
    let slugs: Vec<&str> = common::catalog()
        .territories
        .iter()
        .map(|t| t.slug())
        .collect();
    assert_eq!(
        slugs,
        [
            "ales-agglomeration",
            "angers-loire-metropole",
            "annemasse-agglo",
            "maubeuge-val-de-sambre"
        ]
    );
}

/// At a point inside each member commune of each territory, the answer names that territory
/// alone, that commune, and no feature of another territory; and each territory's answers do
/// hold its own data (so the test cannot pass on empty answers).
#[test]
fn no_answer_mixes_two_territories() {
    let catalog = common::catalog();
    for territory in &catalog.territories {
        let slug = territory.slug();
        let mut own_items = 0;
        for commune in territory.communes.features() {
            let point = commune
                .geometry
                .interior_point()
                .expect("a commune has an interior");
            let r = common::answerer().impacts(&Place::Point(point));
            let at = format!("{slug}, commune {} ({:?})", commune.props.insee, point);
            let slugs: Vec<&str> = r.territories.iter().map(|t| t.slug.as_str()).collect();
            assert_eq!(slugs, [slug], "{at}");
            assert_eq!(
                r.place.commune.as_ref().map(|c| c.insee.as_str()),
                Some(commune.props.insee.as_str()),
                "{at}"
            );
            for p in &r.perimeters {
                assert!(
                    p.territoire.as_deref().is_none_or(|t| t == slug),
                    "{at}: perimeter {} of {:?}",
                    p.code,
                    p.territoire
                );
            }
            for item in r
                .operations
                .iter()
                .chain(&r.equipment)
                .chain(&r.centralities)
                .chain(&r.corridors)
            {
                assert_eq!(&*item.territoire, slug, "{at}: {} {}", item.kind, item.id);
            }
            for a in &r.actions {
                assert_eq!(a.territoire, slug, "{at}: action {}", a.id);
            }
            own_items +=
                r.operations.len() + r.equipment.len() + r.corridors.len() + r.actions.len();
        }
        assert!(own_items > 0, "{slug}: no answer held any of its data");
    }
}
