//! The national references of an answer as text (`quartiers query`): stations, the commune's
//! facts and the contrats de ville, each fact with its source and date.

use std::fmt::Write;

use geodata::impacts::Detail;
use geodata::national_answer::{ContractFacts, NationalAnswer, COMPACT_STATIONS};

pub fn render(out: &mut String, n: &NationalAnswer, detail: Detail) {
    if n.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nRéférences nationales (données ouvertes)");
    for c in &n.communes {
        let _ = writeln!(out, "  {}", c.resume);
        for p in c.programmes.iter().chain(&c.france_services) {
            let _ = writeln!(
                out,
                "    - {} « {} » : {} ({}) — {}",
                p.libelle, p.nom, p.dates, p.precision, p.source
            );
        }
        if let Some(level) = &c.centralite {
            let _ = writeln!(
                out,
                "    - centralité : {} — {}",
                level.valeur, level.source
            );
        }
        if let Some(bpe) = &c.equipements_bpe {
            let _ = writeln!(
                out,
                "    - équipements (BPE 2024, au 1er janvier 2024) : {}",
                bpe.texte
            );
        }
    }
    let shown = match detail {
        Detail::Complet => n.ici.gares.len(),
        Detail::Resume => n.ici.gares.len().min(COMPACT_STATIONS),
    };
    if n.ici.gares_total > 0 {
        let within = if n.ici.rayon_m > 0.0 {
            format!("à moins de {} m", n.ici.rayon_m)
        } else {
            "dans ce lieu".to_string()
        };
        let _ = writeln!(
            out,
            "  Gares et stations {within} ({}) :",
            n.ici.gares_total
        );
        for g in &n.ici.gares[..shown] {
            let _ = writeln!(out, "    - {}", g.raison);
        }
    }
    for c in &n.contrats {
        contract(out, c, detail);
    }
    for s in &n.sources {
        let date = s.date.map(|d| format!(", {d}")).unwrap_or_default();
        let _ = writeln!(out, "  Source : {} ({}{date})", s.source, s.licence);
    }
}

fn contract(out: &mut String, c: &ContractFacts, detail: Detail) {
    let _ = writeln!(
        out,
        "  Contrat de ville {} « {} » ({}) — {}",
        c.code, c.nom, c.generation, c.rattachement
    );
    if let Some(rule) = &c.regle {
        let _ = writeln!(out, "    règle : {rule}");
    }
    if c.postes.total > 0 {
        let _ = writeln!(out, "    postes financés : {}", c.postes.texte);
    }
    if detail == Detail::Complet {
        for p in c.liste_postes.iter() {
            let _ = writeln!(
                out,
                "      - {} {} « {} » ({}), montant publié {} €",
                p.annee, p.libelle, p.employeur, p.id_poste, p.montant_publie
            );
        }
    }
}
