//! [`PgStore`]: the [`Store`] trait on PostgreSQL + PostGIS.
//!
//! Layout (see `migrations/`): `quartiers_versions` as in the GeoPackage; the features of every
//! data set in one table `quartiers_entites`, keyed by the version's `table_donnees` (shared by
//! a rollback with the version it restores); staged imports in `quartiers_imports` and
//! `quartiers_imports_entites`. Writers (stage excepted) lock the versions table in a mode that
//! only excludes other writers, so version numbers never race across replicas and readers never
//! wait.

use std::str::FromStr;
use std::time::Duration;

use postgres::types::ToSql;
use postgres::{GenericClient, NoTls, Row, Transaction};
use r2d2_postgres::r2d2::{Pool, PooledConnection};
use r2d2_postgres::PostgresConnectionManager;
use serde_json::{Map, Value};
use store::publish::{
    check_fresh, check_not_current, new_version, report_from_json, restoring, Provenance,
    KEEP_IMPORTS,
};
use store::{
    Credential, LayerData, LayerId, NewTerritory, Result, StagedImport, Store, StoreError,
    StoredFeature, Version,
};

use crate::db::{big, display_url, unsigned};
use crate::listen::CHANNEL;
use store::wkb::{from_wkb, to_wkb};

type Manager = PostgresConnectionManager<NoTls>;

/// Connections kept open per process: the server's reloads, admin requests and probes.
const POOL_SIZE: u32 = 4;
/// How long an operation waits for a connection before reporting the database unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Excludes other writers (publish, rollback, seeding), never readers.
const LOCK_WRITERS: &str = "LOCK TABLE quartiers_versions IN SHARE ROW EXCLUSIVE MODE";
const VERSION_COLUMNS: &str = "numero, territoire, couche, auteur, date, fichier_source, sha256, \
     nb_entites, commentaire, table_donnees, retour_a, jeton";
const INSERT_FEATURE: &str =
    "INSERT INTO quartiers_entites (table_donnees, rang, proprietes, geom) \
     VALUES ($1, $2, $3::text::json, ST_GeomFromWKB($4, 4326))";
const INSERT_IMPORT_FEATURE: &str = "INSERT INTO quartiers_imports_entites \
     (import_id, rang, proprietes, geom) VALUES ($1, $2, $3::text::json, ST_GeomFromWKB($4, 4326))";

/// A store in a PostgreSQL database with PostGIS, migrated by `quartiers migrate`.
pub struct PgStore {
    pool: ClosingPool,
    /// The URL without its password, for messages.
    location: String,
    url: String,
}

/// The connection pool, closed on a thread of its own. The synchronous client closes a
/// connection by running a runtime of its own, which panics — and, in a destructor, aborts —
/// on a thread of the server's tokio runtime, where the last handle on the store is dropped
/// when the server shuts down.
struct ClosingPool(Option<Pool<Manager>>);

impl ClosingPool {
    fn get(&self) -> std::result::Result<PooledConnection<Manager>, r2d2_postgres::r2d2::Error> {
        self.0
            .as_ref()
            .expect("the pool lives until the store is dropped")
            .get()
    }
}

impl Drop for ClosingPool {
    fn drop(&mut self) {
        if let Some(pool) = self.0.take() {
            // A panic there would only mean connections left to the server to close.
            let _ = std::thread::spawn(move || drop(pool)).join();
        }
    }
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to a migrated database. Connections are opened on demand and re-opened after
    /// the database restarts, so a store outlives an outage.
    pub fn open(url: &str) -> Result<Self> {
        let location = display_url(url);
        let mut config = postgres::Config::from_str(url)
            .map_err(|e| crate::db::other(&location, format!("adresse illisible : {e}")))?;
        config.connect_timeout(CONNECT_TIMEOUT);
        if config.get_application_name().is_none() {
            config.application_name("quartiers");
        }
        let pool = Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(0))
            .connection_timeout(CONNECT_TIMEOUT)
            .build_unchecked(PostgresConnectionManager::new(config, NoTls));
        let store = Self {
            pool: ClosingPool(Some(pool)),
            location,
            url: url.to_string(),
        };
        store.check_schema()?;
        Ok(store)
    }

    /// The URL given to [`PgStore::open`] (with its password: for the replicas' listener).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL without its password.
    pub fn location(&self) -> &str {
        &self.location
    }

    pub(crate) fn conn(&self) -> Result<PooledConnection<Manager>> {
        self.pool.get().map_err(|e| {
            crate::db::other(&self.location, format!("base de données injoignable : {e}"))
        })
    }

    pub(crate) fn db(&self) -> impl Fn(postgres::Error) -> StoreError + '_ {
        move |e| crate::db::error(&self.location, &e)
    }

    fn check_schema(&self) -> Result<()> {
        let mut c = self.conn()?;
        let migrated: bool = c
            .query_one("SELECT to_regclass('quartiers_versions') IS NOT NULL", &[])
            .map_err(self.db())?
            .get(0);
        if migrated {
            return self.check_migrations(&mut *c);
        }
        Err(StoreError::Corrupt {
            path: self.location.clone().into(),
            message: format!(
                "schéma Quartiers absent : lancez d'abord « quartiers migrate --store {} »",
                self.location
            ),
        })
    }

    /// Refuses a schema older than this binary's migrations (a column it reads would be
    /// missing), naming the command that brings it up to date.
    fn check_migrations(&self, c: &mut impl GenericClient) -> Result<()> {
        let applied: i64 = c
            .query_one(
                "SELECT CASE WHEN to_regclass('refinery_schema_history') IS NULL THEN 0 \
                 ELSE (SELECT COALESCE(MAX(version), 0)::bigint FROM refinery_schema_history) END",
                &[],
            )
            .map_err(self.db())?
            .get(0);
        let latest = crate::migrate::latest();
        if applied >= latest {
            return Ok(());
        }
        Err(StoreError::Corrupt {
            path: self.location.clone().into(),
            message: format!(
                "schéma Quartiers en version {applied}, ce programme attend la version {latest} : lancez « quartiers migrate --store {} »",
                self.location
            ),
        })
    }

    /// Whether the store holds nothing yet (no territory, no version).
    pub(crate) fn is_empty(&self, c: &mut impl GenericClient) -> Result<bool> {
        let row = c
            .query_one(
                "SELECT NOT EXISTS (SELECT 1 FROM quartiers_versions) \
                 AND NOT EXISTS (SELECT 1 FROM quartiers_territoires)",
                &[],
            )
            .map_err(self.db())?;
        Ok(row.get(0))
    }

    /// Copies the current versions of `source` (their version rows, numbers included, and
    /// their features) and its territories into this store, if it is still empty, in one
    /// transaction. Only a source whose every version is current (a freshly seeded store)
    /// can be copied whole: anything else is refused.
    pub(crate) fn copy_from(&self, source: &dyn Store) -> Result<bool> {
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(self.db())?;
        tx.batch_execute(LOCK_WRITERS).map_err(self.db())?;
        if !self.is_empty(&mut tx)? {
            return Ok(false);
        }
        for slug in source.territories()? {
            let manifest = source.manifest(&slug)?;
            let name = toml::from_str::<geodata::manifest::Manifest>(&manifest)
                .map(|m| m.name)
                .unwrap_or_else(|_| slug.clone());
            tx.execute(
                "INSERT INTO quartiers_territoires (slug, nom, manifeste) VALUES ($1, $2, $3)",
                &[&slug, &name, &manifest],
            )
            .map_err(self.db())?;
        }
        let mut last = 0;
        for v in source.versions()? {
            let layer: LayerId = v.layer.parse()?;
            match source.current(&v.territory, layer)? {
                Some((current, data)) if current.number == v.number => {
                    self.insert_features(&mut tx, INSERT_FEATURE, &v.table, &data)?;
                }
                _ => {
                    return Err(StoreError::Superseded {
                        version: v.number,
                        territory: v.territory.clone(),
                        layer: v.layer.clone(),
                    })
                }
            }
            self.insert_version(&mut tx, &v)?;
            last = v.number;
        }
        self.notify(&mut tx, last)?;
        tx.commit().map_err(self.db())?;
        Ok(true)
    }

    fn insert_features(
        &self,
        tx: &mut Transaction<'_>,
        sql: &str,
        key: &(dyn ToSql + Sync),
        data: &LayerData,
    ) -> Result<()> {
        let statement = tx.prepare(sql).map_err(self.db())?;
        for (rank, f) in data.features.iter().enumerate() {
            let props = serde_json::to_string(&f.props)?;
            let wkb = f
                .geometry
                .as_ref()
                .map(to_wkb)
                .transpose()
                .map_err(|e| self.corrupt(format!("entité {rank} : {e}")))?;
            let rank = i32::try_from(rank).unwrap_or(i32::MAX);
            tx.execute(&statement, &[key, &rank, &props, &wkb])
                .map_err(self.db())?;
        }
        Ok(())
    }

    fn read_features(
        &self,
        c: &mut impl GenericClient,
        sql: &str,
        key: &(dyn ToSql + Sync),
    ) -> Result<LayerData> {
        let rows = c.query(sql, &[key]).map_err(self.db())?;
        let mut features = Vec::with_capacity(rows.len());
        for row in rows {
            let rank: i32 = row.get(0);
            let props: String = row.get(1);
            let wkb: Option<Vec<u8>> = row.get(2);
            let props: Map<String, Value> = serde_json::from_str(&props)
                .map_err(|e| self.corrupt(format!("entité {rank} : {e}")))?;
            let geometry = wkb
                .as_deref()
                .map(from_wkb)
                .transpose()
                .map_err(|e| self.corrupt(format!("entité {rank} : {e}")))?;
            features.push(StoredFeature { props, geometry });
        }
        Ok(LayerData { features })
    }

    /// The features of a data set (`table_donnees`), in their order.
    fn read_data_set(&self, c: &mut impl GenericClient, table: &str) -> Result<LayerData> {
        self.read_features(
            c,
            "SELECT rang, proprietes::text, ST_AsBinary(geom) FROM quartiers_entites \
             WHERE table_donnees = $1 ORDER BY rang",
            &table,
        )
    }

    fn insert_version(&self, tx: &mut Transaction<'_>, v: &Version) -> Result<()> {
        tx.execute(
            &format!(
                "INSERT INTO quartiers_versions ({VERSION_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
            ),
            &[
                &big(v.number),
                &v.territory,
                &v.layer,
                &v.author,
                &v.date,
                &v.source_name,
                &v.sha256,
                &big(v.feature_count),
                &v.comment,
                &v.table,
                &v.rollback_of.map(big),
                &v.credential,
            ],
        )
        .map_err(self.db())?;
        Ok(())
    }

    fn current_version(
        &self,
        c: &mut impl GenericClient,
        territory: &str,
        layer: &str,
    ) -> Result<Option<Version>> {
        let row = c
            .query_opt(
                &format!(
                    "SELECT {VERSION_COLUMNS} FROM quartiers_versions \
                     WHERE territoire = $1 AND couche = $2 ORDER BY numero DESC LIMIT 1"
                ),
                &[&territory, &layer],
            )
            .map_err(self.db())?;
        Ok(row.as_ref().map(version_of))
    }

    fn next_number(&self, tx: &mut Transaction<'_>) -> Result<u64> {
        Ok(self.max_number(tx)? + 1)
    }

    fn max_number(&self, c: &mut impl GenericClient) -> Result<u64> {
        let n: i64 = c
            .query_one(
                "SELECT COALESCE(MAX(numero), 0) FROM quartiers_versions",
                &[],
            )
            .map_err(self.db())?
            .get(0);
        Ok(unsigned(n))
    }

    /// Tells the replicas, when the transaction commits, that version `number` is served.
    fn notify(&self, tx: &mut Transaction<'_>, number: u64) -> Result<()> {
        tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &number.to_string()])
            .map_err(self.db())?;
        Ok(())
    }

    fn corrupt(&self, message: String) -> StoreError {
        StoreError::Corrupt {
            path: self.location.clone().into(),
            message,
        }
    }
}

fn version_of(row: &Row) -> Version {
    Version {
        number: unsigned(row.get(0)),
        territory: row.get(1),
        layer: row.get(2),
        author: row.get(3),
        date: row.get(4),
        source_name: row.get(5),
        sha256: row.get(6),
        feature_count: unsigned(row.get(7)),
        comment: row.get(8),
        table: row.get(9),
        rollback_of: row.get::<_, Option<i64>>(10).map(unsigned),
        credential: row.get(11),
    }
}

impl Store for PgStore {
    fn territories(&self) -> Result<Vec<String>> {
        let rows = self
            .conn()?
            .query("SELECT slug FROM quartiers_territoires ORDER BY slug", &[])
            .map_err(self.db())?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn manifest(&self, territory: &str) -> Result<String> {
        let mut c = self.conn()?;
        let row = c
            .query_opt(
                "SELECT manifeste FROM quartiers_territoires WHERE slug = $1",
                &[&territory],
            )
            .map_err(self.db())?;
        match row {
            Some(r) => Ok(r.get(0)),
            None => {
                drop(c);
                Err(StoreError::UnknownTerritory(
                    territory.to_string(),
                    self.territories()?.join(", "),
                ))
            }
        }
    }

    fn versions(&self) -> Result<Vec<Version>> {
        let rows = self
            .conn()?
            .query(
                &format!("SELECT {VERSION_COLUMNS} FROM quartiers_versions ORDER BY numero"),
                &[],
            )
            .map_err(self.db())?;
        Ok(rows.iter().map(version_of).collect())
    }

    fn current(&self, territory: &str, layer: LayerId) -> Result<Option<(Version, LayerData)>> {
        let mut c = self.conn()?;
        let Some(v) = self.current_version(&mut *c, territory, layer.as_str())? else {
            return Ok(None);
        };
        // A data set never changes once written: no transaction needed between the two reads.
        let data = self.read_data_set(&mut *c, &v.table)?;
        Ok(Some((v, data)))
    }

    fn data_of(&self, version: &Version) -> Result<LayerData> {
        self.read_data_set(&mut *self.conn()?, &version.table)
    }

    fn data_version(&self) -> Result<u64> {
        self.max_number(&mut *self.conn()?)
    }

    fn stage(&self, import: StagedImport) -> Result<u64> {
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(self.db())?;
        let report = serde_json::to_string(&import.report)?;
        let id: i64 = tx
            .query_one(
                "INSERT INTO quartiers_imports (territoire, couche, auteur, date, \
                 fichier_source, sha256, version_base, rapport) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::json) RETURNING id",
                &[
                    &import.territory,
                    &import.layer.as_str(),
                    &import.author,
                    &import.date,
                    &import.source_name,
                    &import.sha256,
                    &import.base_version.map(big),
                    &report,
                ],
            )
            .map_err(self.db())?
            .get(0);
        self.insert_features(&mut tx, INSERT_IMPORT_FEATURE, &id, &import.data)?;
        tx.execute(
            "DELETE FROM quartiers_imports WHERE id <= $1",
            &[&(id - big(KEEP_IMPORTS))],
        )
        .map_err(self.db())?;
        tx.commit().map_err(self.db())?;
        Ok(unsigned(id))
    }

    fn staged(&self, id: u64) -> Result<StagedImport> {
        let mut c = self.conn()?;
        let row = c
            .query_opt(
                "SELECT territoire, couche, auteur, date, fichier_source, sha256, version_base, \
                 rapport::text FROM quartiers_imports WHERE id = $1",
                &[&big(id)],
            )
            .map_err(self.db())?
            .ok_or(StoreError::UnknownImport(id))?;
        let data = self.read_features(
            &mut *c,
            "SELECT rang, proprietes::text, ST_AsBinary(geom) FROM quartiers_imports_entites \
             WHERE import_id = $1 ORDER BY rang",
            &big(id),
        )?;
        Ok(StagedImport {
            id,
            territory: row.get(0),
            layer: row.get::<_, String>(1).parse()?,
            author: row.get(2),
            date: row.get(3),
            source_name: row.get(4),
            sha256: row.get(5),
            base_version: row.get::<_, Option<i64>>(6).map(unsigned),
            data,
            report: report_from_json(&row.get::<_, String>(7)),
        })
    }

    fn publish(&self, import: u64, comment: &str, by: Credential<'_>) -> Result<Version> {
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(self.db())?;
        tx.batch_execute(LOCK_WRITERS).map_err(self.db())?;
        let row = tx
            .query_opt(
                "SELECT territoire, couche, auteur, fichier_source, sha256, version_base, \
                 (SELECT COUNT(*) FROM quartiers_imports_entites e WHERE e.import_id = i.id) \
                 FROM quartiers_imports i WHERE id = $1 FOR UPDATE",
                &[&big(import)],
            )
            .map_err(self.db())?
            .ok_or(StoreError::UnknownImport(import))?;
        let territory: String = row.get(0);
        by.check(&territory)?;
        let layer: LayerId = row.get::<_, String>(1).parse()?;
        let base = row.get::<_, Option<i64>>(5).map(unsigned);
        let current = self.current_version(&mut tx, &territory, layer.as_str())?;
        check_fresh(import, &territory, layer, base, current.map(|v| v.number))?;
        let number = self.next_number(&mut tx)?;
        let (author, source_name, sha256): (String, String, String) =
            (row.get(2), row.get(3), row.get(4));
        let from = Provenance {
            author: &author,
            source_name: &source_name,
            sha256: &sha256,
            comment,
            credential: by.name,
        };
        let version = new_version(number, &territory, layer, unsigned(row.get(6)), from);
        tx.execute(
            "INSERT INTO quartiers_entites (table_donnees, rang, proprietes, geom) \
             SELECT $1, rang, proprietes, geom FROM quartiers_imports_entites \
             WHERE import_id = $2",
            &[&version.table, &big(import)],
        )
        .map_err(self.db())?;
        self.insert_version(&mut tx, &version)?;
        tx.execute(
            "DELETE FROM quartiers_imports WHERE id = $1",
            &[&big(import)],
        )
        .map_err(self.db())?;
        self.notify(&mut tx, number)?;
        tx.commit().map_err(self.db())?;
        Ok(version)
    }

    fn create_territory(&self, territory: &NewTerritory) -> Result<Vec<Version>> {
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(self.db())?;
        tx.batch_execute(LOCK_WRITERS).map_err(self.db())?;
        let slug = &territory.slug;
        let exists = tx
            .query_opt(
                "SELECT 1 FROM quartiers_territoires WHERE slug = $1 FOR UPDATE",
                &[slug],
            )
            .map_err(self.db())?
            .is_some();
        if exists && !territory.replace {
            return Err(StoreError::TerritoryExists(slug.clone()));
        }
        tx.execute(
            "INSERT INTO quartiers_territoires (slug, nom, manifeste) VALUES ($1, $2, $3) \
             ON CONFLICT (slug) DO UPDATE SET nom = EXCLUDED.nom, manifeste = EXCLUDED.manifeste",
            &[slug, &territory.name, &territory.manifest],
        )
        .map_err(self.db())?;
        let mut number = self.max_number(&mut tx)?;
        let mut created = Vec::new();
        for (layer, data) in &territory.layers {
            number += 1;
            let count = data.features.len() as u64;
            let version = new_version(number, slug, *layer, count, territory.provenance());
            self.insert_features(&mut tx, INSERT_FEATURE, &version.table, data)?;
            self.insert_version(&mut tx, &version)?;
            created.push(version);
        }
        self.notify(&mut tx, number)?;
        tx.commit().map_err(self.db())?;
        Ok(created)
    }

    fn rollback(
        &self,
        number: u64,
        author: &str,
        comment: &str,
        by: Credential<'_>,
    ) -> Result<Version> {
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(self.db())?;
        tx.batch_execute(LOCK_WRITERS).map_err(self.db())?;
        let target = tx
            .query_opt(
                &format!("SELECT {VERSION_COLUMNS} FROM quartiers_versions WHERE numero = $1"),
                &[&big(number)],
            )
            .map_err(self.db())?
            .map(|r| version_of(&r))
            .ok_or(StoreError::UnknownVersion(number))?;
        by.check(&target.territory)?;
        let layer: LayerId = target.layer.parse()?;
        let current = self.current_version(&mut tx, &target.territory, layer.as_str())?;
        check_not_current(&target, current.as_ref())?;
        let number = self.next_number(&mut tx)?;
        let version = restoring(number, &target, author, comment, by.name);
        self.insert_version(&mut tx, &version)?;
        self.notify(&mut tx, version.number)?;
        tx.commit().map_err(self.db())?;
        Ok(version)
    }
}
