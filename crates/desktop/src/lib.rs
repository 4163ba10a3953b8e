//! The desktop app's back end, without Tauri: one [`Desktop`] that answers the window's
//! commands (by name, with JSON arguments, as Tauri's IPC delivers them) over the `host`
//! facade, and sends what happens meanwhile to an [`EventSink`].
//!
//! Two doors lead here: the Tauri shell (`src-tauri`) routes every IPC call to
//! [`Desktop::invoke`], and the bridge ([`bridge`]) does the same over loopback HTTP so the
//! browser tests drive the real back end.

pub mod always_on;
pub mod api;
pub mod auth_failures;
pub mod bridge;
mod command_names;
mod commands;
pub mod credentials;
pub mod events;
mod files;
pub mod history;
pub mod run_views;
pub mod runs;
pub mod settings;
pub mod sign_ins;
pub mod templates;
pub mod test_events;
mod workspace;

pub use api::CommandError;
pub use command_names::COMMANDS;
pub use events::{EventSink, NoEvents};

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use switchyard_host::Runner;
use switchyard_secrets::Vault;
use switchyard_store::HistoryStore;

/// Where the app keeps its things; `None` means the default place.
#[derive(Debug, Clone, Default)]
pub struct DesktopConfig {
    /// The history database (default: the same file the CLI uses).
    pub db_path: Option<PathBuf>,
    /// The workspace folder (default: the last one picked, else [`workspace::default_folder`]).
    pub workspace: Option<PathBuf>,
    /// The settings file (default: `switchyard/desktop.json` in the user's config folder).
    pub settings_path: Option<PathBuf>,
}

/// The back end of one app window.
pub struct Desktop {
    runner: Arc<Runner>,
    workspace: Mutex<PathBuf>,
    settings_path: PathBuf,
    events: Arc<dyn EventSink>,
    runs: Arc<runs::ActiveRuns>,
    always_on: always_on::AlwaysOn,
    test_listenings: test_events::TestListenings,
    sign_ins: sign_ins::SignIns,
    /// Whether sign-ins open the system browser (the app: yes; the bridge and tests: no).
    opens_browser: bool,
    db_path: PathBuf,
}

/// Why the back end could not start.
#[derive(Debug, thiserror::Error)]
pub enum DesktopError {
    #[error("cannot open the run history: {0}")]
    History(#[from] switchyard_store::StoreError),
}

impl Desktop {
    /// Opens the history and the settings; events go to `events`.
    pub fn open(config: DesktopConfig, events: Arc<dyn EventSink>) -> Result<Self, DesktopError> {
        let db_path = switchyard_store::resolve_db_path(config.db_path);
        let settings_path = config.settings_path.unwrap_or_else(settings::default_path);
        let saved = settings::load(&settings_path);
        let mut options = switchyard_store::StoreOptions::default();
        if let Some(auto) = &mut options.auto_prune {
            auto.retention = saved.retention.unwrap_or_default().to_retention();
        }
        let store = HistoryStore::open(&db_path, options)?;
        let workspace = config
            .workspace
            .or(saved.workspace)
            .unwrap_or_else(workspace::default_folder);
        Ok(Self {
            runner: Arc::new(Runner::new(Some(store)).with_vault(Vault::system())),
            workspace: Mutex::new(workspace),
            settings_path,
            events,
            runs: Arc::default(),
            always_on: always_on::AlwaysOn::default(),
            test_listenings: test_events::TestListenings::default(),
            sign_ins: sign_ins::SignIns::default(),
            opens_browser: false,
            db_path,
        })
    }

    /// Sign-ins open the consent page in the system browser (the app does; the bridge and the
    /// tests show the address instead).
    pub fn opening_the_browser(mut self) -> Self {
        self.opens_browser = true;
        self
    }

    /// Starts running the workspace's active workflows (webhooks on `listen`), as `serve`
    /// would, until [`Desktop::stop_always_on`]. A problem (another host on the same history,
    /// the port in use) is kept for `host_status`; the editor works regardless.
    pub async fn start_always_on(&self, listen: std::net::SocketAddr) {
        let folder = self.workspace_folder();
        // A first start has no workspace folder yet; hosting it must not fail for that.
        if let Err(e) = std::fs::create_dir_all(&folder) {
            tracing::warn!(
                "cannot create the workspace folder {}: {e}",
                folder.display()
            );
        }
        self.always_on
            .start(
                folder,
                self.db_path.clone(),
                listen,
                Arc::clone(&self.events),
            )
            .await;
    }

    /// Stops the always-on host, letting running runs finish within their grace period.
    pub async fn stop_always_on(&self) {
        self.always_on.stop().await;
    }

    /// Whether active workflows are running (closing the window then keeps the app in the
    /// tray).
    pub async fn has_active_workflows(&self) -> bool {
        self.always_on.has_active().await
    }
}
