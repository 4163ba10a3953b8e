//! Schedules: firing on time, catching up a time missed while the host was down.

use super::support::*;
use serde_json::json;
use std::time::Duration;
use switchyard_engine::Timestamp;
use switchyard_store::{HostDb, StateUpdate};

fn schedule(cron: &str, catch_up: bool) -> serde_json::Value {
    json!({ "id": "tick", "type": "trigger.schedule", "params": { "cron": cron, "timezone": "Europe/Berlin", "catch_up": catch_up } })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_six_field_cron_fires_every_second_on_time() {
    let every_second = flow("every-second", schedule("* * * * * *", false), json!([]));
    let host = Host::start(&[("tick.flow.json", every_second)], |_| {}).await;
    let runs = host
        .wait_runs("every-second", 3, Duration::from_secs(6))
        .await;
    let mut scheduled = Vec::new();
    for run in runs.iter().take(3) {
        let stored = host
            .serving()
            .manager()
            .runner()
            .stored_run(&run.run_id)
            .expect("stored");
        let item = &stored.trigger_items.expect("items")[0];
        let at =
            Timestamp::parse(item["scheduled_at"].as_str().expect("scheduled_at")).expect("time");
        let fired = Timestamp::parse(item["fired_at"].as_str().expect("fired_at")).expect("time");
        assert_eq!(at.unix_millis() % 1000, 0, "on a whole second: {item}");
        let late = fired.unix_millis() - at.unix_millis();
        assert!((0..500).contains(&late), "fired {late} ms after its time");
        scheduled.push(at.unix_millis());
        assert_eq!(stored.report.trigger, "trigger.schedule");
    }
    assert!(
        scheduled.windows(2).all(|w| w[1] - w[0] == 1000),
        "one run per second: {scheduled:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_time_missed_while_down_runs_once_on_start_with_catch_up() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::create_dir(dir.path().join("flows")).expect("flows");
    // Once a day at 03:00: the host "was down" since two days ago, so 03:00 was missed
    // (twice: it runs once).
    write_flow(
        &dir.path().join("flows"),
        "daily.flow.json",
        &flow("daily", schedule("0 0 3 * * *", true), json!([])),
    );
    write_flow(
        &dir.path().join("flows"),
        "lazy.flow.json",
        &flow("lazy", schedule("0 0 3 * * *", false), json!([])),
    );
    {
        let db = HostDb::open(dir.path().join("history.db"), Duration::from_secs(5)).expect("db");
        let two_days_ago = Timestamp::now().unix_millis() - 2 * 24 * 3600 * 1000;
        for id in ["daily", "lazy"] {
            let state = StateUpdate {
                name: "schedule.last_fire".into(),
                value: json!(two_days_ago),
            };
            db.set_trigger_state(id, &state).expect("state");
        }
    }
    let host = Host::start_in(dir, |_| {}).await;
    let runs = host.wait_runs("daily", 1, Duration::from_secs(5)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(host.runs("daily").len(), 1, "caught up once");
    let stored = host
        .serving()
        .manager()
        .runner()
        .stored_run(&runs[0].run_id)
        .expect("stored");
    let item = &stored.trigger_items.expect("items")[0];
    assert!(
        item["scheduled_at"]
            .as_str()
            .is_some_and(|t| t.ends_with(":00:00.000Z")),
        "{item}"
    );
    assert!(host.runs("lazy").is_empty(), "no catch_up, no run");
    let last = host
        .serving()
        .manager()
        .trigger_state("daily", "schedule.last_fire")
        .expect("state");
    assert!(
        last.and_then(|v| v.as_i64())
            .is_some_and(|ms| ms > Timestamp::now().unix_millis() - 25 * 3600 * 1000)
    );
}
