//! What a replica listens to: `NOTIFY quartiers_versions, '<n>'`, sent by every publish and
//! rollback when its transaction commits, on an async connection of its own.

use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio_postgres::{AsyncMessage, NoTls};

/// The notification channel.
pub const CHANNEL: &str = "quartiers_versions";

/// A listening connection. It ends (see [`Notifications::next`]) when the database goes away:
/// the caller reconnects.
pub struct Notifications {
    // Dropping the client would close the connection.
    _client: tokio_postgres::Client,
    versions: mpsc::UnboundedReceiver<u64>,
}

impl Notifications {
    /// Connects and listens. Must run inside a tokio runtime.
    pub async fn connect(url: &str) -> Result<Self, tokio_postgres::Error> {
        let (client, mut connection) = tokio_postgres::connect(url, NoTls).await?;
        let (sender, versions) = mpsc::unbounded_channel();
        // The connection yields notifications only while it is polled.
        tokio::spawn(async move {
            let mut messages = futures_util::stream::poll_fn(|cx| connection.poll_message(cx));
            while let Some(Ok(message)) = messages.next().await {
                if let AsyncMessage::Notification(n) = message {
                    // A payload that is not a number still means "something changed".
                    let version = n.payload().parse().unwrap_or(0);
                    if sender.send(version).is_err() {
                        break;
                    }
                }
            }
        });
        client.batch_execute(&format!("LISTEN {CHANNEL}")).await?;
        Ok(Self {
            _client: client,
            versions,
        })
    }

    /// The next version announced; `None` once the connection is lost.
    pub async fn next(&mut self) -> Option<u64> {
        self.versions.recv().await
    }
}
