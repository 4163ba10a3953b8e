//! Credential metadata: what `switchyard credentials list` shows. Only what is not secret is
//! kept here (id, type, label, when it was added, which environments have a secret, and the
//! non-secret fields such as `base_url` or `host`); the secrets themselves live in the OS
//! keychain. Written synchronously on the store's reading connection (rare, small writes).

use crate::error::Result;
use crate::store::HistoryStore;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::{Map, Value};
use switchyard_engine::Timestamp;

/// The environments a credential may hold a secret for.
pub const CREDENTIAL_ENVS: [&str; 2] = ["production", "test"];

/// One credential as `credentials list --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CredentialMeta {
    /// The id workflows name it by.
    pub id: String,
    /// `hubspot.private_app`, `smtp`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// A free-form label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// When it was first added.
    pub created_at: Timestamp,
    /// When it was last changed.
    pub updated_at: Timestamp,
    /// The environments with a secret: `production`, `test`.
    pub envs: Vec<String>,
    /// The non-secret fields, by environment (`{"production": {"base_url": …}}`).
    pub fields: Map<String, Value>,
}

/// What [`HistoryStore::save_credential_meta`] records for one environment's secret.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCredentialMeta<'a> {
    /// The credential's id.
    pub id: &'a str,
    /// Its type.
    pub kind: &'a str,
    /// A label (`None` keeps the one already stored).
    pub label: Option<&'a str>,
    /// `production` or `test`.
    pub env: &'a str,
    /// The non-secret fields of that environment's secret.
    pub fields: Map<String, Value>,
}

impl HistoryStore {
    /// Adds a credential, or records one more environment's secret for it (the type, the
    /// label if given, and that environment's non-secret fields replace what was stored).
    pub fn save_credential_meta(&self, meta: &NewCredentialMeta<'_>) -> Result<()> {
        let conn = self.conn();
        let fail = self.file().fail("save credential metadata");
        let now = Timestamp::now().unix_millis();
        let existing: Option<String> = conn
            .query_row(
                "SELECT fields FROM credentials WHERE id = ?1",
                [meta.id],
                |row| row.get(0),
            )
            .optional()
            .map_err(&fail)?;
        let mut fields = existing
            .and_then(|text| serde_json::from_str::<Map<String, Value>>(&text).ok())
            .unwrap_or_default();
        fields.insert(meta.env.to_owned(), Value::Object(meta.fields.clone()));
        let fields = Value::Object(fields).to_string();
        let test = meta.env == "test";
        conn.execute(
            "INSERT INTO credentials (id, type, label, has_production, has_test, fields, \
             created_at_ms, updated_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) \
             ON CONFLICT (id) DO UPDATE SET type = excluded.type, \
             label = coalesce(excluded.label, label), \
             has_production = max(has_production, excluded.has_production), \
             has_test = max(has_test, excluded.has_test), \
             fields = excluded.fields, updated_at_ms = excluded.updated_at_ms",
            params![meta.id, meta.kind, meta.label, !test, test, fields, now],
        )
        .map_err(&fail)?;
        Ok(())
    }

    /// Gives a credential another label (`None`: none); `false` when there is no such
    /// credential. The id, which workflows name, stays.
    pub fn set_credential_label(&self, id: &str, label: Option<&str>) -> Result<bool> {
        let conn = self.conn();
        let fail = self.file().fail("rename a credential");
        let changed = conn
            .execute(
                "UPDATE credentials SET label = ?2, updated_at_ms = ?3 WHERE id = ?1",
                params![id, label, Timestamp::now().unix_millis()],
            )
            .map_err(&fail)?;
        Ok(changed > 0)
    }

    /// Every credential, by id.
    pub fn list_credentials(&self) -> Result<Vec<CredentialMeta>> {
        let conn = self.conn();
        let fail = self.file().fail("list credentials");
        let mut statement = conn
            .prepare(
                "SELECT id, type, label, has_production, has_test, fields, created_at_ms, \
                 updated_at_ms FROM credentials ORDER BY id",
            )
            .map_err(&fail)?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, bool>(3)?,
                    row.get::<_, bool>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, i64>(6)?,
                    row.get::<_, i64>(7)?,
                ))
            })
            .map_err(&fail)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, label, production, test, fields, created, updated) =
                row.map_err(&fail)?;
            let time = |ms: i64| {
                Timestamp::from_unix_millis(ms)
                    .ok_or_else(|| self.file().bad_row(&id, "credential time", ms))
            };
            let mut envs = Vec::new();
            if production {
                envs.push("production".to_owned());
            }
            if test {
                envs.push("test".to_owned());
            }
            out.push(CredentialMeta {
                created_at: time(created)?,
                updated_at: time(updated)?,
                fields: serde_json::from_str(&fields)
                    .map_err(|e| self.file().bad_row(&id, "credential fields", e))?,
                id,
                kind,
                label,
                envs,
            });
        }
        Ok(out)
    }

    /// One credential's metadata, if known.
    pub fn credential_meta(&self, id: &str) -> Result<Option<CredentialMeta>> {
        Ok(self.list_credentials()?.into_iter().find(|c| c.id == id))
    }

    /// Forgets a credential (and its usage counters); true when it was known.
    pub fn remove_credential_meta(&self, id: &str) -> Result<bool> {
        let mut conn = self.conn();
        let fail = self.file().fail("remove credential metadata");
        let tx = conn.transaction().map_err(&fail)?;
        let removed = tx
            .execute("DELETE FROM credentials WHERE id = ?1", [id])
            .map_err(&fail)?;
        tx.execute(
            "DELETE FROM credential_usage WHERE credential_id = ?1",
            [id],
        )
        .map_err(&fail)?;
        tx.commit().map_err(&fail)?;
        Ok(removed > 0)
    }

    /// Renames a credential's metadata and usage counters (the caller moves the secrets);
    /// false when `from` is unknown. Fails when `to` is already taken.
    pub fn rename(&self, from: &str, to: &str) -> Result<bool> {
        let mut conn = self.conn();
        let fail = self.file().fail("rename a credential");
        let tx = conn.transaction().map_err(&fail)?;
        let renamed = tx
            .execute(
                "UPDATE credentials SET id = ?2, updated_at_ms = ?3 WHERE id = ?1",
                params![from, to, Timestamp::now().unix_millis()],
            )
            .map_err(&fail)?;
        if renamed > 0 {
            tx.execute(
                "UPDATE OR REPLACE credential_usage SET credential_id = ?2 WHERE credential_id = ?1",
                params![from, to],
            )
            .map_err(&fail)?;
        }
        tx.commit().map_err(&fail)?;
        Ok(renamed > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StoreOptions;
    use serde_json::json;

    fn meta<'a>(
        id: &'a str,
        env: &'a str,
        label: Option<&'a str>,
        fields: Value,
    ) -> NewCredentialMeta<'a> {
        NewCredentialMeta {
            id,
            kind: "smtp",
            label,
            env,
            fields: fields.as_object().cloned().unwrap_or_default(),
        }
    }

    #[test]
    fn save_list_rename_remove() {
        let dir = tempfile::tempdir().unwrap();
        let store = HistoryStore::open(dir.path().join("h.db"), StoreOptions::default()).unwrap();
        store
            .save_credential_meta(&meta(
                "mail",
                "production",
                Some("Mail"),
                json!({"host": "a"}),
            ))
            .unwrap();
        store
            .save_credential_meta(&meta("mail", "test", None, json!({"host": "b"})))
            .unwrap();
        let list = store.list_credentials().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].label.as_deref(), Some("Mail"));
        assert_eq!(list[0].envs, ["production", "test"]);
        assert_eq!(
            Value::Object(list[0].fields.clone()),
            json!({"production": {"host": "a"}, "test": {"host": "b"}})
        );
        assert!(store.rename("mail", "post").unwrap());
        assert!(!store.rename("mail", "x").unwrap());
        assert!(store.credential_meta("post").unwrap().is_some());
        assert!(store.remove_credential_meta("post").unwrap());
        assert!(!store.remove_credential_meta("post").unwrap());
        assert!(store.list_credentials().unwrap().is_empty());
    }
}
