//! `switchyard history list|show|search|prune`: browsing the runs `switchyard run` (and the
//! desktop app) recorded.

use crate::exit::Exit;
use crate::history::{self, Pruning};
use crate::history_print::{list_lines, prune_line, search_lines, show_lines};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use switchyard_engine::RunStatus;
use switchyard_store::{HistoryStore, Retention, RunFilter, SearchHit};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// List recorded runs, newest first
    List(ListArgs),
    /// Show one run: every node's status, attempts, timing, input and output items
    Show(ShowArgs),
    /// Find node runs whose output items or errors contain every word of TEXT
    Search(SearchArgs),
    /// Delete old runs now: keep the newest N runs per workflow and none older than D days
    Prune(PruneArgs),
}

/// `--db`, shared by every history command.
#[derive(clap::Args)]
struct Db {
    /// The history database (default: `SWITCHYARD_DB`, else the per-user
    /// `switchyard/history.db`)
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
}

#[derive(clap::Args)]
struct ListArgs {
    /// Only this workflow's runs
    #[arg(long, value_name = "ID")]
    workflow: Option<String>,
    /// Only runs with this status: running, succeeded, failed, cancelled or interrupted
    #[arg(long, value_name = "STATUS", value_parser = parse_status)]
    status: Option<RunStatus>,
    /// At most this many runs
    #[arg(long, value_name = "N", default_value = "50", value_parser = parse_limit)]
    limit: usize,
    #[command(flatten)]
    db: Db,
    /// Print a JSON array of runs instead of a table
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ShowArgs {
    /// The run's id, as `run` and `history list` print it
    run_id: String,
    #[command(flatten)]
    db: Db,
    /// Print the run as one JSON object (with every node's inputs)
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct SearchArgs {
    /// The words to find (all of them, each taken literally: `lead@example.com` is fine)
    text: String,
    /// Only hits in this workflow's runs
    #[arg(long, value_name = "ID")]
    workflow: Option<String>,
    /// At most this many hits
    #[arg(long, value_name = "N", default_value = "50", value_parser = parse_limit)]
    limit: usize,
    #[command(flatten)]
    db: Db,
    /// Print a JSON array of hits `{run, node_id, snippet}` instead of lines
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct PruneArgs {
    /// Keep the newest N runs of each workflow (0 deletes every finished run)
    #[arg(long, value_name = "N", default_value_t = 1000)]
    keep: usize,
    /// Delete runs that started more than D days ago
    #[arg(long, value_name = "D", default_value_t = 30)]
    days: u32,
    #[command(flatten)]
    db: Db,
    /// Print `{runs_deleted, documents_deleted, keep, days}` instead of a sentence
    #[arg(long)]
    json: bool,
}

const STATUSES: [RunStatus; 5] = [
    RunStatus::Running,
    RunStatus::Succeeded,
    RunStatus::Failed,
    RunStatus::Cancelled,
    RunStatus::Interrupted,
];

/// `--status`: a run status by name; clap turns the error into a usage error (exit 2).
fn parse_status(text: &str) -> Result<RunStatus, String> {
    RunStatus::parse(text).ok_or_else(|| {
        let valid: Vec<&str> = STATUSES.iter().map(|s| s.as_str()).collect();
        format!(
            "unknown run status; the valid statuses are {}",
            valid.join(", ")
        )
    })
}

/// `--limit`: a whole number of at least 1.
fn parse_limit(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err("expected a whole number, at least 1".to_owned()),
    }
}

pub fn run(args: &Args) -> anyhow::Result<Exit> {
    match &args.command {
        Command::List(args) => list(args),
        Command::Show(args) => show(args),
        Command::Search(args) => search(args),
        Command::Prune(args) => prune(args),
    }
}

/// Reading never deletes: the history commands open the store without automatic pruning.
fn open(db: &Db) -> anyhow::Result<HistoryStore> {
    history::open(db.db.as_ref(), Pruning::Never)
}

fn list(args: &ListArgs) -> anyhow::Result<Exit> {
    let store = open(&args.db)?;
    let filter = RunFilter {
        workflow_id: args.workflow.clone(),
        status: args.status,
        limit: args.limit,
        ..RunFilter::default()
    };
    let runs = store.list_runs(&filter)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&runs)?)?;
    } else if runs.is_empty() {
        writeln!(out, "no runs recorded in {}", store.path().display())?;
    } else {
        for line in list_lines(&runs) {
            writeln!(out, "{line}")?;
        }
        if runs.len() == args.limit {
            writeln!(
                out,
                "(the newest {} runs; --limit N shows more)",
                args.limit
            )?;
        }
    }
    Ok(Exit::Ok)
}

fn show(args: &ShowArgs) -> anyhow::Result<Exit> {
    let store = open(&args.db)?;
    let Some(run) = store.get_run(&args.run_id)? else {
        eprintln!(
            "switchyard: no run {:?} in the history database {}",
            args.run_id,
            store.path().display()
        );
        return Ok(Exit::Failed);
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&run.to_json(true))?)?;
    } else {
        let registry = switchyard_nodes::builtin_registry();
        for line in show_lines(&run, &registry) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(Exit::Ok)
}

fn search(args: &SearchArgs) -> anyhow::Result<Exit> {
    if args.text.trim().is_empty() {
        anyhow::bail!("history search: TEXT is empty; give the words to look for");
    }
    let store = open(&args.db)?;
    let hits = find(&store, &args.text, args.workflow.as_deref(), args.limit)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&hits)?)?;
    } else if hits.is_empty() {
        writeln!(
            out,
            "no node output or error in {} contains {:?}",
            store.path().display(),
            args.text
        )?;
    } else {
        for line in search_lines(&hits) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(Exit::Ok)
}

/// The newest `limit` hits, of one workflow's runs if asked. The store's search cannot filter
/// by workflow, so the hits are filtered here, asking the store for more until `limit` hits
/// pass or it has no more.
fn find(
    store: &HistoryStore,
    text: &str,
    workflow: Option<&str>,
    limit: usize,
) -> anyhow::Result<Vec<SearchHit>> {
    let Some(workflow) = workflow else {
        return Ok(store.search(text, limit)?);
    };
    let mut asked = limit.saturating_mul(4);
    loop {
        let hits = store.search(text, asked)?;
        let exhausted = hits.len() < asked;
        let mut kept: Vec<SearchHit> = hits
            .into_iter()
            .filter(|hit| hit.run.workflow_id == workflow)
            .collect();
        if kept.len() >= limit || exhausted || asked == usize::MAX {
            kept.truncate(limit);
            return Ok(kept);
        }
        asked = asked.saturating_mul(4);
    }
}

fn prune(args: &PruneArgs) -> anyhow::Result<Exit> {
    let store = open(&args.db)?;
    let retention = Retention {
        keep_per_workflow: Some(args.keep),
        max_age_days: Some(args.days),
    };
    let stats = store.prune(&retention)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let report = json!({
            "runs_deleted": stats.runs_deleted,
            "documents_deleted": stats.documents_deleted,
            "keep": args.keep,
            "days": args.days,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        writeln!(
            out,
            "{}",
            prune_line(&stats, args.keep, args.days, store.path())
        )?;
    }
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_and_unknown_ones_list_the_valid_ones() {
        assert_eq!(parse_status("failed"), Ok(RunStatus::Failed));
        let err = parse_status("broken").expect_err("unknown");
        for status in STATUSES {
            assert!(err.contains(status.as_str()), "{err}");
        }
    }

    #[test]
    fn limits_are_positive_whole_numbers() {
        assert_eq!(parse_limit("5"), Ok(5));
        assert!(parse_limit("0").is_err());
        assert!(parse_limit("-1").is_err());
        assert!(parse_limit("many").is_err());
    }
}
