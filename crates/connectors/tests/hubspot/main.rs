//! The HubSpot client against the local fake HubSpot, over real HTTP on 127.0.0.1.

mod common;

mod errors;
mod extras;
mod oauth;
mod objects;
mod pacing;
mod search;
mod secrets;
