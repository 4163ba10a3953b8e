//! `switchyard run FILE [--input JSON|@path] [--db PATH] [--json] [--dry-run]`: one test run.

use crate::document::{check, read_text};
use crate::exit::Exit;
use crate::input::parse_input;
use crate::print::{RunPrinter, diagnostic_line, summary_lines};
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use switchyard_engine::event::NoSink;
use switchyard_engine::{
    ExecuteOptions, Plan, RunEvent, RunEventSink, RunMode, RunReport, RunRequest, RunStatus,
    compile, execute,
};
use tokio_util::sync::CancellationToken;

#[derive(clap::Args)]
pub struct Args {
    /// The workflow document (`*.flow.json`)
    file: PathBuf,
    /// The trigger's items: a JSON object (one item) or an array of objects; `@path` reads a file
    #[arg(long, value_name = "JSON|@PATH")]
    input: Option<String>,
    /// The history database (accepted; this version does not record history yet)
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print the run report as one JSON object instead of text
    #[arg(long)]
    json: bool,
    /// Run reads and logic for real, but send no request that changes data elsewhere
    #[arg(long)]
    dry_run: bool,
}

pub fn run(args: &Args) -> anyhow::Result<Exit> {
    let text = read_text(&args.file)?;
    let items = args.input.as_deref().map(parse_input).transpose()?;
    let registry = switchyard_nodes::builtin_registry();
    let plan = match check(&text, &registry).and_then(|doc| compile(&doc, &registry)) {
        Ok(plan) => plan,
        Err(problems) => {
            let file = args.file.display().to_string();
            let mut err = std::io::stderr().lock();
            for problem in &problems {
                writeln!(err, "{}", diagnostic_line(&file, problem))?;
            }
            return Ok(Exit::Usage);
        }
    };
    // `--db` is accepted so scripts can pass it today; recording history is not built yet.
    let _ = &args.db;

    let mut request = RunRequest::new(RunMode::Test).with_dry_run(args.dry_run);
    if let Some(items) = items {
        request = request.with_trigger_items(items);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let report = if args.json {
        runtime.block_on(run_until_ctrl_c(&plan, request, &NoSink))
    } else {
        let printer = RunPrinter::new(&plan);
        let sink = |event: &RunEvent| printer.event(event);
        runtime.block_on(run_until_ctrl_c(&plan, request, &sink))
    };

    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&report.to_json(false))?
        )?;
    } else {
        for line in summary_lines(&report) {
            writeln!(out, "{line}")?;
        }
    }
    out.flush()?;
    // Work a cancelled node left behind (a blocking call) must not hold the process open.
    runtime.shutdown_background();
    Ok(if report.status == RunStatus::Succeeded {
        Exit::Ok
    } else {
        Exit::Failed
    })
}

/// Executes the plan; Ctrl-C cancels the run, which then ends with status `cancelled`.
async fn run_until_ctrl_c(plan: &Plan, request: RunRequest, sink: &dyn RunEventSink) -> RunReport {
    let cancel = CancellationToken::new();
    let options = ExecuteOptions::default();
    let run = execute(plan, request, &options, sink, cancel.clone());
    tokio::pin!(run);
    // `biased`: the Ctrl-C handler is installed (first poll) before the run does anything.
    tokio::select! {
        biased;
        signal = tokio::signal::ctrl_c() => {
            if signal.is_ok() {
                cancel.cancel();
            }
            run.await
        }
        report = &mut run => report,
    }
}
