//! `trigger.hubspot` with `source: webhook`: HubSpot's webhook subscriptions are received on
//! the host's listener at `POST /webhook/hubspot/<workflow id>` (the URL to give the HubSpot
//! app), signed with the app's client secret (HubSpot's v3 signature, checked like a
//! `trigger.webhook` with `auth: hubspot_v3`). The listener handles each delivery (see
//! `trigger::webhook::hubspot`); activating only claims the path.

use crate::trigger::webhook::{Route, RouteKind, WebhookRoutes};
use crate::trigger::{Activation, TriggerError};
use crate::workflow::LoadedWorkflow;
use std::sync::Arc;
use switchyard_nodes::WebhookAuth;
use switchyard_nodes::trigger_hubspot::{Source, Watch};
use switchyard_nodes::trigger_hubspot_events::subscription_type;

/// The listener path (after `/webhook/`) where a workflow receives its HubSpot events.
pub fn path(workflow_id: &str) -> String {
    format!("hubspot/{workflow_id}")
}

/// Claims the workflow's path for `watch` (whose source is a webhook).
pub fn activate(
    routes: &Arc<WebhookRoutes>,
    workflow: &Arc<LoadedWorkflow>,
    watch: Watch,
) -> Result<Box<dyn Activation>, TriggerError> {
    let Source::Webhook { secret_credential } = &watch.source else {
        return Err(TriggerError::Params(
            "the HubSpot trigger does not take webhooks (\"source\" is not \"webhook\")".into(),
        ));
    };
    let description = format!(
        "POST /webhook/{} (HubSpot {} events)",
        path(&workflow.id),
        subscription_type(&watch)
    );
    let route = Route {
        workflow: Arc::clone(workflow),
        method: "POST".into(),
        auth: Some(WebhookAuth::HubspotV3 {
            secret_credential: secret_credential.clone(),
        }),
        kind: RouteKind::HubSpot {
            watch: watch.clone(),
        },
    };
    let claimed = routes.claim(path(&workflow.id), route)?;
    Ok(Box::new(Subscription {
        description,
        _claimed: claimed,
    }))
}

/// The claimed path, described as HubSpot's.
struct Subscription {
    description: String,
    _claimed: Box<dyn Activation>,
}

impl Activation for Subscription {
    fn describe(&self) -> String {
        self.description.clone()
    }
}
