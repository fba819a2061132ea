//! Only mounts the app; everything else lives in the library so browser tests can mount it too.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(splitbrain::App);
}

/// The app only runs in a browser: `scripts/serve.sh` builds it with trunk and serves it.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("splitbrain-app runs in the browser: build and serve it with scripts/serve.sh");
    std::process::exit(2);
}
