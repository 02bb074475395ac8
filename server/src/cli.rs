//! Command-line options (clap, so `--help`, `--version` and errors read as
//! every other tool's) and the two secret environment variables.
//!
//! Secrets come only from the environment: a key on the command line would
//! show in `ps`, shell history and CI logs.

use crate::assets::AppSource;
use crate::basic_auth::Credentials;
use crate::proxy::Limits;
use crate::serve::ConnLimits;
use axum::http::{HeaderValue, Uri};
use batches_core::time::{self, Instant};
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser};
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// LlamaCloud's North American API, the default region.
pub const NA: &str = "https://api.cloud.llamaindex.ai";
/// LlamaCloud's European API; a key works only in its own region.
pub const EU: &str = "https://api.cloud.eu.llamaindex.ai";

/// The environment variable holding the server's LlamaCloud key.
pub const KEY_VAR: &str = "LLAMA_CLOUD_API_KEY";
/// The environment variable turning on basic auth (`user:password`).
pub const BASIC_AUTH_VAR: &str = "DASHBOARD_BASIC_AUTH";

/// The environment values the server reads, passed in so tests need not
/// touch the process environment. Empty values count as unset.
#[derive(Clone, Default)]
pub struct Env {
    /// `LLAMA_CLOUD_API_KEY`: the key sent upstream when the browser sends none.
    pub api_key: Option<String>,
    /// `DASHBOARD_BASIC_AUTH`: `user:password` that every request must carry.
    pub basic_auth: Option<String>,
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Env(redacted)")
    }
}

impl Env {
    /// Reads both variables from the process environment.
    pub fn from_process() -> Env {
        let var = |name| std::env::var(name).ok().filter(|v| !v.is_empty());
        Env {
            api_key: var(KEY_VAR),
            basic_auth: var(BASIC_AUTH_VAR),
        }
    }
}

/// The server's LlamaCloud key as the `Authorization` value to send, marked
/// sensitive; its `Debug` never shows it, so printing a [`Config`] is safe.
#[derive(Clone)]
pub struct ApiKey(HeaderValue);

impl ApiKey {
    fn from_env(key: &str) -> Result<ApiKey, String> {
        let mut value = HeaderValue::try_from(format!("Bearer {}", key.trim())).map_err(|_| {
            format!("{KEY_VAR} holds characters that cannot be sent in an HTTP header")
        })?;
        value.set_sensitive(true);
        Ok(ApiKey(value))
    }

    /// The header value, for the proxy to send.
    pub fn header_value(&self) -> HeaderValue {
        self.0.clone()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(redacted)")
    }
}

/// Where `/api/` answers come from.
#[derive(Clone, Debug)]
pub enum Mode {
    /// The built-in demo account: no key, no network.
    Demo,
    /// LlamaCloud at `base`, with the server's key if it has one (without
    /// one, every browser must send its own).
    Proxy { base: String, key: Option<ApiKey> },
}

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen; loopback unless the operator says otherwise.
    pub listen: SocketAddr,
    /// The app to serve: the `--dist` folder, else the copy built into the
    /// binary (feature `embed-app`), else `dist`.
    pub app: AppSource,
    /// Demo data or LlamaCloud.
    pub mode: Mode,
    /// Forward `POST /api/v2/batches/{id}/cancel` in proxy mode (demo mode
    /// always allows it: nothing real is cancelled there).
    pub allow_cancel: bool,
    /// Enables `/__test/` fault injection and the request log. Never in production.
    pub test_faults: bool,
    /// Seed of the demo data set.
    pub seed: u64,
    /// The instant the demo data is generated relative to (default: now).
    pub now: Instant,
    /// `--now` was given: the demo stays at that instant instead of moving
    /// with the clock.
    pub frozen: bool,
    /// How many times faster than the wall clock the live demo moves.
    pub speed: u32,
    /// Basic auth for every request but `/healthz`, from `DASHBOARD_BASIC_AUTH`.
    pub basic_auth: Option<Credentials>,
    /// Upstream timeouts and body cap; not a flag, tests shorten them.
    pub limits: Limits,
    /// Host names besides the loopback ones and the listen address that
    /// requests may carry (`--allowed-host`, repeatable).
    pub allowed_hosts: Vec<String>,
    /// Connection cap, header timeout and shutdown deadline.
    pub conn: ConnLimits,
    /// Take the client's address from the last `X-Forwarded-For` entry
    /// (`--trust-forwarded`), for the access line and the sign-in throttle.
    pub trust_forwarded: bool,
    /// A separate address serving `/metrics` without basic auth; without
    /// it `/metrics` is on the main address behind the same gate.
    pub metrics_listen: Option<SocketAddr>,
    /// Threads running requests (`--worker-threads`); `None` is one per
    /// CPU core, tokio's default.
    pub worker_threads: Option<usize>,
}

/// The wall clock as an [`Instant`]: the demo data is generated relative to it,
/// and a demo cancel stamps it.
pub fn system_now() -> Instant {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Instant(ms)
}

/// `na`, `eu` or an `http(s)://host[:port][/prefix]` URL, as a base with no
/// trailing slash. Credentials in the URL are refused: they would be printed.
fn upstream_base(value: &str) -> Result<String, String> {
    match value {
        "na" => return Ok(NA.to_string()),
        "eu" => return Ok(EU.to_string()),
        _ => {}
    }
    let bad = || "not na, eu or an http(s):// base URL".to_string();
    let uri: Uri = value.parse().map_err(|_| bad())?;
    let scheme = uri.scheme_str().filter(|s| *s == "http" || *s == "https");
    let authority = uri.authority().filter(|a| !a.as_str().contains('@'));
    match (scheme, authority, uri.query()) {
        (Some(scheme), Some(authority), None) => Ok(format!(
            "{scheme}://{authority}{}",
            uri.path().trim_end_matches('/')
        )),
        _ => Err(bad()),
    }
}

/// Whether `base` is `http://` to a host other than this machine.
fn plain_http_off_machine(base: &str) -> bool {
    let Some(rest) = base.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split('/').next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    !loopback
}

/// The command line. Secrets are not here: they come only from the
/// environment ([`Env`]), so they never show in `ps`, shell history or
/// `--help`.
#[derive(Parser, Debug)]
#[command(
    name = "server",
    version,
    about = "Serves the Batches Dashboard and answers its /api/ from demo data or LlamaCloud",
    after_help = "\
Environment (secrets are read only from here, never from flags):
  LLAMA_CLOUD_API_KEY    the key sent upstream when the browser sends none
  DASHBOARD_BASIC_AUTH   user:password; require HTTP basic auth for everything but /healthz
                         (browsers then cannot send personal keys: the server key is used)
  RUST_LOG               log filter, e.g. info (default) or server=debug"
)]
struct Args {
    /// Address to bind; port 0 picks a free one.
    #[arg(
        long,
        env = "LISTEN",
        value_name = "ADDR",
        default_value = "127.0.0.1:8080"
    )]
    listen: SocketAddr,
    /// The built app (trunk's output) to serve. Default: the app built into
    /// this binary if it has one, else ./dist.
    #[arg(long, value_name = "DIR")]
    dist: Option<PathBuf>,
    /// Forward /api/ to LlamaCloud: na (https://api.cloud.llamaindex.ai), eu
    /// (https://api.cloud.eu.llamaindex.ai) or an http(s) base URL. Default: na
    /// when LLAMA_CLOUD_API_KEY is set, else demo mode.
    #[arg(long, env = "UPSTREAM", value_name = "WHERE", value_parser = upstream_base)]
    upstream: Option<String>,
    /// Answer /api/ from the built-in demo data set, even with a key.
    #[arg(long)]
    demo: bool,
    /// Forward POST /api/v2/batches/{id}/cancel (refused by default).
    #[arg(long)]
    allow_cancel: bool,
    /// Enable /__test/ fault injection for browser tests (never in production).
    #[arg(long)]
    test_faults: bool,
    /// Seed of the demo data.
    #[arg(long, value_name = "N", default_value_t = 42)]
    seed: u64,
    /// Freeze the demo data at this instant. Without it the demo starts at
    /// the current instant and moves with the clock: batches run, finish
    /// and arrive.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    now: Option<Instant>,
    /// Run the live demo's clock N times as fast as real time (e.g. 10).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
    speed: u32,
    /// Also answer requests for this host name (repeatable); loopback names
    /// with the port and the listen address are always allowed.
    #[arg(long = "allowed-host", value_name = "NAME", value_parser = parse_host)]
    allowed_hosts: Vec<String>,
    /// Allow sending the server key over plain http:// to another machine.
    #[arg(long)]
    insecure_upstream: bool,
    /// Behind a reverse proxy: take the client's address from the last
    /// X-Forwarded-For entry (the one that proxy adds) for the access log and
    /// for slowing failed sign-ins. Only behind a proxy that sets it: a
    /// client could otherwise pick its own address.
    #[arg(long)]
    trust_forwarded: bool,
    /// Open connections at most; more wait until one closes.
    #[arg(long, value_name = "N", default_value = "512", value_parser = clap::value_parser!(u32).range(1..))]
    max_connections: u32,
    /// Serve /metrics on this separate address (without basic auth) instead
    /// of on the main one.
    #[arg(long, value_name = "ADDR")]
    metrics_listen: Option<SocketAddr>,
    /// Keep successful GET answers this long for identical requests (same
    /// credentials, path and query), e.g. 2s; identical requests under way
    /// share one upstream call even without it.
    #[arg(long, value_name = "DURATION", default_value = "0s", value_parser = parse_duration)]
    cache_ttl: Duration,
    /// Memory the kept answers may use at most, e.g. 64MiB, 512KiB or a
    /// number of bytes; past it the oldest answers go first.
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = parse_size)]
    cache_max_bytes: usize,
    /// Longest wait for the next part of a request body before the request
    /// gets 408 and its connection closes (nginx's client_body_timeout).
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    body_timeout: Duration,
    /// Longest an answer may wait for a client that does not read it before
    /// the connection is dropped (nginx's send_timeout).
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    send_timeout: Duration,
    /// Calls to the upstream under way at most; more wait for a free one.
    #[arg(long, value_name = "N", default_value = "64", value_parser = clap::value_parser!(u32).range(1..))]
    upstream_connections: u32,
    /// How long a call waits for a free upstream connection before it is
    /// answered 503 with Retry-After.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    upstream_queue_timeout: Duration,
    /// How long shutdown waits for in-flight requests, e.g. 35s or 500ms.
    #[arg(long, value_name = "DURATION", default_value = "35s", value_parser = parse_duration)]
    shutdown_timeout: Duration,
    /// Threads that run requests. Default: one per CPU core. 1 costs the
    /// least CPU per request (no hand-offs between threads), right when the
    /// server shares a small machine with busy processes; more let demo
    /// pages and compression run in parallel.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    worker_threads: Option<u16>,
}

fn parse_now(v: &str) -> Result<Instant, String> {
    time::parse_rfc3339(v).map_err(|e| e.to_string())
}

fn parse_host(v: &str) -> Result<String, String> {
    if crate::host_check::is_valid_flag_value(v) {
        Ok(v.to_string())
    } else {
        Err("not a host name like dashboard.example.com or name:port".to_string())
    }
}

/// `35s`, `500ms`, `2m`; a bare number is seconds.
fn parse_duration(v: &str) -> Result<Duration, String> {
    if let Ok(secs) = v.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    humantime::parse_duration(v).map_err(|e| format!("{e} (write e.g. 35s or 500ms)"))
}

/// `64MiB`, `512KiB`, `1GiB` or a number of bytes. Hand-written: one
/// flag's worth of parsing does not justify a crate.
fn parse_size(v: &str) -> Result<usize, String> {
    let v = v.trim();
    let split = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (digits, unit) = v.split_at(split);
    let scale: usize = match unit.trim() {
        "" | "B" => 1,
        "KiB" | "K" => 1024,
        "MiB" | "M" => 1024 * 1024,
        "GiB" | "G" => 1024 * 1024 * 1024,
        _ => return Err("write a size like 64MiB, 512KiB or 1048576".to_string()),
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| "write a size like 64MiB, 512KiB or 1048576".to_string())
}

/// A clap-style error for a problem found after parsing (the environment,
/// flags that only clash in meaning), so every start-up error reads alike.
fn invalid(msg: String) -> clap::Error {
    Args::command().error(clap::error::ErrorKind::ValueValidation, msg)
}

impl Config {
    /// Parses arguments (without the program name) and the environment.
    /// `Err` is clap's error: `--help` and `--version` arrive this way too,
    /// and `exit()` prints each where and how clap does.
    pub fn parse(args: impl IntoIterator<Item = String>, env: Env) -> Result<Config, clap::Error> {
        let matches = Args::command()
            .try_get_matches_from(std::iter::once("server".to_string()).chain(args))?;
        let args = Args::from_arg_matches(&matches)?;
        // `UPSTREAM` in the environment yields to an explicit `--demo`; the
        // two flags given together are a mistake.
        let upstream_flag = matches.value_source("upstream") == Some(ValueSource::CommandLine);
        let upstream = match (args.demo, args.upstream) {
            (true, Some(_)) if upstream_flag => {
                return Err(invalid(
                    "--demo and --upstream exclude each other".to_string(),
                ))
            }
            (true, _) => None,
            (false, upstream) => upstream,
        };
        let key = env
            .api_key
            .as_deref()
            .map(ApiKey::from_env)
            .transpose()
            .map_err(invalid)?;
        let mode = match upstream {
            _ if args.demo => Mode::Demo,
            Some(base) => Mode::Proxy { base, key },
            None if key.is_some() => Mode::Proxy {
                base: NA.to_string(),
                key,
            },
            None => Mode::Demo,
        };
        if let Mode::Proxy { base, key: Some(_) } = &mode {
            if !args.insecure_upstream && plain_http_off_machine(base) {
                return Err(invalid(format!(
                    "--upstream {base} is plain http:// to another machine: the server key \
                     would cross the network readable by anyone on the way. Use https://, \
                     or pass --insecure-upstream if this network is trusted"
                )));
            }
        }
        Ok(Config {
            listen: args.listen,
            app: match (args.dist, crate::embedded::built_in()) {
                (Some(dir), _) => AppSource::Dir(dir),
                (None, Some(files)) => AppSource::BuiltIn(files),
                (None, None) => AppSource::Dir(PathBuf::from("dist")),
            },
            mode,
            allow_cancel: args.allow_cancel,
            test_faults: args.test_faults,
            seed: args.seed,
            frozen: args.now.is_some(),
            now: args.now.unwrap_or_else(system_now),
            speed: args.speed,
            basic_auth: env
                .basic_auth
                .as_deref()
                .map(Credentials::parse)
                .transpose()
                .map_err(invalid)?,
            limits: Limits {
                cache_ttl: args.cache_ttl,
                cache_max_bytes: args.cache_max_bytes,
                upstream_connections: args.upstream_connections as usize,
                queue_timeout: args.upstream_queue_timeout,
                ..Limits::default()
            },
            allowed_hosts: args.allowed_hosts,
            metrics_listen: args.metrics_listen,
            trust_forwarded: args.trust_forwarded,
            worker_threads: args.worker_threads.map(usize::from),
            conn: ConnLimits {
                max_connections: args.max_connections as usize,
                shutdown_deadline: args.shutdown_timeout,
                body_timeout: args.body_timeout,
                send_timeout: args.send_timeout,
                ..ConnLimits::default()
            },
        })
    }

    /// Whether the allow-list lets cancel through: always in the demo
    /// sandbox, only with `--allow-cancel` against LlamaCloud.
    pub fn cancel_allowed(&self) -> bool {
        match self.mode {
            Mode::Demo => true,
            Mode::Proxy { .. } => self.allow_cancel,
        }
    }

    /// One line saying where `/api/` answers come from, for the start-up
    /// message. Names the upstream, never the key.
    pub fn describe_mode(&self) -> String {
        match &self.mode {
            Mode::Demo => format!(
                "demo data (built-in sandbox account, {}; set LLAMA_CLOUD_API_KEY \
                 or pass --upstream to use LlamaCloud)",
                match (self.frozen, self.speed) {
                    (true, _) => format!("frozen at {}", time::format_utc(self.now)),
                    (false, 1) => "moving with the clock; --now freezes it".to_string(),
                    (false, n) => format!("moving {n}x as fast as the clock"),
                }
            ),
            Mode::Proxy { base, key } => format!(
                "LlamaCloud proxy to {base}; {}; cancel {}",
                if key.is_some() {
                    "server key from LLAMA_CLOUD_API_KEY"
                } else {
                    "no server key: each browser must send its own"
                },
                if self.allow_cancel {
                    "allowed"
                } else {
                    "refused (--allow-cancel enables it)"
                },
            ),
        }
    }

    /// What an operator should know before trusting this configuration.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.listen.ip().is_loopback() && self.basic_auth.is_none() {
            out.push(format!(
                "listening on {} without {BASIC_AUTH_VAR}: anyone who can reach this address \
                 can use the dashboard{}",
                self.listen,
                match self.mode {
                    Mode::Proxy { key: Some(_), .. } => " and the server's LlamaCloud key",
                    _ => "",
                }
            ));
        }
        if let (Mode::Proxy { key: None, .. }, Some(_)) = (&self.mode, &self.basic_auth) {
            out.push(format!(
                "{BASIC_AUTH_VAR} is set but {KEY_VAR} is not: browsers cannot send personal \
                 keys through basic auth, so every API call will be refused by LlamaCloud"
            ));
        }
        if self.listen.ip().is_unspecified() && self.allowed_hosts.is_empty() {
            out.push(format!(
                "listening on {} but no --allowed-host given: only requests naming \
                 localhost reach the dashboard (others get 421); add --allowed-host NAME \
                 for each name or address people use",
                self.listen
            ));
        }
        if self.test_faults {
            out.push("test fault injection is ON (/__test/): never use this in production".into());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "llx-secret-key-123";

    fn parse(args: &[&str]) -> Result<Config, String> {
        parse_env(args, Env::default())
    }

    fn parse_env(args: &[&str], env: Env) -> Result<Config, String> {
        Config::parse(args.iter().map(|s| s.to_string()), env).map_err(|e| e.to_string())
    }

    fn with_key() -> Env {
        Env {
            api_key: Some(KEY.into()),
            basic_auth: None,
        }
    }

    fn base(c: &Config) -> Option<&str> {
        match &c.mode {
            Mode::Proxy { base, .. } => Some(base),
            Mode::Demo => None,
        }
    }

    #[test]
    fn defaults_and_flags() {
        let c = parse(&[]).unwrap();
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert!(!c.test_faults);
        assert!(matches!(c.mode, Mode::Demo));
        assert_eq!(c.limits, Limits::default());
        assert_eq!(c.worker_threads, None, "tokio's default: one per core");
        let c = parse(&[
            "--listen",
            "127.0.0.1:0",
            "--dist=out",
            "--test-faults",
            "--seed",
            "7",
            "--demo",
            "--now",
            "2026-11-29T12:00:00Z",
        ])
        .unwrap();
        assert_eq!(c.listen.port(), 0);
        assert!(matches!(&c.app, AppSource::Dir(d) if d == &PathBuf::from("out")));
        assert!(c.test_faults);
        assert_eq!(c.seed, 7);
        assert!(matches!(c.mode, Mode::Demo));
        assert!(c.frozen, "--now freezes the demo");
        let c = parse(&["--speed", "10"]).unwrap();
        assert!(!c.frozen);
        assert_eq!(c.speed, 10);
        assert_eq!(parse(&[]).unwrap().speed, 1);
        assert!(parse(&["--speed", "0"]).unwrap_err().contains("--speed"));
        assert!(parse(&["--speed", "101"]).is_err());
        let frozen = parse(&["--now", "2026-11-29T12:00:00Z"]).unwrap();
        assert!(frozen
            .describe_mode()
            .contains("frozen at 2026-11-29T12:00:00Z"));
        assert!(c.describe_mode().contains("moving 10x as fast"));
    }

    #[test]
    fn mode_follows_key_and_flags() {
        assert_eq!(base(&parse_env(&[], with_key()).unwrap()), Some(NA));
        assert_eq!(
            base(&parse_env(&["--upstream", "eu"], with_key()).unwrap()),
            Some(EU)
        );
        assert_eq!(base(&parse_env(&["--demo"], with_key()).unwrap()), None);
        let c = parse(&["--upstream=http://127.0.0.1:9/prefix/"]).unwrap();
        assert_eq!(base(&c), Some("http://127.0.0.1:9/prefix"));
        assert!(matches!(c.mode, Mode::Proxy { key: None, .. }));
        assert!(parse(&["--demo", "--upstream", "na"]).is_err());
    }

    #[test]
    fn durations_and_repeated_hosts() {
        let c = parse(&[
            "--shutdown-timeout",
            "500ms",
            "--allowed-host",
            "a.example",
            "--allowed-host=b.example:8443",
            "--max-connections",
            "7",
            "--worker-threads",
            "1",
            "--body-timeout",
            "2s",
            "--send-timeout",
            "750ms",
        ])
        .unwrap();
        assert_eq!(c.worker_threads, Some(1));
        assert_eq!(c.conn.body_timeout, Duration::from_secs(2));
        assert_eq!(c.conn.send_timeout, Duration::from_millis(750));
        assert_eq!(c.conn.shutdown_deadline, Duration::from_millis(500));
        assert_eq!(c.allowed_hosts, ["a.example", "b.example:8443"]);
        assert_eq!(c.conn.max_connections, 7);
        let c = parse(&["--shutdown-timeout", "3"]).unwrap();
        assert_eq!(c.conn.shutdown_deadline, Duration::from_secs(3));
        assert_eq!(parse(&[]).unwrap().conn, ConnLimits::default());
    }

    #[test]
    fn help_names_every_flag_and_the_secret_variables_but_no_secret() {
        let help = Args::command().render_long_help().to_string();
        for flag in [
            "--listen",
            "--dist",
            "--upstream",
            "--demo",
            "--allow-cancel",
            "--test-faults",
            "--seed",
            "--now",
            "--speed",
            "--allowed-host",
            "--insecure-upstream",
            "--max-connections",
            "--shutdown-timeout",
            "--worker-threads",
            "--body-timeout",
            "--send-timeout",
            "--upstream-connections",
            "--upstream-queue-timeout",
            "--cache-max-bytes",
            "--trust-forwarded",
            "--help",
            "--version",
            "[env: LISTEN=",
            "[env: UPSTREAM=",
            "LLAMA_CLOUD_API_KEY",
            "DASHBOARD_BASIC_AUTH",
        ] {
            assert!(help.contains(flag), "{flag} missing from\n{help}");
        }
        assert!(!help.contains("--api-key") && !help.contains("--basic-auth"));
    }

    #[test]
    fn cache_sizes() {
        assert_eq!(parse(&[]).unwrap().limits.cache_max_bytes, 64 << 20);
        for (v, n) in [
            ("512KiB", 512 << 10),
            ("2MiB", 2 << 20),
            ("1G", 1 << 30),
            ("1000", 1000),
        ] {
            let c = parse(&["--cache-max-bytes", v]).unwrap();
            assert_eq!(c.limits.cache_max_bytes, n, "{v}");
        }
        for bad in ["", "MiB", "5 furlongs", "-1", "99999999999999999999GiB"] {
            assert!(parse(&["--cache-max-bytes", bad]).is_err(), "{bad}");
        }
    }

    #[test]
    fn cancel_needs_the_flag_only_upstream() {
        assert!(parse(&[]).unwrap().cancel_allowed());
        assert!(!parse(&["--upstream", "na"]).unwrap().cancel_allowed());
        assert!(parse(&["--upstream", "na", "--allow-cancel"])
            .unwrap()
            .cancel_allowed());
    }

    #[test]
    fn upstream_urls() {
        for bad in [
            "ftp://x",
            "api.cloud.llamaindex.ai",
            "https://user:pw@host",
            "https://host/?q=1",
            "/relative",
            "",
        ] {
            assert!(parse(&["--upstream", bad]).is_err(), "{bad}");
        }
        assert_eq!(
            upstream_base("https://host:8443").unwrap(),
            "https://host:8443"
        );
    }

    #[test]
    fn the_key_never_shows() {
        let c = parse_env(&["--listen", "0.0.0.0:80"], with_key()).unwrap();
        let everything = format!("{c:?} {} {:?}", c.describe_mode(), c.warnings());
        assert!(!everything.contains(KEY), "{everything}");
        assert!(everything.contains("server's LlamaCloud key"));
        let bad = parse_env(
            &[],
            Env {
                api_key: Some("llx-\nbad".into()),
                basic_auth: None,
            },
        )
        .unwrap_err();
        assert!(!bad.contains("llx-"), "{bad}");
    }

    #[test]
    fn warnings() {
        assert!(parse(&[]).unwrap().warnings().is_empty());
        let open = parse(&["--listen", "0.0.0.0:8080"]).unwrap();
        assert!(open.warnings()[0].contains("DASHBOARD_BASIC_AUTH"));
        let env = Env {
            api_key: None,
            basic_auth: Some("team:pw".into()),
        };
        let closed = parse_env(&["--listen", "0.0.0.0:8080"], env.clone()).unwrap();
        assert_eq!(closed.warnings().len(), 1);
        assert!(closed.warnings()[0].contains("--allowed-host NAME"));
        let named = parse_env(
            &[
                "--listen",
                "0.0.0.0:8080",
                "--allowed-host",
                "dash.example.com",
            ],
            env.clone(),
        )
        .unwrap();
        assert!(named.warnings().is_empty());
        let keyless = parse_env(&["--upstream", "na"], env).unwrap();
        assert!(keyless.warnings()[0].contains("LLAMA_CLOUD_API_KEY is not"));
        assert!(parse(&["--test-faults"]).unwrap().warnings()[0].contains("fault"));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let err = parse(&["--listen", "nope"]).unwrap_err();
        assert!(
            err.contains("invalid value 'nope' for '--listen <ADDR>'"),
            "{err}"
        );
        let err = parse(&["--listen"]).unwrap_err();
        assert!(
            err.contains("a value is required for '--listen <ADDR>'"),
            "{err}"
        );
        let err = parse(&["--bogus"]).unwrap_err();
        assert!(err.contains("unexpected argument '--bogus'"), "{err}");
        assert!(err.contains("--help"), "{err}");
        assert!(parse(&["--now", "yesterday"])
            .unwrap_err()
            .contains("--now"));
        let err = parse(&["--upstream", "ftp://x"]).unwrap_err();
        assert!(
            err.contains("not na, eu or an http(s):// base URL"),
            "{err}"
        );
        assert!(parse(&["--max-connections", "0"]).is_err());
        assert!(parse(&["--worker-threads", "0"])
            .unwrap_err()
            .contains("--worker-threads"));
        assert!(parse(&["--shutdown-timeout", "soon"])
            .unwrap_err()
            .contains("35s"));
        assert!(parse(&["--allowed-host", "a b"]).is_err());
        let env = Env {
            api_key: None,
            basic_auth: Some("nocolon".into()),
        };
        assert!(parse_env(&[], env).unwrap_err().contains("user:password"));
    }
}
