//! What national open data says of any place of France (issue 25), as the answer's
//! `references`: the stations near it (*ici*), its commune (programmes with their signature
//! dates, France services, centrality, BPE 2024 counts) and its contrat(s) de ville with the
//! posts funded in them. Built from [`France`] (the bundled `data/france/`) and the national QPV
//! layer; curated territory data comes first in the answer, this completes it.
//!
//! Everything here is the same for every place of a commune or contract: [`NationalIndex`]
//! holds what is looked up across files (a commune's QPVs, a contract's QPVs) and what is
//! counted (a contract's posts per year and kind, and their rows), built once per data version
//! rather than for every answer.

mod items;
mod shared;
mod stations;
mod text;
pub mod view;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use geo::{MultiPolygon, Point};

pub use items::*;
pub use shared::Shared;
pub use text::share_words;
pub use view::{NationalView, COMPACT_STATIONS};

use crate::answer_form::{encode, named_query};
use crate::france::{
    Commune, CommuneKind, Contract, Dispositif, France, Programme, ProgrammeKind, Source, Via,
    CONTOUR_PRECISION,
};
use crate::layer::Layer;
use crate::model::Perimeter;

/// Radius within which stations are listed when the territory sets none, in metres (a
/// ten-minute walk).
pub const STATION_RADIUS_M: f64 = 1_000.0;

/// What the answer knows of the place, to look national facts up.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// A point, or the area asked about (stations inside or within the radius).
    pub point: Option<Point<f64>>,
    pub area: Option<&'a MultiPolygon<f64>>,
    /// Radius for stations, in metres (0: only inside the area).
    pub station_radius_m: f64,
    /// The place's communes (INSEE), its own first.
    pub communes: Vec<String>,
    /// The QPVs the place is in or meets (codes), the nearest first.
    pub quartiers: Vec<String>,
    /// The contract asked about by name, if any.
    pub contrat: Option<String>,
    /// Titles of the territory's own equipment near the place: a station among them is not
    /// repeated (compared folded, and only when a station is near: most places have none).
    pub curated_titles: Vec<&'a str>,
    /// The share of the place's area in QPVs, when the place is a commune asked by name.
    pub qpv_share: Option<f64>,
}

/// Look-ups across the national files and the facts every answer about a commune or a
/// contract shares, with their JSON: built once per data version (a commune's facts the first
/// time a place in it is asked about: most of France's 35,000 communes are never asked).
#[derive(Debug, Default)]
pub struct NationalIndex {
    /// QPV codes per commune INSEE code (the national layer's `insee_com`).
    quartiers_of_commune: HashMap<String, Vec<usize>>,
    /// QPV indexes per contract code (derived through the QPVs' communes).
    quartiers_of_contract: HashMap<String, Vec<usize>>,
    /// Each contract's QPVs and posts, counted and listed.
    contracts: HashMap<String, ContractShares>,
    /// Per commune of [`France::communes`], in its order: its facts without a share of area.
    communes: Vec<OnceLock<CommuneShares>>,
    /// Per station of [`France::stations`], in its order: what its items share.
    stations: Vec<OnceLock<stations::StationShares>>,
    /// Each source's citation.
    citations: Vec<(Source, Shared<Citation>)>,
}

/// What every answer about a contract gives of it.
#[derive(Debug)]
struct ContractShares {
    quartiers: Shared<Vec<QuartierRef>>,
    counts: Shared<PostCounts>,
    /// Every published row, for the complete answer.
    list: Shared<Vec<PostItem>>,
    /// The posts' sources, in the order their rows cite them.
    sources: Vec<Source>,
}

/// A commune's facts and the sources they cite, in the order they cite them.
#[derive(Debug)]
struct CommuneShares {
    facts: Shared<CommuneFacts>,
    sources: Vec<Source>,
}

impl NationalIndex {
    pub fn build(france: &France, qpv: &Layer<Perimeter>) -> Self {
        let mut index = NationalIndex::default();
        for (i, f) in qpv.features().iter().enumerate() {
            for insee in &f.props.communes {
                index
                    .quartiers_of_commune
                    .entry(insee.clone())
                    .or_default()
                    .push(i);
            }
            if let Some(links) = france.qpv(&f.props.code) {
                for link in &links.links {
                    index
                        .quartiers_of_contract
                        .entry(link.code_cv.clone())
                        .or_default()
                        .push(i);
                }
            }
        }
        for contract in france.contracts() {
            let shares = contract_shares(france, &index, qpv, &contract.code_cv);
            index.contracts.insert(contract.code_cv.clone(), shares);
        }
        index.communes = france.communes().iter().map(|_| OnceLock::new()).collect();
        index.stations = france
            .stations()
            .features()
            .iter()
            .map(|_| OnceLock::new())
            .collect();
        index.citations = Source::ALL
            .iter()
            .map(|&s| (s, Shared::new(Citation::of(s))))
            .collect();
        index
    }

    /// The facts of the commune at `position` in [`France::communes`], made on first use.
    fn commune(
        &self,
        france: &France,
        qpv: &Layer<Perimeter>,
        position: usize,
    ) -> Option<&CommuneShares> {
        let slot = self.communes.get(position)?;
        Some(slot.get_or_init(|| {
            let mut sources = Vec::new();
            let commune = &france.communes()[position];
            let facts = commune_facts(france, self, qpv, commune, None, &mut sources);
            CommuneShares {
                facts: Shared::new(facts),
                sources,
            }
        }))
    }

    fn citation(&self, source: Source) -> Shared<Citation> {
        match self.citations.iter().find(|(s, _)| *s == source) {
            Some((_, citation)) => citation.clone(),
            None => Shared::new(Citation::of(source)),
        }
    }

    /// The QPVs with ground in a commune (an arrondissement: those listing it).
    pub fn quartiers_of_commune<'q>(
        &self,
        insee: &str,
        qpv: &'q Layer<Perimeter>,
    ) -> Vec<&'q Perimeter> {
        perimeters(self.quartiers_of_commune.get(insee), qpv)
    }

    /// The positions in the national QPV layer of the QPVs linked to a contract.
    pub fn quartier_positions_of_contract(&self, code_cv: &str) -> &[usize] {
        self.quartiers_of_contract
            .get(code_cv)
            .map_or(&[], Vec::as_slice)
    }

    /// The QPVs linked to a contract.
    pub fn quartiers_of_contract<'q>(
        &self,
        code_cv: &str,
        qpv: &'q Layer<Perimeter>,
    ) -> Vec<&'q Perimeter> {
        perimeters(self.quartiers_of_contract.get(code_cv), qpv)
    }
}

/// The QPVs of the national layer at `indexes`.
fn perimeters<'q>(indexes: Option<&Vec<usize>>, qpv: &'q Layer<Perimeter>) -> Vec<&'q Perimeter> {
    indexes
        .into_iter()
        .flatten()
        .filter_map(|&i| qpv.get(i).map(|f| &f.props))
        .collect()
}

/// The national part of the answer for the place `ctx` describes.
pub fn answer(
    france: &France,
    index: &NationalIndex,
    qpv: &Layer<Perimeter>,
    ctx: &Context,
) -> NationalAnswer {
    let mut out = NationalAnswer::default();
    if !france.is_loaded() {
        return out;
    }
    let mut cited: Vec<Source> = Vec::new();
    out.ici = stations::here(france, index, ctx, &mut cited);
    let mut contracts: Vec<(String, String, Option<String>)> = Vec::new();
    let mut add_contract = |code: &str, how: String, rule: Option<String>| {
        if !contracts.iter().any(|(c, _, _)| c == code) {
            contracts.push((code.to_string(), how, rule));
        }
    };
    if let Some(code) = &ctx.contrat {
        add_contract(code, "le contrat demandé".to_string(), None);
    }
    for code_qp in &ctx.quartiers {
        if let Some(links) = france.qpv(code_qp) {
            let rule = (links.links.len() > 1).then(|| links.rule.clone());
            for link in &links.links {
                add_contract(
                    &link.code_cv,
                    format!("par le quartier prioritaire {code_qp} (rattachement déduit de ses communes)"),
                    rule.clone(),
                );
            }
        }
    }
    for insee in &ctx.communes {
        let Some(position) = france.commune_position(insee) else {
            continue;
        };
        let commune = &france.communes()[position];
        for (code, via) in &commune.contracts {
            add_contract(code, via_words(*via, commune), None);
        }
        let share = ctx.qpv_share.filter(|_| out.communes.is_empty());
        let facts = match (share, index.commune(france, qpv, position)) {
            (None, Some(shares)) => {
                for &source in &shares.sources {
                    cite(&mut cited, source);
                }
                shares.facts.clone()
            }
            _ => Shared::new(commune_facts(
                france, index, qpv, commune, share, &mut cited,
            )),
        };
        out.communes.push(facts);
    }
    for (code, how, rule) in contracts {
        if let Some(contract) = france.contract(&code) {
            out.contrats.push(contract_facts(
                france, index, qpv, contract, how, rule, &mut cited,
            ));
        }
    }
    out.sources = cited.into_iter().map(|s| index.citation(s)).collect();
    out
}

fn via_words(via: Via, commune: &Commune) -> String {
    let name = &commune.name;
    match via {
        Via::Commune => format!("contrat de la commune ({name})"),
        Via::Ept => format!("par l'établissement public territorial de la commune ({name})"),
        Via::Epci => format!("par l'intercommunalité (EPCI) de la commune ({name})"),
    }
}

fn cite(cited: &mut Vec<Source>, source: Source) -> &'static str {
    if !cited.contains(&source) {
        cited.push(source);
    }
    source.label()
}

fn commune_facts(
    france: &France,
    index: &NationalIndex,
    qpv: &Layer<Perimeter>,
    c: &Commune,
    qpv_share: Option<f64>,
    cited: &mut Vec<Source>,
) -> CommuneFacts {
    cite(cited, Source::Cog2026);
    let quartiers: Vec<QuartierRef> = index
        .quartiers_of_commune(&c.insee, qpv)
        .into_iter()
        .map(|p| QuartierRef {
            code_qp: p.code.clone(),
            nom: p.name.clone(),
        })
        .collect();
    let (france_services, programmes): (Vec<&Programme>, Vec<&Programme>) = c
        .programmes
        .iter()
        .partition(|p| p.kind == ProgrammeKind::FranceServices);
    let programme_item = |p: &Programme, cited: &mut Vec<Source>| programme_item(c, p, cited);
    let programmes: Vec<ProgrammeItem> = programmes
        .into_iter()
        .map(|p| programme_item(p, cited))
        .collect();
    let france_services: Vec<ProgrammeItem> = france_services
        .into_iter()
        .map(|p| programme_item(p, cited))
        .collect();
    let centralite = c.centrality.as_ref().map(|level| Dated {
        valeur: level.clone(),
        source: cite(cited, Source::Centralite),
        date: None,
    });
    let equipements_bpe = c.bpe.as_ref().map(|counts| {
        let comptes: Vec<BpeCount> = france
            .bpe_buckets()
            .iter()
            .zip(counts.iter())
            .filter(|(_, n)| **n > 0)
            .map(|(b, n)| BpeCount {
                rubrique: b.key.clone(),
                libelle: b.label.clone(),
                nombre: *n,
            })
            .collect();
        BpeCounts {
            date_reference: crate::france::BPE_REFERENCE_DATE,
            source: cite(cited, Source::Bpe2024),
            texte: text::bpe_text(&comptes),
            comptes,
        }
    });
    let contrats: Vec<String> = c.contracts.iter().map(|(code, _)| code.clone()).collect();
    let resume = commune_summary(france, c, &quartiers, qpv_share, &contrats, &programmes);
    CommuneFacts {
        insee_com: c.insee.clone(),
        nom: c.name.clone(),
        kind: match c.kind {
            CommuneKind::Commune => "commune",
            CommuneKind::ArrondissementMunicipal => "arrondissement municipal",
        },
        departement: c.departement.clone(),
        epci_siren: c.epci_siren.clone(),
        ept_siren: c.ept_siren.clone(),
        resume,
        quartiers_prioritaires: quartiers,
        contrats,
        centralite,
        programmes,
        france_services,
        equipements_bpe,
        precision_contour: france.contour(&c.insee).map(|_| CONTOUR_PRECISION),
        lien: named_query("commune", &c.insee),
    }
}

fn programme_item(c: &Commune, p: &Programme, cited: &mut Vec<Source>) -> ProgrammeItem {
    let id_part =
        p.id.as_deref()
            .map(|id| format!("-{id}"))
            .unwrap_or_default();
    let row_id = format!("{}-{}{id_part}", c.insee, p.kind.as_str());
    ProgrammeItem {
        kind: p.kind.as_str(),
        libelle: p.kind.label(),
        id: p.id.clone(),
        nom: p.name.clone(),
        date_signature: p.signed.clone(),
        dates: text::signature_words(p.signed.as_deref()),
        precision: p.placement(),
        source: cite(cited, p.source()),
        licence: p.source().licence(),
        code_source: p.source_code.clone(),
        lien: format!("collections/programmes/items/{}", encode(&row_id)),
    }
}

/// One readable sentence: « Angers (49007) : 9 quartiers prioritaires (…), contrat de ville
/// CN04903M ; Cité éducative, Cité de l'emploi. »
fn commune_summary(
    france: &France,
    c: &Commune,
    quartiers: &[QuartierRef],
    qpv_share: Option<f64>,
    contrats: &[String],
    programmes: &[ProgrammeItem],
) -> String {
    let mut parts = Vec::new();
    let share = qpv_share
        .filter(|_| !quartiers.is_empty())
        .map(|s| format!("{} de sa surface", text::share_words(s)));
    parts.push(match (quartiers, share) {
        ([], _) => "aucun quartier prioritaire".to_string(),
        ([one], share) => format!(
            "1 quartier prioritaire ({} {}{})",
            one.nom,
            one.code_qp,
            share.map(|s| format!(", {s}")).unwrap_or_default()
        ),
        (all, Some(share)) => format!("{} quartiers prioritaires ({share})", all.len()),
        (all, None) => format!("{} quartiers prioritaires", all.len()),
    });
    match contrats {
        [] => parts.push("aucun contrat de ville publié".to_string()),
        [one] => parts.push(format!(
            "contrat de ville {one}{}",
            france
                .contract(one)
                .map(|k| format!(" « {} »", k.name()))
                .unwrap_or_default()
        )),
        several => parts.push(format!("contrats de ville {}", several.join(", "))),
    }
    let mut sentence = format!("{} ({}) : {}", c.name, c.insee, parts.join(", "));
    if !programmes.is_empty() {
        let mut names: Vec<&str> = programmes.iter().map(|p| p.libelle).collect();
        names.dedup();
        sentence.push_str(" ; programmes : ");
        sentence.push_str(&names.join(", "));
    }
    sentence.push('.');
    sentence
}

fn contract_facts(
    france: &France,
    index: &NationalIndex,
    qpv: &Layer<Perimeter>,
    contract: &Contract,
    rattachement: String,
    regle: Option<String>,
    cited: &mut Vec<Source>,
) -> ContractFacts {
    let built;
    let shares = match index.contracts.get(&contract.code_cv) {
        Some(shares) => shares,
        None => {
            built = contract_shares(france, index, qpv, &contract.code_cv);
            &built
        }
    };
    for &source in &shares.sources {
        cite(cited, source);
    }
    let lien = named_query("contrat", &contract.code_cv);
    ContractFacts {
        code: contract.code_cv.clone(),
        nom: contract.name().to_string(),
        generation: contract.generation.clone(),
        rattachement,
        regle,
        quartiers_prioritaires: shares.quartiers.clone(),
        source: cite(cited, Source::ContratsVille),
        licence: Source::ContratsVille.licence(),
        postes: shares.counts.clone(),
        lien,
        liste_postes: shares.list.clone(),
    }
}

/// A contract's QPVs, and its posts counted per year and kind (latest year first; within a
/// year, adultes-relais then FONJEP) and listed, with their sources.
fn contract_shares(
    france: &France,
    index: &NationalIndex,
    qpv: &Layer<Perimeter>,
    code_cv: &str,
) -> ContractShares {
    let quartiers = index
        .quartiers_of_contract(code_cv, qpv)
        .into_iter()
        .map(|p| QuartierRef {
            code_qp: p.code.clone(),
            nom: p.name.clone(),
        })
        .collect();
    let posts = france.posts(code_cv);
    let mut per: BTreeMap<(u16, Dispositif), Tally> = BTreeMap::new();
    let mut distinct: HashSet<(Dispositif, &str)> = HashSet::new();
    let mut sources: Vec<Source> = Vec::new();
    for p in posts {
        let e = per.entry((p.year, p.dispositif)).or_default();
        e.0.insert(&p.id_poste);
        e.1 += 1;
        e.2.insert(&p.employer);
        distinct.insert((p.dispositif, &p.id_poste));
        cite(&mut sources, p.source());
    }
    let mut per: Vec<_> = per.into_iter().collect();
    per.sort_by(|((y1, d1), _), ((y2, d2), _)| y2.cmp(y1).then(d1.cmp(d2)));
    let par_annee: Vec<PostCount> = per
        .into_iter()
        .map(|((annee, d), Tally(ids, rows, employers))| PostCount {
            annee,
            dispositif: dispositif_code(d),
            libelle: d.label(),
            postes: ids.len(),
            lignes_publiees: rows,
            employeurs: employers.len(),
        })
        .collect();
    let lien = named_query("contrat", code_cv);
    ContractShares {
        quartiers: Shared::new(quartiers),
        counts: Shared::new(PostCounts {
            total: distinct.len(),
            texte: text::posts_text(&par_annee),
            par_annee,
            lien: format!("{lien}&detail=complet"),
        }),
        list: Shared::new(
            posts
                .iter()
                .map(|p| PostItem {
                    dispositif: dispositif_code(p.dispositif),
                    libelle: p.dispositif.label(),
                    annee: p.year,
                    id_poste: p.id_poste.clone(),
                    employeur: p.employer.clone(),
                    siret: p.siret.clone(),
                    montant_publie: p.published_amount,
                    source: p.source().label(),
                    ligne_source: p.source_row.clone(),
                })
                .collect(),
        ),
        sources,
    }
}

/// The posts of one year and kind: distinct ids, rows as published, distinct employers.
#[derive(Default)]
struct Tally<'p>(HashSet<&'p str>, usize, HashSet<&'p str>);

fn dispositif_code(d: Dispositif) -> &'static str {
    match d {
        Dispositif::AdulteRelais => "adulte_relais",
        Dispositif::Fonjep => "fonjep",
    }
}
