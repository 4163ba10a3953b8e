// Generates the shell's context and an app permission per command (`allow-<command>`), so the
// capability file grants the window exactly the commands it uses.
include!("../crates/desktop/src/command_names.rs");

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed");
}
