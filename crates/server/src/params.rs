//! Strict query parameters: each handler takes the parameters it knows, and whatever is left
//! is refused, so a misspelt filter (`?statu=`) never silently returns everything.

use std::collections::BTreeMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::Problem;

/// Why the query string was refused (every one a 400, converted in `crate::problems`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamError {
    #[error("paramètre « {0} » répété : donnez-le une seule fois")]
    Repeated(String),
    #[error("paramètre « {name} » : nombre fini attendu, reçu « {value} »")]
    NotFinite { name: String, value: String },
    #[error("paramètre « {name} » : entier de {min} à {max} attendu, reçu « {value} »")]
    OutOfRange {
        name: String,
        min: usize,
        max: usize,
        value: String,
    },
    #[error("paramètre(s) inconnu(s) : {unknown} ; paramètres acceptés : {accepted}")]
    Unknown { unknown: String, accepted: String },
}

/// Why `lon`/`lat` were refused: not numbers, out of WGS84 bounds, missing or apart.
#[derive(Debug, thiserror::Error)]
pub enum PointError {
    #[error(transparent)]
    Param(#[from] ParamError),
    #[error(transparent)]
    Place(#[from] geodata::place::PlaceError),
    #[error("paramètres « lon » et « lat » manquants (degrés WGS84)")]
    Missing,
    #[error("lon et lat vont ensemble")]
    Apart,
}

/// The decoded query string of a request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    map: BTreeMap<String, String>,
}

impl Params {
    /// Decodes a query string; a repeated parameter is refused.
    pub fn parse(query: Option<&str>) -> Result<Params, ParamError> {
        let mut map = BTreeMap::new();
        for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            if k.is_empty() && v.is_empty() {
                continue;
            }
            if map.insert(k.to_string(), v.to_string()).is_some() {
                return Err(ParamError::Repeated(k.into_owned()));
            }
        }
        Ok(Params { map })
    }

    pub fn take(&mut self, name: &str) -> Option<String> {
        self.map.remove(name)
    }

    /// The parameter's value, without taking it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.map.get(name).map(String::as_str)
    }

    /// Whether the parameter is present (without taking it).
    pub fn has(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// A finite number.
    pub fn take_f64(&mut self, name: &str) -> Result<Option<f64>, ParamError> {
        self.take(name)
            .map(|v| {
                v.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| ParamError::NotFinite {
                        name: name.into(),
                        value: v.clone(),
                    })
            })
            .transpose()
    }

    /// A whole number within `min..=max`.
    pub fn take_usize(
        &mut self,
        name: &str,
        min: usize,
        max: usize,
    ) -> Result<Option<usize>, ParamError> {
        self.take(name)
            .map(|v| {
                v.trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (min..=max).contains(n))
                    .ok_or_else(|| ParamError::OutOfRange {
                        name: name.into(),
                        min,
                        max,
                        value: v.clone(),
                    })
            })
            .transpose()
    }

    /// `lon` and `lat`, together, in WGS84 bounds; both absent is `None` unless `required`.
    pub fn take_point(&mut self, required: bool) -> Result<Option<(f64, f64)>, PointError> {
        match (self.take_f64("lon")?, self.take_f64("lat")?) {
            (Some(lon), Some(lat)) => {
                geodata::place::checked_point(lon, lat)?;
                Ok(Some((lon, lat)))
            }
            (None, None) if !required => Ok(None),
            (None, None) => Err(PointError::Missing),
            _ => Err(PointError::Apart),
        }
    }

    /// Refuses the parameters nobody took, naming them and the accepted ones.
    pub fn finish(self, accepted: &[&str]) -> Result<(), ParamError> {
        if self.map.is_empty() {
            return Ok(());
        }
        let unknown: Vec<&str> = self.map.keys().map(String::as_str).collect();
        let accepted = if accepted.is_empty() {
            "aucun".to_string()
        } else {
            accepted.join(", ")
        };
        Err(ParamError::Unknown {
            unknown: unknown.join(", "),
            accepted,
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Params::parse(parts.uri.query())?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_refuses_repeats() {
        let mut p = Params::parse(Some("a=1&b=x%20y")).expect("valid");
        assert_eq!(p.take("b").as_deref(), Some("x y"));
        assert!(Params::parse(Some("a=1&a=2")).is_err());
    }

    #[test]
    fn numbers_must_be_finite_and_in_range() {
        let mut p = Params::parse(Some("x=NaN&y=inf&n=10001&m=5")).expect("valid");
        assert!(p.take_f64("x").is_err());
        assert!(p.take_f64("y").is_err());
        assert!(p.take_usize("n", 1, 10_000).is_err());
        assert_eq!(p.take_usize("m", 1, 10).expect("ok"), Some(5));
    }

    #[test]
    fn leftovers_are_named() {
        let p = Params::parse(Some("statu=x")).expect("valid");
        let err = p.finish(&["statut"]).expect_err("unknown");
        let err = err.to_string();
        assert!(err.contains("statu") && err.contains("statut"));
    }
}
