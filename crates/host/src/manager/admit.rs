//! Group commit of incoming events. Webhook handlers hand their events to one thread that
//! stores whatever has arrived meanwhile in one inbox transaction and queues the runs, then
//! answers each handler. Under load many events share one write to disk; a lone event waits
//! for nothing. Handlers await the answer instead of holding a blocking thread each.

use super::types::{FireError, Fired};
use super::{Inner, RunManager};
use crate::workflow::LoadedWorkflow;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, Weak};
use switchyard_store::{NewEvent, StoreError};
use tokio::sync::oneshot;

/// At most this many events in one transaction.
const MAX_BATCH: usize = 256;

struct Request {
    workflow: Arc<LoadedWorkflow>,
    event: NewEvent,
    reply: oneshot::Sender<Result<Fired, FireError>>,
    /// The runtime the handler runs on: the run is spawned there.
    runtime: tokio::runtime::Handle,
}

/// The handle on the thread; the thread ends when the manager is gone.
pub(super) struct Admitter {
    tx: Mutex<Sender<Request>>,
}

impl Admitter {
    pub fn spawn(manager: Weak<Inner>) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("switchyard-inbox-admit".into())
            .spawn(move || run(&rx, &manager))?;
        Ok(Self { tx: Mutex::new(tx) })
    }

    /// An admitter whose thread could not start: it refuses every event.
    pub fn stopped() -> Self {
        let (tx, _) = mpsc::channel();
        Self { tx: Mutex::new(tx) }
    }

    /// Stores `event` and queues its run; the answer comes once it is durable.
    pub async fn admit(
        &self,
        workflow: Arc<LoadedWorkflow>,
        event: NewEvent,
    ) -> Result<Fired, FireError> {
        let (reply, answer) = oneshot::channel();
        let sent = self
            .tx
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .send(Request {
                workflow,
                event,
                reply,
                runtime: tokio::runtime::Handle::current(),
            });
        if sent.is_err() {
            return Err(FireError::Stopping);
        }
        answer.await.unwrap_or(Err(FireError::Stopping))
    }
}

fn run(rx: &Receiver<Request>, manager: &Weak<Inner>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(request) => batch.push(request),
                Err(_) => break,
            }
        }
        let Some(inner) = manager.upgrade() else {
            for request in batch {
                let _ = request.reply.send(Err(FireError::Stopping));
            }
            return;
        };
        RunManager { inner }.admit_batch(batch);
    }
}

impl RunManager {
    /// Stores the batch in one transaction and queues its runs (under the gate, as
    /// [`RunManager::fire`] does), then answers each request.
    fn admit_batch(&self, batch: Vec<Request>) {
        let Some(runtime) = batch.first().map(|r| r.runtime.clone()) else {
            return;
        };
        let _entered = runtime.enter();
        let (requests, events): (Vec<_>, Vec<_>) = batch
            .into_iter()
            .map(|r| ((r.workflow, r.reply), r.event))
            .unzip();
        let _gate = self.inner.gate.read().unwrap_or_else(|p| p.into_inner());
        match self.inner.db.accept_all(&events) {
            Ok(admissions) => {
                for (((workflow, reply), event), admission) in
                    requests.into_iter().zip(events).zip(admissions)
                {
                    let _ = reply.send(Ok(self.admitted(&workflow, event, admission)));
                }
            }
            Err(error) => {
                tracing::error!(%error, events = events.len(), "incoming events could not be stored");
                let path = self.inner.db.path().to_path_buf();
                let messages = error.to_string();
                for (_, reply) in requests {
                    let _ = reply.send(Err(FireError::Store(StoreError::Write {
                        path: path.clone(),
                        messages: messages.clone(),
                    })));
                }
            }
        }
    }
}
