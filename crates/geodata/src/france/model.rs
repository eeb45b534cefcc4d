//! The facts of the national references, typed. Each fact says where it comes from
//! ([`Source`]) and carries its own date where the source gives one (a programme's signature
//! date, a post's year); the date of a whole source (BPE's reference date, the stations'
//! fetch date) is [`Source::date`].

use std::ops::Range;

/// Where a fact comes from: producer, dataset, licence and the date that applies to all its
/// facts. Written in `data/france/SOURCES.md` at more length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// ANCT `anct-carto/ci-ville2` `geom_cv_ctr.json`: the contrats de ville.
    ContratsVille,
    /// ANCT `anct-carto/ci-ville2` `adulte-relais-<année>.json`.
    AdultesRelais,
    /// ANCT `anct-carto/ci-ville2` `postes-fonjep-<année>.json`.
    Fonjep,
    /// `bpineau/gazetteer` `anct_programmes.json` (ACV, PVD, ORT; data.gouv.fr and DGALN).
    AnctProgrammes,
    /// ANCT `anct-carto/superposeur-anct` `citeduc_geom.geojson`.
    CitesEducatives,
    /// ANCT `anct-carto/superposeur-anct` `cde_geom.geojson`.
    CitesEmploi,
    /// ANCT `anct-carto/superposeur-anct` `fs_geom.geojson`.
    FranceServices,
    /// ANCT `anct-carto/superposeur-V2` `centralite.csv` (Inrae / Cesaer 2021 typology).
    Centralite,
    /// INSEE BPE 2024 counts via `bpineau/gazetteer`.
    Bpe2024,
    /// OpenStreetMap stations via `bpineau/gazetteer` (ODbL).
    OsmStations,
    /// `gregoiredavid/france-geojson`: IGN ADMIN EXPRESS COG 2018, simplified.
    Contours2018,
    /// INSEE COG 2026 via `@etalab/decoupage-administratif` 6.0.0.
    Cog2026,
    /// ANRU's NPNRU list (2015 codes) via `betagouv/france-chaleur-urbaine`.
    Npnru,
}

impl Source {
    pub const ALL: [Source; 13] = [
        Source::ContratsVille,
        Source::AdultesRelais,
        Source::Fonjep,
        Source::AnctProgrammes,
        Source::CitesEducatives,
        Source::CitesEmploi,
        Source::FranceServices,
        Source::Centralite,
        Source::Bpe2024,
        Source::OsmStations,
        Source::Contours2018,
        Source::Cog2026,
        Source::Npnru,
    ];

    /// Producer and dataset, in French, as an answer cites them.
    pub fn label(self) -> &'static str {
        match self {
            Source::ContratsVille => "ANCT, contrats de ville (anct-carto/ci-ville2)",
            Source::AdultesRelais => "ANCT, postes d'adultes-relais (anct-carto/ci-ville2)",
            Source::Fonjep => "ANCT, postes FONJEP politique de la ville (anct-carto/ci-ville2)",
            Source::AnctProgrammes => "ANCT, Action cœur de ville, Petites villes de demain (data.gouv.fr) et ORT (DGALN), via bpineau/gazetteer",
            Source::CitesEducatives => "ANCT, Cités éducatives (anct-carto/superposeur-anct)",
            Source::CitesEmploi => "ANCT, Cités de l'emploi (anct-carto/superposeur-anct)",
            Source::FranceServices => "ANCT, France services (anct-carto/superposeur-anct)",
            Source::Centralite => "ANCT, typologie des centralités (Inrae / Cesaer 2021, anct-carto/superposeur-V2)",
            Source::Bpe2024 => "INSEE, Base permanente des équipements 2024, via bpineau/gazetteer",
            Source::OsmStations => "© les contributeurs d'OpenStreetMap, via bpineau/gazetteer",
            Source::Contours2018 => "IGN ADMIN EXPRESS COG 2018 simplifié (gregoiredavid/france-geojson)",
            Source::Cog2026 => "INSEE, code officiel géographique 2026 (@etalab/decoupage-administratif 6.0.0)",
            Source::Npnru => "ANRU, liste NPNRU (codes QPV 2015), via betagouv/france-chaleur-urbaine",
        }
    }

    /// The licence of the data.
    pub fn licence(self) -> &'static str {
        match self {
            Source::OsmStations => "ODbL 1.0",
            Source::Cog2026 => "MIT (paquet), données INSEE",
            Source::Centralite => "non précisée par la source",
            _ => "Licence Ouverte 2.0",
        }
    }

    /// The date that applies to every fact of the source, when there is one: BPE's reference
    /// date, the stations' fetch date, the contours' vintage.
    pub fn date(self) -> Option<&'static str> {
        match self {
            Source::Bpe2024 => Some(BPE_REFERENCE_DATE),
            Source::OsmStations => Some(STATIONS_FETCHED),
            Source::Contours2018 => Some("2018"),
            Source::Cog2026 => Some("2026"),
            _ => None,
        }
    }
}

/// BPE's reference date: the counts are those of 1 January 2024.
pub const BPE_REFERENCE_DATE: &str = "2024-01-01";

/// The date the OpenStreetMap stations were fetched from Overpass.
pub const STATIONS_FETCHED: &str = "2026-05-18";

/// The precision note every commune contour carries.
pub const CONTOUR_PRECISION: &str =
    "contour 2018 simplifié (france-geojson), millésime différent du COG 2026";

/// How a commune or a QPV reaches a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Via {
    /// A commune-level contract (`codgeo` is the commune's INSEE code).
    Commune,
    /// The contract of its établissement public territorial (Grand Paris).
    Ept,
    /// The contract of its EPCI.
    Epci,
}

impl Via {
    /// The value in the files (`commune`, `ept`, `epci`).
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Commune => "commune",
            Via::Ept => "ept",
            Via::Epci => "epci",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Via> {
        match s {
            "commune" => Some(Via::Commune),
            "ept" => Some(Via::Ept),
            "epci" => Some(Via::Epci),
            _ => None,
        }
    }
}

/// A contrat de ville. Source: [`Source::ContratsVille`].
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    /// `CN07401I`.
    pub code_cv: String,
    /// « Engagements Quartiers 2030 (2024-2030) » for `CN…` codes; the source does not say it
    /// for the overseas `CV…` codes, and this says so.
    pub generation: String,
    /// The rows the source publishes for it: usually one; a contract over several codgeo
    /// (CN98701M: Papeete and Arue) has one per codgeo.
    pub areas: Vec<ContractArea>,
    /// Its posts in [`super::France::posts`] order (an index range into them).
    pub(crate) posts: Range<usize>,
}

impl Contract {
    /// The contract's name as published on its first row (`74 - Annemasse Agglo`).
    pub fn name(&self) -> &str {
        self.areas.first().map_or("", |a| a.lib_cv.as_str())
    }

    /// Whether it is of the 2024-2030 generation « Engagements Quartiers 2030 » (`CN…`).
    pub fn is_2024_2030(&self) -> bool {
        self.code_cv.starts_with("CN")
    }

    pub fn source(&self) -> Source {
        Source::ContratsVille
    }
}

/// One published row of a contract: the territory it is signed for.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractArea {
    /// The contract's name on this row (`lib_cv`).
    pub lib_cv: String,
    /// EPCI or EPT SIREN, or commune INSEE code.
    pub codgeo: String,
    pub level: Via,
    pub departement: String,
    /// The summed QPV 2024 municipal population the source gives (`pop`).
    pub pop_qpv: Option<u64>,
}

/// A funded post ([`Source::AdultesRelais`] or [`Source::Fonjep`]), as published.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// Empty when the source gives none (some FONJEP rows).
    pub code_cv: String,
    pub dispositif: Dispositif,
    /// The year of the post's row.
    pub year: u16,
    pub id_poste: String,
    /// The employer (`raison_sociale`).
    pub employer: String,
    /// The SIRET where given (`code_tiers`, adultes-relais only).
    pub siret: Option<String>,
    /// The « montant publié » of that year's row, as published: undocumented by the source,
    /// never a yearly total.
    pub published_amount: f64,
    pub insee_dep: Option<String>,
    /// The source file and row (`adulte-relais-2025.json#12`).
    pub source_row: String,
}

impl Post {
    pub fn source(&self) -> Source {
        match self.dispositif {
            Dispositif::AdulteRelais => Source::AdultesRelais,
            Dispositif::Fonjep => Source::Fonjep,
        }
    }
}

/// The kind of funded post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dispositif {
    AdulteRelais,
    Fonjep,
}

impl Dispositif {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Dispositif::AdulteRelais => "adulte-relais",
            Dispositif::Fonjep => "poste FONJEP",
        }
    }
}

/// A QPV's contrats de ville, derived (the source has no QPV list per contract): see
/// `data/france/SOURCES.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct QpvContracts {
    pub code_qp: String,
    /// The QPV's communes (current INSEE codes).
    pub communes: Vec<String>,
    /// Its contracts, the primary first; empty when none is published for its communes.
    pub links: Vec<ContractLink>,
    /// The rule that ordered them, in French (« plusieurs contrats : … »).
    pub rule: String,
}

/// One contract of a QPV and how it was reached.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractLink {
    pub code_cv: String,
    pub via: Vec<Via>,
    /// The QPV's communes through which it is reached.
    pub communes: Vec<String>,
    /// Estimated share of the QPV in those communes, in %, when its contracts come through
    /// different communes (an estimate on the 2018 contours).
    pub estimated_share_pct: Option<u8>,
}

/// What a commune is in the COG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommuneKind {
    Commune,
    /// An arrondissement municipal of Paris, Lyon or Marseille.
    ArrondissementMunicipal,
}

/// A current commune (COG 2026) or arrondissement municipal, with what the national
/// references say of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    pub insee: String,
    pub name: String,
    pub kind: CommuneKind,
    /// An arrondissement's commune (`75056`).
    pub parent: Option<String>,
    pub departement: String,
    /// Its EPCI's SIREN (COG 2026), if in one.
    pub epci_siren: Option<String>,
    /// Its établissement public territorial's SIREN (Grand Paris).
    pub ept_siren: Option<String>,
    /// Its contracts and how it reaches them (through the commune, its EPT or EPCI).
    pub contracts: Vec<(String, Via)>,
    /// Its centrality level ([`Source::Centralite`]), when the source defines one.
    pub centrality: Option<String>,
    /// Its programmes, sorted by kind.
    pub programmes: Vec<Programme>,
    /// Its BPE 2024 counts ([`Source::Bpe2024`]), in the order of
    /// [`super::France::bpe_buckets`]; `None` when the BPE counts none of them.
    pub bpe: Option<Box<[u32]>>,
}

impl Commune {
    pub fn source(&self) -> Source {
        Source::Cog2026
    }
}

/// The kinds of ANCT programmes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProgrammeKind {
    ActionCoeurDeVille,
    PetitesVillesDeDemain,
    Ort,
    CiteEducative,
    CiteEmploi,
    FranceServices,
}

impl ProgrammeKind {
    /// The value in the file (`acv`, `pvd`, `ort`, `cite_educative`, `cite_emploi`,
    /// `france_services`).
    pub fn as_str(self) -> &'static str {
        match self {
            ProgrammeKind::ActionCoeurDeVille => "acv",
            ProgrammeKind::PetitesVillesDeDemain => "pvd",
            ProgrammeKind::Ort => "ort",
            ProgrammeKind::CiteEducative => "cite_educative",
            ProgrammeKind::CiteEmploi => "cite_emploi",
            ProgrammeKind::FranceServices => "france_services",
        }
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            ProgrammeKind::ActionCoeurDeVille => "Action cœur de ville",
            ProgrammeKind::PetitesVillesDeDemain => "Petites villes de demain",
            ProgrammeKind::Ort => "Opération de revitalisation de territoire",
            ProgrammeKind::CiteEducative => "Cité éducative",
            ProgrammeKind::CiteEmploi => "Cité de l'emploi",
            ProgrammeKind::FranceServices => "France services",
        }
    }

    pub fn source(self) -> Source {
        match self {
            ProgrammeKind::ActionCoeurDeVille
            | ProgrammeKind::PetitesVillesDeDemain
            | ProgrammeKind::Ort => Source::AnctProgrammes,
            ProgrammeKind::CiteEducative => Source::CitesEducatives,
            ProgrammeKind::CiteEmploi => Source::CitesEmploi,
            ProgrammeKind::FranceServices => Source::FranceServices,
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        [
            Self::ActionCoeurDeVille,
            Self::PetitesVillesDeDemain,
            Self::Ort,
            Self::CiteEducative,
            Self::CiteEmploi,
            Self::FranceServices,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// A programme concerning a commune.
#[derive(Debug, Clone, PartialEq)]
pub struct Programme {
    pub kind: ProgrammeKind,
    /// The ANCT id (`cite-045`, `cde-010`, `fs-2124`); none for ACV, PVD and ORT.
    pub id: Option<String>,
    /// The Cité's or France services' name; the programme's name for ACV, PVD, ORT.
    pub name: String,
    /// Signature date (`2019-12-20`) where the source gives one (ACV, PVD, ORT).
    pub signed: Option<String>,
    /// The source's own code when it is a former commune merged since into this one.
    pub source_code: Option<String>,
}

impl Programme {
    pub fn source(&self) -> Source {
        self.kind.source()
    }

    /// How its position is known: a France services point is a symbol placed on the commune,
    /// not the building.
    pub fn placement(&self) -> &'static str {
        match self.kind {
            ProgrammeKind::FranceServices => {
                "placé sur la commune (position du bâtiment non publiée)"
            }
            _ => "concerne la commune",
        }
    }
}

/// A BPE bucket: what one count column sums.
#[derive(Debug, Clone, PartialEq)]
pub struct BpeBucket {
    /// `medecin_generaliste`.
    pub key: String,
    /// French label (« médecins généralistes »).
    pub label: String,
    /// The BPE type codes summed, with their labels (`D265`).
    pub codes: String,
}

/// A station ([`Source::OsmStations`], ODbL).
#[derive(Debug, Clone, PartialEq)]
pub struct Station {
    /// `node`, `way` or `relation`.
    pub osm_type: String,
    pub osm_id: u64,
    pub name: String,
    /// `tram`, `train`, `metro`, `transilien`, `rer`.
    pub kind: String,
    /// Line names as tagged.
    pub lines: Vec<String>,
}

impl Station {
    pub fn source(&self) -> Source {
        Source::OsmStations
    }
}

/// An NPNRU quartier of the 2015 list ([`Source::Npnru`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NpnruQuartier {
    pub code_qp_2015: String,
    pub departement: String,
    /// The 2024 code derived from the 2015 one — **not official**; `method` says how.
    pub derived_code_qp_2024: Option<String>,
    pub method: String,
}
