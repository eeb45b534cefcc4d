//! The runtime's writes through SQLite (see [`super::sql`] for why not GDAL): rows of the
//! fixed tables, and a new feature table laid out as GDAL lays out those it created with the
//! store (`fid`, `geom`, the model's fields as text, `proprietes`), registered in
//! `gpkg_contents`, `gpkg_geometry_columns` and GDAL's `gpkg_ogr_contents`.

use std::path::Path;

use geo::BoundingRect;
use rusqlite::{params, Connection};
use serde_json::Value;

use super::blob::{self, WGS84};
use super::schema::{CREDENTIAL, IMPORTS, TERRITORIES, VERSIONS};
use super::sql::{columns, corrupt, quoted, PROPS};
use super::tables::text_columns;
use crate::error::Result;
use crate::geojson_text::features_to_geojson;
use crate::layer_id::LayerId;
use crate::store::{LayerData, StagedImport};
use crate::version::Version;

fn opt_i64(n: Option<u64>) -> Option<i64> {
    n.map(|n| i64::try_from(n).unwrap_or(i64::MAX))
}

pub(crate) fn insert_version(conn: &Connection, path: &Path, v: &Version) -> Result<()> {
    let has_credential = columns(conn, path, VERSIONS)?
        .iter()
        .any(|c| c == CREDENTIAL);
    let (credential_column, credential_value) = if has_credential {
        (format!(", {}", quoted(CREDENTIAL)), ", ?12")
    } else {
        (String::new(), "")
    };
    let sql = format!(
        "INSERT INTO {VERSIONS} (numero, territoire, couche, auteur, date, fichier_source, \
         sha256, nb_entites, commentaire, table_donnees, retour_a{credential_column}) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11{credential_value})"
    );
    let mut st = conn.prepare(&sql).map_err(|e| corrupt(path, e))?;
    let values = params![
        opt_i64(Some(v.number)),
        v.territory,
        v.layer,
        v.author,
        v.date,
        v.source_name,
        v.sha256,
        opt_i64(Some(v.feature_count)),
        v.comment,
        v.table,
        opt_i64(v.rollback_of),
        v.credential,
    ];
    let bound = if has_credential {
        values
    } else {
        &values[..11]
    };
    st.execute(bound).map_err(|e| corrupt(path, e))?;
    Ok(())
}

pub(crate) fn insert_territory(
    conn: &Connection,
    path: &Path,
    slug: &str,
    name: &str,
    manifest: &str,
) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO {TERRITORIES} (slug, nom, manifeste) VALUES (?1, ?2, ?3)"),
        params![slug, name, manifest],
    )
    .map_err(|e| corrupt(path, e))?;
    Ok(())
}

pub(crate) fn delete_territory(conn: &Connection, path: &Path, slug: &str) -> Result<()> {
    conn.execute(
        &format!("DELETE FROM {TERRITORIES} WHERE slug = ?1"),
        params![slug],
    )
    .map_err(|e| corrupt(path, e))?;
    Ok(())
}

pub(crate) fn insert_import(
    conn: &Connection,
    path: &Path,
    id: u64,
    import: &StagedImport,
) -> Result<()> {
    let data = features_to_geojson(&import.data)?;
    let report = serde_json::to_string(&import.report)?;
    conn.execute(
        &format!(
            "INSERT INTO {IMPORTS} (id, territoire, couche, auteur, date, fichier_source, \
             sha256, version_base, donnees, rapport) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        ),
        params![
            opt_i64(Some(id)),
            import.territory,
            import.layer.as_str(),
            import.author,
            import.date,
            import.source_name,
            import.sha256,
            opt_i64(import.base_version),
            data,
            report,
        ],
    )
    .map_err(|e| corrupt(path, e))?;
    Ok(())
}

/// Deletes the staged imports whose id is `id`, or at most `id` with `and_older`.
pub(crate) fn delete_imports(
    conn: &Connection,
    path: &Path,
    id: u64,
    and_older: bool,
) -> Result<()> {
    let op = if and_older { "<=" } else { "=" };
    conn.execute(
        &format!("DELETE FROM {IMPORTS} WHERE id {op} ?1"),
        params![opt_i64(Some(id))],
    )
    .map_err(|e| corrupt(path, e))?;
    Ok(())
}

/// Writes a version's features into a new table.
pub(crate) fn write_features(
    conn: &Connection,
    path: &Path,
    table: &str,
    territory: &str,
    layer: LayerId,
    number: u64,
    data: &LayerData,
) -> Result<()> {
    let err = |e: rusqlite::Error| corrupt(path, e);
    let geographic = layer.is_geographic();
    let cols = text_columns(layer);
    let mut defs = vec!["\"fid\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL".to_string()];
    if geographic {
        defs.push("\"geom\" GEOMETRY".into());
    }
    defs.extend(
        cols.iter()
            .chain([&PROPS])
            .map(|c| format!("{} TEXT", quoted(c))),
    );
    conn.execute_batch(&format!(
        "CREATE TABLE {} ( {} )",
        quoted(table),
        defs.join(", ")
    ))
    .map_err(err)?;
    let extent = data
        .features
        .iter()
        .filter_map(|f| f.geometry.as_ref()?.bounding_rect())
        .reduce(|a, b| {
            geo::Rect::new(
                geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
            )
        });
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, \
         min_x, min_y, max_x, max_y, srs_id) \
         VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?5, ?6, ?7, ?8, ?9)",
        params![
            table,
            if geographic { "features" } else { "attributes" },
            format!("{territory}/{layer} v{number}"),
            format!("Couche « {layer} » du territoire « {territory} », version {number}"),
            extent.map(|r| r.min().x),
            extent.map(|r| r.min().y),
            extent.map(|r| r.max().x),
            extent.map(|r| r.max().y),
            if geographic { WGS84 } else { 0 },
        ],
    )
    .map_err(err)?;
    if geographic {
        conn.execute(
            "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, \
             srs_id, z, m) VALUES (?1, 'geom', 'GEOMETRY', ?2, 0, 0)",
            params![table, WGS84],
        )
        .map_err(err)?;
    }
    if !columns(conn, path, "gpkg_ogr_contents")?.is_empty() {
        conn.execute(
            "INSERT INTO gpkg_ogr_contents (table_name, feature_count) VALUES (?1, ?2)",
            params![table, data.features.len() as i64],
        )
        .map_err(err)?;
    }
    let mut names: Vec<String> = cols.iter().chain([&PROPS]).map(|c| quoted(c)).collect();
    if geographic {
        names.push("\"geom\"".into());
    }
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    let mut insert = conn
        .prepare(&format!(
            "INSERT INTO {} ({}) VALUES ({})",
            quoted(table),
            names.join(", "),
            marks.join(", ")
        ))
        .map_err(err)?;
    for f in &data.features {
        let mut row: Vec<rusqlite::types::Value> = cols
            .iter()
            .map(|name| match f.props.get(*name) {
                None | Some(Value::Null) => rusqlite::types::Value::Null,
                Some(Value::String(s)) => rusqlite::types::Value::Text(s.clone()),
                Some(other) => rusqlite::types::Value::Text(other.to_string()),
            })
            .collect();
        row.push(rusqlite::types::Value::Text(serde_json::to_string(
            &f.props,
        )?));
        if geographic {
            row.push(match &f.geometry {
                Some(g) => rusqlite::types::Value::Blob(
                    blob::encode(g)
                        .map_err(|m| corrupt(path, format!("table « {table} » : {m}")))?,
                ),
                None => rusqlite::types::Value::Null,
            });
        }
        insert
            .execute(rusqlite::params_from_iter(row))
            .map_err(err)?;
    }
    Ok(())
}
