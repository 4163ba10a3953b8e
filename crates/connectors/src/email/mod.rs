//! SMTP e-mail: the `smtp` credential, message building (text, HTML as multipart/alternative,
//! base64 attachments), and a sender over `lettre` with per-credential pacing (GCRA through
//! `governor`, default 1 message a second) and retries (`backon`) on transient failures (4xx
//! replies, dropped connections, timeouts). Permanent 5xx replies never retry.

mod credential;
mod error;
mod message;
mod pacing;
mod sender;

pub use credential::{SmtpCredential, TlsMode};
pub use error::{EmailError, EmailErrorKind};
pub use lettre::message::Mailbox;
pub use message::{Attachment, Email, parse_address_list};
pub use sender::{SendOptions, Sent, SmtpSender};
