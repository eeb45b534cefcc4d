//! The impact answer as readable French text for the terminal.

use std::fmt::Write;

use geodata::impacts::{ActionImpact, Impact, ImpactReport, PerimeterImpact};

pub fn render(r: &ImpactReport) -> String {
    let mut out = String::new();
    let place = if r.place.kind == "point" {
        format!("point {:.5}, {:.5}", r.place.lon, r.place.lat)
    } else {
        format!(
            "surface de {:.0} m² centrée sur {:.5}, {:.5}",
            r.place.surface_m2.unwrap_or(0.0),
            r.place.lon,
            r.place.lat
        )
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
    section(
        &mut out,
        "Quartier prioritaire / de veille",
        &r.perimeters,
        perimeter,
    );
    section(
        &mut out,
        "Opérations de renouvellement urbain",
        &r.operations,
        impact,
    );
    section(&mut out, "Équipements à proximité", &r.equipment, impact);
    section(&mut out, "Actions du Contrat de Ville", &r.actions, action);
    section(
        &mut out,
        "Centralités commerciales",
        &r.centralities,
        impact,
    );
    section(&mut out, "Corridors écologiques", &r.corridors, impact);
    out
}

fn section<T>(out: &mut String, title: &str, items: &[T], item: fn(&mut String, &T)) {
    let _ = writeln!(out, "\n{title} ({})", items.len());
    if items.is_empty() {
        let _ = writeln!(out, "  (aucun)");
    }
    for i in items {
        item(out, i);
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
    let _ = writeln!(
        out,
        "    Géométrie : {} — {}",
        p.precision_geometrie.label_fr(),
        p.motif_precision
    );
    source(out, &p.source);
}

fn impact(out: &mut String, i: &Impact) {
    let status = i
        .statut
        .as_deref()
        .map(|s| format!(" [{s}]"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  • {}{status} — {} ({})",
        i.titre,
        i.relation.label_fr(),
        i.kind
    );
    let mut facts = Vec::new();
    if let Some(d) = &i.dates {
        facts.push(d.clone());
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
        let _ = writeln!(out, "    {}", facts.join(" · "));
    }
    let _ = writeln!(out, "    {}", i.raison);
    if i.precision_geometrie != geodata::model::GeometryPrecision::Exact {
        let _ = writeln!(
            out,
            "    Géométrie : {} — {}",
            i.precision_geometrie.label_fr(),
            i.motif_precision
        );
    }
    source(out, &i.source);
}

fn action(out: &mut String, a: &ActionImpact) {
    let status = a
        .statut
        .as_deref()
        .map(|s| format!(" [{s}]"))
        .unwrap_or_else(|| " [état non renseigné]".into());
    let _ = writeln!(
        out,
        "  • {} {}{status} — {}",
        a.code, a.titre, a.perimetre_realisation
    );
    let _ = writeln!(out, "    {}", a.raison);
}

fn source(out: &mut String, s: &geodata::model::SourceRef) {
    if !s.document.is_empty() {
        let _ = writeln!(out, "    Source : {} — {}", s.document, s.section);
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
