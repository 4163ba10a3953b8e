//! The store's writer thread: the only place that writes run history, on its own connection.
//! It drains whatever is queued and writes it in one transaction (one savepoint per write, so a
//! bad write loses only itself), answers flushes once everything before them is committed, and
//! prunes old runs when it is idle.

use crate::error::{DbFile, Result, StoreError};
use crate::retention::{self, AutoPrune, PRUNE_CHUNK, PruneStats, Retention};
use crate::rows::{self, Write};
use crate::run_outputs::RunOutputs;
use rusqlite::{Connection, ErrorCode, TransactionBehavior};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use switchyard_engine::Timestamp;

/// At most this many writes go in one transaction.
const MAX_BATCH: usize = 4096;
/// How long writes wait for more to share their transaction. Every commit rewrites the pages it
/// touched (the tables' and indexes' last pages, the full-text index) into the WAL, and a run's
/// events arrive over a few milliseconds: committing each as it came wrote tens of kilobytes per
/// run. A flush (a caller waiting for its run) commits at once, and what a crash can lose in
/// this window is re-run from the webhook inbox.
const COMMIT_WINDOW: Duration = Duration::from_millis(20);
/// The WAL is checkpointed once it holds this many pages.
const WAL_CHECKPOINT_PAGES: i64 = 8000;
/// What is kept of the WAL file after a checkpoint, in bytes.
const WAL_KEPT_BYTES: i64 = 16 * 1024 * 1024;
/// A batch that meets a locked database is tried this many times in all.
const BATCH_TRIES: usize = 3;
/// At most this many failure messages are kept until the next flush.
const MAX_KEPT_ERRORS: usize = 20;

enum Message {
    Write(Write),
    Flush(Sender<Result<()>>),
    /// Answer once what was queued before is committed, without hurrying the commit.
    Committed(Sender<Result<()>>),
    /// Prune now; with `keep` set, the periodic prune keeps to this retention from now on.
    Prune {
        retention: Retention,
        keep: bool,
        reply: Sender<Result<PruneStats>>,
    },
    Shutdown,
}

/// What the writer thread needs to know besides its connection.
pub(crate) struct WriterSettings {
    pub max_payload_bytes: usize,
    pub auto_prune: Option<AutoPrune>,
}

/// The handle on the writer thread, shared by the store and its recorders; the thread stops
/// (after writing everything queued) when the last handle is dropped.
pub(crate) struct Writer {
    tx: Sender<Message>,
    thread: Mutex<Option<JoinHandle<()>>>,
    /// The writer thread, to wake it when a caller waits (a flush, a prune, the end).
    waker: std::thread::Thread,
    file: DbFile,
}

impl Writer {
    /// Starts the thread.
    pub fn spawn(conn: Connection, file: DbFile, settings: WriterSettings) -> Result<Writer> {
        // The writer's connection checkpoints the WAL (the others leave it to this one). Every
        // commit appends the pages it touched, and the busiest ones (the inbox's, the tables'
        // last pages) again and again; a checkpoint copies each page once, whatever the number
        // of its versions. Checkpointing every 8,000 pages (32 MiB) instead of SQLite's 1,000
        // copies far fewer pages per run; the WAL file is cut back to 16 MiB afterwards.
        conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)
            .map_err(file.fail("configure the connection"))?;
        conn.pragma_update(None, "journal_size_limit", WAL_KEPT_BYTES)
            .map_err(file.fail("configure the connection"))?;
        let (tx, rx) = mpsc::channel();
        let state = WriterThread {
            conn,
            file: file.clone(),
            max_payload_bytes: settings.max_payload_bytes,
            next_prune: settings.auto_prune.map(|_| Instant::now()),
            auto_prune: settings.auto_prune,
            pending: Vec::new(),
            run_outputs: RunOutputs::default(),
            waiting: Vec::new(),
            errors: Vec::new(),
            dropped_errors: 0,
        };
        let thread = std::thread::Builder::new()
            .name("switchyard-history-writer".into())
            .spawn(move || state.run(rx))
            .map_err(|_| StoreError::WriterStopped {
                path: file.path.clone(),
            })?;
        Ok(Writer {
            tx,
            waker: thread.thread().clone(),
            thread: Mutex::new(Some(thread)),
            file,
        })
    }

    /// Queues a write; never blocks.
    pub fn write(&self, write: Write) {
        if self.tx.send(Message::Write(write)).is_err() {
            tracing::error!(path = %self.file.path.display(), "the history writer has stopped; a run event was not recorded");
        }
    }

    fn stopped(&self) -> StoreError {
        StoreError::WriterStopped {
            path: self.file.path.clone(),
        }
    }

    /// Waits until everything queued before this call is committed; reports the writes that
    /// failed since the last flush.
    pub fn flush(&self) -> Result<()> {
        let (reply, answer) = mpsc::channel();
        self.tx
            .send(Message::Flush(reply))
            .map_err(|_| self.stopped())?;
        self.waker.unpark();
        answer.recv().map_err(|_| self.stopped())?
    }

    /// Waits until everything queued before this call is committed, like [`Writer::flush`],
    /// but lets the writer commit when it would anyway (at the end of its commit window), so
    /// that callers in a hurry to learn, not to commit, cost no extra transaction.
    pub fn committed(&self) -> Result<()> {
        let (reply, answer) = mpsc::channel();
        self.tx
            .send(Message::Committed(reply))
            .map_err(|_| self.stopped())?;
        answer.recv().map_err(|_| self.stopped())?
    }

    /// Prunes on the writer thread (after everything queued before) and waits for the result.
    /// With `keep`, the periodic prune (if any) uses `retention` from now on.
    pub fn prune(&self, retention: Retention, keep: bool) -> Result<PruneStats> {
        let (reply, answer) = mpsc::channel();
        self.tx
            .send(Message::Prune {
                retention,
                keep,
                reply,
            })
            .map_err(|_| self.stopped())?;
        self.waker.unpark();
        answer.recv().map_err(|_| self.stopped())?
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.tx.send(Message::Shutdown);
        self.waker.unpark();
        let thread = match self.thread.lock() {
            Ok(mut slot) => slot.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(thread) = thread
            && thread.join().is_err()
        {
            tracing::error!(path = %self.file.path.display(), "the history writer thread panicked");
        }
    }
}

struct WriterThread {
    conn: Connection,
    file: DbFile,
    max_payload_bytes: usize,
    auto_prune: Option<AutoPrune>,
    next_prune: Option<Instant>,
    pending: Vec<Write>,
    /// The running runs' outputs, for storing inputs by reference.
    run_outputs: RunOutputs,
    /// Callers of [`Writer::committed`] waiting for the pending batch's commit.
    waiting: Vec<Sender<Result<()>>>,
    errors: Vec<String>,
    dropped_errors: usize,
}

impl WriterThread {
    fn run(mut self, rx: Receiver<Message>) {
        loop {
            let first = match self.next_prune {
                None => match rx.recv() {
                    Ok(message) => message,
                    Err(_) => break,
                },
                Some(due) => match rx.recv_timeout(due.saturating_duration_since(Instant::now())) {
                    Ok(message) => message,
                    Err(RecvTimeoutError::Timeout) => {
                        self.auto_prune_step();
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                },
            };
            let mut stop = self.handle(first);
            // Gather the window's writes. Between looks the thread sleeps rather than waiting
            // on the channel, so a write does not wake it (a run's events would, one by one);
            // a caller that waits (flush, prune, the end) does.
            let window_ends = Instant::now() + COMMIT_WINDOW;
            while !stop && !self.pending.is_empty() && self.pending.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(message) => {
                        stop = self.handle(message);
                        continue;
                    }
                    Err(TryRecvError::Empty) => {}
                    Err(TryRecvError::Disconnected) => break,
                }
                let left = window_ends.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                std::thread::park_timeout(left);
            }
            self.commit_pending();
            if stop {
                break;
            }
        }
        self.commit_pending();
    }

    /// Takes one message; returns whether the thread should stop.
    fn handle(&mut self, message: Message) -> bool {
        match message {
            Message::Write(write) => {
                self.pending.push(write);
                false
            }
            Message::Flush(reply) => {
                self.commit_pending();
                let _ = reply.send(self.take_errors());
                false
            }
            Message::Committed(reply) => {
                if self.pending.is_empty() {
                    let _ = reply.send(self.take_errors());
                } else {
                    self.waiting.push(reply);
                }
                false
            }
            Message::Prune {
                retention,
                keep,
                reply,
            } => {
                if keep && let Some(auto) = &mut self.auto_prune {
                    auto.retention = retention;
                }
                self.commit_pending();
                let now = Timestamp::now().unix_millis();
                let result = retention::prune(&mut self.conn, &retention, now)
                    .map_err(self.file.fail("delete old runs"));
                let _ = reply.send(result);
                false
            }
            Message::Shutdown => true,
        }
    }

    fn commit_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        for attempt in 1..=BATCH_TRIES {
            match self.write_batch() {
                Ok(failures) => {
                    for failure in failures {
                        self.note_error(failure);
                    }
                    break;
                }
                Err(error) => {
                    let busy = matches!(
                        error.sqlite_error_code(),
                        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                    );
                    if busy && attempt < BATCH_TRIES {
                        continue;
                    }
                    let error = StoreError::sqlite(
                        &self.file.path,
                        "record run events",
                        self.file.busy_timeout,
                        error,
                    );
                    self.note_error(format!("{} events lost: {error}", self.pending.len()));
                    break;
                }
            }
        }
        self.pending.clear();
        if !self.waiting.is_empty() {
            let messages = self.take_error_messages();
            for reply in std::mem::take(&mut self.waiting) {
                let _ = reply.send(self.outcome(messages.clone()));
            }
        }
    }

    /// Writes the pending batch in one transaction; returns the writes that failed on their own.
    ///
    /// No savepoint per write: each write is one statement (plus, for a run's start, the
    /// content-addressed document row, harmless to keep alone), and SQLite undoes a failed
    /// statement by itself while the transaction goes on. Savepoints cost a lot here: releasing
    /// one makes the full-text index flush its pending terms as a new segment, so a savepoint
    /// per write meant a segment per node run and constant segment merging.
    fn write_batch(&mut self) -> rusqlite::Result<Vec<String>> {
        let mut failures = Vec::new();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let indexed_up_to: i64 =
            tx.query_row("SELECT coalesce(max(id), 0) FROM node_runs", [], |row| {
                row.get(0)
            })?;
        for write in &self.pending {
            if let Err(failure) =
                rows::apply(&tx, write, self.max_payload_bytes, &mut self.run_outputs)
            {
                failures.push(failure.to_string());
            }
        }
        index_batch(&tx, indexed_up_to)?;
        tx.commit()?;
        Ok(failures)
    }

    fn auto_prune_step(&mut self) {
        let Some(auto) = self.auto_prune else {
            self.next_prune = None;
            return;
        };
        let now = Timestamp::now().unix_millis();
        match retention::prune_step(&mut self.conn, &auto.retention, now, PRUNE_CHUNK) {
            // More may be due: go on as soon as the queue is empty again.
            Ok(stats) if stats.runs_deleted > 0 => self.next_prune = Some(Instant::now()),
            Ok(_) => self.next_prune = Some(Instant::now() + auto.every),
            Err(error) => {
                tracing::warn!(path = %self.file.path.display(), %error, "pruning old runs failed; will try again later");
                self.next_prune = Some(Instant::now() + auto.every);
            }
        }
    }

    fn note_error(&mut self, message: String) {
        tracing::error!(path = %self.file.path.display(), "{message}");
        if self.errors.len() < MAX_KEPT_ERRORS {
            self.errors.push(message);
        } else {
            self.dropped_errors += 1;
        }
    }

    fn take_errors(&mut self) -> Result<()> {
        let messages = self.take_error_messages();
        self.outcome(messages)
    }

    /// The failures noted since the last report, in one sentence.
    fn take_error_messages(&mut self) -> Option<String> {
        if self.errors.is_empty() {
            return None;
        }
        let mut messages = std::mem::take(&mut self.errors).join("; ");
        if self.dropped_errors > 0 {
            messages.push_str(&format!("; and {} more", self.dropped_errors));
            self.dropped_errors = 0;
        }
        Some(messages)
    }

    fn outcome(&self, messages: Option<String>) -> Result<()> {
        match messages {
            None => Ok(()),
            Some(messages) => Err(StoreError::Write {
                path: self.file.path.clone(),
                messages,
            }),
        }
    }
}

/// Adds the node runs written after row `indexed_up_to` to the full-text index, in one
/// statement: FTS5 turns each statement's new terms into one segment.
fn index_batch(conn: &rusqlite::Connection, indexed_up_to: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO node_search (rowid, outputs, error) \
         SELECT id, outputs, error FROM node_runs WHERE id > ?1",
    )?
    .execute([indexed_up_to])?;
    Ok(())
}
