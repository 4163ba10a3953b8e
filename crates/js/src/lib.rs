//! Switchyard's JavaScript sandbox: runs `{{ }}` expressions and "code" nodes
//! on [QuickJS](https://github.com/quickjs-ng/quickjs) through `rquickjs`.
//!
//! One [`JsSandbox`] serves one workflow run. It compiles every distinct
//! source once, bounds each call by a time limit and the whole runtime by a
//! memory limit, and makes runs reproducible: `Date.now()`, `new Date()` and
//! `Math.random()` depend only on [`JsGlobals`].
//!
//! What scripts see:
//! - run-wide globals `$run`, `$now`, `$trigger` (deeply frozen) and the
//!   function `$out(nodeId)`;
//! - per call `$json`, `$index` and `$input` (expressions and mode "each"), or
//!   `items` (mode "all", where `$input` is the same array). In expressions and
//!   mode "each", `$input` is shared between the calls for the same input and
//!   is therefore deeply frozen: copy it (`[...$input]`) to sort it.
//!
//! QuickJS without its `std`/`os` modules has no file, network, process or
//! timer access, and no module loader is installed.

#![warn(missing_docs)]

mod compile;
mod convert;
mod error;
mod failure;
mod globals;
mod input;
mod limits;
mod output;
mod prelude;
mod registry;
mod sandbox;
mod syntax;
mod watchdog;
mod wrap;

pub use error::JsError;
pub use globals::JsGlobals;
pub use limits::JsLimits;
pub use sandbox::JsSandbox;
pub use serde_json::Value;
pub use syntax::{check_expression_syntax, check_function_body_syntax};
