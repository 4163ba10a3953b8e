//! The one registry of node types; it is also the [`Catalog`] that validation asks.

use crate::expression::Expr;
use crate::node::{Node, PreparedNode, Registered, RegisteredNode};
use jsonschema::Validator;
use rustc_hash::FxHashMap;
use serde_json::Value;
use std::borrow::Cow;
use std::sync::Arc;
use std::sync::OnceLock;
use switchyard_model::template::{has_expression, parse_template};
use switchyard_model::validate::walk_strings;
use switchyard_model::{Catalog, NodeDescription, NodeDocument, ParamProblem};

struct Entry {
    node: Box<dyn RegisteredNode>,
    validator: OnceLock<Result<Validator, String>>,
}

/// Every node type the engine can run, by type name, in registration order.
#[derive(Default)]
pub struct Registry {
    entries: Vec<Entry>,
    /// Looked up several times per node while compiling, hence the fast hasher.
    by_type: FxHashMap<String, usize>,
}

impl Registry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a node type. A second type with the same name replaces the first.
    pub fn register<N: Node>(&mut self, node: N) -> &mut Self {
        let registered = Registered::new(node);
        let name = registered.description().node_type.clone();
        let entry = Entry {
            node: Box::new(registered),
            validator: OnceLock::new(),
        };
        match self.by_type.get(&name) {
            Some(&at) => self.entries[at] = entry,
            None => {
                self.by_type.insert(name, self.entries.len());
                self.entries.push(entry);
            }
        }
        self
    }

    pub fn get(&self, node_type: &str) -> Option<&dyn RegisteredNode> {
        self.by_type
            .get(node_type)
            .map(|&at| self.entries[at].node.as_ref())
    }

    /// The catalog, in registration order: what `switchyard nodes --json` prints.
    pub fn descriptions(&self) -> Vec<&NodeDescription> {
        self.entries.iter().map(|e| e.node.description()).collect()
    }

    /// What is wrong with `params` for `node_type`, given the outcome of preparing them.
    pub(crate) fn param_problems(
        &self,
        node_type: &str,
        params: &Value,
        prepared: &Result<Arc<dyn PreparedNode>, String>,
    ) -> Vec<ParamProblem> {
        let mut problems = Vec::new();
        match self.validator(node_type) {
            Some(Ok(validator)) => {
                if prepared.is_ok() && validator.is_valid(params) {
                    return problems;
                }
                for error in validator.iter_errors(params) {
                    problems.push(ParamProblem {
                        field: field_path(error.instance_path().as_str()),
                        message: error.to_string(),
                    });
                }
            }
            Some(Err(err)) => problems.push(ParamProblem {
                field: "params".into(),
                message: format!("the node type's schema is broken: {err}"),
            }),
            None => {}
        }
        if problems.is_empty()
            && !has_template_errors(params)
            && let Err(message) = prepared
        {
            problems.push(ParamProblem {
                field: "params".into(),
                message: message.clone(),
            });
        }
        problems
    }

    fn validator(&self, node_type: &str) -> Option<&Result<Validator, String>> {
        let entry = &self.entries[*self.by_type.get(node_type)?];
        Some(entry.validator.get_or_init(|| {
            jsonschema::draft202012::new(&entry.node.description().params_schema)
                .map_err(|e| e.to_string())
        }))
    }
}

impl Catalog for Registry {
    fn describe(&self, node_type: &str) -> Option<&NodeDescription> {
        self.get(node_type).map(|n| n.description())
    }

    fn output_ports(&self, node: &NodeDocument) -> Vec<String> {
        self.borrowed_output_ports(node).into_owned()
    }

    fn borrowed_output_ports<'a>(&'a self, node: &'a NodeDocument) -> Cow<'a, [String]> {
        let Some(registered) = self.get(&node.node_type) else {
            return Cow::Borrowed(&[]);
        };
        let description = registered.description();
        if !description.dynamic_outputs {
            return Cow::Borrowed(&description.outputs);
        }
        Cow::Owned(
            registered
                .prepare(&node.params)
                .map(|prepared| prepared.output_ports())
                .unwrap_or_default(),
        )
    }

    fn check_params(&self, node: &NodeDocument) -> Vec<ParamProblem> {
        let Some(registered) = self.get(&node.node_type) else {
            return Vec::new();
        };
        let prepared = registered.prepare(&node.params);
        self.param_problems(&node.node_type, &node.params, &prepared)
    }

    fn check_expression(&self, source: &str) -> Result<(), String> {
        Expr::check_syntax(source)
    }
}

/// `/rules/0/port` → `params.rules[0].port`.
fn field_path(pointer: &str) -> String {
    let mut out = String::from("params");
    for part in pointer.split('/').skip(1) {
        let part = part.replace("~1", "/").replace("~0", "~");
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{part}]"));
        } else {
            out.push('.');
            out.push_str(&part);
        }
    }
    out
}

fn has_template_errors(params: &Value) -> bool {
    let mut bad = false;
    walk_strings(params, "", &mut |_, text| {
        if has_expression(text) && parse_template(text).is_err() {
            bad = true;
        }
    });
    bad
}

#[cfg(test)]
mod tests {
    use super::field_path;

    #[test]
    fn pointers_become_field_paths() {
        assert_eq!(field_path(""), "params");
        assert_eq!(field_path("/rules/0/port"), "params.rules[0].port");
        assert_eq!(field_path("/a~1b"), "params.a/b");
    }
}
