//! Upserts 10,000 contacts through the HubSpot client against the local fake HubSpot limited to
//! 100 requests per 10 s. The floor is 100 batch requests at that rate, about 10 s. Prints the
//! time against the floor (target ≤ 1.1×), the 429s (target 0) and the client process's peak
//! memory (VmHWM, target ≤ 50 MiB). The fake runs in a child process (this same binary with
//! `--serve-fake`) so that its own store of 10,000 records does not count as the client's memory.
//! Run: `cargo bench -p switchyard-connectors --bench hubspot_upsert`.

use serde_json::{Map, Value, json};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use switchyard_connectors::http::Http;
use switchyard_connectors::hubspot::{HubSpotClient, HubSpotCredential, IdInput, ObjectType};
use switchyard_fake_hubspot::{DEFAULT_TOKEN, FakeConfig, FakeHubSpot};

const CONTACTS: usize = 10_000;
const WINDOW_MAX: u32 = 100;
const WINDOW: Duration = Duration::from_secs(10);

fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

/// The child: serves the fake, prints its URL, and on "stats" prints its counters and stops.
fn serve_fake() -> Result<(), String> {
    let runtime = runtime()?;
    runtime.block_on(async {
        let config = FakeConfig::default()
            .with_window(WINDOW_MAX, WINDOW)
            .with_daily(1_000_000, 0)
            .without_body_log();
        let fake = FakeHubSpot::start(config)
            .await
            .map_err(|e| e.to_string())?;
        println!("{}", fake.base_url());
        let line = tokio::task::spawn_blocking(|| {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map(|_| line)
        })
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
        if line.trim() == "stats" {
            let stats = fake.limit_stats();
            let stats = json!({
                "requests": fake.requests("POST", "/crm/v3/objects/contacts/batch/upsert"),
                "sent_429": stats.sent_429, "max_seen_in_window": stats.max_seen_in_window,
                "records": fake.records("contacts").len(), "peak_mib": peak_memory_mib(),
            });
            println!("{stats}");
        }
        Ok(())
    })
}

fn inputs() -> Vec<IdInput> {
    (0..CONTACTS)
        .map(|i| {
            let mut properties = Map::new();
            properties.insert("email".into(), json!(format!("bench{i}@example.com")));
            properties.insert("firstname".into(), json!(format!("First{i}")));
            properties.insert("lastname".into(), json!("Bench"));
            properties.insert("lifecyclestage".into(), json!("lead"));
            IdInput {
                id: format!("bench{i}@example.com"),
                properties,
            }
        })
        .collect()
}

/// Upserts, and returns (elapsed, ok count, in input order, first error).
async fn upsert(base_url: &str) -> (Duration, usize, bool, Option<String>) {
    let client = HubSpotClient::new(
        Arc::new(Http::live()),
        HubSpotCredential::private_app("bench", DEFAULT_TOKEN, Some(base_url)),
    );
    let inputs = inputs();
    let started = Instant::now();
    let results = client.upsert(ObjectType::Contacts, &inputs, "email").await;
    let elapsed = started.elapsed();
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let in_order = results
        .iter()
        .zip(&inputs)
        .all(|(r, i)| r.as_ref().ok().and_then(|rec| rec.property("email")) == Some(i.id.as_str()));
    let first_error = results
        .iter()
        .find_map(|r| r.as_ref().err().map(ToString::to_string));
    (elapsed, ok, in_order, first_error)
}

fn bench() -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe)
        .arg("--serve-fake")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdout = BufReader::new(child.stdout.take().ok_or("no child stdout")?);
    let mut base_url = String::new();
    stdout.read_line(&mut base_url).map_err(|e| e.to_string())?;
    let base_url = base_url.trim().to_owned();
    if !base_url.starts_with("http://127.0.0.1:") {
        return Err(format!("the fake did not start: {base_url:?}"));
    }
    let (elapsed, ok, in_order, first_error) = runtime()?.block_on(upsert(&base_url));
    let client_peak = peak_memory_mib();
    let mut stdin = child.stdin.take().ok_or("no child stdin")?;
    writeln!(stdin, "stats").map_err(|e| e.to_string())?;
    let mut line = String::new();
    stdout.read_line(&mut line).map_err(|e| e.to_string())?;
    let _ = child.wait();
    let fake: Value =
        serde_json::from_str(&line).map_err(|e| format!("fake stats: {e}: {line}"))?;

    let floor = WINDOW.as_secs_f64() * (CONTACTS as f64 / 100.0) / f64::from(WINDOW_MAX);
    let ratio = elapsed.as_secs_f64() / floor;
    let mib = |m: Option<f64>| m.map_or("unknown".to_owned(), |m| format!("{m:.1} MiB"));
    println!(
        "hubspot_upsert: {CONTACTS} contacts, fake limited to {WINDOW_MAX} requests per {} s",
        WINDOW.as_secs()
    );
    println!(
        "  batch requests      {} (expected {})",
        fake["requests"],
        CONTACTS / 100
    );
    println!(
        "  upserted            {ok} / {CONTACTS} ({} stored), results in input order: {in_order}",
        fake["records"]
    );
    println!("  total time          {:.2} s", elapsed.as_secs_f64());
    println!("  floor               {floor:.2} s   ratio {ratio:.3}x (target <= 1.1x)");
    println!("  429 answers         {} (target 0)", fake["sent_429"]);
    println!(
        "  max in any window   {} requests (limit {WINDOW_MAX})",
        fake["max_seen_in_window"]
    );
    println!(
        "  peak memory (VmHWM) {} client process (target <= 50 MiB); fake process {}",
        mib(client_peak),
        mib(fake["peak_mib"].as_f64())
    );
    if let Some(error) = first_error {
        println!("  first error         {error}");
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let outcome = if args.iter().any(|a| a == "--serve-fake") {
        serve_fake()
    } else if args.iter().any(|a| a == "--bench") {
        bench()
    } else {
        // `cargo test --benches` runs this without `--bench`: stay quick.
        println!("hubspot_upsert: skipped (run with `cargo bench`)");
        Ok(())
    };
    if let Err(error) = outcome {
        eprintln!("hubspot_upsert failed: {error}");
        std::process::exit(1);
    }
}
