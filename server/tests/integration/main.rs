//! Integration tests of the server: its router driven directly where no
//! socket is needed, real sockets against a local stand-in for LlamaCloud
//! where the proxy must connect, and the built binary for start-up,
//! logging and shutdown.

mod allow_list;
mod assets;
mod audit;
mod basic_auth;
mod binary;
mod coalescing;
mod connections;
mod deadlines;
mod demo_jobs;
mod demo_live;
mod edge;
mod failures;
mod finish;
mod metrics;
mod preload;
mod proxy;
mod support;
mod upstream_limits;
