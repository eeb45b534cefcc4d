//! The admin API's bearer tokens: their argon2id hash for `[admin] token_hash` and
//! `[[admin.tokens]]`, the check of a presented token against them, and the credential it
//! proves (its name and territories). Argon2 is slow on purpose: call it off the async workers.
//!
//! A named credential's token begins with its name and a dot (`sig-mel.…`): a presented token
//! is checked against the hash its prefix names and the instance-wide one, never against every
//! hash (344 SIG teams would make each refused request cost 344 argon2 checks).

use std::collections::HashMap;
use std::sync::Arc;

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Argon2, PasswordHash, PasswordVerifier};

use crate::config::AdminConfig;

/// The name recorded for the instance-wide `[admin] token_hash`.
pub const INSTANCE: &str = "admin";
/// The `territories` entry that gives a named credential every territory.
pub const EVERY_TERRITORY: &str = "*";

/// Why a token could not be hashed (argon2's reason).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct HashError(argon2::password_hash::Error);

// Not `#[from]`: password-hash's error implements `std::error::Error` only with its `std`
// feature, so it cannot be a source.
impl From<argon2::password_hash::Error> for HashError {
    fn from(e: argon2::password_hash::Error) -> Self {
        HashError(e)
    }
}

/// Why `[admin]` was refused: a credential's name, hash or territories.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error("[[admin.tokens]] name « {0} » : lettres, chiffres, « - » et « _ » seulement (le jeton commence par « nom. »)")]
    Name(String),
    #[error("[[admin.tokens]] name « {0} » donné deux fois (« {INSTANCE} » désigne token_hash)")]
    Twice(String),
    #[error("[[admin.tokens]] « {0} » : token_hash illisible (quartiers hash-token --name {0} en fait un)")]
    Hash(String),
    #[error("[[admin.tokens]] « {0} » : territories vide (des slugs, ou [\"{EVERY_TERRITORY}\"] pour tous)")]
    NoTerritory(String),
    #[error("[[admin.tokens]] « {0} » : « {EVERY_TERRITORY} » s'écrit seul")]
    EveryNotAlone(String),
}

/// The argon2id hash (PHC string) of a token, for `[admin] token_hash`.
pub fn hash_token(token: &str) -> Result<String, HashError> {
    // 16 random bytes (UUID v4 draws them from the OS), the recommended salt length.
    let salt = SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes())?;
    Ok(Argon2::default()
        .hash_password(token.as_bytes(), &salt)?
        .to_string())
}

/// Whether `token` matches `hash`; an unreadable hash matches nothing.
pub fn verify_token(hash: &str, token: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(token.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A credential the admin API accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminCredential {
    pub name: String,
    hash: String,
    /// `None`: every territory.
    pub territories: Option<Vec<String>>,
}

impl AdminCredential {
    /// As the store checks and records it.
    pub fn as_store(&self) -> store::Credential<'_> {
        store::Credential {
            name: Some(&self.name),
            territories: self.territories.as_deref(),
        }
    }
}

/// Every credential of `[admin]`, found by name.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    named: HashMap<String, Arc<AdminCredential>>,
    instance: Option<Arc<AdminCredential>>,
}

impl Credentials {
    /// Reads `[admin] token_hash` and `[[admin.tokens]]`; refuses a name that cannot prefix a
    /// token or is given twice, an unreadable hash, a credential without territories.
    pub fn from_config(admin: &AdminConfig) -> Result<Self, CredentialError> {
        let instance = admin.token_hash.as_ref().map(|hash| {
            Arc::new(AdminCredential {
                name: INSTANCE.into(),
                hash: hash.clone(),
                territories: None,
            })
        });
        let mut named = HashMap::new();
        for t in &admin.tokens {
            let name = &t.name;
            let valid = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
            if name.is_empty() || !name.chars().all(valid) {
                return Err(CredentialError::Name(name.clone()));
            }
            if named.contains_key(name) || (instance.is_some() && name == INSTANCE) {
                return Err(CredentialError::Twice(name.clone()));
            }
            if PasswordHash::new(&t.token_hash).is_err() {
                return Err(CredentialError::Hash(name.clone()));
            }
            let territories = match t.territories.as_slice() {
                [] => return Err(CredentialError::NoTerritory(name.clone())),
                [every] if every == EVERY_TERRITORY => None,
                list if list.iter().any(|t| t == EVERY_TERRITORY) => {
                    return Err(CredentialError::EveryNotAlone(name.clone()))
                }
                list => Some(list.to_vec()),
            };
            let credential = AdminCredential {
                name: name.clone(),
                hash: t.token_hash.clone(),
                territories,
            };
            named.insert(name.clone(), Arc::new(credential));
        }
        Ok(Self { named, instance })
    }

    /// Whether no credential is configured (the admin API is off).
    pub fn is_empty(&self) -> bool {
        self.named.is_empty() && self.instance.is_none()
    }

    /// The credential `token` proves, if any: the one its prefix names, else the
    /// instance-wide one. At most two argon2 checks; blocking.
    pub fn verify(&self, token: &str) -> Option<Arc<AdminCredential>> {
        let by_name = token
            .split_once('.')
            .and_then(|(name, _)| self.named.get(name));
        by_name
            .into_iter()
            .chain(&self.instance)
            .find(|c| verify_token(&c.hash, token))
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AdminToken;

    #[test]
    fn a_token_proves_the_credential_its_name_prefixes() {
        let admin = AdminConfig {
            token_hash: Some(hash_token("instance-secret-0001").unwrap()),
            tokens: vec![AdminToken {
                name: "sig-mel".into(),
                token_hash: hash_token("sig-mel.secret-0002").unwrap(),
                territories: vec!["metropole-europeenne-de-lille".into()],
            }],
            ..Default::default()
        };
        let all = Credentials::from_config(&admin).unwrap();
        let mel = all.verify("sig-mel.secret-0002").unwrap();
        assert_eq!(mel.name, "sig-mel");
        assert!(mel.as_store().allows("metropole-europeenne-de-lille"));
        assert!(!mel.as_store().allows("annemasse-agglo"));
        let instance = all.verify("instance-secret-0001").unwrap();
        assert_eq!(
            (instance.name.as_str(), instance.territories.as_ref()),
            (INSTANCE, None)
        );
        assert_eq!(all.verify("sig-mel.wrong"), None);
        assert_eq!(all.verify("autre.secret-0002"), None);
    }

    #[test]
    fn misconfigured_credentials_are_refused_by_name() {
        let token = |name: &str, territories: &[&str]| AdminToken {
            name: name.into(),
            token_hash:
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA"
                    .into(),
            territories: territories.iter().map(|t| t.to_string()).collect(),
        };
        let with = |tokens| AdminConfig {
            token_hash: Some("x".into()),
            tokens,
            ..Default::default()
        };
        for (tokens, expected) in [
            (vec![token("sig mel", &["a"])], "sig mel"),
            (vec![token("a", &["x"]), token("a", &["y"])], "deux fois"),
            (vec![token(INSTANCE, &["x"])], "deux fois"),
            (vec![token("a", &[])], "territories vide"),
            (vec![token("a", &["*", "x"])], "seul"),
        ] {
            let err = Credentials::from_config(&with(tokens))
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected), "{err}");
        }
        let every = Credentials::from_config(&with(vec![token("region", &["*"])])).unwrap();
        assert_eq!(every.named["region"].territories, None);
    }

    #[test]
    fn a_hash_accepts_its_token_only() {
        let hash = hash_token("secret").expect("hash");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_token(&hash, "secret"));
        assert!(!verify_token(&hash, "secreT"));
        assert!(!verify_token("pas un hash", "secret"));
    }
}
