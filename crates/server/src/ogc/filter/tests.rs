//! The filter module against the CQL2 evaluation cases of the reference implementation
//! (testdata/SOURCES.md), then against French data: semantics, messages, limits.

use geo::{BoundingRect, Geometry};
use serde_json::{json, Map, Value};

use super::{Filter, FilterError, Lang, Schema};
use crate::crs::Crs;
use crate::ogc::collection::{queryables, Item, Queryable};

fn item(id: &str, properties: Value, geometry: Option<Geometry<f64>>) -> Item {
    let Value::Object(properties) = properties else {
        panic!("properties must be an object")
    };
    Item {
        id: id.into(),
        properties,
        bbox: geometry.as_ref().and_then(|g| g.bounding_rect()),
        geometry,
        period: None,
        geojson: Default::default(),
    }
}

fn reference_items() -> Vec<Item> {
    include_str!("testdata/cql2testdata.ndjson")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut props: Map<String, Value> = serde_json::from_str(l).expect("json line");
            let geom = props.remove("geom").expect("geom");
            let g: geojson::Geometry = serde_json::from_value(geom).expect("geojson");
            let g = Geometry::<f64>::try_from(g.value).expect("geometry");
            let id = props["intfield"].to_string();
            item(&id, Value::Object(props), Some(g))
        })
        .collect()
}

fn select(items: &[Item], f: &Filter) -> Vec<String> {
    items
        .iter()
        .filter(|it| f.matches(it))
        .map(|it| it.id.clone())
        .collect()
}

/// Every case of the reference implementation either gives the expected features or is
/// refused as unsupported (temporal values and arithmetic, which we do not declare); the
/// counts are pinned so the suite cannot shrink silently.
#[test]
fn reference_cases() {
    let items = reference_items();
    let mut qs = queryables(&items);
    assert!(qs.iter().any(|q| q.name == "nfield"), "{qs:?}");
    qs.retain(|q| q.name != "geometry");
    let schema = Schema {
        queryables: &qs,
        spatial: true,
    };
    let text = include_str!("testdata/operators_expected.txt");
    let lines: Vec<&str> = text.lines().collect();
    let (mut passed, mut unsupported, mut failures) = (0, 0, Vec::new());
    for pair in lines.chunks(2) {
        let query = pair[0].replace("geom,", "geometry,");
        let expected = pair.get(1).copied().unwrap_or("");
        match Filter::parse(&query, Lang::Text, Crs::Crs84, schema) {
            Ok(f) => {
                let got = select(&items, &f).join(" ");
                if got == expected {
                    passed += 1;
                } else {
                    failures.push(format!("{query}\n  got      {got}\n  expected {expected}"));
                }
            }
            Err(FilterError::Unsupported(why)) => {
                unsupported += 1;
                eprintln!("unsupported: {query}: {why}");
            }
            Err(e) => failures.push(format!("{query}\n  refused: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        (passed, unsupported),
        (60, 99),
        "cases evaluated, cases refused (temporal, arithmetic)"
    );
}

/// The same case written in cql2-json gives the same features.
#[test]
fn json_encoding_matches_text() {
    let items = reference_items();
    let qs = queryables(&items);
    let schema = Schema {
        queryables: &qs,
        spatial: true,
    };
    let text = Filter::parse(
        "(textfield = 'item_2' or textfield = 'item_3') and boolfield = true",
        Lang::Text,
        Crs::Crs84,
        schema,
    )
    .expect("text");
    let json = Filter::parse(
        r#"{"op":"and","args":[{"op":"or","args":[{"op":"=","args":[{"property":"textfield"},"item_2"]},{"op":"=","args":[{"property":"textfield"},"item_3"]}]},{"op":"=","args":[{"property":"boolfield"},true]}]}"#,
        Lang::Json,
        Crs::Crs84,
        schema,
    )
    .expect("json");
    assert_eq!(select(&items, &text), ["2"]);
    assert_eq!(select(&items, &json), ["2"]);
}

fn quartiers() -> (Vec<Item>, Vec<Queryable>) {
    let square = |x: f64, y: f64| {
        Geometry::Polygon(
            geo::Rect::new(
                geo::Coord { x, y },
                geo::Coord {
                    x: x + 0.01,
                    y: y + 0.01,
                },
            )
            .to_polygon(),
        )
    };
    let items = vec![
        item(
            "a",
            json!({"nom": "Château Rouge", "type": "démolition", "logements": 140, "statut": "programmé", "insee_com": ["74012"], "date_fin": "2024"}),
            Some(square(6.24, 46.18)),
        ),
        item(
            "b",
            json!({"nom": "Centre-ville", "type": "réhabilitation", "logements": 539, "statut": "réalisé", "insee_com": ["74012", "74298"], "date_fin": null}),
            Some(square(6.26, 46.19)),
        ),
        item(
            "c",
            json!({"nom": "Le Perrier", "type": "équipement", "logements": null, "statut": "programmé", "insee_com": [], "date_fin": "2021-T1"}),
            Some(square(6.25, 46.20)),
        ),
    ];
    let qs = queryables(&items);
    (items, qs)
}

fn run(text: &str) -> Result<Vec<String>, FilterError> {
    let (items, qs) = quartiers();
    let f = Filter::parse(
        text,
        Lang::Text,
        Crs::Crs84,
        Schema {
            queryables: &qs,
            spatial: true,
        },
    )?;
    Ok(select(&items, &f))
}

#[test]
fn null_is_never_true() {
    assert_eq!(run("logements > 100").unwrap(), ["a", "b"]);
    assert_eq!(run("NOT (logements > 100)").unwrap(), Vec::<String>::new());
    assert_eq!(run("logements IS NULL").unwrap(), ["c"]);
    assert_eq!(
        run("logements > 100 OR statut = 'programmé'").unwrap(),
        ["a", "b", "c"]
    );
    assert_eq!(run("date_fin <> '2024'").unwrap(), ["c"]);
}

#[test]
fn case_and_accent_insensitive() {
    assert_eq!(run("CASEI(nom) LIKE CASEI('%centre%')").unwrap(), ["b"]);
    assert_eq!(run("nom LIKE '%centre%'").unwrap(), Vec::<String>::new());
    assert_eq!(
        run("ACCENTI(CASEI(nom)) = ACCENTI(CASEI('chateau rouge'))").unwrap(),
        ["a"]
    );
    assert_eq!(
        run("ACCENTI(type) IN ('equipement', 'demolition')").unwrap(),
        ["a", "c"]
    );
}

#[test]
fn type_is_the_property() {
    assert_eq!(run("type = 'démolition'").unwrap(), ["a"]);
}

#[test]
fn arrays() {
    assert_eq!(run("A_CONTAINS(insee_com, ('74298'))").unwrap(), ["b"]);
    assert_eq!(
        run("A_OVERLAPS(insee_com, ('74012', '74298'))").unwrap(),
        ["a", "b"]
    );
    assert_eq!(
        run("A_CONTAINEDBY(insee_com, ('74012'))").unwrap(),
        ["a", "c"]
    );
    let e = run("insee_com = '74012'").unwrap_err().to_string();
    assert!(e.contains("insee_com") && e.contains("A_CONTAINS"), "{e}");
}

#[test]
fn spatial_predicates() {
    assert_eq!(
        run("S_INTERSECTS(geometry, POINT(6.245 46.185))").unwrap(),
        ["a"]
    );
    assert_eq!(
        run("S_INTERSECTS(geometry, BBOX(6.2, 46.1, 6.265, 46.195))").unwrap(),
        ["a", "b"]
    );
    assert_eq!(
        run("S_WITHIN(geometry, POLYGON((6.2 46.1, 6.3 46.1, 6.3 46.2, 6.2 46.2, 6.2 46.1)))")
            .unwrap(),
        ["a", "b"]
    );
    assert_eq!(
        run("S_DISJOINT(geometry, POINT(6.245 46.185))").unwrap(),
        ["b", "c"]
    );
}

#[test]
fn lambert93_literals() {
    // Annemasse's Perrier, (6.2438, 46.1856) in CRS84, is about (950,130, 6,570,223) in
    // Lambert-93: a box of ±500 m there meets square a only.
    let (items, qs) = quartiers();
    let f = Filter::parse(
        "S_INTERSECTS(geometry, BBOX(949630, 6569723, 950630, 6570723))",
        Lang::Text,
        Crs::Lambert93,
        Schema {
            queryables: &qs,
            spatial: true,
        },
    )
    .expect("valid");
    assert_eq!(select(&items, &f), ["a"]);
    let env = f.envelopes().expect("bounded");
    let (lon, lat) = (6.2438, 46.1856);
    assert!(env[0].min().x < lon && lon < env[0].max().x, "{env:?}");
    assert!(env[0].min().y < lat && lat < env[0].max().y, "{env:?}");
}

#[test]
fn envelopes_follow_the_logic() {
    let (_, qs) = quartiers();
    let schema = Schema {
        queryables: &qs,
        spatial: true,
    };
    let parse = |t: &str| Filter::parse(t, Lang::Text, Crs::Crs84, schema).expect(t);
    assert_eq!(
        parse("S_INTERSECTS(geometry, BBOX(1,2,3,4)) AND logements > 1")
            .envelopes()
            .map(|v| v.len()),
        Some(1)
    );
    assert_eq!(
        parse("S_INTERSECTS(geometry, POINT(1 2)) OR S_INTERSECTS(geometry, POINT(3 4))")
            .envelopes()
            .map(|v| v.len()),
        Some(2)
    );
    assert!(parse("S_INTERSECTS(geometry, POINT(1 2)) OR logements > 1")
        .envelopes()
        .is_none());
    assert!(parse("NOT S_INTERSECTS(geometry, POINT(1 2))")
        .envelopes()
        .is_none());
    assert!(parse("S_DISJOINT(geometry, POINT(1 2))")
        .envelopes()
        .is_none());
}

#[test]
fn errors_name_the_position_and_the_property() {
    let e = run("logements >> 100").unwrap_err().to_string();
    assert!(e.contains("colonne 12") && e.contains("> 100"), "{e}");
    let e = run("logement > 100").unwrap_err().to_string();
    assert!(e.contains("« logement »") && e.contains("logements"), "{e}");
    let e = run("logements = 'beaucoup'").unwrap_err().to_string();
    assert!(
        e.contains("« logements »") && e.contains("nombre") && e.contains("texte"),
        "{e}"
    );
    let e = run("nom LIKE 3").unwrap_err().to_string();
    assert!(e.contains("LIKE"), "{e}");
    let e = run("T_AFTER(date_fin, DATE('2020-01-01'))").unwrap_err();
    assert!(matches!(e, FilterError::Unsupported(_)), "{e}");
    let e = run("S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))")
        .unwrap_err()
        .to_string();
    assert!(e.contains("invalide"), "{e}");
    let (_, qs) = quartiers();
    let e = Filter::parse(
        "S_INTERSECTS(geometry, POINT(1 2))",
        Lang::Text,
        Crs::Crs84,
        Schema {
            queryables: &qs,
            spatial: false,
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("pas de géométrie"), "{e}");
    let e = Filter::parse(
        "{\"op\": \"=\", \"args\": [",
        Lang::Json,
        Crs::Crs84,
        Schema {
            queryables: &qs,
            spatial: true,
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("ligne 1"), "{e}");
}

#[test]
fn costs_are_bounded() {
    let deep = format!("{}logements > 1{}", "(".repeat(200), ")".repeat(200));
    assert!(matches!(run(&deep), Err(FilterError::TooCostly(_))));
    let ring: Vec<String> = (0..6000)
        .map(|i| {
            let a = i as f64 / 6000.0 * std::f64::consts::TAU;
            format!("{:.6} {:.6}", 6.2 + 0.1 * a.cos(), 46.2 + 0.1 * a.sin())
        })
        .collect();
    let huge = format!(
        "S_INTERSECTS(geometry, POLYGON(({}, {})))",
        ring.join(", "),
        ring[0]
    );
    assert!(matches!(run(&huge), Err(FilterError::TooCostly(_))));
    let many = vec!["logements > 1"; 3000].join(" OR ");
    assert!(matches!(run(&many), Err(FilterError::TooCostly(_))));
    let nots = format!("{}logements > 1", "NOT ".repeat(5000));
    assert!(run(&nots).is_err());
    // Unclosed parentheses make the CQL2 grammar backtrack exponentially: refused at the
    // parser's budget, quickly, instead of holding a worker for minutes.
    for text in [
        "(".repeat(40),
        format!("{}{}", "(".repeat(25), ")".repeat(10)),
    ] {
        let started = std::time::Instant::now();
        assert!(
            matches!(run(&text), Err(FilterError::TooCostly(_))),
            "{text}"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{text}"
        );
    }
}

/// What decides where a filter runs: its size and whether it compares geometries.
#[test]
fn size_and_spatial_kind() {
    let items = vec![item(
        "a",
        json!({"nom": "x", "n": 1}),
        Some(Geometry::Point(geo::Point::new(1.0, 2.0))),
    )];
    let queryables = queryables(&items);
    let schema = Schema {
        queryables: &queryables,
        spatial: true,
    };
    let parse = |t: &str| Filter::parse(t, Lang::Text, Crs::Crs84, schema).expect(t);
    let plain = parse("nom LIKE '%x%' OR n = 2");
    assert_eq!(plain.size(), 7);
    assert!(!plain.is_spatial());
    let spatial =
        parse("NOT (n IN (1, 2, 3) AND S_INTERSECTS(geometry, POLYGON((0 0, 4 0, 4 4, 0 0))))");
    assert_eq!(spatial.size(), 1 + 1 + 5 + 3);
    assert!(spatial.is_spatial());
    assert!(spatial.weight() > plain.weight());
}
