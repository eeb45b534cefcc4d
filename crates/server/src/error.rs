//! Errors: RFC 9457 problem details for every HTTP error, and the startup errors of the server.

use std::path::PathBuf;

use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value};

/// Media type of RFC 9457 problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An HTTP error answered as `application/problem+json`. Client faults carry their precise
/// French message; internal faults are logged and answered with a generic message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{status}: {detail}")]
pub struct Problem {
    pub status: StatusCode,
    pub detail: String,
    /// Extension members and headers, boxed: most problems have none, and a `Result` whose
    /// error is a `Problem` stays small.
    pub extra: Option<Box<Extra>>,
}

/// What a few problems add to the standard members.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra {
    /// RFC 9457 extension members, answered beside `type`, `title`, `status` and `detail`.
    pub members: Map<String, Value>,
    /// Headers the answer carries (`Retry-After`, `WWW-Authenticate`).
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    status: u16,
    detail: &'a str,
    #[serde(flatten)]
    members: Option<&'a Map<String, Value>>,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            detail: detail.into(),
            extra: None,
        }
    }

    /// Adds the extension member `name`; a value that does not serialize is a server fault.
    pub fn with_member(mut self, name: &str, value: impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => {
                let extra = self.extra.get_or_insert_with(Box::default);
                extra.members.insert(name.to_string(), value);
                self
            }
            Err(e) => Self::internal(e),
        }
    }

    /// Adds a header to the answer.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        let extra = self.extra.get_or_insert_with(Box::default);
        extra.headers.push((name, value));
        self
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, detail)
    }

    /// A server-side fault: the cause is logged, the client gets a generic message.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "erreur interne");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "erreur interne du serveur ; elle a été journalisée",
        )
    }
}

/// A short French title per status, as RFC 9457 advises for `about:blank` problems.
pub fn title_fr(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "Requête invalide",
        401 => "Authentification requise",
        403 => "Accès refusé",
        404 => "Ressource introuvable",
        405 => "Méthode non autorisée",
        406 => "Format non disponible",
        408 => "Délai de traitement dépassé",
        409 => "Conflit avec l'état actuel",
        413 => "Corps de requête trop volumineux",
        415 => "Type de contenu non pris en charge",
        422 => "Contenu non traitable",
        429 => "Trop de requêtes",
        500 => "Erreur interne",
        503 => "Service indisponible",
        _ if status.is_client_error() => "Erreur de la requête",
        _ => "Erreur du serveur",
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = Body {
            kind: "about:blank",
            title: title_fr(self.status),
            status: self.status.as_u16(),
            detail: &self.detail,
            members: self.extra.as_ref().map(|e| &e.members),
        };
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        let mut response = (self.status, bytes).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        for (name, value) in self.extra.map(|e| e.headers).unwrap_or_default() {
            headers.insert(name, value);
        }
        response
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    #[error("{}: configuration illisible : {message}", path.display())]
    Config { path: PathBuf, message: String },
    #[error("adresse d'écoute {addr} indisponible : {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("origine CORS invalide « {0} »")]
    CorsOrigin(String),
    #[error("section [admin] : {0}")]
    Admin(String),
    #[error("projections indisponibles (PROJ) : {0}")]
    Proj(String),
    #[error("serveur arrêté sur une erreur : {0}")]
    Io(#[from] std::io::Error),
}
