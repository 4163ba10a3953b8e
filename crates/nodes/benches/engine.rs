//! Engine benchmarks (issue targets in brackets):
//! - compile of a generated 5,000-node workflow (validate + plan) [< 20 ms]
//! - 10,000 items through logic.switch → data.set → logic.filter [< 2 µs per item per node]
//! - a whole 3-node run [< 100 µs]
//!
//! `cargo bench -p switchyard-nodes --bench engine`

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};
use std::hint::black_box;
use std::time::Duration;
use switchyard_engine::event::NoSink;
use switchyard_engine::{ExecuteOptions, RunMode, RunRequest, compile, execute};
use switchyard_model::{WorkflowDocument, read_document, validate};
use tokio_util::sync::CancellationToken;

// The same allocator as the shipped binaries.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn document(value: Value) -> WorkflowDocument {
    let (doc, problems) = read_document(&value.to_string());
    assert!(problems.is_empty(), "{problems:?}");
    doc.expect("document")
}

/// A trigger and `n - 1` nodes of the common kinds, each fed by one of the previous nodes.
fn generated(n: usize) -> WorkflowDocument {
    let mut nodes = vec![json!({ "id": "n0", "type": "trigger.manual", "position": [0, 0] })];
    let mut edges = Vec::new();
    for i in 1..n {
        let node = match i % 4 {
            0 => json!({ "id": format!("n{i}"), "type": "logic.if", "params": { "when": { "all": [
                { "left": "{{ $json.employees }}", "op": "gt", "right": 50 } ] } } }),
            1 => json!({ "id": format!("n{i}"), "type": "data.set", "params": { "fields": {
                "owner": "{{ $json.owner }}", "note": "lead {{ $json.email }}" } } }),
            2 => {
                json!({ "id": format!("n{i}"), "type": "logic.filter", "params": { "when": { "any": [
                { "left": "{{ $json.email }}", "op": "ends_with", "right": "@example.com" },
                { "left": "{{ $json.country }}", "op": "in", "right": ["DE", "FR"] } ] } } })
            }
            _ => json!({ "id": format!("n{i}"), "type": "logic.switch", "params": { "rules": [
                { "port": "small", "when": { "all": [ { "left": "{{ $json.employees }}", "op": "lt", "right": 50 } ] } },
                { "port": "big", "when": { "all": [ { "left": "{{ $json.employees }}", "op": "gte", "right": 50 } ] } }
            ] } }),
        };
        nodes.push(node);
        let parent = (i - 1) / 2;
        let port = match parent % 4 {
            0 if parent > 0 => Some("true"),
            3 => Some("small"),
            _ => None,
        };
        let mut edge = json!({ "from": format!("n{parent}"), "to": format!("n{i}") });
        if let Some(port) = port {
            edge["port"] = json!(port);
        }
        edges.push(edge);
    }
    document(
        json!({ "schema": "switchyard/workflow@1", "id": "big", "nodes": nodes, "edges": edges }),
    )
}

fn pipeline() -> WorkflowDocument {
    let rule = |port: &str, op: &str, n: i64| json!({ "port": port, "when": { "all": [ { "left": "{{ $json.employees }}", "op": op, "right": n } ] } });
    document(json!({
        "schema": "switchyard/workflow@1", "id": "pipeline",
        "nodes": [
            { "id": "t", "type": "trigger.manual" },
            { "id": "size", "type": "logic.switch", "params": { "rules": [ rule("small", "lt", 50), rule("mid", "lte", 500), rule("enterprise", "gt", 500) ] } },
            { "id": "set", "type": "data.set", "params": { "fields": {
                "segment": "lead", "owner_email": "{{ $json.email }}", "label": "{{ $json.company }} ({{ $json.employees }})" } } },
            { "id": "keep", "type": "logic.filter", "params": { "when": { "all": [ { "left": "{{ $json.employees }}", "op": "gt", "right": 50 } ] } } }
        ],
        "edges": [
            { "from": "t", "to": "size" },
            { "from": "size", "port": "small", "to": "set" },
            { "from": "size", "port": "mid", "to": "set" },
            { "from": "size", "port": "enterprise", "to": "set" },
            { "from": "set", "to": "keep" }
        ]
    }))
}

fn three_nodes() -> WorkflowDocument {
    document(json!({
        "schema": "switchyard/workflow@1", "id": "small",
        "nodes": [
            { "id": "t", "type": "trigger.manual" },
            { "id": "set", "type": "data.set", "params": { "fields": { "owner": "{{ $json.owner }}" } } },
            { "id": "keep", "type": "logic.filter", "params": { "when": { "all": [ { "left": "{{ $json.owner }}", "op": "exists" } ] } } }
        ],
        "edges": [ { "from": "t", "to": "set" }, { "from": "set", "to": "keep" } ]
    }))
}

fn leads(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let employees = [12, 240, 4200][i % 3];
            json!({ "email": format!("lead{i}@example.com"), "company": format!("Company {i}"), "employees": employees })
        })
        .collect()
}

fn bench_compile(c: &mut Criterion) {
    let registry = switchyard_nodes::builtin_registry();
    let doc = generated(5000);
    let mut group = c.benchmark_group("compile");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    group.bench_function(BenchmarkId::new("validate", 5000), |b| {
        b.iter(|| black_box(validate(&doc, &registry)))
    });
    group.bench_function(BenchmarkId::new("validate+plan", 5000), |b| {
        // The plan is dropped outside the timing (a compiled plan lives as long as its
        // workflow), one at a time, so that memory is reused as it is in the host.
        b.iter_batched(
            || (),
            |()| compile(&doc, &registry).ok(),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn bench_throughput(c: &mut Criterion) {
    let registry = switchyard_nodes::builtin_registry();
    let plan = compile(&pipeline(), &registry).unwrap_or_else(|e| panic!("{e:?}"));
    let items = leads(10_000);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut group = c.benchmark_group("throughput");
    group
        .sample_size(20)
        .throughput(Throughput::Elements(items.len() as u64));
    group.bench_function("10k items switch→set→filter", |b| {
        b.iter(|| {
            let request = RunRequest::new(RunMode::Production).with_trigger_items(items.clone());
            let report = rt.block_on(execute(
                &plan,
                request,
                &ExecuteOptions::default(),
                &NoSink,
                CancellationToken::new(),
            ));
            black_box(report.nodes.len())
        })
    });
    group.finish();
}

fn bench_small_run(c: &mut Criterion) {
    let registry = switchyard_nodes::builtin_registry();
    let plan = compile(&three_nodes(), &registry).unwrap_or_else(|e| panic!("{e:?}"));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let item = vec![json!({ "owner": "1001", "email": "a@example.com" })];
    c.bench_function("run of a 3-node workflow", |b| {
        b.iter(|| {
            let request = RunRequest::new(RunMode::Production).with_trigger_items(item.clone());
            let report = rt.block_on(execute(
                &plan,
                request,
                &ExecuteOptions::default(),
                &NoSink,
                CancellationToken::new(),
            ));
            black_box(report.nodes.len())
        })
    });
}

criterion_group!(benches, bench_compile, bench_throughput, bench_small_run);
criterion_main!(benches);
