//! The always-on host over real HTTP on loopback, with a real history file: webhooks,
//! schedules, the watched folder, the inbox.

#[path = "serve/support.rs"]
mod support;

#[path = "serve/folder.rs"]
mod folder;
#[path = "serve/hubspot_poll.rs"]
mod hubspot_poll;
#[path = "serve/hubspot_webhooks.rs"]
mod hubspot_webhooks;
#[path = "serve/inbox.rs"]
mod inbox;
#[path = "serve/schedules.rs"]
mod schedules;
#[path = "serve/test_events.rs"]
mod test_events;
#[path = "serve/webhooks.rs"]
mod webhooks;
