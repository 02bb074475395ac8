//! `server`: serves the dashboard and its API on one origin.

use server::assets::AppSource;
use server::cli::{Config, Env};
use server::serve::{serve, Stopped};
use std::io::IsTerminal;
use tokio::net::TcpListener;

fn main() {
    // Logs go to stderr, so stdout carries only the start-up lines scripts
    // parse; colours only for a person at a terminal, not for a log collector.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    // clap prints help and version to stdout with status 0, errors to
    // stderr with status 2.
    let cfg =
        Config::parse(std::env::args().skip(1), Env::from_process()).unwrap_or_else(|e| e.exit());
    // The runtime is built after parsing, since its thread count is a flag.
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = cfg.worker_threads {
        runtime.worker_threads(n);
    }
    let runtime = runtime.enable_all().build().unwrap_or_else(|e| {
        eprintln!("cannot start the async runtime: {e}");
        std::process::exit(1);
    });
    runtime.block_on(run(cfg));
}

/// Everything after parsing: listen, announce, serve until stopped.
async fn run(mut cfg: Config) {
    let listener = match TcpListener::bind(cfg.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {}: {e}", cfg.listen);
            std::process::exit(1);
        }
    };
    // With port 0 the kernel picks the port; the Host check needs the real one.
    cfg.listen = listener.local_addr().expect("bound socket has an address");
    match &cfg.app {
        AppSource::Dir(dist) if !dist.join("index.html").exists() => {
            tracing::warn!(dist = %dist.display(), "no index.html in the dist folder: build the app first");
        }
        AppSource::Dir(_) => {}
        AppSource::BuiltIn(_) => tracing::info!("serving the app built into this binary"),
    }
    for warning in cfg.warnings() {
        eprintln!("WARNING: {warning}");
    }
    // A cap above what the descriptor limit allows would end in "out of file
    // descriptors" under load instead of connections waiting their turn.
    if let Some(nofile) = server::serve::descriptor_limit() {
        let upstream = match cfg.mode {
            server::cli::Mode::Proxy { .. } => cfg.limits.upstream_connections,
            server::cli::Mode::Demo => 0,
        };
        let fits = server::serve::cap_for_descriptors(cfg.conn.max_connections, nofile, upstream);
        if fits < cfg.conn.max_connections {
            eprintln!(
                "WARNING: the descriptor limit (ulimit -n) is {nofile}: lowering \
                 --max-connections from {} to {fits} so connections wait their turn instead \
                 of failing; raise the limit (LimitNOFILE=) to allow more",
                cfg.conn.max_connections
            );
            cfg.conn.max_connections = fits;
        }
    }
    // Signal handlers are registered before the address is announced: a
    // SIGTERM that arrives right after start must still mean "finish and exit
    // cleanly", not the default "die at once". Every signal is passed on:
    // the first starts the graceful shutdown, the second ends it.
    let (stop_tx, stop) = tokio::sync::mpsc::unbounded_channel();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
        let mut int = signal(SignalKind::interrupt()).expect("SIGINT handler");
        tokio::spawn(async move {
            loop {
                tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
                if stop_tx.send(()).is_err() {
                    break;
                }
            }
        });
    }
    #[cfg(not(unix))]
    tokio::spawn(async move {
        while tokio::signal::ctrl_c().await.is_ok() {
            if stop_tx.send(()).is_err() {
                break;
            }
        }
    });
    println!(
        "Batches Dashboard: /api/ answers from {}",
        cfg.describe_mode()
    );
    println!("Batches Dashboard listening on http://{}/", cfg.listen);
    // The metrics address gets its own accept loop; its stop channel stays
    // open, since the process ends with the main loop.
    let (_metrics_stop_tx, metrics_stop) = tokio::sync::mpsc::unbounded_channel();
    if let Some(addr) = cfg.metrics_listen {
        let listener = match TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("cannot listen on {addr} for metrics: {e}");
                std::process::exit(1);
            }
        };
        let addr = listener.local_addr().expect("bound socket has an address");
        println!("Batches Dashboard metrics on http://{addr}/metrics");
        let limits = server::serve::ConnLimits {
            max_connections: 16,
            ..cfg.conn
        };
        let app = server::metrics_app(addr, &cfg.allowed_hosts);
        tokio::spawn(serve(listener, app, limits, metrics_stop));
    }
    let app = server::app(&cfg);
    match serve(listener, app, cfg.conn, stop).await {
        Stopped::Cleanly => {}
        Stopped::DeadlinePassed | Stopped::SecondSignal => std::process::exit(1),
    }
}
