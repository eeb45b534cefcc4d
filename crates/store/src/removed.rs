//! The catalog of what was removed: each territory with the features removed since (and not
//! added back) put back beside the current ones, loaded and placed by geodata like any
//! catalog. "Did this removed operation concern this place?" is then answered by the same
//! impact rules as the current data, not by a second set of rules.

use geodata::catalog::Catalog;
use geodata::layer::{Feature, Layer};
use geodata::model::Perimeter;
use geodata::report::{Issue, Report, Severity};
use geodata::territory::Territory;
use serde_json::Value;

use crate::error::Result;
use crate::history::History;
use crate::layer_id::{LayerId, NATIONAL};
use crate::materialize::{temp_dir, write_territory_replacing, Replacement};
use crate::store::{LayerData, Store};

/// The territories that lost features, each with its current features and its removed ones,
/// and the removed national QPV; `only` limits the territories (every one when empty). A
/// territory whose removed features no longer load beside the current ones (they name a
/// perimeter that is gone too) is left out, with a warning in the report.
pub fn removed_catalog<S: Store + ?Sized>(
    store: &S,
    history: &History,
    only: &[String],
) -> Result<(Catalog, Report)> {
    let removed = history.removed();
    let mut catalog = Catalog::default();
    let mut report = Report::default();
    if removed.is_empty() {
        return Ok((catalog, report));
    }
    let tmp = temp_dir()?;
    let mut slugs: Vec<String> = removed
        .keys()
        .map(|(t, _)| t.clone())
        .filter(|t| t != NATIONAL && (only.is_empty() || only.contains(t)))
        .collect();
    slugs.dedup();
    for slug in slugs.iter().map(String::as_str) {
        let mut layers: Vec<(LayerId, LayerData)> = Vec::new();
        for ((_, layer), features) in removed.iter().filter(|((t, _), _)| t.as_str() == slug) {
            let mut data = store
                .current(slug, *layer)?
                .map(|(_, d)| d)
                .unwrap_or_default();
            data.features.extend(features.iter().cloned());
            layers.push((*layer, data));
        }
        let replacements: Vec<Replacement<'_>> = layers
            .iter()
            .map(|(layer, data)| Replacement {
                territory: slug,
                layer: *layer,
                data,
            })
            .collect();
        let dir = write_territory_replacing(store, slug, &tmp.path().join(slug), &replacements)?;
        match Territory::load(&dir) {
            Ok((territory, _)) => catalog.territories.push(territory),
            Err(e) => report.issues.push(Issue {
                severity: Severity::Warning,
                file: slug.into(),
                feature: None,
                field: None,
                message: format!(
                    "entités supprimées non rattachées aux lieux (leurs changements ne figurent que dans le flux du territoire) : {e}"
                ),
            }),
        }
    }
    if let Some(qpv) = removed.get(&(NATIONAL.to_string(), LayerId::Qpv)) {
        let features = qpv
            .iter()
            .filter_map(|f| {
                let props: Perimeter =
                    serde_json::from_value(Value::Object(f.props.clone())).ok()?;
                Some(Feature {
                    props,
                    geometry: f.geometry.clone()?,
                })
            })
            .collect();
        catalog.national.set_qpv(Layer::new(features));
    }
    Ok((catalog, report))
}
