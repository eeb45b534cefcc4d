//! Every loaded territory and the national layers: what a server or a query works on.

use std::path::{Path, PathBuf};

use geo::MultiPolygon;
use rayon::iter::{IntoParallelIterator, ParallelIterator};

use crate::layer::Feature;
use crate::model::Ilot;
use crate::national::National;
use crate::report::Report;
use crate::territory::{LoadError, Territory};

/// The loaded data: territories and national layers.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub territories: Vec<Territory>,
    pub national: National,
}

/// Why the catalog could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    #[error(transparent)]
    Territory(#[from] LoadError),
    #[error("territoire « {0} » introuvable dans {1}")]
    UnknownTerritory(String, PathBuf),
    #[error("{}: couche nationale refusée :\n{report}", dir.display())]
    National { dir: PathBuf, report: Report },
    #[error("{}: lecture impossible : {source}", dir.display())]
    Io {
        dir: PathBuf,
        source: std::io::Error,
    },
}

impl Catalog {
    /// Loads `data_dir/france` and every `data_dir/territories/*` directory holding a
    /// `territory.toml` (or only the slugs in `only`, when not empty). Warnings come back in
    /// the report; any error refuses the load.
    pub fn load(data_dir: &Path, only: &[String]) -> Result<(Catalog, Report), CatalogError> {
        let mut report = Report::default();
        let national_dir = data_dir.join("france");
        let (national, national_report) = National::load(&national_dir);
        if national_report.has_errors() {
            return Err(CatalogError::National {
                dir: national_dir,
                report: national_report,
            });
        }
        report.extend(national_report);
        // Each territory on its own: loaded in parallel, kept in the directories' order.
        let loads: Vec<_> = territory_dirs(data_dir, only)?
            .into_par_iter()
            .map(|dir| Territory::load(&dir))
            .collect();
        let mut territories = Vec::with_capacity(loads.len());
        for load in loads {
            let (t, r) = load?;
            report.extend(r);
            territories.push(t);
        }
        Ok((
            Catalog {
                territories,
                national,
            },
            report,
        ))
    }

    /// The loaded territory with this slug.
    pub fn territory(&self, slug: &str) -> Option<&Territory> {
        self.territories.iter().find(|t| t.slug() == slug)
    }

    /// The îlot with this id, in any territory.
    pub fn ilot(&self, id: &str) -> Option<(&Territory, &Feature<Ilot>)> {
        self.territories.iter().find_map(|t| {
            t.ilots
                .features()
                .iter()
                .find(|f| f.props.id == id)
                .map(|f| (t, f))
        })
    }

    /// The îlot's outline as a multipolygon, if it is polygonal.
    pub fn ilot_area(&self, id: &str) -> Option<MultiPolygon<f64>> {
        let (_, f) = self.ilot(id)?;
        match &f.geometry {
            geo::Geometry::Polygon(p) => Some(MultiPolygon(vec![p.clone()])),
            geo::Geometry::MultiPolygon(mp) => Some(mp.clone()),
            _ => None,
        }
    }
}

/// Territory directories under `data_dir/territories`, sorted, filtered by `only`.
pub fn territory_dirs(data_dir: &Path, only: &[String]) -> Result<Vec<PathBuf>, CatalogError> {
    let root = data_dir.join("territories");
    let mut dirs = Vec::new();
    if root.exists() {
        let entries = std::fs::read_dir(&root).map_err(|source| CatalogError::Io {
            dir: root.clone(),
            source,
        })?;
        for entry in entries {
            let path = entry
                .map_err(|source| CatalogError::Io {
                    dir: root.clone(),
                    source,
                })?
                .path();
            if path.join("territory.toml").is_file() {
                dirs.push(path);
            }
        }
    }
    dirs.sort();
    for slug in only {
        if !dirs
            .iter()
            .any(|d| d.file_name().is_some_and(|n| n == slug.as_str()))
        {
            return Err(CatalogError::UnknownTerritory(slug.clone(), root));
        }
    }
    if !only.is_empty() {
        dirs.retain(|d| {
            only.iter()
                .any(|s| d.file_name().is_some_and(|n| n == s.as_str()))
        });
    }
    Ok(dirs)
}
