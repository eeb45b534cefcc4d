//! The impact query on real places of the bundled data, with asserted contents.

mod common;

use geo::{polygon, MultiPolygon, Point};
use geodata::impacts::{ActionImpact, Entry, ImpactReport, Place, Relation, Verdict};
use geodata::model::GeometryPrecision;

fn at(lon: f64, lat: f64) -> ImpactReport {
    common::answerer().impacts(&Place::Point(Point::new(lon, lat)))
}

fn action<'a>(r: &'a ImpactReport, id: &str) -> &'a Entry<ActionImpact> {
    let found = r.actions.iter().find(|a| a.id == id);
    found.unwrap_or_else(|| panic!("action {id} among {:?}", r.actions))
}

#[test]
fn inside_le_perrier_gets_its_qpv_npnru_operations_and_annemasse_actions() {
    let r = at(6.2438, 46.1856);
    assert_eq!(r.place.commune.as_ref().unwrap().insee, "74012");
    assert_eq!(r.territories[0].slug, "annemasse-agglo");
    assert!(r.warnings.is_empty());

    let qpv = &r.perimeters[0];
    assert_eq!(
        (qpv.code.as_str(), qpv.verdict, qpv.relation),
        ("QN07401M", Verdict::Dedans, Relation::Dedans)
    );
    assert_eq!(qpv.predecessors, ["QP074001"]);
    assert_eq!(qpv.territoire.as_deref(), Some("annemasse-agglo"));
    let edge = qpv.distance_bord_m.unwrap();
    assert!(edge > 200.0 && edge < 300.0, "edge distance {edge}");
    assert!(qpv.raison.contains("Le Perrier"), "{}", qpv.raison);
    // The national layer's copy of the same QPV is not repeated.
    assert_eq!(
        r.perimeters.iter().filter(|p| p.code == "QN07401M").count(),
        1
    );

    let demolition = r
        .operations
        .iter()
        .find(|o| o.logements == Some(140))
        .expect("the demolition of 140 LLS");
    assert_eq!(demolition.relation, Relation::MemePerimetre);
    assert_eq!(demolition.precision_geometrie, GeometryPrecision::Perimeter);
    assert!(
        demolition
            .raison
            .contains("emplacement précis n'est pas publié"),
        "{}",
        demolition.raison
    );
    let convention = r
        .operations
        .iter()
        .find(|o| o.montant_eur == Some(77_000_000.0))
        .expect("the NPNRU convention");
    assert_eq!(convention.date_debut.unwrap().to_string(), "2019-06-29");
    assert!(
        r.operations.iter().any(|o| o.logements == Some(539)),
        "the rehabilitation of 539 LLS"
    );

    assert!(r.equipment.iter().any(|e| e.titre.contains("La Bulle")));

    // Action 1.1 is carried out in four communes: here, with Annemasse's status.
    let a11 = action(&r, "1.1");
    assert_eq!(a11.perimetre_realisation, "Annemasse");
    assert_eq!(a11.relation, Relation::MemeCommune);
    assert_eq!(a11.statut.as_deref(), Some("En cours de déploiement"));
    // Agglo-wide actions come too, after the commune's.
    let agglo = r
        .actions
        .iter()
        .position(|a| a.relation == Relation::Territoire)
        .expect("agglo-wide actions");
    assert!(r.actions[..agglo]
        .iter()
        .all(|a| a.relation == Relation::MemeCommune));
    // No action carried out only in other communes.
    for a in &r.actions {
        assert!(
            a.perimetre_realisation == "Annemasse" || a.relation == Relation::Territoire,
            "{a:?}"
        );
    }
}

#[test]
fn inside_le_chalet_helvetia_park_in_gaillard() {
    let r = at(6.2055, 46.18686);
    assert_eq!(r.place.commune.as_ref().unwrap().nom, "Gaillard");
    let qpv = &r.perimeters[0];
    assert_eq!(
        (qpv.code.as_str(), qpv.verdict),
        ("QN07402M", Verdict::Dedans)
    );
    assert_eq!(qpv.predecessors, ["QP074002"]);
    // The NPNRU operations of Le Perrier are placed on Annemasse's QPV, 3 km away: not here.
    assert!(
        r.operations
            .iter()
            .all(|o| o.relation != Relation::MemePerimetre),
        "{:?}",
        r.operations
    );
    // Action 1.1 is carried out in Gaillard too.
    let a11 = action(&r, "1.1");
    assert_eq!(a11.perimetre_realisation, "Gaillard");
}

#[test]
fn in_ville_la_grand_the_veille_active_quartier_is_undetermined() {
    let r = at(6.2500, 46.2030);
    assert_eq!(r.place.commune.as_ref().unwrap().insee, "74305");
    assert_eq!(r.perimeters.len(), 1, "{:?}", r.perimeters);
    let veille = &r.perimeters[0];
    assert_eq!(veille.kind, geodata::model::PerimeterKind::VeilleActive);
    assert_eq!(veille.verdict, Verdict::Indetermine);
    assert_eq!(veille.relation, Relation::MemeCommune);
    assert_eq!(veille.precision_geometrie, GeometryPrecision::Commune);
    assert!(veille.nom.contains("Près des Plans"));
    assert!(
        veille.raison.contains("n'est pas publié"),
        "{}",
        veille.raison
    );
}

#[test]
fn outside_every_perimeter_in_bonne() {
    let r = at(6.3200, 46.1750);
    assert_eq!(r.place.commune.as_ref().unwrap().nom, "Bonne");
    assert!(r.perimeters.is_empty(), "{:?}", r.perimeters);
    // Only territory-wide operations, never "in the same quartier".
    assert!(
        r.operations
            .iter()
            .all(|o| o.relation == Relation::Territoire),
        "{:?}",
        r.operations
    );
    assert!(r.actions.iter().all(|a| a.relation == Relation::Territoire));
    assert!(!r.actions.is_empty());
}

#[test]
fn a_point_near_the_qpv_edge_is_en_limite_not_a_false_yes_or_no() {
    // A vertex of Le Perrier's outline: the distance to the edge is 0, below the 15 m tolerance.
    let r = at(6.2487, 46.1861);
    let qpv = r.perimeters.iter().find(|p| p.code == "QN07401M").unwrap();
    assert_eq!(qpv.verdict, Verdict::EnLimite);
    assert!(qpv.raison.contains("à vérifier"));
    // 400 m east of it, outside: "dehors" with its distance.
    let r = at(6.2540, 46.1861);
    let qpv = r.perimeters.iter().find(|p| p.code == "QN07401M").unwrap();
    assert_eq!(qpv.verdict, Verdict::Dehors, "{qpv:?}");
    assert!(
        qpv.distance_m > 150.0 && qpv.distance_m < 250.0,
        "{}",
        qpv.distance_m
    );
    assert!(qpv.raison.starts_with("Ce lieu est hors du"));
}

#[test]
fn a_polygon_straddling_the_qpv_edge_gets_its_area_share() {
    // A ~150 m square centred on a vertex of Le Perrier's outline.
    let (x, y, h) = (6.2487, 46.1861, 0.001);
    let square = polygon![(x: x - h, y: y - h), (x: x + h, y: y - h), (x: x + h, y: y + h), (x: x - h, y: y + h), (x: x - h, y: y - h)];
    let r = common::answerer().impacts(&Place::Area(MultiPolygon(vec![square])));
    assert!(r.place.surface_m2.unwrap() > 30_000.0);
    let qpv = r.perimeters.iter().find(|p| p.code == "QN07401M").unwrap();
    assert_eq!(qpv.verdict, Verdict::EnLimite);
    assert_eq!(qpv.relation, Relation::Intersecte);
    let share = qpv.part_surface.unwrap();
    assert!(share > 0.05 && share < 0.95, "share {share}");
    assert!(qpv.raison.contains('%'));
    let op = r
        .operations
        .iter()
        .find(|o| o.logements == Some(140))
        .unwrap();
    assert_eq!(op.relation, Relation::MemePerimetre);
}

#[test]
fn a_qpv_elsewhere_in_france_answers_from_the_national_layer() {
    // Bourg-en-Bresse (Ain), far from every loaded territory.
    let r = at(5.23152, 46.21185);
    assert!(r.territories.is_empty());
    assert!(r.place.commune.is_none());
    assert_eq!(r.warnings.len(), 1);
    assert!(r.warnings[0].contains("Aucune donnée locale"));
    let qpv = &r.perimeters[0];
    assert_eq!(
        (qpv.code.as_str(), qpv.verdict),
        ("QN00101M", Verdict::Dedans)
    );
    assert_eq!(qpv.territoire, None);
    assert!(r.operations.is_empty() && r.actions.is_empty() && r.equipment.is_empty());
}

#[test]
fn the_open_sea_has_no_answer_but_says_why() {
    let r = at(-5.0, 46.0);
    assert!(r.perimeters.is_empty());
    assert_eq!(r.total(), 0);
    assert_eq!(r.warnings.len(), 1);
}

#[test]
fn the_answer_serializes_with_french_keys() {
    let json = serde_json::to_value(at(6.2438, 46.1856)).unwrap();
    for key in [
        "lieu",
        "territoires",
        "perimetres",
        "operations",
        "equipements",
        "actions",
        "centralites",
        "corridors",
        "avertissements",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let p = &json["perimetres"][0];
    assert_eq!(p["verdict"], "dedans");
    assert_eq!(p["type"], "qpv");
    assert_eq!(p["precision_geometrie"], "exact");
}

#[test]
fn an_ilot_without_published_outline_says_so() {
    let r = common::answerer()
        .impacts_for_ilot("ilot-gauguin")
        .expect("îlot Gauguin");
    assert!(r.warnings[0].starts_with("Îlot « "), "{:?}", r.warnings);
    assert!(r.warnings[0].contains("plus large"));
    assert_eq!(r.perimeters[0].code, "QN07401M");
    assert!(common::answerer().impacts_for_ilot("nope").is_none());
}

/// The one-line QPV standing that address lists and CSV exports give for a row.
#[test]
fn qpv_standing_in_and_out() {
    let perrier = at(6.2438, 46.1856);
    let s = perrier.qpv_standing();
    assert_eq!(
        (s.qpv.map(|p| p.code.as_str()), s.verdict, s.inside_outline),
        (Some("QN07401M"), Verdict::Dedans, true)
    );
    assert!(s.edge_m.unwrap() > 200.0);
    // A veille active quartier known at the commune level is not a QPV answer.
    let ville_la_grand = at(6.2500, 46.2030);
    let s = ville_la_grand.qpv_standing();
    assert_eq!(
        (s.qpv, s.verdict, s.edge_m, s.inside_outline),
        (None, Verdict::Dehors, None, false)
    );
    let bonne = at(6.3200, 46.1750);
    assert_eq!(bonne.qpv_standing().verdict, Verdict::Dehors);
}

mod tiers {
    use super::*;
    use geodata::impacts::{AnswerView, Detail, Entry, Group, Scope, Selection};
    use serde_json::Value;

    fn json(r: &ImpactReport, detail: Detail, selection: &Selection) -> Value {
        serde_json::from_str(&AnswerView::new(r, detail, selection).to_json()).unwrap()
    }

    /// Every item of the complete answer is listed in the compact one or counted in its scope.
    fn accounts_for_everything(r: &ImpactReport) {
        let full = json(r, Detail::Complet, &Selection::default());
        let compact = json(r, Detail::Resume, &Selection::default());
        assert_eq!(full["totaux"], compact["totaux"]);
        let lists = Group::ALL.map(Group::key);
        let listed_in_full: usize = lists
            .iter()
            .map(|k| full[k].as_array().unwrap().len())
            .sum();
        assert_eq!(
            full["totaux"]["total"].as_u64().unwrap() as usize,
            listed_in_full
        );
        assert_eq!(listed_in_full, r.total());
        let scopes = compact["portees"].as_array().unwrap();
        let counted: u64 = scopes.iter().map(|s| s["total"].as_u64().unwrap()).sum();
        assert_eq!(counted as usize, listed_in_full, "{scopes:?}");
        for key in lists {
            let per_scope: u64 = scopes
                .iter()
                .map(|s| s["groupes"][key]["total"].as_u64().unwrap())
                .sum();
            assert_eq!(per_scope, full["totaux"][key].as_u64().unwrap(), "{key}");
            // The compact lists hold exactly the items counted *ici* (and every perimeter).
            let ici = scopes
                .iter()
                .find(|s| s["portee"] == "ici")
                .map_or(0, |s| s["groupes"][key]["total"].as_u64().unwrap());
            let listed = compact[key].as_array().unwrap();
            if key == "perimetres" {
                assert_eq!(listed.len() as u64, full["totaux"][key].as_u64().unwrap());
            } else {
                assert_eq!(listed.len() as u64, ici, "{key}");
                assert!(listed.iter().all(|i| i["portee"] == "ici"));
            }
        }
    }

    #[test]
    fn le_perrier_compact_answer_is_small_and_hides_nothing() {
        let r = at(6.2438, 46.1856);
        let compact = AnswerView::new(&r, Detail::Resume, &Selection::default()).to_json();
        let full = AnswerView::new(&r, Detail::Complet, &Selection::default()).to_json();
        assert!(
            compact.len() <= 30_000,
            "compact answer: {} bytes",
            compact.len()
        );
        assert!(
            full.len() > 4 * compact.len(),
            "{} vs {}",
            full.len(),
            compact.len()
        );
        accounts_for_everything(&r);
        let v: Value = serde_json::from_str(&compact).unwrap();
        assert_eq!(v["detail"], "resume");
        // The NPNRU operations placed on the QPV are *ici*, with their link in the OGC API.
        let ops = v["operations"].as_array().unwrap();
        assert!(ops.len() >= 10, "{}", ops.len());
        assert!(ops.iter().all(|o| o["relation"] == "meme_perimetre"));
        assert!(ops.iter().all(|o| o["lien"]
            .as_str()
            .unwrap()
            .starts_with("collections/operations/items/annemasse-agglo%3A")));
        // No full texts in the compact form.
        assert!(ops.iter().all(|o| o.get("source_section").is_none()));
        let commune = v["portees"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["portee"] == "commune")
            .unwrap();
        assert_eq!(commune["libelle"], "Dans la commune d'Annemasse");
        assert_eq!(
            commune["groupes"]["actions"]["lien"],
            "impacts?commune=74012&detail=complet&portee=commune&groupe=actions"
        );
        assert!(commune["groupes"]["actions"]["total"].as_u64().unwrap() >= 10);
        let links = v["liens"].as_array().unwrap();
        assert_eq!(
            links[1]["href"],
            "impacts?lon=6.2438&lat=46.1856&detail=complet"
        );
    }

    #[test]
    fn each_group_goes_here_then_commune_then_territory_under_way_first() {
        let r = at(6.2438, 46.1856);
        let scopes: Vec<Scope> = r.actions.iter().map(|a| a.portee).collect();
        assert!(scopes.windows(2).all(|w| w[0] <= w[1]), "{scopes:?}");
        assert!(scopes.contains(&Scope::Commune) && scopes.contains(&Scope::Territoire));
        for scope in [Scope::Commune, Scope::Territoire] {
            let under_way: Vec<bool> = r
                .actions
                .iter()
                .filter(|a| a.portee == scope)
                .map(|a| {
                    a.statut
                        .as_deref()
                        .is_some_and(|s| s.starts_with("En cours") || s.starts_with("En voie"))
                })
                .collect();
            // What is under way comes first.
            assert!(under_way.windows(2).all(|w| w[0] >= w[1]), "{scope:?}");
            assert!(under_way.contains(&true) && under_way.contains(&false));
        }
        let op_scopes: Vec<Scope> = r.operations.iter().map(|o| o.portee).collect();
        assert!(op_scopes.windows(2).all(|w| w[0] <= w[1]), "{op_scopes:?}");
    }

    #[test]
    fn a_commune_s_items_are_built_once_and_shared_by_its_places() {
        let a = at(6.2438, 46.1856);
        let b = at(6.2360, 46.1960);
        let shared = |r: &ImpactReport| match r.actions.iter().find(|a| a.id == "1.1") {
            Some(Entry::Shared(p)) => p.clone(),
            other => panic!("action 1.1 not shared: {other:?}"),
        };
        assert!(std::sync::Arc::ptr_eq(&shared(&a), &shared(&b)));
        assert!(matches!(a.scopes[1], Entry::Shared(_)), "{:?}", a.scopes[1]);
    }

    #[test]
    fn a_selection_lists_one_scope_and_group_in_full() {
        let r = at(6.2438, 46.1856);
        let selection = Selection {
            scopes: vec![Scope::Commune],
            groups: vec!["actions"],
        };
        let v = json(&r, Detail::Complet, &selection);
        let actions = v["actions"].as_array().unwrap();
        assert!(!actions.is_empty());
        assert!(actions
            .iter()
            .all(|a| a["portee"] == "commune" && a.get("detail").is_some()));
        assert!(v["operations"].as_array().unwrap().is_empty());
        assert!(v["perimetres"].as_array().unwrap().is_empty());
        // The totals stay those of the whole answer.
        assert_eq!(v["totaux"]["total"].as_u64().unwrap() as usize, r.total());
    }

    #[test]
    fn a_quartier_by_its_code_is_a_place_to_answer() {
        let r = common::answerer()
            .impacts_for_quartier("QN07401M")
            .expect("Le Perrier");
        let named = r.place.named.as_ref().unwrap();
        assert_eq!((named.kind, named.code.as_str()), ("quartier", "QN07401M"));
        assert_eq!(r.place.kind, "surface");
        let qpv = &r.perimeters[0];
        assert_eq!(
            (qpv.code.as_str(), qpv.verdict),
            ("QN07401M", Verdict::Dedans)
        );
        assert!(
            qpv.raison.starts_with("C'est le quartier demandé"),
            "{}",
            qpv.raison
        );
        assert!(r
            .operations
            .iter()
            .any(|o| o.logements == Some(140) && o.relation == Relation::MemePerimetre));
        assert!(r
            .actions
            .iter()
            .any(|a| a.perimetre_realisation == "Annemasse"));
        assert_eq!(r.query.as_deref(), Some("impacts?quartier=QN07401M"));
        accounts_for_everything(&r);
        // A QPV of the national layer, far from any territory.
        let bourg = common::answerer().impacts_for_quartier("QN00101M").unwrap();
        assert_eq!(bourg.perimeters[0].code, "QN00101M");
        assert!(bourg.territories.is_empty());
        assert!(common::answerer()
            .impacts_for_quartier("QN99999X")
            .is_none());
        // A veille active quartier has no published outline: answered for its commune.
        let veille = common::answerer()
            .impacts_for_quartier("VA-74305-PRES-DES-PLANS")
            .unwrap();
        assert!(
            veille.warnings[0].contains("plus large"),
            "{:?}",
            veille.warnings
        );
    }

    #[test]
    fn a_commune_is_answered_for_itself_not_its_neighbours() {
        let r = common::answerer()
            .impacts_for_commune("74133")
            .expect("Gaillard");
        assert_eq!(r.place.named.as_ref().unwrap().nom, "Gaillard");
        assert!(r
            .actions
            .iter()
            .all(|a| a.perimetre_realisation == "Gaillard" || a.portee == Scope::Territoire));
        assert!(r
            .actions
            .iter()
            .any(|a| a.perimetre_realisation == "Gaillard"));
        assert!(r.perimeters.iter().any(|p| p.code == "QN07402M"));
        accounts_for_everything(&r);
        assert!(common::answerer().impacts_for_commune("00000").is_none());
    }

    #[test]
    fn any_commune_of_france_is_answered_with_its_national_references() {
        // Barcelonnette: Petites villes de demain, no QPV, outside every territory.
        let r = common::answerer()
            .impacts_for_commune("04019")
            .expect("Barcelonnette");
        assert!(r.territories.is_empty());
        assert!(
            r.warnings[0].contains("contour 2018 simplifié"),
            "{:?}",
            r.warnings
        );
        let c = &r.references.communes[0];
        assert_eq!(c.insee_com, "04019");
        assert!(c
            .resume
            .starts_with("Barcelonnette (04019) : aucun quartier prioritaire"));
        let pvd = c.programmes.iter().find(|p| p.kind == "pvd").expect("PVD");
        assert!(pvd.date_signature.is_some(), "{pvd:?}");
        // An arrondissement without a contour of its own is answered for its commune, said so.
        let r = common::answerer()
            .impacts_for_commune("75111")
            .expect("Paris 11e");
        assert!(r.warnings[0].contains("Paris"), "{:?}", r.warnings);
    }

    #[test]
    fn a_contract_is_answered_for_its_quartiers_with_its_posts() {
        let r = common::answerer()
            .impacts_for_contract("CN05903M")
            .expect("Maubeuge Val de Sambre");
        let c = &r.references.contrats[0];
        assert_eq!(c.code, "CN05903M");
        assert!(c.postes.total > 0);
        assert!(!c.quartiers_prioritaires.is_empty());
        assert!(r
            .perimeters
            .iter()
            .any(|p| p.code == c.quartiers_prioritaires[0].code_qp));
        assert!(common::answerer()
            .impacts_for_contract("CN99999Z")
            .is_none());
    }
}
