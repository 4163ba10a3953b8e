//! The `smtp` credential: `{type: "smtp", host, port, username, password, tls, from?,
//! rate_per_second?}`.

use super::error::EmailError;
use serde_json::Value;
use switchyard_secrets::Sensitive;

/// How the connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain connection upgraded with STARTTLS (required), usually port 587.
    StartTls,
    /// Implicit TLS from the first byte (SMTPS), usually port 465.
    Tls,
    /// No encryption: only for `127.0.0.1`/`localhost` (tests and local relays).
    None,
}

impl TlsMode {
    fn parse(text: &str) -> Option<TlsMode> {
        match text.to_ascii_lowercase().as_str() {
            "starttls" => Some(TlsMode::StartTls),
            "tls" | "ssl" | "implicit" => Some(TlsMode::Tls),
            "none" => Some(TlsMode::None),
            _ => None,
        }
    }

    fn default_port(self) -> u16 {
        match self {
            TlsMode::StartTls => 587,
            TlsMode::Tls => 465,
            TlsMode::None => 25,
        }
    }
}

/// A resolved `smtp` credential. The password never appears in `Debug` output.
#[derive(Debug, Clone)]
pub struct SmtpCredential {
    pub id: String,
    pub host: String,
    pub port: u16,
    pub username: String,
    pub password: Sensitive<String>,
    pub tls: TlsMode,
    /// The sender used when a node gives no `from` (default: `username`).
    pub from: Option<String>,
    /// Messages a second through this credential (default 1; fractions allowed).
    pub rate_per_second: f64,
}

/// Whether `host` is the local machine (where `tls: "none"` is allowed).
fn is_local(host: &str) -> bool {
    matches!(
        host.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "localhost" | "::1" | "[::1]"
    )
}

/// The `port` field: absent, a number or a numeric string; `Err` when it is not a port.
fn port_of(value: Option<&Value>) -> Result<Option<u16>, ()> {
    let port = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.as_u64().and_then(|p| u16::try_from(p).ok()),
        Some(Value::String(s)) => s.trim().parse().ok(),
        Some(_) => None,
    };
    port.filter(|p| *p != 0).map(Some).ok_or(())
}

/// The mode for `tls` given as a flag.
fn flag_mode(on: bool, port: Option<u16>, host: &str) -> TlsMode {
    match (on, port) {
        (true, Some(465) | None) => TlsMode::Tls,
        (true, _) => TlsMode::StartTls,
        (false, _) if is_local(host) => TlsMode::None,
        (false, _) => TlsMode::StartTls,
    }
}

impl SmtpCredential {
    /// Reads and checks the credential's JSON.
    pub fn from_json(id: &str, credential: &Sensitive<Value>) -> Result<Self, EmailError> {
        let value = credential.expose();
        let kind = value.get("type").and_then(Value::as_str).unwrap_or("");
        if kind != "smtp" {
            return Err(EmailError::config(format!(
                "credential \"{id}\" is of type \"{kind}\"; email.send needs \"smtp\""
            )));
        }
        let text = |field: &str| value.get(field).and_then(Value::as_str).map(str::trim);
        let host = text("host")
            .filter(|h| !h.is_empty())
            .ok_or_else(|| EmailError::config(format!("credential \"{id}\" has no \"host\"")))?
            .to_owned();
        let port_given = port_of(value.get("port")).map_err(|()| {
            EmailError::config(format!(
                "credential \"{id}\": \"port\" is not a port number"
            ))
        })?;
        let tls = match value.get("tls") {
            None | Some(Value::Null) => TlsMode::StartTls,
            // The flag form (`credentials add` stores one): on is implicit TLS on port 465 and
            // STARTTLS elsewhere; off is no TLS on this machine and STARTTLS to any other host.
            Some(Value::Bool(on)) => flag_mode(*on, port_given, &host),
            Some(Value::String(s)) if s == "true" || s == "false" => {
                flag_mode(s == "true", port_given, &host)
            }
            Some(other) => {
                let tls_text = other.as_str().unwrap_or("").trim();
                TlsMode::parse(tls_text).ok_or_else(|| {
                    EmailError::config(format!(
                        "credential \"{id}\": \"tls\" is {other}; use \"starttls\", \"tls\" or \"none\""
                    ))
                })?
            }
        };
        if tls == TlsMode::None && !is_local(&host) {
            return Err(EmailError::config(format!(
                "credential \"{id}\": \"tls\": \"none\" is only allowed for 127.0.0.1 or localhost, not \"{host}\""
            )));
        }
        let port = port_given.unwrap_or(tls.default_port());
        let rate_per_second = match value.get("rate_per_second") {
            None | Some(Value::Null) => 1.0,
            Some(v) => v
                .as_f64()
                .filter(|r| r.is_finite() && *r > 0.0 && *r <= 1000.0)
                .ok_or_else(|| {
                    EmailError::config(format!(
                        "credential \"{id}\": \"rate_per_second\" must be a number above 0 (at most 1000)"
                    ))
                })?,
        };
        Ok(SmtpCredential {
            id: id.to_owned(),
            host,
            port,
            username: text("username").unwrap_or("").to_owned(),
            password: Sensitive::new(text("password").unwrap_or("").to_owned()),
            tls,
            from: text("from").filter(|f| !f.is_empty()).map(str::to_owned),
            rate_per_second,
        })
    }

    /// The default sender: `from`, else the username when it is an address.
    pub fn default_from(&self) -> Option<&str> {
        self.from
            .as_deref()
            .or_else(|| Some(self.username.as_str()).filter(|u| u.contains('@')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: Value) -> Result<SmtpCredential, EmailError> {
        SmtpCredential::from_json("mail", &Sensitive::new(value))
    }

    #[test]
    fn reads_fields_and_defaults() {
        let c = read(json!({"type": "smtp", "host": "smtp.example.com", "username": "me@example.com", "password": "pw", "tls": "tls"})).unwrap();
        assert_eq!((c.port, c.tls, c.rate_per_second), (465, TlsMode::Tls, 1.0));
        assert_eq!(c.default_from(), Some("me@example.com"));
        let c = read(json!({"type": "smtp", "host": "localhost", "port": "2525", "tls": "none", "rate_per_second": 5, "from": "a@b.c"})).unwrap();
        assert_eq!(
            (c.port, c.tls, c.rate_per_second),
            (2525, TlsMode::None, 5.0)
        );
        assert_eq!(c.default_from(), Some("a@b.c"));
    }

    #[test]
    fn refuses_plain_text_to_remote_hosts_and_bad_fields() {
        let e =
            read(json!({"type": "smtp", "host": "smtp.example.com", "tls": "none"})).unwrap_err();
        assert!(e.message.contains("only allowed"), "{e}");
        assert!(read(json!({"type": "smtp", "host": "h", "tls": "maybe"})).is_err());
        assert!(read(json!({"type": "smtp", "host": "h", "port": 70000})).is_err());
        assert!(read(json!({"type": "smtp", "host": "h", "rate_per_second": 0})).is_err());
        assert!(read(json!({"type": "http.bearer", "token": "t"})).is_err());
    }

    #[test]
    fn reads_tls_as_a_flag() {
        let mode = |v: Value| read(v).unwrap().tls;
        let remote = |tls: Value, port: u16| json!({"type": "smtp", "host": "smtp.example.com", "port": port, "tls": tls});
        assert_eq!(mode(remote(json!(true), 465)), TlsMode::Tls);
        assert_eq!(mode(remote(json!(true), 587)), TlsMode::StartTls);
        assert_eq!(mode(remote(json!("true"), 587)), TlsMode::StartTls);
        assert_eq!(
            mode(remote(json!(false), 587)),
            TlsMode::StartTls,
            "never plain text to another host"
        );
        assert_eq!(
            mode(json!({"type": "smtp", "host": "127.0.0.1", "port": 2525, "tls": false})),
            TlsMode::None
        );
    }
}
