//! A test-only secret backend: a JSON file `{account: secret}`, in plain text. It exists so that
//! tests of the command line run on machines without a keychain; it is chosen with
//! `SWITCHYARD_SECRET_BACKEND=file:/path/to/secrets.json` and refused unless
//! `SWITCHYARD_ALLOW_INSECURE_SECRETS=1` is set too. Never use it for real credentials.

use crate::backend::{Keychain, SecretBackend};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Chooses the secret backend (`file:PATH`; anything else is refused).
pub const BACKEND_ENV: &str = "SWITCHYARD_SECRET_BACKEND";
/// Must be `1` for [`BACKEND_ENV`] to be honoured.
pub const ALLOW_INSECURE_ENV: &str = "SWITCHYARD_ALLOW_INSECURE_SECRETS";

/// Secrets in a plain JSON file (tests only).
pub struct InsecureFile {
    path: PathBuf,
    lock: Mutex<()>,
}

impl InsecureFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            lock: Mutex::new(()),
        }
    }

    fn read(&self) -> Result<Map<String, Value>, String> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) if text.trim().is_empty() => Ok(Map::new()),
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                format!(
                    "the test secret file {} is not a JSON object (line {})",
                    self.path.display(),
                    e.line()
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Map::new()),
            Err(e) => Err(format!(
                "cannot read the test secret file {}: {e}",
                self.path.display()
            )),
        }
    }

    fn write(&self, map: &Map<String, Value>) -> Result<(), String> {
        let fail = |e: std::io::Error| {
            format!(
                "cannot write the test secret file {}: {e}",
                self.path.display()
            )
        };
        let text = serde_json::to_string(map).map_err(|e| e.to_string())?;
        let temp = self.path.with_extension("tmp");
        std::fs::write(&temp, text).map_err(fail)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&temp, std::fs::Permissions::from_mode(0o600))
                .map_err(fail)?;
        }
        std::fs::rename(&temp, &self.path).map_err(fail)
    }
}

impl SecretBackend for InsecureFile {
    fn get(&self, account: &str) -> Result<Option<String>, String> {
        let _guard = self.lock.lock().map_err(|_| "poisoned".to_owned())?;
        Ok(self
            .read()?
            .get(account)
            .and_then(Value::as_str)
            .map(str::to_owned))
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), String> {
        let _guard = self.lock.lock().map_err(|_| "poisoned".to_owned())?;
        let mut map = self.read()?;
        map.insert(account.to_owned(), Value::String(secret.to_owned()));
        self.write(&map)
    }

    fn delete(&self, account: &str) -> Result<bool, String> {
        let _guard = self.lock.lock().map_err(|_| "poisoned".to_owned())?;
        let mut map = self.read()?;
        let removed = map.remove(account).is_some();
        if removed {
            self.write(&map)?;
        }
        Ok(removed)
    }
}

/// A backend that fails every call with one message (a misconfigured test hook).
struct Refused(String);

impl SecretBackend for Refused {
    fn get(&self, _: &str) -> Result<Option<String>, String> {
        Err(self.0.clone())
    }
    fn set(&self, _: &str, _: &str) -> Result<(), String> {
        Err(self.0.clone())
    }
    fn delete(&self, _: &str) -> Result<bool, String> {
        Err(self.0.clone())
    }
}

/// Which backend `SWITCHYARD_SECRET_BACKEND` asks for: `Ok(None)` when unset (the keychain),
/// the file backend when allowed, or why it is refused.
pub fn configured_backend(
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<InsecureFile>, String> {
    let Some(choice) = env(BACKEND_ENV).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let Some(path) = choice.strip_prefix("file:").filter(|p| !p.is_empty()) else {
        return Err(format!(
            "{BACKEND_ENV}={choice:?} is not supported; the only test backend is file:PATH (unset it to use the OS keychain)"
        ));
    };
    if env(ALLOW_INSECURE_ENV).as_deref() != Some("1") {
        return Err(format!(
            "{BACKEND_ENV} names an insecure plain-text secret file meant for tests only; set {ALLOW_INSECURE_ENV}=1 to allow it, or unset {BACKEND_ENV} to use the OS keychain"
        ));
    }
    Ok(Some(InsecureFile::new(Path::new(path))))
}

/// The process's backend: the OS keychain, unless the test hook says otherwise (a refused hook
/// gives a backend whose every call fails with the reason).
pub(crate) fn system_backend() -> Arc<dyn SecretBackend> {
    match configured_backend(|name| std::env::var(name).ok()) {
        Ok(None) => Arc::new(Keychain::new()),
        Ok(Some(file)) => Arc::new(file),
        Err(reason) => Arc::new(Refused(reason)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hook_is_refused_unless_insecure_secrets_are_allowed() {
        let dir = std::env::temp_dir().join(format!("sy-secrets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("s.json");
        let spec = format!("file:{}", path.display());
        let none = configured_backend(|_| None).expect("unset");
        assert!(none.is_none());
        let refused = configured_backend(|n| (n == BACKEND_ENV).then(|| spec.clone()));
        assert!(
            refused
                .err()
                .is_some_and(|e| e.contains(ALLOW_INSECURE_ENV))
        );
        let bad = configured_backend(|n| match n {
            BACKEND_ENV => Some("vault:x".into()),
            _ => Some("1".into()),
        });
        assert!(bad.is_err());
        let file = configured_backend(|n| match n {
            BACKEND_ENV => Some(spec.clone()),
            _ => Some("1".into()),
        })
        .expect("allowed")
        .expect("file");
        file.set("a", "one").expect("set");
        assert_eq!(file.get("a").expect("get").as_deref(), Some("one"));
        assert!(file.delete("a").expect("delete"));
        assert_eq!(file.get("a").expect("get"), None);
        let _ = std::fs::remove_dir_all(dir);
    }
}
