//! `switchyard run FILE [--input JSON|@path] [--db PATH] [--json] [--dry-run] [--until ID |
//! --node ID]`: one test run, recorded in history.

use crate::document::{check, read_text};
use crate::exit::Exit;
use crate::history::{self, Pruning};
use crate::input::parse_input;
use crate::session::{finish, refuse, run_printed};
use std::io::Write;
use std::path::{Path, PathBuf};
use switchyard_engine::{RunMode, compile};
use switchyard_host::{RunSpec, RunTarget, Runner};

#[derive(clap::Args)]
pub struct Args {
    /// The workflow document (`*.flow.json`)
    file: PathBuf,
    /// The trigger's items: a JSON object (one item) or an array of objects; `@path` reads a file
    #[arg(long, value_name = "JSON|@PATH")]
    input: Option<String>,
    /// The history database the run is recorded in (default: `SWITCHYARD_DB`, else the
    /// per-user `switchyard/history.db`)
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print the run report as one JSON object instead of text
    #[arg(long)]
    json: bool,
    /// Run reads and logic for real, but send no request that changes data elsewhere
    #[arg(long)]
    dry_run: bool,
    /// Run only this node and the nodes it depends on
    #[arg(long, value_name = "NODE", conflicts_with = "node")]
    until: Option<String>,
    /// Run only this node, on the outputs the nodes before it had in the latest recorded run of
    /// this workflow (or their pinned data)
    #[arg(long, value_name = "NODE")]
    node: Option<String>,
}

pub fn run(args: &Args) -> anyhow::Result<Exit> {
    let text = read_text(&args.file)?;
    let items = args.input.as_deref().map(parse_input).transpose()?;
    let file = args.file.display().to_string();
    let mut runner = Runner::new(None);
    let plan =
        match check(&text, runner.registry()).and_then(|doc| compile(&doc, runner.registry())) {
            Ok(plan) => plan,
            Err(problems) => {
                let mut err = std::io::stderr().lock();
                for problem in &problems {
                    writeln!(err, "{}", crate::print::diagnostic_line(&file, problem))?;
                }
                return Ok(Exit::Usage);
            }
        };
    runner.attach_store(history::open(args.db.as_ref(), Pruning::Auto)?);
    let target = match (&args.until, &args.node) {
        (Some(node), _) => RunTarget::Until(node.clone()),
        (None, Some(node)) => RunTarget::Node(node.clone()),
        (None, None) => RunTarget::Whole,
    };
    let spec = RunSpec {
        document_text: text,
        source_path: Some(source_path(&args.file)),
        mode: RunMode::Test,
        trigger_items: items,
        dry_run: args.dry_run,
        target,
        origin_run_id: None,
    };
    match run_printed(&runner, &plan, spec, args.json)? {
        Ok(report) => finish(&report, args.json),
        Err(error) => refuse(&file, &error),
    }
}

/// The workflow file as history keeps it: absolute, so a later re-run finds it from anywhere.
pub fn source_path(file: &Path) -> PathBuf {
    std::fs::canonicalize(file)
        .or_else(|_| std::path::absolute(file))
        .unwrap_or_else(|_| file.to_owned())
}
