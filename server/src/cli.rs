//! Command-line options. Hand-parsed: five flags do not justify a parser
//! crate in a binary people deploy.

use batches_dashboard::time::{self, Instant};
use std::net::SocketAddr;
use std::path::PathBuf;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    pub listen: SocketAddr,
    pub dist: PathBuf,
    /// Demo mode is the only mode until the upstream proxy lands; the flag
    /// is accepted now so scripts written today keep working.
    pub demo: bool,
    /// Enables `/__test/` fault injection and the request log. Never in production.
    pub test_faults: bool,
    /// Seed of the demo data set.
    pub seed: u64,
    /// The instant the demo data is generated relative to (default: now).
    pub now: Instant,
}

/// The usage text `--help` prints.
pub const USAGE: &str = "\
Usage: server [--listen ADDR] [--dist DIR] [--demo] [--test-faults] [--seed N] [--now RFC3339]

  --listen ADDR     address to bind (default 127.0.0.1:8080; port 0 picks a free one)
  --dist DIR        the built app (default: dist)
  --demo            answer /api/ from the built-in demo data set (the default)
  --test-faults     enable /__test/ fault injection for browser tests (never in production)
  --seed N          seed of the demo data (default 42)
  --now RFC3339     generate demo data as of this instant (default: now)
";

fn system_now() -> Instant {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Instant(ms)
}

impl Config {
    /// Parses arguments (without the program name). `Err` carries the message to print.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Config, String> {
        let mut cfg = Config {
            listen: "127.0.0.1:8080".parse().expect("valid default address"),
            dist: PathBuf::from("dist"),
            demo: true,
            test_faults: false,
            seed: 42,
            now: system_now(),
        };
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
                    cfg.listen = v.parse().map_err(|_| {
                        format!("--listen: {v:?} is not an address like 127.0.0.1:8080")
                    })?;
                }
                "--dist" => cfg.dist = PathBuf::from(value("--dist")?),
                "--demo" => cfg.demo = true,
                "--test-faults" => cfg.test_faults = true,
                "--seed" => {
                    let v = value("--seed")?;
                    cfg.seed = v
                        .parse()
                        .map_err(|_| format!("--seed: {v:?} is not a whole number"))?;
                }
                "--now" => {
                    let v = value("--now")?;
                    cfg.now = time::parse_rfc3339(&v).map_err(|e| format!("--now: {e}"))?;
                }
                "-h" | "--help" => return Err(USAGE.to_string()),
                other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
            }
        }
        Ok(cfg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, String> {
        Config::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults_and_flags() {
        let c = parse(&[]).unwrap();
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert!(!c.test_faults);
        let c = parse(&[
            "--listen",
            "127.0.0.1:0",
            "--dist=out",
            "--test-faults",
            "--seed",
            "7",
        ])
        .unwrap();
        assert_eq!(c.listen.port(), 0);
        assert_eq!(c.dist, PathBuf::from("out"));
        assert!(c.test_faults);
        assert_eq!(c.seed, 7);
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
    }
}
