//! A change in plain French: « Opération « … » : statut programmé → en travaux » as a title,
//! and a summary naming the version, its author, its comment and every changed field.

use serde_json::Value;
use store::history::{ChangeKind, FieldChange, GeometryEdit};
use store::LayerId;

use super::Entry;

/// Fields shown first (in this order) and in the title: what residents follow.
const PROMINENT: [&str; 10] = [
    "statut",
    "date_debut",
    "date_fin",
    "statut_date",
    "cout_eur",
    "financements",
    "logements",
    "maitre_ouvrage",
    "titre",
    "nom",
];
/// Changes named in a title; the summary lists them all.
const IN_TITLE: usize = 3;
/// Longest value quoted in a title or a summary line, in characters.
const LONGEST_VALUE: usize = 80;

/// The kind of item, capitalised, and whether the noun is feminine.
fn noun(layer: LayerId) -> (&'static str, bool) {
    match layer {
        LayerId::Qpv => ("Quartier prioritaire", false),
        LayerId::Perimetres => ("Quartier", false),
        LayerId::Operations => ("Opération", true),
        LayerId::Equipements => ("Équipement", false),
        LayerId::Centralites => ("Centralité", true),
        LayerId::Corridors => ("Corridor", false),
        LayerId::Ilots => ("Îlot", false),
        LayerId::Communes => ("Commune", true),
        LayerId::Territoires => ("Territoire", false),
        LayerId::Actions => ("Action", true),
    }
}

/// A field's name in French.
pub fn field_label(field: &str) -> &str {
    match field {
        "statut" => "statut",
        "statut_date" => "date du statut",
        "statut_date_origine" => "origine de la date du statut",
        "source_date" => "date de la source",
        "emplacement" => "emplacement",
        "deduit_de" => "emplacement déduit de",
        "interpretations" => "interprétations",
        "date_debut" => "début",
        "date_fin" => "fin",
        "dates_texte" => "dates",
        "cout_eur" => "coût",
        "financements" => "financements",
        "logements" => "logements",
        "maitre_ouvrage" => "maître d'ouvrage",
        "titre" => "titre",
        "nom" => "nom",
        "description" => "description",
        "perimetre" => "quartier de rattachement",
        "precision_geometrie" => "précision de la localisation",
        "motif_precision" => "motif de la précision",
        "insee_com" => "communes",
        "source_document" => "document source",
        "source_section" => "passage source",
        "programme" => "programme",
        "secteur" => "secteur",
        "operation" => "opération liée",
        "type" => "type",
        "anciens_noms" => "anciens noms",
        "codes_predecesseurs" => "anciens codes",
        "realisations" => "réalisations",
        other => other,
    }
}

/// A value in a line of text; `None` when too long or too structured to quote.
fn value_text(field: &str, v: &Value) -> Option<String> {
    let text = match v {
        Value::Null => "non renseigné".to_string(),
        Value::String(s) if s.is_empty() => "non renseigné".to_string(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "oui" } else { "non" }.to_string(),
        Value::Number(n) => {
            let x = n.as_f64()?;
            let amount = grouped(x);
            if field.ends_with("_eur") {
                format!("{amount} €")
            } else {
                amount
            }
        }
        Value::Array(a) if a.is_empty() => "aucun".to_string(),
        Value::Array(a) if a.iter().all(|x| x.is_string() || x.is_number()) => a
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        _ => return None,
    };
    (text.chars().count() <= LONGEST_VALUE).then_some(text)
}

/// `77000000` → `77 000 000` (narrow no-break spaces, as French typography wants).
fn grouped(x: f64) -> String {
    if x.fract() != 0.0 {
        return format!("{x}").replace('.', ",");
    }
    let digits = format!("{}", x.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    if x < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// The values of a change, `programmé → en travaux`; `None` when one is too long to quote.
/// A status is said with its date (issue 27): `programmé (2019) → en travaux (novembre 2026)`
/// when the version redated it (`all`: every change of the feature), else
/// `programmé → en travaux (date du statut inchangée)`.
fn values(c: &FieldChange, all: &[FieldChange]) -> Option<String> {
    let (a, b) = (
        value_text(&c.champ, &c.avant)?,
        value_text(&c.champ, &c.apres)?,
    );
    if c.champ != "statut" {
        return Some(format!("{a} → {b}"));
    }
    Some(match all.iter().find(|d| d.champ == "statut_date") {
        Some(d) => format!(
            "{a} ({}) → {b} ({})",
            day_text(&d.avant),
            day_text(&d.apres)
        ),
        None => format!("{a} → {b} (date du statut inchangée)"),
    })
}

/// A status date in French (`2019-06` → `juin 2019`), « non datée » when absent.
fn day_text(v: &Value) -> String {
    match v.as_str().map(str::parse::<geodata::model::FuzzyDate>) {
        Some(Ok(d)) => d.label_fr(),
        Some(Err(_)) => v.as_str().unwrap_or_default().to_string(),
        None => "non datée".to_string(),
    }
}

/// Whether a change is said within another's line: a status date beside its status.
fn said_with_another(c: &FieldChange, all: &[FieldChange]) -> bool {
    c.champ == "statut_date" && all.iter().any(|d| d.champ == "statut")
}

/// Whether a change is left to the summary: where a status date comes from, beside a changed
/// status or date.
fn summary_only(c: &FieldChange, all: &[FieldChange]) -> bool {
    matches!(c.champ.as_str(), "statut_date_origine" | "source_date")
        && all
            .iter()
            .any(|d| d.champ == "statut" || d.champ == "statut_date")
}

/// `statut programmé → en travaux`, or `description : nouvelle valeur` for a long value.
fn field_line(c: &FieldChange, all: &[FieldChange]) -> String {
    let label = field_label(&c.champ);
    match values(c, all) {
        Some(v) => format!("{label} {v}"),
        None => format!("{label} : nouvelle valeur"),
    }
}

fn geometry_line(g: &GeometryEdit, layer: LayerId) -> String {
    let word = if layer == LayerId::Perimetres || layer == LayerId::Qpv {
        "contour redessiné"
    } else {
        "localisation modifiée"
    };
    let area = match (g.change.surface_avant_m2, g.change.surface_apres_m2) {
        (Some(a), Some(b)) => format!(" (surface {} → {} ha)", hectares(a), hectares(b)),
        _ => String::new(),
    };
    match g.deplacement_m {
        Some(d) if d >= 1.0 && area.is_empty() => {
            format!("{word} (déplacement de {} m)", grouped(d.round()))
        }
        _ => format!("{word}{area}"),
    }
}

fn hectares(m2: f64) -> String {
    format!("{:.2}", m2 / 10_000.0).replace('.', ",")
}

/// The changed fields, the prominent ones first; a status date is said with its status.
fn ordered(champs: &[FieldChange]) -> Vec<&FieldChange> {
    let rank = |c: &FieldChange| {
        PROMINENT
            .iter()
            .position(|p| *p == c.champ)
            .unwrap_or(PROMINENT.len())
    };
    let mut list: Vec<&FieldChange> = champs
        .iter()
        .filter(|c| !said_with_another(c, champs))
        .collect();
    list.sort_by_key(|c| rank(c));
    list
}

/// « Opération « Démolition … » : statut programmé → en travaux ».
pub fn title(e: &Entry<'_>) -> String {
    let (noun, feminine) = noun(e.layer());
    let e_ = if feminine { "e" } else { "" };
    let name = &e.change.nom;
    let head = format!("{noun} « {name} »");
    match e.change.nature {
        ChangeKind::Ajout => format!("{head} ajouté{e_}"),
        ChangeKind::Suppression => format!("{head} supprimé{e_}"),
        ChangeKind::Modification => {
            let champs = &e.change.champs;
            let mut parts: Vec<String> = ordered(champs)
                .into_iter()
                .filter(|c| !summary_only(c, champs))
                .map(|c| field_line(c, champs))
                .collect();
            if let Some(g) = &e.change.geometrie {
                parts.insert(parts.len().min(1), geometry_line(g, e.layer()));
            }
            let more = parts.len().saturating_sub(IN_TITLE);
            parts.truncate(IN_TITLE);
            if more > 0 {
                parts.push(format!("et {more} autre(s) changement(s)"));
            }
            format!("{head} : {}", parts.join(", "))
        }
    }
}

/// The version, its author and comment, then one line per change.
pub fn summary(e: &Entry<'_>) -> String {
    let v = &e.version.version;
    let when = date_fr(&v.date);
    // The admin credential that published it, when one did.
    let by = match &v.credential {
        Some(name) => format!("{} (jeton « {name} »)", v.author),
        None => v.author.clone(),
    };
    let mut lines = vec![match v.rollback_of {
        Some(n) => format!(
            "Retour à la version {n} (version {} publiée le {when} par {by}).",
            v.number
        ),
        None => format!("Version {} publiée le {when} par {by}.", v.number),
    }];
    if !v.comment.is_empty() {
        lines.push(format!("Commentaire : « {} ».", v.comment));
    }
    match e.change.nature {
        ChangeKind::Ajout => lines.push("L'élément apparaît dans les données publiées.".into()),
        ChangeKind::Suppression => {
            lines.push("L'élément ne figure plus dans les données publiées.".into())
        }
        ChangeKind::Modification => {
            if let Some(g) = &e.change.geometrie {
                let mut line = geometry_line(g, e.layer());
                if let Some(first) = line.get(..1) {
                    line = first.to_uppercase() + &line[1..];
                }
                lines.push(format!("{line}."));
            }
            for c in ordered(&e.change.champs) {
                let label = field_label(&c.champ);
                let mut label = label.to_string();
                if let Some(first) = label.chars().next() {
                    label = first.to_uppercase().collect::<String>() + &label[first.len_utf8()..];
                }
                match values(c, &e.change.champs) {
                    Some(v) => lines.push(format!("{label} : {v}.")),
                    None => lines.push(format!("{label} : nouvelle valeur.")),
                }
            }
        }
    }
    lines.join("\n")
}

/// `2025-03-04T10:12:00Z` → `4 mars 2025 à 10 h 12 (UTC)`; the text itself if unreadable.
/// The day is worded by the model's own dates.
pub fn date_fr(rfc3339: &str) -> String {
    use chrono::Timelike;
    let Ok(d) = chrono::DateTime::parse_from_rfc3339(rfc3339) else {
        return rfc3339.to_string();
    };
    let d = d.with_timezone(&chrono::Utc);
    match d
        .format("%Y-%m-%d")
        .to_string()
        .parse::<geodata::model::FuzzyDate>()
    {
        Ok(day) => format!(
            "{} à {} h {:02} (UTC)",
            day.label_fr(),
            d.hour(),
            d.minute()
        ),
        Err(_) => rfc3339.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use store::history::{FeatureChange, VersionChanges};
    use store::Version;

    fn version(rollback_of: Option<u64>) -> VersionChanges {
        VersionChanges {
            version: Version {
                number: 12,
                territory: "annemasse-agglo".into(),
                layer: "operations".into(),
                author: "service SIG".into(),
                date: "2025-03-01T09:05:00Z".into(),
                source_name: "operations.shp".into(),
                sha256: String::new(),
                feature_count: 28,
                comment: "démolition commencée".into(),
                table: String::new(),
                rollback_of,
                credential: rollback_of.map(|_| "sig-annemasse".into()),
            },
            layer: LayerId::Operations,
            initial: false,
            changes: vec![],
        }
    }

    fn change(champs: Vec<FieldChange>) -> FeatureChange {
        FeatureChange {
            id: "demolition".into(),
            nom: "Démolition de 140 logements".into(),
            nature: ChangeKind::Modification,
            champs,
            geometrie: None,
            removed: None,
        }
    }

    fn field(champ: &str, avant: Value, apres: Value) -> FieldChange {
        FieldChange {
            champ: champ.into(),
            avant,
            apres,
        }
    }

    #[test]
    fn a_status_change_reads_as_the_issue_says() {
        let v = version(None);
        let c = change(vec![
            field("description", json!("x".repeat(200)), json!("y")),
            field("statut", json!("programmé"), json!("en travaux")),
        ]);
        let e = Entry {
            version: &v,
            change: &c,
        };
        assert_eq!(
            title(&e),
            "Opération « Démolition de 140 logements » : statut programmé → en travaux (date du statut inchangée), description : nouvelle valeur"
        );
        let s = summary(&e);
        assert!(
            s.starts_with("Version 12 publiée le 1er mars 2025 à 9 h 05 (UTC) par service SIG."),
            "{s}"
        );
        assert!(s.contains("Commentaire : « démolition commencée »."), "{s}");
        assert!(
            s.contains("Statut : programmé → en travaux (date du statut inchangée)."),
            "{s}"
        );
    }

    #[test]
    fn a_status_is_said_with_its_date() {
        let v = version(None);
        let c = change(vec![
            field("statut", json!("programmé"), json!("en travaux")),
            field("statut_date", json!("2019"), json!("2026-11")),
            field("statut_date_origine", json!("document"), json!("source")),
        ]);
        let e = Entry {
            version: &v,
            change: &c,
        };
        assert_eq!(
            title(&e),
            "Opération « Démolition de 140 logements » : statut programmé (2019) → en travaux (novembre 2026)"
        );
        let s = summary(&e);
        assert!(
            s.contains("Statut : programmé (2019) → en travaux (novembre 2026)."),
            "{s}"
        );
        assert!(!s.contains("Date du statut"), "{s}");
        assert!(
            s.contains("Origine de la date du statut : document → source."),
            "{s}"
        );
        // A date changed alone is its own line.
        let c = change(vec![field("statut_date", json!("2019"), json!("2026-11"))]);
        let e = Entry {
            version: &v,
            change: &c,
        };
        assert_eq!(
            title(&e),
            "Opération « Démolition de 140 logements » : date du statut 2019 → 2026-11"
        );
    }

    #[test]
    fn amounts_removals_and_rollbacks() {
        let v = version(Some(5));
        let c = change(vec![field("cout_eur", json!(77000000), Value::Null)]);
        let e = Entry {
            version: &v,
            change: &c,
        };
        assert_eq!(
            title(&e),
            "Opération « Démolition de 140 logements » : coût 77\u{202f}000\u{202f}000 € → non renseigné"
        );
        assert!(summary(&e).starts_with("Retour à la version 5 (version 12"));
        assert!(
            summary(&e).contains("par service SIG (jeton « sig-annemasse »))."),
            "{}",
            summary(&e)
        );
        let gone = FeatureChange {
            nature: ChangeKind::Suppression,
            ..change(vec![])
        };
        let e = Entry {
            version: &v,
            change: &gone,
        };
        assert_eq!(
            title(&e),
            "Opération « Démolition de 140 logements » supprimée"
        );
    }
}
