# Sourced by the scripts: paths and settings every step shares.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
# cargo-installed tools (trunk, wasm-bindgen) and npm's wasm-opt (binaryen 132;
# Debian's wasm-opt 108 builds a page that dies in the browser).
export PATH="$HOME/.cargo/bin:$ROOT/e2e/node_modules/.bin:$PATH"
# trunk's update check calls a web API this network cannot reach.
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
