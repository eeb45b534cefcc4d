//! The SIG team's admin API over the store: `POST /admin/import` (multipart upload →
//! validation report and diff, staged when valid), `POST /admin/publish`,
//! `POST /admin/rollback`, `GET /admin/versions`. A publish or a rollback is served before it
//! is answered ([`crate::reload`]).
//!
//! Every admin request is rate-limited first, per client (governor, keyed by the peer's IP
//! address), then must carry `Authorization: Bearer <token>` proving one of the credentials
//! of `[admin]` ([`crate::services::token`]): a wrong or missing token is answered 401 and
//! changes nothing. A credential scoped to some territories that imports, publishes or rolls
//! back in another is answered 403, naming the territory, and nothing is staged or published;
//! the versions it makes record its name. Uploads are limited to `[admin] max_upload_mb`. The
//! public endpoints stay read-only.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, DefaultBodyLimit, Multipart, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use store::addresses::AddressSource;
use store::import::{FieldMapping, ImportOptions};
use store::workflow::{prepare, ImportRequest};
use store::{LayerId, Store, StoreError};

use crate::config::Config;
use crate::error::Problem;
use crate::services::token::{AdminCredential, Credentials};
use crate::state::AppState;

mod client_limit;
use client_limit::ClientLimiter;

/// The global bound on imports running at once.
#[derive(Debug, Clone)]
struct ImportSlots(Arc<tokio::sync::Semaphore>);

/// How long a client refused for lack of an import slot is told to wait, in seconds.
const IMPORT_RETRY_S: u64 = 5;

/// The credential a request proved, for the handlers.
type Caller = axum::Extension<Arc<AdminCredential>>;

pub fn router(state: &AppState) -> Router<AppState> {
    // `quartiers serve` refuses to start on a misconfigured [admin]; a server built otherwise
    // (tests) keeps its admin API off.
    let credentials = Credentials::from_config(&state.config().admin).unwrap_or_else(|e| {
        tracing::error!(erreur = %e, "[admin] : API d'administration désactivée");
        Credentials::default()
    });
    let credentials = Arc::new(credentials);
    let limiter = Arc::new(ClientLimiter::new(state.config().admin.requests_per_minute));
    let max_bytes = upload_limit(state.config());
    let slots = ImportSlots(Arc::new(tokio::sync::Semaphore::new(
        state.config().admin.max_concurrent_imports.max(1),
    )));
    Router::new()
        .route("/admin/import", post(import).layer(axum::Extension(slots)))
        .route("/admin/publish", post(publish))
        .route("/admin/rollback", post(rollback))
        .route("/admin/versions", get(versions))
        .layer(DefaultBodyLimit::max(max_bytes))
        .layer(axum::middleware::from_fn_with_state(
            (state.clone(), credentials),
            authorize,
        ))
        .layer(axum::middleware::from_fn(
            move |req: Request, next: Next| {
                let limiter = limiter.clone();
                rate_limit(limiter, req, next)
            },
        ))
}

fn upload_limit(config: &Config) -> usize {
    usize::try_from(config.admin.max_upload_mb.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX)
}

async fn rate_limit(limiter: Arc<ClientLimiter>, req: Request, next: Next) -> Response {
    let client = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip());
    if let Err(wait) = limiter.check(client) {
        return too_many_requests(wait);
    }
    next.run(req).await
}

/// Checks the admin API is enabled and the bearer token proves a credential, handed to the
/// handlers; refuses an announced upload over the limit before reading it.
async fn authorize(
    State((state, credentials)): State<(AppState, Arc<Credentials>)>,
    mut req: Request,
    next: Next,
) -> Response {
    if credentials.is_empty() || state.store().is_none() {
        return Problem::not_found(
            "API d'administration désactivée : configurez un magasin (--store) et [admin] token_hash ou [[admin.tokens]]",
        )
        .into_response();
    }
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return unauthorized("jeton absent : envoyez « Authorization: Bearer <jeton> »");
    };
    // Argon2 is slow on purpose: off the async workers.
    let proved = tokio::task::spawn_blocking(move || credentials.verify(&token))
        .await
        .ok()
        .flatten();
    let Some(credential) = proved else {
        return unauthorized("jeton refusé");
    };
    req.extensions_mut().insert(credential);
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let limit = upload_limit(state.config());
    if announced.is_some_and(|n| n > limit as u64) {
        return too_large(limit).into_response();
    }
    next.run(req).await
}

/// 429 with the wait in whole seconds, in the detail and in `Retry-After`.
fn too_many_requests(wait: Duration) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let seconds = seconds.max(1);
    Problem::new(
        StatusCode::TOO_MANY_REQUESTS,
        format!(
            "trop de requêtes d'administration depuis votre adresse : réessayez dans {seconds} s"
        ),
    )
    .with_header(header::RETRY_AFTER, HeaderValue::from(seconds))
    .into_response()
}

/// 429 when every import slot is taken.
fn too_many_imports(slots: usize) -> Problem {
    Problem::new(
        StatusCode::TOO_MANY_REQUESTS,
        format!(
            "trop d'imports en cours ({slots} à la fois au plus, [admin] max_concurrent_imports) : réessayez dans {IMPORT_RETRY_S} s"
        ),
    )
    .with_header(header::RETRY_AFTER, HeaderValue::from(IMPORT_RETRY_S))
}

fn unauthorized(detail: &str) -> Response {
    Problem::new(StatusCode::UNAUTHORIZED, detail)
        .with_header(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"quartiers-admin\""),
        )
        .into_response()
}

/// The store served, or 404 on a server that serves none.
fn served_store(state: &AppState) -> Result<Arc<dyn Store>, Problem> {
    state
        .store()
        .map(|handle| handle.store.clone())
        .ok_or_else(|| Problem::not_found("aucun magasin"))
}

/// The result of the blocking task that ran a store operation.
fn store_result<T>(
    done: Result<Result<T, StoreError>, tokio::task::JoinError>,
) -> Result<T, Problem> {
    done?.map_err(store_problem)
}

fn too_large(limit: usize) -> Problem {
    Problem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "fichier trop volumineux : {} Mio au plus ([admin] max_upload_mb)",
            limit / (1024 * 1024)
        ),
    )
}

/// A store error as the SIG team should read it.
fn store_problem(e: StoreError) -> Problem {
    if let StoreError::Forbidden { territory, .. } = &e {
        let territory = territory.clone();
        return Problem::new(StatusCode::FORBIDDEN, e.to_string())
            .with_member("territoire", territory);
    }
    let status = match &e {
        StoreError::UnknownImport(_) | StoreError::UnknownVersion(_) => StatusCode::NOT_FOUND,
        StoreError::Stale { .. } | StoreError::AlreadyCurrent { .. } => StatusCode::CONFLICT,
        StoreError::Source { .. }
        | StoreError::Mapping(_)
        | StoreError::NoLayerFile { .. }
        | StoreError::Territory(_)
        | StoreError::Projection(_)
        | StoreError::DirectoryExists(_)
        | StoreError::CannotCreateTerritory(_)
        | StoreError::Superseded { .. }
        | StoreError::UnknownLayer(_)
        | StoreError::UnknownTerritory(..)
        | StoreError::LayerNotInTerritory(..) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => return Problem::internal(e),
    };
    // The server's own paths (the upload's temporary directory) are not the client's business.
    let detail = e.to_string();
    let detail = match detail.split_once("quartiers-upload-") {
        Some((_, rest)) => rest
            .split_once('/')
            .map_or(detail.clone(), |(_, tail)| tail.to_string()),
        None => detail,
    };
    Problem::new(status, detail)
}

/// The fields of an upload, as the form sends them.
#[derive(Debug, Default)]
struct ImportForm {
    file: Option<(PathBuf, String)>,
    territory: Option<String>,
    layer: Option<String>,
    author: Option<String>,
    options: ImportOptions,
}

async fn import(
    State(state): State<AppState>,
    axum::Extension(slots): axum::Extension<ImportSlots>,
    axum::Extension(caller): Caller,
    multipart: Multipart,
) -> Result<Response, Problem> {
    let store = served_store(&state)?;
    // Taken before the upload is written and held by the reading thread to its end, even if
    // the client goes away meanwhile.
    let Ok(slot) = slots.0.clone().try_acquire_owned() else {
        return Err(too_many_imports(
            state.config().admin.max_concurrent_imports.max(1),
        ));
    };
    let dir = tempfile::Builder::new()
        .prefix("quartiers-upload-")
        .tempdir()
        .map_err(Problem::internal)?;
    let mut form = read_form(multipart, dir.path(), upload_limit(state.config())).await?;
    form.options.limits = state.config().import;
    let (Some((path, name)), Some(territory), Some(layer)) =
        (form.file, form.territory, form.layer)
    else {
        return Err(Problem::bad_request(
            "champs attendus : fichier (le fichier, un Shapefile zippé par exemple), territoire, couche ; facultatifs : couche_source, scr_source, encodage, correspondance (CHAMP_SOURCE=CHAMP, répétable), valeur (CHAMP=VALEUR, répétable), auteur",
        ));
    };
    // Before anything is read or staged.
    caller.as_store().check(&territory).map_err(store_problem)?;
    let layer: LayerId = layer
        .parse()
        .map_err(|e| store_problem(StoreError::from(e)))?;
    let author = form.author.unwrap_or_else(|| caller.name.clone());
    let options = form.options;
    let addresses = state.geocoder().and_then(|g| g.addresses());
    let outcome = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let request = ImportRequest {
            territory: &territory,
            layer,
            path: &path,
            source_name: Some(&name),
            options: &options,
            author: &author,
            addresses: addresses.as_deref().map(|a| a as &dyn AddressSource),
        };
        prepare(store.as_ref(), &request, true, &mut |_, _| {})
    })
    .await;
    drop(dir);
    let outcome = store_result(outcome)?;
    if !outcome.is_valid() {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "fichier refusé : {} erreur(s) ; rien n'a changé",
                outcome.errors
            ),
        )
        .with_member("import", &outcome));
    }
    tracing::info!(import = ?outcome.import, fichier = %outcome.source_name, "import validé");
    Ok(Json(outcome).into_response())
}

/// Reads the multipart form, writing the file under `dir` with its own name (GDAL goes by the
/// extension) and counting its bytes against `limit`.
async fn read_form(
    mut multipart: Multipart,
    dir: &Path,
    limit: usize,
) -> Result<ImportForm, Problem> {
    use tokio::io::AsyncWriteExt;
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(limit)
        } else {
            Problem::bad_request(format!(
                "formulaire multipart illisible : {}",
                e.body_text()
            ))
        }
    };
    let mut form = ImportForm::default();
    let mut mapping = FieldMapping::default();
    while let Some(mut field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "fichier" {
            let original = field
                .file_name()
                .map(sanitize)
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "envoi".into());
            let path = dir.join(&original);
            let mut file = tokio::fs::File::create(&path)
                .await
                .map_err(Problem::internal)?;
            let mut written = 0usize;
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                written += chunk.len();
                if written > limit {
                    return Err(too_large(limit));
                }
                file.write_all(&chunk).await.map_err(Problem::internal)?;
            }
            file.flush().await.map_err(Problem::internal)?;
            form.file = Some((path, original));
            continue;
        }
        let value = field.text().await.map_err(bad)?;
        let invalid = |e: StoreError| Problem::bad_request(e.to_string());
        match name.as_str() {
            "territoire" => form.territory = Some(value),
            "couche" => form.layer = Some(value),
            "auteur" => form.author = Some(value),
            "couche_source" => form.options.source_layer = Some(value),
            "scr_source" => form.options.s_srs = Some(value),
            "encodage" => form.options.encoding = Some(value),
            "correspondance" => mapping.add_field(&value).map_err(invalid)?,
            "valeur" => mapping.add_value(&value).map_err(invalid)?,
            other => {
                return Err(Problem::bad_request(format!(
                    "champ de formulaire inconnu « {other} »"
                )))
            }
        }
    }
    form.options.mapping = mapping;
    Ok(form)
}

/// A client file name reduced to a plain name (no directories, no odd characters).
fn sanitize(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    store::import::quarantine::plain_name(base)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PublishBody {
    import: u64,
    #[serde(default)]
    commentaire: String,
}

async fn publish(
    State(state): State<AppState>,
    axum::Extension(caller): Caller,
    body: axum::body::Bytes,
) -> Result<Response, Problem> {
    let body: PublishBody = parse_json(&body)?;
    let store = served_store(&state)?;
    let done = tokio::task::spawn_blocking(move || {
        store.publish(body.import, &body.commentaire, caller.as_store())
    })
    .await;
    changed(&state, store_result(done)?).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RollbackBody {
    version: u64,
    #[serde(default)]
    commentaire: String,
    #[serde(default)]
    auteur: Option<String>,
}

async fn rollback(
    State(state): State<AppState>,
    axum::Extension(caller): Caller,
    body: axum::body::Bytes,
) -> Result<Response, Problem> {
    let body: RollbackBody = parse_json(&body)?;
    let store = served_store(&state)?;
    let author = body.auteur.unwrap_or_else(|| caller.name.clone());
    let done = tokio::task::spawn_blocking(move || {
        store.rollback(body.version, &author, &body.commentaire, caller.as_store())
    })
    .await;
    changed(&state, store_result(done)?).await
}

/// After a publish or a rollback: serve the new version before answering.
async fn changed(state: &AppState, version: store::Version) -> Result<Response, Problem> {
    tracing::info!(version = version.number, couche = %version.layer, territoire = %version.territory, auteur = %version.author, jeton = version.credential.as_deref().unwrap_or_default(), "version publiée");
    crate::reload::reload(state)
        .await
        .map_err(Problem::internal)?;
    Ok(Json(json!({
        "version": version,
        "version_donnees": state.snapshot().version,
    }))
    .into_response())
}

async fn versions(State(state): State<AppState>) -> Result<Response, Problem> {
    let store = served_store(&state)?;
    let versions = store_result(tokio::task::spawn_blocking(move || store.versions()).await)?;
    Ok(Json(versions).into_response())
}

fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Problem> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        Problem::bad_request(format!(
            "corps JSON invalide (champ « {path} ») : {}",
            e.inner()
        ))
    })
}
