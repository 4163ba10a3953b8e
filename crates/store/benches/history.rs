//! History store figures: write throughput, listing and opening runs among many, search, size.
//!
//! `cargo bench -p switchyard-store --bench history` (N stored runs from
//! `SWITCHYARD_BENCH_RUNS`, default 1,000,000; `SWITCHYARD_BENCH_DIR` picks the folder for the
//! temporary databases, default the system temp folder).
//!
//! Targets: >= 20,000 node runs written per second; newest 50 runs of one workflow among N in
//! < 10 ms; a run with 100 node runs opened in < 5 ms.

use rusqlite::{Connection, params};
use serde_json::{Value, json};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use switchyard_engine::{
    NodeRecord, NodeStatus, RunEvent, RunEventSink, RunMode, RunStatus, Timestamp,
};
use switchyard_store::{
    HistoryStore, RecordingInfo, Retention, RunFilter, StoreOptions, document_hash,
};

const WORKFLOWS: usize = 100;

fn options() -> StoreOptions {
    StoreOptions {
        auto_prune: None,
        ..StoreOptions::default()
    }
}

fn doc(workflow: &str) -> String {
    format!(
        "{{\n  \"schema\": \"switchyard/workflow@1\",\n  \"id\": \"{workflow}\",\n  \"nodes\": []\n}}\n"
    )
}

fn info(workflow: &str) -> RecordingInfo {
    RecordingInfo {
        document_text: doc(workflow),
        workflow_id: workflow.into(),
        origin_run_id: None,
        trigger_items: None,
        source_path: None,
    }
}

fn node_event(run_id: &str, node: usize, item: Value) -> RunEvent {
    RunEvent::NodeFinished {
        run_id: run_id.into(),
        record: Box::new(NodeRecord {
            node_id: format!("node-{node}"),
            node_type: "data.set".into(),
            status: NodeStatus::Succeeded,
            attempts: 1,
            attempt_log: vec![],
            started_at: Some(Timestamp::now()),
            duration_ms: 0.4,
            inputs: vec![Arc::new(vec![item.clone()])],
            outputs: vec![("main".into(), Arc::new(vec![item]))],
            error: None,
            item_errors: 0,
        }),
    }
}

fn record(store: &HistoryStore, run_id: &str, workflow: &str, at: Timestamp, nodes: usize) {
    let recorder = store.start_recording(info(workflow));
    recorder.emit(&RunEvent::RunStarted {
        run_id: run_id.into(),
        workflow_id: workflow.into(),
        mode: RunMode::Production,
        trigger: "trigger.webhook".into(),
        started_at: at,
        dry_run: false,
    });
    for n in 0..nodes {
        recorder.emit(&node_event(
            run_id,
            n,
            json!({"email": format!("lead{n}@example.com"), "employees": n, "owner": "101"}),
        ));
    }
    recorder.emit(&RunEvent::RunFinished {
        run_id: run_id.into(),
        status: RunStatus::Succeeded,
        finished_at: at,
        duration_ms: 3.2,
        error: None,
        response: None,
    });
}

struct Stats {
    median: Duration,
    p95: Duration,
    max: Duration,
}

fn measure(reps: usize, mut f: impl FnMut(usize)) -> Stats {
    let mut times: Vec<Duration> = (0..reps)
        .map(|i| {
            let start = Instant::now();
            f(i);
            start.elapsed()
        })
        .collect();
    times.sort();
    Stats {
        median: times[reps / 2],
        p95: times[(reps * 95 / 100).min(reps - 1)],
        max: times[reps - 1],
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn report(label: &str, stats: &Stats, target: &str) {
    println!(
        "{label:<58} median {:>10}  p95 {:>10}  max {:>10}  {target}",
        ms(stats.median),
        ms(stats.p95),
        ms(stats.max)
    );
}

fn file_bytes(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// Node runs per second through the recorder and the writer thread.
fn write_throughput(dir: &Path) {
    let path = dir.join("throughput.db");
    let store = HistoryStore::open(&path, options()).expect("open");
    let runs = 500;
    let nodes = 100;
    let start = Instant::now();
    let t = Timestamp::now();
    for r in 0..runs {
        record(
            &store,
            &format!("run-{r:05}"),
            &format!("wf-{}", r % 10),
            t,
            nodes,
        );
    }
    let queued = start.elapsed();
    store.flush().expect("flush");
    let total = start.elapsed();
    let per_second = (runs * nodes) as f64 / total.as_secs_f64();
    println!(
        "write: {} node runs (small items, {runs} runs x {nodes}) in {} (emit side {}): {:.0} node runs/s  [target >= 20,000/s]",
        runs * nodes,
        ms(total),
        ms(queued),
        per_second
    );
}

/// Bytes of database per small run (a trigger and three small nodes).
fn bytes_per_run(dir: &Path) {
    let path = dir.join("size.db");
    let runs = 2000;
    {
        let store = HistoryStore::open(&path, options()).expect("open");
        let t = Timestamp::now();
        for r in 0..runs {
            record(
                &store,
                &format!("run-{r:05}"),
                &format!("wf-{}", r % 10),
                t,
                4,
            );
        }
        store.flush().expect("flush");
    }
    // Closing the last connection checkpoints the log into the file.
    let bytes = file_bytes(&path) + file_bytes(&path.with_extension("db-wal"));
    println!(
        "size: {runs} small runs (4 node runs each) take {} bytes: {} bytes per run",
        bytes,
        bytes / runs as u64
    );
}

/// Writes `n` runs (one small node run each) straight into SQLite in one transaction.
fn generate(path: &Path, n: usize) -> Duration {
    drop(HistoryStore::open(path, options()).expect("create schema"));
    let start = Instant::now();
    let mut conn = Connection::open(path).expect("open");
    conn.execute_batch(
        "PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;",
    )
    .expect("bulk pragmas");
    let tx = conn.transaction().expect("begin");
    {
        let mut doc_insert = tx
            .prepare("INSERT INTO documents (hash, text) VALUES (?1, ?2)")
            .expect("prepare");
        let hashes: Vec<String> = (0..WORKFLOWS)
            .map(|w| {
                let text = doc(&format!("wf-{w:03}"));
                let hash = document_hash(&text);
                doc_insert.execute(params![hash, text]).expect("document");
                hash
            })
            .collect();
        let mut run_insert = tx
            .prepare(
                "INSERT INTO runs (id, workflow_id, document_hash, mode, trigger, status, dry_run, \
                 started_at_ms, finished_at_ms, duration_ms, error) \
                 VALUES (?1, ?2, ?3, 'production', 'trigger.webhook', ?4, 0, ?5, ?6, 3.2, ?7)",
            )
            .expect("prepare");
        let mut node_insert = tx
            .prepare(
                "INSERT INTO node_runs (run_id, seq, node_id, node_type, status, attempts, \
                 started_at_ms, duration_ms, inputs, outputs) \
                 VALUES (?1, 1, 'lead', 'trigger.webhook', 'succeeded', 1, ?2, 0.1, '[]', ?3)",
            )
            .expect("prepare");
        // Runs one second apart, ending now.
        let base = Timestamp::now().unix_millis() - n as i64 * 1000;
        let failed_error = r#"{"node":"assign","kind":"validation","message":"bad email"}"#;
        for i in 0..n {
            let at = base + i as i64 * 1000;
            let id = format!("{at:013x}-{i:08}");
            let w = i % WORKFLOWS;
            let failed = i % 20 == 7;
            run_insert
                .execute(params![
                    id,
                    format!("wf-{w:03}"),
                    hashes[w],
                    if failed { "failed" } else { "succeeded" },
                    at,
                    at + 3,
                    failed.then_some(failed_error),
                ])
                .expect("run");
            let outputs = format!(
                r#"{{"main":[{{"method":"POST","path":"/webhook/leads","body":{{"email":"lead{i}@example.com","employees":{}}}}}]}}"#,
                i % 1000
            );
            node_insert
                .execute(params![id, at, outputs])
                .expect("node run");
        }
    }
    // The history writer indexes each batch in one statement; the generator does the same for
    // all it wrote.
    tx.execute(
        "INSERT INTO node_search (rowid, outputs, error) SELECT id, outputs, error FROM node_runs",
        [],
    )
    .expect("search index");
    tx.commit().expect("commit");
    conn.execute_batch("PRAGMA journal_mode = WAL;")
        .expect("back to WAL");
    start.elapsed()
}

fn at_scale(dir: &Path, n: usize) {
    let path = dir.join("scale.db");
    let took = generate(&path, n);
    println!(
        "generate: {n} runs (+{n} node runs with search index) in {:.1} s; database {:.1} MiB ({} bytes per run)",
        took.as_secs_f64(),
        file_bytes(&path) as f64 / 1048576.0,
        file_bytes(&path) / n.max(1) as u64
    );

    let start = Instant::now();
    let store = HistoryStore::open(&path, options()).expect("open");
    println!(
        "open: {} (migrations checked, running runs looked for)",
        ms(start.elapsed())
    );

    // A run with 100 node runs, recorded the normal way.
    record(&store, "zz-big-run", "wf-big", Timestamp::now(), 100);
    store.flush().expect("flush");

    let first = Instant::now();
    let page = store
        .list_runs(&RunFilter {
            workflow_id: Some("wf-042".into()),
            ..RunFilter::default()
        })
        .expect("list");
    println!("list: first call {}", ms(first.elapsed()));
    assert_eq!(page.len(), 50);
    let stats = measure(300, |i| {
        let filter = RunFilter {
            workflow_id: Some(format!("wf-{:03}", i % WORKFLOWS)),
            ..RunFilter::default()
        };
        assert_eq!(store.list_runs(&filter).expect("list").len(), 50);
    });
    report(
        &format!("list newest 50 runs of one workflow among {n}"),
        &stats,
        "[target < 10 ms]",
    );
    let stats = measure(300, |_| {
        assert_eq!(
            store.list_runs(&RunFilter::default()).expect("list").len(),
            50
        );
    });
    report("list newest 50 runs of all workflows", &stats, "");
    let stats = measure(300, |_| {
        let filter = RunFilter {
            status: Some(RunStatus::Failed),
            ..RunFilter::default()
        };
        assert_eq!(store.list_runs(&filter).expect("list").len(), 50);
    });
    report("list newest 50 failed runs", &stats, "");
    let stats = measure(100, |i| {
        let filter = RunFilter {
            workflow_id: Some("wf-007".into()),
            before: Some(page[page.len() - 1].cursor()),
            limit: 50 + i % 2,
            ..RunFilter::default()
        };
        assert!(store.list_runs(&filter).expect("list").len() >= 50);
    });
    report("list the next page (cursor) of one workflow", &stats, "");

    let stats = measure(300, |_| {
        let run = store.get_run("zz-big-run").expect("get").expect("found");
        assert_eq!(run.report.nodes.len(), 100);
    });
    report(
        "open a run with 100 node runs (get_run)",
        &stats,
        "[target < 5 ms]",
    );
    let stats = measure(300, |_| {
        let run = store.get_run("zz-big-run").expect("get").expect("found");
        std::hint::black_box(run.to_json(true));
    });
    report("open a run with 100 node runs + to_json(true)", &stats, "");

    let needle = format!("lead{}@example.com", n / 2);
    let stats = measure(100, |_| {
        assert_eq!(store.search(&needle, 50).expect("search").len(), 1);
    });
    report(
        &format!("search one email among {n} runs ({needle})"),
        &stats,
        "",
    );
    let stats = measure(100, |_| {
        assert_eq!(store.search("example.com", 50).expect("search").len(), 50);
    });
    report("search a term every run has (newest 50 hits)", &stats, "");
    let stats = measure(20, |_| {
        std::hint::black_box(store.search("nobody@nowhere.test", 50).expect("search"));
    });
    report("search with no hits", &stats, "");

    // Retention: a pass with nothing to delete (what the hourly background prune usually costs),
    // then one that deletes 100 runs of each workflow (with their node runs and index entries).
    let per_workflow = n / WORKFLOWS;
    let start = Instant::now();
    let stats = store
        .prune(&Retention {
            keep_per_workflow: Some(per_workflow + 1),
            max_age_days: Some(3650),
        })
        .expect("prune");
    println!(
        "prune: nothing due: {} ({} runs deleted)",
        ms(start.elapsed()),
        stats.runs_deleted
    );
    if per_workflow > 100 {
        let start = Instant::now();
        let stats = store
            .prune(&Retention {
                keep_per_workflow: Some(per_workflow - 100),
                max_age_days: None,
            })
            .expect("prune");
        let took = start.elapsed();
        println!(
            "prune: {} runs deleted in {} ({:.0} runs/s)",
            stats.runs_deleted,
            ms(took),
            stats.runs_deleted as f64 / took.as_secs_f64()
        );
    }
    let start = Instant::now();
    drop(store);
    println!("close (flush, stop the writer): {}", ms(start.elapsed()));
}

fn main() {
    let n: usize = std::env::var("SWITCHYARD_BENCH_RUNS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let base = std::env::var_os("SWITCHYARD_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::tempdir_in(base).expect("temp dir");
    println!(
        "switchyard-store bench (N = {n}; databases under {})",
        dir.path().display()
    );
    write_throughput(dir.path());
    bytes_per_run(dir.path());
    at_scale(dir.path(), n);
}
