//! `quartiers migrate --store postgresql://…`: creates or updates the PostGIS store's schema
//! (the migrations of crates/store-postgis/migrations, applied by refinery). The first command
//! that opens the migrated, empty database then fills it from `data/`.

use std::process::ExitCode;

use store_postgis::StoreLocation;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PostGIS database: `postgresql://user@host:port/base`.
    #[arg(long, env = "QUARTIERS_STORE")]
    store: String,
}

pub fn run(args: Args) -> super::Result<ExitCode> {
    let StoreLocation::PostGis(url) = StoreLocation::parse(&args.store) else {
        return Err(format!(
            "--store {} : quartiers migrate ne concerne qu'un magasin PostGIS (postgresql://…) ; \
             un magasin GeoPackage est créé tel quel à la première utilisation",
            args.store
        )
        .into());
    };
    let applied = store_postgis::migrate::migrate(&url)?;
    let location = StoreLocation::parse(&url).display();
    if applied.is_empty() {
        println!("{location} : schéma à jour, aucune migration à appliquer.");
    } else {
        println!(
            "{location} : migrations appliquées : {}.",
            applied.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
