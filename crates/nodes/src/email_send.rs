//! `email.send`: one e-mail per input item through an `smtp` credential. Every param may hold
//! expressions; `to`, `cc`, `bcc` and `reply_to` take a comma-separated string or a list.
//! Sends are paced per credential and retried on transient SMTP failures (see
//! `switchyard_connectors::email`). A dry run shows each message and sends nothing.

use async_trait::async_trait;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use switchyard_connectors::email::{
    Attachment, Email, EmailError, EmailErrorKind, Mailbox, SendOptions, SmtpCredential,
    SmtpSender, parse_address_list,
};
use switchyard_engine::{ErrorKind, Node, NodeContext, NodeError, NodeInfo, RunMode, Template};
use switchyard_model::NodeGroup;
use switchyard_secrets::{Purpose, Vault};

pub struct EmailSend;

/// One file to attach.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentParam {
    /// The file name shown to the recipient (may be an expression).
    pub filename: Template,
    /// The file's bytes as base64, usually an expression such as `{{ $json.pdf }}`.
    pub content: Template,
    /// A MIME type (default `application/octet-stream`).
    #[serde(default)]
    pub content_type: Option<Template>,
}

/// `email.send` params.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailParams {
    /// Recipients: `"a@x.com, Bo <b@y.com>"` or a list of addresses.
    pub to: Template,
    /// Copy recipients, as `to`.
    #[serde(default)]
    pub cc: Option<Template>,
    /// Blind-copy recipients, as `to` (in the envelope only, never in the headers).
    #[serde(default)]
    pub bcc: Option<Template>,
    /// Where replies go, as `to`.
    #[serde(default)]
    pub reply_to: Option<Template>,
    /// The subject line (usually with expressions).
    pub subject: Template,
    /// The plain-text body.
    pub text: Template,
    /// An HTML body, sent with `text` as multipart/alternative.
    #[serde(default)]
    pub html: Option<Template>,
    /// The sender (default: the credential's `from`, else its username).
    #[serde(default)]
    pub from: Option<Template>,
    #[serde(default)]
    pub attachments: Vec<AttachmentParam>,
}

fn node_error(error: EmailError) -> NodeError {
    let kind = match error.kind {
        EmailErrorKind::Validation => ErrorKind::Validation,
        EmailErrorKind::Auth => ErrorKind::Auth,
        EmailErrorKind::RateLimited => ErrorKind::RateLimited,
        EmailErrorKind::Server => ErrorKind::Server,
        EmailErrorKind::Timeout => ErrorKind::Timeout,
        EmailErrorKind::Network => ErrorKind::Network,
        EmailErrorKind::Config => ErrorKind::Config,
    };
    NodeError {
        message: error.message,
        kind,
        status: error.status,
        details: None,
    }
}

/// The node's credential, read from the run's vault.
fn credential(ctx: &NodeContext<'_>) -> Result<SmtpCredential, NodeError> {
    let id = ctx.credential_id().ok_or_else(|| {
        NodeError::config(format!(
            "node \"{}\" needs an SMTP credential (\"credential\": an id of type smtp)",
            ctx.node_id
        ))
    })?;
    let vault = ctx
        .run
        .extensions
        .get::<Vault>()
        .map_or_else(Vault::system, |v| (*v).clone());
    let purpose = match ctx.run.mode {
        RunMode::Test => Purpose::Test,
        RunMode::Production => Purpose::Production,
    };
    let json = vault
        .resolve(id, purpose)
        .map_err(|e| NodeError::config(e.to_string()))?;
    SmtpCredential::from_json(id, &json).map_err(node_error)
}

/// Text of a param for item `index`; `null`/`undefined` give "".
fn text(
    ctx: &NodeContext<'_>,
    field: &str,
    t: &Template,
    index: usize,
) -> Result<String, NodeError> {
    let value = ctx
        .eval(t, index)
        .map_err(|e| ctx.expression_error(format!("param \"{field}\": {}", e.message)))?;
    Ok(match value {
        Value::Null => String::new(),
        Value::String(s) => s,
        other => other.to_string(),
    })
}

/// An address param: a string (comma-separated) or a list of strings.
fn addresses(
    ctx: &NodeContext<'_>,
    field: &str,
    t: Option<&Template>,
    index: usize,
) -> Result<Vec<Mailbox>, NodeError> {
    let Some(t) = t else { return Ok(Vec::new()) };
    let value = ctx
        .eval(t, index)
        .map_err(|e| ctx.expression_error(format!("param \"{field}\": {}", e.message)))?;
    let joined = match value {
        Value::Null => String::new(),
        Value::String(s) => s,
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(NodeError::new(
                    ErrorKind::Validation,
                    format!("\"{field}\": {other} is not an e-mail address"),
                )),
            })
            .collect::<Result<Vec<_>, _>>()?
            .join(", "),
        other => {
            return Err(NodeError::new(
                ErrorKind::Validation,
                format!("\"{field}\" must be a string or a list of addresses, not {other}"),
            ));
        }
    };
    parse_address_list(field, &joined).map_err(node_error)
}

/// The attachments of item `index`.
fn attachments(
    ctx: &NodeContext<'_>,
    params: &EmailParams,
    index: usize,
) -> Result<Vec<Attachment>, NodeError> {
    params
        .attachments
        .iter()
        .map(|a| {
            let filename = text(ctx, "attachments.filename", &a.filename, index)?;
            let content = text(ctx, "attachments.content", &a.content, index)?;
            let content_type = match &a.content_type {
                Some(t) => Some(text(ctx, "attachments.content_type", t, index)?),
                None => None,
            };
            Attachment::from_base64(&filename, &content, content_type.as_deref())
                .map_err(node_error)
        })
        .collect()
}

/// The message of item `index`, every param evaluated and checked.
fn email_for(
    ctx: &NodeContext<'_>,
    params: &EmailParams,
    credential: &SmtpCredential,
    index: usize,
) -> Result<Email, NodeError> {
    let from_text = match &params.from {
        Some(t) => text(ctx, "from", t, index)?,
        None => String::new(),
    };
    let from_text = match (from_text.trim(), credential.default_from()) {
        ("", Some(default)) => default.to_owned(),
        ("", None) => {
            return Err(NodeError::config(
                "\"from\" is not set and the credential has no \"from\" or e-mail username",
            ));
        }
        (given, _) => given.to_owned(),
    };
    let mut from = parse_address_list("from", &from_text).map_err(node_error)?;
    if from.len() != 1 {
        return Err(NodeError::new(
            ErrorKind::Validation,
            "\"from\" must be exactly one address",
        ));
    }
    let email = Email {
        from: from.remove(0),
        to: addresses(ctx, "to", Some(&params.to), index)?,
        cc: addresses(ctx, "cc", params.cc.as_ref(), index)?,
        bcc: addresses(ctx, "bcc", params.bcc.as_ref(), index)?,
        reply_to: addresses(ctx, "reply_to", params.reply_to.as_ref(), index)?,
        subject: text(ctx, "subject", &params.subject, index)?,
        text: text(ctx, "text", &params.text, index)?,
        html: match &params.html {
            Some(t) => Some(text(ctx, "html", t, index)?).filter(|h| !h.is_empty()),
            None => None,
        },
        attachments: attachments(ctx, params, index)?,
    };
    if email.to.is_empty() {
        return Err(NodeError::new(
            ErrorKind::Validation,
            "\"to\": no recipient for this item",
        ));
    }
    Ok(email)
}

/// What a dry run shows for one message.
fn preview(email: &Email) -> Value {
    let list = |m: &[Mailbox]| m.iter().map(ToString::to_string).collect::<Vec<_>>();
    json!({
        "dry_run": true,
        "message": {
            "from": email.from.to_string(),
            "to": list(&email.to),
            "cc": list(&email.cc),
            "bcc": list(&email.bcc),
            "reply_to": list(&email.reply_to),
            "subject": email.subject,
            "text": email.text,
            "html": email.html,
            "attachments": email.attachments.iter()
                .map(|a| json!({"filename": a.filename, "content_type": a.content_type, "bytes": a.bytes.len()}))
                .collect::<Vec<_>>(),
        }
    })
}

#[async_trait]
impl Node for EmailSend {
    type Params = EmailParams;

    fn info(&self) -> NodeInfo {
        NodeInfo {
            credential_types: &["smtp"],
            credential_required: true,
            side_effects: true,
            ..NodeInfo::simple(
                "email.send",
                "Send Email",
                NodeGroup::App,
                "Sends one e-mail per item over SMTP: text and HTML bodies, cc, bcc, reply-to and attachments.",
            )
        }
    }

    async fn run(&self, params: &EmailParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        if ctx.input().is_empty() {
            return Ok(());
        }
        let credential = credential(ctx)?;
        let dry_run = ctx.is_dry_run();
        let options = ctx
            .run
            .extensions
            .get::<SendOptions>()
            .map(|o| (*o).clone())
            .unwrap_or_default();
        let sender = if dry_run {
            None
        } else {
            Some(SmtpSender::new(credential.clone(), options).map_err(node_error)?)
        };
        for index in 0..ctx.input().len() {
            let result = match email_for(ctx, params, &credential, index) {
                Ok(email) => match &sender {
                    None => Ok(preview(&email)),
                    Some(sender) => sender
                        .send(&email)
                        .await
                        .map(|sent| json!({"message_id": sent.message_id, "accepted": sent.accepted}))
                        .map_err(node_error),
                },
                Err(error) => Err(error),
            };
            match result {
                Ok(item) => ctx.emit(0, item),
                Err(error) => ctx.fail_item(index, error),
            }
        }
        Ok(())
    }
}
