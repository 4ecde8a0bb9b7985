//! Link settings for the browser's WASM.

fn main() {
    // Keep each constant (strings, tables) in a data segment of its own, so the splitter can move the
    // ones only a lazy screen uses into that screen's chunk; merged, they all stay in the main file
    // (cargo-leptos#679). Set here, not in RUSTFLAGS, so the server's build is left alone.
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--no-merge-data-segments");
    }
}
