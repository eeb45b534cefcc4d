//! `quartiers territory init` without contour files (issue 29): an EPCI drafted from the
//! commune contours bundled in data/france/, their precision and vintage said; the EPCIs
//! hosting a QPV, in France and in a département.

use std::path::PathBuf;

use geo::Validation;
use geodata::france::France;
use geodata::model::GeometryPrecision;
use geodata::national::National;
use geodata::new_territory::{
    bundled_contours, draft, hosting_qpv, DraftOptions, BUNDLED_DOCUMENT, BUNDLED_NOTE,
    BUNDLED_PRECISION, BUNDLED_REASON,
};
use geodata::reference::Reference;

fn france_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/france")
}

#[test]
fn an_epci_drafted_from_the_bundled_contours_says_their_precision_and_vintage() {
    let dir = france_dir();
    let reference = Reference::load(&dir).unwrap();
    let (france, report) = France::load(&dir);
    assert!(!report.has_errors(), "{report}");
    let (national, report) = National::load(&dir);
    assert!(!report.has_errors(), "{report}");
    // CA Maubeuge Val de Sambre: 43 communes, 2018 contours for each.
    let epci = reference.epci("200043396").unwrap();
    let contours = bundled_contours(&france, epci);
    assert_eq!(contours.len(), epci.communes.len());
    assert!(contours.iter().all(|c| c.document == BUNDLED_DOCUMENT));
    let d = draft(
        epci,
        &contours,
        &national.qpv,
        &DraftOptions {
            slug: epci.default_slug(),
            precision: BUNDLED_PRECISION,
            reason: Some(BUNDLED_REASON.into()),
            attribution: None,
            contours_note: Some(BUNDLED_NOTE.into()),
        },
        "insee_com",
    )
    .unwrap();
    let s = &d.summary;
    assert_eq!(s.commune_count, 43);
    assert!(s.communes_missing.is_empty(), "{:?}", s.communes_missing);
    // Adjacent 2018 polygons are united, not « repaired »: none was invalid.
    assert!(s.communes_found.iter().all(|c| !c.repaired));
    for (commune, geometry) in &d.communes {
        assert_eq!(commune.placement.precision, GeometryPrecision::Approximate);
        assert!(
            commune.placement.reason.contains("2018"),
            "{}",
            commune.placement.reason
        );
        assert!(geometry.as_ref().unwrap().is_valid(), "{}", commune.insee);
        assert_eq!(commune.source.document, BUNDLED_DOCUMENT);
    }
    let (boundary, geometry) = &d.boundary[0];
    assert_eq!(boundary.placement.precision, GeometryPrecision::Approximate);
    assert!(geometry.as_ref().unwrap().is_valid());
    // The QPVs of Maubeuge, Jeumont, Hautmont... from the national layer.
    let expected: Vec<&str> = national
        .qpv
        .features()
        .iter()
        .filter(|f| {
            f.props
                .communes
                .iter()
                .any(|c| epci.communes.iter().any(|m| &m.insee == c))
        })
        .map(|f| f.props.code.as_str())
        .collect();
    let mut drafted: Vec<&str> = s.qpv.iter().map(|q| q.code.as_str()).collect();
    drafted.sort_unstable();
    let mut expected = expected;
    expected.sort_unstable();
    assert!(expected.len() >= 5);
    assert_eq!(drafted, expected);
    // territory.toml and the attribution say where the contours come from, and their vintage.
    assert!(d
        .manifest_text
        .contains("# Contours communaux : ceux fournis avec Quartiers"));
    assert!(d.manifest_text.contains("millésime 2018"));
    assert!(
        d.manifest
            .attribution
            .contains("IGN ADMIN EXPRESS COG 2018 simplifié"),
        "{}",
        d.manifest.attribution
    );
}

#[test]
fn the_epcis_hosting_a_qpv() {
    let dir = france_dir();
    let reference = Reference::load(&dir).unwrap();
    let (national, _) = National::load(&dir);
    assert_eq!(hosting_qpv(&reference, &national.qpv, None).len(), 344);
    let sirens = |d| {
        hosting_qpv(&reference, &national.qpv, Some(d))
            .iter()
            .map(|e| e.siren.clone())
            .collect::<Vec<_>>()
    };
    // Corse-du-Sud: the CA du Pays Ajaccien and the CC du Sud Corse (Porto-Vecchio).
    assert_eq!(sirens("2A"), ["200040764", "242010056"]);
    assert_eq!(sirens("976").len(), 5);
    assert!(sirens("99").is_empty());
}
