//! The embedded backend: one GeoPackage file, written through GDAL, that QGIS and `ogrinfo`
//! open directly.
//!
//! Layout: each published version of a layer is a feature table of its own
//! (`annemasse_agglo__perimetres__v7`: the model's fields as text columns for QGIS, plus
//! `proprietes`, the exact JSON properties the store reads back); `quartiers_versions` lists
//! every version, `quartiers_territoires` holds the manifests, `quartiers_imports` the
//! validated imports waiting to be published. The current version of a layer is its latest
//! row in `quartiers_versions`. Every write is one SQLite transaction (WAL journal), so a
//! killed process leaves the previous state, and readers are never blocked by a writer.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use gdal::errors::GdalError;
use gdal::spatial_ref::{AxisMappingStrategy, SpatialRef};
use gdal::vector::{Feature, LayerAccess, LayerOptions, OGRFieldType, OGRwkbGeometryType, ToGdal};
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};
use geodata::report::Report;
use serde_json::{Map, Value};

use crate::error::{Result, StoreError};
use crate::gdal_log;
use crate::layer_id::LayerId;
use crate::store::{LayerData, NewTerritory, StagedImport, Store, StoredFeature};
use crate::version::Version;

const VERSIONS: &str = "quartiers_versions";
const TERRITORIES: &str = "quartiers_territoires";
const IMPORTS: &str = "quartiers_imports";
/// The column holding a feature's exact properties, as JSON.
const PROPS: &str = "proprietes";
/// Staged imports kept; older ones are dropped when a new one is staged.
const KEEP_IMPORTS: u64 = 50;
/// How long a writer waits for another process's transaction, in milliseconds.
const BUSY_TIMEOUT_MS: u32 = 15_000;

/// A store in one GeoPackage file.
#[derive(Debug)]
pub struct GpkgStore {
    path: PathBuf,
    /// Serialises this process's writers (SQLite serialises processes).
    writer: Mutex<()>,
}

impl GpkgStore {
    /// Opens an existing store.
    pub fn open(path: &Path) -> Result<Self> {
        gdal_log::install();
        if !path.is_file() {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                message: "fichier absent : créez le magasin (quartiers serve ou quartiers versions le crée à partir de data/)".into(),
            });
        }
        let store = Self::at(path);
        let ds = store.dataset(false)?;
        for table in [VERSIONS, TERRITORIES, IMPORTS] {
            ds.layer_by_name(table).map_err(|_| StoreError::Corrupt {
                path: path.to_path_buf(),
                message: format!("table « {table} » absente : ce n'est pas un magasin Quartiers"),
            })?;
        }
        Ok(store)
    }

    /// Opens the store, creating it from the data directory first if the file does not exist.
    /// Returns whether it was created.
    pub fn open_or_create(path: &Path, data_dir: &Path) -> Result<(Self, bool)> {
        if path.exists() {
            return Ok((Self::open(path)?, false));
        }
        crate::seed::create_from_data(path, data_dir)?;
        Ok((Self::open(path)?, true))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn at(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            writer: Mutex::new(()),
        }
    }

    fn dataset(&self, update: bool) -> Result<Dataset> {
        open_dataset(&self.path, update)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ()> {
        // A writer that panicked left no transaction open (GDAL rolls back on drop).
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn gdal(&self) -> impl Fn(GdalError) -> StoreError + '_ {
        move |e| gdal_error(&self.path, &e)
    }
}

pub(crate) fn gdal_error(path: &Path, e: &GdalError) -> StoreError {
    StoreError::Gdal {
        path: path.to_path_buf(),
        message: gdal_log::describe(e),
    }
}

pub(crate) fn open_dataset(path: &Path, update: bool) -> Result<Dataset> {
    gdal_log::install();
    let flags = if update {
        GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_UPDATE
    } else {
        GdalOpenFlags::GDAL_OF_VECTOR
    };
    let prelude = format!("PRELUDE_STATEMENTS=PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}");
    Dataset::open_ex(
        path,
        DatasetOptions {
            open_flags: flags,
            allowed_drivers: Some(&["GPKG"]),
            open_options: Some(&[prelude.as_str()]),
            ..Default::default()
        },
    )
    .map_err(|e| gdal_error(path, &e))
}

/// A table to create: name, description, fields and their OGR types.
type TableSpec = (&'static str, &'static str, Vec<(&'static str, u32)>);

/// Creates the empty tables of a new store.
pub(crate) fn create_schema(ds: &mut Dataset, path: &Path) -> Result<()> {
    let err = |e: GdalError| gdal_error(path, &e);
    let text = OGRFieldType::OFTString;
    let int = OGRFieldType::OFTInteger64;
    let tables: [TableSpec; 3] = [
        (
            VERSIONS,
            "Versions publiées de chaque couche (la version courante est la plus récente)",
            vec![
                ("numero", int),
                ("territoire", text),
                ("couche", text),
                ("auteur", text),
                ("date", text),
                ("fichier_source", text),
                ("sha256", text),
                ("nb_entites", int),
                ("commentaire", text),
                ("table_donnees", text),
                ("retour_a", int),
            ],
        ),
        (
            TERRITORIES,
            "Territoires et leur manifeste (territory.toml)",
            vec![("slug", text), ("nom", text), ("manifeste", text)],
        ),
        (
            IMPORTS,
            "Imports validés en attente de publication",
            vec![
                ("id", int),
                ("territoire", text),
                ("couche", text),
                ("auteur", text),
                ("date", text),
                ("fichier_source", text),
                ("sha256", text),
                ("version_base", int),
                ("donnees", text),
                ("rapport", text),
            ],
        ),
    ];
    for (name, description, fields) in tables {
        let description = format!("DESCRIPTION={description}");
        let layer = ds
            .create_layer(LayerOptions {
                name,
                srs: None,
                ty: OGRwkbGeometryType::wkbNone,
                options: Some(&[description.as_str()]),
            })
            .map_err(err)?;
        for (field, ty) in fields {
            gdal::vector::FieldDefn::new(field, ty)
                .and_then(|d| d.add_to_layer(&layer))
                .map_err(err)?;
        }
    }
    Ok(())
}

/// The name of the table holding a version's features.
pub(crate) fn table_name(territory: &str, layer: LayerId, number: u64) -> String {
    let slug: String = territory
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{slug}__{layer}__v{number}")
}

/// The text columns of a layer's tables, besides [`PROPS`].
fn columns(layer: LayerId) -> Vec<&'static str> {
    let fields = layer.model_fields();
    if fields.is_empty() {
        vec!["id", "code", "titre"]
    } else {
        fields
    }
}

/// Writes a version's features into a new table.
pub(crate) fn write_features(
    ds: &mut Dataset,
    path: &Path,
    table: &str,
    territory: &str,
    layer: LayerId,
    number: u64,
    data: &LayerData,
) -> Result<()> {
    let err = |e: GdalError| gdal_error(path, &e);
    let mut srs = SpatialRef::from_epsg(4326).map_err(err)?;
    srs.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let identifier = format!("IDENTIFIER={territory}/{layer} v{number}");
    let description =
        format!("DESCRIPTION=Couche « {layer} » du territoire « {territory} », version {number}");
    let options = [
        identifier.as_str(),
        description.as_str(),
        // The server indexes in memory; an R-tree built at close time would fall outside the
        // transaction.
        "SPATIAL_INDEX=NO",
    ];
    let geographic = layer.is_geographic();
    let out = ds
        .create_layer(LayerOptions {
            name: table,
            srs: geographic.then_some(&srs),
            ty: if geographic {
                OGRwkbGeometryType::wkbUnknown
            } else {
                OGRwkbGeometryType::wkbNone
            },
            options: Some(&options),
        })
        .map_err(err)?;
    let cols = columns(layer);
    for name in cols.iter().chain([&PROPS]) {
        gdal::vector::FieldDefn::new(name, OGRFieldType::OFTString)
            .and_then(|d| d.add_to_layer(&out))
            .map_err(err)?;
    }
    let defn = out.defn();
    let props_index = defn.field_index(PROPS).map_err(err)?;
    for f in &data.features {
        let mut row = Feature::new(defn).map_err(err)?;
        for (i, name) in cols.iter().enumerate() {
            match f.props.get(*name) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) => row.set_field_string(i, s).map_err(err)?,
                Some(other) => row.set_field_string(i, &other.to_string()).map_err(err)?,
            }
        }
        row.set_field_string(props_index, &serde_json::to_string(&f.props)?)
            .map_err(err)?;
        if let Some(g) = &f.geometry {
            row.set_geometry(g.to_gdal().map_err(err)?).map_err(err)?;
        }
        row.create(&out).map_err(err)?;
    }
    Ok(())
}

/// Reads a version's features back.
fn read_features(ds: &Dataset, path: &Path, table: &str) -> Result<LayerData> {
    let err = |e: GdalError| gdal_error(path, &e);
    let mut layer = ds.layer_by_name(table).map_err(|_| StoreError::Corrupt {
        path: path.to_path_buf(),
        message: format!("table « {table} » absente alors que quartiers_versions la cite"),
    })?;
    let index = layer.defn().field_index(PROPS).map_err(err)?;
    let mut features = Vec::new();
    for f in layer.features() {
        let text = f.field_as_string(index).map_err(err)?.unwrap_or_default();
        let props: Map<String, Value> =
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                path: path.to_path_buf(),
                message: format!("table « {table} », entité {:?} : {e}", f.fid()),
            })?;
        let geometry = match f.geometry() {
            Some(g) if !g.is_empty() => Some(g.to_geo().map_err(err)?),
            _ => None,
        };
        features.push(StoredFeature { props, geometry });
    }
    Ok(LayerData { features })
}

/// Field indices of a table, by name.
struct Columns(Vec<String>);

impl Columns {
    fn of<L: LayerAccess>(layer: &L) -> Self {
        Self(layer.defn().fields().map(|f| f.name()).collect())
    }

    fn index(&self, name: &str, path: &Path) -> Result<usize> {
        self.0
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| StoreError::Corrupt {
                path: path.to_path_buf(),
                message: format!("colonne « {name} » absente"),
            })
    }
}

fn text(f: &Feature<'_>, i: usize) -> String {
    f.field_as_string(i).ok().flatten().unwrap_or_default()
}

fn int(f: &Feature<'_>, i: usize) -> Option<u64> {
    f.field_as_integer64(i)
        .ok()
        .flatten()
        .and_then(|v| u64::try_from(v).ok())
}

fn read_versions(ds: &Dataset, path: &Path) -> Result<Vec<Version>> {
    let mut layer = ds
        .layer_by_name(VERSIONS)
        .map_err(|e| gdal_error(path, &e))?;
    let c = Columns::of(&layer);
    let idx: Vec<usize> = [
        "numero",
        "territoire",
        "couche",
        "auteur",
        "date",
        "fichier_source",
        "sha256",
        "nb_entites",
        "commentaire",
        "table_donnees",
        "retour_a",
    ]
    .iter()
    .map(|n| c.index(n, path))
    .collect::<Result<_>>()?;
    let mut out = Vec::new();
    for f in layer.features() {
        out.push(Version {
            number: int(&f, idx[0]).unwrap_or(0),
            territory: text(&f, idx[1]),
            layer: text(&f, idx[2]),
            author: text(&f, idx[3]),
            date: text(&f, idx[4]),
            source_name: text(&f, idx[5]),
            sha256: text(&f, idx[6]),
            feature_count: int(&f, idx[7]).unwrap_or(0),
            comment: text(&f, idx[8]),
            table: text(&f, idx[9]),
            rollback_of: int(&f, idx[10]),
        });
    }
    out.sort_by_key(|v| v.number);
    Ok(out)
}

pub(crate) fn insert_version(ds: &Dataset, path: &Path, v: &Version) -> Result<()> {
    let err = |e: GdalError| gdal_error(path, &e);
    let layer = ds.layer_by_name(VERSIONS).map_err(err)?;
    let c = Columns::of(&layer);
    let mut f = Feature::new(layer.defn()).map_err(err)?;
    let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    f.set_field_integer64(c.index("numero", path)?, as_i64(v.number))
        .map_err(err)?;
    for (name, value) in [
        ("territoire", &v.territory),
        ("couche", &v.layer),
        ("auteur", &v.author),
        ("date", &v.date),
        ("fichier_source", &v.source_name),
        ("sha256", &v.sha256),
        ("commentaire", &v.comment),
        ("table_donnees", &v.table),
    ] {
        f.set_field_string(c.index(name, path)?, value)
            .map_err(err)?;
    }
    f.set_field_integer64(c.index("nb_entites", path)?, as_i64(v.feature_count))
        .map_err(err)?;
    if let Some(n) = v.rollback_of {
        f.set_field_integer64(c.index("retour_a", path)?, as_i64(n))
            .map_err(err)?;
    }
    f.create(&layer).map_err(err)
}

pub(crate) fn insert_territory(
    ds: &Dataset,
    path: &Path,
    slug: &str,
    name: &str,
    manifest: &str,
) -> Result<()> {
    let err = |e: GdalError| gdal_error(path, &e);
    let layer = ds.layer_by_name(TERRITORIES).map_err(err)?;
    let c = Columns::of(&layer);
    let mut f = Feature::new(layer.defn()).map_err(err)?;
    f.set_field_string(c.index("slug", path)?, slug)
        .map_err(err)?;
    f.set_field_string(c.index("nom", path)?, name)
        .map_err(err)?;
    f.set_field_string(c.index("manifeste", path)?, manifest)
        .map_err(err)?;
    f.create(&layer).map_err(err)
}

/// `MAX(column)` of a table, 0 when empty.
fn max_of(ds: &Dataset, path: &Path, table: &str, column: &str) -> Result<u64> {
    let sql = format!("SELECT MAX({column}) AS m FROM {table}");
    let mut rs = ds
        .execute_sql(&sql, None, gdal::vector::sql::Dialect::DEFAULT)
        .map_err(|e| gdal_error(path, &e))?
        .ok_or_else(|| StoreError::Corrupt {
            path: path.to_path_buf(),
            message: format!("{sql} : aucun résultat"),
        })?;
    let value = rs.features().next().and_then(|f| int(&f, 0));
    Ok(value.unwrap_or(0))
}

fn execute(ds: &Dataset, path: &Path, sql: &str) -> Result<()> {
    ds.execute_sql(sql, None, gdal::vector::sql::Dialect::DEFAULT)
        .map(|_| ())
        .map_err(|e| gdal_error(path, &e))
}

/// The latest version of a layer in `versions`.
fn current_of<'a>(versions: &'a [Version], territory: &str, layer: LayerId) -> Option<&'a Version> {
    versions
        .iter()
        .rev()
        .find(|v| v.territory == territory && v.layer == layer.as_str())
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Store for GpkgStore {
    fn territories(&self) -> Result<Vec<String>> {
        let ds = self.dataset(false)?;
        let mut layer = ds.layer_by_name(TERRITORIES).map_err(self.gdal())?;
        let i = Columns::of(&layer).index("slug", &self.path)?;
        let mut slugs: Vec<String> = layer.features().map(|f| text(&f, i)).collect();
        slugs.sort();
        slugs.dedup();
        Ok(slugs)
    }

    fn manifest(&self, territory: &str) -> Result<String> {
        let ds = self.dataset(false)?;
        let mut layer = ds.layer_by_name(TERRITORIES).map_err(self.gdal())?;
        let c = Columns::of(&layer);
        let (slug, manifest) = (
            c.index("slug", &self.path)?,
            c.index("manifeste", &self.path)?,
        );
        let mut known = Vec::new();
        for f in layer.features() {
            let s = text(&f, slug);
            if s == territory {
                return Ok(text(&f, manifest));
            }
            known.push(s);
        }
        Err(StoreError::UnknownTerritory(
            territory.to_string(),
            known.join(", "),
        ))
    }

    fn versions(&self) -> Result<Vec<Version>> {
        read_versions(&self.dataset(false)?, &self.path)
    }

    fn current(&self, territory: &str, layer: LayerId) -> Result<Option<(Version, LayerData)>> {
        let ds = self.dataset(false)?;
        let versions = read_versions(&ds, &self.path)?;
        let Some(v) = current_of(&versions, territory, layer) else {
            return Ok(None);
        };
        let data = read_features(&ds, &self.path, &v.table)?;
        Ok(Some((v.clone(), data)))
    }

    fn data_of(&self, version: &Version) -> Result<LayerData> {
        read_features(&self.dataset(false)?, &self.path, &version.table)
    }

    fn data_version(&self) -> Result<u64> {
        max_of(&self.dataset(false)?, &self.path, VERSIONS, "numero")
    }

    fn stage(&self, import: StagedImport) -> Result<u64> {
        let _guard = self.lock();
        let mut ds = self.dataset(true)?;
        let path = self.path.clone();
        let err = |e: GdalError| gdal_error(&path, &e);
        let txn = ds.start_transaction().map_err(err)?;
        let id = max_of(&txn, &path, IMPORTS, "id")? + 1;
        {
            let layer = txn.layer_by_name(IMPORTS).map_err(err)?;
            let c = Columns::of(&layer);
            let mut f = Feature::new(layer.defn()).map_err(err)?;
            f.set_field_integer64(c.index("id", &path)?, id as i64)
                .map_err(err)?;
            let data = features_to_geojson(&import.data)?;
            let report = serde_json::to_string(&import.report)?;
            for (name, value) in [
                ("territoire", import.territory.as_str()),
                ("couche", import.layer.as_str()),
                ("auteur", import.author.as_str()),
                ("date", import.date.as_str()),
                ("fichier_source", import.source_name.as_str()),
                ("sha256", import.sha256.as_str()),
                ("donnees", data.as_str()),
                ("rapport", report.as_str()),
            ] {
                f.set_field_string(c.index(name, &path)?, value)
                    .map_err(err)?;
            }
            if let Some(base) = import.base_version {
                f.set_field_integer64(c.index("version_base", &path)?, base as i64)
                    .map_err(err)?;
            }
            f.create(&layer).map_err(err)?;
        }
        if id > KEEP_IMPORTS {
            execute(
                &txn,
                &path,
                &format!("DELETE FROM {IMPORTS} WHERE id <= {}", id - KEEP_IMPORTS),
            )?;
        }
        txn.commit().map_err(err)?;
        Ok(id)
    }

    fn staged(&self, id: u64) -> Result<StagedImport> {
        read_staged(&self.dataset(false)?, &self.path, id)
    }

    fn publish(&self, import: u64, comment: &str) -> Result<Version> {
        let _guard = self.lock();
        let mut ds = self.dataset(true)?;
        let path = self.path.clone();
        let err = |e: GdalError| gdal_error(&path, &e);
        let mut txn = ds.start_transaction().map_err(err)?;
        let staged = read_staged(&txn, &path, import)?;
        let versions = read_versions(&txn, &path)?;
        let current = current_of(&versions, &staged.territory, staged.layer);
        if current.map(|v| v.number) != staged.base_version {
            let show = |n: Option<u64>| n.map_or("aucune".to_string(), |n| n.to_string());
            return Err(StoreError::Stale {
                import,
                territory: staged.territory,
                layer: staged.layer.to_string(),
                expected: show(staged.base_version),
                found: show(current.map(|v| v.number)),
            });
        }
        let number = versions.last().map_or(0, |v| v.number) + 1;
        let table = table_name(&staged.territory, staged.layer, number);
        write_features(
            &mut txn,
            &path,
            &table,
            &staged.territory,
            staged.layer,
            number,
            &staged.data,
        )?;
        let version = Version {
            number,
            territory: staged.territory.clone(),
            layer: staged.layer.to_string(),
            author: staged.author.clone(),
            date: now(),
            source_name: staged.source_name.clone(),
            sha256: staged.sha256.clone(),
            feature_count: staged.data.features.len() as u64,
            comment: comment.to_string(),
            table,
            rollback_of: None,
        };
        insert_version(&txn, &path, &version)?;
        execute(
            &txn,
            &path,
            &format!("DELETE FROM {IMPORTS} WHERE id = {import}"),
        )?;
        txn.commit().map_err(err)?;
        Ok(version)
    }

    fn create_territory(&self, territory: &NewTerritory) -> Result<Vec<Version>> {
        let _guard = self.lock();
        let mut ds = self.dataset(true)?;
        let path = self.path.clone();
        let err = |e: GdalError| gdal_error(&path, &e);
        let mut txn = ds.start_transaction().map_err(err)?;
        let slug = &territory.slug;
        let exists = {
            let mut layer = txn.layer_by_name(TERRITORIES).map_err(err)?;
            let i = Columns::of(&layer).index("slug", &path)?;
            let found = layer.features().any(|f| text(&f, i) == *slug);
            found
        };
        if exists && !territory.replace {
            return Err(StoreError::TerritoryExists(slug.clone()));
        }
        if exists {
            execute(
                &txn,
                &path,
                &format!(
                    "DELETE FROM {TERRITORIES} WHERE slug = '{}'",
                    slug.replace('\'', "''")
                ),
            )?;
        }
        insert_territory(&txn, &path, slug, &territory.name, &territory.manifest)?;
        let mut number = read_versions(&txn, &path)?.last().map_or(0, |v| v.number);
        let mut created = Vec::new();
        for (layer, data) in &territory.layers {
            number += 1;
            let table = table_name(slug, *layer, number);
            write_features(&mut txn, &path, &table, slug, *layer, number, data)?;
            let version = Version {
                number,
                territory: slug.clone(),
                layer: layer.to_string(),
                author: territory.author.clone(),
                date: now(),
                source_name: territory.source_name.clone(),
                sha256: territory.sha256.clone(),
                feature_count: data.features.len() as u64,
                comment: territory.comment.clone(),
                table,
                rollback_of: None,
            };
            insert_version(&txn, &path, &version)?;
            created.push(version);
        }
        txn.commit().map_err(err)?;
        Ok(created)
    }

    fn rollback(&self, number: u64, author: &str, comment: &str) -> Result<Version> {
        let _guard = self.lock();
        let mut ds = self.dataset(true)?;
        let path = self.path.clone();
        let err = |e: GdalError| gdal_error(&path, &e);
        let txn = ds.start_transaction().map_err(err)?;
        let versions = read_versions(&txn, &path)?;
        let target = versions
            .iter()
            .find(|v| v.number == number)
            .ok_or(StoreError::UnknownVersion(number))?;
        let layer: LayerId = target.layer.parse()?;
        if let Some(current) = current_of(&versions, &target.territory, layer) {
            if current.table == target.table {
                return Err(StoreError::AlreadyCurrent {
                    version: number,
                    territory: target.territory.clone(),
                    layer: target.layer.clone(),
                });
            }
        }
        let version = Version {
            number: versions.last().map_or(0, |v| v.number) + 1,
            author: author.to_string(),
            date: now(),
            comment: comment.to_string(),
            rollback_of: Some(number),
            ..target.clone()
        };
        insert_version(&txn, &path, &version)?;
        txn.commit().map_err(err)?;
        Ok(version)
    }
}

fn read_staged(ds: &Dataset, path: &Path, id: u64) -> Result<StagedImport> {
    let err = |e: GdalError| gdal_error(path, &e);
    let mut layer = ds.layer_by_name(IMPORTS).map_err(err)?;
    let c = Columns::of(&layer);
    let idx: Vec<usize> = [
        "id",
        "territoire",
        "couche",
        "auteur",
        "date",
        "fichier_source",
        "sha256",
        "version_base",
        "donnees",
        "rapport",
    ]
    .iter()
    .map(|n| c.index(n, path))
    .collect::<Result<_>>()?;
    layer
        .set_attribute_filter(&format!("id = {id}"))
        .map_err(err)?;
    let Some(f) = layer.features().next() else {
        return Err(StoreError::UnknownImport(id));
    };
    let corrupt = |message: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        message: format!("import {id} : {message}"),
    };
    let data = geojson_to_features(&text(&f, idx[8])).map_err(corrupt)?;
    let report: Report = serde_json::from_str::<ReportRow>(&text(&f, idx[9]))
        .map(ReportRow::into_report)
        .unwrap_or_default();
    Ok(StagedImport {
        id,
        territory: text(&f, idx[1]),
        layer: text(&f, idx[2]).parse()?,
        author: text(&f, idx[3]),
        date: text(&f, idx[4]),
        source_name: text(&f, idx[5]),
        sha256: text(&f, idx[6]),
        base_version: int(&f, idx[7]),
        data,
        report,
    })
}

/// The stored report only needs to be shown again, not re-validated.
#[derive(serde::Deserialize)]
struct ReportRow {
    #[serde(default)]
    issues: Vec<serde_json::Value>,
}

impl ReportRow {
    fn into_report(self) -> Report {
        let mut report = Report::default();
        for issue in self.issues {
            let get = |k: &str| issue.get(k).and_then(Value::as_str).map(str::to_string);
            let severity = match get("severity").as_deref() {
                Some("error") => geodata::report::Severity::Error,
                _ => geodata::report::Severity::Warning,
            };
            report.issues.push(geodata::report::Issue {
                severity,
                file: PathBuf::from(get("file").unwrap_or_default()),
                feature: get("feature"),
                field: get("field"),
                message: get("message").unwrap_or_default(),
            });
        }
        report
    }
}

/// A layer as GeoJSON text (exact floats both ways).
pub(crate) fn features_to_geojson(data: &LayerData) -> Result<String> {
    let features = data
        .features
        .iter()
        .map(|f| geodata::write::to_geojson_feature(&f.props, f.geometry.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(serde_json::to_string(&geojson::FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    })?)
}

/// Reads GeoJSON text written by [`features_to_geojson`].
pub(crate) fn geojson_to_features(text: &str) -> Result<LayerData, String> {
    let fc: geojson::FeatureCollection = text.parse().map_err(|e| format!("{e}"))?;
    let mut features = Vec::with_capacity(fc.features.len());
    for f in fc.features {
        let geometry = f
            .geometry
            .map(|g| geo::Geometry::<f64>::try_from(g.value))
            .transpose()
            .map_err(|e| format!("{e}"))?;
        features.push(StoredFeature {
            props: f.properties.unwrap_or_default(),
            geometry,
        });
    }
    Ok(LayerData { features })
}
