//! A small BAN file shared by the integration tests.

use geocoder::{Index, IndexBuilder};

pub const BAN: &str = "\
id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;cad_parcelles
38421_0100_00004;;4;;Rue Émile Combes;38400;38421;Saint-Martin-d'Hères;;;;;5.7626;45.1710;entrée;;;;;;;;
38421_0100_00006;;6;;Rue Émile Combes;38400;38421;Saint-Martin-d'Hères;;;;;5.7628;45.1712;entrée;;;;;;;;
38421_0100_00006_bis;;6;bis;Rue Émile Combes;38400;38421;Saint-Martin-d'Hères;;;;;5.7629;45.1713;entrée;;;;;;;;
38185_0200_00004;;4;;Rue Émile Combes;38000;38185;Grenoble;;;;;5.7300;45.1850;entrée;;;;;;;;
38185_0300_00012;;12;;Avenue du Général de Gaulle;38000;38185;Grenoble;;;;;5.7250;45.1800;entrée;;;;;;;;
38185_0400_00003;;3;;8 Mai 1945;38000;38185;Grenoble;;;;;5.7200;45.1900;entrée;;;;;;;;
74012_0500_00010;;10;;Boulevard Saint-Michel;74100;74012;Annemasse;;;;;6.2350;46.1930;entrée;;;;;;;;
74012_0600_00002;;2;;Rue de l'Église;74100;74012;Annemasse;;;;;6.2400;46.1950;entrée;;;;;;;;
74133_0600_00002;;2;;Rue de l'Église;74240;74133;Gaillard;;;;;6.2070;46.1850;entrée;;;;;;;;
";

pub fn index() -> Index {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ban.csv");
    std::fs::write(&path, BAN).expect("write");
    let mut builder = IndexBuilder::new();
    geocoder::ban::read_file(&path, &mut builder, &mut |_| {}).expect("valid BAN");
    builder.finish(vec!["ban.csv".into()])
}
