//! The exit codes of the spec's command table.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The document is valid, the run succeeded, the listing was printed.
    Ok,
    /// The document is invalid (`validate`), or the run failed, was cancelled or interrupted.
    Failed,
    /// Usage error, unreadable file, bad `--input`, or (for `run`) an invalid document.
    Usage,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        match exit {
            Exit::Ok => ExitCode::SUCCESS,
            Exit::Failed => ExitCode::from(1),
            Exit::Usage => ExitCode::from(2),
        }
    }
}
