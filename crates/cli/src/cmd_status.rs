//! `switchyard status [--db PATH] [--json]`: what the `serve` process using this database is
//! doing: whether it runs, where it listens, its workflows and their triggers, and how many
//! events it took in and turned away (per reason).

use crate::exit::Exit;
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;
use switchyard_host::status::{HostStatus, read_status};

#[derive(clap::Args)]
pub struct Args {
    /// The history database the host serves from (default: `SWITCHYARD_DB`, else the per-user
    /// `switchyard/history.db`)
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print one JSON object
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> anyhow::Result<Exit> {
    let path = switchyard_store::resolve_db_path(args.db.clone());
    let status = read_status(&path)?;
    let mut out = std::io::stdout().lock();
    match (status, args.json) {
        (None, true) => writeln!(out, "{}", json!({ "running": false, "served": false }))?,
        (None, false) => writeln!(out, "no `switchyard serve` has used {}", path.display())?,
        (Some(status), true) => writeln!(out, "{}", serde_json::to_string_pretty(&status)?)?,
        (Some(status), false) => write_text(&mut out, &status)?,
    }
    Ok(Exit::Ok)
}

fn count(state: &Value, path: &[&str]) -> u64 {
    path.iter()
        .try_fold(state, |v, key| v.get(key))
        .and_then(Value::as_u64)
        .unwrap_or(0)
}

fn write_text(out: &mut impl Write, status: &HostStatus) -> std::io::Result<()> {
    let listen = status.listen.as_deref().unwrap_or("-");
    if status.running {
        writeln!(
            out,
            "serve: running (pid {}, since {}), listening on http://{listen}",
            status.pid, status.started_at
        )?;
    } else {
        let when = status.stopped_at.unwrap_or(status.updated_at);
        writeln!(
            out,
            "serve: not running (pid {} last seen {when}; it listened on {listen})",
            status.pid
        )?;
    }
    let state = &status.state;
    writeln!(out, "workflows:")?;
    let workflows = state
        .get("workflows")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if workflows.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for workflow in &workflows {
        let text = |key: &str| {
            workflow
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or("-")
                .to_owned()
        };
        let active = if workflow
            .get("active")
            .and_then(Value::as_bool)
            .unwrap_or(false)
        {
            "active"
        } else {
            "inactive"
        };
        writeln!(
            out,
            "  {:<24} {:<8} {:<18} {}",
            text("id"),
            active,
            text("trigger"),
            text("listening")
        )?;
        writeln!(out, "      file: {}", text("file"))?;
        if let Some(problem) = workflow.get("problem").and_then(Value::as_str) {
            writeln!(out, "      problem: {problem}")?;
        }
    }
    writeln!(
        out,
        "runs: {} running, {} queued, {} finished",
        count(state, &["runs", "running"]),
        count(state, &["runs", "queued"]),
        count(state, &["runs", "finished"])
    )?;
    writeln!(
        out,
        "events: {} accepted, {} skipped as duplicates",
        count(state, &["accepted"]),
        count(state, &["skipped_duplicates"])
    )?;
    let rejected: Vec<String> = state
        .get("rejected")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k} {}", v.as_u64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default();
    writeln!(out, "rejected: {}", rejected.join(", "))?;
    Ok(())
}
