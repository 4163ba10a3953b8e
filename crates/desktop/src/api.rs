//! The values that cross the IPC boundary besides the model's own (documents, the catalog,
//! diagnostics). The editor's TypeScript types are generated from these (ts-rs).

use serde::{Deserialize, Serialize};
use switchyard_model::{Diagnostic, WorkflowDocument};
use ts_rs::TS;

/// The engine's verdict on a document: `ok` when `errors` is empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ValidationReport {
    pub ok: bool,
    pub errors: Vec<Diagnostic>,
}

/// A shipped template: its file name and document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TemplateEntry {
    pub file: String,
    pub document: WorkflowDocument,
}

/// A stored credential as the picker lists it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CredentialSummary {
    pub id: String,
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub label: Option<String>,
}

/// The folder of workflows the app shows, and what is in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Workspace {
    /// Absolute path of the folder.
    pub folder: String,
    /// Its `*.flow.json` files, by file name.
    pub files: Vec<WorkspaceFile>,
}

/// One workflow file of the workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WorkspaceFile {
    /// Absolute path, as `open_workflow` takes it.
    pub path: String,
    /// The file name (`lead-routing.flow.json`).
    pub file: String,
    /// The document's name, or its id, when it could be read.
    pub name: Option<String>,
    pub active: bool,
    /// How many problems validation finds (0: it can run).
    pub problems: u32,
}

/// Why a command failed, in a form the window can show: `kind` for code, `message` for people,
/// and the validation problems when the failure is an invalid document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    pub kind: CommandErrorKind,
    pub message: String,
    pub problems: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CommandErrorKind {
    /// No such command, or its arguments are not what it takes.
    BadRequest,
    /// The document (or file) has problems; see `problems`.
    Invalid,
    /// A file could not be read or written.
    Io,
    /// Something the command needs is not there (a run, a node, the history).
    NotFound,
    /// Anything else the host reported.
    Host,
}

impl CommandError {
    pub fn new(kind: CommandErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            problems: Vec::new(),
        }
    }

    pub fn invalid(message: impl Into<String>, problems: Vec<Diagnostic>) -> Self {
        Self {
            kind: CommandErrorKind::Invalid,
            message: message.into(),
            problems,
        }
    }
}
