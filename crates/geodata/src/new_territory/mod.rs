//! A new territory drafted from the national reference (`quartiers territory init`): the
//! manifest with the EPCI's member communes, their contours matched on the INSEE code (a
//! commune merged since the contour file was made gets the union of its former communes), the
//! boundary as their union, and the QPVs of the national layer hosted by the members.
//!
//! Pure: the contours come in already read (the store reads them with GDAL), the files go out
//! as typed features; nothing here touches the disk.

use std::collections::{BTreeMap, BTreeSet};

use geo::orient::{Direction, Orient};
use geo::{BoundingRect, Geometry, MultiPolygon, Rect};
use toml_edit::Item;

use crate::layer::Layer;
use crate::manifest::{LayerFiles, Manifest, Radii, Tolerance};
use crate::model::{Boundary, Commune, GeometryPrecision, Perimeter, Placement, SourceRef};
use crate::reference::{Epci, Reference, ReferenceCommune};

mod bundled;
pub use bundled::{
    bundled_contours, BUNDLED_ATTRIBUTION, BUNDLED_DOCUMENT, BUNDLED_NOTE, BUNDLED_PRECISION,
    BUNDLED_REASON,
};

/// Margin added around the communes and QPVs for the manifest's `bbox`, in degrees (~1 km).
const BBOX_MARGIN_DEG: f64 = 0.01;

/// One feature of a contour file, reprojected to WGS84.
#[derive(Debug, Clone)]
pub struct Contour {
    /// The INSEE code the file gives.
    pub insee: String,
    /// The name the file gives, if any.
    pub name: String,
    pub geometry: MultiPolygon<f64>,
    /// How features cite the file (`source_document`).
    pub document: String,
}

/// Choices of the person creating the territory.
#[derive(Debug, Clone)]
pub struct DraftOptions {
    pub slug: String,
    /// `exact` for official full-resolution contours, `approximate` for generalised ones.
    pub precision: GeometryPrecision,
    /// Why the contours have that precision, in French; a default sentence otherwise.
    pub reason: Option<String>,
    /// The attribution line of the map; a default naming the producers otherwise.
    pub attribution: Option<String>,
    /// Where the contours come from, their precision and vintage, in French: written as a
    /// comment of `territory.toml` (the bundled contours say it; a given file is named in the
    /// attribution and the features).
    pub contours_note: Option<String>,
}

/// A member commune and where its contour comes from (the report's French names on the wire).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CommuneFound {
    pub insee_com: String,
    #[serde(rename = "nom")]
    pub name: String,
    /// The codes of the file features that make its contour (its own, or its former communes').
    #[serde(rename = "codes_fichier")]
    pub file_codes: Vec<String>,
    /// The name the file gives, when it differs from the reference's.
    #[serde(rename = "nom_fichier", skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// Whether the contour was invalid (OGC) and repaired.
    #[serde(rename = "repare")]
    pub repaired: bool,
}

/// A member commune without a contour in the files.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CommuneMissing {
    pub insee_com: String,
    #[serde(rename = "nom")]
    pub name: String,
}

/// A QPV taken from the national layer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QpvFound {
    pub code: String,
    #[serde(rename = "nom")]
    pub name: String,
    pub insee_com: Vec<String>,
}

/// What the draft found, for the report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DraftSummary {
    pub slug: String,
    pub epci_siren: String,
    #[serde(rename = "epci_nom")]
    pub epci_name: String,
    /// The EPCI's member communes, with a contour or not.
    #[serde(rename = "nb_communes")]
    pub commune_count: usize,
    #[serde(rename = "communes_trouvees")]
    pub communes_found: Vec<CommuneFound>,
    /// Written without geometry.
    #[serde(rename = "communes_sans_contour")]
    pub communes_missing: Vec<CommuneMissing>,
    pub qpv: Vec<QpvFound>,
    pub bbox: [f64; 4],
}

/// The new territory's manifest and layers.
#[derive(Debug, Clone)]
pub struct Draft {
    pub manifest: Manifest,
    /// `territory.toml` as written (commented, in the bundled territories' layout).
    pub manifest_text: String,
    pub boundary: Vec<(Boundary, Option<Geometry<f64>>)>,
    /// Every member commune; `None` geometry for those without a contour.
    pub communes: Vec<(Commune, Option<Geometry<f64>>)>,
    pub perimeters: Vec<(Perimeter, Option<Geometry<f64>>)>,
    pub summary: DraftSummary,
}

/// Why no territory can be drafted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DraftError {
    #[error("aucune des {count} communes de l'EPCI {siren} ({name}) n'a de contour dans les contours utilisés (champ de code INSEE lu : {field}) : vérifiez le fichier et le champ (--code-field)")]
    NoContour {
        siren: String,
        name: String,
        count: usize,
        field: String,
    },
    #[error("contour de la commune {insee} : {message}")]
    Geometry { insee: String, message: String },
    #[error("slug « {0} » invalide : lettres minuscules, chiffres et tirets seulement (par exemple maubeuge-val-de-sambre)")]
    Slug(String),
}

/// The EPCIs hosting at least one QPV of `national` (one of its `insee_com` is a member), or,
/// with `departement`, a QPV in a member commune of that département; by SIREN.
pub fn hosting_qpv<'r>(
    reference: &'r Reference,
    national: &Layer<Perimeter>,
    departement: Option<&str>,
) -> Vec<&'r Epci> {
    let hosts: BTreeSet<&str> = national
        .features()
        .iter()
        .flat_map(|f| f.props.communes.iter().map(String::as_str))
        .collect();
    reference
        .epcis
        .values()
        .filter(|e| {
            e.communes.iter().any(|c| {
                hosts.contains(c.insee.as_str()) && departement.is_none_or(|d| c.departement == d)
            })
        })
        .collect()
}

/// Drafts the territory of `epci` from `contours` and the national QPV layer.
pub fn draft(
    epci: &Epci,
    contours: &[Contour],
    national: &Layer<Perimeter>,
    options: &DraftOptions,
    code_field: &str,
) -> Result<Draft, DraftError> {
    check_slug(&options.slug)?;
    let reason = options
        .reason
        .clone()
        .unwrap_or_else(|| default_reason(options.precision).to_string());
    let members = member_communes(epci, contours, &reason, options.precision)?;
    if members.found.is_empty() {
        return Err(DraftError::NoContour {
            siren: epci.siren.clone(),
            name: epci.name.clone(),
            count: epci.communes.len(),
            field: code_field.to_string(),
        });
    }
    let (boundary, union) = boundary(epci, &members, contours, &reason, options.precision)?;
    let qpvs = member_qpvs(epci, national);
    let extent = merge_rect(union.bounding_rect(), qpvs.extent);
    let bbox = bbox_of(extent.expect("at least one commune contour"));
    let manifest = manifest(epci, options, bbox, attribution(options, contours));
    let manifest_text = manifest_text(&manifest, epci, options.contours_note.as_deref());
    debug_assert_eq!(
        Manifest::parse(&manifest_text).ok().as_ref(),
        Some(&manifest)
    );
    Ok(Draft {
        summary: DraftSummary {
            slug: options.slug.clone(),
            epci_siren: epci.siren.clone(),
            epci_name: epci.name.clone(),
            commune_count: epci.communes.len(),
            communes_found: members.found,
            communes_missing: members.missing,
            qpv: qpvs.found,
            bbox,
        },
        manifest,
        manifest_text,
        boundary: vec![(boundary, Some(Geometry::MultiPolygon(union)))],
        communes: members.communes,
        perimeters: qpvs.perimeters,
    })
}

/// A slug is a directory name and a URL segment: lower-case letters, digits and dashes.
fn check_slug(slug: &str) -> Result<(), DraftError> {
    let valid = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid {
        Ok(())
    } else {
        Err(DraftError::Slug(slug.to_string()))
    }
}

/// Why the communes' contours have `precision`, when the person gave no reason.
fn default_reason(precision: GeometryPrecision) -> &'static str {
    match precision {
        GeometryPrecision::Approximate => "Contour communal généralisé : la limite peut être décalée de plusieurs dizaines de mètres.",
        _ => "Contour communal du fichier fourni, repris tel quel.",
    }
}

/// The member communes, with a contour or without.
struct Members {
    /// Every member commune, in the EPCI's order; `None` geometry for those without a contour.
    communes: Vec<(Commune, Option<Geometry<f64>>)>,
    found: Vec<CommuneFound>,
    missing: Vec<CommuneMissing>,
    /// The contours found, for the EPCI's boundary.
    outlines: Vec<MultiPolygon<f64>>,
}

/// Each member commune of `epci` with its contour from `contours`, or said to have none.
fn member_communes(
    epci: &Epci,
    contours: &[Contour],
    reason: &str,
    precision: GeometryPrecision,
) -> Result<Members, DraftError> {
    let mut by_code: BTreeMap<&str, Vec<&Contour>> = BTreeMap::new();
    for c in contours {
        by_code.entry(c.insee.as_str()).or_default().push(c);
    }
    let mut members = Members {
        communes: Vec::new(),
        found: Vec::new(),
        missing: Vec::new(),
        outlines: Vec::new(),
    };
    for member in &epci.communes {
        match commune_contour(member, &by_code, reason, precision)? {
            Some((commune, geometry, report)) => {
                members.outlines.push(geometry.clone());
                members
                    .communes
                    .push((commune, Some(Geometry::MultiPolygon(geometry))));
                members.found.push(report);
            }
            None => {
                members.missing.push(CommuneMissing {
                    insee_com: member.insee.clone(),
                    name: member.name.clone(),
                });
                members.communes.push((without_contour(member), None));
            }
        }
    }
    Ok(members)
}

/// A member commune the contours do not hold: kept, without geometry, saying so.
fn without_contour(member: &ReferenceCommune) -> Commune {
    Commune {
        insee: member.insee.clone(),
        name: member.name.clone(),
        placement: Placement::new(GeometryPrecision::Commune, format!("Aucun contour de la commune {} ({}) dans les contours utilisés par « quartiers territory init » : elle est sans géométrie ; importez son contour (couche communes).", member.name, member.insee)),
        source: SourceRef {
            document: String::new(),
            section: "référentiel @etalab/decoupage-administratif (COG) : commune membre de l'EPCI".into(),
        },
    }
}

/// The EPCI's boundary, the union of its members' contours (said incomplete, and
/// approximate, when some are missing), and that union.
fn boundary(
    epci: &Epci,
    members: &Members,
    contours: &[Contour],
    reason: &str,
    precision: GeometryPrecision,
) -> Result<(Boundary, MultiPolygon<f64>), DraftError> {
    let union = geo::unary_union(members.outlines.iter());
    let union = valid_or_repaired(union, &epci.siren)?
        .0
        .orient(Direction::Default);
    let (found, missing) = (&members.found, &members.missing);
    let boundary_reason = if missing.is_empty() {
        format!(
            "Union des contours des {} communes membres (communes.geojson). {reason}",
            found.len()
        )
    } else {
        let names: Vec<String> = missing
            .iter()
            .map(|m| format!("{} ({})", m.name, m.insee_com))
            .collect();
        format!(
            "Union des contours de {} des {} communes membres : il manque {} (pas de contour dans les contours utilisés), le contour de l'EPCI est donc incomplet.",
            found.len(),
            epci.communes.len(),
            names.join(", ")
        )
    };
    let boundary_precision = if missing.is_empty() {
        precision
    } else {
        GeometryPrecision::Approximate
    };
    let first_document = contours
        .first()
        .map(|c| c.document.clone())
        .unwrap_or_default();
    let boundary = Boundary {
        code: epci.siren.clone(),
        name: epci.name.clone(),
        placement: Placement::new(boundary_precision, boundary_reason),
        source: SourceRef {
            document: first_document,
            section: "union des contours communaux (quartiers territory init) ; liste des communes : @etalab/decoupage-administratif (COG)".into(),
        },
    };
    Ok((boundary, union))
}

/// The QPVs of the national layer in a member commune.
struct Qpvs {
    /// By code; their communes outside the EPCI removed, and said so.
    perimeters: Vec<(Perimeter, Option<Geometry<f64>>)>,
    /// By code, for the report.
    found: Vec<QpvFound>,
    /// Their extent (none when there is none).
    extent: Option<Rect<f64>>,
}

/// The QPVs of `national` hosted by a member commune of `epci`.
fn member_qpvs(epci: &Epci, national: &Layer<Perimeter>) -> Qpvs {
    let members: BTreeSet<&str> = epci.communes.iter().map(|c| c.insee.as_str()).collect();
    let mut qpvs = Qpvs {
        perimeters: Vec::new(),
        found: Vec::new(),
        extent: None,
    };
    for f in national.features() {
        if !f
            .props
            .communes
            .iter()
            .any(|c| members.contains(c.as_str()))
        {
            continue;
        }
        let mut props = f.props.clone();
        let outside: Vec<String> = props
            .communes
            .iter()
            .filter(|c| !members.contains(c.as_str()))
            .cloned()
            .collect();
        if !outside.is_empty() {
            props.communes.retain(|c| members.contains(c.as_str()));
            props.placement.reason.push_str(&format!(
                " Le QPV s'étend aussi sur {} (hors de l'EPCI), retirée(s) de insee_com.",
                outside.join(", ")
            ));
        }
        qpvs.extent = merge_rect(qpvs.extent, f.geometry.bounding_rect());
        qpvs.found.push(QpvFound {
            code: props.code.clone(),
            name: props.name.clone(),
            insee_com: props.communes.clone(),
        });
        qpvs.perimeters.push((props, Some(rfc7946(&f.geometry))));
    }
    qpvs.perimeters.sort_by(|a, b| a.0.code.cmp(&b.0.code));
    qpvs.found.sort_by(|a, b| a.code.cmp(&b.code));
    qpvs
}

/// The map's attribution line: the person's, or the producers with the contours' source.
fn attribution(options: &DraftOptions, contours: &[Contour]) -> String {
    options.attribution.clone().unwrap_or_else(|| {
        // The bundled contours are cited by their producer, a given file by its name.
        let files: BTreeSet<&str> = contours
            .iter()
            .map(|c| match c.document.as_str() {
                BUNDLED_DOCUMENT => BUNDLED_ATTRIBUTION,
                document => document,
            })
            .collect();
        format!(
            "ANCT (QPV 2024, Licence Ouverte), INSEE COG via @etalab/decoupage-administratif (MIT), contours communaux : {}",
            files.into_iter().collect::<Vec<_>>().join(", ")
        )
    })
}

/// The manifest: the EPCI and its members, the defaults for the rest.
fn manifest(epci: &Epci, options: &DraftOptions, bbox: [f64; 4], attribution: String) -> Manifest {
    Manifest {
        slug: options.slug.clone(),
        name: epci.name.clone(),
        epci_siren: epci.siren.clone(),
        epci_name: epci.name.clone(),
        bbox,
        attribution,
        communes: epci
            .communes
            .iter()
            .map(|c| crate::manifest::ManifestCommune {
                insee: c.insee.clone(),
                name: c.name.clone(),
            })
            .collect(),
        radii: Radii::default(),
        tolerance: Tolerance::default(),
        freshness: Default::default(),
        programmes: Vec::new(),
        layers: Default::default(),
    }
}

/// The contour of a member commune: the file features of its own code and of its former
/// communes, united.
fn commune_contour(
    member: &ReferenceCommune,
    by_code: &BTreeMap<&str, Vec<&Contour>>,
    reason: &str,
    precision: GeometryPrecision,
) -> Result<Option<(Commune, MultiPolygon<f64>, CommuneFound)>, DraftError> {
    let codes: Vec<&str> = std::iter::once(member.insee.as_str())
        .chain(member.former_codes.iter().map(String::as_str))
        .filter(|c| by_code.contains_key(c))
        .collect();
    if codes.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&Contour> = codes
        .iter()
        .flat_map(|c| by_code[c].iter().copied())
        .collect();
    let geometry = if parts.len() == 1 {
        parts[0].geometry.clone()
    } else {
        geo::unary_union(parts.iter().map(|p| &p.geometry))
    };
    let (geometry, repaired) = valid_or_repaired(geometry, &member.insee)?;
    let geometry = geometry.orient(Direction::Default);
    let own = by_code.get(member.insee.as_str()).and_then(|v| v.first());
    let file_name = own
        .map(|c| c.name.clone())
        .filter(|n| !n.is_empty() && without_article(n) != without_article(&member.name));
    let mut why = reason.to_string();
    let former: Vec<&&str> = codes.iter().filter(|c| **c != member.insee).collect();
    if !former.is_empty() {
        let names: Vec<String> = codes
            .iter()
            .map(|c| {
                let name = &by_code[c][0].name;
                if name.is_empty() {
                    c.to_string()
                } else {
                    format!("{name} ({c})")
                }
            })
            .collect();
        why.push_str(&format!(
            " Contour reconstitué : union des contours de {} dans le fichier, communes fusionnées depuis dans {}.",
            names.join(", "),
            member.name
        ));
    } else if let Some(name) = &file_name {
        why.push_str(&format!(
            " Le fichier nomme la commune « {name} » : le contour peut être antérieur à un changement de la commune."
        ));
    }
    if repaired {
        why.push_str(" Le contour du fichier n'était pas valide (OGC) : il a été réparé.");
    }
    let documents: BTreeSet<&str> = parts.iter().map(|p| p.document.as_str()).collect();
    let commune = Commune {
        insee: member.insee.clone(),
        name: member.name.clone(),
        placement: Placement::new(precision, why),
        source: SourceRef {
            document: parts[0].document.clone(),
            section: format!(
                "entité(s) de code {} ({})",
                codes.join(", "),
                documents.into_iter().collect::<Vec<_>>().join(", ")
            ),
        },
    };
    let report = CommuneFound {
        insee_com: member.insee.clone(),
        name: member.name.clone(),
        file_codes: codes.iter().map(|c| c.to_string()).collect(),
        file_name,
        repaired,
    };
    Ok(Some((commune, geometry, report)))
}

/// A commune name folded, without its leading article: the 2018 COG files print
/// « Grand-Combe » for « La Grand-Combe ».
fn without_article(name: &str) -> String {
    let folded = crate::text::fold(name);
    let rest = ["le ", "la ", "les ", "l'", "l’"]
        .iter()
        .find_map(|a| folded.strip_prefix(a))
        .unwrap_or(&folded);
    crate::text::fold_name(rest)
}

/// The geometry if OGC-valid, else repaired with [`crate::repair`]; whether it was repaired.
fn valid_or_repaired(
    geometry: MultiPolygon<f64>,
    insee: &str,
) -> Result<(MultiPolygon<f64>, bool), DraftError> {
    let problems = crate::validate::geometry::validity(&Geometry::MultiPolygon(geometry.clone()));
    if problems.is_empty() {
        return Ok((geometry, false));
    }
    let outcome =
        crate::repair::repair_multi_polygon(&geometry).map_err(|e| DraftError::Geometry {
            insee: insee.to_string(),
            message: e.to_string(),
        })?;
    Ok((outcome.geometry, outcome.was_invalid))
}

/// RFC 7946 ring orientation (exterior counter-clockwise); only the vertex order changes.
fn rfc7946(g: &Geometry<f64>) -> Geometry<f64> {
    match g {
        Geometry::Polygon(p) => Geometry::Polygon(p.orient(Direction::Default)),
        Geometry::MultiPolygon(mp) => Geometry::MultiPolygon(mp.orient(Direction::Default)),
        other => other.clone(),
    }
}

fn merge_rect(a: Option<Rect<f64>>, b: Option<Rect<f64>>) -> Option<Rect<f64>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(Rect::new(
            geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
            geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
        )),
        (a, b) => a.or(b),
    }
}

/// The extent with its margin, rounded outward to 0.01°.
fn bbox_of(rect: Rect<f64>) -> [f64; 4] {
    // The epsilon keeps 4.31 from becoming 4.32 through 431.00000000000006.
    let down = |v: f64| (((v - BBOX_MARGIN_DEG) * 100.0) + 1e-6).floor() / 100.0;
    let up = |v: f64| (((v + BBOX_MARGIN_DEG) * 100.0) - 1e-6).ceil() / 100.0;
    [
        down(rect.min().x),
        down(rect.min().y),
        up(rect.max().x),
        up(rect.max().y),
    ]
}

/// `territory.toml` in the layout of the bundled territories, with comments for the SIG team:
/// the manifest serialised by `toml_edit` (the `toml` crate writes no comments), then laid
/// out — comments before their keys, one commune a line, `[radii]`, `[tolerance]` and
/// `[freshness]` as sections.
fn manifest_text(m: &Manifest, epci: &Epci, contours_note: Option<&str>) -> String {
    let mut doc = toml_edit::ser::to_document(m).expect("a manifest is a TOML table");
    // No programme yet and the default file names: left out, as in the bundled territories
    // (the header says how to add programmes).
    if m.programmes.is_empty() {
        doc.remove("programmes");
    }
    if m.layers == LayerFiles::default() {
        doc.remove("layers");
    }
    let mut header = format!(
        "# {} : territoire créé par « quartiers territory init » à partir du référentiel\n\
         # national des EPCI (data/france/epci_communes.tsv.gz, @etalab/decoupage-administratif).\n",
        epci.name
    );
    for line in contours_note.into_iter().flat_map(str::lines) {
        header.push_str(&format!("# {line}\n"));
    }
    header.push_str(
        "# Ajoutez les programmes ([[programmes]]) puis remplissez les couches avec quartiers import.\n",
    );
    comment(&mut doc, "slug", &header);
    comment(
        &mut doc,
        "bbox",
        "# Extent of the member communes and their QPVs, with a margin of about 1 km.\n",
    );
    comment(
        &mut doc,
        "communes",
        &format!(
            "\n# Member communes ({} {}, INSEE COG).\n",
            epci.kind,
            epci.communes.len()
        ),
    );
    if let Some(communes) = doc.get_mut("communes").and_then(Item::as_array_mut) {
        one_per_line(communes);
    }
    section(&mut doc, "radii", None);
    section(
        &mut doc,
        "tolerance",
        Some((
            "perimeter_m",
            "# QPV outlines are published rounded to 4 decimals (~11 m).\n",
        )),
    );
    section(
        &mut doc,
        "freshness",
        Some((
            "stale_after_years",
            "# A status known longer ago than this is said « état connu en …, à vérifier ».\n",
        )),
    );
    doc.to_string()
}

/// Writes `text` (whole comment lines) before the key `key` of `table`.
fn comment(table: &mut toml_edit::Table, key: &str, text: &str) {
    if let Some(mut key) = table.key_mut(key) {
        key.leaf_decor_mut().set_prefix(text);
    }
}

/// Each element of `array` on its own line, indented, with a trailing comma.
fn one_per_line(array: &mut toml_edit::Array) {
    for value in array.iter_mut() {
        value.decor_mut().set_prefix("\n  ");
        value.decor_mut().set_suffix("");
    }
    array.set_trailing_comma(true);
    array.set_trailing("\n");
}

/// The inline table `name` of `doc` written as a `[name]` section after a blank line, with
/// a comment before one of its keys.
fn section(doc: &mut toml_edit::DocumentMut, name: &str, comment_on: Option<(&str, &str)>) {
    let Some(item) = doc.remove(name) else {
        return;
    };
    let Ok(mut table) = item.into_table() else {
        return;
    };
    table.decor_mut().set_prefix("\n");
    if let Some((key, text)) = comment_on {
        comment(&mut table, key, text);
    }
    doc.insert(name, Item::Table(table));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::Feature;
    use geo::polygon;

    fn square(x: f64, y: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![polygon![
            (x: x, y: y),
            (x: x + 0.1, y: y),
            (x: x + 0.1, y: y + 0.1),
            (x: x, y: y + 0.1),
            (x: x, y: y),
        ]])
    }

    fn contour(insee: &str, name: &str, x: f64) -> Contour {
        Contour {
            insee: insee.into(),
            name: name.into(),
            geometry: square(x, 45.0),
            document: "communes.geojson".into(),
        }
    }

    fn epci() -> Epci {
        let c = |insee: &str, name: &str, former: &[&str]| ReferenceCommune {
            insee: insee.into(),
            name: name.into(),
            departement: "30".into(),
            former_codes: former.iter().map(|s| s.to_string()).collect(),
        };
        Epci {
            siren: "200066918".into(),
            name: "CA Alès Agglomération".into(),
            kind: "CA".into(),
            communes: vec![
                c("30007", "Alès", &[]),
                c("30329", "Thoiras-Corbès", &["30094"]),
                c("30999", "Nouvelle", &[]),
            ],
        }
    }

    fn options() -> DraftOptions {
        DraftOptions {
            slug: "ales-agglomeration".into(),
            precision: GeometryPrecision::Approximate,
            reason: None,
            attribution: None,
            contours_note: Some("Contours : fichier d'essai, 2018.".into()),
        }
    }

    fn qpv(code: &str, communes: &[&str], x: f64) -> Feature<Perimeter> {
        let props: Perimeter = serde_json::from_value(serde_json::json!({
            "code": code, "nom": code, "type": "qpv", "insee_com": communes, "millesime": 2024,
            "precision_geometrie": "exact", "motif_precision": "contour ANCT.",
            "source_document": "gazetteer/qpv.json.gz", "source_section": "QPV 2024"
        }))
        .unwrap();
        Feature {
            props,
            geometry: Geometry::MultiPolygon(square(x, 45.02)),
        }
    }

    #[test]
    fn drafts_communes_merged_communes_missing_ones_and_qpvs() {
        let contours = vec![
            contour("30007", "Alès", 4.0),
            contour("30329", "Thoiras", 4.1),
            contour("30094", "Corbès", 4.2),
            contour("12345", "Ailleurs", 9.0),
        ];
        let national = Layer::new(vec![
            qpv("QN03001M", &["30007"], 4.02),
            qpv("QN03002M", &["30007", "34000"], 4.03),
            qpv("QN09999M", &["12345"], 9.0),
        ]);
        let d = draft(&epci(), &contours, &national, &options(), "code").unwrap();
        let s = &d.summary;
        assert_eq!(s.communes_found.len(), 2);
        assert_eq!(s.communes_found[1].file_codes, vec!["30329", "30094"]);
        assert_eq!(s.communes_found[1].file_name.as_deref(), Some("Thoiras"));
        assert_eq!(
            s.communes_missing,
            vec![CommuneMissing {
                insee_com: "30999".into(),
                name: "Nouvelle".into()
            }]
        );
        // Thoiras-Corbès is the union of its two former communes: twice a square's area.
        let merged = d.communes[1].1.as_ref().unwrap();
        let area = geo::Area::unsigned_area(merged);
        assert!((area - 0.02).abs() < 1e-9, "{area}");
        assert!(d.communes[1].0.placement.reason.contains("Corbès (30094)"));
        assert!(d.communes[2].1.is_none());
        assert_eq!(
            d.communes[2].0.placement.precision,
            GeometryPrecision::Commune
        );
        // Only the QPVs of member communes, and only member codes kept.
        assert_eq!(s.qpv.len(), 2);
        assert_eq!(s.qpv[1].insee_com, vec!["30007"]);
        assert!(d.perimeters[1].0.placement.reason.contains("34000"));
        // The boundary is the union of the three squares, incomplete: approximate and said.
        let (b, g) = &d.boundary[0];
        assert!(b.placement.reason.contains("Nouvelle (30999)"));
        assert!((geo::Area::unsigned_area(g.as_ref().unwrap()) - 0.03).abs() < 1e-9);
        // The QPVs reach 45.12: the box holds them too.
        assert_eq!(s.bbox, [3.99, 44.99, 4.31, 45.13]);
        assert!(d
            .manifest_text
            .contains("\n# Contours : fichier d'essai, 2018.\n"));
        let parsed = Manifest::parse(&d.manifest_text).unwrap();
        assert_eq!(parsed, d.manifest);
        assert_eq!(parsed.communes.len(), 3);
        assert!(parsed.programmes.is_empty());
    }

    #[test]
    fn the_manifest_is_written_with_its_comments_in_the_bundled_layout() {
        let contours = vec![contour("30007", "Alès", 4.0), contour("30329", "x", 4.1)];
        let national = Layer::new(vec![qpv("QN03001M", &["30007"], 4.02)]);
        let mut o = options();
        o.contours_note = Some("Contours : fichier d'essai,\nmillésime 2018.".into());
        o.attribution = Some("ANCT, « essai »".into());
        let d = draft(&epci(), &contours, &national, &o, "code").unwrap();
        let expected = r#"# CA Alès Agglomération : territoire créé par « quartiers territory init » à partir du référentiel
# national des EPCI (data/france/epci_communes.tsv.gz, @etalab/decoupage-administratif).
# Contours : fichier d'essai,
# millésime 2018.
# Ajoutez les programmes ([[programmes]]) puis remplissez les couches avec quartiers import.
slug = "ales-agglomeration"
name = "CA Alès Agglomération"
epci_siren = "200066918"
epci_name = "CA Alès Agglomération"
# Extent of the member communes and their QPVs, with a margin of about 1 km.
bbox = [3.99, 44.99, 4.21, 45.13]
attribution = "ANCT, « essai »"

# Member communes (CA 3, INSEE COG).
communes = [
  { insee = "30007", name = "Alès" },
  { insee = "30329", name = "Thoiras-Corbès" },
  { insee = "30999", name = "Nouvelle" },
]

[radii]
perimeter_m = 500.0
operation_m = 300.0
equipment_m = 500.0
centrality_m = 300.0
corridor_m = 300.0

[tolerance]
# QPV outlines are published rounded to 4 decimals (~11 m).
perimeter_m = 15.0

[freshness]
# A status known longer ago than this is said « état connu en …, à vérifier ».
stale_after_years = 2
"#;
        assert_eq!(d.manifest_text, expected);
    }

    #[test]
    fn the_epcis_hosting_a_qpv_in_france_or_a_departement() {
        let mut reference = Reference::default();
        let mut other = epci();
        other.siren = "200000000".into();
        other.communes = vec![ReferenceCommune {
            insee: "59350".into(),
            name: "Lille".into(),
            departement: "59".into(),
            former_codes: vec![],
        }];
        let mut none = other.clone();
        none.siren = "200000001".into();
        none.communes[0].insee = "59001".into();
        for e in [epci(), other, none] {
            reference.epcis.insert(e.siren.clone(), e);
        }
        let national = Layer::new(vec![
            qpv("QN03001M", &["30007"], 4.02),
            qpv("QN05901M", &["59350"], 3.0),
        ]);
        let sirens = |d| {
            hosting_qpv(&reference, &national, d)
                .iter()
                .map(|e| e.siren.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(sirens(None), ["200000000", "200066918"]);
        assert_eq!(sirens(Some("59")), ["200000000"]);
        assert!(sirens(Some("2A")).is_empty());
    }

    #[test]
    fn refuses_files_without_any_member_and_bad_slugs() {
        let national = Layer::new(vec![]);
        let err = draft(
            &epci(),
            &[contour("99999", "X", 1.0)],
            &national,
            &options(),
            "INSEE_COM",
        )
        .unwrap_err();
        assert!(err.to_string().contains("INSEE_COM"), "{err}");
        let mut bad = options();
        bad.slug = "Alès agglo".into();
        let err = draft(
            &epci(),
            &[contour("30007", "Alès", 4.0)],
            &national,
            &bad,
            "code",
        )
        .unwrap_err();
        assert!(matches!(err, DraftError::Slug(_)));
    }
}
