//! `switchyard rerun RUN_ID [--current] [--db PATH] [--json]`: runs a recorded run again with
//! its trigger items, on the workflow version recorded with it, or on the current file.

use crate::document::{check, read_text};
use crate::exit::Exit;
use crate::history::{self, Pruning};
use crate::session::{finish, refuse, run_printed};
use std::path::PathBuf;
use switchyard_engine::compile;
use switchyard_host::Runner;

#[derive(clap::Args)]
pub struct Args {
    /// The run to repeat (see `switchyard history list`)
    run_id: String,
    /// Use the workflow file as it is now instead of the version recorded with the run
    #[arg(long)]
    current: bool,
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print the run report as one JSON object instead of text
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> anyhow::Result<Exit> {
    let mut runner = Runner::new(None);
    runner.attach_store(history::open(args.db.as_ref(), Pruning::Auto)?);
    let stored = match runner.stored_run(&args.run_id) {
        Ok(stored) => stored,
        Err(error) => return refuse(&args.run_id, &error),
    };
    let current = if args.current {
        let Some(path) = stored.source_path.clone() else {
            eprintln!(
                "switchyard: run {} does not say which file it came from; run the file with `switchyard run FILE --input …` instead",
                args.run_id
            );
            return Ok(Exit::Usage);
        };
        let path = PathBuf::from(path);
        Some((read_text(&path)?, Some(path)))
    } else {
        None
    };
    let spec = match runner.rerun_spec(&args.run_id, current) {
        Ok(spec) => spec,
        Err(error) => return refuse(&args.run_id, &error),
    };
    let label = spec.source_path.as_ref().map_or_else(
        || format!("run {}", args.run_id),
        |p| p.display().to_string(),
    );
    let plan = match check(&spec.document_text, runner.registry())
        .and_then(|doc| compile(&doc, runner.registry()))
    {
        Ok(plan) => plan,
        Err(problems) => return refuse(&label, &switchyard_host::HostError::Invalid(problems)),
    };
    if !args.json {
        println!(
            "re-running {} ({})",
            args.run_id,
            if args.current {
                "current file"
            } else {
                "recorded version"
            }
        );
    }
    match run_printed(&runner, &plan, spec, args.json)? {
        Ok(report) => finish(&report, args.json),
        Err(error) => refuse(&label, &error),
    }
}
