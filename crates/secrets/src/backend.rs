//! Where secrets are kept: the OS keychain, or memory (tests).

use std::collections::HashMap;
use std::sync::Mutex;

/// A place to keep secret strings by account name.
pub trait SecretBackend: Send + Sync {
    fn get(&self, account: &str) -> Result<Option<String>, String>;
    fn set(&self, account: &str, secret: &str) -> Result<(), String>;
    fn delete(&self, account: &str) -> Result<bool, String>;
}

/// The operating system's keychain through the `keyring` crate: Secret Service on Linux
/// desktops, Keychain on macOS, Credential Manager on Windows. Service name `switchyard`.
pub struct Keychain {
    service: String,
}

impl Keychain {
    pub fn new() -> Self {
        Self {
            service: "switchyard".into(),
        }
    }

    /// A keychain under another service name (tests keep apart from real credentials).
    pub fn with_service(service: &str) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, String> {
        keyring::Entry::new(&self.service, account).map_err(|e| keychain_error(&e))
    }
}

impl Default for Keychain {
    fn default() -> Self {
        Self::new()
    }
}

fn keychain_error(error: &keyring::Error) -> String {
    match error {
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => format!(
            "the OS keychain is not available ({error}); on Linux start a Secret Service (e.g. gnome-keyring) or set the credential in an environment variable"
        ),
        other => format!("the OS keychain failed: {other}"),
    }
}

impl SecretBackend for Keychain {
    fn get(&self, account: &str) -> Result<Option<String>, String> {
        match self.entry(account)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(&e)),
        }
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), String> {
        self.entry(account)?
            .set_password(secret)
            .map_err(|e| keychain_error(&e))
    }

    fn delete(&self, account: &str) -> Result<bool, String> {
        match self.entry(account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(keychain_error(&e)),
        }
    }
}

/// Secrets in memory: for tests, and for hosts that load credentials from elsewhere.
#[derive(Default)]
pub struct InMemory(Mutex<HashMap<String, String>>);

impl SecretBackend for InMemory {
    fn get(&self, account: &str) -> Result<Option<String>, String> {
        Ok(self
            .0
            .lock()
            .map_err(|_| "poisoned".to_owned())?
            .get(account)
            .cloned())
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), String> {
        self.0
            .lock()
            .map_err(|_| "poisoned".to_owned())?
            .insert(account.to_owned(), secret.to_owned());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<bool, String> {
        Ok(self
            .0
            .lock()
            .map_err(|_| "poisoned".to_owned())?
            .remove(account)
            .is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real OS keychain. `scripts/test.sh` runs the tests inside a throwaway Secret Service
    /// (`scripts/with-keyring.sh`) and sets `SWITCHYARD_KEYCHAIN_TESTS=1`; there this test must
    /// pass. Run bare (`cargo test` on a machine without a Secret Service) it says so and stops.
    #[test]
    fn keychain_round_trip_with_a_long_token() {
        if std::env::var("SWITCHYARD_KEYCHAIN_TESTS").as_deref() != Ok("1") {
            eprintln!("not run: no throwaway Secret Service (use scripts/with-keyring.sh)");
            return;
        }
        let keychain = Keychain::with_service("switchyard-tests");
        let account = format!("round-trip-{}", std::process::id());
        let secret = format!(
            "{{\"type\":\"hubspot.private_app\",\"token\":\"pat-na1-{}\"}}",
            "x".repeat(600)
        );
        keychain
            .set(&account, &secret)
            .expect("store in the keychain");
        assert_eq!(
            keychain.get(&account).expect("read back").as_deref(),
            Some(secret.as_str())
        );
        assert!(keychain.delete(&account).expect("delete"));
        assert_eq!(keychain.get(&account).expect("read after delete"), None);
        assert!(!keychain.delete(&account).expect("delete twice"));
    }
}
