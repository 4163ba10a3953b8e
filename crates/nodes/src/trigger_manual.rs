//! `trigger.manual`: starts a run by hand (the editor's "Run once", `switchyard run`).

use async_trait::async_trait;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};
use switchyard_engine::{Node, NodeContext, NodeError, NodeInfo};
use switchyard_model::NodeGroup;

pub struct ManualTrigger;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManualParams {}

#[async_trait]
impl Node for ManualTrigger {
    type Params = ManualParams;

    fn info(&self) -> NodeInfo {
        NodeInfo {
            inputs: &[],
            ..NodeInfo::simple(
                "trigger.manual",
                "Manual trigger",
                NodeGroup::Trigger,
                "Starts the workflow when you run it by hand.",
            )
        }
    }

    async fn run(&self, _: &ManualParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        match ctx.trigger_items() {
            Some(items) => ctx.emit_all(0, items.iter().cloned()),
            None => ctx.emit(0, Value::Object(Map::new())),
        }
        Ok(())
    }
}
