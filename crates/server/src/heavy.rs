//! The pool the costly requests share (a drawn area's impacts, a CQL2 filter, a GeoPackage
//! export, an address batch): a few blocking threads, by default one less than the cores, so
//! that the async workers answering `/health`, tiles and items always keep a core.
//!
//! A request waits for a place at most `[budgets] heavy_queue_wait_ms`, then is answered 503
//! with `Retry-After` — the server is busy, the request was fine. Its work gets a [`Stop`]:
//! raised when the request's future is dropped (its client went away, or the route's deadline
//! answered 408) or its own deadline passes, and checked by the work's loops, which give up.
//! The place is held until the work has really stopped, so the pool counts what runs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

/// Seconds a refused client is told to wait.
pub const RETRY_AFTER_S: u64 = 5;

/// Why costly work did not run to its end: no place freed up in time (503 with
/// `Retry-After`, converted in `crate::problems`), or its thread died (a server fault).
#[derive(Debug, thiserror::Error)]
pub enum HeavyError {
    #[error("serveur occupé : les {size} place(s) de calcul des requêtes coûteuses (polygone dessiné, filtre CQL2, export, lot d'adresses) sont prises ; réessayez dans {RETRY_AFTER_S} s")]
    Busy { size: usize },
    #[error(transparent)]
    Died(#[from] tokio::task::JoinError),
}

/// The pool of blocking threads for costly work.
#[derive(Debug)]
pub struct Heavy {
    places: Arc<Semaphore>,
    size: usize,
    wait: Duration,
}

/// Whether running work must give up; cheap to check in a loop.
#[derive(Debug, Clone)]
pub struct Stop {
    raised: Arc<AtomicBool>,
    deadline: Instant,
}

impl Stop {
    /// A stop never raised (command line, tests).
    pub fn never() -> Stop {
        Stop {
            raised: Arc::default(),
            deadline: Instant::now() + Duration::from_secs(365 * 24 * 3600),
        }
    }

    /// Whether the request is gone or past its deadline.
    pub fn requested(&self) -> bool {
        self.raised.load(Ordering::Relaxed) || Instant::now() >= self.deadline
    }
}

/// Raises the stop when the request's future is dropped, finished or not.
struct RaiseOnDrop(Arc<AtomicBool>);

impl Drop for RaiseOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl Heavy {
    /// A pool of `size` places (0: one less than the cores, at least one), where a request
    /// waits at most `wait` for a place.
    pub fn new(size: usize, wait: Duration) -> Heavy {
        let size = if size == 0 {
            std::thread::available_parallelism()
                .map_or(1, |n| n.get().saturating_sub(1))
                .max(1)
        } else {
            size
        };
        Heavy {
            places: Arc::new(Semaphore::new(size)),
            size,
            wait,
        }
    }

    /// Places in the pool.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Runs `work` on a blocking thread once a place is free, with a [`Stop`] raised at
    /// `deadline` from now or when the caller's future is dropped. 503 when no place frees up
    /// in time.
    pub async fn run<T: Send + 'static>(
        &self,
        deadline: Duration,
        work: impl FnOnce(&Stop) -> T + Send + 'static,
    ) -> Result<T, HeavyError> {
        let (place, stop) = self.place(deadline).await?;
        let _raise = RaiseOnDrop(stop.raised.clone());
        Ok(tokio::task::spawn_blocking(move || {
            let _place = place;
            work(&stop)
        })
        .await?)
    }
}

impl Heavy {
    /// Starts `work` on a blocking thread once a place is free and returns at once: for work
    /// that streams its answer. Its [`Stop`] is raised only by `deadline`; the work also ends
    /// when the stream's receiver is gone. 503 when no place frees up in time.
    pub async fn start(
        &self,
        deadline: Duration,
        work: impl FnOnce(&Stop) + Send + 'static,
    ) -> Result<(), HeavyError> {
        let (place, stop) = self.place(deadline).await?;
        tokio::task::spawn_blocking(move || {
            let _place = place;
            work(&stop)
        });
        Ok(())
    }
}

impl Heavy {
    /// A place in the pool, waited for at most `wait` (else 503), and the stop of its work.
    async fn place(
        &self,
        deadline: Duration,
    ) -> Result<(tokio::sync::OwnedSemaphorePermit, Stop), HeavyError> {
        let place = tokio::time::timeout(self.wait, self.places.clone().acquire_owned())
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or(HeavyError::Busy { size: self.size })?;
        let stop = Stop {
            raised: Arc::default(),
            deadline: Instant::now() + deadline,
        };
        Ok((place, stop))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_pool_answers_503_and_a_dropped_request_stops_its_work() {
        let pool = Arc::new(Heavy::new(1, Duration::from_millis(100)));
        let stopped = Arc::new(AtomicBool::new(false));
        let seen = stopped.clone();
        let p = pool.clone();
        let long = tokio::spawn(async move {
            p.run(Duration::from_secs(60), move |stop| {
                while !stop.requested() {
                    std::thread::sleep(Duration::from_millis(5));
                }
                seen.store(true, Ordering::Relaxed);
            })
            .await
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        let refused = pool.run(Duration::from_secs(1), |_| ()).await.unwrap_err();
        assert!(matches!(refused, HeavyError::Busy { size: 1 }), "{refused}");
        // The client goes away: its work stops, and its place is free again.
        long.abort();
        let _ = long.await;
        let again = pool.run(Duration::from_secs(1), |_| 7).await;
        assert_eq!(again.unwrap(), 7);
        assert!(stopped.load(Ordering::Relaxed));
        // A deadline stops the work too.
        let ran = pool
            .run(Duration::from_millis(20), |stop| {
                let t = Instant::now();
                while !stop.requested() {
                    std::thread::sleep(Duration::from_millis(1));
                }
                t.elapsed()
            })
            .await
            .unwrap();
        assert!(ran < Duration::from_secs(1));
    }
}
