//! Expressions: `{{ … }}` in string params, evaluated per item.
//!
//! Plain property paths (`$json.body.email`, `$trigger.body.employees`, `$out("x")[0].id`) are
//! resolved natively in Rust; anything else is JavaScript, compiled once per run in the run's
//! sandbox (see `switchyard-js`).

mod path;
mod template;
mod text;

pub use path::{PathExpr, Resolved};
pub use template::{Template, Templated};
pub use text::{js_number_text, to_text};

use crate::run::RunScope;
use serde_json::Value;
use std::sync::Arc;

/// One compiled expression.
#[derive(Debug, Clone)]
pub enum Expr {
    /// A property path, resolved without JavaScript.
    Path(PathExpr),
    /// Any other JavaScript expression; its source.
    Js(Arc<str>),
}

impl Expr {
    pub fn compile(source: &str) -> Expr {
        match PathExpr::parse(source) {
            Some(path) => Expr::Path(path),
            None => Expr::Js(Arc::from(source)),
        }
    }

    /// Syntax check: paths are valid by construction, the rest asks the JavaScript parser.
    pub fn check_syntax(source: &str) -> Result<(), String> {
        if PathExpr::is_path(source) {
            return Ok(());
        }
        switchyard_js::check_expression_syntax(source)
    }

    pub fn source(&self) -> &str {
        match self {
            Expr::Path(path) => path.source(),
            Expr::Js(source) => source,
        }
    }

    /// The expression's value for the scope's item; `Resolved::Undefined` for JS `undefined`.
    pub fn evaluate<'a>(&self, scope: &Scope<'a>) -> Result<Resolved<'a>, String> {
        match self {
            Expr::Path(path) => path.resolve(scope),
            Expr::Js(source) => scope
                .run
                .eval_javascript(source, scope.json, scope.index, scope.input)
                .map(|value| value.map_or(Resolved::Undefined, Resolved::Owned)),
        }
    }
}

/// What an expression can see: the current item, its position, all of the node's input items,
/// and the run (trigger item, `$out`, `$run`, `$now`).
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub json: &'a Value,
    pub index: usize,
    pub input: &'a [Value],
    pub run: &'a RunScope,
}
