//! `server`: serves the dashboard and its API on one origin.

use server::cli::{Config, Env};
use std::io::IsTerminal;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() {
    // Logs go to stderr, so stdout carries only the start-up lines scripts
    // parse; colours only for a person at a terminal, not for a log collector.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cfg = match Config::parse(std::env::args().skip(1), Env::from_process()) {
        Ok(cfg) => cfg,
        Err(msg) => {
            eprintln!("{msg}");
            std::process::exit(if msg.starts_with("Usage") { 0 } else { 2 });
        }
    };
    let listener = match TcpListener::bind(cfg.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {}: {e}", cfg.listen);
            std::process::exit(1);
        }
    };
    let addr = listener.local_addr().expect("bound socket has an address");
    if !cfg.dist.join("index.html").exists() {
        tracing::warn!(dist = %cfg.dist.display(), "no index.html in the dist folder: build the app first");
    }
    for warning in cfg.warnings() {
        eprintln!("WARNING: {warning}");
    }
    // Signal handlers are registered before the address is announced: a
    // SIGTERM that arrives right after start must still mean "finish and exit
    // cleanly", not the default "die at once".
    #[cfg(unix)]
    let shutdown = {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
        let mut int = signal(SignalKind::interrupt()).expect("SIGINT handler");
        async move {
            tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
            tracing::info!("shutting down: finishing in-flight requests");
        }
    };
    #[cfg(not(unix))]
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down: finishing in-flight requests");
    };
    println!(
        "Batches Dashboard: /api/ answers from {}",
        cfg.describe_mode()
    );
    println!("Batches Dashboard listening on http://{addr}/");
    let app = server::app(&cfg);
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("server error: {e}");
        std::process::exit(1);
    }
}
