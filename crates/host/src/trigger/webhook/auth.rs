//! Webhook authentication: `hmac` (`X-Switchyard-Signature: sha256=<hex>` over the raw body)
//! and `hubspot_v3` (HubSpot's v3 signature, checked by the HubSpot connector). Every
//! comparison is in constant time. Blocks on the credential store: call from a blocking
//! context.

use axum::http::{HeaderMap, Method, Uri};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use switchyard_connectors::hubspot::signature;
use switchyard_engine::Timestamp;
use switchyard_nodes::WebhookAuth;
use switchyard_secrets::{Purpose, Vault};

/// The header carrying the `hmac` signature.
pub const SIGNATURE_HEADER: &str = "x-switchyard-signature";

/// Why a request was not let in (logged; the caller only ever sees 401).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthFailure {
    #[error("the {0} header is missing")]
    Missing(&'static str),
    #[error("the signature does not match")]
    Mismatch,
    #[error("the signature could not be checked: {0}")]
    Credential(String),
}

/// Checks the request against the webhook's `auth`.
pub fn check(
    auth: &WebhookAuth,
    vault: &Vault,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), AuthFailure> {
    match auth {
        WebhookAuth::Hmac { secret_credential } => {
            let given = header(headers, SIGNATURE_HEADER)?;
            let secret = secret(vault, secret_credential, &["secret"])?;
            verify_hmac(&secret, body, given)
        }
        WebhookAuth::HubspotV3 { secret_credential } => {
            let given = header(headers, "x-hubspot-signature-v3")?;
            let timestamp = header(headers, "x-hubspot-request-timestamp")?;
            let secret = secret(vault, secret_credential, &["client_secret", "secret"])?;
            let now = u64::try_from(Timestamp::now().unix_millis()).unwrap_or_default();
            let mut last = AuthFailure::Mismatch;
            for url in called_urls(uri, headers) {
                match signature::verify_v3(
                    &secret,
                    method.as_str(),
                    &url,
                    body,
                    timestamp,
                    given,
                    now,
                ) {
                    Ok(()) => return Ok(()),
                    Err(signature::SignatureError::Mismatch) => {}
                    Err(other) => last = AuthFailure::Credential(other.to_string()),
                }
            }
            Err(last)
        }
    }
}

/// `sha256=<hex>` against HMAC-SHA256(secret, body); hex in either case.
pub fn verify_hmac(secret: &str, body: &[u8], given: &str) -> Result<(), AuthFailure> {
    let given = given.trim();
    let hex_part = match given.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("sha256=") => &given[7..],
        _ => return Err(AuthFailure::Mismatch),
    };
    let expected = hex::decode(hex_part).map_err(|_| AuthFailure::Mismatch)?;
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .map_err(|e| AuthFailure::Credential(e.to_string()))?;
    mac.update(body);
    mac.verify_slice(&expected)
        .map_err(|_| AuthFailure::Mismatch)
}

fn header<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<&'h str, AuthFailure> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or(AuthFailure::Missing(name))
}

/// The credential's secret, from the first of `fields` it has.
fn secret(vault: &Vault, id: &str, fields: &[&str]) -> Result<String, AuthFailure> {
    let credential = vault
        .resolve(id, Purpose::Production)
        .map_err(|e| AuthFailure::Credential(e.to_string()))?;
    fields
        .iter()
        .find_map(|f| credential.expose().get(*f).and_then(|v| v.as_str()))
        .map(str::to_owned)
        .ok_or_else(|| {
            AuthFailure::Credential(format!(
                "credential \"{id}\" has no \"{}\" field",
                fields[0]
            ))
        })
}

/// The URLs the sender may have called: behind a proxy, as `X-Forwarded-Proto`/`-Host` say;
/// otherwise https and http on the `Host` header.
fn called_urls(uri: &Uri, headers: &HeaderMap) -> Vec<String> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let host = text("x-forwarded-host")
        .or_else(|| text("host"))
        .unwrap_or("localhost");
    let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    match text("x-forwarded-proto") {
        Some(proto) => vec![format!("{proto}://{host}{path}")],
        None => vec![
            format!("https://{host}{path}"),
            format!("http://{host}{path}"),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(secret: &str, body: &[u8]) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("key");
        mac.update(body);
        hex::encode(mac.finalize().into_bytes())
    }

    #[test]
    fn hmac_signatures_match_in_either_case_and_nothing_else_does() {
        let good = sign("s3cret", b"{}");
        assert_eq!(
            verify_hmac("s3cret", b"{}", &format!("sha256={good}")),
            Ok(())
        );
        assert_eq!(
            verify_hmac("s3cret", b"{}", &format!("SHA256={}", good.to_uppercase())),
            Ok(())
        );
        assert_eq!(
            verify_hmac("other", b"{}", &format!("sha256={good}")),
            Err(AuthFailure::Mismatch)
        );
        assert_eq!(
            verify_hmac("s3cret", b"{ }", &format!("sha256={good}")),
            Err(AuthFailure::Mismatch)
        );
        assert_eq!(
            verify_hmac("s3cret", b"{}", &good),
            Err(AuthFailure::Mismatch)
        );
        assert_eq!(
            verify_hmac("s3cret", b"{}", "sha256=zz"),
            Err(AuthFailure::Mismatch)
        );
    }
}
