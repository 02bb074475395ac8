//! Entry point trunk builds: mounts the app on the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    batches_dashboard::crash::install();
    batches_dashboard::theme::apply(batches_dashboard::theme::load());
    leptos::mount::mount_to_body(batches_dashboard::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The dashboard runs in a browser: build it with `trunk build`, or run scripts/run.");
}
