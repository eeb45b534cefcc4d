//! The order of the answer: by scope (what is here, then the commune, then the territory);
//! within a scope, current information before stale (« à vérifier ») and undated; then what is
//! under way first, then what is programmed, then what is done; then nearer before farther,
//! earlier before later, and by title for a stable order.

use std::cmp::Ordering;

use super::types::{ActionImpact, Dating, Impact, PerimeterImpact, Verdict};

/// Rank of a status label (operations', equipment's and actions' statuses alike).
pub fn status_rank(status: Option<&str>) -> u8 {
    match status {
        Some(
            "en travaux"
            | "En cours de déploiement"
            | "En cours de lancement"
            | "En voie de finalisation",
        ) => 0,
        Some("en études") => 1,
        Some("programmé") => 2,
        Some("existant" | "réalisé" | "Atteint" | "Partiellement atteint") => 3,
        Some("Non atteint") => 4,
        Some("abandonné") => 6,
        _ => 5,
    }
}

pub fn impacts(a: &Impact, b: &Impact) -> Ordering {
    let key = |i: &Impact| {
        (
            i.portee,
            Dating::rank(i.datation.as_ref()),
            status_rank(i.statut.as_deref()),
            i.relation,
        )
    };
    key(a)
        .cmp(&key(b))
        .then(a.distance_m.total_cmp(&b.distance_m))
        .then_with(|| start(a).cmp(&start(b)))
        .then_with(|| a.titre.cmp(&b.titre))
        .then_with(|| a.id.cmp(&b.id))
}

pub fn actions(a: &ActionImpact, b: &ActionImpact) -> Ordering {
    let key = |i: &ActionImpact| {
        (
            i.portee,
            Dating::rank(i.datation.as_ref()),
            status_rank(i.statut.as_deref()),
        )
    };
    key(a)
        .cmp(&key(b))
        .then_with(|| natural_code_cmp(&a.code, &b.code))
        .then_with(|| a.id.cmp(&b.id))
}

/// Inside before at the edge before outside, nearer before farther.
pub fn perimeters(a: &PerimeterImpact, b: &PerimeterImpact) -> Ordering {
    (verdict_rank(a.verdict), a.relation)
        .cmp(&(verdict_rank(b.verdict), b.relation))
        .then(a.distance_m.total_cmp(&b.distance_m))
        .then_with(|| a.code.cmp(&b.code))
}

/// Undated last.
fn start(i: &Impact) -> (bool, (u16, u8, u8)) {
    match i.date_debut.or(i.date_fin) {
        Some(d) => (false, d.bounds().0),
        None => (true, (0, 0, 0)),
    }
}

fn verdict_rank(v: Verdict) -> u8 {
    match v {
        Verdict::Dedans => 0,
        Verdict::EnLimite => 1,
        Verdict::Indetermine => 2,
        Verdict::Dehors => 3,
    }
}

/// `1.10` after `1.9`: codes compared number by number; `N.A.` (no number) last. Without
/// allocating: a sort of a territory's actions compares codes a thousand times.
fn natural_code_cmp(a: &str, b: &str) -> Ordering {
    fn numbers(code: &str) -> impl Iterator<Item = u32> + '_ {
        code.split('.').map_while(|p| p.parse::<u32>().ok())
    }
    let (mut x, mut y) = (numbers(a), numbers(b));
    match (x.next(), y.next()) {
        (None, None) => return Ordering::Equal,
        (None, Some(_)) => return Ordering::Greater,
        (Some(_), None) => return Ordering::Less,
        (Some(p), Some(q)) if p != q => return p.cmp(&q),
        _ => {}
    }
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (p, q) if p != q => return p.cmp(&q),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_way_before_programmed_before_done() {
        let mut statuses = vec![
            Some("réalisé"),
            None,
            Some("programmé"),
            Some("abandonné"),
            Some("en travaux"),
            Some("en études"),
        ];
        statuses.sort_by_key(|s| status_rank(*s));
        assert_eq!(
            statuses,
            [
                Some("en travaux"),
                Some("en études"),
                Some("programmé"),
                Some("réalisé"),
                None,
                Some("abandonné")
            ]
        );
        assert!(status_rank(Some("En cours de déploiement")) < status_rank(Some("Atteint")));
    }

    #[test]
    fn codes_compare_number_by_number() {
        let mut codes = vec!["1.10", "N.A.", "1.9", "2.1", "1", "2.1.3"];
        codes.sort_by(|a, b| natural_code_cmp(a, b));
        assert_eq!(codes, ["1", "1.9", "1.10", "2.1", "2.1.3", "N.A."]);
    }
}
