//! Watching the workflow folder: every `*.flow.json` in it is loaded at start; afterwards file
//! events (from `notify`) are debounced (the folder is rescanned once it has been quiet for a
//! moment, so an editor's save-by-rename counts once) and added, changed and removed files are
//! loaded or unloaded without a restart. If the system gives no file events, the folder is
//! polled instead.

use crate::manager::RunManager;
use notify::{RecursiveMode, Watcher};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// The suffix of workflow files.
pub const FLOW_SUFFIX: &str = ".flow.json";

/// How often the folder is polled when no file events can be had.
const POLL_EVERY: Duration = Duration::from_secs(2);

/// The folder watcher; stops when [`FolderWatch::stop`] is called or it is dropped.
pub struct FolderWatch {
    stop: CancellationToken,
    task: Option<JoinHandle<()>>,
}

/// The workflow files in `dir`, sorted.
pub fn flow_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.is_file()
                && path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(FLOW_SUFFIX))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// What was last loaded from each file (its text), to tell changes.
struct Known {
    dir: PathBuf,
    texts: HashMap<PathBuf, String>,
}

impl Known {
    /// Loads what changed since the last scan, unloads what is gone. Blocking.
    fn rescan(&mut self, manager: &RunManager) {
        let files = match flow_files(&self.dir) {
            Ok(files) => files,
            Err(error) => {
                tracing::warn!(dir = %self.dir.display(), %error, "could not read the workflow folder");
                return;
            }
        };
        for file in &files {
            let text = match std::fs::read_to_string(file) {
                Ok(text) => text,
                Err(error) => {
                    tracing::warn!(file = %file.display(), %error, "could not read a workflow file");
                    continue;
                }
            };
            if self.texts.get(file) == Some(&text) {
                continue;
            }
            // A failed load is logged by the manager; the old version (if any) keeps running.
            let _ = manager.load(file, text.clone());
            self.texts.insert(file.clone(), text);
        }
        let gone: Vec<PathBuf> = self
            .texts
            .keys()
            .filter(|known| !files.contains(known))
            .cloned()
            .collect();
        for file in gone {
            self.texts.remove(&file);
            manager.unload(&file);
        }
    }
}

impl FolderWatch {
    /// Loads every workflow file in `dir` now, then keeps watching it.
    pub async fn start(
        dir: PathBuf,
        manager: RunManager,
        debounce: Duration,
    ) -> std::io::Result<FolderWatch> {
        std::fs::read_dir(&dir)?;
        let (tx, mut rx) = mpsc::unbounded_channel::<()>();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if event.is_ok() {
                let _ = tx.send(());
            }
        })
        .and_then(|mut watcher| {
            watcher.watch(&dir, RecursiveMode::NonRecursive)?;
            Ok(watcher)
        });
        let watcher = match watcher {
            Ok(watcher) => Some(watcher),
            Err(error) => {
                tracing::warn!(dir = %dir.display(), %error, "no file events for the workflow folder; polling it every {} s", POLL_EVERY.as_secs());
                None
            }
        };
        let mut known = Known {
            dir,
            texts: HashMap::new(),
        };
        let first = manager.clone();
        known = tokio::task::spawn_blocking(move || {
            known.rescan(&first);
            known
        })
        .await
        .map_err(std::io::Error::other)?;
        let stop = CancellationToken::new();
        let stopped = stop.clone();
        let task = tokio::spawn(async move {
            let _watcher = watcher;
            let polling = _watcher.is_none();
            loop {
                tokio::select! {
                    () = stopped.cancelled() => return,
                    got = rx.recv(), if !polling => if got.is_none() { return },
                    () = tokio::time::sleep(POLL_EVERY), if polling => {}
                }
                // Debounce: wait until no event came for `debounce`.
                while let Ok(Some(())) = tokio::time::timeout(debounce, rx.recv()).await {}
                let manager = manager.clone();
                known = match tokio::task::spawn_blocking(move || {
                    known.rescan(&manager);
                    known
                })
                .await
                {
                    Ok(known) => known,
                    Err(_) => return,
                };
            }
        });
        Ok(FolderWatch {
            stop,
            task: Some(task),
        })
    }

    /// Stops watching.
    pub async fn stop(mut self) {
        self.stop.cancel();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for FolderWatch {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}
