//! The done marker: a thread that marks inbox rows done once their runs are committed to
//! history. It takes whatever finished meanwhile as one batch: one history flush, one inbox
//! transaction, once the history writer has committed those runs (waiting for its next commit
//! rather than forcing one). Until then a row stays pending and in flight, so a crash in between re-runs
//! nothing twice (recovery asks history first) and loses nothing.

use std::collections::HashSet;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use switchyard_store::{HistoryStore, HostDb, StoreError};

/// At most this many rows in one batch.
const MAX_BATCH: usize = 2048;

enum Message {
    Done(i64),
    Stop(Sender<()>),
}

/// The handle on the thread.
pub(crate) struct DoneMarker {
    tx: Mutex<Sender<Message>>,
    thread: Mutex<Option<JoinHandle<()>>>,
    in_flight: Arc<Mutex<HashSet<i64>>>,
}

impl DoneMarker {
    pub fn spawn(history: Arc<HistoryStore>, db: Arc<HostDb>) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel();
        let in_flight = Arc::new(Mutex::new(HashSet::new()));
        let shared = Arc::clone(&in_flight);
        let thread = std::thread::Builder::new()
            .name("switchyard-inbox-done".into())
            .spawn(move || run(&rx, &history, &db, &shared))?;
        Ok(Self {
            tx: Mutex::new(tx),
            thread: Mutex::new(Some(thread)),
            in_flight,
        })
    }

    /// The set of inbox rows not yet marked done, shared with the pool.
    pub fn in_flight(&self) -> Arc<Mutex<HashSet<i64>>> {
        Arc::clone(&self.in_flight)
    }

    /// Queues a row whose run has finished.
    pub fn send(&self, inbox_id: i64) {
        let tx = self.tx.lock().unwrap_or_else(|p| p.into_inner());
        if tx.send(Message::Done(inbox_id)).is_err() {
            tracing::error!(
                inbox_id,
                "the inbox done marker has stopped; the event will be checked again on the next start"
            );
        }
    }

    /// Marks everything queued so far, then stops the thread. Blocks: call from a blocking
    /// context.
    pub fn stop(&self) {
        let (reply, answer) = mpsc::channel();
        let sent = {
            let tx = self.tx.lock().unwrap_or_else(|p| p.into_inner());
            tx.send(Message::Stop(reply)).is_ok()
        };
        if sent {
            let _ = answer.recv();
        }
        let thread = self.thread.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(thread) = thread
            && thread.join().is_err()
        {
            tracing::error!("the inbox done marker panicked");
        }
    }
}

fn run(
    rx: &Receiver<Message>,
    history: &HistoryStore,
    db: &HostDb,
    in_flight: &Mutex<HashSet<i64>>,
) {
    let mut batch = Vec::new();
    while let Ok(first) = rx.recv() {
        let mut stop = None;
        match first {
            Message::Done(id) => batch.push(id),
            Message::Stop(reply) => stop = Some(reply),
        }
        while stop.is_none() && batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(Message::Done(id)) => batch.push(id),
                Ok(Message::Stop(reply)) => stop = Some(reply),
                Err(_) => break,
            }
        }
        mark(history, db, in_flight, &mut batch);
        if let Some(reply) = stop {
            let _ = reply.send(());
            return;
        }
    }
}

fn mark(
    history: &HistoryStore,
    db: &HostDb,
    in_flight: &Mutex<HashSet<i64>>,
    batch: &mut Vec<i64>,
) {
    if batch.is_empty() {
        return;
    }
    match history.committed() {
        Ok(()) => {}
        Err(error @ StoreError::WriterStopped { .. }) => {
            // Nothing is being recorded: leave the rows pending; the next start checks them.
            tracing::error!(%error, events = batch.len(), "runs could not be recorded; their events stay in the inbox");
            batch.clear();
            return;
        }
        Err(error) => {
            tracing::error!(%error, "some run history was not recorded");
        }
    }
    match db.mark_done(batch) {
        Ok(()) => {
            let mut set = in_flight.lock().unwrap_or_else(|p| p.into_inner());
            for id in batch.iter() {
                set.remove(id);
            }
        }
        Err(error) => {
            tracing::error!(%error, events = batch.len(), "could not mark inbox events done; the next start checks them against history");
        }
    }
    batch.clear();
}
