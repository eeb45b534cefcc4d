//! The national references of `data/france/` as `geodata::france` loads them: the look-ups
//! answer what the raw files of `data/sources/raw/` say (read here directly, not through the
//! build script), and a broken file is refused with its line and column.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use geo::Point;
use geodata::catalog::Catalog;
use geodata::france::{CommuneKind, Dispositif, France, ProgrammeKind, Source, Via};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

fn france() -> &'static France {
    static FRANCE: OnceLock<France> = OnceLock::new();
    FRANCE.get_or_init(|| {
        let (france, report) = France::load(&data().join("france"));
        assert!(report.issues.is_empty(), "{report}");
        assert!(
            france.contour_report().issues.is_empty(),
            "{}",
            france.contour_report()
        );
        france
    })
}

fn raw_json(rel: &str) -> serde_json::Value {
    let path = data().join("sources/raw").join(rel);
    let bytes = std::fs::read(&path).unwrap();
    let mut text = String::new();
    if rel.ends_with(".gz") {
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut text)
            .unwrap();
    } else {
        text = String::from_utf8(bytes).unwrap();
    }
    serde_json::from_str(&text).unwrap()
}

#[test]
fn loads_every_contract_commune_qpv_and_station() {
    let f = france();
    assert!(f.is_loaded());
    assert_eq!(f.contracts().len(), 446);
    assert_eq!(f.communes().len(), 35_014);
    assert_eq!(
        f.communes()
            .iter()
            .filter(|c| c.kind == CommuneKind::ArrondissementMunicipal)
            .count(),
        45
    );
    assert_eq!(f.stations().len(), 9_140);
    assert_eq!(f.bpe_buckets().len(), 16);
    assert_eq!(f.npnru().len(), 448);
    assert_eq!(f.posts_without_contract().len(), 300);
    let posts: usize = f
        .contracts()
        .iter()
        .map(|c| f.posts(&c.code_cv).len())
        .sum();
    assert_eq!(posts + 300, 14_411, "every published row is kept");
    let qpv = geodata::national::National::load(&data().join("france")).0;
    for q in qpv.qpv.features() {
        assert!(f.qpv(&q.props.code).is_some(), "{}", q.props.code);
    }
}

/// Maubeuge Val de Sambre: the issue's « 28 adultes-relais and 10 FONJEP posts » are the 2025
/// rows; the 10 FONJEP rows are 6 posts (rows repeated as published).
#[test]
fn maubeuge_contract_posts_and_programmes() {
    let f = france();
    let c = f.contract("CN05903M").unwrap();
    assert_eq!(c.name(), "59 - CA Maubeuge Val de Sambre");
    assert!(c.is_2024_2030());
    assert_eq!(c.generation, "Engagements Quartiers 2030 (2024-2030)");
    assert_eq!(c.areas[0].codgeo, "200043396");
    assert_eq!(c.areas[0].level, Via::Epci);
    let count = |d: Dispositif, y: u16| {
        f.posts("CN05903M")
            .iter()
            .filter(|p| p.dispositif == d && p.year == y)
            .count()
    };
    assert_eq!(count(Dispositif::AdulteRelais, 2025), 28);
    assert_eq!(count(Dispositif::Fonjep, 2025), 10);
    assert_eq!(count(Dispositif::AdulteRelais, 2024), 38);
    assert_eq!(count(Dispositif::Fonjep, 2024), 5);
    let fonjep_2025: BTreeSet<&str> = f
        .posts("CN05903M")
        .iter()
        .filter(|p| p.dispositif == Dispositif::Fonjep && p.year == 2025)
        .map(|p| p.id_poste.as_str())
        .collect();
    assert_eq!(fonjep_2025.len(), 6);
    let ar = f
        .posts("CN05903M")
        .iter()
        .find(|p| p.dispositif == Dispositif::AdulteRelais && p.year == 2024)
        .unwrap();
    assert_eq!(ar.published_amount, 22810.61);
    assert_eq!(ar.siret.as_deref().map(str::len), Some(14));
    assert_eq!(ar.source(), Source::AdultesRelais);

    let m = f.commune("59392").unwrap();
    assert_eq!(m.name, "Maubeuge");
    assert_eq!(m.contracts, vec![("CN05903M".to_string(), Via::Epci)]);
    let signed = |k: ProgrammeKind| {
        m.programmes
            .iter()
            .find(|p| p.kind == k)
            .and_then(|p| p.signed.clone())
    };
    assert_eq!(
        signed(ProgrammeKind::ActionCoeurDeVille).as_deref(),
        Some("2025-06-03")
    );
    assert_eq!(signed(ProgrammeKind::Ort).as_deref(), Some("2019-12-20"));
    for k in [ProgrammeKind::CiteEducative, ProgrammeKind::CiteEmploi] {
        assert!(m.programmes.iter().any(|p| p.kind == k), "{k:?}");
    }
    let fs = m
        .programmes
        .iter()
        .find(|p| p.kind == ProgrammeKind::FranceServices)
        .unwrap();
    assert!(fs.placement().starts_with("placé sur la commune"));
    assert_eq!(
        m.centrality.as_deref(),
        Some("Centre structurant d'équipements et de services")
    );
}

/// Angers: a Cité éducative, a Cité de l'emploi and 32 posts in 2025 (21 adultes-relais, 11
/// FONJEP rows), its QPV Monplaisir in the CU's contract.
#[test]
fn angers_cites_and_posts() {
    let f = france();
    let a = f.commune("49007").unwrap();
    let cite = a
        .programmes
        .iter()
        .find(|p| p.kind == ProgrammeKind::CiteEducative)
        .unwrap();
    assert_eq!(cite.id.as_deref(), Some("cite-003"));
    assert_eq!(cite.source(), Source::CitesEducatives);
    let emploi = a
        .programmes
        .iter()
        .find(|p| p.kind == ProgrammeKind::CiteEmploi)
        .unwrap();
    assert_eq!(emploi.name, "CU Angers Loire Métropole");
    let contracts = f.contracts_of_commune("49007");
    assert_eq!(contracts.len(), 1);
    assert_eq!(contracts[0].0.code_cv, "CN04903M");
    let posts_2025 = f
        .posts("CN04903M")
        .iter()
        .filter(|p| p.year == 2025)
        .count();
    assert_eq!(posts_2025, 32);
    assert_eq!(f.qpv("QN04905M").unwrap().links[0].code_cv, "CN04903M");
}

#[test]
fn qpv_contracts_name_the_rule() {
    let f = france();
    let annemasse = f.qpv("QN07401M").unwrap();
    assert_eq!(annemasse.links.len(), 1);
    assert_eq!(annemasse.links[0].code_cv, "CN07401I");
    assert_eq!(annemasse.links[0].via, vec![Via::Epci]);
    assert!(annemasse.rule.starts_with("un seul contrat"));
    // An overseas QPV across Le Port and La Possession (La Réunion): four contracts, the
    // primary one that of the commune holding most of it, the CN generation before CV.
    let reunion = f.qpv("QN97417M").unwrap();
    let codes: Vec<&str> = reunion.links.iter().map(|l| l.code_cv.as_str()).collect();
    assert_eq!(codes, ["CN97402I", "CV389", "CN97401I", "CV390"]);
    assert_eq!(reunion.links[0].communes, ["97407"]);
    assert!(reunion.links[0].estimated_share_pct.unwrap() > 50);
    assert!(reunion.rule.contains("part estimée"));
    assert!(!f.contract("CV389").unwrap().is_2024_2030());
    // Grand Paris: a QPV across two EPTs.
    let orly = f.qpv("QN09431M").unwrap();
    assert_eq!(orly.links[0].code_cv, "CN09402M");
    assert_eq!(orly.links[0].via, vec![Via::Ept]);
    assert_eq!(orly.links.len(), 2);
    // Counts by number of contracts, as data/france/SOURCES.md states them.
    let mut per = [0; 4];
    let qpv = geodata::national::National::load(&data().join("france")).0;
    for q in qpv.qpv.features() {
        per[f.qpv(&q.props.code).unwrap().links.len().min(3)] += 1;
    }
    assert_eq!(per, [8, 1404, 160, 12]);
}

#[test]
fn paris_arrondissement_and_points() {
    let f = france();
    let p13 = f.commune("75113").unwrap();
    assert_eq!(p13.kind, CommuneKind::ArrondissementMunicipal);
    assert_eq!(p13.parent.as_deref(), Some("75056"));
    assert_eq!(p13.contracts, vec![("CN07501I".to_string(), Via::Commune)]);
    assert!(
        f.contour("75113").is_none(),
        "the 2018 contours have no arrondissements"
    );
    // A point of the 13e is answered with Paris (contour of the commune).
    let place_d_italie = Point::new(2.3556, 48.8310);
    assert_eq!(f.commune_at(place_d_italie).unwrap().insee, "75056");
    assert_eq!(
        f.commune_at(Point::new(6.2438, 46.1856)).unwrap().insee,
        "74012"
    );
    assert!(
        f.commune_at(Point::new(-30.0, 40.0)).is_none(),
        "mid-Atlantic"
    );
    // A commune merged since 2018 has its former communes' contours.
    let geo::Geometry::MultiPolygon(mp) = f.contour("30329").unwrap() else {
        panic!("contours are multipolygons")
    };
    assert!(mp.0.len() >= 2, "Thoiras and Corbès");
}

#[test]
fn stations_near_a_point_nearest_first() {
    let f = france();
    let hits = f.stations_near(Point::new(6.2438, 46.1856), 1_700.0);
    let names: Vec<&str> = hits.iter().map(|h| h.station.name.as_str()).collect();
    assert_eq!(names.first(), Some(&"Annemasse - Parc Montessuit"));
    assert!(names.contains(&"Annemasse"), "{names:?}");
    assert!(hits.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
    assert!(hits.iter().all(|h| h.distance_m <= 1_700.0));
    let gare = hits.iter().find(|h| h.station.name == "Annemasse").unwrap();
    assert!(gare.station.lines.iter().any(|l| l == "L1"));
    assert_eq!(gare.station.source().date(), Some("2026-05-18"));
    assert_eq!(gare.station.source().licence(), "ODbL 1.0");
    assert!(f.stations_near(Point::new(-30.0, 40.0), 5_000.0).is_empty());
}

/// BPE counts and programme dates of communes picked at random (seeded) equal the raw files.
#[test]
fn random_communes_match_the_raw_files() {
    let f = france();
    let bpe = raw_json("gazetteer/bpe_communes.json.gz");
    let programmes = raw_json("gazetteer/anct_programmes.json");
    let keys: Vec<&str> = f.bpe_buckets().iter().map(|b| b.key.as_str()).collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let bpe_codes: Vec<&String> = bpe["communes"].as_object().unwrap().keys().collect();
    let mut checked = 0;
    for _ in 0..200 {
        let code = bpe_codes[next(bpe_codes.len())];
        let Some(c) = f.commune(code) else { continue }; // merged since: summed elsewhere
        let counts = c.bpe.as_ref().unwrap();
        for (k, key) in keys.iter().enumerate() {
            let raw = bpe["communes"][code][key].as_u64().unwrap_or(0);
            assert_eq!(u64::from(counts[k]), raw, "{code} {key}");
        }
        checked += 1;
    }
    assert!(checked > 150);
    let codes: Vec<&String> = programmes["communes"].as_object().unwrap().keys().collect();
    for _ in 0..200 {
        let code = codes[next(codes.len())];
        let Some(c) = f.commune(code) else { continue };
        let raw = &programmes["communes"][code];
        for (key, kind) in [
            ("acv", ProgrammeKind::ActionCoeurDeVille),
            ("pvd", ProgrammeKind::PetitesVillesDeDemain),
            ("ort", ProgrammeKind::Ort),
        ] {
            let mine = c.programmes.iter().find(|p| p.kind == kind);
            if raw[key].as_bool() == Some(true) {
                assert_eq!(
                    mine.unwrap().signed.as_deref(),
                    raw[format!("{key}_signed_at")].as_str(),
                    "{code} {key}"
                );
            } else {
                assert!(mine.is_none(), "{code} {key}");
            }
        }
    }
}

#[test]
fn the_catalog_carries_the_references() {
    let (catalog, report) = Catalog::load(&data(), &["annemasse-agglo".to_string()]).unwrap();
    assert!(!report.has_errors(), "{report}");
    assert!(catalog.national.france.is_loaded());
    assert!(catalog.national.france.contract("CN07401I").is_some());
    let clone = catalog.national.clone();
    assert!(std::sync::Arc::ptr_eq(
        &clone.france,
        &catalog.national.france
    ));
}

#[test]
fn a_directory_without_references_is_empty_and_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let (france, report) = France::load(dir.path());
    assert!(!france.is_loaded());
    assert!(report.issues.is_empty());
    assert!(france.commune("74012").is_none());
    assert!(france.posts("CN07401I").is_empty());
}

#[test]
fn a_broken_file_is_refused_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let src = data().join("france");
    for name in std::fs::read_dir(&src).unwrap() {
        let name = name.unwrap().file_name();
        std::fs::copy(src.join(&name), dir.path().join(&name)).unwrap();
    }
    // A station with an unreadable longitude, and a BPE bucket file that lost a column.
    let gz = |text: &str| {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(text.as_bytes()).unwrap();
        e.finish().unwrap()
    };
    std::fs::write(
        dir.path().join("gares.tsv.gz"),
        gz("osm_type\tosm_id\tnom\ttype\tlignes\tlon\tlat\nnode\t1\tA\ttram\t\test\t46.1\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("bpe_rubriques.tsv"), "rubrique\tlibelle\n").unwrap();
    std::fs::write(
        dir.path().join("communes_contours.tsv.gz"),
        gz("insee_com\tcodes_2018\tpolygones\n74012\t74012\t1,2,3\n"),
    )
    .unwrap();
    let (france, report) = France::load(dir.path());
    let contours = france.contour_report().to_string();
    assert!(contours.contains("ligne 2"), "{contours}");
    assert!(contours.contains("sommet incomplet"), "{contours}");
    assert!(france.contour("74012").is_none());
    assert!(report.has_errors());
    let text = report.to_string();
    assert!(text.contains("gares.tsv.gz"), "{text}");
    assert!(text.contains("ligne 2"), "{text}");
    assert!(text.contains("lon"), "{text}");
    assert!(text.contains("nombre illisible « est »"), "{text}");
    assert!(text.contains("bpe_rubriques.tsv"), "{text}");
    assert!(text.contains("en-tête inattendu"), "{text}");
    // The catalog refuses such a directory.
    let root = tempfile::tempdir().unwrap();
    std::fs::rename(dir.path(), root.path().join("france")).unwrap();
    assert!(Catalog::load(root.path(), &[]).is_err());
}
