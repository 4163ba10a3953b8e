//! The app's few remembered choices (the workspace folder), in a small JSON file in the user's
//! config folder. Never secrets: those live in the OS keychain.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace: Option<PathBuf>,
}

pub fn default_path() -> PathBuf {
    dirs::config_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("switchyard")
        .join("desktop.json")
}

/// The saved settings; defaults when the file is missing or unreadable (it only holds
/// conveniences, so a damaged file must not stop the app).
pub fn load(path: &Path) -> Settings {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

pub fn save(path: &Path, settings: &Settings) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(settings).map_err(std::io::Error::other)?;
    crate::files::write_atomically(path, &text)
}
