//! Switchyard workflow documents (`*.flow.json`, schema `switchyard/workflow@1`).
//!
//! The data goes `text --read--> WorkflowDocument --validate--> Diagnostics`; the engine then
//! compiles a valid document into a plan. This crate knows nothing of how nodes run: what it needs
//! to know about node types (ports, params schemas, expression syntax) it asks a [`Catalog`].

pub mod catalog;
pub mod diagnostic;
pub mod document;
pub mod ids;
pub mod template;
pub mod validate;

pub use catalog::{Catalog, NodeDescription, NodeGroup, ParamProblem};
pub use diagnostic::Diagnostic;
pub use document::{
    EdgeDocument, NodeDocument, OnError, RetryPolicy, SCHEMA_V1, StickyNote, WorkflowDocument,
    read_document, write_document,
};
pub use validate::validate;
