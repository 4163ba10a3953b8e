//! The webhook trigger: activating a workflow puts its path in the route table the listener
//! reads; dropping the activation takes it out (unless a newer version took it over). Other
//! triggers that receive HTTP (HubSpot webhook subscriptions) claim their paths in the same
//! table, so that no two workflows ever share a path.

use crate::manager::RunManager;
use crate::trigger::{Activation, Trigger, TriggerError};
use crate::workflow::LoadedWorkflow;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use switchyard_nodes::trigger_hubspot::Watch;
use switchyard_nodes::{WebhookAuth, WebhookParams, WebhookRespond};

/// What the listener needs to know about one active webhook.
#[derive(Debug)]
pub struct Route {
    pub workflow: Arc<LoadedWorkflow>,
    /// Upper-case HTTP method.
    pub method: String,
    pub auth: Option<WebhookAuth>,
    pub kind: RouteKind,
}

/// What a request to a route becomes.
#[derive(Debug)]
pub enum RouteKind {
    /// `trigger.webhook`: the request is one event, answered as `respond` says.
    Request { respond: WebhookRespond },
    /// `trigger.hubspot` with `source: webhook`: the body is a batch of HubSpot events; each
    /// that the watch reports is one event.
    HubSpot { watch: Watch },
}

/// The active webhooks by path (the part after `/webhook/`, without outer slashes).
#[derive(Debug, Default)]
pub struct WebhookRoutes {
    map: RwLock<HashMap<String, Arc<Route>>>,
}

impl WebhookRoutes {
    pub fn get(&self, path: &str) -> Option<Arc<Route>> {
        self.map
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(path.trim_matches('/'))
            .cloned()
    }

    pub fn len(&self) -> usize {
        self.map.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Puts `route` at `path` (without outer slashes) until the returned activation is
    /// dropped; refused when another workflow's route is there.
    pub fn claim(
        self: &Arc<Self>,
        path: String,
        route: Route,
    ) -> Result<Box<dyn Activation>, TriggerError> {
        let (method, generation) = (route.method.clone(), route.workflow.generation);
        {
            let mut map = self.map.write().unwrap_or_else(|p| p.into_inner());
            if let Some(other) = map
                .get(&path)
                .filter(|r| r.workflow.id != route.workflow.id)
            {
                return Err(TriggerError::Conflict(format!(
                    "the webhook path \"{path}\" is already used by workflow \"{}\" ({})",
                    other.workflow.id,
                    other.workflow.source.display()
                )));
            }
            map.insert(path.clone(), Arc::new(route));
        }
        Ok(Box::new(RouteActivation {
            routes: Arc::clone(self),
            path,
            method,
            generation,
        }))
    }
}

/// `trigger.webhook`, served by the host's listener.
pub struct WebhookTrigger {
    routes: Arc<WebhookRoutes>,
}

impl WebhookTrigger {
    pub fn new(routes: Arc<WebhookRoutes>) -> Self {
        Self { routes }
    }
}

impl Trigger for WebhookTrigger {
    fn node_type(&self) -> &'static str {
        "trigger.webhook"
    }

    fn activate(
        &self,
        workflow: &Arc<LoadedWorkflow>,
        _host: &RunManager,
    ) -> Result<Box<dyn Activation>, TriggerError> {
        let params: WebhookParams = serde_json::from_value(workflow.trigger_params.clone())
            .map_err(|e| TriggerError::Params(e.to_string()))?;
        let method = workflow
            .trigger_params
            .get("method")
            .and_then(|m| m.as_str())
            .unwrap_or("POST")
            .to_ascii_uppercase();
        let route = Route {
            workflow: Arc::clone(workflow),
            method,
            auth: params.auth,
            kind: RouteKind::Request {
                respond: params.respond,
            },
        };
        self.routes
            .claim(params.path.trim_matches('/').to_owned(), route)
    }
}

struct RouteActivation {
    routes: Arc<WebhookRoutes>,
    path: String,
    method: String,
    generation: u64,
}

impl Activation for RouteActivation {
    fn describe(&self) -> String {
        format!("{} /webhook/{}", self.method, self.path)
    }
}

impl Drop for RouteActivation {
    fn drop(&mut self) {
        let mut map = self.routes.map.write().unwrap_or_else(|p| p.into_inner());
        if map
            .get(&self.path)
            .is_some_and(|r| r.workflow.generation == self.generation)
        {
            map.remove(&self.path);
        }
    }
}
