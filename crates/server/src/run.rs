//! Running the server: logging, the runtime, the listener and graceful shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use geodata::catalog::Catalog;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt;
use tracing_subscriber::EnvFilter;

use crate::config::{Config, Log, LogFormat};
use crate::error::ServerError;
use crate::state::AppState;

/// Installs the log subscriber (stderr); `RUST_LOG` overrides the configured level.
pub fn init_tracing(log: &Log) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&log.level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second initialisation (tests) keeps the first subscriber.
    let _ = match log.format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// Serves `catalog` with `config` until SIGTERM or Ctrl-C, then lets requests in flight end.
pub fn serve(config: Config, catalog: Catalog) -> Result<(), ServerError> {
    crate::crs::self_check().map_err(|e| ServerError::Proj(e.to_string()))?;
    // ServerError sits below the middleware and the services: it keeps their reasons as text.
    crate::middleware::check_origins(&config.cors.allow_origins)
        .map_err(|e| ServerError::CorsOrigin(e.0))?;
    crate::services::token::Credentials::from_config(&config.admin)
        .map_err(|e| ServerError::Admin(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener =
            TcpListener::bind(config.addr)
                .await
                .map_err(|source| ServerError::Bind {
                    addr: config.addr,
                    source,
                })?;
        let local = listener.local_addr()?;
        let geocoder = std::sync::Arc::new(crate::services::geocode::GeocodeService::open(
            &config.geocoder,
        ));
        // A new address index (quartiers addresses download) is served without a restart.
        let every = std::time::Duration::from_secs(config.admin.reload_check_s.max(1));
        tokio::spawn(crate::services::geocode::watch(geocoder.clone(), every));
        let state = crate::reload::state_for(catalog, config, geocoder)?;
        let snapshot = state.snapshot();
        tracing::info!(
            adresse = %format!("http://{local}"),
            version_donnees = %snapshot.version,
            territoires = snapshot.catalog.territories.len(),
            "serveur à l'écoute"
        );
        drop(snapshot);
        let header_timeout =
            Duration::from_secs(state.config().budgets.header_read_timeout_s.max(1));
        let app = crate::app(state.clone());
        serve_connections(listener, app, header_timeout, shutdown_signal(state)).await;
        tracing::info!("serveur arrêté");
        Ok(())
    })
}

/// Serves `app` over HTTP/1.1 on `listener` until `shutdown` completes, then waits for the
/// connections in flight. axum::serve gives hyper no timer, so no deadline on a request's
/// head: here hyper's header read timeout closes a connection whose client has not sent a
/// complete request line and headers within `header_timeout` (idle keep-alive connections
/// included). Handlers get the peer address as `ConnectInfo<SocketAddr>`.
async fn serve_connections(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, a connection reset before accept: wait a
                    // little rather than spin.
                    tracing::warn!(%e, "connexion refusée à l'acceptation");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request
                .extensions_mut()
                .insert(ConnectInfo::<SocketAddr>(peer));
            app.clone().oneshot(request.map(Body::new))
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(%e, %peer, "connexion close sur une erreur");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

async fn shutdown_signal(state: AppState) {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    state.set_ready(false);
    tracing::info!("arrêt demandé : fin des requêtes en cours");
}
