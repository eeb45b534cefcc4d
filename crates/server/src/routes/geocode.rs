//! Address search in the API Adresse shape: `GET /geocode` (alias `/search/`), `GET /reverse`
//! (alias `/reverse/`) and `POST /batch` (alias `/search/csv/`), over the imported BAN
//! addresses and the published data's own places; or forwarded to an API Adresse-compatible
//! upstream when one is configured (`--geocoder-upstream`).

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use geocoder::batch::{Batch, BatchParams};
use geocoder::search::ResultType;
use geocoder::{Geocoder, SearchOptions};

use crate::error::Problem;
use crate::ogc::links::JSON;
use crate::params::Params;
use crate::respond;
use crate::services::geocode::GeocodeService;
use crate::services::geocode_upstream;
use crate::state::AppState;

/// Largest `/batch` body (a 50,000-row file of long addresses fits).
const BATCH_BODY_LIMIT: usize = 16 * 1024 * 1024;
/// Rows per streamed chunk.
const CHUNK_ROWS: usize = 256;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/geocode", get(search))
        .route("/search", get(search))
        .route("/search/", get(search))
        .route("/reverse", get(reverse))
        .route("/reverse/", get(reverse))
}

/// `POST /batch`, outside the public body limit: a 50,000-row file is larger than a polygon.
pub fn batch_router() -> Router<AppState> {
    Router::new()
        .route("/batch", post(batch))
        .route("/search/csv", post(batch))
        .route("/search/csv/", post(batch))
        .layer(DefaultBodyLimit::max(BATCH_BODY_LIMIT))
}

/// The geocoder for the data published now.
fn geocoder_now(service: &GeocodeService, state: &AppState) -> Arc<Geocoder> {
    let snapshot = state.snapshot();
    service.geocoder(&snapshot.version, &snapshot.catalog)
}

fn service(state: &AppState) -> Result<&Arc<GeocodeService>, Problem> {
    state.geocoder().ok_or_else(|| {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "la recherche d'adresses n'est pas activée sur ce serveur",
        )
    })
}

const SEARCH_PARAMS: [&str; 8] = [
    "q",
    "limit",
    "lon",
    "lat",
    "type",
    "postcode",
    "citycode",
    "autocomplete",
];

async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    mut params: Params,
) -> Result<Response, Problem> {
    let service = service(&state)?;
    if let Some(url) = service.upstream_url("search", raw.as_deref()) {
        return forward(url).await;
    }
    let q = params.take("q").unwrap_or_default();
    if q.trim().is_empty() {
        return Err(Problem::bad_request(
            "paramètre « q » manquant ou vide : indiquez l'adresse ou le lieu cherché",
        ));
    }
    if q.chars().count() > 200 {
        return Err(Problem::bad_request(
            "paramètre « q » : 200 caractères au plus",
        ));
    }
    let limit = params.take_usize("limit", 1, 100)?.unwrap_or(5);
    let bias = params.take_point(false)?;
    let kind = params
        .take("type")
        .map(|t| {
            ResultType::from_code(&t).ok_or_else(|| {
                Problem::bad_request(format!(
                    "paramètre « type » : « {t} » inconnu ; attendu : housenumber, street, locality, municipality, poi"
                ))
            })
        })
        .transpose()?;
    let autocomplete = match params.take("autocomplete").as_deref() {
        None | Some("1") | Some("true") => true,
        Some("0") | Some("false") => false,
        Some(other) => {
            return Err(Problem::bad_request(format!(
                "paramètre « autocomplete » : 0 ou 1 attendu, reçu « {other} »"
            )))
        }
    };
    let opts = SearchOptions {
        limit,
        autocomplete,
        bias,
        kind,
        postcode: params.take("postcode"),
        citycode: params.take("citycode"),
    };
    params.finish(&SEARCH_PARAMS)?;
    let geocoder = geocoder_now(service, &state);
    respond::json(&geocoder.search_collection(&q, &opts), JSON)
}

async fn reverse(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    mut params: Params,
) -> Result<Response, Problem> {
    let service = service(&state)?;
    if let Some(url) = service.upstream_url("reverse", raw.as_deref()) {
        return forward(url).await;
    }
    let limit = params.take_usize("limit", 1, 100)?.unwrap_or(1);
    let (lon, lat) = params.take_point(true)?.unwrap_or_default();
    params.finish(&["lon", "lat", "limit"])?;
    let geocoder = geocoder_now(service, &state);
    respond::json(&geocoder.reverse(lon, lat, limit), JSON)
}

/// The upstream's answer, passed through (status, content type and body).
async fn forward(url: String) -> Result<Response, Problem> {
    let answer = tokio::task::spawn_blocking(move || geocode_upstream::get(&url))
        .await?
        .map_err(|e| {
            tracing::warn!(%e, "service de géocodage amont injoignable");
            Problem::new(
                StatusCode::BAD_GATEWAY,
                format!("le service de géocodage amont n'a pas répondu : {e}"),
            )
        })?;
    let mut response = (
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::BAD_GATEWAY),
        answer.body,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&answer.content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    Ok(response)
}

/// `POST /batch`: a CSV as the body (`text/csv`, parameters in the query string) or as the
/// `data` field of a multipart form (parameters as fields, as `/search/csv/` takes them).
async fn batch(State(state): State<AppState>, request: Request) -> Result<Response, Problem> {
    let service = service(&state)?.clone();
    let raw = request.uri().query().unwrap_or("").to_string();
    let mut params = BatchParams::default();
    let mut xlsx = false;
    let mut file_name = "fichier".to_string();
    read_params(&raw, &mut params, &mut xlsx)?;
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let bytes: Bytes =
        if is_multipart {
            let mut form = Multipart::from_request(request, &state)
                .await
                .map_err(|e| Problem::bad_request(format!("formulaire illisible : {e}")))?;
            let mut data = None;
            while let Some(field) = form
                .next_field()
                .await
                .map_err(|e| Problem::bad_request(format!("formulaire illisible : {e}")))?
            {
                let name = field.name().unwrap_or("").to_string();
                if name == "data" {
                    if let Some(f) = field.file_name() {
                        file_name = f.to_string();
                    }
                    data =
                        Some(field.bytes().await.map_err(|e| {
                            Problem::bad_request(format!("fichier illisible : {e}"))
                        })?);
                } else {
                    let value = field.text().await.map_err(|e| {
                        Problem::bad_request(format!("champ « {name} » illisible : {e}"))
                    })?;
                    set_param(&mut params, &mut xlsx, &name, value)?;
                }
            }
            data.ok_or_else(|| {
                Problem::bad_request(
                    "champ « data » manquant : joignez le fichier CSV dans le champ data",
                )
            })?
        } else {
            Bytes::from_request(request, &state).await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    Problem::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!(
                            "fichier trop volumineux : {} Mio au plus",
                            BATCH_BODY_LIMIT / (1024 * 1024)
                        ),
                    )
                } else {
                    Problem::bad_request("corps de requête interrompu ou illisible")
                }
            })?
        };
    let geocoder = geocoder_now(&service, &state);
    let snapshot = state.snapshot();
    let deadline = Duration::from_secs(state.config().budgets.upload_timeout_s.max(1));
    // Read (a CSV of up to 16 MiB) on the pool of costly requests, as the rows are geocoded.
    let read = {
        let geocoder = geocoder.clone();
        move |_: &crate::heavy::Stop| prepare(&file_name, &bytes, &params, xlsx, &geocoder)
    };
    if xlsx {
        // A workbook is a ZIP archive: written whole, then sent.
        let bytes = state
            .heavy()
            .run(deadline, move |stop| {
                let batch = read(stop)?;
                geocoder::batch::xlsx::workbook(&batch, &geocoder, snapshot.answerer())
                    .map_err(Problem::internal)
            })
            .await??;
        let mut response = Response::new(Body::from(bytes));
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(XLSX));
        headers.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"adresses-geocodees.xlsx\""),
        );
        return Ok(response);
    }
    let batch = state.heavy().run(deadline, read).await??;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    // On the pool of costly requests; stopped by its deadline or when the client goes away.
    state
        .heavy()
        .start(deadline, move |stop| {
            let mut chunk = batch.header();
            for i in 0..batch.len() {
                if stop.requested() {
                    let _ =
                        tx.blocking_send(Err(std::io::Error::other("délai de traitement dépassé")));
                    return;
                }
                chunk.extend(batch.row(i, &geocoder, snapshot.answerer()).0);
                if (i + 1) % CHUNK_ROWS == 0 {
                    let full = std::mem::take(&mut chunk);
                    if tx.blocking_send(Ok(Bytes::from(full))).is_err() {
                        return; // the client went away
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = tx.blocking_send(Ok(Bytes::from(chunk)));
            }
        })
        .await?;
    // Fused: the compression layer polls the body once more after its end, which a bare
    // `unfold` answers with a panic (and the client with a truncated transfer).
    let stream =
        futures_util::StreamExt::fuse(futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|chunk| (chunk, rx))
        }));
    let mut response = Response::new(Body::from_stream(stream));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"adresses-geocodees.csv\""),
    );
    Ok(response)
}

/// The input file read and checked against the parameters, Excel's bounds when a workbook is
/// asked, and the addresses this server has: 422 with the reason.
fn prepare(
    file_name: &str,
    bytes: &[u8],
    params: &BatchParams,
    xlsx: bool,
    geocoder: &Geocoder,
) -> Result<Batch, Problem> {
    let batch = Batch::prepare(file_name, bytes, params)
        .map_err(|e| Problem::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    if let Some(why) = xlsx
        .then(|| geocoder::batch::xlsx::excel_problem(&batch))
        .flatten()
    {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{file_name} : classeur Excel impossible : {why}"),
        ));
    }
    // The list cannot be read here, but nothing is wrong with the server: a 422 (what this
    // server can do with it), not a 5xx that monitors would count as an outage.
    if batch.needs_geocoder() && geocoder.addresses().is_none() {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "aucune adresse chargée sur ce serveur (quartiers addresses download) ; une liste de coordonnées (lon, lat) reste possible",
        ));
    }
    Ok(batch)
}

/// Media type of an Excel workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn read_params(raw: &str, params: &mut BatchParams, xlsx: &mut bool) -> Result<(), Problem> {
    for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
        set_param(params, xlsx, &k, v.into_owned())?;
    }
    Ok(())
}

fn set_param(
    params: &mut BatchParams,
    xlsx: &mut bool,
    name: &str,
    value: String,
) -> Result<(), Problem> {
    match name {
        "columns" => params.columns.extend(
            value
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
        ),
        "postcode" => params.postcode = Some(value),
        "citycode" => params.citycode = Some(value),
        "lon" => params.lon = Some(value),
        "lat" => params.lat = Some(value),
        "format" => {
            *xlsx = match value.as_str() {
                "csv" => false,
                "xlsx" => true,
                other => {
                    return Err(Problem::bad_request(format!(
                        "format « {other} » inconnu : csv (par défaut) ou xlsx"
                    )))
                }
            }
        }
        other => {
            return Err(Problem::bad_request(format!(
                "paramètre « {other} » inconnu ; paramètres acceptés : columns, postcode, citycode, lon et lat, format (csv ou xlsx), et le fichier dans data"
            )))
        }
    }
    Ok(())
}
