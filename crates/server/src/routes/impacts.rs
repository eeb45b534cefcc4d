//! `/impacts`: what concerns a point, an îlot or a drawn polygon — the geodata impact query
//! as JSON.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use geo::{MultiPolygon, Point};
use geodata::impacts::{impacts, ImpactReport, Place};

use crate::error::Problem;
use crate::ogc::links::JSON;
use crate::params::Params;
use crate::respond;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/impacts", get(by_query).post(by_polygon))
}

/// `?lon=&lat=` or `?ilot=ID`.
async fn by_query(State(state): State<AppState>, mut params: Params) -> Result<Response, Problem> {
    let lon = params.take_f64("lon")?;
    let lat = params.take_f64("lat")?;
    let ilot = params.take("ilot");
    params.finish(&["lon", "lat", "ilot"])?;
    let snapshot = state.snapshot();
    let place = match (lon, lat, ilot) {
        (Some(lon), Some(lat), None) => Place::Point(checked_point(lon, lat)?),
        (None, None, Some(id)) => Place::Area(snapshot.catalog.ilot_area(&id).ok_or_else(|| {
            Problem::not_found(format!(
                "îlot « {id} » inconnu ; la collection /collections/ilots les liste"
            ))
        })?),
        (None, None, None) => {
            return Err(Problem::bad_request(
                "indiquez un lieu : ?lon=…&lat=… (degrés WGS84) ou ?ilot=ID, ou envoyez un polygone GeoJSON en POST",
            ))
        }
        (Some(_), None, None) | (None, Some(_), None) => {
            return Err(Problem::bad_request("lon et lat vont ensemble"))
        }
        _ => {
            return Err(Problem::bad_request(
                "un seul lieu à la fois : lon/lat ou ilot",
            ))
        }
    };
    answer(&state, place).await
}

/// A GeoJSON Polygon or MultiPolygon (geometry, Feature, or a FeatureCollection of one).
async fn by_polygon(
    State(state): State<AppState>,
    params: Params,
    body: Bytes,
) -> Result<Response, Problem> {
    params.finish(&[])?;
    let area = read_polygon(&body)?;
    answer(&state, Place::Area(area)).await
}

async fn answer(state: &AppState, place: Place) -> Result<Response, Problem> {
    let snapshot = state.snapshot();
    let report: ImpactReport = match place {
        // Point queries take microseconds: answer on the worker.
        Place::Point(_) => impacts(&snapshot.catalog, &place),
        // Polygon overlays can take milliseconds: keep them off the async workers.
        Place::Area(_) => tokio::task::spawn_blocking(move || impacts(&snapshot.catalog, &place))
            .await
            .map_err(Problem::internal)?,
    };
    respond::json(&report, JSON)
}

fn checked_point(lon: f64, lat: f64) -> Result<Point<f64>, Problem> {
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(Problem::bad_request(format!(
            "coordonnées hors bornes : longitude {lon} (−180 à 180), latitude {lat} (−90 à 90), en degrés WGS84"
        )));
    }
    Ok(Point::new(lon, lat))
}

/// Most vertices accepted in a POSTed polygon (validity checks grow faster than linearly).
pub const MAX_VERTICES: usize = 20_000;

/// Reads and checks the polygon of a POST body.
pub fn read_polygon(body: &[u8]) -> Result<MultiPolygon<f64>, Problem> {
    let bad = |why: String| Problem::bad_request(format!("corps GeoJSON refusé : {why}"));
    let geojson: geojson::GeoJson = serde_json::from_slice(body)
        .map_err(|e| bad(format!("JSON ou GeoJSON illisible ({e})")))?;
    let geometry = match geojson {
        geojson::GeoJson::Geometry(g) => Some(g),
        geojson::GeoJson::Feature(f) => f.geometry,
        geojson::GeoJson::FeatureCollection(fc) => {
            if fc.features.len() != 1 {
                return Err(bad(format!(
                    "une FeatureCollection doit contenir exactement un objet, elle en contient {}",
                    fc.features.len()
                )));
            }
            fc.features.into_iter().next().and_then(|f| f.geometry)
        }
    }
    .ok_or_else(|| bad("aucune géométrie".into()))?;
    let problems = geodata::validate::geometry::raw_coordinates(&geometry.value);
    if !problems.is_empty() {
        return Err(bad(problems.join(" ; ")));
    }
    let g = geo::Geometry::<f64>::try_from(geometry.value).map_err(|e| bad(e.to_string()))?;
    if geo::CoordsIter::coords_count(&g) > MAX_VERTICES {
        return Err(bad(format!(
            "polygone trop détaillé : au plus {MAX_VERTICES} sommets ; simplifiez-le"
        )));
    }
    let area = match g {
        geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
        geo::Geometry::MultiPolygon(mp) => mp,
        _ => return Err(bad("un Polygon ou un MultiPolygon est attendu".into())),
    };
    let problems =
        geodata::validate::geometry::validity(&geo::Geometry::MultiPolygon(area.clone()));
    if !problems.is_empty() {
        return Err(bad(format!("polygone invalide : {}", problems.join(" ; "))));
    }
    Ok(area)
}
