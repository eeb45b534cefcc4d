//! `/impacts`: what concerns a point, a quartier, an îlot, a commune or a drawn polygon — the
//! geodata impact query as JSON, compact by default (`?detail=complet` for every item in
//! full), optionally narrowed to scopes (`portee=`) and groups (`groupe=`).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use geo::Point;
use geodata::impacts::{AnswerView, Answerer, Detail, ImpactReport, Place, Scope, Selection};
use geodata::place::{checked_point, read_area, DrawnArea, PlaceError};

use crate::error::Problem;
use crate::ogc::links::JSON;
use crate::params::Params;
use crate::respond;
use crate::state::{AppState, Snapshot};

pub fn router() -> Router<AppState> {
    Router::new().route("/impacts", get(by_query).post(by_polygon))
}

/// The parameters that choose the answer's form, common to GET and POST.
const FORM: [&str; 3] = ["detail", "portee", "groupe"];
/// The parameters that name the place of a GET.
const PLACE: [&str; 6] = ["lon", "lat", "quartier", "ilot", "commune", "contrat"];

/// What a GET asks about.
enum Ask {
    Point(Point<f64>),
    Named(Named, String),
}

/// A place named by its code: a quartier (code_qp), an îlot, a commune (INSEE), a contrat de
/// ville (code_cv).
#[derive(Clone, Copy)]
enum Named {
    Quartier,
    Ilot,
    Commune,
    Contrat,
}

impl Named {
    const PARAMS: [(&'static str, Named); 4] = [
        ("quartier", Named::Quartier),
        ("ilot", Named::Ilot),
        ("commune", Named::Commune),
        ("contrat", Named::Contrat),
    ];

    /// Named places are areas: overlays can take milliseconds (off the async workers).
    fn answer(self, answerer: Answerer<'_>, key: &str) -> Option<ImpactReport> {
        match self {
            Named::Quartier => answerer.impacts_for_quartier(key),
            Named::Ilot => answerer.impacts_for_ilot(key),
            Named::Commune => answerer.impacts_for_commune(key),
            Named::Contrat => answerer.impacts_for_contract(key),
        }
    }

    /// The 404's detail: where the known places are listed.
    fn unknown(self, key: &str) -> String {
        match self {
            Named::Quartier => format!(
                "quartier « {key} » inconnu : ni périmètre d'un territoire chargé (/collections/perimetres), ni QPV de la couche nationale (/collections/qpv)"
            ),
            Named::Ilot => {
                format!("îlot « {key} » inconnu ; la collection /collections/ilots les liste")
            }
            Named::Commune => format!(
                "commune « {key} » inconnue : ni commune d'un territoire chargé (/collections/communes), ni commune ou arrondissement du code officiel géographique 2026"
            ),
            Named::Contrat => format!(
                "contrat de ville « {key} » inconnu ; la collection /collections/contrats les liste"
            ),
        }
    }
}

/// `?lon=&lat=`, `?quartier=CODE`, `?ilot=ID` or `?commune=INSEE`.
async fn by_query(State(state): State<AppState>, mut params: Params) -> Result<Response, Problem> {
    let lon = params.take_f64("lon")?;
    let lat = params.take_f64("lat")?;
    let named: Vec<(Named, String)> = Named::PARAMS
        .into_iter()
        .filter_map(|(k, named)| params.take(k).map(|v| (named, v)))
        .collect();
    let form = take_form(&mut params)?;
    params.finish(&[&PLACE[..], &FORM[..]].concat())?;
    let ask = match (lon, lat, named.as_slice()) {
        (Some(lon), Some(lat), []) => Ask::Point(checked_point(lon, lat)?),
        (None, None, [(named, key)]) => Ask::Named(*named, key.clone()),
        (None, None, []) => {
            return Err(Problem::bad_request(
                "indiquez un lieu : ?lon=…&lat=… (degrés WGS84), ?quartier=CODE, ?ilot=ID, ?commune=INSEE ou ?contrat=CODE, ou envoyez un polygone GeoJSON en POST",
            ))
        }
        (Some(_), None, []) | (None, Some(_), []) => {
            return Err(Problem::bad_request("lon et lat vont ensemble"))
        }
        _ => {
            return Err(Problem::bad_request(
                "un seul lieu à la fois : lon/lat, quartier, ilot, commune ou contrat",
            ))
        }
    };
    // One snapshot answers the whole question: a place named in one data version is never
    // answered against the next.
    let snapshot = state.snapshot();
    match ask {
        // Point queries take microseconds: answer on the worker.
        Ask::Point(p) => {
            let report = snapshot.answerer().impacts(&Place::Point(p));
            let body = AnswerView::new(&report, form.detail, &form.selection).to_json_bytes();
            Ok(respond::json_text(body, JSON))
        }
        Ask::Named(named, key) => {
            let unknown = named.unknown(&key);
            answer_off_worker(snapshot, form, move |c| named.answer(c, &key), unknown).await
        }
    }
}

/// A GeoJSON Polygon or MultiPolygon (geometry, Feature, or a FeatureCollection of one).
async fn by_polygon(
    State(state): State<AppState>,
    mut params: Params,
    body: Bytes,
) -> Result<Response, Problem> {
    let form = take_form(&mut params)?;
    params.finish(&FORM)?;
    let budget = state.config().budgets.geometry.area();
    let deadline = Duration::from_secs(state.config().limits.request_timeout_s.max(1));
    let snapshot = state.snapshot();
    // All of it on the pool of costly requests: reading the body (up to the body limit),
    // the cost estimate, the repair and the overlays, each stopping when the client goes or
    // the deadline passes — so that the async workers keep answering `/health` and tiles.
    let body = state
        .heavy()
        .run(deadline, move |stop| {
            let stopped = || stop.requested();
            let DrawnArea { area, warnings } = read_area(&body, &budget, &stopped)?;
            let place = Place::Area(area);
            let mut report = snapshot
                .answerer()
                .impacts_until(&place, &stopped)
                .ok_or_else(|| Problem::from(PlaceError::Stopped))?;
            // A repaired polygon says so in the answer.
            report.warnings.extend(warnings);
            Ok::<_, Problem>(AnswerView::new(&report, form.detail, &form.selection).to_json_bytes())
        })
        .await??;
    Ok(respond::json_text(body, JSON))
}

/// The form and selection of the answer.
struct Form {
    detail: Detail,
    selection: Selection,
}

fn take_form(params: &mut Params) -> Result<Form, Problem> {
    let detail = match params.take("detail") {
        None => Detail::default(),
        Some(d) => Detail::from_code(&d).ok_or_else(|| {
            Problem::bad_request(format!(
                "paramètre « detail » : resume (par défaut) ou complet, reçu « {d} »"
            ))
        })?,
    };
    let scopes = list(
        params.take("portee"),
        "portee",
        Scope::from_code,
        "ici, commune, territoire",
    )?;
    let groups = list(
        params.take("groupe"),
        "groupe",
        Selection::group_key,
        "perimetres, operations, equipements, actions, centralites, corridors",
    )?;
    Ok(Form {
        detail,
        selection: Selection { scopes, groups },
    })
}

/// A comma-separated list of known values.
fn list<T>(
    value: Option<String>,
    name: &str,
    parse: impl Fn(&str) -> Option<T>,
    known: &str,
) -> Result<Vec<T>, Problem> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| {
            parse(v).ok_or_else(|| {
                Problem::bad_request(format!(
                    "paramètre « {name} » : « {v} » inconnu ; valeurs possibles : {known} (séparées par des virgules)"
                ))
            })
        })
        .collect()
}

/// Answers (and serializes) on the blocking pool; `None` from `ask` is a 404 with `missing`.
async fn answer_off_worker(
    snapshot: Arc<Snapshot>,
    form: Form,
    ask: impl FnOnce(Answerer<'_>) -> Option<ImpactReport> + Send + 'static,
    missing: String,
) -> Result<Response, Problem> {
    let body = tokio::task::spawn_blocking(move || {
        ask(snapshot.answerer())
            .map(|report| AnswerView::new(&report, form.detail, &form.selection).to_json_bytes())
    })
    .await
    .map_err(Problem::internal)?
    .ok_or_else(|| Problem::not_found(missing))?;
    Ok(respond::json_text(body, JSON))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geodata::cost::AreaBudget;

    fn problem(body: &str) -> Problem {
        Problem::from(
            read_area(body.as_bytes(), &AreaBudget::default(), &|| false).expect_err(body),
        )
    }

    #[test]
    fn every_refused_body_gets_its_reason() {
        let cases = include_str!("refused_polygons.tsv");
        let mut count = 0;
        for (n, line) in cases.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let (expected, body) = line.split_once('\t').expect("a tab");
            let p = problem(body);
            assert_eq!(p.status, axum::http::StatusCode::BAD_REQUEST, "{body}");
            assert!(
                p.detail.starts_with("corps GeoJSON refusé : ") && p.detail.contains(expected),
                "line {}: {body}: {}",
                n + 1,
                p.detail
            );
            count += 1;
        }
        assert_eq!(count, 18, "every case of refused_polygons.tsv is read");
    }

    #[test]
    fn a_point_out_of_bounds_is_a_400() {
        let p = Problem::from(checked_point(200.0, 46.0).expect_err("out"));
        assert_eq!(p.status, axum::http::StatusCode::BAD_REQUEST);
        assert_eq!(
            p.detail,
            "coordonnées hors bornes : longitude 200 (−180 à 180), latitude 46 (−90 à 90), en degrés WGS84"
        );
    }
}
