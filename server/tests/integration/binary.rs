//! The built binary: what it prints on start, its log lines, a raw request
//! target over a real socket, and a graceful shutdown that lets an
//! in-flight request finish.

use crate::support::*;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The running binary and everything it printed so far.
pub(crate) struct Running {
    pub(crate) child: Child,
    pub(crate) url: String,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

/// Copies a pipe into a string on a thread of its own.
fn collect(pipe: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&text);
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let mut s = sink.lock().unwrap();
            s.push_str(&line);
            s.push('\n');
        }
    });
    text
}

impl Running {
    /// Starts the binary with `args` and the server key, and waits for the
    /// line the browser tests wait for.
    pub(crate) fn start(args: &[&str]) -> Running {
        Self::start_limited(args, None)
    }

    /// [`Running::start`] with `ulimit -n` set to `nofile` first, if given.
    fn start_limited(args: &[&str], nofile: Option<u32>) -> Running {
        let mut command = match nofile {
            Some(n) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
                    .arg(env!("CARGO_BIN_EXE_server"));
                sh
            }
            None => Command::new(env!("CARGO_BIN_EXE_server")),
        };
        let mut child = command
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .env("LLAMA_CLOUD_API_KEY", KEY)
            .env_remove("DASHBOARD_BASIC_AUTH")
            .env("RUST_LOG", "trace")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let deadline = Instant::now() + Duration::from_secs(10);
        let url = loop {
            let out = stdout.lock().unwrap().clone();
            if let Some(rest) = out.split("listening on http://").nth(1) {
                break format!("http://{}", rest.split('/').next().unwrap());
            }
            assert!(Instant::now() < deadline, "no listening line: {out}");
            std::thread::sleep(Duration::from_millis(20));
        };
        Running {
            child,
            url,
            stdout,
            stderr,
        }
    }

    pub(crate) fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// Sends SIGTERM, as a service manager does.
    fn terminate(&self) {
        let ok = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }

    /// Waits for the process to exit; true when it exited successfully.
    fn wait(&mut self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub(crate) fn output(&self) -> String {
        format!(
            "{}{}",
            self.stdout.lock().unwrap(),
            self.stderr.lock().unwrap()
        )
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One HTTP/1.1 request written by hand, so the request target reaches the
/// server exactly as given. Returns the status code and the body.
pub(crate) async fn raw_get(addr: &str, target: &str) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {text}"));
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (status, body.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prints_the_mode_logs_each_call_and_never_the_key() {
    let up = StandIn::start(|_| json(200, r#"{"items":[]}"#, &[])).await;
    let server = Running::start(&["--upstream", &up.url]);
    let target = "/api/v2/batches?status=FAILED&page_token=tok-secret-value&q='x'";
    let (status, body) = raw_get(server.addr(), target).await;
    assert_eq!((status, body.as_str()), (200, r#"{"items":[]}"#));
    assert_eq!(
        up.seen()[0].target,
        target,
        "the query arrived byte for byte"
    );
    assert_eq!(
        up.seen()[0].headers["authorization"],
        format!("Bearer {KEY}")
    );
    let (status, _) = raw_get(server.addr(), "/api/v2/batches/..%2F..%2Fadmin").await;
    assert_eq!(status, 403);
    let (status, _) = raw_get(server.addr(), "http://evil.example/api/v2/batches").await;
    assert_eq!(status, 421, "another host named in the target");
    assert_eq!(up.seen().len(), 1);

    // The access log line is written after the answer; give it a moment.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !server.output().contains("proxied") && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let out = server.output();
    assert!(
        out.contains(&format!(
            "/api/ answers from LlamaCloud proxy to {}",
            up.url
        )),
        "{out}"
    );
    assert!(out.contains("cancel refused"), "{out}");
    let log: Vec<&str> = out.lines().filter(|l| l.contains("proxied")).collect();
    assert_eq!(log.len(), 1, "one line per proxied request: {out}");
    for part in [
        "method=GET",
        "path=/api/v2/batches",
        "status=200",
        "upstream_ms=",
    ] {
        assert!(log[0].contains(part), "{part} missing from {}", log[0]);
    }
    assert!(
        !out.contains("tok-secret-value"),
        "a query value was logged: {out}"
    );
    assert!(!out.contains(KEY), "the key was printed: {out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_an_in_flight_request_finish() {
    let up = StandIn::start_slow(Duration::from_millis(700), |_| {
        json(200, r#"{"done":true}"#, &[])
    })
    .await;
    let mut server = Running::start(&["--upstream", &up.url]);
    let addr = server.addr().to_string();
    let call = tokio::spawn(async move { raw_get(&addr, "/api/v2/batches/bat-slow").await });
    let deadline = Instant::now() + Duration::from_secs(5);
    while up.seen().is_empty() {
        assert!(
            Instant::now() < deadline,
            "the request never reached the upstream"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.terminate();
    let (status, body) = call.await.unwrap();
    assert_eq!((status, body.as_str()), (200, r#"{"done":true}"#));
    assert!(server.wait(Duration::from_secs(5)), "{}", server.output());
    assert!(server.output().contains("shutting down"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_mode_still_prints_the_line_browser_tests_parse() {
    let mut server = Running::start(&["--demo", "--test-faults"]);
    assert!(server.url.starts_with("http://127.0.0.1:"));
    let (status, body) = raw_get(server.addr(), "/api/v2/batches?page_size=1").await;
    assert_eq!(status, 200, "{body}");
    let out = server.output();
    assert!(out.contains("/api/ answers from demo data"), "{out}");
    assert!(out.contains("test fault injection is ON"), "{out}");
    server.terminate();
    assert!(server.wait(Duration::from_secs(5)));
}

/// Opens a connection and sends a cancel whose body never finishes: the
/// request is in flight (the proxy waits for its body) for as long as the
/// connection stays open.
async fn half_sent_cancel(addr: &str) -> tokio::net::TcpStream {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/v2/batches/bat-1/cancel HTTP/1.1\r\nHost: {addr}\r\n\
         Sec-Fetch-Site: same-origin\r\nContent-Length: 100\r\n\r\n{{\"a\":"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_sigterm_exits_at_once_despite_a_half_sent_request() {
    let up = StandIn::start(|_| json(200, "{}", &[])).await;
    let mut server = Running::start(&["--upstream", &up.url, "--allow-cancel"]);
    let _stuck = half_sent_cancel(server.addr()).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    server.terminate();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the first signal must wait for the in-flight request"
    );
    let second = Instant::now();
    server.terminate();
    assert!(
        !server.wait(Duration::from_secs(3)),
        "exits with a failure status"
    );
    assert!(
        second.elapsed() < Duration::from_secs(2),
        "{:?}",
        second.elapsed()
    );
    assert!(
        server.output().contains("second stop signal"),
        "{}",
        server.output()
    );
    assert!(up.seen().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_gives_up_on_a_half_sent_request_at_the_deadline() {
    let up = StandIn::start(|_| json(200, "{}", &[])).await;
    let mut server = Running::start(&[
        "--upstream",
        &up.url,
        "--allow-cancel",
        "--shutdown-timeout",
        "1",
    ]);
    let _stuck = half_sent_cancel(server.addr()).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    server.terminate();
    assert!(
        !server.wait(Duration::from_secs(5)),
        "exits with a failure status"
    );
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(3),
        "{took:?}"
    );
    assert!(
        server.output().contains("shutdown deadline passed"),
        "{}",
        server.output()
    );
}

#[test]
fn help_version_and_errors_read_as_clap_prints_them() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_server"))
            .args(args)
            .env("LLAMA_CLOUD_API_KEY", KEY)
            .output()
            .unwrap()
    };
    let help = run(&["--help"]);
    assert!(help.status.success());
    let text = String::from_utf8(help.stdout).unwrap();
    assert!(text.starts_with("Serves the Batches Dashboard"), "{text}");
    assert!(
        text.contains("--allowed-host <NAME>") && text.contains("[env: LISTEN="),
        "{text}"
    );
    assert!(
        text.contains("LLAMA_CLOUD_API_KEY") && !text.contains(KEY),
        "{text}"
    );
    let version = run(&["--version"]);
    assert_eq!(
        String::from_utf8(version.stdout).unwrap(),
        format!("server {}\n", env!("CARGO_PKG_VERSION"))
    );
    let bad = run(&["--listen", "nope"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(
        err.starts_with("error: invalid value 'nope' for '--listen <ADDR>'"),
        "{err}"
    );
    assert!(err.contains("For more information, try '--help'."), "{err}");
    let insecure = run(&["--upstream", "http://api.internal.example"]);
    assert_eq!(insecure.status.code(), Some(2));
    let err = String::from_utf8(insecure.stderr).unwrap();
    assert!(
        err.contains("--insecure-upstream") && !err.contains(KEY),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listen_and_upstream_fall_back_to_the_environment() {
    let up = StandIn::start(|_| json(200, r#"{"items":[]}"#, &[])).await;
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("LISTEN", format!("127.0.0.1:{port}"))
        .env("UPSTREAM", &up.url)
        .env("LLAMA_CLOUD_API_KEY", KEY)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = collect(child.stdout.take().unwrap());
    let deadline = Instant::now() + Duration::from_secs(10);
    while !stdout.lock().unwrap().contains("listening on") {
        assert!(Instant::now() < deadline, "no listening line");
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = stdout.lock().unwrap().clone();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        out.contains(&format!("listening on http://127.0.0.1:{port}/")),
        "{out}"
    );
    assert!(
        out.contains(&format!("LlamaCloud proxy to {}", up.url)),
        "{out}"
    );
}

/// What the binary printed up to its listening line with `ulimit -n` at `nofile`.
fn start_with_descriptor_limit(nofile: u32, args: &[&str]) -> String {
    Running::start_limited(args, Some(nofile)).output()
}

#[test]
fn the_connection_cap_is_lowered_to_fit_the_descriptor_limit() {
    let out = start_with_descriptor_limit(256, &["--upstream", "http://127.0.0.1:9"]);
    assert!(
        out.contains(
            "the descriptor limit (ulimit -n) is 256: lowering --max-connections from 512 to 80"
        ),
        "{out}"
    );
    let out = start_with_descriptor_limit(256, &["--demo", "--max-connections", "100"]);
    assert!(
        !out.contains("lowering"),
        "100 fits in 256 without upstream sockets: {out}"
    );
}

/// The access lines the server wrote once there are `n`.
async fn access_lines(server: &Running, n: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let lines: Vec<String> = server
            .output()
            .lines()
            .filter(|l| l.contains("server::access"))
            .map(str::to_owned)
            .collect();
        if lines.len() >= n || Instant::now() > deadline {
            return lines;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_access_line_names_the_client_and_the_path_without_ids_or_query() {
    let trusting = Running::start(&["--demo", "--trust-forwarded"]);
    let xff = "X-Forwarded-For: 6.6.6.6, 10.1.2.3\r\n";
    let targets = [
        (
            "/api/v2/batches/bat-secret-42?expand=x",
            "/api/v2/batches/{id}",
        ),
        (
            "/api/v2/batches?source_directory_id=dir-private-7",
            "/api/v2/batches",
        ),
        ("/batches/bat-683a3ad627fa3cd7", "/batches/{id}"),
        ("/api/v2/nothing/here-9", "/api/{refused}"),
    ];
    for (target, _) in targets {
        raw_status(trusting.addr(), target, xff).await;
    }
    let lines = access_lines(&trusting, targets.len()).await;
    assert_eq!(lines.len(), targets.len(), "{}", trusting.output());
    for (line, (_, path)) in lines.iter().zip(targets) {
        for part in [
            "client=127.0.0.1",
            "forwarded_for=10.1.2.3",
            &format!("path={path}"),
        ] {
            assert!(line.contains(part), "{part} missing from {line}");
        }
    }
    let out = trusting.output();
    for private in [
        "bat-secret-42",
        "dir-private-7",
        "6.6.6.6",
        "here-9",
        "expand",
    ] {
        assert!(!out.contains(private), "{private} was logged:\n{out}");
    }
    // Without --trust-forwarded the header is not believed, nor logged.
    let plain = Running::start(&["--demo"]);
    raw_status(plain.addr(), "/api/v2/batches", xff).await;
    let lines = access_lines(&plain, 1).await;
    assert!(lines[0].contains("client=127.0.0.1"), "{}", lines[0]);
    assert!(!lines[0].contains("forwarded_for"), "{}", lines[0]);
    assert!(!plain.output().contains("10.1.2.3"));
}
