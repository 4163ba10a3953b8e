//! Switchyard's built-in node types, one file each. Adding a type is its file plus one line in
//! [`builtin_registry`].

pub mod condition;
mod data_code;
mod data_set;
mod email_send;
mod flow_merge;
mod flow_respond;
mod flow_wait;
mod http_request;
mod hubspot_crm;
mod hubspot_crm_ops;
mod hubspot_filters;
mod hubspot_owners;
mod hubspot_shared;
mod logic_filter;
mod logic_if;
mod logic_switch;
mod paths;
mod sheets_append;
mod sheets_clear;
mod sheets_read;
mod sheets_shared;
mod sheets_update;
mod sheets_upsert;
pub mod trigger_hubspot;
pub mod trigger_hubspot_events;
mod trigger_manual;
mod trigger_schedule;
mod trigger_webhook;

pub use trigger_schedule::{Schedule, ScheduleParams, parse_schedule};
pub use trigger_webhook::{WebhookAuth, WebhookMethod, WebhookParams, WebhookRespond};

use switchyard_engine::Registry;

/// The registry of every built-in node type, in palette order.
pub fn builtin_registry() -> Registry {
    let mut registry = Registry::new();
    registry
        .register(trigger_manual::ManualTrigger)
        .register(trigger_webhook::WebhookTrigger)
        .register(trigger_schedule::ScheduleTrigger)
        .register(trigger_hubspot::HubSpotTrigger)
        .register(logic_if::If)
        .register(logic_switch::Switch)
        .register(logic_filter::Filter)
        .register(data_set::Set)
        .register(data_code::Code)
        .register(flow_merge::Merge)
        .register(flow_wait::Wait)
        .register(flow_respond::Respond)
        .register(http_request::HttpRequest)
        .register(hubspot_crm::HubSpotCrm)
        .register(hubspot_owners::HubSpotOwners)
        .register(sheets_read::SheetsRead)
        .register(sheets_append::SheetsAppend)
        .register(sheets_update::SheetsUpdate)
        .register(sheets_upsert::SheetsUpsert)
        .register(sheets_clear::SheetsClear)
        .register(email_send::EmailSend);
    registry
}
