//! The Google Sheets v4 client (no notion of nodes): `google.service_account` credentials (an
//! RS256-signed JWT exchanged at the token endpoint, cached until shortly before it expires) and
//! `google.oauth` (a stored refresh token), values get / append / batchUpdate / clear /
//! batchClear and spreadsheets.get, pacing at 60 requests a minute per credential shared by the
//! whole process, Google's truncated exponential backoff on 429, and errors mapped to the spec's
//! kinds with Google's own message.
//!
//! Every API request goes through the run's [`crate::http::Http`] core (recorded for history and
//! replay); token requests, whose exchanges hold secrets, bypass the log.

pub mod a1;
mod client;
mod credential;
mod error;
mod installed;
mod pacing;
mod send;
mod token;
mod values;

pub use client::{Call, ClientOptions, SheetsClient};
pub use credential::{
    DEFAULT_BASE_URL, DEFAULT_TOKEN_URL, GoogleAuth, SCOPE_SPREADSHEETS, SheetsCredential,
};
pub use error::SheetsError;
pub use installed::{
    DEFAULT_AUTH_URL, InstalledApp, InstalledTokens, consent_url, exchange_code, start_sign_in,
};
pub use pacing::{PER_MINUTE, SheetsPacer};
pub use token::{clear_token_cache, service_account_jwt};
pub use values::{AppendResult, ValueRange, calls};

/// The kinds Sheets errors map to (the spec's list, shared with HubSpot).
pub use crate::hubspot::ErrorKind;
