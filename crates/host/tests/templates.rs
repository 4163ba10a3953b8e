//! The shipped templates run: each one that needs no credential is test-run (as a dry run, so
//! nothing leaves the machine) and must succeed.

use switchyard_engine::{NodeStatus, RunStatus};
use switchyard_host::{RunSpec, Runner};

#[tokio::test]
async fn every_template_without_credentials_runs_on_its_pinned_data() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/templates");
    let runner = Runner::new(None);
    let mut ran = Vec::new();
    for entry in std::fs::read_dir(dir).expect("templates folder") {
        let path = entry.expect("entry").path();
        if !path.to_string_lossy().ends_with(".flow.json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let doc = runner
            .check(&text)
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        if doc.nodes.iter().any(|n| n.credential.is_some()) {
            continue;
        }
        let mut spec = RunSpec::test(text);
        spec.dry_run = true;
        let report = runner.run_quietly(spec).await.expect("run");
        assert_eq!(
            report.status,
            RunStatus::Succeeded,
            "{}: {:?}",
            path.display(),
            report.error
        );
        assert!(
            report
                .nodes
                .values()
                .any(|r| r.status == NodeStatus::Succeeded && r.output_count() > 0),
            "{}: something ran and produced items",
            path.display()
        );
        ran.push(
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
    }
    ran.sort();
    assert!(ran.len() >= 3, "at least three templates run: {ran:?}");
}
