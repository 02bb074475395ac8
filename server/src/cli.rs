//! Command-line options and the two environment variables. Hand-parsed: a
//! dozen flags do not justify a parser crate in a binary people deploy.
//!
//! Secrets come only from the environment: a key on the command line would
//! show in `ps`, shell history and CI logs.

use crate::basic_auth::Credentials;
use crate::proxy::Limits;
use crate::serve::ConnLimits;
use axum::http::{HeaderValue, Uri};
use batches_core::time::{self, Instant};
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
    /// The built app (trunk's output) to serve.
    pub dist: PathBuf,
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
    /// Basic auth for every request but `/healthz`, from `DASHBOARD_BASIC_AUTH`.
    pub basic_auth: Option<Credentials>,
    /// Upstream timeouts and body cap; not a flag, tests shorten them.
    pub limits: Limits,
    /// Host names besides the loopback ones and the listen address that
    /// requests may carry (`--allowed-host`, repeatable).
    pub allowed_hosts: Vec<String>,
    /// Connection cap, header timeout and shutdown deadline.
    pub conn: ConnLimits,
}

/// The usage text `--help` prints.
pub const USAGE: &str = "\
Usage: server [--listen ADDR] [--dist DIR] [--upstream na|eu|URL | --demo] [--allow-cancel]
              [--test-faults] [--seed N] [--now RFC3339]

  --listen ADDR     address to bind (default 127.0.0.1:8080; port 0 picks a free one)
  --dist DIR        the built app to serve (default: dist)
  --upstream WHERE  forward /api/ to LlamaCloud: na (https://api.cloud.llamaindex.ai),
                    eu (https://api.cloud.eu.llamaindex.ai) or an http(s) base URL.
                    Default: na when LLAMA_CLOUD_API_KEY is set, else demo mode
  --demo            answer /api/ from the built-in demo data set, even with a key
  --allow-cancel    forward POST /api/v2/batches/{id}/cancel (refused by default)
  --test-faults     enable /__test/ fault injection for browser tests (never in production)
  --seed N          seed of the demo data (default 42)
  --now RFC3339     generate demo data as of this instant (default: now)
  --allowed-host NAME  also answer requests for this host name (repeatable; loopback
                    names with the port and the listen address are always allowed)
  --insecure-upstream  allow sending the server key over plain http:// to a host that
                    is not this machine
  --max-connections N  open connections at most; more wait (default 512)
  --shutdown-timeout SECS  how long shutdown waits for in-flight requests (default 35)

Environment:
  LLAMA_CLOUD_API_KEY    the key sent upstream when the browser sends none (never a flag)
  DASHBOARD_BASIC_AUTH   user:password; require HTTP basic auth for everything but /healthz
                         (browsers then cannot send personal keys: the server key is used)
";

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
    let bad = || format!("--upstream: {value:?} is not na, eu or an http(s):// base URL");
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

impl Config {
    /// Parses arguments (without the program name) and the environment.
    /// `Err` carries the message to print.
    pub fn parse(args: impl IntoIterator<Item = String>, env: Env) -> Result<Config, String> {
        let mut listen: SocketAddr = "127.0.0.1:8080".parse().expect("valid default address");
        let mut dist = PathBuf::from("dist");
        let mut demo = false;
        let mut upstream = None;
        let mut allow_cancel = false;
        let mut test_faults = false;
        let mut seed = 42;
        let mut now = None;
        let mut allowed_hosts = Vec::new();
        let mut insecure_upstream = false;
        let mut conn = ConnLimits::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                _ => (arg.clone(), None),
            };
            let mut value = |name: &str| {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"))
            };
            match flag.as_str() {
                "--listen" => {
                    let v = value("--listen")?;
                    listen = v.parse().map_err(|_| {
                        format!("--listen: {v:?} is not an address like 127.0.0.1:8080")
                    })?;
                }
                "--dist" => dist = PathBuf::from(value("--dist")?),
                "--demo" => demo = true,
                "--upstream" => upstream = Some(upstream_base(&value("--upstream")?)?),
                "--allow-cancel" => allow_cancel = true,
                "--test-faults" => test_faults = true,
                "--seed" => {
                    let v = value("--seed")?;
                    seed = v
                        .parse()
                        .map_err(|_| format!("--seed: {v:?} is not a whole number"))?;
                }
                "--now" => {
                    let v = value("--now")?;
                    now = Some(time::parse_rfc3339(&v).map_err(|e| format!("--now: {e}"))?);
                }
                "--allowed-host" => {
                    let v = value("--allowed-host")?;
                    if !crate::host_check::is_valid_flag_value(&v) {
                        return Err(format!(
                            "--allowed-host: {v:?} is not a host name like dashboard.example.com"
                        ));
                    }
                    allowed_hosts.push(v);
                }
                "--insecure-upstream" => insecure_upstream = true,
                "--max-connections" => {
                    let v = value("--max-connections")?;
                    conn.max_connections = v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("--max-connections: {v:?} is not a whole number above 0")
                    })?;
                }
                "--shutdown-timeout" => {
                    let v = value("--shutdown-timeout")?;
                    let secs: f64 = v
                        .parse()
                        .ok()
                        .filter(|s: &f64| s.is_finite() && *s >= 0.0)
                        .ok_or_else(|| {
                            format!("--shutdown-timeout: {v:?} is not a number of seconds")
                        })?;
                    conn.shutdown_deadline = Duration::from_secs_f64(secs);
                }
                "-h" | "--help" => return Err(USAGE.to_string()),
                other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
            }
        }
        let key = env.api_key.as_deref().map(ApiKey::from_env).transpose()?;
        let mode = match (demo, upstream) {
            (true, Some(_)) => return Err("--demo and --upstream exclude each other".to_string()),
            (true, None) => Mode::Demo,
            (false, Some(base)) => Mode::Proxy { base, key },
            (false, None) if key.is_some() => Mode::Proxy {
                base: NA.to_string(),
                key,
            },
            (false, None) => Mode::Demo,
        };
        if let Mode::Proxy { base, key: Some(_) } = &mode {
            if !insecure_upstream && plain_http_off_machine(base) {
                return Err(format!(
                    "--upstream {base} is plain http:// to another machine: the server key \
                     would cross the network readable by anyone on the way. Use https://, \
                     or pass --insecure-upstream if this network is trusted"
                ));
            }
        }
        Ok(Config {
            listen,
            dist,
            mode,
            allow_cancel,
            test_faults,
            seed,
            now: now.unwrap_or_else(system_now),
            basic_auth: env
                .basic_auth
                .as_deref()
                .map(Credentials::parse)
                .transpose()?,
            limits: Limits::default(),
            allowed_hosts,
            conn,
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
            Mode::Demo => "demo data (built-in sandbox account; set LLAMA_CLOUD_API_KEY \
                           or pass --upstream to use LlamaCloud)"
                .to_string(),
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
        Config::parse(args.iter().map(|s| s.to_string()), env)
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
        assert_eq!(c.dist, PathBuf::from("out"));
        assert!(c.test_faults);
        assert_eq!(c.seed, 7);
        assert!(matches!(c.mode, Mode::Demo));
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
        assert!(closed.warnings().is_empty());
        let keyless = parse_env(&["--upstream", "na"], env).unwrap();
        assert!(keyless.warnings()[0].contains("LLAMA_CLOUD_API_KEY is not"));
        assert!(parse(&["--test-faults"]).unwrap().warnings()[0].contains("fault"));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(parse(&["--listen", "nope"])
            .unwrap_err()
            .contains("not an address"));
        assert!(parse(&["--listen"]).unwrap_err().contains("needs a value"));
        assert!(parse(&["--bogus"]).unwrap_err().contains("unknown option"));
        assert!(parse(&["--now", "yesterday"])
            .unwrap_err()
            .contains("--now"));
        let env = Env {
            api_key: None,
            basic_auth: Some("nocolon".into()),
        };
        assert!(parse_env(&[], env).unwrap_err().contains("user:password"));
    }
}
