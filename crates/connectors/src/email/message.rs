//! What one e-mail is, and how it becomes a MIME message: text only, or text and HTML as
//! `multipart/alternative`, wrapped in `multipart/mixed` when there are attachments.

use super::error::EmailError;
use base64::Engine as _;
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment as MimeAttachment, Mailbox, MultiPart, SinglePart};

/// One file to attach.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub filename: String,
    /// A MIME type; `application/octet-stream` when none is given.
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl Attachment {
    /// An attachment from base64 text (standard alphabet, padding and line breaks allowed).
    pub fn from_base64(
        filename: &str,
        content: &str,
        content_type: Option<&str>,
    ) -> Result<Self, EmailError> {
        let filename = filename.trim();
        if filename.is_empty() {
            return Err(EmailError::validation("an attachment has no \"filename\""));
        }
        let cleaned: String = content.chars().filter(|c| !c.is_whitespace()).collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(cleaned.as_bytes())
            .or_else(|_| {
                base64::engine::general_purpose::STANDARD_NO_PAD.decode(cleaned.as_bytes())
            })
            .map_err(|e| {
                EmailError::validation(format!(
                    "attachment \"{filename}\": \"content\" is not base64 ({e})"
                ))
            })?;
        let content_type = content_type
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or("application/octet-stream");
        ContentType::parse(content_type).map_err(|_| {
            EmailError::validation(format!(
                "attachment \"{filename}\": \"{content_type}\" is not a MIME type"
            ))
        })?;
        Ok(Attachment {
            filename: filename.to_owned(),
            content_type: content_type.to_owned(),
            bytes,
        })
    }
}

/// One message to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Email {
    pub from: Mailbox,
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    pub bcc: Vec<Mailbox>,
    pub reply_to: Vec<Mailbox>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachments: Vec<Attachment>,
}

/// Reads addresses: a comma-separated list, each `a@b.c` or `Name <a@b.c>`. `field` names the
/// param in the error.
pub fn parse_address_list(field: &str, text: &str) -> Result<Vec<Mailbox>, EmailError> {
    split_addresses(text)
        .into_iter()
        .map(|one| {
            one.parse::<Mailbox>().map_err(|e| {
                EmailError::validation(format!(
                    "\"{field}\": \"{one}\" is not a valid e-mail address ({e})"
                ))
            })
        })
        .collect()
}

/// Splits at commas outside quotes and angle brackets; empty parts are dropped.
fn split_addresses(text: &str) -> Vec<String> {
    let (mut parts, mut current) = (Vec::new(), String::new());
    let (mut quoted, mut angle) = (false, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' | ';' if !quoted && !angle => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

impl Email {
    /// Everyone the message goes to (the envelope's recipients), in to, cc, bcc order.
    pub fn recipients(&self) -> Vec<String> {
        self.to
            .iter()
            .chain(&self.cc)
            .chain(&self.bcc)
            .map(|m| m.email.to_string())
            .collect()
    }

    /// The MIME message, with `message_id` (`<…@…>`) as its Message-ID. Bcc is left out of
    /// the headers (it is only in the envelope).
    pub fn build(&self, message_id: &str) -> Result<Message, EmailError> {
        if self.to.is_empty() && self.cc.is_empty() && self.bcc.is_empty() {
            return Err(EmailError::validation(
                "\"to\": the message has no recipients",
            ));
        }
        let mut builder = Message::builder()
            .from(self.from.clone())
            .subject(self.subject.clone())
            .message_id(Some(message_id.to_owned()));
        for m in &self.to {
            builder = builder.to(m.clone());
        }
        for m in &self.cc {
            builder = builder.cc(m.clone());
        }
        for m in &self.bcc {
            builder = builder.bcc(m.clone());
        }
        for m in &self.reply_to {
            builder = builder.reply_to(m.clone());
        }
        let body = match &self.html {
            Some(html) => BodyPart::Multi(MultiPart::alternative_plain_html(
                self.text.clone(),
                html.clone(),
            )),
            None => BodyPart::Single(SinglePart::plain(self.text.clone())),
        };
        let result = if self.attachments.is_empty() {
            match body {
                BodyPart::Multi(multi) => builder.multipart(multi),
                BodyPart::Single(single) => builder.singlepart(single),
            }
        } else {
            let mut mixed = match body {
                BodyPart::Multi(multi) => MultiPart::mixed().multipart(multi),
                BodyPart::Single(single) => MultiPart::mixed().singlepart(single),
            };
            for a in &self.attachments {
                let content_type = ContentType::parse(&a.content_type).map_err(|_| {
                    EmailError::validation(format!(
                        "attachment \"{}\": bad content type",
                        a.filename
                    ))
                })?;
                mixed = mixed.singlepart(
                    MimeAttachment::new(a.filename.clone()).body(a.bytes.clone(), content_type),
                );
            }
            builder.multipart(mixed)
        };
        result.map_err(|e| EmailError::validation(format!("the message could not be built: {e}")))
    }
}

enum BodyPart {
    Single(SinglePart),
    Multi(MultiPart),
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MimeHeaders;

    fn email() -> Email {
        Email {
            from: "Team <team@example.com>".parse().unwrap(),
            to: parse_address_list("to", "Ann <ann@example.com>, bob@example.com").unwrap(),
            cc: vec![],
            bcc: parse_address_list("bcc", "hidden@example.com").unwrap(),
            reply_to: parse_address_list("reply_to", "help@example.com").unwrap(),
            subject: "Hello Ann".into(),
            text: "plain body".into(),
            html: Some("<p>html body</p>".into()),
            attachments: vec![
                Attachment::from_base64("a.txt", "aGVsbG8=", Some("text/plain")).unwrap(),
            ],
        }
    }

    #[test]
    fn splits_and_checks_addresses() {
        let list = parse_address_list("to", "\"Doe, Jane\" <jane@example.com>; x@y.z,").unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].email.to_string(), "jane@example.com");
        let e = parse_address_list("cc", "not-an-address").unwrap_err();
        assert!(e.message.starts_with("\"cc\""), "{e}");
    }

    #[test]
    fn builds_multipart_with_attachment_and_no_bcc_header() {
        let email = email();
        let raw = email.build("<id-1@example.com>").unwrap().formatted();
        let parsed = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert_eq!(parsed.subject(), Some("Hello Ann"));
        assert_eq!(parsed.message_id(), Some("id-1@example.com"));
        assert_eq!(parsed.body_text(0).unwrap().trim(), "plain body");
        assert_eq!(parsed.body_html(0).unwrap().trim(), "<p>html body</p>");
        let attachment = parsed.attachment(0).unwrap();
        assert_eq!(attachment.attachment_name(), Some("a.txt"));
        assert_eq!(attachment.contents(), b"hello");
        assert!(parsed.bcc().is_none());
        assert_eq!(
            email.recipients(),
            ["ann@example.com", "bob@example.com", "hidden@example.com"]
        );
    }

    #[test]
    fn rejects_bad_attachments() {
        assert!(Attachment::from_base64("a", "***", None).is_err());
        assert!(Attachment::from_base64("", "aGk=", None).is_err());
        assert!(Attachment::from_base64("a", "aGk=", Some("not a type")).is_err());
        assert_eq!(
            Attachment::from_base64("a", "aGk", None).unwrap().bytes,
            b"hi"
        );
    }
}
