//! The national references of `data/france/` (issue 25): every contrat de ville and its funded
//! posts, each QPV's contract(s), every commune's programmes, centrality and BPE counts, the
//! OpenStreetMap stations and the commune contours — loaded into typed facts with fast
//! look-ups. Built by `data/scripts/build_france_national.py`; formats, sources and dates in
//! `data/france/SOURCES.md`.
//!
//! Look-ups: [`France::commune`] (INSEE code), [`France::contract`] and [`France::posts`]
//! (`code_cv`), [`France::qpv`] (`code_qp`), [`France::stations_near`] and
//! [`France::commune_at`] (a point, through R-trees). Every fact says its [`Source`].

mod load;
pub mod model;
mod read;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;

use geo::Point;

pub use model::*;

use crate::layer::Layer;
use crate::report::Report;

/// File names in the national data directory.
pub const CONTRACTS_FILE: &str = "contrats_ville.tsv.gz";
pub const POSTS_FILE: &str = "postes.tsv.gz";
pub const QPV_CONTRACTS_FILE: &str = "qpv_contrats.tsv.gz";
pub const COMMUNES_FILE: &str = "communes.tsv.gz";
pub const PROGRAMMES_FILE: &str = "programmes_communes.tsv.gz";
pub const BPE_FILE: &str = "bpe_communes.tsv.gz";
pub const BPE_BUCKETS_FILE: &str = "bpe_rubriques.tsv";
pub const STATIONS_FILE: &str = "gares.tsv.gz";
pub const CONTOURS_FILE: &str = "communes_contours.tsv.gz";
pub const NPNRU_FILE: &str = "npnru_qpv2015.tsv.gz";

/// The national references, loaded. Empty (see [`France::is_loaded`]) when the directory has
/// none of its files.
#[derive(Debug, Default)]
pub struct France {
    contracts: Vec<Contract>,
    contract_index: HashMap<String, usize>,
    /// Every post, grouped by contract (the file's order); those without contract last.
    posts: Vec<Post>,
    without_contract: std::ops::Range<usize>,
    qpvs: HashMap<String, QpvContracts>,
    communes: Vec<Commune>,
    commune_index: HashMap<String, usize>,
    bpe_buckets: Vec<BpeBucket>,
    /// The stations as points.
    stations: Layer<Station>,
    /// The commune contours (a feature's props is its index in `communes`) and what reading
    /// them found: decoded on a thread started by [`France::load`], so that a start does not
    /// wait for them; the first look-up that needs them waits for that thread.
    contours: OnceLock<Contours>,
    contour_thread: Mutex<Option<JoinHandle<Contours>>>,
    npnru: Vec<NpnruQuartier>,
}

/// The contour layer and what reading it found.
type Contours = (Layer<u32>, Report);

/// A station near a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StationHit<'a> {
    /// The station's position in [`France::stations`].
    pub index: usize,
    pub station: &'a Station,
    pub point: Point<f64>,
    pub distance_m: f64,
}

impl France {
    /// Loads the files of `dir` (`data/france`). A directory without any of them gives an empty
    /// `France` and no message (a territory-only data directory); a missing file among
    /// present ones, a bad header or cell is an error of the report, naming file, line and
    /// column. The commune contours are decoded on a background thread (about 1 s of CPU and
    /// 130 MB): their problems are in [`France::contour_report`], not in this report.
    pub fn load(dir: &Path) -> (France, Report) {
        load::load(dir)
    }

    /// Whether the references were loaded (the directory had them).
    pub fn is_loaded(&self) -> bool {
        !self.communes.is_empty()
    }

    /// The commune or arrondissement municipal of this INSEE code (COG 2026).
    pub fn commune(&self, insee: &str) -> Option<&Commune> {
        self.commune_index.get(insee).map(|&i| &self.communes[i])
    }

    /// The position in [`France::communes`] of the commune of this INSEE code.
    pub fn commune_position(&self, insee: &str) -> Option<usize> {
        self.commune_index.get(insee).copied()
    }

    /// Every commune and arrondissement, sorted by INSEE code.
    pub fn communes(&self) -> &[Commune] {
        &self.communes
    }

    /// The contrat de ville of this code (`CN07401I`).
    pub fn contract(&self, code_cv: &str) -> Option<&Contract> {
        self.contract_index
            .get(code_cv)
            .map(|&i| &self.contracts[i])
    }

    /// Every contract, sorted by code.
    pub fn contracts(&self) -> &[Contract] {
        &self.contracts
    }

    /// The posts published for this contract (every year and kind, as published: repeated
    /// rows included), or none.
    pub fn posts(&self, code_cv: &str) -> &[Post] {
        self.contract(code_cv)
            .map_or(&[], |c| &self.posts[c.posts.clone()])
    }

    /// The posts the source publishes without a contract code.
    pub fn posts_without_contract(&self) -> &[Post] {
        &self.posts[self.without_contract.clone()]
    }

    /// A QPV's contracts (primary first) and the rule that ordered them.
    pub fn qpv(&self, code_qp: &str) -> Option<&QpvContracts> {
        self.qpvs.get(code_qp)
    }

    /// The contracts of a commune (an arrondissement has its commune's), with how it reaches
    /// them.
    pub fn contracts_of_commune(&self, insee: &str) -> Vec<(&Contract, Via)> {
        self.commune(insee).map_or_else(Vec::new, |c| {
            c.contracts
                .iter()
                .filter_map(|(code, via)| Some((self.contract(code)?, *via)))
                .collect()
        })
    }

    /// What each BPE count column of [`Commune::bpe`] sums, in order.
    pub fn bpe_buckets(&self) -> &[BpeBucket] {
        &self.bpe_buckets
    }

    /// The stations within `radius_m` metres of `point`, nearest first.
    pub fn stations_near(&self, point: Point<f64>, radius_m: f64) -> Vec<StationHit<'_>> {
        let near = self.stations.near_point(point, radius_m);
        self.station_hits(near.iter().map(|h| (h.feature, h.distance_m)))
    }

    /// The stations within `radius_m` metres of `area` (0 inside it), nearest first.
    pub fn stations_near_area(
        &self,
        area: &geo::MultiPolygon<f64>,
        radius_m: f64,
    ) -> Vec<StationHit<'_>> {
        let near = self.stations.near_area(area, radius_m);
        self.station_hits(near.iter().map(|h| (h.feature, h.distance_m)))
    }

    /// The stations of `(feature, distance)` pairs, nearest first.
    fn station_hits(&self, near: impl Iterator<Item = (usize, f64)>) -> Vec<StationHit<'_>> {
        let mut hits: Vec<StationHit> = near
            .filter_map(|(feature, distance_m)| {
                let f = self.stations.get(feature)?;
                let geo::Geometry::Point(p) = f.geometry else {
                    return None;
                };
                Some(StationHit {
                    index: feature,
                    station: &f.props,
                    point: p,
                    distance_m,
                })
            })
            .collect();
        hits.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m));
        hits
    }

    /// Every station (ODbL), for listing.
    pub fn stations(&self) -> &Layer<Station> {
        &self.stations
    }

    /// The commune whose contour holds `point` (see [`CONTOUR_PRECISION`]: 2018 simplified
    /// contours, so a point within tens of metres of a boundary may get the neighbour). The
    /// first call waits for the contours if they are still being decoded.
    pub fn commune_at(&self, point: Point<f64>) -> Option<&Commune> {
        let contours = self.contour_layer();
        contours
            .first_containing(point)
            .and_then(|i| contours.get(i))
            .map(|f| &self.communes[f.props as usize])
    }

    /// A commune's contour (a multipolygon of its 2018 communes' polygons, not unioned), if
    /// the 2018 contours have it (not the arrondissements, nor the collectivités d'outre-mer).
    pub fn contour(&self, insee: &str) -> Option<&geo::Geometry<f64>> {
        let i = u32::try_from(*self.commune_index.get(insee)?).ok()?;
        // Contours are stored in commune order: a binary search finds it.
        let features = self.contour_layer().features();
        let k = features.binary_search_by_key(&i, |f| f.props).ok()?;
        Some(&features[k].geometry)
    }

    /// What decoding the contours found (empty for the bundled file); waits for them.
    pub fn contour_report(&self) -> &Report {
        &self.contours().1
    }

    fn contour_layer(&self) -> &Layer<u32> {
        &self.contours().0
    }

    fn contours(&self) -> &Contours {
        self.contours.get_or_init(|| {
            let thread = self
                .contour_thread
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take();
            match thread.map(JoinHandle::join) {
                Some(Ok(contours)) => contours,
                // The thread only reads and decodes: a panic there is a bug; answer without
                // contours rather than take the server down.
                Some(Err(_)) | None => (Layer::default(), Report::default()),
            }
        })
    }

    /// The NPNRU list (2015 codes), with the derived, not official, 2024 codes.
    pub fn npnru(&self) -> &[NpnruQuartier] {
        &self.npnru
    }
}
