//! Who changes the store: the admin credential a version records, and the territories it may
//! change. A backend checks it inside the transaction that publishes or rolls back, once it
//! has read which territory the import or the version belongs to, so a refusal changes nothing.

use crate::error::{Result, StoreError};

/// The credential a publish or a rollback is made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credential<'a> {
    /// Its name, recorded with each version it makes (`jeton`); `None` for the command line,
    /// which whoever can write the store runs.
    pub name: Option<&'a str>,
    /// The territories it may change; `None`: every one.
    pub territories: Option<&'a [String]>,
}

impl Credential<'static> {
    /// The command line: no name, every territory.
    pub const LOCAL: Self = Self {
        name: None,
        territories: None,
    };
}

impl Credential<'_> {
    /// Whether it may change `territory`.
    pub fn allows(&self, territory: &str) -> bool {
        self.territories
            .is_none_or(|list| list.iter().any(|t| t == territory))
    }

    /// Refuses a territory outside its scope, naming both.
    pub fn check(&self, territory: &str) -> Result<()> {
        if self.allows(territory) {
            return Ok(());
        }
        Err(StoreError::Forbidden {
            credential: self.name.unwrap_or("?").to_string(),
            territory: territory.to_string(),
            allowed: self.territories.unwrap_or_default().join(", "),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scoped_credential_allows_its_territories_only() {
        let mine = ["annemasse-agglo".to_string()];
        let sig = Credential {
            name: Some("sig-annemasse"),
            territories: Some(&mine),
        };
        assert!(sig.check("annemasse-agglo").is_ok());
        let err = sig.check("ales-agglomeration").unwrap_err().to_string();
        assert!(
            err.contains("« sig-annemasse »") && err.contains("« ales-agglomeration »"),
            "{err}"
        );
        assert!(Credential::LOCAL.check("ales-agglomeration").is_ok());
    }
}
