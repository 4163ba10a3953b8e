//! Two stores on one file (the desktop app and a CLI) writing at once.

use crate::common::*;
use std::sync::Arc;
use switchyard_engine::RunStatus;
use switchyard_store::RunFilter;

#[test]
fn two_stores_writing_at_once_lose_nothing() {
    let db = temp_db();
    let app = Arc::new(open(&db));
    let cli = Arc::new(open(&db));
    let t = now_ms();
    let threads: Vec<_> = [("app", Arc::clone(&app)), ("cli", Arc::clone(&cli))]
        .into_iter()
        .flat_map(|(name, store)| {
            (0..2).map(move |thread| {
                let store = Arc::clone(&store);
                std::thread::spawn(move || {
                    for i in 0..25 {
                        let id = format!("{name}-{thread}-{i}");
                        record_run(&store, &id, name, t + i, RunStatus::Succeeded, 8);
                        if i % 5 == 0 {
                            // Reads while the other store writes.
                            store.list_runs(&RunFilter::default()).unwrap();
                            store.flush().unwrap();
                        }
                    }
                    store.flush().unwrap();
                })
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("writer thread");
    }
    app.flush().unwrap();
    cli.flush().unwrap();
    assert_eq!(
        count(&db, "SELECT count(*) FROM runs WHERE status = 'succeeded'"),
        100
    );
    assert_eq!(count(&db, "SELECT count(*) FROM node_runs"), 800);
    let from_cli = cli
        .list_runs(&RunFilter {
            workflow_id: Some("app".into()),
            limit: 1000,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(from_cli.len(), 50);
    let integrity: String = raw(&db)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}
