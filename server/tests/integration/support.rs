//! What the integration tests share: a stand-in LlamaCloud that records
//! every request it receives, configurations for both modes, a throw-away
//! dist folder, and a way to send one request through the app's router.

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;
use server::cli::{Config, Env};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower::ServiceExt;

/// The server key the tests configure; no response or log may contain it.
pub const KEY: &str = "llx-test-server-key-5f3c9a";

/// A request as the stand-in upstream received it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: Method,
    /// Path and query exactly as they arrived.
    pub target: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// A local stand-in for LlamaCloud on an ephemeral port.
pub struct StandIn {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl StandIn {
    /// Answers every request with `reply(&request)`.
    pub async fn start<F>(reply: F) -> StandIn
    where
        F: Fn(&Seen) -> Response + Clone + Send + Sync + 'static,
    {
        StandIn::start_slow(Duration::ZERO, reply).await
    }

    /// Like [`StandIn::start`], but sleeps `delay` before answering.
    pub async fn start_slow<F>(delay: Duration, reply: F) -> StandIn
    where
        F: Fn(&Seen) -> Response + Clone + Send + Sync + 'static,
    {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let app = Router::new().fallback(move |req: Request| {
            let log = Arc::clone(&log);
            let reply = reply.clone();
            async move {
                let (parts, body) = req.into_parts();
                let request = Seen {
                    method: parts.method,
                    target: parts
                        .uri
                        .path_and_query()
                        .map(|p| p.as_str().to_string())
                        .unwrap_or_default(),
                    headers: parts.headers,
                    body: to_bytes(body, usize::MAX).await.unwrap_or_default(),
                };
                log.lock().unwrap().push(request.clone());
                tokio::time::sleep(delay).await;
                reply(&request)
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        StandIn { url, seen }
    }

    /// Every request received so far, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// A stand-in answer: `status`, a JSON body, and extra headers.
pub fn json(status: u16, body: &str, headers: &[(&str, &str)]) -> Response {
    let mut resp = Response::builder()
        .status(status)
        .header("content-type", "application/json");
    for (k, v) in headers {
        resp = resp.header(*k, *v);
    }
    resp.body(Body::from(body.to_string())).unwrap()
}

/// Parses flags with the given environment.
pub fn config(args: &[&str], env: Env) -> Config {
    Config::parse(args.iter().map(|s| s.to_string()), env).unwrap()
}

/// Proxy mode against `upstream` with the server key [`KEY`].
pub fn proxy_config(upstream: &str, extra: &[&str]) -> Config {
    let mut args = vec!["--upstream", upstream];
    args.extend_from_slice(extra);
    config(
        &args,
        Env {
            api_key: Some(KEY.into()),
            basic_auth: None,
        },
    )
}

/// One answer, read whole.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    /// The value of a header, or "" when absent.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }

    /// The body's `detail`, the server's error shape.
    pub fn detail(&self) -> String {
        let v: serde_json::Value = serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body));
        v["detail"].as_str().unwrap_or_default().to_string()
    }

    /// Fails if the server key shows anywhere in this answer.
    pub fn assert_no_key(&self) {
        for (name, value) in &self.headers {
            let value = String::from_utf8_lossy(value.as_bytes());
            assert!(!value.contains(KEY), "key in header {name}: {value}");
        }
        assert!(!self.body.contains(KEY), "key in body: {}", self.body);
    }
}

/// Sends one request through the router, no socket involved.
pub async fn send(app: &Router, req: axum::http::Request<Body>) -> Answer {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The `Host` a browser sends to a server started with the default
/// `--listen 127.0.0.1:8080`, which every [`config`] has.
pub const HOST: &str = "localhost:8080";

/// A request with a method, target and headers, and an empty body. It
/// carries what the dashboard's own page sends unless `headers` say
/// otherwise: `Host: `[`HOST`], and on a POST `Sec-Fetch-Site: same-origin`.
pub fn request(method: &str, target: &str, headers: &[(&str, &str)]) -> axum::http::Request<Body> {
    let has = |name: &str| headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
    let mut req = axum::http::Request::builder().method(method).uri(target);
    if !has("host") {
        req = req.header("host", HOST);
    }
    if method == "POST" && !has("sec-fetch-site") && !has("origin") {
        req = req.header("sec-fetch-site", "same-origin");
    }
    for (k, v) in headers {
        req = req.header(*k, HeaderValue::from_str(v).unwrap());
    }
    req.body(Body::empty()).unwrap()
}

/// `GET target` with no headers.
pub async fn get(app: &Router, target: &str) -> Answer {
    send(app, request("GET", target, &[])).await
}

/// The inline loader the temporary dist's index.html carries, as trunk's does.
pub const INLINE_SCRIPT: &str = "\nimport init from '/app-0123456789abcdef.js';\nawait init();\n";

/// A dist folder with an index.html (one inline script), hashed assets and
/// a favicon; removed when dropped.
pub struct TempDist {
    pub path: PathBuf,
}

impl TempDist {
    pub fn new() -> TempDist {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "server-it-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).unwrap();
        let write = |name: &str, bytes: &[u8]| std::fs::write(path.join(name), bytes).unwrap();
        write(
            "index.html",
            format!(
                "<!DOCTYPE html><html><head><script src=\"/other.js\"></script>\
                 <script type=\"module\">{INLINE_SCRIPT}</script></head><body></body></html>"
            )
            .as_bytes(),
        );
        // A wasm module header followed by enough repetition to compress well.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend(std::iter::repeat_n(0u8, 4096));
        write("app-0123456789abcdef_bg.wasm", &wasm);
        write(
            "app-0123456789abcdef.js",
            "export default async function init() {}\n"
                .repeat(20)
                .as_bytes(),
        );
        write(
            "favicon.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
        TempDist { path }
    }

    pub fn dir(&self) -> &Path {
        &self.path
    }

    /// Adds (or replaces) a file.
    pub fn write(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.path.join(name), bytes).unwrap();
    }

    /// A file's bytes.
    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path.join(name)).unwrap()
    }
}

impl Drop for TempDist {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// One request over its own connection with `headers`; the status.
pub async fn raw_status(addr: &str, target: &str, headers: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req =
        format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n{headers}Connection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw);
    text.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// Serves `cfg`'s app on a real socket with `limits`; returns the address
/// and the stop channel, which must be kept while the server is used.
pub async fn start_with(
    mut cfg: Config,

    limits: server::serve::ConnLimits,
) -> (
    String,
    tokio::sync::mpsc::UnboundedSender<()>,
    tokio::task::JoinHandle<server::serve::Stopped>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    cfg.listen = addr;
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(server::serve::serve(
        listener,
        server::app(&cfg),
        limits,
        rx,
    ));
    (addr.to_string(), tx, task)
}
