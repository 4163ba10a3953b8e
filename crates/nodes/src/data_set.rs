//! `data.set`: sets fields on each item (dotted paths, values or expressions).

use crate::paths::set_path;
use async_trait::async_trait;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};
use switchyard_engine::{Node, NodeContext, NodeError, NodeInfo, Template};
use switchyard_model::NodeGroup;

pub struct Set;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetParams {
    /// Dotted path → value or expression, e.g. `"owner.id": "{{ $json.owner }}"`.
    #[serde(default)]
    pub fields: IndexMap<String, Template>,
    /// Start from the input item (true) or from an empty item (false).
    #[serde(default = "yes")]
    pub keep_input: bool,
}

fn yes() -> bool {
    true
}

#[async_trait]
impl Node for Set {
    type Params = SetParams;

    fn info(&self) -> NodeInfo {
        NodeInfo::simple(
            "data.set",
            "Set fields",
            NodeGroup::Data,
            "Adds or changes fields on each item.",
        )
    }

    async fn run(&self, params: &SetParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        let input = ctx.input();
        'items: for (index, item) in input.iter().enumerate() {
            let scope = ctx.scope(index);
            let mut out = if params.keep_input {
                item.clone()
            } else {
                Value::Object(Map::new())
            };
            for (path, template) in &params.fields {
                match template.evaluate(&scope) {
                    Ok(value) => set_path(&mut out, path, value),
                    Err(message) => {
                        ctx.fail_item(
                            index,
                            ctx.expression_error(format!("field \"{path}\": {message}")),
                        );
                        continue 'items;
                    }
                }
            }
            ctx.emit(0, out);
        }
        Ok(())
    }
}
