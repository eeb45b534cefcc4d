//! Forwarding to an API Adresse-compatible service (the national one, or another Quartiers
//! server), for deployments that prefer it to the local index. HTTP lives here, not in the
//! geocoder crate, which only searches its own index.

use std::io::Read;
use std::time::Duration;

/// The upstream's answer, to pass through as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

/// Why the upstream gave no answer: it could not be reached, or its body not read.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error(transparent)]
    Transport(#[from] Box<ureq::Error>),
    #[error(transparent)]
    Read(#[from] std::io::Error),
}

/// Largest upstream answer read, in bytes.
const MAX_BODY: u64 = 8 * 1024 * 1024;

/// `GET url`; upstream 4xx/5xx answers come back as answers, only transport failures are
/// errors. Blocking: call it off the async workers.
pub fn get(url: &str) -> Result<Answer, UpstreamError> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(10))
        .build();
    let response = match agent.get(url).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => return Err(Box::new(e).into()),
    };
    let status = response.status();
    let content_type = response
        .header("content-type")
        .unwrap_or("application/json")
        .to_string();
    let mut body = Vec::new();
    response
        .into_reader()
        .take(MAX_BODY)
        .read_to_end(&mut body)?;
    Ok(Answer {
        status,
        content_type,
        body,
    })
}
