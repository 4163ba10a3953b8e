//! `trigger.webhook`: starts a run for each HTTP request to `/webhook/<path>`. The listener
//! lives in the host; in a run this node emits the received request as one item.

use async_trait::async_trait;
use schemars::JsonSchema;
use serde::Deserialize;
use switchyard_engine::{Node, NodeContext, NodeError, NodeInfo};
use switchyard_model::NodeGroup;

pub struct WebhookTrigger;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum WebhookMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WebhookRespond {
    /// Answer 202 `{run_id}` at once.
    #[default]
    Immediately,
    /// Answer with the run's `flow.respond`, or 200 `{run_id, status}` if none ran.
    WhenDone,
}

/// How a request proves it comes from who it says.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum WebhookAuth {
    /// `X-Switchyard-Signature: sha256=<hex HMAC-SHA256 of the body>`.
    Hmac { secret_credential: String },
    /// HubSpot's v3 request signature, with the app's client secret.
    HubspotV3 { secret_credential: String },
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookParams {
    /// The URL path after `/webhook/`, e.g. `leads` or `crm/new-contact`.
    #[schemars(regex(pattern = r"^[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-]+)*$"))]
    pub path: String,
    #[serde(default = "default_method")]
    pub method: WebhookMethod,
    #[serde(default)]
    pub respond: WebhookRespond,
    #[serde(default)]
    pub auth: Option<WebhookAuth>,
    /// An expression over the request item (e.g. `{{ $json.body.event_id }}`): a request whose
    /// key was already seen within the host's dedupe window is recorded as skipped, not run.
    #[serde(default)]
    pub dedupe_key: Option<String>,
}

fn default_method() -> WebhookMethod {
    WebhookMethod::Post
}

#[async_trait]
impl Node for WebhookTrigger {
    type Params = WebhookParams;

    fn info(&self) -> NodeInfo {
        NodeInfo {
            inputs: &[],
            ..NodeInfo::simple(
                "trigger.webhook",
                "Webhook",
                NodeGroup::Trigger,
                "Starts the workflow when an HTTP request arrives at /webhook/<path>.",
            )
        }
    }

    async fn run(
        &self,
        params: &WebhookParams,
        ctx: &mut NodeContext<'_>,
    ) -> Result<(), NodeError> {
        match ctx.trigger_items() {
            Some(items) => {
                ctx.emit_all(0, items.iter().cloned());
                Ok(())
            }
            None => Err(NodeError::config(format!(
                "no request to start from: pass a sample request with --input (e.g. {{\"body\": {{…}}}}) or pin sample data on this node (path \"{}\")",
                params.path
            ))),
        }
    }
}
