//! `switchyard replay RUN_ID [--file PATH] [--db PATH] [--json]`: runs a recorded run again
//! against its recorded HTTP answers (same `$now`, same run id, nothing sent), and lists every
//! node whose output differs. With `--file`, the current version of a workflow is replayed: the
//! proof that an edited flow still does what it did.

use crate::document::read_text;
use crate::exit::Exit;
use crate::history::{self, Pruning};
use crate::print::{RunPrinter, summary_lines};
use crate::session::{cancel_on_ctrl_c, refuse, runtime};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use switchyard_engine::event::NoSink;
use switchyard_engine::{RunEvent, RunEventSink, RunStatus, compile};
use switchyard_host::Runner;

#[derive(clap::Args)]
pub struct Args {
    /// The recorded run to replay
    run_id: String,
    /// Replay this version of the workflow instead of the recorded one
    #[arg(long, value_name = "PATH")]
    file: Option<PathBuf>,
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print `{run, changes, not_compared}` as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> anyhow::Result<Exit> {
    let mut runner = Runner::new(None);
    runner.attach_store(history::open(args.db.as_ref(), Pruning::Never)?);
    let document = args.file.as_deref().map(read_text).transpose()?;
    let stored = match runner.stored_run(&args.run_id) {
        Ok(stored) => stored,
        Err(error) => return refuse(&args.run_id, &error),
    };
    let label = args.file.as_ref().map_or_else(
        || format!("run {}", args.run_id),
        |p| p.display().to_string(),
    );
    let text = document
        .clone()
        .unwrap_or_else(|| stored.document_text.clone());
    let plan = match runner.check(&text).and_then(|doc| {
        compile(&doc, runner.registry()).map_err(switchyard_host::HostError::Invalid)
    }) {
        Ok(plan) => plan,
        Err(error) => return refuse(&label, &error),
    };
    let printer = RunPrinter::new(&plan);
    let print = |event: &RunEvent| printer.event(event);
    let sink: &dyn RunEventSink = if args.json { &NoSink } else { &print };
    let runtime = runtime()?;
    let outcome = runtime.block_on(cancel_on_ctrl_c(|cancel| {
        runner.replay(&args.run_id, document, sink, cancel)
    }));
    runtime.shutdown_background();
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(error) => return refuse(&label, &error),
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let body = json!({
            "run": outcome.report.to_json(false),
            "changes": outcome.changes,
            "not_compared": outcome.not_compared,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&body)?)?;
    } else {
        for line in summary_lines(&outcome.report) {
            writeln!(out, "{line}")?;
        }
        if outcome.changes.is_empty() {
            writeln!(
                out,
                "replay matches the recorded run: no node's output changed"
            )?;
        } else {
            writeln!(
                out,
                "{} node(s) differ from the recorded run:",
                outcome.changes.len()
            )?;
            for change in &outcome.changes {
                let status = |s: &Option<String>| s.clone().unwrap_or_else(|| "absent".into());
                writeln!(
                    out,
                    "  {}: {} → {}",
                    change.node_id,
                    status(&change.before_status),
                    status(&change.after_status)
                )?;
                writeln!(out, "    before: {}", change.before)?;
                writeln!(out, "    after:  {}", change.after)?;
            }
        }
        for node in &outcome.not_compared {
            writeln!(
                out,
                "  {node}: not compared (its recorded data was truncated)"
            )?;
        }
    }
    out.flush()?;
    let same = outcome.changes.is_empty() && outcome.report.status == RunStatus::Succeeded;
    Ok(if same { Exit::Ok } else { Exit::Failed })
}
