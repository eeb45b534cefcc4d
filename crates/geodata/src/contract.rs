//! The layer contract: the layers of the data, named by their collection ids (OGC API
//! collections, MVT layer names, store versions), their French titles and descriptions, and
//! what the model expects of each (identifier, name, fields). Defined here once; the store,
//! the tiles and the server publish it, and the web map reads it from the API.

use std::fmt;
use std::str::FromStr;

use crate::manifest::LayerFiles;

mod references;
pub use references::ReferenceId;

/// Slug under which the national layers are stored.
pub const NATIONAL: &str = "france";

/// A versioned layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LayerId {
    /// The national QPV 2024 layer (territory [`NATIONAL`]).
    Qpv,
    Perimetres,
    Operations,
    Equipements,
    Centralites,
    Corridors,
    Ilots,
    Communes,
    /// The territory's boundary.
    Territoires,
    /// The actions of the programmes (no geometry).
    Actions,
}

const PLACEMENT: [&str; 7] = [
    "precision_geometrie",
    "motif_precision",
    "perimetre",
    "emplacement",
    "deduit_de",
    "source_document",
    "source_section",
];

impl LayerId {
    pub const ALL: [LayerId; 10] = [
        Self::Qpv,
        Self::Perimetres,
        Self::Operations,
        Self::Equipements,
        Self::Centralites,
        Self::Corridors,
        Self::Ilots,
        Self::Communes,
        Self::Territoires,
        Self::Actions,
    ];

    /// The layers of a territory directory, in loading order.
    pub const TERRITORY: [LayerId; 9] = [
        Self::Territoires,
        Self::Communes,
        Self::Perimetres,
        Self::Operations,
        Self::Equipements,
        Self::Centralites,
        Self::Corridors,
        Self::Ilots,
        Self::Actions,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Qpv => "qpv",
            Self::Perimetres => "perimetres",
            Self::Operations => "operations",
            Self::Equipements => "equipements",
            Self::Centralites => "centralites",
            Self::Corridors => "corridors",
            Self::Ilots => "ilots",
            Self::Communes => "communes",
            Self::Territoires => "territoires",
            Self::Actions => "actions",
        }
    }

    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|l| l.as_str()).collect()
    }

    /// Whether the layer belongs to the national slug rather than to a territory.
    pub fn is_national(self) -> bool {
        self == Self::Qpv
    }

    /// The collection's French title (OGC API collections, the legend, exports).
    pub fn title(self) -> &'static str {
        match self {
            Self::Qpv => "Quartiers prioritaires 2024 (France entière)",
            Self::Perimetres => "Quartiers prioritaires et de veille des territoires",
            Self::Operations => "Opérations de renouvellement urbain",
            Self::Equipements => "Équipements",
            Self::Centralites => "Centralités commerciales",
            Self::Corridors => "Corridors écologiques",
            Self::Ilots => "Îlots",
            Self::Communes => "Communes",
            Self::Territoires => "Limites des territoires",
            Self::Actions => "Actions des contrats de ville",
        }
    }

    /// What the collection holds, in French, for a reader choosing a layer.
    pub fn description(self) -> &'static str {
        match self {
            Self::Qpv => "Les 1 584 quartiers prioritaires de la politique de la ville de la géographie 2024 (ANCT), contours nationaux.",
            Self::Perimetres => "QPV et quartiers de veille active des territoires chargés, avec leurs codes prédécesseurs.",
            Self::Operations => "Opérations de renouvellement urbain (NPNRU), d'habitat, de copropriétés et de mobilité, avec statut, dates, maître d'ouvrage et financements.",
            Self::Equipements => "Équipements publics, gares et arrêts : existants ou en projet.",
            Self::Centralites => "Centralités commerciales et de services.",
            Self::Corridors => "Corridors et réservoirs de la trame verte et bleue.",
            Self::Ilots => "Îlots et secteurs sur lesquels une question d'impact peut porter.",
            Self::Communes => "Communes membres des territoires.",
            Self::Territoires => "Contours des territoires (EPCI) chargés, avec leurs programmes (identifiant, nom, type, porteur, années) et le nombre d'années au-delà duquel un statut est dit à vérifier (statut_ancien_apres_ans).",
            Self::Actions => "Actions des programmes (évaluation à mi-parcours), sans géométrie : leurs réalisations disent où elles sont menées.",
        }
    }

    /// Whether features have a period (`date_debut`, `date_fin`) that `datetime` filters on.
    pub fn is_temporal(self) -> bool {
        self == Self::Operations
    }

    /// Whether features have a geometry column.
    pub fn is_geographic(self) -> bool {
        self != Self::Actions
    }

    /// The files a territory manifest names for this layer (empty for national layers).
    pub fn manifest_files(self, files: &LayerFiles) -> &[String] {
        match self {
            Self::Qpv => &[],
            Self::Perimetres => &files.perimeters,
            Self::Operations => &files.operations,
            Self::Equipements => &files.equipment,
            Self::Centralites => &files.centralities,
            Self::Corridors => &files.corridors,
            Self::Ilots => &files.ilots,
            Self::Communes => &files.communes,
            Self::Territoires => &files.boundary,
            Self::Actions => &files.actions,
        }
    }

    /// The property holding the feature's identifier.
    pub fn id_field(self) -> &'static str {
        match self {
            Self::Qpv | Self::Perimetres | Self::Territoires => "code",
            Self::Communes => "insee_com",
            _ => "id",
        }
    }

    /// The property holding the feature's name.
    pub fn name_field(self) -> &'static str {
        match self {
            Self::Operations | Self::Actions => "titre",
            _ => "nom",
        }
    }

    /// The properties of the layer's model (their serde names), so that truncated or unknown
    /// source fields can be recognised. Empty for actions, which are not imported through GDAL.
    pub fn model_fields(self) -> Vec<&'static str> {
        let own: &[&str] = match self {
            Self::Qpv | Self::Perimetres => &[
                "code",
                "nom",
                "type",
                "insee_com",
                "millesime",
                "codes_predecesseurs",
                "codes_successeurs",
                "anciens_noms",
            ],
            Self::Operations => &[
                "id",
                "programme",
                "type",
                "titre",
                "secteur",
                "maitre_ouvrage",
                "insee_com",
                "logements",
                "cout_eur",
                "financements",
                "date_debut",
                "date_fin",
                "dates_texte",
                "statut",
                "statut_date",
                "statut_date_origine",
                "source_date",
                "description",
                "interpretations",
            ],
            Self::Equipements => &[
                "id",
                "nom",
                "type",
                "insee_com",
                "statut",
                "statut_date",
                "statut_date_origine",
                "source_date",
                "operation",
                "description",
                "interpretations",
            ],
            Self::Centralites => &["id", "nom", "niveau", "insee_com", "description"],
            Self::Corridors => &["id", "nom", "type", "sous_trame", "insee_com"],
            Self::Ilots => &["id", "nom", "insee_com"],
            Self::Communes => &["insee_com", "nom"],
            Self::Territoires => &["code", "nom"],
            Self::Actions => &[],
        };
        if own.is_empty() {
            return Vec::new();
        }
        own.iter().chain(PLACEMENT.iter()).copied().collect()
    }

    /// Properties the model holds as lists: a source can only give them as text.
    pub fn list_fields(self) -> &'static [&'static str] {
        match self {
            Self::Qpv | Self::Perimetres => &[
                "insee_com",
                "codes_predecesseurs",
                "codes_successeurs",
                "anciens_noms",
            ],
            Self::Operations => &["insee_com", "financements", "interpretations"],
            Self::Equipements => &["insee_com", "interpretations"],
            Self::Centralites | Self::Corridors | Self::Ilots => &["insee_com"],
            Self::Communes | Self::Territoires | Self::Actions => &[],
        }
    }

    /// Properties the model holds as whole numbers.
    pub fn integer_fields(self) -> &'static [&'static str] {
        match self {
            Self::Qpv | Self::Perimetres => &["millesime"],
            Self::Operations => &["logements"],
            _ => &[],
        }
    }
}

impl fmt::Display for LayerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A layer name outside the contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLayer(pub String);

impl fmt::Display for UnknownLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "couche « {} » inconnue ; couches : {}",
            self.0,
            LayerId::names().join(", ")
        )
    }
}

impl std::error::Error for UnknownLayer {}

impl FromStr for LayerId {
    type Err = UnknownLayer;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| UnknownLayer(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn names_round_trip() {
        for l in LayerId::ALL {
            assert_eq!(l.as_str().parse::<LayerId>().unwrap(), l);
        }
        let err = "perimeters".parse::<LayerId>().unwrap_err().to_string();
        assert!(err.contains("perimetres"), "{err}");
    }

    /// The field lists must follow the model: every property of the bundled data is known.
    #[test]
    fn model_fields_cover_the_bundled_data() {
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/territories/annemasse-agglo");
        let manifest: crate::manifest::Manifest =
            toml::from_str(&std::fs::read_to_string(dir.join("territory.toml")).unwrap()).unwrap();
        let mut checked = 0;
        for layer in LayerId::TERRITORY {
            if !layer.is_geographic() {
                continue;
            }
            let fields = layer.model_fields();
            for file in layer.manifest_files(&manifest.layers) {
                let text = std::fs::read_to_string(dir.join(file)).unwrap();
                let fc: geojson::FeatureCollection = text.parse().unwrap();
                for f in fc.features {
                    for key in f.properties.unwrap().keys() {
                        assert!(fields.contains(&key.as_str()), "{layer}: {key}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 500, "{checked}");
    }
}
