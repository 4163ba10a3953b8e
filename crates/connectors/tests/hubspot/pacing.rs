//! Pacing: the window from the headers, waits after a 429, `Retry-After`, the search limit,
//! one pacer per credential, and the daily limit.

use crate::common::*;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use switchyard_connectors::hubspot::{ErrorKind, InMemoryUsage, ObjectType::*, SearchQuery};
use switchyard_fake_hubspot::FakeConfig;

#[tokio::test]
async fn respecting_the_announced_window_sends_no_429() {
    let fake = fake(FakeConfig::default().with_window(5, Duration::from_secs(1))).await;
    let hs = client(&fake);
    let id = fake.seed("contacts", contact("a@x.io"));
    hs.get(Contacts, &id, None, &[])
        .await
        .expect("first call learns the limit");
    assert_eq!(hs.pacer().window(), (5, Duration::from_secs(1)));
    let started = Instant::now();
    let tasks: Vec<_> = (0..3)
        .map(|_| {
            let (hs, id) = (hs.clone(), id.clone());
            tokio::spawn(async move {
                for _ in 0..5 {
                    hs.get(Contacts, &id, None, &[]).await.expect("get");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task");
    }
    let stats = fake.limit_stats();
    assert_eq!(stats.sent_429, 0, "{stats:?}");
    assert!(stats.max_seen_in_window <= 5, "{stats:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(2500),
        "15 calls at 5/s take about 3 s"
    );
}

#[tokio::test]
async fn after_a_429_nothing_is_sent_until_the_window_frees_a_slot() {
    // The headers claim 100 per 10 s but the fake enforces 5 per second.
    let config = FakeConfig::default()
        .with_window(5, Duration::from_secs(1))
        .announcing(100, Duration::from_secs(10));
    let fake = fake(config).await;
    let hs = client(&fake);
    let id = fake.seed("contacts", contact("a@x.io"));
    for _ in 0..12 {
        hs.get(Contacts, &id, None, &[])
            .await
            .expect("every call ends well");
    }
    let stats = fake.limit_stats();
    assert!(stats.sent_429 >= 1, "the lie was found out: {stats:?}");
    assert!(stats.max_admitted_in_window <= 5);
    let log = fake.log();
    for pair in log.windows(2) {
        if pair[0].status == 429 {
            assert_ne!(
                pair[1].status, 429,
                "the request after a 429 waited for a free slot: {:?}",
                pair[1]
            );
        }
    }
}

#[tokio::test]
async fn retry_after_is_obeyed() {
    let config = FakeConfig::default()
        .with_window(1, Duration::from_millis(200))
        .with_retry_after(1);
    let fake = fake(config).await;
    fake.set_announced(Some((100, Duration::from_secs(10))));
    let hs = client(&fake);
    let id = fake.seed("contacts", contact("a@x.io"));
    hs.get(Contacts, &id, None, &[]).await.expect("first");
    hs.get(Contacts, &id, None, &[])
        .await
        .expect("second, after a 429");
    let log = fake.log();
    let refused = log.iter().position(|r| r.status == 429).expect("a 429");
    let next = &log[refused + 1];
    assert!(
        next.at - log[refused].at >= Duration::from_millis(990),
        "waited {:?}",
        next.at - log[refused].at
    );
}

#[tokio::test]
async fn searches_are_paced_at_five_a_second_and_clients_of_one_credential_share_a_pacer() {
    let fake = fake(FakeConfig::default()).await;
    let (a, b) = (client(&fake), client(&fake));
    assert!(Arc::ptr_eq(a.pacer(), b.pacer()));
    let started = Instant::now();
    let tasks: Vec<_> = [a, b]
        .into_iter()
        .map(|hs| {
            tokio::spawn(async move {
                for _ in 0..6 {
                    hs.search(Contacts, &SearchQuery::default(), 10)
                        .await
                        .expect("search");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task");
    }
    assert_eq!(fake.limit_stats().sent_429_search, 0);
    assert!(
        started.elapsed() >= Duration::from_millis(2000),
        "12 searches at 5/s: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_daily_limit_stops_requests_early() {
    let fake = fake(FakeConfig::default().with_daily(1000, 997)).await;
    let usage = Arc::new(InMemoryUsage::new());
    let hs = client(&fake).with_usage(usage.clone());
    let id = fake.seed("contacts", contact("a@x.io"));
    for _ in 0..3 {
        hs.get(Contacts, &id, None, &[])
            .await
            .expect("within the limit");
    }
    let stopped = hs
        .get(Contacts, &id, None, &[])
        .await
        .expect_err("daily limit");
    assert_eq!(stopped.kind, ErrorKind::RateLimited);
    assert!(stopped.message.contains("daily"), "{}", stopped.message);
    assert_eq!(fake.total_requests(), 3, "the fourth call was not sent");
    let totals = usage.totals("hs-test");
    assert_eq!(
        (totals.calls, totals.daily_limit, totals.daily_remaining),
        (3, Some(1000), Some(0))
    );
    assert_eq!(totals.last.expect("sample").interval_max, Some(100));
}

#[tokio::test]
async fn a_daily_429_is_not_retried() {
    let fake = fake(FakeConfig::default().with_daily(10, 10)).await;
    let usage = Arc::new(InMemoryUsage::new());
    let hs = client(&fake).with_usage(usage.clone());
    let error = hs
        .create(Contacts, &input(json!({ "email": "a@x.io" })))
        .await
        .expect_err("429");
    assert_eq!(error.kind, ErrorKind::RateLimited);
    assert!(error.message.contains("daily limit"), "{}", error.message);
    assert_eq!(fake.total_requests(), 1);
    hs.create(Contacts, &input(json!({ "email": "b@x.io" })))
        .await
        .expect_err("still stopped");
    assert_eq!(fake.total_requests(), 1);
    let totals = usage.totals("hs-test");
    assert_eq!(
        (totals.calls, totals.rate_limited, totals.errors),
        (1, 1, 1)
    );
}
