//! Entry point trunk builds: mounts the app on the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(batches_dashboard::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The dashboard runs in a browser: build it with `trunk build`, or run scripts/run.");
}
