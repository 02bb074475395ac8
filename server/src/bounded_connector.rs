//! A connector that holds one permit per open upstream socket.
//!
//! The proxy bounds the calls under way with a semaphore, but a call that
//! ends early (its clients went away) releases its permit at once while
//! hyper closes the socket on its connection task a moment later; a flood
//! of such calls could briefly hold more sockets than the bound. Here each
//! socket, in use or idle in the pool, keeps a permit until it is dropped,
//! so the bound is on sockets, not only on calls. hyper-util has no such
//! limit of its own (its pool caps only idle connections), hence these few
//! lines.

use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_util::client::legacy::connect::{Connected, Connection};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower::{Service, ServiceExt};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Wraps connector `C`: a new socket waits for one of `sockets`' permits.
#[derive(Clone)]
pub struct Bounded<C> {
    inner: C,
    sockets: Arc<Semaphore>,
}

impl<C> Bounded<C> {
    /// At most `max` sockets open at once through `inner`.
    pub fn new(inner: C, max: usize) -> Self {
        Bounded {
            inner,
            sockets: Arc::new(Semaphore::new(max.max(1))),
        }
    }
}

/// An upstream socket and the permit it holds while open.
pub struct Counted<T> {
    io: T,
    _permit: OwnedSemaphorePermit,
}

impl<C, U> Service<axum::http::Uri> for Bounded<C>
where
    C: Service<axum::http::Uri, Response = U> + Clone + Send + 'static,
    C::Future: Send,
    C::Error: Into<BoxError>,
    U: Send + 'static,
{
    type Response = Counted<U>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Counted<U>, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        // Readiness is checked on the clone each call uses.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: axum::http::Uri) -> Self::Future {
        let inner = self.inner.clone();
        let sockets = Arc::clone(&self.sockets);
        Box::pin(async move {
            let permit = sockets.acquire_owned().await?;
            let io = inner.oneshot(uri).await.map_err(Into::into)?;
            Ok(Counted {
                io,
                _permit: permit,
            })
        })
    }
}

impl<T: Read + Unpin> Read for Counted<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: Write + Unpin> Write for Counted<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }
}

impl<T: Connection> Connection for Counted<T> {
    fn connected(&self) -> Connected {
        self.io.connected()
    }
}
