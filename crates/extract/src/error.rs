//! Why an extraction failed. Messages are in French (they reach the GIS team through the
//! command line) and name the line of the document.

/// An extraction failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error(
        "ligne « Annexe 2 » introuvable : le document n'a pas de tableau d'évaluation mi-parcours"
    )]
    MissingAnnexe,
    #[error("ligne {line} : « Annexe 2 » n'est suivie d'aucune ligne « THEMATIQUE : … »")]
    MissingTable { line: usize },
    #[error("ligne {line} : {reason} : « {text} »")]
    UnexpectedLine {
        line: usize,
        reason: &'static str,
        text: String,
    },
    #[error("ligne {line} : orientation illisible (« OS N°k : … » attendu) : « {text} »")]
    BadOrientation { line: usize, text: String },
    #[error("ligne {line} : suite de ligne sans action au-dessus")]
    ContinuationWithoutAction { line: usize },
    #[error("ligne {line} : action {code} placée avant toute orientation stratégique (OS N°k)")]
    ActionOutsideOrientation { line: usize, code: String },
    #[error("le manifeste ne déclare aucun programme de type « contrat de ville »")]
    NoContratDeVille,
    #[error("le manifeste déclare plusieurs programmes de type « contrat de ville » : {ids}")]
    SeveralContratsDeVille { ids: String },
    #[error("le programme « {id} » du manifeste n'indique pas son document source")]
    ProgrammeWithoutDocument { id: String },
    #[error("territory.toml illisible : {0}")]
    Manifest(String),
}

/// A line as quoted in a message: long cells cut short.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX: usize = 80;
    let text = text.replace('\t', " | ");
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
