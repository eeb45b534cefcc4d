//! How each typed error of the pure modules is answered: the one place deciding their HTTP
//! status (the axum examples' `AppError` pattern, with [`Problem`] as the answer). The
//! modules return their own errors, handlers use `?`, and the French message is the error's
//! own `Display`.

use axum::http::{header, HeaderValue, StatusCode};

use crate::error::Problem;
use crate::heavy::{HeavyError, RETRY_AFTER_S};
use crate::negotiate::FormatError;
use crate::ogc::bbox::BboxError;
use crate::ogc::datetime::DatetimeError;
use crate::ogc::filter::FilterError;
use crate::ogc::geojson::FeatureError;
use crate::ogc::query::QueryError;
use crate::ogc::sort::SortError;
use crate::ogc::tiles::UnreadableTile;
use crate::params::{ParamError, PointError};
use crate::subject::SubjectError;

/// The errors of a request's parameters, answered 400 with their message.
macro_rules! bad_request {
    ($($error:ty),+) => {$(
        impl From<$error> for Problem {
            fn from(e: $error) -> Self {
                Self::bad_request(e.to_string())
            }
        }
    )+};
}

bad_request!(
    FormatError,
    ParamError,
    QueryError,
    DatetimeError,
    SortError,
    FilterError,
    BboxError
);

/// `lon`/`lat`: a place refused as `geodata::place` says, else a 400.
impl From<PointError> for Problem {
    fn from(e: PointError) -> Self {
        match e {
            PointError::Param(e) => e.into(),
            PointError::Place(e) => e.into(),
            e @ (PointError::Missing | PointError::Apart) => Self::bad_request(e.to_string()),
        }
    }
}

/// The pool of costly requests full: 503, the client told when to retry; its thread dead: a
/// server fault.
impl From<HeavyError> for Problem {
    fn from(e: HeavyError) -> Self {
        match e {
            e @ HeavyError::Busy { .. } => {
                Self::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string())
                    .with_header(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_S))
            }
            HeavyError::Died(e) => Self::internal(e),
        }
    }
}

/// A named area nobody knows: 404.
impl From<SubjectError> for Problem {
    fn from(e: SubjectError) -> Self {
        Self::not_found(e.to_string())
    }
}

/// Faults of the server (a feature or a feed it could not write, a cached tile it could not
/// read, a blocking task that died): logged, answered 500 with the generic message.
macro_rules! internal {
    ($($error:ty),+) => {$(
        impl From<$error> for Problem {
            fn from(e: $error) -> Self {
                Self::internal(e)
            }
        }
    )+};
}

internal!(
    FeatureError,
    UnreadableTile,
    atom_syndication::Error,
    tokio::task::JoinError
);

/// A refused place (`geodata::place`): a 400 saying why. A drawn area's reason is about the
/// body the client sent.
impl From<geodata::place::PlaceError> for Problem {
    fn from(e: geodata::place::PlaceError) -> Self {
        use geodata::place::PlaceError;
        match e {
            PlaceError::Area(why) => Self::bad_request(format!("corps GeoJSON refusé : {why}")),
            e @ PlaceError::OutOfBounds { .. } => Self::bad_request(e.to_string()),
            // Too big is 413; too costly a shape (crossing or nearly meeting edges, or too
            // detailed for a shape that must be checked) is 422.
            PlaceError::OverBudget(over) => {
                let status = if ["max_edge_pairs", "max_vertices_checked"].contains(&over.bound) {
                    StatusCode::UNPROCESSABLE_ENTITY
                } else {
                    StatusCode::PAYLOAD_TOO_LARGE
                };
                let (bound, max) = (format!("budgets.geometry.{}", over.bound), over.max);
                Self::new(
                    status,
                    format!("corps GeoJSON refusé : {}", PlaceError::OverBudget(over)),
                )
                .with_member("borne", bound)
                .with_member("maximum", max)
            }
            e @ PlaceError::Stopped => Self::new(StatusCode::REQUEST_TIMEOUT, e.to_string()),
        }
    }
}
