-- The Quartiers store on PostGIS: the same tables as the GeoPackage store.
-- Applied by `quartiers migrate --store postgresql://…` (refinery).

CREATE EXTENSION IF NOT EXISTS postgis;

-- Territories and their manifest (territory.toml).
CREATE TABLE quartiers_territoires (
    slug text PRIMARY KEY,
    nom text NOT NULL,
    manifeste text NOT NULL
);

-- Every published version of every layer; the current version of a layer is its latest row.
-- A rollback is a version that points to the data set (table_donnees) of the one it restores.
CREATE TABLE quartiers_versions (
    numero bigint PRIMARY KEY,
    territoire text NOT NULL,
    couche text NOT NULL,
    auteur text NOT NULL,
    date text NOT NULL,
    fichier_source text NOT NULL,
    sha256 text NOT NULL,
    nb_entites bigint NOT NULL,
    commentaire text NOT NULL,
    table_donnees text NOT NULL,
    retour_a bigint REFERENCES quartiers_versions (numero)
);
CREATE INDEX quartiers_versions_couche ON quartiers_versions (territoire, couche, numero DESC);

-- The features of every data set, in their order: exact JSON properties and the WGS84
-- geometry (NULL for features placed on a perimeter, a commune or the territory, and actions).
CREATE TABLE quartiers_entites (
    table_donnees text NOT NULL,
    rang integer NOT NULL,
    proprietes json NOT NULL,
    geom geometry(Geometry, 4326),
    PRIMARY KEY (table_donnees, rang)
);
CREATE INDEX quartiers_entites_geom ON quartiers_entites USING gist (geom);

-- Validated imports waiting to be published, and their features.
CREATE TABLE quartiers_imports (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    territoire text NOT NULL,
    couche text NOT NULL,
    auteur text NOT NULL,
    date text NOT NULL,
    fichier_source text NOT NULL,
    sha256 text NOT NULL,
    version_base bigint,
    rapport json NOT NULL
);
CREATE TABLE quartiers_imports_entites (
    import_id bigint NOT NULL REFERENCES quartiers_imports (id) ON DELETE CASCADE,
    rang integer NOT NULL,
    proprietes json NOT NULL,
    geom geometry(Geometry, 4326),
    PRIMARY KEY (import_id, rang)
);
