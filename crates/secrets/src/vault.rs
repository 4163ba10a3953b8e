//! Resolving a credential id to its JSON, as the spec's Credentials section says.

use crate::backend::SecretBackend;
use crate::sensitive::Sensitive;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Which secret a run may use: test runs prefer a test secret; production runs only ever use
/// the production one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    Test,
    Production,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error(
        "credential \"{id}\" is not set up: add it with `switchyard credentials add {id} --type TYPE`, or set {var}"
    )]
    Missing { id: String, var: String },
    #[error("credential \"{id}\" is not valid JSON with a \"type\" ({where_}): {reason}")]
    Malformed {
        id: String,
        where_: String,
        reason: String,
    },
    #[error("credential \"{id}\": {message}")]
    Backend { id: String, message: String },
}

/// `SWITCHYARD_CREDENTIAL_<ID>`: the id upper-cased, every character outside A–Z and 0–9 as `_`.
pub fn env_var_name(id: &str) -> String {
    let tail: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("SWITCHYARD_CREDENTIAL_{tail}")
}

/// The keychain account of a credential's secret for a purpose.
pub fn account(id: &str, purpose: Purpose) -> String {
    match purpose {
        Purpose::Production => id.to_owned(),
        Purpose::Test => format!("{id}#test"),
    }
}

/// Reads an environment variable (the process's, or a map in tests).
type EnvLookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Resolves credential ids. Cheap to clone; share one per process.
#[derive(Clone)]
pub struct Vault {
    backend: Arc<dyn SecretBackend>,
    env: Arc<EnvLookup>,
}

impl Vault {
    /// The process environment, then the OS keychain (or, for tests only, the plain-text file
    /// that `SWITCHYARD_SECRET_BACKEND=file:PATH` names when `SWITCHYARD_ALLOW_INSECURE_SECRETS=1`).
    pub fn system() -> Self {
        Self {
            backend: crate::file_backend::system_backend(),
            env: Arc::new(|name| std::env::var(name).ok()),
        }
    }

    /// Any backend, with environment variables given as a map (tests).
    pub fn with(backend: Arc<dyn SecretBackend>, env: HashMap<String, String>) -> Self {
        Self {
            backend,
            env: Arc::new(move |name| env.get(name).cloned()),
        }
    }

    pub fn backend(&self) -> &Arc<dyn SecretBackend> {
        &self.backend
    }

    /// The credential's JSON for a run of this purpose.
    pub fn resolve(&self, id: &str, purpose: Purpose) -> Result<Sensitive<Value>, SecretError> {
        let var = env_var_name(id);
        let mut places: Vec<(String, Option<String>)> = Vec::new();
        if purpose == Purpose::Test {
            let test_var = format!("{var}_TEST");
            places.push((
                format!("environment variable {test_var}"),
                (self.env)(&test_var),
            ));
        }
        places.push((format!("environment variable {var}"), (self.env)(&var)));
        for (where_, value) in places {
            if let Some(text) = value {
                return parse(id, &where_, &text);
            }
        }
        let mut accounts = Vec::new();
        if purpose == Purpose::Test {
            accounts.push(account(id, Purpose::Test));
        }
        accounts.push(account(id, Purpose::Production));
        for name in accounts {
            let found = self
                .backend
                .get(&name)
                .map_err(|message| SecretError::Backend {
                    id: id.to_owned(),
                    message,
                })?;
            if let Some(text) = found {
                return parse(id, &format!("keychain account {name}"), &text);
            }
        }
        Err(SecretError::Missing {
            id: id.to_owned(),
            var,
        })
    }

    /// Stores a credential's JSON in the keychain.
    pub fn store(
        &self,
        id: &str,
        purpose: Purpose,
        credential: &Sensitive<Value>,
    ) -> Result<(), SecretError> {
        let text =
            serde_json::to_string(credential.expose()).map_err(|e| SecretError::Malformed {
                id: id.to_owned(),
                where_: "the value to store".into(),
                reason: e.to_string(),
            })?;
        self.backend
            .set(&account(id, purpose), &text)
            .map_err(|message| SecretError::Backend {
                id: id.to_owned(),
                message,
            })
    }

    /// Removes both secrets of a credential; true when there was one.
    pub fn remove(&self, id: &str) -> Result<bool, SecretError> {
        let mut removed = false;
        for purpose in [Purpose::Production, Purpose::Test] {
            removed |= self
                .backend
                .delete(&account(id, purpose))
                .map_err(|message| SecretError::Backend {
                    id: id.to_owned(),
                    message,
                })?;
        }
        Ok(removed)
    }
}

fn parse(id: &str, where_: &str, text: &str) -> Result<Sensitive<Value>, SecretError> {
    let malformed = |reason: String| SecretError::Malformed {
        id: id.to_owned(),
        where_: where_.to_owned(),
        reason,
    };
    // The parse error of serde_json quotes no input, so it cannot leak the secret.
    let value: Value = serde_json::from_str(text)
        .map_err(|e| malformed(format!("line {} column {}", e.line(), e.column())))?;
    if value.get("type").and_then(Value::as_str).is_none() {
        return Err(malformed("it has no \"type\" field".into()));
    }
    Ok(Sensitive::new(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InMemory;
    use serde_json::json;

    fn vault(env: &[(&str, &str)]) -> Vault {
        let env = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Vault::with(Arc::new(InMemory::default()), env)
    }

    #[test]
    fn env_var_names_follow_the_spec() {
        assert_eq!(
            env_var_name("hubspot-main"),
            "SWITCHYARD_CREDENTIAL_HUBSPOT_MAIN"
        );
        assert_eq!(env_var_name("a.b_c9"), "SWITCHYARD_CREDENTIAL_A_B_C9");
    }

    #[test]
    fn environment_first_then_keychain_and_test_secrets_only_in_test_runs() {
        let v = vault(&[]);
        let prod = Sensitive::new(json!({ "type": "hubspot.private_app", "token": "prod" }));
        let test = Sensitive::new(json!({ "type": "hubspot.private_app", "token": "test" }));
        v.store("hs", Purpose::Production, &prod).unwrap();
        assert_eq!(
            v.resolve("hs", Purpose::Test).unwrap().expose()["token"],
            "prod"
        );
        v.store("hs", Purpose::Test, &test).unwrap();
        assert_eq!(
            v.resolve("hs", Purpose::Test).unwrap().expose()["token"],
            "test"
        );
        assert_eq!(
            v.resolve("hs", Purpose::Production).unwrap().expose()["token"],
            "prod"
        );

        let env = vault(&[
            ("SWITCHYARD_CREDENTIAL_HS", r#"{"type":"x","token":"env"}"#),
            (
                "SWITCHYARD_CREDENTIAL_HS_TEST",
                r#"{"type":"x","token":"env-test"}"#,
            ),
        ]);
        assert_eq!(
            env.resolve("hs", Purpose::Test).unwrap().expose()["token"],
            "env-test"
        );
        assert_eq!(
            env.resolve("hs", Purpose::Production).unwrap().expose()["token"],
            "env"
        );
    }

    #[test]
    fn errors_say_what_to_do_and_never_show_the_secret() {
        let missing = vault(&[])
            .resolve("hs", Purpose::Production)
            .unwrap_err()
            .to_string();
        assert!(
            missing.contains("switchyard credentials add hs")
                && missing.contains("SWITCHYARD_CREDENTIAL_HS")
        );
        let bad = vault(&[("SWITCHYARD_CREDENTIAL_HS", "{\"token\": \"pat-secret-1\"")]);
        let message = bad
            .resolve("hs", Purpose::Production)
            .unwrap_err()
            .to_string();
        assert!(!message.contains("pat-secret-1"), "{message}");
    }

    #[test]
    fn long_tokens_are_kept_intact() {
        let v = vault(&[]);
        let token = "x".repeat(4096);
        v.store(
            "big",
            Purpose::Production,
            &Sensitive::new(json!({ "type": "t", "token": token })),
        )
        .unwrap();
        assert_eq!(
            v.resolve("big", Purpose::Production).unwrap().expose()["token"]
                .as_str()
                .map(str::len),
            Some(4096)
        );
    }
}
