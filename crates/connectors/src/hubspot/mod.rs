//! The HubSpot CRM client (no notion of nodes): private-app and OAuth credentials (with token
//! refresh), CRM objects (single, batch, search), owners, properties, v4 associations, a
//! credential check, pacing per credential shared by the whole process, retries, errors mapped
//! to the spec's kinds, usage reporting, and webhook signature checks.
//!
//! Every request goes through the run's [`crate::http::Http`] core, so history records it and a
//! replay can answer it; only token endpoints (whose exchanges hold secrets) bypass the log.

mod batch;
mod client;
mod credential;
mod error;
mod extras;
mod oauth;
mod objects;
mod pacing;
pub mod requests;
mod scopes;
mod search;
mod send;
pub mod sign_in;
pub mod signature;
mod types;
mod usage;

pub use client::{Call, ClientOptions, HubSpotClient, encode_segment};
pub use credential::{Auth, DEFAULT_BASE_URL, HubSpotCredential, OAuthGrant};
pub use error::{ErrorKind, HubSpotError};
pub use extras::{associate_call, batch_associate_call};
pub use oauth::{TokenSink, TokenUpdate};
pub use pacing::{Lane, Pacer, Ticket};
pub use requests::{BATCH_LIMIT, PlannedCall};
pub use scopes::{ScopeNeed, ScopeReport, required_scopes};
pub use search::{
    Filter, MAX_FILTERS, MAX_FILTERS_PER_GROUP, MAX_GROUPS, MAX_PAGE, MAX_RESULTS, Operator,
    SearchQuery, SearchResults, Sort, search_call,
};
pub use types::{
    AssociationTarget, IdInput, ObjectType, Record, RecordInput, id_key, property_values,
};
pub use usage::{InMemoryUsage, UsageLog, UsageRecorder, UsageSample, UsageTotals};
