//! A problem found in a document: what is wrong and where.

use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

/// One problem in a workflow document, as the spec's `{node?, field?, message}`.
///
/// `line`/`column` are set only for problems found while reading the JSON text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Diagnostic {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub node: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub column: Option<usize>,
}

impl Diagnostic {
    pub fn document(message: impl Into<String>) -> Self {
        Self {
            node: None,
            field: None,
            message: message.into(),
            line: None,
            column: None,
        }
    }

    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.into()),
            ..Self::document(message)
        }
    }

    pub fn node(node: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            node: Some(node.into()),
            ..Self::document(message)
        }
    }

    pub fn node_field(
        node: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            node: Some(node.into()),
            field: Some(field.into()),
            ..Self::document(message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "line {line}, column {column}: ")?;
        }
        if let Some(node) = &self.node {
            write!(f, "node \"{node}\"")?;
            if self.field.is_some() {
                write!(f, ", ")?;
            } else {
                write!(f, ": ")?;
            }
        }
        if let Some(field) = &self.field {
            write!(f, "field \"{field}\": ")?;
        }
        write!(f, "{}", self.message)
    }
}
