//! The Switchyard engine: node types and their registry, expressions, compiling a workflow into
//! a [`Plan`], and executing a plan into a stream of [`RunEvent`]s.
//!
//! `WorkflowDocument --compile--> Plan --execute--> RunEvent stream --report--> RunReport`.
//! The executor does no I/O of its own: nodes do their work, and whoever listens to the events
//! (the CLI, the history recorder, the desktop window) decides what to keep.

pub mod error;
pub mod event;
pub mod execute;
pub mod expression;
pub mod node;
pub mod plan;
pub mod registry;
pub mod report;
pub mod run;
pub mod time;

pub use error::{ErrorKind, NodeError};
pub use event::{NodeRecord, NodeStatus, RunError, RunEvent, RunEventSink, RunStatus};
pub use execute::{ExecuteOptions, execute};
pub use expression::{Expr, Scope, Template, Templated};
pub use node::{Node, NodeContext, NodeInfo, PreparedNode, RegisteredNode};
pub use plan::{Plan, PlanNode, compile};
pub use registry::Registry;
pub use report::RunReport;
pub use run::{PortItems, RunMode, RunRequest, RunScope, WebhookResponse};
pub use time::Timestamp;

/// A list of items as it flows along an edge; shared, never copied when one node feeds another.
pub type Items = std::sync::Arc<Vec<serde_json::Value>>;
