//! The admin API's rate limit, per client: one governor bucket per peer IP address, so one
//! client hammering the API (or guessing tokens) does not lock the SIG team out.

use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Buckets kept before the idle ones are dropped (they are full again, so forgetting them
/// changes nothing but memory).
const PRUNE_FROM: usize = 10_000;

/// Requests allowed per minute to each client.
#[derive(Debug)]
pub struct ClientLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

impl ClientLimiter {
    /// `per_minute` requests per minute per client, all allowed at once (a burst of
    /// `per_minute`); 0 counts as 1.
    pub fn new(per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one request of `client` (`None`: the peer is unknown, as in requests built in
    /// process; they share one bucket). `Err` holds how long to wait.
    pub fn check(&self, client: Option<IpAddr>) -> Result<(), Duration> {
        if self.limiter.len() > PRUNE_FROM {
            self.limiter.retain_recent();
        }
        let key = client.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        self.limiter
            .check_key(&key)
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_client_has_its_own_budget() {
        let limiter = ClientLimiter::new(2);
        let (a, b) = (
            Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))),
            Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 2))),
        );
        assert!(limiter.check(a).is_ok());
        assert!(limiter.check(a).is_ok());
        let wait = limiter.check(a).expect_err("third request of a");
        // 2 per minute: the next one is allowed within 30 s.
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        assert!(limiter.check(b).is_ok());
    }
}
