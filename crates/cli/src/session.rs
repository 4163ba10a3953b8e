//! Running through the host with live output: a line per node as it finishes (or nothing with
//! `--json`), Ctrl-C cancelling the run, and the closing summary. `run` and `rerun` share it.

use crate::exit::Exit;
use crate::print::{RunPrinter, summary_lines};
use anyhow::Context;
use std::io::Write;
use switchyard_engine::event::NoSink;
use switchyard_engine::{Plan, RunEvent, RunEventSink, RunReport, RunStatus};
use switchyard_host::{HostError, RunSpec, Runner};
use tokio_util::sync::CancellationToken;

/// A multi-threaded runtime for one command.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Runs `spec`, printing as it goes; the report, or why the run could not start.
pub fn run_printed(
    runner: &Runner,
    plan: &Plan,
    spec: RunSpec,
    json: bool,
) -> anyhow::Result<Result<RunReport, HostError>> {
    let runtime = runtime()?;
    let printer = RunPrinter::new(plan);
    let print = |event: &RunEvent| printer.event(event);
    let sink: &dyn RunEventSink = if json { &NoSink } else { &print };
    let outcome = runtime.block_on(cancel_on_ctrl_c(|cancel| runner.run(spec, sink, cancel)));
    // Work a cancelled node left behind (a blocking call) must not hold the process open.
    runtime.shutdown_background();
    Ok(outcome)
}

/// Runs `work` with a cancel token that Ctrl-C triggers.
pub async fn cancel_on_ctrl_c<F, T>(work: impl FnOnce(CancellationToken) -> F) -> T
where
    F: std::future::Future<Output = T>,
{
    let cancel = CancellationToken::new();
    let run = work(cancel.clone());
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
        outcome = &mut run => outcome,
    }
}

/// Prints the report (JSON, or the summary lines) and picks the exit code.
pub fn finish(report: &RunReport, json: bool) -> anyhow::Result<Exit> {
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&report.to_json(false))?
        )?;
    } else {
        for line in summary_lines(report) {
            writeln!(out, "{line}")?;
        }
    }
    out.flush()?;
    Ok(if report.status == RunStatus::Succeeded {
        Exit::Ok
    } else {
        Exit::Failed
    })
}

/// A host error that stopped a run from starting: printed, with its exit code.
pub fn refuse(file: &str, error: &HostError) -> anyhow::Result<Exit> {
    let mut err = std::io::stderr().lock();
    match error {
        HostError::Invalid(problems) => {
            for problem in problems {
                writeln!(err, "{}", crate::print::diagnostic_line(file, problem))?;
            }
            Ok(Exit::Usage)
        }
        HostError::UnknownRun(_) => {
            writeln!(err, "switchyard: {error}")?;
            Ok(Exit::Failed)
        }
        other => {
            writeln!(err, "switchyard: {other}")?;
            Ok(Exit::Usage)
        }
    }
}
