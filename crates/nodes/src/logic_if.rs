//! `logic.if`: each item leaves on `true` or `false`.

use crate::condition::Condition;
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::Deserialize;
use switchyard_engine::{Node, NodeContext, NodeError, NodeInfo};
use switchyard_model::NodeGroup;

pub struct If;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IfParams {
    pub when: Condition,
}

#[async_trait]
impl Node for If {
    type Params = IfParams;

    fn info(&self) -> NodeInfo {
        NodeInfo {
            outputs: &["true", "false"],
            ..NodeInfo::simple(
                "logic.if",
                "If",
                NodeGroup::Logic,
                "Sends each item to true or false by a condition.",
            )
        }
    }

    async fn run(&self, params: &IfParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        let input = ctx.input();
        for (index, item) in input.iter().enumerate() {
            match params.when.holds(&ctx.scope(index)) {
                Ok(true) => ctx.emit(0, item.clone()),
                Ok(false) => ctx.emit(1, item.clone()),
                Err(message) => ctx.fail_item(index, ctx.expression_error(message)),
            }
        }
        Ok(())
    }
}
