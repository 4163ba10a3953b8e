//! The schema, as embedded, numbered migrations. `PRAGMA user_version` holds the number of the
//! last one applied; a file with a higher number than this build knows is refused, untouched.

use crate::error::{DbFile, Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};

/// Marks a file as a Switchyard history database (`PRAGMA application_id`, "SWYH").
pub(crate) const APPLICATION_ID: i64 = 0x5357_5948;

/// Migration *n* (from 1) is `MIGRATIONS[n - 1]`. Append new ones; never edit an applied one.
const MIGRATIONS: &[&str] = &[
    // 1: documents, runs, node runs with full-text search over their outputs and errors, and
    // recorded HTTP exchanges.
    r#"
    -- Workflow documents, stored once per distinct text (sha256 of the exact bytes, hex).
    CREATE TABLE documents (
        hash TEXT PRIMARY KEY NOT NULL,
        text TEXT NOT NULL
    );

    CREATE TABLE runs (
        id             TEXT PRIMARY KEY NOT NULL,
        workflow_id    TEXT NOT NULL,
        document_hash  TEXT NOT NULL REFERENCES documents (hash),
        mode           TEXT NOT NULL,              -- test | production
        trigger        TEXT NOT NULL,              -- the trigger node's type
        status         TEXT NOT NULL,              -- running | succeeded | failed | cancelled | interrupted
        dry_run        INTEGER NOT NULL DEFAULT 0,
        started_at_ms  INTEGER NOT NULL,           -- Unix milliseconds
        finished_at_ms INTEGER,
        duration_ms    REAL,
        error          TEXT,                       -- JSON {node, kind, message}
        response       TEXT,                       -- JSON webhook response
        origin_run_id  TEXT,                       -- the run this one re-runs (no foreign key: it may be pruned)
        trigger_items  TEXT,                       -- JSON array
        owner_pid      INTEGER,                    -- the process recording the run ...
        owner_start    INTEGER                     -- ... and its start time, so a reused pid is not taken for it
    );
    -- history list (per workflow / all / per status), newest first; latest run; retention
    CREATE INDEX runs_by_workflow ON runs (workflow_id, started_at_ms, id);
    CREATE INDEX runs_by_start    ON runs (started_at_ms, id);
    CREATE INDEX runs_by_status   ON runs (status, started_at_ms, id);
    -- finding documents no run uses any more
    CREATE INDEX runs_by_document ON runs (document_hash);

    CREATE TABLE node_runs (
        id            INTEGER PRIMARY KEY,         -- the full-text index's rowid
        run_id        TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq           INTEGER NOT NULL,            -- order in which the nodes finished
        node_id       TEXT NOT NULL,
        node_type     TEXT NOT NULL,
        status        TEXT NOT NULL,
        attempts      INTEGER NOT NULL,
        attempt_log   TEXT,                        -- JSON array of attempts, when any failed
        started_at_ms INTEGER,
        duration_ms   REAL NOT NULL,
        inputs        TEXT NOT NULL,               -- JSON array (input port) of arrays (items)
        outputs       TEXT NOT NULL,               -- JSON object: port -> items
        error         TEXT,                        -- JSON {message, kind, status?, details?}
        item_errors   INTEGER NOT NULL DEFAULT 0,
        truncated     TEXT,                        -- JSON {inputs?, outputs?: {original_bytes, kept_items, total_items}}
        UNIQUE (run_id, seq)
    );

    -- Full-text search over what nodes emitted and how they failed. Every item a node receives
    -- is some node's output in the same run, so inputs are not indexed twice. External content:
    -- the text lives once, in node_runs; node_runs rows are never updated.
    CREATE VIRTUAL TABLE node_search USING fts5 (
        outputs, error,
        content = 'node_runs', content_rowid = 'id'
    );
    CREATE TRIGGER node_runs_search_insert AFTER INSERT ON node_runs BEGIN
        INSERT INTO node_search (rowid, outputs, error) VALUES (new.id, new.outputs, new.error);
    END;
    CREATE TRIGGER node_runs_search_delete AFTER DELETE ON node_runs BEGIN
        INSERT INTO node_search (node_search, rowid, outputs, error)
        VALUES ('delete', old.id, old.outputs, old.error);
    END;

    -- HTTP exchanges made by connector nodes (secrets masked), for replaying a run.
    CREATE TABLE exchanges (
        id             INTEGER PRIMARY KEY,
        run_id         TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        node_id        TEXT NOT NULL,
        seq            INTEGER NOT NULL,
        recorded_at_ms INTEGER NOT NULL,
        request        TEXT NOT NULL,
        response       TEXT NOT NULL,
        UNIQUE (run_id, seq)
    );
    "#,
    // 2: where the workflow file was read from, so a re-run can take its current version.
    r#"
    ALTER TABLE runs ADD COLUMN source_path TEXT;
    "#,
    // 3: the always-on host (`switchyard serve`): the durable inbox of trigger events, dedupe
    // keys, per-trigger state (a schedule's last fire, a poller's cursor) and the host's status.
    r#"
    -- Every event a trigger accepted, written before it is answered. A row stays `pending`
    -- until its run is recorded finished (then `done`, and its item is cleared); a duplicate
    -- (same dedupe key within the window) is `skipped` and never runs.
    CREATE TABLE inbox (
        id             INTEGER PRIMARY KEY,
        workflow_id    TEXT NOT NULL,
        trigger        TEXT NOT NULL,              -- the trigger node's type
        received_at_ms INTEGER NOT NULL,
        run_id         TEXT NOT NULL,              -- the run (latest attempt) handling the event
        status         TEXT NOT NULL,              -- pending | done | skipped
        item           TEXT,                       -- JSON trigger item, kept while pending
        dedupe_key     TEXT,
        done_at_ms     INTEGER
    );
    CREATE INDEX inbox_pending     ON inbox (workflow_id, id) WHERE status = 'pending';
    CREATE INDEX inbox_by_received ON inbox (received_at_ms);

    -- The last time each dedupe key of a workflow was accepted.
    CREATE TABLE dedupe_keys (
        workflow_id TEXT NOT NULL,
        key         TEXT NOT NULL,
        seen_at_ms  INTEGER NOT NULL,
        PRIMARY KEY (workflow_id, key)
    ) WITHOUT ROWID;
    CREATE INDEX dedupe_by_seen ON dedupe_keys (seen_at_ms);

    -- What a trigger keeps between runs of the host, by workflow and name (JSON values).
    CREATE TABLE trigger_state (
        workflow_id   TEXT NOT NULL,
        name          TEXT NOT NULL,
        value         TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        PRIMARY KEY (workflow_id, name)
    ) WITHOUT ROWID;

    -- The status record of the host process that serves from this database (one row).
    CREATE TABLE host_status (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        pid           INTEGER NOT NULL,
        pid_start     INTEGER,
        started_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        stopped_at_ms INTEGER,
        listen        TEXT,
        state         TEXT NOT NULL                -- JSON: workflows, triggers, counters
    );
    "#,
    // 4: credentials: their metadata (never a secret; the secrets live in the OS keychain) and
    // their usage per UTC day (`switchyard credentials`, `switchyard usage`).
    r#"
    CREATE TABLE credentials (
        id             TEXT PRIMARY KEY NOT NULL,
        type           TEXT NOT NULL,
        label          TEXT,
        has_production INTEGER NOT NULL DEFAULT 0, -- a production secret is stored
        has_test       INTEGER NOT NULL DEFAULT 0, -- a test-run secret is stored
        fields         TEXT NOT NULL DEFAULT '{}', -- JSON {env: {non-secret field: value}}
        created_at_ms  INTEGER NOT NULL,
        updated_at_ms  INTEGER NOT NULL
    );

    -- Per credential per UTC day: answers, errors (4xx/5xx but 429), 429s, and the latest
    -- rate-limit figures the service announced.
    CREATE TABLE credential_usage (
        credential_id      TEXT NOT NULL,
        day                TEXT NOT NULL,          -- YYYY-MM-DD, UTC
        requests           INTEGER NOT NULL DEFAULT 0,
        errors             INTEGER NOT NULL DEFAULT 0,
        rate_limited       INTEGER NOT NULL DEFAULT 0,
        daily_limit        INTEGER,
        daily_remaining    INTEGER,
        interval_ms        INTEGER,
        interval_max       INTEGER,
        interval_remaining INTEGER,
        updated_at_ms      INTEGER NOT NULL,
        PRIMARY KEY (credential_id, day)
    ) WITHOUT ROWID;
    CREATE INDEX credential_usage_by_day ON credential_usage (day);
    "#,
    // The writer indexes each batch's node runs for full-text search in one statement (see
    // `writer::index_batch`): a trigger indexed them one statement at a time, and FTS5 writes
    // its pending terms out as a new segment at every statement, so segments piled up and were
    // merged all the time.
    r#"
    DROP TRIGGER node_runs_search_insert;
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// What the file's header says, read without changing anything.
pub(crate) struct Header {
    pub user_version: i64,
}

/// Reads the header and refuses files this build must not touch: another program's database,
/// or a newer Switchyard's.
pub(crate) fn check(conn: &Connection, file: &DbFile) -> Result<Header> {
    let read = file.fail("read the database header");
    let user_version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(&read)?;
    let application_id: i64 = conn
        .pragma_query_value(None, "application_id", |row| row.get(0))
        .map_err(&read)?;
    if application_id != 0 && application_id != APPLICATION_ID {
        return Err(StoreError::Corrupt {
            path: file.path.clone(),
            detail: format!(
                "it is another program's SQLite database (application id {application_id:#x})"
            ),
        });
    }
    if user_version == 0 {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
            .map_err(&read)?;
        if tables > 0 {
            return Err(StoreError::Corrupt {
                path: file.path.clone(),
                detail: "it is an SQLite database with tables of another program".into(),
            });
        }
    }
    if user_version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: file.path.clone(),
            found: user_version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(Header { user_version })
}

/// Applies the migrations the file lacks, all in one transaction (another process may be
/// migrating the same file at the same moment: the version is read again under the write lock).
pub(crate) fn migrate(conn: &mut Connection, file: &DbFile, header: &Header) -> Result<()> {
    if header.user_version == SCHEMA_VERSION {
        return Ok(());
    }
    let fail = file.fail("upgrade the database schema");
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(&fail)?;
    let current: i64 = tx
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(&fail)?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: file.path.clone(),
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        if version > current {
            tx.execute_batch(sql).map_err(&fail)?;
        }
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(&fail)?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)
        .map_err(&fail)?;
    tx.commit().map_err(&fail)
}
