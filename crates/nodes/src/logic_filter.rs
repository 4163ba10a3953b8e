//! `logic.filter`: keeps the items that match.

use crate::condition::Condition;
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::Deserialize;
use switchyard_engine::{Node, NodeContext, NodeError, NodeInfo};
use switchyard_model::NodeGroup;

pub struct Filter;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FilterParams {
    pub when: Condition,
}

#[async_trait]
impl Node for Filter {
    type Params = FilterParams;

    fn info(&self) -> NodeInfo {
        NodeInfo::simple(
            "logic.filter",
            "Filter",
            NodeGroup::Logic,
            "Keeps only the items that match a condition.",
        )
    }

    async fn run(&self, params: &FilterParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        let input = ctx.input();
        for (index, item) in input.iter().enumerate() {
            match params.when.holds(&ctx.scope(index)) {
                Ok(true) => ctx.emit(0, item.clone()),
                Ok(false) => {}
                Err(message) => ctx.fail_item(index, ctx.expression_error(message)),
            }
        }
        Ok(())
    }
}
