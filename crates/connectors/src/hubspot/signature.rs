//! HubSpot webhook signatures (developers.hubspot.com/docs/api/webhooks/validating-requests):
//! v3 `base64(HMAC-SHA256(secret, method + uri + body + timestamp))` within 5 minutes; v2
//! `hex(SHA-256(secret + method + uri + body))`; v1 `hex(SHA-256(secret + body))`. Every
//! comparison is in constant time.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// How old a v3 timestamp may be.
pub const MAX_AGE_MS: u64 = 5 * 60 * 1000;

/// Why a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the request timestamp is more than 5 minutes old (or in the future)")]
    Stale,
    #[error("the request timestamp is not a number of milliseconds")]
    BadTimestamp,
    #[error("the signature does not match")]
    Mismatch,
}

/// Decodes the characters HubSpot decodes before signing v3 (`%3A : %2F / %3F ? %40 @ %21 !
/// %24 $ %27 ' %28 ( %29 ) %2A * %2C , %3B ;`), case-insensitively; every other escape stays.
pub fn decode_v3_uri(uri: &str) -> String {
    const TABLE: &[(&str, char)] = &[
        ("3A", ':'),
        ("2F", '/'),
        ("3F", '?'),
        ("40", '@'),
        ("21", '!'),
        ("24", '$'),
        ("27", '\''),
        ("28", '('),
        ("29", ')'),
        ("2A", '*'),
        ("2C", ','),
        ("3B", ';'),
    ];
    let mut out = String::with_capacity(uri.len());
    let mut rest = uri;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let code = rest.get(at + 1..at + 3).map(str::to_ascii_uppercase);
        match code.and_then(|c| TABLE.iter().find(|(hex, _)| *hex == c)) {
            Some((_, ch)) => {
                out.push(*ch);
                rest = &rest[at + 3..];
            }
            None => {
                out.push('%');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The v3 signature of a request (base64).
pub fn sign_v3(
    client_secret: &str,
    method: &str,
    uri: &str,
    body: &[u8],
    timestamp: &str,
) -> String {
    let mut mac = hmac(client_secret);
    mac.update(method.as_bytes());
    mac.update(decode_v3_uri(uri).as_bytes());
    mac.update(body);
    mac.update(timestamp.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

fn hmac(secret: &str) -> Hmac<Sha256> {
    <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length")
}

/// Checks `X-HubSpot-Signature-v3` for a request with `X-HubSpot-Request-Timestamp`
/// `timestamp_ms`, at `now_ms`. `uri` is the full URL HubSpot called (scheme, host, path, query).
pub fn verify_v3(
    client_secret: &str,
    method: &str,
    uri: &str,
    body: &[u8],
    timestamp_ms: &str,
    signature: &str,
    now_ms: u64,
) -> Result<(), SignatureError> {
    let timestamp: u64 = timestamp_ms
        .trim()
        .parse()
        .map_err(|_| SignatureError::BadTimestamp)?;
    if now_ms.abs_diff(timestamp) > MAX_AGE_MS {
        return Err(SignatureError::Stale);
    }
    let expected = STANDARD
        .decode(signature.trim())
        .map_err(|_| SignatureError::Mismatch)?;
    let mut mac = hmac(client_secret);
    mac.update(method.as_bytes());
    mac.update(decode_v3_uri(uri).as_bytes());
    mac.update(body);
    mac.update(timestamp_ms.trim().as_bytes());
    mac.verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

/// The v2 signature: hex SHA-256 of secret + method + uri + body (the URI exactly as called).
pub fn sign_v2(client_secret: &str, method: &str, uri: &str, body: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(client_secret.as_bytes());
    hash.update(method.as_bytes());
    hash.update(uri.as_bytes());
    hash.update(body);
    hex::encode(hash.finalize())
}

/// The v1 signature: hex SHA-256 of secret + body.
pub fn sign_v1(client_secret: &str, body: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(client_secret.as_bytes());
    hash.update(body);
    hex::encode(hash.finalize())
}

/// Checks a v2 `X-HubSpot-Signature`.
pub fn verify_v2(
    client_secret: &str,
    method: &str,
    uri: &str,
    body: &[u8],
    signature: &str,
) -> Result<(), SignatureError> {
    compare_hex(&sign_v2(client_secret, method, uri, body), signature)
}

/// Checks a v1 `X-HubSpot-Signature`.
pub fn verify_v1(client_secret: &str, body: &[u8], signature: &str) -> Result<(), SignatureError> {
    compare_hex(&sign_v1(client_secret, body), signature)
}

fn compare_hex(expected: &str, given: &str) -> Result<(), SignatureError> {
    let given = given.trim().to_ascii_lowercase();
    if bool::from(expected.as_bytes().ct_eq(given.as_bytes())) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    const BODY: &str = r#"[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]"#;

    #[test]
    fn v1_matches_the_documented_vector() {
        assert_eq!(
            sign_v1(SECRET, BODY.as_bytes()),
            "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de"
        );
        assert!(
            verify_v1(
                SECRET,
                BODY.as_bytes(),
                "232DB2615F3D666FE21A8EC971AC7B5402D33B9A925784DF3CA654D05F4817DE"
            )
            .is_ok()
        );
        assert_eq!(
            verify_v1(
                SECRET,
                b"[]",
                "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de"
            ),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn v3_matches_the_contract_vector_within_five_minutes() {
        let uri = "https://www.example.com/webhook_uri";
        let signature = "DxmVAjFNa2xfF3YgQjdZP6TNcok9k1oaH7UXombPtvw=";
        assert_eq!(
            sign_v3(SECRET, "POST", uri, BODY.as_bytes(), "1564113600000"),
            signature
        );
        let at = 1_564_113_600_000;
        assert_eq!(
            verify_v3(
                SECRET,
                "POST",
                uri,
                BODY.as_bytes(),
                "1564113600000",
                signature,
                at + 299_000
            ),
            Ok(())
        );
        assert_eq!(
            verify_v3(
                SECRET,
                "POST",
                uri,
                BODY.as_bytes(),
                "1564113600000",
                signature,
                at + 301_000
            ),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify_v3(
                SECRET,
                "GET",
                uri,
                BODY.as_bytes(),
                "1564113600000",
                signature,
                at
            ),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_v3(
                "other",
                "POST",
                uri,
                BODY.as_bytes(),
                "1564113600000",
                signature,
                at
            ),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_v3(SECRET, "POST", uri, BODY.as_bytes(), "soon", signature, at),
            Err(SignatureError::BadTimestamp)
        );
    }

    #[test]
    fn v3_decodes_only_the_listed_escapes() {
        assert_eq!(
            decode_v3_uri("https%3A%2F%2Fx.io%2Fa%3Fq%3D1%40%21%24%27%28%29%2a%2C%3B%20"),
            "https://x.io/a?q%3D1@!$'()*,;%20"
        );
        let encoded = "https://www.example.com/webhook%3Furi";
        let plain = "https://www.example.com/webhook?uri";
        let signature = sign_v3(SECRET, "POST", plain, b"{}", "1");
        assert_eq!(
            verify_v3(SECRET, "POST", encoded, b"{}", "1", &signature, 1),
            Ok(())
        );
    }

    #[test]
    fn v2_signs_method_uri_and_body() {
        let uri = "https://www.example.com/webhook_uri?b=2&a=1";
        let signature = sign_v2(SECRET, "POST", uri, BODY.as_bytes());
        assert!(verify_v2(SECRET, "POST", uri, BODY.as_bytes(), &signature).is_ok());
        assert!(
            verify_v2(
                SECRET,
                "POST",
                "https://www.example.com/webhook_uri?a=1&b=2",
                BODY.as_bytes(),
                &signature
            )
            .is_err()
        );
    }
}
