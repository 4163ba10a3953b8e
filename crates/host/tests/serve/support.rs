//! A host serving a temp folder over loopback, with a real history file, and helpers to talk
//! to it and read what it recorded.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::HashMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use switchyard_host::{ServeConfig, Serving};
use switchyard_secrets::{InMemory, Vault};
use switchyard_store::{RunFilter, RunSummary};

/// The hmac credential every test host knows.
pub const SECRET_ID: &str = "hook-secret";
pub const SECRET: &str = "s3cret-value";

pub struct Host {
    pub serving: Option<Serving>,
    pub dir: tempfile::TempDir,
    pub base: String,
    pub db: PathBuf,
    client: reqwest::Client,
}

pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

/// A workflow document: `trigger` (a node) first, then `nodes` chained in order.
pub fn flow(id: &str, trigger: Value, nodes: Value) -> Value {
    let mut all = vec![trigger];
    all.extend(nodes.as_array().cloned().unwrap_or_default());
    let edges: Vec<Value> = all
        .windows(2)
        .map(|w| json!({ "from": w[0]["id"], "to": w[1]["id"] }))
        .collect();
    json!({ "schema": "switchyard/workflow@1", "id": id, "active": true, "nodes": all, "edges": edges })
}

/// A webhook trigger node.
pub fn webhook(path: &str, respond: &str) -> Value {
    json!({ "id": "hook", "type": "trigger.webhook", "params": { "path": path, "method": "POST", "respond": respond } })
}

pub fn write_flow(dir: &Path, name: &str, flow: &Value) {
    let text = serde_json::to_string_pretty(flow).expect("json");
    // Write beside and rename, as editors do, so the watcher never reads half a file.
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, text).expect("write");
    std::fs::rename(&tmp, dir.join(name)).expect("rename");
}

pub fn config(dir: &Path) -> ServeConfig {
    let mut config = ServeConfig::new(dir.join("flows"), dir.join("history.db"));
    config.listener.addr = "127.0.0.1:0".parse().expect("addr");
    config.debounce = Duration::from_millis(50);
    config.grace = Duration::from_secs(5);
    let env = HashMap::from([(
        switchyard_secrets::env_var_name(SECRET_ID),
        json!({ "type": "hmac", "secret": SECRET }).to_string(),
    )]);
    config.vault = Some(Vault::with(Arc::new(InMemory::default()), env));
    config
}

impl Host {
    /// Serves `flows` (file name, document) from a new temp folder.
    pub async fn start(flows: &[(&str, Value)], tweak: impl FnOnce(&mut ServeConfig)) -> Host {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir(dir.path().join("flows")).expect("flows");
        for (name, flow) in flows {
            write_flow(&dir.path().join("flows"), name, flow);
        }
        Host::start_in(dir, tweak).await
    }

    /// Serves an existing temp folder (a restart).
    pub async fn start_in(dir: tempfile::TempDir, tweak: impl FnOnce(&mut ServeConfig)) -> Host {
        let mut config = config(dir.path());
        tweak(&mut config);
        let db = config.db.clone();
        let serving = Serving::start(config).await.expect("serve starts");
        let base = format!("http://{}", serving.addr());
        Host {
            serving: Some(serving),
            dir,
            base,
            db,
            client: reqwest::Client::new(),
        }
    }

    pub fn flows(&self) -> PathBuf {
        self.dir.path().join("flows")
    }

    pub fn serving(&self) -> &Serving {
        self.serving.as_ref().expect("serving")
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        body: &str,
        headers: &[(&str, &str)],
    ) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .body(body.to_owned());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("the host answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        Answer {
            status,
            headers,
            text,
        }
    }

    /// POSTs JSON.
    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(
            "POST",
            path,
            &body.to_string(),
            &[("content-type", "application/json")],
        )
        .await
    }

    /// The runs of a workflow in history (after everything queued is committed), oldest first.
    pub fn runs(&self, workflow: &str) -> Vec<RunSummary> {
        let store = self.serving().manager().runner().store().expect("history");
        store.flush().expect("flush");
        let mut runs = store
            .list_runs(&RunFilter {
                workflow_id: Some(workflow.into()),
                limit: 10_000,
                ..RunFilter::default()
            })
            .expect("list");
        runs.reverse();
        runs
    }

    /// Finished runs of a workflow, waiting (bounded) until there are `n`.
    pub async fn wait_runs(&self, workflow: &str, n: usize, limit: Duration) -> Vec<RunSummary> {
        let finished = || {
            self.runs(workflow)
                .into_iter()
                .filter(|r| r.status != switchyard_engine::RunStatus::Running)
                .collect::<Vec<_>>()
        };
        eventually(limit, || {
            let runs = finished();
            async move { runs.len() >= n }
        })
        .await;
        finished()
    }

    pub async fn stop(&mut self) -> switchyard_host::ShutdownReport {
        self.serving.take().expect("serving").stop().await
    }
}

/// Polls `check` every 20 ms until it holds; panics after `limit`.
pub async fn eventually<F, Fut>(limit: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + limit;
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "condition not met within {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// `sha256=<hex HMAC-SHA256(secret, body)>`.
pub fn sign(secret: &str, body: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}
