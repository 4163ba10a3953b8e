//! `flow.respond`: chooses the answer to the webhook that started the run.

use async_trait::async_trait;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};
use switchyard_engine::{
    Node, NodeContext, NodeError, NodeInfo, Template, Templated, WebhookResponse,
};
use switchyard_model::NodeGroup;

pub struct Respond;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RespondParams {
    /// HTTP status (default 200).
    #[serde(default)]
    pub status: Option<Templated<u16>>,
    #[serde(default)]
    pub headers: IndexMap<String, Template>,
    /// The body; by default the first input item.
    #[serde(default)]
    pub body: Option<Template>,
}

#[async_trait]
impl Node for Respond {
    type Params = RespondParams;

    fn info(&self) -> NodeInfo {
        NodeInfo::simple(
            "flow.respond",
            "Respond to webhook",
            NodeGroup::Flow,
            "Answers the webhook request that started the run.",
        )
    }

    async fn run(
        &self,
        params: &RespondParams,
        ctx: &mut NodeContext<'_>,
    ) -> Result<(), NodeError> {
        let scope = ctx.scope(0);
        let status = match &params.status {
            Some(status) => status
                .evaluate(&scope)
                .map_err(|e| ctx.expression_error(e))?,
            None => 200,
        };
        if !(100..=599).contains(&status) {
            return Err(NodeError::config(format!("{status} is not an HTTP status")));
        }
        let mut headers = Map::new();
        for (name, template) in &params.headers {
            let value = template
                .evaluate_text(&scope)
                .map_err(|e| ctx.expression_error(e))?;
            headers.insert(name.to_lowercase(), Value::String(value.into_owned()));
        }
        let body = match &params.body {
            Some(body) => body.evaluate(&scope).map_err(|e| ctx.expression_error(e))?,
            None => ctx.input().first().cloned().unwrap_or(Value::Null),
        };
        ctx.run.set_response(WebhookResponse {
            status,
            headers,
            body,
        });
        let input = ctx.input();
        ctx.emit_all(0, input.iter().cloned());
        Ok(())
    }
}
