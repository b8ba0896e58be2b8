//! The HTTP server loop: connections accepted up to a bound, each served
//! by hyper with a deadline on every request's headers, and a shutdown
//! that ends within a bounded time whatever the connections are doing.
//!
//! `axum::serve` neither bounds connections nor times out a client that
//! never finishes its headers, and its graceful shutdown waits for every
//! connection to close: one silent client kept SIGTERM from exiting. This
//! loop serves the same router with hyper's own HTTP/1 connection, whose
//! header-read timeout also runs while a kept-alive connection waits for
//! its next request, so an idle connection is closed too.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use super::envelope::{HEAD_BUFFER, HEADERS_PARSED};

/// The most connections served at once; more wait in the kernel's backlog
/// until one closes.
pub const MAX_CONNECTIONS: usize = 256;

/// How long a client may take to send a request's headers, and how long a
/// kept-alive connection may sit idle before its next request.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a shutdown waits for requests under way to be answered before
/// the server stops regardless.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// Serves `router` on `listener` until `shutdown` resolves, then lets the
/// requests under way finish for at most [`SHUTDOWN_GRACE`]. Handlers see
/// the peer's address as [`ConnectInfo<SocketAddr>`].
pub async fn serve(listener: TcpListener, router: Router, shutdown: impl Future<Output = ()>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .max_buf_size(HEAD_BUFFER)
        .max_headers(HEADERS_PARSED);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = &mut shutdown => break,
        };
        let Ok(slot) = slot else { break };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of descriptors, or a connection reset before it was
                // taken: wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Answers are small: send each at once rather than wait to fill a
        // segment.
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(request)
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
}

/// Whether `peer` is on this machine: the loopback range or `::1`.
pub fn is_local(peer: SocketAddr) -> bool {
    peer.ip().to_canonical().is_loopback()
}
