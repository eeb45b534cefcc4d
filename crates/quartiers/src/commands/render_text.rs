//! The impact answer as readable French text for the terminal: the place's perimeters, then
//! each scope (here, the commune, the whole territory). The compact form lists what is here
//! and counts the rest; the complete form lists everything.

use std::fmt::Write;

use geodata::impacts::{
    ActionImpact, Dating, Detail, Entry, Group, Impact, ImpactReport, PerimeterImpact, Scope,
    ScopeSummary,
};
use geodata::model::Interpretation;

pub fn render(r: &ImpactReport, detail: Detail) -> String {
    let mut out = String::new();
    let place = match &r.place.named {
        Some(n) => format!("{} « {} » ({})", n.kind, n.nom, n.code),
        None if r.place.kind == "point" => {
            format!("point {:.5}, {:.5}", r.place.lon, r.place.lat)
        }
        None => format!(
            "surface de {:.0} m² centrée sur {:.5}, {:.5}",
            r.place.surface_m2.unwrap_or(0.0),
            r.place.lon,
            r.place.lat
        ),
    };
    let _ = writeln!(out, "Ce qui concerne ce lieu — {place}");
    if let Some(c) = &r.place.commune {
        let _ = writeln!(out, "Commune : {} ({})", c.nom, c.insee);
    }
    if !r.territories.is_empty() {
        let names: Vec<&str> = r.territories.iter().map(|t| t.nom.as_str()).collect();
        let _ = writeln!(out, "Territoire : {}", names.join(", "));
    }
    for w in &r.warnings {
        let _ = writeln!(out, "⚠ {w}");
    }
    let to_check: usize = r.to_check().iter().map(|(_, n)| n).sum();
    if let (Some(day), true) = (r.date_reference, to_check > 0) {
        let _ = writeln!(
            out,
            "Statuts à vérifier : {to_check} (connus depuis plus longtemps que le seuil du territoire, ou non datés, au {})",
            day.label_fr()
        );
    }
    let _ = writeln!(
        out,
        "\n{} ({})",
        Group::Perimetres.title_fr(),
        r.perimeters.len()
    );
    if r.perimeters.is_empty() {
        let _ = writeln!(out, "  (aucun)");
    }
    for p in &r.perimeters {
        perimeter(&mut out, p);
    }
    for summary in &r.scopes {
        scope(&mut out, r, summary, detail);
    }
    super::render_national::render(&mut out, &r.references, detail);
    out
}

/// One scope: its title and counts, then its items when they are listed.
fn scope(out: &mut String, r: &ImpactReport, s: &ScopeSummary, detail: Detail) {
    let listed = detail == Detail::Complet || s.portee == Scope::Ici;
    let title = match &s.territoire {
        Some(t) if s.portee == Scope::Territoire => format!("{} ({})", s.libelle, t.nom),
        _ => s.libelle.clone(),
    };
    let non_perimeter: usize = s
        .groupes
        .iter()
        .filter(|(key, _)| *key != Group::Perimetres.key())
        .map(|(_, g)| g.total)
        .sum();
    let _ = writeln!(out, "\n{title} ({non_perimeter})");
    if non_perimeter == 0 {
        let _ = writeln!(out, "  (rien de recensé)");
        return;
    }
    let in_scope = |e: &&Entry<Impact>| e.portee == s.portee && same_territory(s, &e.territoire);
    for g in Group::ALL {
        let impacts = match g {
            Group::Perimetres => continue,
            Group::Actions => {
                let actions: Vec<&Entry<ActionImpact>> = r
                    .actions
                    .iter()
                    .filter(|a| a.portee == s.portee && same_territory(s, &a.territoire))
                    .collect();
                group(out, s, g, &actions, listed, action);
                continue;
            }
            Group::Operations => &r.operations,
            Group::Equipements => &r.equipment,
            Group::Centralites => &r.centralities,
            Group::Corridors => &r.corridors,
        };
        let items: Vec<&Entry<Impact>> = impacts.iter().filter(in_scope).collect();
        group(out, s, g, &items, listed, impact);
    }
    if !listed {
        let _ = writeln!(out, "  (liste complète : --detail complet)");
    }
}

fn same_territory(s: &ScopeSummary, slug: &str) -> bool {
    s.territoire.as_ref().is_none_or(|t| t.slug == slug)
}

/// One group of a scope: its title and counts, then its items when they are listed.
fn group<T>(
    out: &mut String,
    s: &ScopeSummary,
    g: Group,
    items: &[&Entry<T>],
    listed: bool,
    item: fn(&mut String, &T),
) {
    let Some((_, count)) = s.groupes.iter().find(|(k, _)| *k == g.key()) else {
        return;
    };
    if count.total == 0 {
        return;
    }
    let by_status: Vec<String> = count
        .par_statut
        .iter()
        .map(|(status, n)| format!("{status} {n}"))
        .collect();
    let to_check = match count.a_verifier {
        0 => String::new(),
        n => format!(" · {n} à vérifier"),
    };
    let _ = writeln!(
        out,
        "  {} ({}) — {}{to_check}",
        g.title_fr(),
        count.total,
        by_status.join(", ")
    );
    if listed {
        for i in items {
            item(out, i);
        }
    }
}

fn perimeter(out: &mut String, p: &PerimeterImpact) {
    let former = if p.predecessors.is_empty() {
        String::new()
    } else {
        format!(", ex-{}", p.predecessors.join(", "))
    };
    let layer = if p.territoire.is_some() {
        ""
    } else {
        " [couche nationale]"
    };
    let _ = writeln!(
        out,
        "  • {} — {} ({}{former}, géographie {}){layer}",
        p.verdict.label_fr().to_uppercase(),
        p.nom,
        p.code,
        p.millesime
    );
    let _ = writeln!(out, "    {}", p.raison);
    geometry(out, "    ", p.precision_geometrie, &p.motif_precision);
    source(out, &p.source);
}

/// The line of a geometry's precision and its reason, after `indent`.
fn geometry(
    out: &mut String,
    indent: &str,
    precision: geodata::model::GeometryPrecision,
    reason: &str,
) {
    let _ = writeln!(
        out,
        "{indent}Géométrie : {} — {reason}",
        precision.label_fr()
    );
}

/// « [en travaux · état connu en 2019, à vérifier] »: a status never goes without its date.
fn status_badge(status: Option<&str>, dating: Option<&Dating>) -> Option<String> {
    let status = status?;
    Some(match dating {
        Some(d) => format!(" [{status} · {}]", d.statut_etat),
        None => format!(" [{status}]"),
    })
}

fn impact(out: &mut String, i: &Impact) {
    let status = status_badge(i.statut.as_deref(), i.datation.as_ref()).unwrap_or_default();
    let _ = writeln!(
        out,
        "    • {}{status} — {} ({})",
        i.titre,
        i.relation.label_fr(),
        i.kind
    );
    let mut facts = Vec::new();
    if let Some(d) = &i.dates {
        facts.push(d.to_string());
    }
    if let Some(mo) = &i.maitre_ouvrage {
        facts.push(format!("maître d'ouvrage : {mo}"));
    }
    if let Some(eur) = i.montant_eur {
        facts.push(format!("{} €", thousands(eur)));
    }
    if let Some(n) = i.logements {
        facts.push(format!("{n} logements"));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "      {}", facts.join(" · "));
    }
    let _ = writeln!(out, "      {}", i.raison);
    if i.precision_geometrie != geodata::model::GeometryPrecision::Exact {
        geometry(out, "      ", i.precision_geometrie, &i.motif_precision);
    }
    interpretations(out, &i.interpretations);
    source(out, &i.source);
}

/// Each field that reads its source rather than quotes it, with the source's words.
fn interpretations(out: &mut String, list: &[Interpretation]) {
    for reading in list {
        let line = reading
            .line
            .map(|l| format!(" (l. {l})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "      Lecture de la source — {} : la source dit « {} »{line} ; {}",
            reading.field, reading.source_text, reading.reason
        );
    }
}

fn action(out: &mut String, a: &ActionImpact) {
    let status = status_badge(a.statut.as_deref(), a.datation.as_ref())
        .unwrap_or_else(|| " [état non renseigné]".into());
    let _ = writeln!(
        out,
        "    • {} {}{status} — {}",
        a.code, a.titre, a.perimetre_realisation
    );
    let _ = writeln!(out, "      {}", a.raison);
    interpretations(out, &a.interpretations);
}

fn source(out: &mut String, s: &geodata::model::SourceRef) {
    if !s.document.is_empty() {
        let _ = writeln!(out, "      Source : {} — {}", s.document, s.section);
    }
}

/// 77000000 → "77 000 000" (French thousands separator: a narrow no-break space).
fn thousands(eur: f64) -> String {
    let digits = format!("{:.0}", eur);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}
