//! `trigger.hubspot`: starts a run for each HubSpot record that was created, whose property
//! changed, or whose deal stage changed. The host finds the changes, by `source`: `poll` (the
//! default) searches HubSpot every `poll_seconds` and keeps its cursor in the host's database;
//! `webhook` receives HubSpot's webhook subscriptions at `/webhook/hubspot/<workflow id>` (see
//! [`crate::trigger_hubspot_events`]). In a run this node emits the item the host found. In a
//! test run without sample data it fetches a few recent matching records from HubSpot, so the
//! rest of the workflow has something real to work on.

use crate::hubspot_shared::{CREDENTIAL_TYPES, client, node_error};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::time::Duration;
use switchyard_connectors::hubspot::{Filter, ObjectType, Operator, Record, SearchQuery, Sort};
use switchyard_engine::{Node, NodeContext, NodeError, NodeInfo};
use switchyard_model::NodeGroup;

pub struct HubSpotTrigger;

/// The CRM object type to watch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WatchObject {
    Contacts,
    Companies,
    Deals,
}

impl WatchObject {
    pub fn object_type(self) -> ObjectType {
        match self {
            WatchObject::Contacts => ObjectType::Contacts,
            WatchObject::Companies => ObjectType::Companies,
            WatchObject::Deals => ObjectType::Deals,
        }
    }
}

/// What counts as a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WatchEvent {
    /// A record was created.
    Created,
    /// `property` got a different value.
    PropertyChanged,
    /// A deal moved to another stage (`dealstage` changed).
    DealStageChanged,
}

/// How the host learns of changes (serializable so that the schema shows the default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WatchSource {
    /// Search HubSpot every `poll_seconds`.
    #[default]
    Poll,
    /// Receive HubSpot's webhook subscriptions at `POST /webhook/hubspot/<workflow id>`.
    Webhook,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = secret_needed_for_webhooks)]
pub struct HubSpotTriggerParams {
    pub object: WatchObject,
    pub event: WatchEvent,
    /// The property to watch (required for `property_changed`).
    #[serde(default)]
    pub property: Option<String>,
    /// `poll` (default): search HubSpot every `poll_seconds`. `webhook`: receive the HubSpot
    /// app's webhook subscriptions at `POST /webhook/hubspot/<workflow id>`.
    #[serde(default)]
    pub source: WatchSource,
    /// With `source: webhook` (and required there): the credential holding the HubSpot app's
    /// client secret (as `client_secret` or `secret`), which checks each request's v3
    /// signature.
    #[serde(default)]
    pub secret_credential: Option<String>,
    /// How often HubSpot is searched, in seconds (default 60, at least 1; polling only).
    #[serde(default = "default_poll")]
    pub poll_seconds: u64,
    /// Extra properties to fetch with each record (besides HubSpot's defaults; polling only).
    #[serde(default)]
    pub properties: Vec<String>,
    /// An expression over the record item: a record whose key was already seen within the
    /// host's dedupe window is recorded as skipped, not run. Polling only: webhook events are
    /// de-duplicated by HubSpot's event id.
    #[serde(default)]
    pub dedupe_key: Option<String>,
}

/// The schema says what [`plan_watch`] checks too, so that editors and `validate` name the
/// missing field: `source: webhook` requires `secret_credential`.
fn secret_needed_for_webhooks(schema: &mut schemars::Schema) {
    schema.insert(
        "if".into(),
        json!({ "properties": { "source": { "const": "webhook" } }, "required": ["source"] }),
    );
    schema.insert("then".into(), json!({ "required": ["secret_credential"] }));
}

fn default_poll() -> u64 {
    60
}

/// The shortest and longest poll intervals accepted.
pub const MIN_POLL_SECONDS: u64 = 1;
pub const MAX_POLL_SECONDS: u64 = 24 * 3600;

/// Where a watch's changes come from, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The host searches HubSpot every [`Watch::poll`].
    Poll,
    /// HubSpot posts events, signed with the client secret held by `secret_credential`.
    Webhook { secret_credential: String },
}

/// Validated params: what the trigger watches and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Watch {
    pub object: ObjectType,
    pub event: WatchEvent,
    /// The property whose value changes are watched (`dealstage` for deal stage changes).
    pub property: Option<String>,
    pub source: Source,
    pub poll: Duration,
    /// The properties to fetch: HubSpot's defaults, the extra ones, the watched property and
    /// the time properties.
    pub properties: Vec<String>,
}

impl Watch {
    /// The property the cursor follows: `createdate` for created records, else the object's
    /// last-modified property.
    pub fn time_property(&self) -> &'static str {
        match (self.event, self.object) {
            (WatchEvent::Created, _) => "createdate",
            (_, ObjectType::Contacts) => "lastmodifieddate",
            _ => "hs_lastmodifieddate",
        }
    }

    /// A short key of what is watched: a stored cursor for another watch is not reused.
    pub fn key(&self) -> String {
        format!(
            "{}:{:?}:{}",
            self.object,
            self.event,
            self.property.as_deref().unwrap_or("")
        )
    }

    /// Records whose time property is at or after `from_ms`, oldest first.
    pub fn query_since(&self, from_ms: i64) -> SearchQuery {
        SearchQuery {
            filter_groups: vec![vec![Filter {
                property: self.time_property().to_owned(),
                operator: Operator::Gte,
                value: Some(from_ms.to_string()),
                values: Vec::new(),
                high_value: None,
            }]],
            sorts: vec![Sort {
                property: self.time_property().to_owned(),
                descending: false,
            }],
            properties: self.properties.clone(),
            query: None,
        }
    }

    /// The most recent records matching the event, newest first (a test run's sample).
    fn sample_query(&self) -> SearchQuery {
        let filter_groups = match &self.property {
            Some(property) => vec![vec![Filter {
                property: property.clone(),
                operator: Operator::HasProperty,
                value: None,
                values: Vec::new(),
                high_value: None,
            }]],
            None => Vec::new(),
        };
        SearchQuery {
            filter_groups,
            sorts: vec![Sort {
                property: self.time_property().to_owned(),
                descending: true,
            }],
            properties: self.properties.clone(),
            query: None,
        }
    }
}

/// Checks the params' combination and makes the [`Watch`], or says what is wrong.
pub fn plan_watch(params: &HubSpotTriggerParams) -> Result<Watch, String> {
    let object = params.object.object_type();
    let property = match params.event {
        WatchEvent::Created => {
            if params.property.is_some() {
                return Err("\"property\" is only used with event \"property_changed\"; remove it for \"created\"".into());
            }
            None
        }
        WatchEvent::PropertyChanged => match params.property.as_deref().map(str::trim) {
            Some(p) if !p.is_empty() => Some(p.to_owned()),
            _ => {
                return Err("event \"property_changed\" needs \"property\": the name of the property to watch (e.g. \"lifecyclestage\")".into());
            }
        },
        WatchEvent::DealStageChanged => {
            if object != ObjectType::Deals {
                return Err(format!(
                    "event \"deal_stage_changed\" watches deals; set \"object\" to \"deals\" (not \"{object}\") or use \"property_changed\""
                ));
            }
            match params.property.as_deref() {
                None | Some("dealstage") => Some("dealstage".to_owned()),
                Some(other) => {
                    return Err(format!(
                        "event \"deal_stage_changed\" always watches \"dealstage\"; remove \"property\" (\"{other}\") or use \"property_changed\""
                    ));
                }
            }
        }
    };
    let source = plan_source(params)?;
    if !(MIN_POLL_SECONDS..=MAX_POLL_SECONDS).contains(&params.poll_seconds) {
        return Err(format!(
            "\"poll_seconds\" must be between {MIN_POLL_SECONDS} and {MAX_POLL_SECONDS}, got {}",
            params.poll_seconds
        ));
    }
    let mut watch = Watch {
        object,
        event: params.event,
        property,
        source,
        poll: Duration::from_secs(params.poll_seconds),
        properties: Vec::new(),
    };
    let mut names: Vec<String> = object
        .default_properties()
        .iter()
        .map(|p| (*p).to_owned())
        .collect();
    names.extend(params.properties.iter().cloned());
    names.extend(watch.property.clone());
    names.extend(["createdate", watch.time_property()].map(str::to_owned));
    for name in names {
        if !name.is_empty() && !watch.properties.contains(&name) {
            watch.properties.push(name);
        }
    }
    Ok(watch)
}

/// Checks `source` against the params only it uses.
fn plan_source(params: &HubSpotTriggerParams) -> Result<Source, String> {
    match params.source {
        WatchSource::Poll => {
            if params.secret_credential.is_some() {
                return Err("\"secret_credential\" is only used with \"source\": \"webhook\"; remove it, or set \"source\" to \"webhook\"".into());
            }
            Ok(Source::Poll)
        }
        WatchSource::Webhook => {
            if params.dedupe_key.is_some() {
                return Err("\"dedupe_key\" is not used with \"source\": \"webhook\" (events are de-duplicated by HubSpot's eventId); remove it".into());
            }
            match params.secret_credential.as_deref().map(str::trim) {
                Some(id) if !id.is_empty() => Ok(Source::Webhook {
                    secret_credential: id.to_owned(),
                }),
                _ => Err("\"source\": \"webhook\" needs \"secret_credential\": the credential holding the HubSpot app's client secret, which checks each request's signature".into()),
            }
        }
    }
}

/// The item a record makes: `{id, properties, createdAt, updatedAt}`, plus
/// `previous: {property: old value}` for a changed property.
pub fn record_item(record: &Record, previous: Option<(&str, Value)>) -> Value {
    let mut item = json!({
        "id": record.id, "properties": record.properties,
        "createdAt": record.created_at, "updatedAt": record.updated_at,
    });
    if let Some((name, old)) = previous {
        let mut map = Map::new();
        map.insert(name.to_owned(), old);
        item["previous"] = Value::Object(map);
    }
    item
}

/// Validated params (the combination is checked when the workflow is loaded).
#[derive(Debug, Clone)]
pub struct HubSpotWatch(pub HubSpotTriggerParams, pub Watch);

impl<'de> Deserialize<'de> for HubSpotWatch {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let params = HubSpotTriggerParams::deserialize(deserializer)?;
        let watch = plan_watch(&params).map_err(serde::de::Error::custom)?;
        Ok(HubSpotWatch(params, watch))
    }
}

impl JsonSchema for HubSpotWatch {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        HubSpotTriggerParams::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        HubSpotTriggerParams::json_schema(generator)
    }
}

/// How many records a test run fetches as its sample.
const SAMPLE: usize = 3;

#[async_trait]
impl Node for HubSpotTrigger {
    type Params = HubSpotWatch;

    fn info(&self) -> NodeInfo {
        NodeInfo {
            inputs: &[],
            credential_types: CREDENTIAL_TYPES,
            credential_required: true,
            ..NodeInfo::simple(
                "trigger.hubspot",
                "HubSpot Trigger",
                NodeGroup::Trigger,
                "Starts the workflow for each HubSpot record created, or whose property or deal stage changed: polls HubSpot's search API, or with source \"webhook\" receives the HubSpot app's webhook subscriptions at POST /webhook/hubspot/<workflow id>.",
            )
        }
    }

    async fn run(&self, params: &HubSpotWatch, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        if let Some(items) = ctx.trigger_items() {
            ctx.emit_all(0, items.iter().cloned());
            return Ok(());
        }
        // A test run without sample data: fetch a few recent matching records.
        let watch = &params.1;
        let client = client(ctx)?;
        let found = client
            .search(watch.object, &watch.sample_query(), SAMPLE)
            .await
            .map_err(node_error)?;
        if found.records.is_empty() {
            return Err(NodeError::config(format!(
                "no HubSpot {} to start from: create one in HubSpot, pass a sample record with --input (e.g. {{\"id\": \"1\", \"properties\": {{…}}}}), or pin sample data on this node",
                watch.object
            )));
        }
        ctx.emit_all(0, found.records.iter().map(|r| record_item(r, None)));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(value: Value) -> HubSpotTriggerParams {
        serde_json::from_value(value).expect("params")
    }

    #[test]
    fn deal_stage_changes_watch_dealstage_by_last_modified_time() {
        let watch = plan_watch(&params(
            json!({ "object": "deals", "event": "deal_stage_changed" }),
        ))
        .expect("valid");
        assert_eq!(watch.property.as_deref(), Some("dealstage"));
        assert_eq!(watch.time_property(), "hs_lastmodifieddate");
        assert_eq!(watch.poll, Duration::from_secs(60));
        assert!(watch.properties.iter().any(|p| p == "hs_lastmodifieddate"));
    }

    #[test]
    fn created_records_follow_createdate_and_fetch_extra_properties() {
        let watch = plan_watch(&params(
            json!({ "object": "contacts", "event": "created", "properties": ["phone"], "poll_seconds": 15 }),
        ))
        .expect("valid");
        assert_eq!(watch.time_property(), "createdate");
        assert!(watch.properties.iter().any(|p| p == "phone"));
        assert_eq!(watch.poll, Duration::from_secs(15));
        let query = watch.query_since(42);
        assert_eq!(query.filter_groups[0][0].value.as_deref(), Some("42"));
    }

    #[test]
    fn bad_combinations_say_what_to_change() {
        let error = |v: Value| plan_watch(&params(v)).expect_err("invalid");
        assert!(
            error(json!({ "object": "companies", "event": "deal_stage_changed" }))
                .contains("deals")
        );
        assert!(
            error(
                json!({ "object": "deals", "event": "deal_stage_changed", "property": "amount" })
            )
            .contains("dealstage")
        );
        assert!(
            error(json!({ "object": "contacts", "event": "property_changed", "property": " " }))
                .contains("needs \"property\"")
        );
        assert!(
            error(json!({ "object": "contacts", "event": "created", "poll_seconds": 0 }))
                .contains("poll_seconds")
        );
    }

    #[test]
    fn webhook_sources_need_a_secret_and_polls_default() {
        let poll = plan_watch(&params(json!({ "object": "contacts", "event": "created" })))
            .expect("valid");
        assert_eq!(poll.source, Source::Poll);
        let hook = plan_watch(&params(json!({
            "object": "contacts", "event": "created", "source": "webhook", "secret_credential": "hs-app"
        })))
        .expect("valid");
        assert_eq!(
            hook.source,
            Source::Webhook {
                secret_credential: "hs-app".into()
            }
        );
        let error = |v: Value| plan_watch(&params(v)).expect_err("invalid");
        assert!(
            error(json!({ "object": "contacts", "event": "created", "source": "webhook" }))
                .contains("needs \"secret_credential\"")
        );
        assert!(
            error(json!({ "object": "contacts", "event": "created", "secret_credential": "x" }))
                .contains("only used with \"source\": \"webhook\"")
        );
        assert!(
            error(json!({
                "object": "contacts", "event": "created", "source": "webhook",
                "secret_credential": "x", "dedupe_key": "{{ $json.id }}"
            }))
            .contains("dedupe_key")
        );
    }
}
