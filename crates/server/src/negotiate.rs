//! Output format: the `f` parameter first, then the Accept header; JSON unless the client
//! clearly prefers HTML (browsers), so GDAL, QGIS and scripts get JSON without asking.

use axum::http::{header, HeaderMap};
use axum::response::Response;

use crate::error::Problem;
use crate::params::Params;
use crate::respond;

/// An `f` naming no format offered (a 400, converted in `crate::problems`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("format « {0} » inconnu : f=json ou f=html")]
pub struct FormatError(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
}

impl Format {
    /// Takes `f` from the parameters, else reads Accept.
    pub fn negotiate(params: &mut Params, headers: &HeaderMap) -> Result<Format, FormatError> {
        if let Some(f) = params.take("f") {
            return match f.as_str() {
                "json" | "geojson" | "application/json" | "application/geo+json" => {
                    Ok(Format::Json)
                }
                "html" | "text/html" => Ok(Format::Html),
                other => Err(FormatError(other.to_string())),
            };
        }
        let accept = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Ok(if prefers_html(accept) {
            Format::Html
        } else {
            Format::Json
        })
    }

    /// The format of a document that takes no parameter but `f`; any other is refused.
    pub fn only(mut params: Params, headers: &HeaderMap) -> Result<Format, Problem> {
        let format = Format::negotiate(&mut params, headers)?;
        params.finish(&["f"])?;
        Ok(format)
    }

    /// The answer in this format: the JSON document or the HTML page, only the one asked
    /// being built.
    pub fn answer(
        self,
        json: impl FnOnce() -> Result<Response, Problem>,
        page: impl FnOnce() -> String,
    ) -> Result<Response, Problem> {
        match self {
            Format::Json => json(),
            Format::Html => Ok(respond::html(page())),
        }
    }
}

/// Whether `text/html` has a strictly higher quality than every JSON type in Accept.
fn prefers_html(accept: &str) -> bool {
    let mut html = 0.0f32;
    let mut json = 0.0f32;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .filter(|q| q.is_finite())
            .unwrap_or(1.0);
        match media.as_str() {
            "text/html" | "application/xhtml+xml" => html = html.max(q),
            m if m.contains("json") => json = json.max(q),
            _ => {}
        }
    }
    html > json
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        true
    )]
    #[case("application/json", false)]
    #[case("application/geo+json, text/html;q=0.5", false)]
    #[case("*/*", false)]
    #[case("", false)]
    fn accept_header(#[case] accept: &str, #[case] html: bool) {
        assert_eq!(prefers_html(accept), html);
    }
}
