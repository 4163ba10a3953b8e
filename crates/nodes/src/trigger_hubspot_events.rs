//! HubSpot webhook events for `trigger.hubspot` with `source: webhook`: which events of a
//! delivery a watch reports, the trigger item each makes, and its identity for de-duplication.
//!
//! HubSpot posts a JSON array of events: `eventId`, `subscriptionId`, `portalId`, `appId`,
//! `occurredAt`, `subscriptionType` (e.g. `contact.propertyChange`), `objectId`, and for
//! property changes `propertyName`, `propertyValue`; also `changeSource`, `attemptNumber`.
//! HubSpot's docs name the type field `eventType` in their examples, so both are read.

use crate::trigger_hubspot::{Watch, WatchEvent};
use serde_json::{Map, Value};
use switchyard_connectors::hubspot::ObjectType;

/// One event of a delivery, as HubSpot sent it.
pub type HubSpotEvent = Map<String, Value>;

/// How HubSpot names the object in subscription types.
fn singular(object: ObjectType) -> &'static str {
    match object {
        ObjectType::Contacts => "contact",
        ObjectType::Companies => "company",
        ObjectType::Deals => "deal",
    }
}

/// The subscription type a watch reports: `contact.creation`, `deal.propertyChange`, …
pub fn subscription_type(watch: &Watch) -> String {
    let change = match watch.event {
        WatchEvent::Created => "creation",
        WatchEvent::PropertyChanged | WatchEvent::DealStageChanged => "propertyChange",
    };
    format!("{}.{change}", singular(watch.object))
}

fn text<'e>(event: &'e HubSpotEvent, field: &str) -> Option<&'e str> {
    event.get(field).and_then(Value::as_str)
}

/// Whether the watch reports this event: its subscription type, and for property changes the
/// watched property (`dealstage` for deal stage changes).
pub fn matches(watch: &Watch, event: &HubSpotEvent) -> bool {
    let kind = text(event, "subscriptionType").or_else(|| text(event, "eventType"));
    if kind != Some(subscription_type(watch).as_str()) {
        return false;
    }
    match &watch.property {
        None => true,
        Some(property) => text(event, "propertyName") == Some(property.as_str()),
    }
}

/// A JSON scalar as text (ids come as numbers); `None` for null, arrays and objects.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// The trigger item: every field HubSpot sent, plus what makes it read like a polled record:
/// `object` (`contacts`, …), `id` (the `objectId` as text) and `properties` (the changed
/// property and its new value; empty for a creation).
pub fn event_item(watch: &Watch, event: &HubSpotEvent) -> Value {
    let mut item = event.clone();
    item.insert("object".into(), Value::String(watch.object.as_str().into()));
    if let Some(id) = event.get("objectId").and_then(scalar_text) {
        item.insert("id".into(), Value::String(id));
    }
    let mut properties = Map::new();
    if let Some(name) = text(event, "propertyName") {
        let value = event.get("propertyValue").cloned().unwrap_or(Value::Null);
        properties.insert(name.to_owned(), value);
    }
    item.insert("properties".into(), Value::Object(properties));
    Value::Object(item)
}

/// The event's identity: HubSpot delivers at least once (a failed delivery is retried, with
/// the same `eventId`, for up to a day), and an event id is unique within its subscription.
/// `None` when the event has no id (it then cannot be told apart from a retry).
pub fn dedupe_key(event: &HubSpotEvent) -> Option<String> {
    let id = event.get("eventId").and_then(scalar_text)?;
    let subscription = event
        .get("subscriptionId")
        .and_then(scalar_text)
        .unwrap_or_default();
    Some(format!("hubspot-event:{subscription}:{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trigger_hubspot::{HubSpotTriggerParams, plan_watch};
    use serde_json::json;

    fn watch(params: Value) -> Watch {
        let mut params = params;
        params["source"] = json!("webhook");
        params["secret_credential"] = json!("hs-app");
        let params: HubSpotTriggerParams = serde_json::from_value(params).expect("params");
        plan_watch(&params).expect("valid")
    }

    fn event(value: Value) -> HubSpotEvent {
        match value {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    #[test]
    fn each_watch_reports_its_own_subscription_type() {
        let created = watch(json!({ "object": "companies", "event": "created" }));
        assert_eq!(subscription_type(&created), "company.creation");
        assert!(matches(
            &created,
            &event(json!({ "subscriptionType": "company.creation" }))
        ));
        assert!(matches(
            &created,
            &event(json!({ "eventType": "company.creation" }))
        ));
        assert!(!matches(
            &created,
            &event(json!({ "subscriptionType": "contact.creation" }))
        ));

        let lifecycle = watch(
            json!({ "object": "contacts", "event": "property_changed", "property": "lifecyclestage" }),
        );
        let change = |name: &str| {
            event(json!({ "subscriptionType": "contact.propertyChange", "propertyName": name }))
        };
        assert!(matches(&lifecycle, &change("lifecyclestage")));
        assert!(!matches(&lifecycle, &change("email")));

        let stage = watch(json!({ "object": "deals", "event": "deal_stage_changed" }));
        assert!(matches(
            &stage,
            &event(
                json!({ "subscriptionType": "deal.propertyChange", "propertyName": "dealstage" })
            )
        ));
        assert!(!matches(
            &stage,
            &event(json!({ "subscriptionType": "deal.propertyChange", "propertyName": "amount" }))
        ));
    }

    #[test]
    fn items_keep_the_event_and_read_like_records() {
        let lifecycle = watch(
            json!({ "object": "contacts", "event": "property_changed", "property": "lifecyclestage" }),
        );
        let sent = event(json!({
            "eventId": 3816279340u64, "subscriptionId": 25, "portalId": 33, "appId": 1160452,
            "occurredAt": 1462216307945u64, "subscriptionType": "contact.propertyChange",
            "attemptNumber": 0, "objectId": 1246965, "changeSource": "CRM",
            "propertyName": "lifecyclestage", "propertyValue": "subscriber"
        }));
        let item = event_item(&lifecycle, &sent);
        assert_eq!(item["object"], "contacts");
        assert_eq!(item["id"], "1246965");
        assert_eq!(
            item["properties"],
            json!({ "lifecyclestage": "subscriber" })
        );
        assert_eq!(item["eventId"], 3816279340u64);
        assert_eq!(item["changeSource"], "CRM");
        assert_eq!(
            dedupe_key(&sent).as_deref(),
            Some("hubspot-event:25:3816279340")
        );
        assert_eq!(dedupe_key(&event(json!({ "objectId": 1 }))), None);
    }
}
