//! The collections of the national references (`data/france/`, [`crate::france`]): contracts,
//! programmes per commune, funded posts and stations, named, titled and described here once, as [`super::LayerId`] does for the versioned layers. They are
//! read-only references: not versioned by the store, not cut into tiles.

use std::fmt;

/// A collection of the national references.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReferenceId {
    /// The contrats de ville (id `code_cv`), without geometry.
    Contrats,
    /// One feature per commune × programme row.
    Programmes,
    /// One feature per published post row, without geometry.
    Postes,
    /// The OpenStreetMap stations (ODbL).
    Gares,
}

impl ReferenceId {
    pub const ALL: [ReferenceId; 4] = [Self::Contrats, Self::Programmes, Self::Postes, Self::Gares];

    /// The collection id (links of `/impacts` use it: keep it stable).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Contrats => "contrats",
            Self::Programmes => "programmes",
            Self::Postes => "postes",
            Self::Gares => "gares",
        }
    }

    /// The collection's French title.
    pub fn title(self) -> &'static str {
        match self {
            Self::Contrats => "Contrats de ville (France entière)",
            Self::Programmes => "Programmes de l'ANCT par commune (France entière)",
            Self::Postes => "Postes financés par contrat de ville (adultes-relais, FONJEP)",
            Self::Gares => "Gares et stations de train, RER, métro et tram (OpenStreetMap)",
        }
    }

    /// What the collection holds, in French: source, date and what is imprecise.
    pub fn description(self) -> &'static str {
        match self {
            Self::Contrats => "Les contrats de ville publiés par l'ANCT (anct-carto/ci-ville2, Licence Ouverte 2.0) : 2024-2030 « Engagements Quartiers 2030 » (codes CN…) et contrats d'outre-mer (codes CV…), avec leurs EPCI, EPT ou communes, leurs quartiers prioritaires (lien QPV → contrat déduit par ce service des communes des QPV, non publié par l'ANCT) et le nombre de postes publiés par année et dispositif. Sans géométrie : la source ne publie qu'un centroïde.",
            Self::Programmes => "Action cœur de ville, Petites villes de demain, ORT (avec leur date de signature), Cités éducatives, Cités de l'emploi et France services (ANCT), une ligne par commune concernée (insee_com). Sans géométrie : un programme concerne la commune (precision_geometrie « commune ») ; un point France services est placé sur la commune, pas sur le bâtiment.",
            Self::Postes => "Postes d'adultes-relais et FONJEP publiés par l'ANCT par contrat de ville (anct-carto/ci-ville2, Licence Ouverte 2.0), une ligne par ligne publiée (lignes répétées comprises : compter les id_poste distincts pour les postes). montant_publie est le « montant publié » de la ligne, non documenté par la source : pas un total annuel. Sans géométrie.",
            Self::Gares => "Les gares et stations de train, RER, Transilien, métro et tram de France métropolitaine avec leurs lignes. © les contributeurs d'OpenStreetMap, ODbL 1.0 (attribution et partage à l'identique), extraction du 2026-05-18.",
        }
    }

    /// Whether features have geometries (some may still be null).
    pub fn is_geographic(self) -> bool {
        self == Self::Gares
    }

    /// The property holding the feature's identifier.
    pub fn id_field(self) -> &'static str {
        match self {
            Self::Contrats => "code_cv",
            _ => "id",
        }
    }

    /// The property holding the feature's name.
    pub fn name_field(self) -> &'static str {
        match self {
            Self::Postes => "raison_sociale",
            _ => "nom",
        }
    }

    /// French descriptions of the properties a reader could misread, for the queryables.
    pub fn field_description(self, field: &str) -> Option<&'static str> {
        Some(match (self, field) {
            (Self::Postes, "montant_publie") => "Montant publié sur la ligne par la source, tel quel ; non documenté, ce n'est pas un total annuel",
            (Self::Postes, "annee") => "Année de la ligne publiée",
            (Self::Postes, "id_poste") => "Identifiant du poste ; un même poste peut figurer sur plusieurs lignes",
            (Self::Contrats, "quartiers") => "QPV 2024 rattachés au contrat par ce service (par leurs communes, leur EPT ou leur EPCI) : déduit, non publié par l'ANCT",
            (Self::Contrats, "pop_qpv") => "Population municipale des QPV 2024 du contrat, somme des lignes publiées",
            (Self::Contrats, "postes_publies") => "Nombre de lignes de postes publiées (adultes-relais et FONJEP, toutes années)",
            (Self::Programmes, "date_signature") => "Date de signature publiée (ACV, PVD, ORT) ; absente des autres sources",
            (_, "precision_geometrie") => "Ce que l'objet situe : « commune » pour toute la commune",
            _ => return None,
        })
    }

    /// The reference collection of this id, if it is one.
    pub fn parse(s: &str) -> Option<ReferenceId> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for ReferenceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::super::LayerId;
    use super::*;

    #[test]
    fn ids_round_trip_and_never_shadow_a_layer() {
        for r in ReferenceId::ALL {
            assert_eq!(ReferenceId::parse(r.as_str()), Some(r));
            assert!(r.as_str().parse::<LayerId>().is_err(), "{r}");
        }
        assert_eq!(ReferenceId::parse("communes"), None);
    }
}
