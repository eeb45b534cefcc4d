//! The admin API's bearer token: its argon2id hash for `[admin] token_hash`, and the check of
//! a presented token against it. Argon2 is slow on purpose: call both off the async workers.

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Argon2, PasswordHash, PasswordVerifier};

/// The argon2id hash (PHC string) of a token, for `[admin] token_hash`.
pub fn hash_token(token: &str) -> Result<String, String> {
    // 16 random bytes (UUID v4 draws them from the OS), the recommended salt length.
    let salt =
        SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes()).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(token.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `token` matches `hash`; an unreadable hash matches nothing.
pub fn verify_token(hash: &str, token: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(token.as_bytes(), &parsed)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_accepts_its_token_only() {
        let hash = hash_token("secret").expect("hash");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_token(&hash, "secret"));
        assert!(!verify_token(&hash, "secreT"));
        assert!(!verify_token("pas un hash", "secret"));
    }
}
