//! Masking secrets before anything reaches the database: the values of secret-bearing HTTP
//! headers (anywhere a `headers` member appears) and of secret-looking URL query parameters
//! are replaced whole by `"***"`.

use serde_json::Value;

/// What a masked value is replaced with.
pub const MASK: &str = "***";

/// Whether a header (or query parameter) of this name carries a secret: `authorization`,
/// `cookie` (and `set-cookie`, `proxy-authorization`), or any name containing `key`, `token`,
/// `secret`, `signature` or `password` (case-insensitive).
pub fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.contains("authorization")
        || name.contains("cookie")
        || ["key", "token", "secret", "signature", "password"]
            .iter()
            .any(|word| name.contains(word))
}

/// A copy of `value` with secret header values and secret URL query parameters masked.
///
/// Headers are found wherever an object has a member named `headers` (any case) holding an
/// object (`{name: value}`), an array of `[name, value]` pairs, or an array of
/// `{name, value}` objects. URLs are strings under a member named `url`.
pub fn mask_secrets(value: &Value) -> Value {
    let mut copy = value.clone();
    mask_in_place(&mut copy);
    copy
}

/// Whether [`mask_secrets`] would change anything (cheap: no copying).
pub(crate) fn needs_masking(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, member)| {
            if key.eq_ignore_ascii_case("headers") && headers_need_masking(member) {
                return true;
            }
            if key.eq_ignore_ascii_case("url")
                && let Value::String(url) = member
                && mask_url(url).is_some()
            {
                return true;
            }
            needs_masking(member)
        }),
        Value::Array(items) => items.iter().any(needs_masking),
        _ => false,
    }
}

/// Masks `value` where it stands.
pub(crate) fn mask_in_place(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                if key.eq_ignore_ascii_case("headers") {
                    mask_headers(member);
                } else if key.eq_ignore_ascii_case("url")
                    && let Value::String(url) = member
                    && let Some(masked) = mask_url(url)
                {
                    *url = masked;
                }
                mask_in_place(member);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_in_place),
        _ => {}
    }
}

/// A borrowed value, or a masked copy when it holds secrets.
pub(crate) fn masked(value: &Value) -> std::borrow::Cow<'_, Value> {
    if needs_masking(value) {
        std::borrow::Cow::Owned(mask_secrets(value))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

fn is_masked(value: &Value) -> bool {
    value.as_str() == Some(MASK)
}

fn headers_need_masking(headers: &Value) -> bool {
    match headers {
        Value::Object(map) => map
            .iter()
            .any(|(name, value)| is_secret_name(name) && !is_masked(value)),
        Value::Array(entries) => entries.iter().any(|entry| match pair_parts(entry) {
            Some((name, value)) => is_secret_name(name) && !is_masked(value),
            None => false,
        }),
        _ => false,
    }
}

fn mask_headers(headers: &mut Value) {
    match headers {
        Value::Object(map) => {
            for (name, value) in map.iter_mut() {
                if is_secret_name(name) {
                    *value = Value::from(MASK);
                }
            }
        }
        Value::Array(entries) => {
            for entry in entries.iter_mut() {
                match entry {
                    Value::Array(pair)
                        if pair.len() == 2 && pair[0].as_str().is_some_and(is_secret_name) =>
                    {
                        pair[1] = Value::from(MASK);
                    }
                    Value::Object(map) => {
                        let secret = map
                            .get("name")
                            .and_then(Value::as_str)
                            .is_some_and(is_secret_name);
                        if secret && let Some(value) = map.get_mut("value") {
                            *value = Value::from(MASK);
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

fn pair_parts(entry: &Value) -> Option<(&str, &Value)> {
    match entry {
        Value::Array(pair) if pair.len() == 2 => Some((pair[0].as_str()?, &pair[1])),
        Value::Object(map) => Some((map.get("name")?.as_str()?, map.get("value")?)),
        _ => None,
    }
}

/// The URL with the values of secret query parameters masked, or `None` if it has none.
fn mask_url(url: &str) -> Option<String> {
    let (base, rest) = url.split_once('?')?;
    let (query, fragment) = match rest.split_once('#') {
        Some((query, fragment)) => (query, Some(fragment)),
        None => (rest, None),
    };
    let mut changed = false;
    let parts: Vec<String> = query
        .split('&')
        .map(|part| match part.split_once('=') {
            Some((name, value)) if is_secret_name(name) && value != MASK => {
                changed = true;
                format!("{name}={MASK}")
            }
            _ => part.to_owned(),
        })
        .collect();
    if !changed {
        return None;
    }
    let mut out = format!("{base}?{}", parts.join("&"));
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn masks_secret_headers_in_every_shape() {
        let request = json!({
            "method": "POST",
            "url": "https://api.example.com/v1?hapikey=abc123&limit=10",
            "headers": {
                "Authorization": "Bearer pat-na1-secret",
                "Cookie": "session=1",
                "X-Api-Key": "k",
                "X-HubSpot-Signature": "s",
                "X-Refresh-Token": "t",
                "Content-Type": "application/json"
            },
            "nested": { "headers": [["authorization", "Basic x"], ["accept", "*/*"]] },
            "list": { "headers": [{ "name": "X-Client-Secret", "value": "v" }] },
            "body": { "token": "not a header: kept" }
        });
        assert!(needs_masking(&request));
        let masked = mask_secrets(&request);
        assert_eq!(masked["headers"]["Authorization"], "***");
        assert_eq!(masked["headers"]["Cookie"], "***");
        assert_eq!(masked["headers"]["X-Api-Key"], "***");
        assert_eq!(masked["headers"]["X-HubSpot-Signature"], "***");
        assert_eq!(masked["headers"]["X-Refresh-Token"], "***");
        assert_eq!(masked["headers"]["Content-Type"], "application/json");
        assert_eq!(masked["nested"]["headers"][0][1], "***");
        assert_eq!(masked["nested"]["headers"][1][1], "*/*");
        assert_eq!(masked["list"]["headers"][0]["value"], "***");
        assert_eq!(
            masked["url"],
            "https://api.example.com/v1?hapikey=***&limit=10"
        );
        assert_eq!(masked["body"]["token"], "not a header: kept");
        assert!(!needs_masking(&masked));
    }

    #[test]
    fn leaves_plain_items_alone() {
        let item = json!({ "email": "lead@example.com", "headers": { "accept": "x" } });
        assert!(!needs_masking(&item));
        assert!(matches!(masked(&item), std::borrow::Cow::Borrowed(_)));
    }
}
