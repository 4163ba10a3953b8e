//! The app's few remembered choices (the workspace folder), in a small JSON file in the user's
//! config folder. Never secrets: those live in the OS keychain.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<RetentionSettings>,
}

/// How much run history the app keeps; `None` in a field: no limit there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RetentionSettings {
    /// The newest runs kept per workflow.
    pub keep_per_workflow: Option<u32>,
    /// Runs older than this many days are deleted.
    pub max_age_days: Option<u32>,
}

impl RetentionSettings {
    pub fn to_retention(self) -> switchyard_store::Retention {
        switchyard_store::Retention {
            keep_per_workflow: self.keep_per_workflow.map(|n| n as usize),
            max_age_days: self.max_age_days,
        }
    }
}

impl Default for RetentionSettings {
    /// The store's defaults (1,000 runs per workflow, 30 days).
    fn default() -> Self {
        let retention = switchyard_store::Retention::default();
        Self {
            keep_per_workflow: retention
                .keep_per_workflow
                .map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
            max_age_days: retention.max_age_days,
        }
    }
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
