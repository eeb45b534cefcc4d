//! Property tests of every parser that takes a request's input (issue 18), through the real
//! router in process: query parameters of the OGC items (bbox, datetime, crs, bbox-crs,
//! limit, offset, filter), of `/impacts` and `/geocode`, and GeoJSON bodies of
//! `POST /impacts`; and what issue 26 found could be turned against the server: font stacks,
//! static paths of any length, `Host` headers, control characters echoed into HTML pages.
//! Whatever is sent, the answer is a result or a 4xx problem+json: never a 5xx, never a
//! panic; an HTML page never holds a character XML forbids. And `geodata::place::read_area` only ever
//! hands a valid area to the query.

mod common;

use axum::body::Body;
use axum::http::Request;
use std::sync::{Arc, LazyLock};

use common::{call, get};
use geo::Validation;
use proptest::prelude::*;
use serde_json::{json, Value};
use server::services::geocode::GeocodeService;
use server::{AppState, Config};

/// The repository's data with address search on (no BAN index: the data's own places).
static STATE: LazyLock<AppState> = LazyLock::new(|| {
    let config = Config::default();
    let geocoder = GeocodeService::open(&config.geocoder);
    common::state_with(config).with_geocoder(Arc::new(geocoder))
});

fn state() -> AppState {
    STATE.clone()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// What a number parameter may be sent as.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|f| f.to_string()),
        (-200.0..200.0f64).prop_map(|f| format!("{f:.5}")),
        "[-+]?[0-9]{0,25}(\\.[0-9]{0,10})?([eE][-+]?[0-9]{1,4})?",
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("-0".to_string()),
        "[^&=#]{0,8}",
    ]
}

fn list_of_numbers() -> impl Strategy<Value = String> {
    proptest::collection::vec(number(), 0..7).prop_map(|v| v.join(","))
}

fn datetime() -> impl Strategy<Value = String> {
    let instant = prop_oneof![
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?",
        Just("..".to_string()),
        Just(String::new()),
        "[^&=#]{0,12}",
    ];
    prop_oneof![
        instant.clone(),
        (instant.clone(), instant).prop_map(|(a, b)| format!("{a}/{b}")),
    ]
}

fn crs() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("http://www.opengis.net/def/crs/EPSG/0/2154".to_string()),
        Just("http://www.opengis.net/def/crs/OGC/1.3/CRS84".to_string()),
        "http://www.opengis.net/def/crs/[A-Z]{0,5}/[0-9.]{0,4}/[0-9A-Z]{0,6}",
        "\\[?EPSG:[0-9]{0,6}\\]?",
        "[^&=#]{0,30}",
    ]
}

fn filter() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{1,12} ?(=|<>|<|>|<=|>=| LIKE | IN ) ?('[^']{0,8}'|[0-9.]{1,6}|\\([0-9, ']{0,12}\\))",
        "(S_INTERSECTS|T_INTERSECTS|INTERSECTS)\\([a-z]{0,8}, ?(POINT|POLYGON|BBOX)\\([-0-9., ()]{0,30}\\)\\)",
        "[a-z_]{1,8} (IS NULL|IS NOT NULL|BETWEEN [0-9]{1,3} AND [0-9]{1,3})( (AND|OR|NOT) [a-z_]{1,8} = '[a-z]{0,4}')?",
        "[^&#]{0,40}",
        "\\({0,40}\\){0,40}",
    ]
}

/// A query string of `pairs`, URL-encoded.
fn query(pairs: &[(&str, Option<String>)]) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if let Some(v) = v {
            q.append_pair(k, v);
        }
    }
    q.finish()
}

fn assert_answered(uri: &str, a: &common::Answer) -> Result<(), TestCaseError> {
    prop_assert!(a.status.as_u16() < 500, "{uri} → {} {}", a.status, a.text());
    if a.status.is_success() {
        // Every route here answers JSON: a success that is not JSON is a defect too.
        let _ = a.json();
    }
    if a.status.is_client_error() {
        prop_assert_eq!(
            a.header("content-type"),
            "application/problem+json",
            "{} → {}",
            uri,
            a.status
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn items_parameters_are_answered_or_refused(
        collection in prop_oneof![Just("qpv"), Just("perimetres"), Just("operations"), Just("equipements")],
        bbox in proptest::option::of(list_of_numbers()),
        bbox_crs in proptest::option::of(crs()),
        datetime in proptest::option::of(datetime()),
        crs in proptest::option::of(crs()),
        limit in proptest::option::of(number()),
        offset in proptest::option::of(number()),
        filter in proptest::option::of(filter()),
        filter_lang in proptest::option::of(prop_oneof![Just("cql2-text".to_string()), Just("cql2-json".to_string()), "[a-z0-9-]{0,10}"]),
    ) {
        let q = query(&[
            ("bbox", bbox), ("bbox-crs", bbox_crs), ("datetime", datetime), ("crs", crs),
            ("limit", limit), ("offset", offset), ("filter", filter), ("filter-lang", filter_lang),
        ]);
        let uri = format!("/collections/{collection}/items?{q}");
        // Items need no address search: the fixture shared with the other suites.
        let a = runtime().block_on(get(&common::state(), &uri));
        assert_answered(&uri, &a)?;
    }

    #[test]
    fn impacts_and_geocode_parameters_are_answered_or_refused(
        lon in proptest::option::of(number()),
        lat in proptest::option::of(number()),
        other in proptest::option::of(("(quartier|ilot|commune|detail|portee|groupe|rayon)", "[^&=#]{0,16}")),
        q in proptest::option::of("[^&#]{0,40}"),
        limit in proptest::option::of(number()),
    ) {
        let (other_name, other_value) = other.unzip();
        let mut pairs = vec![("lon", lon.clone()), ("lat", lat.clone())];
        if let Some(n) = &other_name {
            pairs.push((n.as_str(), other_value));
        }
        let uri = format!("/impacts?{}", query(&pairs));
        let a = runtime().block_on(get(&state(), &uri));
        assert_answered(&uri, &a)?;
        let uri = format!("/geocode?{}", query(&[("q", q), ("limit", limit), ("lon", lon), ("lat", lat)]));
        let a = runtime().block_on(get(&state(), &uri));
        assert_answered(&uri, &a)?;
    }
}

/// JSON values shaped like GeoJSON, wrong in every way a client can be wrong.
fn coordinates() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        (5.9..6.6f64).prop_map(|f| json!(f)),
        (45.9..46.5f64).prop_map(|f| json!(f)),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        Just(json!(null)),
        Just(json!("6.2")),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        proptest::collection::vec(inner, 0..6).prop_map(Value::Array)
    })
}

fn geojson_body() -> impl Strategy<Value = Vec<u8>> {
    let kind = prop_oneof![
        Just("Polygon"),
        Just("MultiPolygon"),
        Just("Point"),
        Just("LineString"),
        Just("GeometryCollection"),
        Just("Feature"),
        Just("FeatureCollection"),
        Just("Polygone"),
    ];
    let geometry = (kind, coordinates()).prop_map(|(kind, c)| match kind {
        "Feature" => json!({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": c}}),
        "FeatureCollection" => json!({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": null, "geometry": {"type": "MultiPolygon", "coordinates": c}}]}),
        "GeometryCollection" => json!({"type": "GeometryCollection", "geometries": [{"type": "Polygon", "coordinates": c}]}),
        other => json!({"type": other, "coordinates": c}),
    });
    prop_oneof![
        4 => geometry.prop_map(|v| serde_json::to_vec(&v).expect("JSON")),
        1 => proptest::collection::vec(any::<u8>(), 0..200),
        1 => "[\\[\\]{}\",:0-9.a-zA-Z -]{0,120}".prop_map(String::into_bytes),
    ]
}

/// A closed ring of 3 to 8 random vertices around Annemasse: often self-intersecting.
fn random_ring() -> impl Strategy<Value = Vec<[f64; 2]>> {
    proptest::collection::vec((6.20..6.30f64, 46.15..46.25f64), 3..8).prop_map(|mut v| {
        v.push(v[0]);
        v.into_iter().map(|(x, y)| [x, y]).collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn impacts_bodies_are_answered_or_refused(body in geojson_body(), detail in prop_oneof![Just(""), Just("?detail=complet")]) {
        let uri = format!("/impacts{detail}");
        let a = runtime().block_on(call(
            &state(),
            Request::post(&uri)
                .header("content-type", "application/geo+json")
                .body(Body::from(body.clone()))
                .expect("request"),
        ));
        assert_answered(&format!("{uri} {}", String::from_utf8_lossy(&body)), &a)?;
    }

    #[test]
    fn read_area_only_yields_valid_areas(rings in proptest::collection::vec(random_ring(), 1..3), multi in any::<bool>()) {
        let body = if multi {
            json!({"type": "MultiPolygon", "coordinates": rings.iter().map(|r| vec![r]).collect::<Vec<_>>()})
        } else {
            json!({"type": "Polygon", "coordinates": rings})
        };
        match geodata::place::read_area(&serde_json::to_vec(&body).expect("JSON"), &geodata::cost::AreaBudget::default(), &|| false) {
            Ok(read) => {
                prop_assert!(read.area.is_valid(), "{body}: {:?}", read.area);
                prop_assert!(!read.area.0.is_empty());
            }
            Err(refused) => {
                let problem = server::error::Problem::from(refused);
                prop_assert_eq!(problem.status.as_u16(), 400, "{}", problem.detail);
            }
        }
    }
}

/// Path segments: known fonts and names, repeated, long, percent-encoded, control characters.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("DejaVu Sans Book".to_string()),
        Just("DejaVu Sans Bold".to_string()),
        "[A-Za-z ]{0,12}",
        "[a-z]{250,300}",
        "(%C3%A9){100,140}",
        "[\\x00-\\x1f\\u{fffe}\\u{ffff}a-z]{0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn font_stacks_and_static_paths_are_answered_or_refused(
        fonts in proptest::collection::vec((segment(), 1..40usize), 1..4),
        range in prop_oneof![Just("0-255.pbf".to_string()), "[0-9]{1,6}-[0-9]{1,6}\\.pbf"],
        path in proptest::collection::vec(segment(), 1..4),
    ) {
        let stack: Vec<String> = fonts
            .iter()
            .flat_map(|(name, times)| std::iter::repeat_n(name.clone(), *times))
            .collect();
        let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let uri = format!("/fonts/{}/{range}", encode(&stack.join(",")));
        // No client can send a longer target: the `http` crate refuses to build it.
        prop_assume!(uri.len() < usize::from(u16::MAX) - 1);
        let a = runtime().block_on(get(&state(), &uri));
        prop_assert!(a.status.as_u16() < 500, "{uri} → {} {}", a.status, a.text());
        let uri = format!("/{}", path.iter().map(|s| encode(s)).collect::<Vec<_>>().join("/"));
        let a = runtime().block_on(get(&state(), &uri));
        assert_answered(&uri, &a)?;
    }

    #[test]
    fn host_headers_and_html_pages_are_answered_or_refused(
        hosts in proptest::collection::vec("[a-z0-9.:@\\[\\] /-]{0,20}", 0..3),
        value in "[\\x00-\\x1f\\u{fffe}\\u{ffff}a-zé]{0,12}",
    ) {
        let uri = format!(
            "/collections/qpv/items?f=html&limit=2&{}",
            query(&[("insee_com", Some(value.clone()))])
        );
        let mut request = Request::get(&uri);
        for h in &hosts {
            request = request.header("host", h.as_str());
        }
        let a = runtime().block_on(call(&state(), request.body(Body::empty()).expect("request")));
        prop_assert!(a.status.as_u16() < 500, "{uri} {hosts:?} → {} {}", a.status, a.text());
        if hosts.len() > 1 {
            prop_assert_eq!(a.status.as_u16(), 400, "{:?}", hosts);
        }
        if a.header("content-type").starts_with("text/html") {
            let page = a.text();
            prop_assert!(!page.chars().any(geodata::text::xml_forbidden), "{uri}: {page}");
        }
    }
}
