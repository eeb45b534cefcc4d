//! Loading `data/france/` into [`France`]: each file read into the model, then the indexes.
//! The contours (the one large file) are decoded and indexed on a second thread while the
//! other files are read.

use std::collections::HashMap;
use std::path::Path;

use geo::{Geometry, Point};

use super::read::{each_row, number, polygons, Row};
use super::*;
use crate::layer::Feature;

const CONTRACT_COLUMNS: [&str; 7] = [
    "code_cv",
    "lib_cv",
    "generation",
    "codgeo",
    "niveau",
    "insee_dep",
    "pop_qpv",
];
const POST_COLUMNS: [&str; 10] = [
    "code_cv",
    "dispositif",
    "annee",
    "id_poste",
    "raison_sociale",
    "siret",
    "montant_publie",
    "insee_dep",
    "insee_reg",
    "source",
];
const QPV_COLUMNS: [&str; 4] = ["code_qp", "insee_com", "contrats", "regle"];
const COMMUNE_COLUMNS: [&str; 9] = [
    "insee_com",
    "nom",
    "type",
    "commune_parente",
    "departement",
    "epci_siren",
    "ept_siren",
    "contrats",
    "niveau_centralite",
];
const PROGRAMME_COLUMNS: [&str; 7] = [
    "insee_com",
    "programme",
    "id",
    "nom",
    "date_signature",
    "source",
    "code_source",
];
const BUCKET_COLUMNS: [&str; 3] = ["rubrique", "libelle", "codes_bpe"];
const STATION_COLUMNS: [&str; 7] = ["osm_type", "osm_id", "nom", "type", "lignes", "lon", "lat"];
const CONTOUR_COLUMNS: [&str; 3] = ["insee_com", "codes_2018", "polygones"];
const NPNRU_COLUMNS: [&str; 4] = [
    "code_qp_2015",
    "departement",
    "code_qp_2024_derive",
    "methode_derivation",
];

pub(super) fn load(dir: &Path) -> (France, Report) {
    let mut report = Report::default();
    let files = [
        CONTRACTS_FILE,
        POSTS_FILE,
        QPV_CONTRACTS_FILE,
        COMMUNES_FILE,
        PROGRAMMES_FILE,
        BPE_FILE,
        BPE_BUCKETS_FILE,
        STATIONS_FILE,
        CONTOURS_FILE,
        NPNRU_FILE,
    ];
    if !files.iter().any(|f| dir.join(f).exists()) {
        return (France::default(), report);
    }
    let (mut communes, commune_index) = read_communes(dir, &mut report);
    let contour_thread = {
        let path = dir.join(CONTOURS_FILE);
        let index = commune_index.clone();
        std::thread::Builder::new()
            .name("contours communes".into())
            .spawn(move || read_contours(&path, &index))
            .ok()
    };
    read_programmes(dir, &mut communes, &commune_index, &mut report);
    let bpe_buckets = read_bpe(dir, &mut communes, &commune_index, &mut report);
    let (mut contracts, contract_index) = read_contracts(dir, &mut report);
    let (posts, without_contract) = read_posts(dir, &mut contracts, &contract_index, &mut report);
    let qpvs = read_qpvs(dir, &contract_index, &mut report);
    check_commune_contracts(dir, &communes, &contract_index, &mut report);
    let france = France {
        contracts,
        contract_index,
        posts,
        without_contract,
        qpvs,
        communes,
        commune_index,
        bpe_buckets,
        stations: read_stations(dir, &mut report),
        contours: std::sync::OnceLock::new(),
        contour_thread: std::sync::Mutex::new(contour_thread),
        npnru: read_npnru(dir, &mut report),
    };
    (france, report)
}

fn via_list(row: &Row, i: usize) -> Result<Vec<(String, Via)>, (&'static str, String)> {
    row.list(i)
        .map(|entry| {
            let (code, via) = entry.split_once(':').unwrap_or((entry, ""));
            let via = Via::parse(via)
                .ok_or_else(|| ("contrats", format!("lien inattendu « {entry} »")))?;
            Ok((code.to_string(), via))
        })
        .collect()
}

fn read_communes(dir: &Path, report: &mut Report) -> (Vec<Commune>, HashMap<String, usize>) {
    let mut communes = Vec::with_capacity(35_100);
    each_row(&dir.join(COMMUNES_FILE), &COMMUNE_COLUMNS, report, |r| {
        let kind = match r.cell(2) {
            "commune" => CommuneKind::Commune,
            "arrondissement_municipal" => CommuneKind::ArrondissementMunicipal,
            other => return Err(("type", format!("type inattendu « {other} »"))),
        };
        communes.push(Commune {
            insee: r.cell(0).to_string(),
            name: r.cell(1).to_string(),
            kind,
            parent: r.optional(3),
            departement: r.cell(4).to_string(),
            epci_siren: r.optional(5),
            ept_siren: r.optional(6),
            contracts: via_list(r, 7)?,
            centrality: r.optional(8),
            programmes: Vec::new(),
            bpe: None,
        });
        Ok(())
    });
    communes.sort_by(|a, b| a.insee.cmp(&b.insee));
    let index = communes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.insee.clone(), i))
        .collect();
    (communes, index)
}

fn commune_of(index: &HashMap<String, usize>, code: &str) -> Result<usize, (&'static str, String)> {
    index
        .get(code)
        .copied()
        .ok_or_else(|| ("insee_com", format!("commune inconnue « {code} »")))
}

fn read_programmes(
    dir: &Path,
    communes: &mut [Commune],
    index: &HashMap<String, usize>,
    report: &mut Report,
) {
    each_row(
        &dir.join(PROGRAMMES_FILE),
        &PROGRAMME_COLUMNS,
        report,
        |r| {
            let i = commune_of(index, r.cell(0))?;
            let kind = ProgrammeKind::parse(r.cell(1))
                .ok_or_else(|| ("programme", format!("programme inconnu « {} »", r.cell(1))))?;
            communes[i].programmes.push(Programme {
                kind,
                id: r.optional(2),
                name: r.cell(3).to_string(),
                signed: r.optional(4),
                source_code: r.optional(6),
            });
            Ok(())
        },
    );
    for c in communes.iter_mut() {
        c.programmes.sort_by_key(|p| p.kind);
    }
}

fn read_bpe(
    dir: &Path,
    communes: &mut [Commune],
    index: &HashMap<String, usize>,
    report: &mut Report,
) -> Vec<BpeBucket> {
    let mut buckets = Vec::new();
    each_row(&dir.join(BPE_BUCKETS_FILE), &BUCKET_COLUMNS, report, |r| {
        buckets.push(BpeBucket {
            key: r.cell(0).to_string(),
            label: r.cell(1).to_string(),
            codes: r.cell(2).to_string(),
        });
        Ok(())
    });
    if buckets.is_empty() {
        return buckets;
    }
    let columns: Vec<&str> = std::iter::once("insee_com")
        .chain(buckets.iter().map(|b| b.key.as_str()))
        .collect();
    each_row(&dir.join(BPE_FILE), &columns, report, |r| {
        let i = commune_of(index, r.cell(0))?;
        let counts = (1..columns.len())
            .map(|k| {
                number::<u32>(r.cell(k), "rubrique BPE")
                    .map_err(|(f, m)| (f, format!("{} : {m}", columns[k])))
            })
            .collect::<Result<Box<[u32]>, _>>()?;
        communes[i].bpe = Some(counts);
        Ok(())
    });
    buckets
}

fn read_contours(path: &Path, index: &HashMap<String, usize>) -> (Layer<u32>, Report) {
    let mut report = Report::default();
    let mut features = Vec::with_capacity(index.len());
    each_row(path, &CONTOUR_COLUMNS, &mut report, |r| {
        let i = commune_of(index, r.cell(0))?;
        let mp = polygons(r.cell(2)).map_err(|e| ("polygones", e))?;
        features.push(Feature {
            props: u32::try_from(i).expect("fewer than 2³² communes"),
            geometry: Geometry::MultiPolygon(mp),
        });
        Ok(())
    });
    features.sort_by_key(|f| f.props);
    (Layer::new(features), report)
}

fn read_contracts(dir: &Path, report: &mut Report) -> (Vec<Contract>, HashMap<String, usize>) {
    let mut contracts: Vec<Contract> = Vec::with_capacity(450);
    let mut index: HashMap<String, usize> = HashMap::new();
    each_row(&dir.join(CONTRACTS_FILE), &CONTRACT_COLUMNS, report, |r| {
        let level = Via::parse(r.cell(4))
            .ok_or_else(|| ("niveau", format!("niveau inattendu « {} »", r.cell(4))))?;
        let pop_qpv = match r.cell(6) {
            "" => None,
            v => Some(number::<u64>(v, "pop_qpv")?),
        };
        let area = ContractArea {
            lib_cv: r.cell(1).to_string(),
            codgeo: r.cell(3).to_string(),
            level,
            departement: r.cell(5).to_string(),
            pop_qpv,
        };
        let i = *index.entry(r.cell(0).to_string()).or_insert_with(|| {
            contracts.push(Contract {
                code_cv: r.cell(0).to_string(),
                generation: r.cell(2).to_string(),
                areas: Vec::new(),
                posts: 0..0,
            });
            contracts.len() - 1
        });
        contracts[i].areas.push(area);
        Ok(())
    });
    (contracts, index)
}

fn read_posts(
    dir: &Path,
    contracts: &mut [Contract],
    index: &HashMap<String, usize>,
    report: &mut Report,
) -> (Vec<Post>, std::ops::Range<usize>) {
    let path = dir.join(POSTS_FILE);
    let mut posts: Vec<Post> = Vec::with_capacity(14_500);
    each_row(&path, &POST_COLUMNS, report, |r| {
        let dispositif = match r.cell(1) {
            "adulte_relais" => Dispositif::AdulteRelais,
            "fonjep" => Dispositif::Fonjep,
            other => return Err(("dispositif", format!("dispositif inconnu « {other} »"))),
        };
        if !r.cell(0).is_empty() && !index.contains_key(r.cell(0)) {
            return Err(("code_cv", format!("contrat inconnu « {} »", r.cell(0))));
        }
        posts.push(Post {
            code_cv: r.cell(0).to_string(),
            dispositif,
            year: number(r.cell(2), "annee")?,
            id_poste: r.cell(3).to_string(),
            employer: r.cell(4).to_string(),
            siret: r.optional(5),
            published_amount: number(r.cell(6), "montant_publie")?,
            insee_dep: r.optional(7),
            source_row: r.cell(9).to_string(),
        });
        Ok(())
    });
    // The file groups posts by contract, those without one last: each contract gets its run.
    let mut start = 0;
    let mut without = posts.len()..posts.len();
    while start < posts.len() {
        let code = posts[start].code_cv.clone();
        let end = start
            + posts[start..]
                .iter()
                .take_while(|p| p.code_cv == code)
                .count();
        if code.is_empty() {
            without = start..end;
        } else if let Some(&i) = index.get(&code) {
            if contracts[i].posts.is_empty() {
                contracts[i].posts = start..end;
            } else {
                report.file(&path).error(
                    Some(format!("ligne {}", start + 2)),
                    Some("code_cv"),
                    format!("postes du contrat {code} non contigus (fichier non trié)"),
                );
            }
        }
        start = end;
    }
    if without.end != posts.len() {
        report.file(&path).error(
            None,
            Some("code_cv"),
            "les postes sans contrat ne sont pas en fin de fichier",
        );
    }
    (posts, without)
}

fn read_qpvs(
    dir: &Path,
    contracts: &HashMap<String, usize>,
    report: &mut Report,
) -> HashMap<String, QpvContracts> {
    let mut qpvs = HashMap::with_capacity(1_600);
    each_row(&dir.join(QPV_CONTRACTS_FILE), &QPV_COLUMNS, report, |r| {
        let links = r
            .list(2)
            .map(|entry| {
                let mut parts = entry.split(':');
                let code_cv = parts.next().unwrap_or_default();
                if !contracts.contains_key(code_cv) {
                    return Err(("contrats", format!("contrat inconnu « {code_cv} »")));
                }
                let via = parts
                    .next()
                    .unwrap_or_default()
                    .split('+')
                    .map(|v| Via::parse(v).ok_or(v))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|v| ("contrats", format!("lien inattendu « {v} »")))?;
                let communes = parts
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect();
                let estimated_share_pct =
                    parts.next().map(|v| number(v, "contrats")).transpose()?;
                Ok(ContractLink {
                    code_cv: code_cv.to_string(),
                    via,
                    communes,
                    estimated_share_pct,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        qpvs.insert(
            r.cell(0).to_string(),
            QpvContracts {
                code_qp: r.cell(0).to_string(),
                communes: r.list(1).map(str::to_string).collect(),
                links,
                rule: r.cell(3).to_string(),
            },
        );
        Ok(())
    });
    qpvs
}

/// Every contract a commune names must exist.
fn check_commune_contracts(
    dir: &Path,
    communes: &[Commune],
    contracts: &HashMap<String, usize>,
    report: &mut Report,
) {
    if contracts.is_empty() {
        return; // the contracts file itself was reported
    }
    let path = dir.join(COMMUNES_FILE);
    for c in communes {
        for (code, _) in &c.contracts {
            if !contracts.contains_key(code) {
                report.file(&path).error(
                    Some(c.insee.clone()),
                    Some("contrats"),
                    format!("contrat inconnu « {code} »"),
                );
            }
        }
    }
}

fn read_stations(dir: &Path, report: &mut Report) -> Layer<Station> {
    let mut features = Vec::with_capacity(9_200);
    each_row(&dir.join(STATIONS_FILE), &STATION_COLUMNS, report, |r| {
        let lon: f64 = number(r.cell(5), "lon")?;
        let lat: f64 = number(r.cell(6), "lat")?;
        if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
            return Err(("lon", format!("position hors du globe ({lon}, {lat})")));
        }
        features.push(Feature {
            props: Station {
                osm_type: r.cell(0).to_string(),
                osm_id: number(r.cell(1), "osm_id")?,
                name: r.cell(2).to_string(),
                kind: r.cell(3).to_string(),
                lines: r.list(4).map(str::to_string).collect(),
            },
            geometry: Geometry::Point(Point::new(lon, lat)),
        });
        Ok(())
    });
    Layer::new(features)
}

fn read_npnru(dir: &Path, report: &mut Report) -> Vec<NpnruQuartier> {
    let mut out = Vec::with_capacity(450);
    each_row(&dir.join(NPNRU_FILE), &NPNRU_COLUMNS, report, |r| {
        out.push(NpnruQuartier {
            code_qp_2015: r.cell(0).to_string(),
            departement: r.cell(1).to_string(),
            derived_code_qp_2024: r.optional(2),
            method: r.cell(3).to_string(),
        });
        Ok(())
    });
    out
}
