//! A territory directory: its manifest and layers, loaded, validated and indexed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use geo::{Geometry, MultiPolygon};
use serde::de::DeserializeOwned;

use crate::layer::{Feature, Layer};
use crate::manifest::Manifest;
use crate::model::{
    Action, Boundary, Centrality, Commune, Corridor, Equipment, FeatureProps, GeometryPrecision,
    Ilot, Operation, Perimeter, RealisationScope,
};
use crate::read::{read_json_array, read_layer, read_text, RawFeature};
use crate::report::Report;
use crate::validate;

/// One agglomeration's policy geography, ready to query.
#[derive(Debug, Clone)]
pub struct Territory {
    pub manifest: Manifest,
    pub dir: PathBuf,
    pub boundary: Layer<Boundary>,
    pub communes: Layer<Commune>,
    pub perimeters: Layer<Perimeter>,
    pub operations: Layer<Operation>,
    pub equipment: Layer<Equipment>,
    pub centralities: Layer<Centrality>,
    pub corridors: Layer<Corridor>,
    pub ilots: Layer<Ilot>,
    pub actions: Vec<Action>,
}

/// Why a territory could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    #[error("{}: manifeste illisible : {message}", path.display())]
    Manifest { path: PathBuf, message: String },
    #[error("{} : données refusées, {} erreur(s) :\n{report}", dir.display(), report.errors().count())]
    Invalid { dir: PathBuf, report: Report },
}

impl Territory {
    /// Loads and validates a territory directory. Any error refuses the whole territory, so a
    /// server never publishes half-valid data; warnings come back with the territory.
    pub fn load(dir: &Path) -> Result<(Territory, Report), LoadError> {
        let (territory, report) = Self::load_unchecked(dir)?;
        if report.has_errors() {
            return Err(LoadError::Invalid {
                dir: dir.to_path_buf(),
                report,
            });
        }
        Ok((territory, report))
    }

    /// Validates a territory directory and returns every finding.
    pub fn validate(dir: &Path) -> Result<Report, LoadError> {
        Self::load_unchecked(dir).map(|(_, report)| report)
    }

    fn load_unchecked(dir: &Path) -> Result<(Territory, Report), LoadError> {
        let manifest = read_manifest(dir)?;
        let mut report = Report::default();
        let files = manifest.layers.clone();
        let mut ctx = Context {
            dir,
            manifest: &manifest,
            report: &mut report,
        };

        let boundary = ctx.layer::<Boundary>(&files.boundary);
        let boundary_geometry = boundary.first().and_then(|f| f.1.geometry.clone());
        let communes = without_contour(ctx.layer::<Commune>(&files.communes), ctx.report);
        let perimeters_raw = ctx.layer::<Perimeter>(&files.perimeters);
        // Features placed on a perimeter, a commune or the territory borrow their geometry.
        let mut places = Places {
            boundary: boundary_geometry,
            communes: vec![],
            perimeters: vec![],
        };
        places.communes = geometries_by_id(&communes);
        let perimeters = ctx.resolve(perimeters_raw, &places);
        places.perimeters = perimeters
            .iter()
            .map(|f| (f.props.code.clone(), f.geometry.clone()))
            .collect();

        let operations = ctx.layer::<Operation>(&files.operations);
        let programmes: HashSet<&str> = manifest.programmes.iter().map(|p| p.id.as_str()).collect();
        for (path, op) in &operations {
            validate::references::known_programme(
                path,
                &op.label,
                &op.props.programme,
                &programmes,
                ctx.report,
            );
        }
        let operations = ctx.resolve(operations, &places);
        let equipment = ctx.layer::<Equipment>(&files.equipment);
        let equipment = ctx.resolve(equipment, &places);
        let centralities = ctx.layer::<Centrality>(&files.centralities);
        let centralities = ctx.resolve(centralities, &places);
        let corridors = ctx.layer::<Corridor>(&files.corridors);
        let corridors = ctx.resolve(corridors, &places);
        let ilots = ctx.layer::<Ilot>(&files.ilots);
        let ilots = ctx.resolve(ilots, &places);
        let boundary = ctx.resolve(boundary, &places);
        let communes = ctx.resolve(communes, &places);
        let actions = ctx.actions(&files.actions);

        let operation_ids: HashSet<&str> = operations.iter().map(|f| f.props.id.as_str()).collect();
        for e in &equipment {
            if let Some(op) = e
                .props
                .operation
                .as_deref()
                .filter(|op| !operation_ids.contains(op))
            {
                report.issues.push(crate::report::Issue {
                    severity: crate::report::Severity::Error,
                    file: dir.join(&files.equipment[0]),
                    feature: Some(e.props.id.clone()),
                    field: Some("operation".into()),
                    message: format!("opération « {op} » inconnue"),
                });
            }
        }

        let territory = Territory {
            dir: dir.to_path_buf(),
            boundary: Layer::new(boundary),
            communes: Layer::new(communes),
            perimeters: Layer::new(perimeters),
            operations: Layer::new(operations),
            equipment: Layer::new(equipment),
            centralities: Layer::new(centralities),
            corridors: Layer::new(corridors),
            ilots: Layer::new(ilots),
            actions,
            manifest,
        };
        Ok((territory, report))
    }

    /// The slug (`annemasse-agglo`).
    pub fn slug(&self) -> &str {
        &self.manifest.slug
    }

    /// Whether `point` lies in the territory: inside its boundary, or, lacking one, its box.
    pub fn covers(&self, point: geo::Point<f64>) -> bool {
        if self.boundary.is_empty() {
            let b = self.manifest.bbox;
            return (b[0]..=b[2]).contains(&point.x()) && (b[1]..=b[3]).contains(&point.y());
        }
        self.boundary.first_containing(point).is_some()
    }

    /// The INSEE code of the member commune containing `point`, if any.
    pub fn commune_at(&self, point: geo::Point<f64>) -> Option<&Commune> {
        let i = self.communes.first_containing(point)?;
        Some(&self.communes.features()[i].props)
    }
}

/// Leaves out, with a warning, the member communes that have no contour (`quartiers territory
/// init` writes them so when the given files lack them): features placed on them are refused.
fn without_contour(
    communes: Vec<(PathBuf, RawFeature<Commune>)>,
    report: &mut Report,
) -> Vec<(PathBuf, RawFeature<Commune>)> {
    let (with, without): (Vec<_>, Vec<_>) = communes
        .into_iter()
        .partition(|(_, f)| f.geometry.is_some());
    for (path, f) in without {
        report.file(&path).warning(
            Some(f.label),
            Some("geometry"),
            format!(
                "commune {} ({}) sans contour : elle n'est ni dessinée ni interrogeable ; importez son contour dans la couche communes",
                f.props.name, f.props.insee
            ),
        );
    }
    with
}

/// Geometries other features may be placed on.
struct Places {
    boundary: Option<Geometry<f64>>,
    communes: Vec<(String, Geometry<f64>)>,
    perimeters: Vec<(String, Geometry<f64>)>,
}

/// The geometry of the place `id` among `places` (from [`geometries_by_id`]).
fn geometry_of(places: &[(String, Geometry<f64>)], id: &str) -> Option<Geometry<f64>> {
    places.iter().find(|(c, _)| c == id).map(|(_, g)| g.clone())
}

fn geometries_by_id<P: FeatureProps>(
    features: &[(PathBuf, RawFeature<P>)],
) -> Vec<(String, Geometry<f64>)> {
    features
        .iter()
        .filter_map(|(_, f)| Some((f.props.id().to_string(), f.geometry.clone()?)))
        .collect()
}

struct Context<'a> {
    dir: &'a Path,
    manifest: &'a Manifest,
    report: &'a mut Report,
}

impl Context<'_> {
    /// Reads every file of a layer (a missing file is an empty layer) and checks ids and
    /// communes.
    fn layer<P: DeserializeOwned + FeatureProps>(
        &mut self,
        files: &[String],
    ) -> Vec<(PathBuf, RawFeature<P>)> {
        let mut all = Vec::new();
        for name in files {
            let path = self.dir.join(name);
            if !path.exists() {
                continue;
            }
            all.extend(
                read_layer::<P>(&path, self.report)
                    .into_iter()
                    .map(|f| (path.clone(), f)),
            );
        }
        let refs: Vec<(&Path, &RawFeature<P>)> =
            all.iter().map(|(p, f)| (p.as_path(), f)).collect();
        validate::references::unique_ids(&refs, self.report);
        let members = self.manifest.member_codes();
        for (path, f) in &all {
            validate::references::known_communes(path, f, &members, self.report);
            validate::dates::dated_status(path, f, self.report);
        }
        all
    }

    /// Gives every feature its geometry (its own, or the one its placement borrows), checks it
    /// and builds the layer's features. Features that cannot be placed are reported and left out.
    fn resolve<P: FeatureProps>(
        &mut self,
        raw: Vec<(PathBuf, RawFeature<P>)>,
        places: &Places,
    ) -> Vec<Feature<P>> {
        let mut out = Vec::with_capacity(raw.len());
        for (path, f) in raw {
            let mut file = self.report.file(&path);
            let label = Some(f.label.clone());
            let geometry = match f.geometry {
                Some(g) => g,
                None => match borrowed_geometry(&f.props, places) {
                    Ok(g) => g,
                    Err(message) => {
                        file.error(label, Some("geometry"), message);
                        continue;
                    }
                },
            };
            let problems = validate::geometry::validity(&geometry);
            if !problems.is_empty() {
                for p in problems {
                    file.error(label.clone(), Some("geometry"), p);
                }
                continue;
            }
            let geometry = match validate::geometry::reoriented(&geometry) {
                Some(fixed) => {
                    file.warning(
                        label.clone(),
                        Some("geometry"),
                        "anneaux réorientés (RFC 7946 : extérieur dans le sens trigonométrique)",
                    );
                    fixed
                }
                None => geometry,
            };
            if let Some(message) = validate::geometry::inside_bbox(&geometry, self.manifest.bbox) {
                file.error(label, Some("geometry"), message);
                continue;
            }
            out.push(Feature {
                props: f.props,
                geometry,
            });
        }
        out
    }

    fn actions(&mut self, files: &[String]) -> Vec<Action> {
        let programmes: HashSet<&str> = self
            .manifest
            .programmes
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        let members = self.manifest.member_codes();
        let mut all = Vec::new();
        let mut seen = HashSet::new();
        for name in files {
            let path = self.dir.join(name);
            if !path.exists() {
                continue;
            }
            let actions: Vec<Action> = read_json_array(&path, self.report, "id");
            for (i, a) in actions.iter().enumerate() {
                let label = crate::report::feature_label(i, Some(&a.id));
                validate::references::known_programme(
                    &path,
                    &label,
                    &a.programme,
                    &programmes,
                    self.report,
                );
                validate::dates::dated_action(&path, &label, a, self.report);
                if !seen.insert(a.id.clone()) {
                    self.report.file(&path).error(
                        Some(label.clone()),
                        Some("id"),
                        format!("identifiant « {} » en double", a.id),
                    );
                }
                for r in &a.realisations {
                    if let RealisationScope::Commune { insee_com, .. } = &r.scope {
                        if !members.contains(insee_com.as_str()) {
                            self.report.file(&path).error(
                                Some(label.clone()),
                                Some("realisations.insee_com"),
                                format!("commune « {insee_com} » inconnue : elle n'est pas membre du territoire"),
                            );
                        }
                    }
                }
            }
            all.extend(actions);
        }
        all
    }
}

/// The geometry an imprecisely placed feature borrows, or why it has none.
fn borrowed_geometry<P: FeatureProps>(props: &P, places: &Places) -> Result<Geometry<f64>, String> {
    let placement = props.placement();
    match placement.precision {
        GeometryPrecision::Perimeter => {
            let code = placement.perimeter.as_deref().ok_or(
                "géométrie nulle avec une précision « perimeter » : indiquez le code du périmètre dans « perimetre »",
            )?;
            geometry_of(&places.perimeters, code).ok_or_else(|| format!("périmètre « {code} » inconnu (perimeters.geojson)"))
        }
        GeometryPrecision::Commune => {
            let communes = props.communes();
            if communes.is_empty() {
                return Err("géométrie nulle avec une précision « commune » : indiquez la commune dans « insee_com »".into());
            }
            let polygons: Vec<_> = communes
                .iter()
                .map(|insee| {
                    geometry_of(&places.communes, insee)
                        .ok_or_else(|| format!("commune « {insee} » sans contour (communes.geojson)"))
                })
                .collect::<Result<_, _>>()?;
            Ok(merge(polygons))
        }
        GeometryPrecision::Territory => places
            .boundary
            .clone()
            .ok_or_else(|| "géométrie nulle avec une précision « territory » mais le territoire n'a pas de contour (boundary.geojson)".into()),
        GeometryPrecision::Exact | GeometryPrecision::Approximate => Err(format!(
            "géométrie absente alors que la précision est « {} » : donnez la géométrie, ou une précision perimeter, commune ou territory",
            placement.precision.code()
        )),
    }
}

/// Several borrowed polygons as one multipolygon (communes are disjoint, so no union needed).
fn merge(geometries: Vec<Geometry<f64>>) -> Geometry<f64> {
    if geometries.len() == 1 {
        return geometries.into_iter().next().expect("one geometry");
    }
    let mut polygons = Vec::new();
    for g in geometries {
        match g {
            Geometry::Polygon(p) => polygons.push(p),
            Geometry::MultiPolygon(mp) => polygons.extend(mp.0),
            _ => {}
        }
    }
    MultiPolygon(polygons).into()
}

fn read_manifest(dir: &Path) -> Result<Manifest, LoadError> {
    let path = dir.join("territory.toml");
    let mut report = Report::default();
    let text = read_text(&path, &mut report).ok_or_else(|| LoadError::Manifest {
        path: path.clone(),
        message: report.to_string().trim().to_string(),
    })?;
    toml::from_str(&text).map_err(|e| LoadError::Manifest {
        path,
        message: e.to_string(),
    })
}
