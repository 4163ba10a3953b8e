//! The credential types Switchyard knows (the spec's Credentials section): each type's
//! fields, which are required and which are secret, and checking a set of fields against them.
//! Messages name fields, never their values.

use serde_json::{Map, Value};

/// What a field's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    /// A TCP port.
    Port,
    /// `true` / `false`.
    Flag,
    /// A JSON object (a Google service account's key file).
    Json,
}

/// One field of a credential type.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub required: bool,
    pub secret: bool,
    pub kind: FieldKind,
}

const fn field(name: &'static str, required: bool, secret: bool, kind: FieldKind) -> Field {
    Field {
        name,
        required,
        secret,
        kind,
    }
}

/// Every credential may carry `base_url`, which replaces the service's default address.
const BASE_URL: Field = field("base_url", false, false, FieldKind::Text);

/// The types and their fields (`base_url` comes on top of each).
const TYPES: &[(&str, &[Field])] = &[
    (
        "hubspot.private_app",
        &[field("token", true, true, FieldKind::Text)],
    ),
    (
        "hubspot.oauth",
        &[
            field("client_id", true, false, FieldKind::Text),
            field("client_secret", true, true, FieldKind::Text),
            // Left out: signing in through the browser fills it in (with the first access
            // token), see `sign_in`.
            field("refresh_token", false, true, FieldKind::Text),
            // The app's redirect URL is `http://localhost:<redirect_port>/` (default 8791).
            field("redirect_port", false, false, FieldKind::Port),
            // Space-separated; default: every scope the connector uses.
            field("scope", false, false, FieldKind::Text),
            field("auth_url", false, false, FieldKind::Text),
        ],
    ),
    (
        "smtp",
        &[
            field("host", true, false, FieldKind::Text),
            field("port", true, false, FieldKind::Port),
            field("username", true, false, FieldKind::Text),
            field("password", true, true, FieldKind::Text),
            field("tls", false, false, FieldKind::Flag),
        ],
    ),
    (
        "http.bearer",
        &[field("token", true, true, FieldKind::Text)],
    ),
    ("hmac", &[field("secret", true, true, FieldKind::Text)]),
    (
        "google.oauth",
        &[
            field("client_id", true, false, FieldKind::Text),
            field("client_secret", true, true, FieldKind::Text),
            // Left out: signing in through the browser fills it in, see `sign_in`.
            field("refresh_token", false, true, FieldKind::Text),
            field("token_url", false, false, FieldKind::Text),
            field("auth_url", false, false, FieldKind::Text),
        ],
    ),
    (
        "google.service_account",
        &[
            field("key", true, true, FieldKind::Json),
            field("token_url", false, false, FieldKind::Text),
        ],
    ),
];

/// A credential type's fields, `base_url` last.
pub fn fields_of(kind: &str) -> Option<Vec<Field>> {
    TYPES
        .iter()
        .find(|(name, _)| *name == kind)
        .map(|(_, fields)| fields.iter().copied().chain([BASE_URL]).collect())
}

/// One credential type as forms draw it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct CredentialType {
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub kind: String,
    pub fields: Vec<CredentialField>,
}

/// One field of a credential type: secret fields are write-only.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct CredentialField {
    pub name: String,
    pub required: bool,
    pub secret: bool,
    pub kind: FieldKind,
}

/// Every known type with its fields (`base_url` last), for the app's forms.
pub fn catalog() -> Vec<CredentialType> {
    TYPES
        .iter()
        .filter_map(|(name, _)| {
            let fields = fields_of(name)?
                .into_iter()
                .map(|f| CredentialField {
                    name: f.name.to_owned(),
                    required: f.required,
                    secret: f.secret,
                    kind: f.kind,
                })
                .collect();
            Some(CredentialType {
                kind: (*name).to_owned(),
                fields,
            })
        })
        .collect()
}

/// The names of the known types, for messages.
pub fn type_names() -> Vec<&'static str> {
    TYPES.iter().map(|(name, _)| *name).collect()
}

/// Whether a HubSpot type (checked against HubSpot by `credentials test`).
pub fn is_hubspot(kind: &str) -> bool {
    kind.starts_with("hubspot.")
}

/// Checks `fields` (as read from stdin or prompts, without `type`) against `kind` and returns
/// the credential's JSON: `type` first, values converted to their kinds.
pub fn build(kind: &str, fields: Map<String, Value>) -> Result<Map<String, Value>, String> {
    let spec = fields_of(kind).ok_or_else(|| unknown_type(kind))?;
    let mut out = Map::new();
    out.insert("type".into(), Value::String(kind.to_owned()));
    for (name, value) in fields {
        if name == "type" {
            if value.as_str() != Some(kind) {
                return Err(format!(
                    "the secret fields say \"type\" is not \"{kind}\" (the --type given); leave \"type\" out or make them agree"
                ));
            }
            continue;
        }
        let Some(field) = spec.iter().find(|f| f.name == name) else {
            return Err(format!(
                "a {kind} credential has no field \"{name}\"; its fields are {}",
                names(&spec)
            ));
        };
        if let Some(value) = convert(kind, field, value)? {
            out.insert(name, value);
        }
    }
    let missing: Vec<&str> = spec
        .iter()
        .filter(|f| f.required && !out.contains_key(f.name))
        .map(|f| f.name)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "a {kind} credential needs {}: missing {}",
            spec.iter()
                .filter(|f| f.required)
                .map(|f| f.name)
                .collect::<Vec<_>>()
                .join(", "),
            missing.join(", ")
        ));
    }
    Ok(out)
}

/// The fields of a stored credential that are missing, by the type's table (empty for an
/// unknown type: nothing to check against).
pub fn missing_fields(credential: &Value) -> Vec<&'static str> {
    let kind = credential.get("type").and_then(Value::as_str).unwrap_or("");
    fields_of(kind)
        .unwrap_or_default()
        .into_iter()
        .filter(|f| f.required && is_blank(credential.get(f.name)))
        .map(|f| f.name)
        .collect()
}

/// The fields that may be shown and kept in the metadata (everything not secret).
pub fn public_fields(credential: &Map<String, Value>) -> Map<String, Value> {
    let kind = credential.get("type").and_then(Value::as_str).unwrap_or("");
    let spec = fields_of(kind).unwrap_or_default();
    credential
        .iter()
        .filter(|(name, _)| spec.iter().any(|f| f.name == *name && !f.secret))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}

pub fn unknown_type(kind: &str) -> String {
    format!(
        "unknown credential type \"{kind}\"; the types are {}",
        type_names().join(", ")
    )
}

fn names(spec: &[Field]) -> String {
    spec.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
}

fn is_blank(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(_) => false,
    }
}

/// One value in its field's kind; `None` drops an empty optional value.
fn convert(kind: &str, field: &Field, value: Value) -> Result<Option<Value>, String> {
    if is_blank(Some(&value)) {
        return Ok(None);
    }
    let bad = |what: &str| format!("{kind} field \"{}\" must be {what}", field.name);
    let converted = match (field.kind, value) {
        (FieldKind::Text, Value::String(s)) => Value::String(s),
        (FieldKind::Text, _) => return Err(bad("text")),
        (FieldKind::Port, Value::Number(n)) if n.as_u64().is_some_and(|p| p <= 65535) => {
            Value::Number(n)
        }
        (FieldKind::Port, Value::String(s)) => match s.trim().parse::<u16>() {
            Ok(port) => Value::from(port),
            Err(_) => return Err(bad("a port number (0-65535)")),
        },
        (FieldKind::Port, _) => return Err(bad("a port number (0-65535)")),
        (FieldKind::Flag, Value::Bool(b)) => Value::Bool(b),
        (FieldKind::Flag, Value::String(s)) => match s.trim() {
            "true" | "yes" | "1" => Value::Bool(true),
            "false" | "no" | "0" => Value::Bool(false),
            _ => return Err(bad("true or false")),
        },
        (FieldKind::Flag, _) => return Err(bad("true or false")),
        (FieldKind::Json, Value::Object(o)) => Value::Object(o),
        (FieldKind::Json, Value::String(s)) => match serde_json::from_str::<Value>(&s) {
            // serde_json's message quotes no input, but say nothing of it anyway.
            Ok(Value::Object(o)) => Value::Object(o),
            _ => return Err(bad("a JSON object (the key file's content)")),
        },
        (FieldKind::Json, _) => return Err(bad("a JSON object (the key file's content)")),
    };
    Ok(Some(converted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn builds_checks_and_splits_public_fields() {
        let smtp = build(
            "smtp",
            map(json!({"host": "mail", "port": "587", "username": "u", "password": "pw-1", "tls": "true"})),
        )
        .expect("valid");
        assert_eq!(smtp["port"], 587);
        assert_eq!(smtp["tls"], true);
        let public = public_fields(&smtp);
        assert!(public.contains_key("host") && !public.contains_key("password"));

        let missing = build("hubspot.oauth", map(json!({"client_id": "c"}))).expect_err("missing");
        assert!(missing.contains("missing client_secret"), "{missing}");
        let unknown = build("ftp", Map::new()).expect_err("unknown");
        assert!(unknown.contains("hubspot.private_app"), "{unknown}");
        let extra = build("hmac", map(json!({"secret": "s-42", "bogus": "x"}))).expect_err("extra");
        assert!(
            extra.contains("bogus") && !extra.contains("s-42"),
            "{extra}"
        );
        let key = build(
            "google.service_account",
            map(json!({"key": "{\"client_email\": \"a@b\"}"})),
        )
        .expect("key");
        assert_eq!(key["key"]["client_email"], "a@b");
        assert_eq!(missing_fields(&json!({"type": "http.bearer"})), ["token"]);
    }
}
