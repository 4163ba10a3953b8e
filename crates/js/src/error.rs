//! The error type of this crate.

use std::time::Duration;

/// Why a script could not produce a value.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum JsError {
    /// The source does not parse (the message says where).
    #[error("syntax error: {0}")]
    Syntax(String),
    /// The script threw: the exception's message, with the line and column
    /// when known, e.g. `TypeError: cannot read property 'x' of undefined (line 1, column 7)`.
    #[error("{0}")]
    Thrown(String),
    /// The call ran longer than the time limit.
    #[error("took longer than {0:?}, the time limit (an endless loop?)")]
    Timeout(Duration),
    /// The runtime hit its memory limit (in MiB).
    #[error("used more than {0} MiB of memory, the limit")]
    OutOfMemory(usize),
    /// The script returned something that cannot be used, e.g. a number where
    /// an array of items was expected, or a value containing a cycle.
    #[error("{0}")]
    BadResult(String),
    /// QuickJS itself failed (should not happen).
    #[error("the JavaScript engine failed: {0}")]
    Engine(String),
}
