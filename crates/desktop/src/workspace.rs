//! The workspace folder: where the app lists, opens and saves workflows by default.

use crate::api::{CommandError, CommandErrorKind, Workspace, WorkspaceFile};
use std::path::{Path, PathBuf};
use switchyard_host::{Runner, flow_files};
use switchyard_model::read_document;

/// The folder used until the user picks one: `$SWITCHYARD_WORKSPACE`, else
/// `~/Documents/Switchyard` (or `~/Switchyard` where there is no documents folder).
pub fn default_folder() -> PathBuf {
    if let Some(dir) = std::env::var_os("SWITCHYARD_WORKSPACE") {
        return PathBuf::from(dir);
    }
    dirs::document_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
        .join("Switchyard")
}

/// Lists the folder's workflow files (creating the folder when it does not exist yet).
pub fn list(folder: &Path, runner: &Runner) -> Result<Workspace, CommandError> {
    std::fs::create_dir_all(folder).map_err(|e| {
        CommandError::new(
            CommandErrorKind::Io,
            format!(
                "cannot create the workspace folder {}: {e}",
                folder.display()
            ),
        )
    })?;
    let paths = flow_files(folder).map_err(|e| {
        CommandError::new(
            CommandErrorKind::Io,
            format!("cannot list {}: {e}", folder.display()),
        )
    })?;
    let files = paths.iter().map(|path| describe(path, runner)).collect();
    Ok(Workspace {
        folder: folder.display().to_string(),
        files,
    })
}

fn describe(path: &Path, runner: &Runner) -> WorkspaceFile {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let (doc, read_problems) = read_document(&text);
    let problems = match &doc {
        Some(doc) => read_problems.len() + switchyard_model::validate(doc, runner.registry()).len(),
        None => read_problems.len().max(1),
    };
    WorkspaceFile {
        path: path.display().to_string(),
        file,
        name: doc.as_ref().map(|d| {
            if d.name.is_empty() {
                d.id.clone()
            } else {
                d.name.clone()
            }
        }),
        active: doc.as_ref().is_some_and(|d| d.active),
        problems: u32::try_from(problems).unwrap_or(u32::MAX),
    }
}
