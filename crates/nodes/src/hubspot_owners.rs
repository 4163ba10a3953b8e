//! `hubspot.owners`: the account's owners (users and queues), or the owner with an email.

use crate::hubspot_shared::{CREDENTIAL_TYPES, client, node_error};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::HashSet;
use switchyard_engine::{Node, NodeContext, NodeError, NodeInfo, Template};
use switchyard_model::NodeGroup;

pub struct HubSpotOwners;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnersParams {
    /// Only the owner with this email (may be an expression over the item). Without it, every
    /// owner is listed once.
    #[serde(default)]
    pub email: Option<Template>,
}

#[async_trait]
impl Node for HubSpotOwners {
    type Params = OwnersParams;

    fn info(&self) -> NodeInfo {
        NodeInfo {
            credential_types: CREDENTIAL_TYPES,
            credential_required: true,
            ..NodeInfo::simple(
                "hubspot.owners",
                "HubSpot owners",
                NodeGroup::App,
                "Lists HubSpot owners, or finds the owner with an email.",
            )
        }
    }

    async fn run(&self, params: &OwnersParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        if ctx.input().is_empty() {
            return Ok(());
        }
        let client = client(ctx)?;
        let Some(email) = &params.email else {
            let owners = client.owners(None).await.map_err(node_error)?;
            ctx.emit_all(0, owners);
            return Ok(());
        };
        // One look-up per distinct email; each item emits its owner (none when nobody has it).
        let mut seen = HashSet::new();
        for index in 0..ctx.input().len() {
            let scope = ctx.scope(index);
            let wanted = match email.evaluate_text(&scope) {
                Ok(text) => text.trim().to_owned(),
                Err(e) => {
                    let error = ctx.expression_error(format!("param \"email\": {e}"));
                    ctx.fail_item(index, error);
                    continue;
                }
            };
            if wanted.is_empty() || !seen.insert(wanted.to_lowercase()) {
                continue;
            }
            match client.owner_by_email(&wanted).await {
                Ok(Some(owner)) => ctx.emit(0, owner),
                Ok(None) => {}
                Err(error) => ctx.fail_item(index, node_error(error)),
            }
        }
        Ok(())
    }
}
