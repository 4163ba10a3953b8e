//! Service clients with no notion of nodes. Every outgoing request goes through [`http::Http`],
//! the shared HTTP core: one place to record exchanges for history and replay, and to answer
//! from recorded exchanges when a run is replayed. [`hubspot`] is the HubSpot CRM client.

pub mod email;
pub mod http;
pub mod hubspot;
pub mod sheets;
pub mod sign_in;

pub use http::{
    Http, HttpError, HttpErrorKind, OutgoingRequest, RecordedExchange, RequestBody, ResponseData,
};
