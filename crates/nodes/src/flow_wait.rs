//! `flow.wait`: pauses the run for a time, or until a moment (per item; the node waits for the
//! latest), then passes its items on.

use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use std::time::Duration;
use switchyard_engine::{
    ErrorKind, Node, NodeContext, NodeError, NodeInfo, Template, Templated, Timestamp,
};
use switchyard_model::NodeGroup;

pub struct Wait;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaitDoc {
    /// How long to wait, in milliseconds.
    #[serde(default)]
    pub ms: Option<Templated<u64>>,
    /// Wait until this RFC 3339 time (usually an expression).
    #[serde(default)]
    pub until: Option<Template>,
}

#[derive(Debug)]
pub struct WaitParams(WaitDoc);

impl<'de> Deserialize<'de> for WaitParams {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let doc = WaitDoc::deserialize(deserializer)?;
        if doc.ms.is_some() == doc.until.is_some() {
            return Err(serde::de::Error::custom(
                "give exactly one of \"ms\" or \"until\"",
            ));
        }
        Ok(WaitParams(doc))
    }
}

impl JsonSchema for WaitParams {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        WaitDoc::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        WaitDoc::json_schema(generator)
    }
}

#[async_trait]
impl Node for Wait {
    type Params = WaitParams;

    fn info(&self) -> NodeInfo {
        NodeInfo::simple(
            "flow.wait",
            "Wait",
            NodeGroup::Flow,
            "Pauses for a while, or until a time, then goes on.",
        )
    }

    async fn run(&self, params: &WaitParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        let input = ctx.input();
        let mut wait = Duration::ZERO;
        for index in 0..input.len().max(1) {
            let scope = ctx.scope(index);
            let this = if let Some(ms) = &params.0.ms {
                Duration::from_millis(ms.evaluate(&scope).map_err(|e| ctx.expression_error(e))?)
            } else if let Some(until) = &params.0.until {
                let text = until
                    .evaluate_text(&scope)
                    .map_err(|e| ctx.expression_error(e))?;
                let at = Timestamp::parse(&text).ok_or_else(|| {
                    NodeError::new(
                        ErrorKind::Expression,
                        format!("\"until\" gave \"{text}\", which is not an RFC 3339 time"),
                    )
                })?;
                let ms = at.unix_millis() - Timestamp::now().unix_millis();
                Duration::from_millis(ms.max(0) as u64)
            } else {
                Duration::ZERO
            };
            wait = wait.max(this);
        }
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = ctx.run.cancel.cancelled() => {
                return Err(NodeError::new(ErrorKind::Cancelled, "the run was cancelled while waiting"));
            }
        }
        ctx.emit_all(0, input.iter().cloned());
        Ok(())
    }
}
