//! Integration tests of the server: its router driven directly where no
//! socket is needed, real sockets against a local stand-in for LlamaCloud
//! where the proxy must connect, and the built binary for start-up,
//! logging and shutdown.

mod allow_list;
mod assets;
mod basic_auth;
mod binary;
mod failures;
mod preload;
mod proxy;
mod support;
