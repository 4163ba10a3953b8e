//! Opening: fresh files, migrations, refusals, locks, paths.

use crate::common::{open, options, raw, temp_db};
use std::time::Duration;
use switchyard_store::{HistoryStore, SCHEMA_VERSION, StoreError, StoreOptions};

#[test]
fn a_fresh_file_gets_the_schema_in_wal_mode() {
    let db = temp_db();
    assert!(!db.path.exists());
    drop(open(&db));
    assert!(db.path.exists(), "the file and its folders are created");
    let conn = raw(&db);
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'node_search_%' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables.sort();
    for table in ["documents", "exchanges", "node_runs", "node_search", "runs"] {
        assert!(tables.iter().any(|t| t == table), "{table} in {tables:?}");
    }
    drop(conn);
    // Opening again changes nothing and works.
    let store = open(&db);
    assert!(store.list_runs(&Default::default()).unwrap().is_empty());
}

#[test]
fn a_newer_database_is_refused_and_left_unchanged() {
    let db = temp_db();
    drop(open(&db));
    raw(&db)
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let before = std::fs::read(&db.path).unwrap();
    let error = HistoryStore::open(&db.path, options()).unwrap_err();
    assert!(matches!(error, StoreError::TooNew { found, .. } if found == SCHEMA_VERSION + 1));
    let message = error.to_string();
    assert!(
        message.contains(&db.path.display().to_string()),
        "{message}"
    );
    assert!(message.contains("newer Switchyard"), "{message}");
    assert!(message.contains("left unchanged"), "{message}");
    assert_eq!(
        std::fs::read(&db.path).unwrap(),
        before,
        "the file was modified"
    );
}

#[test]
fn a_corrupt_file_is_named_and_left_alone() {
    let db = temp_db();
    std::fs::create_dir_all(db.path.parent().unwrap()).unwrap();
    // Deterministic "random" bytes.
    let mut x: u32 = 0x1234_5678;
    let junk: Vec<u8> = (0..8192)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    std::fs::write(&db.path, &junk).unwrap();
    let error = HistoryStore::open(&db.path, options()).unwrap_err();
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains(&db.path.display().to_string()),
        "{message}"
    );
    assert!(message.contains("move it aside"), "{message}");
    assert_eq!(std::fs::read(&db.path).unwrap(), junk);
}

#[test]
fn another_programs_database_is_refused() {
    let db = temp_db();
    std::fs::create_dir_all(db.path.parent().unwrap()).unwrap();
    raw(&db)
        .execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        .unwrap();
    let error = HistoryStore::open(&db.path, options()).unwrap_err();
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error:?}");
    assert!(error.to_string().contains("another program"), "{error}");
}

#[test]
fn a_database_locked_too_long_gives_a_clear_error() {
    let db = temp_db();
    drop(open(&db));
    let holder = raw(&db);
    holder
        .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; DELETE FROM documents;")
        .unwrap();
    let error = HistoryStore::open(
        &db.path,
        StoreOptions {
            busy_timeout: Duration::from_millis(200),
            ..options()
        },
    )
    .unwrap_err();
    assert!(matches!(error, StoreError::Busy { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains(&db.path.display().to_string()),
        "{message}"
    );
    assert!(message.contains("locked"), "{message}");
    holder.execute_batch("COMMIT").unwrap();
}

#[test]
fn the_db_flag_wins_and_the_default_is_per_user() {
    let flag = std::path::PathBuf::from("/tmp/x/history.db");
    assert_eq!(switchyard_store::resolve_db_path(Some(flag.clone())), flag);
    let default = switchyard_store::default_db_path();
    assert!(default.ends_with("switchyard/history.db"), "{default:?}");
}

#[test]
fn the_environment_variable_overrides_the_default() {
    let out = crate::child::run_child("print-db-path", &[("SWITCHYARD_DB", "/tmp/from-env.db")]);
    assert!(out.contains("DB_PATH=/tmp/from-env.db"), "{out}");
    let out = crate::child::run_child("print-db-path", &[("SWITCHYARD_DB", "")]);
    assert!(out.contains("switchyard/history.db"), "{out}");
}

#[test]
fn an_older_database_is_upgraded_in_place_keeping_its_runs() {
    // A database as version 1 of Switchyard left it, with one finished run.
    let db = temp_db();
    std::fs::create_dir_all(db.path.parent().unwrap()).unwrap();
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute_batch(include_str!("fixtures/schema_v1.sql"))
        .unwrap();
    conn.execute_batch(
        "PRAGMA application_id = 1398233416; PRAGMA user_version = 1;
         INSERT INTO documents (hash, text) VALUES ('h1', '{}');
         INSERT INTO runs (id, workflow_id, document_hash, mode, trigger, status, started_at_ms,
                           finished_at_ms, duration_ms)
         VALUES ('old-run', 'wf', 'h1', 'test', 'trigger.manual', 'succeeded', 1000, 2000, 1000.0);",
    )
    .unwrap();
    drop(conn);

    let store = open(&db);
    let version: i64 = raw(&db)
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let run = store
        .get_run("old-run")
        .unwrap()
        .expect("the old run is still there");
    assert_eq!(run.source_path, None);
    assert_eq!(run.report.status, switchyard_engine::RunStatus::Succeeded);
    assert_eq!(run.document_text, "{}");
}
