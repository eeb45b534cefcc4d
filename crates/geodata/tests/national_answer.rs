//! The national part of the answer over the bundled `data/france/` (issue 25).

use std::path::PathBuf;

use geo::Point;
use geodata::impacts::Detail;
use geodata::national::National;
use geodata::national_answer::{answer, Context, NationalIndex, NationalView, STATION_RADIUS_M};

fn national() -> National {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/france");
    let (national, report) = National::load(&dir);
    assert!(!report.has_errors(), "{report}");
    national
}

fn ctx(communes: &[&str], quartiers: &[&str]) -> Context<'static> {
    Context {
        station_radius_m: STATION_RADIUS_M,
        communes: communes.iter().map(|s| s.to_string()).collect(),
        quartiers: quartiers.iter().map(|s| s.to_string()).collect(),
        ..Context::default()
    }
}

#[test]
fn maubeuge_contract_and_commune() {
    let n = national();
    let index = NationalIndex::build(&n.france, &n.qpv);
    let a = answer(&n.france, &index, &n.qpv, &ctx(&["59392"], &[]));
    let c = &a.communes[0];
    assert_eq!(c.nom, "Maubeuge");
    let kinds: Vec<&str> = c.programmes.iter().map(|p| p.kind).collect();
    for k in ["acv", "ort", "cite_educative", "cite_emploi"] {
        assert!(kinds.contains(&k), "{kinds:?}");
    }
    let contract = a.contrats.iter().find(|k| k.code == "CN05903M").unwrap();
    assert!(contract.postes.total > 0);
    let json = serde_json::to_string_pretty(&NationalView {
        answer: &a,
        detail: Detail::Resume,
    })
    .unwrap();
    assert!(!json.contains("liste_postes"));
    println!("{json}");
}

#[test]
fn stations_near_annemasse_station() {
    let n = national();
    let index = NationalIndex::build(&n.france, &n.qpv);
    let mut c = ctx(&["74012"], &["QN07401M"]);
    c.point = Some(Point::new(6.2355, 46.1995));
    let a = answer(&n.france, &index, &n.qpv, &c);
    assert!(
        a.ici.gares.iter().any(|g| g.nom.contains("Annemasse")),
        "{:?}",
        a.ici
    );
    assert!(a.contrats.iter().any(|k| k.code == "CN07401I"));
    assert!(a.sources.iter().any(|s| s.licence == "ODbL 1.0"));
}
