//! The answer's small shared vocabulary: how detailed it is, ids and named places written
//! into links, distances rounded for reading. Used by the territories' answer (`impacts`) and
//! the national one (`national_answer`), which stay independent of each other through it.

/// How much of each item the answer gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Place-specific items in short form; commune and territory scopes counted.
    #[default]
    Resume,
    /// Every item, every field.
    Complet,
}

impl Detail {
    pub fn code(self) -> &'static str {
        match self {
            Self::Resume => "resume",
            Self::Complet => "complet",
        }
    }

    /// `resume` (or `résumé`) and `complet`.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "resume" | "résumé" => Some(Self::Resume),
            "complet" => Some(Self::Complet),
            _ => None,
        }
    }
}

/// `impacts?{key}={value}` for a named place (`quartier`, `commune`, `ilot`).
pub fn named_query(key: &str, value: &str) -> String {
    format!("impacts?{key}={}", encode(value))
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Metres to the decimetre: the data are not more precise, and answers read better.
pub fn round_m(m: f64) -> f64 {
    (m * 10.0).round() / 10.0
}
