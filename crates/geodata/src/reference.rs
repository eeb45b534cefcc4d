//! The national reference of EPCIs and their member communes (`data/france/epci_communes.tsv.gz`,
//! built by `data/scripts/build_france_reference.py` from the npm package
//! `@etalab/decoupage-administratif`, INSEE COG): what `quartiers territory init` makes a
//! territory from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::report::Report;

/// File name of the reference in the national data directory.
pub const REFERENCE_FILE: &str = "epci_communes.tsv.gz";

/// The columns of the reference, in order.
const COLUMNS: [&str; 7] = [
    "epci_siren",
    "epci_nom",
    "epci_type",
    "insee_com",
    "nom",
    "departement",
    "anciens_codes",
];

/// An EPCI à fiscalité propre and its member communes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Epci {
    /// SIREN (`200043396`).
    pub siren: String,
    /// Official name (`CA Maubeuge Val de Sambre`).
    pub name: String,
    /// `CA`, `CC`, `CU`, `ME` (métropole)...
    pub kind: String,
    /// Member communes, sorted by INSEE code.
    pub communes: Vec<ReferenceCommune>,
}

/// A member commune as the reference knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceCommune {
    pub insee: String,
    pub name: String,
    pub departement: String,
    /// Codes of the former communes merged into this one: an older contour file has them.
    pub former_codes: Vec<String>,
}

/// Every EPCI of the reference, by SIREN.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    pub epcis: BTreeMap<String, Epci>,
}

/// Why the reference could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReferenceError {
    #[error("{}: référentiel des EPCI illisible : {message}", path.display())]
    Unreadable { path: PathBuf, message: String },
}

impl Reference {
    /// Reads `dir/epci_communes.tsv.gz`.
    pub fn load(dir: &Path) -> Result<Reference, ReferenceError> {
        let path = dir.join(REFERENCE_FILE);
        let mut report = Report::default();
        let text = crate::read::read_text(&path, &mut report).ok_or_else(|| {
            ReferenceError::Unreadable {
                path: path.clone(),
                message: report.to_string().trim().to_string(),
            }
        })?;
        Self::parse(&text).map_err(|message| ReferenceError::Unreadable { path, message })
    }

    /// Parses the text of the reference (a header line, then one tab-separated row per member
    /// commune).
    pub fn parse(text: &str) -> Result<Reference, String> {
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
        if header != COLUMNS {
            return Err(format!(
                "en-tête inattendu {header:?} ; attendu {COLUMNS:?}"
            ));
        }
        let mut epcis: BTreeMap<String, Epci> = BTreeMap::new();
        for (i, line) in lines.enumerate() {
            let cells: Vec<&str> = line.split('\t').collect();
            let [siren, name, kind, insee, commune, departement, former] = cells[..] else {
                return Err(format!(
                    "ligne {} : {} colonnes au lieu de {}",
                    i + 2,
                    cells.len(),
                    COLUMNS.len()
                ));
            };
            let epci = epcis.entry(siren.to_string()).or_insert_with(|| Epci {
                siren: siren.to_string(),
                name: name.to_string(),
                kind: kind.to_string(),
                communes: Vec::new(),
            });
            epci.communes.push(ReferenceCommune {
                insee: insee.to_string(),
                name: commune.to_string(),
                departement: departement.to_string(),
                former_codes: former
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect(),
            });
        }
        for epci in epcis.values_mut() {
            epci.communes.sort_by(|a, b| a.insee.cmp(&b.insee));
        }
        Ok(Reference { epcis })
    }

    /// The EPCI with this SIREN.
    pub fn epci(&self, siren: &str) -> Option<&Epci> {
        self.epcis.get(siren.trim())
    }

    /// The EPCIs whose name contains `words` (case, accents and punctuation forgiven), to
    /// suggest when a SIREN is unknown.
    pub fn find_by_name(&self, words: &str) -> Vec<&Epci> {
        let wanted = crate::text::fold_name(words);
        if wanted.is_empty() {
            return Vec::new();
        }
        self.epcis
            .values()
            .filter(|e| crate::text::fold_name(&e.name).contains(&wanted))
            .collect()
    }
}

impl Epci {
    /// The slug a new territory directory takes from the EPCI's name, without its kind
    /// (`CA Maubeuge Val de Sambre` → `maubeuge-val-de-sambre`).
    pub fn default_slug(&self) -> String {
        let name = self
            .name
            .strip_prefix(&format!("{} ", self.kind))
            .unwrap_or(&self.name);
        slugify(name)
    }
}

/// Lower-case ASCII letters and digits separated by single hyphens.
pub fn slugify(text: &str) -> String {
    let folded = crate::text::fold(text);
    let mut slug = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        "epci_siren\tepci_nom\tepci_type\tinsee_com\tnom\tdepartement\tanciens_codes\n\
        200066918\tCA Alès Agglomération\tCA\t30329\tThoiras-Corbès\t30\t30094\n\
        200066918\tCA Alès Agglomération\tCA\t30007\tAlès\t30\t\n";

    #[test]
    fn parses_rows_into_epcis_with_sorted_members() {
        let r = Reference::parse(SAMPLE).unwrap();
        let e = r.epci("200066918").unwrap();
        assert_eq!(e.name, "CA Alès Agglomération");
        assert_eq!(e.communes[0].insee, "30007");
        assert_eq!(e.communes[1].former_codes, vec!["30094".to_string()]);
        assert_eq!(e.default_slug(), "ales-agglomeration");
        assert!(r.epci("200000000").is_none());
        assert_eq!(r.find_by_name("alès").len(), 1);
    }

    #[test]
    fn refuses_a_wrong_header_or_row() {
        assert!(Reference::parse("siren\tnom\n")
            .unwrap_err()
            .contains("en-tête"));
        let short = SAMPLE.replace("\t30\t\n", "\n");
        assert!(Reference::parse(&short).unwrap_err().contains("ligne 3"));
    }

    #[test]
    fn slugs_fold_accents_and_punctuation() {
        assert_eq!(
            slugify("CU Angers Loire Métropole"),
            "cu-angers-loire-metropole"
        );
        assert_eq!(
            slugify("  Pays de Saint-Fulgent - Les Essarts "),
            "pays-de-saint-fulgent-les-essarts"
        );
    }

    /// The bundled reference holds every EPCI (1,255 in the 2026 COG) and the four bundled
    /// territories with their member counts.
    #[test]
    fn bundled_reference_has_the_four_territories() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/france");
        let r = Reference::load(&dir).unwrap();
        assert_eq!(r.epcis.len(), 1255);
        for (siren, count) in [
            ("200011773", 12),
            ("200043396", 43),
            ("200066918", 71),
            ("244900015", 29),
        ] {
            assert_eq!(r.epci(siren).unwrap().communes.len(), count, "{siren}");
        }
        assert_eq!(
            r.epci("200043396").unwrap().default_slug(),
            "maubeuge-val-de-sambre"
        );
    }
}
