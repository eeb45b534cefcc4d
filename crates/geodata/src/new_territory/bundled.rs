//! The commune contours bundled in `data/france/` ([`crate::france::France::contour`]) as the
//! contours of `quartiers territory init` when the SIG team gives none: 2018 contours,
//! simplified, mapped to the current communes. Their precision and vintage are said in every
//! commune, in the boundary and in `territory.toml`.

use geo::{Geometry, MultiPolygon};

use super::Contour;
use crate::france::France;
use crate::model::GeometryPrecision;
use crate::reference::Epci;

/// How the features cite the bundled contours (`source_document`).
pub const BUNDLED_DOCUMENT: &str = "france/communes_contours.tsv.gz";

/// Their precision: generalised, and of another vintage than the member list.
pub const BUNDLED_PRECISION: GeometryPrecision = GeometryPrecision::Approximate;

/// Why, written into every commune (`motif_precision`).
pub const BUNDLED_REASON: &str = "Contour 2018 simplifié fourni avec Quartiers (IGN ADMIN EXPRESS COG 2018 via france-geojson, simplification Visvalingam 25 %, Licence Ouverte), rattaché à la commune du COG 2026 : la limite peut être décalée de plusieurs dizaines de mètres et ne suit pas un changement de limite postérieur à 2018 ; importez le contour officiel (couche communes) pour la préciser.";

/// What `territory.toml` and the report say of them (one line per comment line).
pub const BUNDLED_NOTE: &str = "Contours communaux : ceux fournis avec Quartiers (data/france/communes_contours.tsv.gz),\n\
IGN ADMIN EXPRESS COG 2018 via france-geojson, simplifiés (Visvalingam 25 %) et rattachés au COG 2026 :\n\
précision approchée (quelques dizaines de mètres), millésime 2018. Remplacez-les par vos contours\n\
avec « quartiers import » (couche communes) ou créez le territoire avec --communes.";

/// How the map's attribution names them.
pub const BUNDLED_ATTRIBUTION: &str =
    "IGN ADMIN EXPRESS COG 2018 simplifié (france-geojson, Licence Ouverte)";

/// The bundled contours of `epci`'s members (or, for a member the contours lack, of its former
/// communes), one per code found, its 2018 polygons united.
pub fn bundled_contours(france: &France, epci: &Epci) -> Vec<Contour> {
    let mut out = Vec::new();
    for member in &epci.communes {
        let codes = std::iter::once(&member.insee).chain(&member.former_codes);
        for code in codes {
            let Some(geometry) = france.contour(code) else {
                continue;
            };
            let polygons = match geometry {
                Geometry::MultiPolygon(mp) => mp.0.clone(),
                Geometry::Polygon(p) => vec![p.clone()],
                _ => continue,
            };
            // A commune merged since 2018 is the polygons of its former communes side by
            // side: united, it is one valid contour (adjacent polygons of a multipolygon are
            // not OGC-valid).
            let geometry = if polygons.len() > 1 {
                geo::unary_union(polygons.iter())
            } else {
                MultiPolygon(polygons)
            };
            out.push(Contour {
                insee: code.clone(),
                // The 2018 name is not kept: the current name is the reference's.
                name: String::new(),
                geometry,
                document: BUNDLED_DOCUMENT.to_string(),
            });
            if code == &member.insee {
                break;
            }
        }
    }
    out
}
