//! `switchyard usage`: per credential, today's (UTC) requests, 429s, errors, error rate and the
//! daily quota left, from the counters every run records; a WARNING line for each credential
//! whose errors pass 5% of the day's requests.

use crate::exit::Exit;
use crate::history::{self, Pruning};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use switchyard_engine::Timestamp;
use switchyard_store::{UsageDay, utc_day};

/// Above this share of a day's requests failing, `usage` warns.
pub const WARN_ERROR_RATE: f64 = 0.05;

#[derive(clap::Args)]
pub struct Args {
    /// The history database (default: `SWITCHYARD_DB`, else the per-user
    /// `switchyard/history.db`)
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print `{day, credentials: [{credential_id, type?, requests, errors, rate_limited,
    /// error_rate, daily_limit?, daily_remaining?, …, warning?}]}`
    #[arg(long)]
    json: bool,
}

/// One row: the day's counters (zero for a credential not used today) and its type if known.
struct Row {
    usage: UsageDay,
    kind: Option<String>,
}

impl Row {
    fn warning(&self) -> Option<String> {
        (self.usage.error_rate > WARN_ERROR_RATE).then(|| {
            format!(
                "WARNING: credential \"{}\": {} of today's {} requests failed ({:.1}%, over {:.0}%)",
                self.usage.credential_id,
                self.usage.errors,
                self.usage.requests,
                self.usage.error_rate * 100.0,
                WARN_ERROR_RATE * 100.0
            )
        })
    }
}

pub fn run(args: &Args) -> anyhow::Result<Exit> {
    let store = history::open(args.db.as_ref(), Pruning::Never)?;
    let day = utc_day(Timestamp::now());
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    for usage in store.usage_on(&day)? {
        rows.insert(usage.credential_id.clone(), Row { usage, kind: None });
    }
    for meta in store.list_credentials()? {
        let row = rows.entry(meta.id.clone()).or_insert_with(|| Row {
            usage: empty(&meta.id, &day),
            kind: None,
        });
        row.kind = Some(meta.kind);
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let credentials: Vec<Value> = rows.values().map(row_json).collect();
        let report = json!({ "day": day, "credentials": credentials });
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(Exit::Ok);
    }
    if rows.is_empty() {
        writeln!(
            out,
            "no credential usage recorded today ({day} UTC) in {}",
            store.path().display()
        )?;
        return Ok(Exit::Ok);
    }
    writeln!(out, "usage on {day} (UTC)")?;
    let table: Vec<[String; 6]> = rows
        .values()
        .map(|row| {
            let u = &row.usage;
            [
                u.credential_id.clone(),
                u.requests.to_string(),
                u.rate_limited.to_string(),
                u.errors.to_string(),
                format!("{:.1}%", u.error_rate * 100.0),
                match (u.daily_remaining, u.daily_limit) {
                    (Some(left), Some(limit)) => format!("{left} of {limit}"),
                    (Some(left), None) => left.to_string(),
                    _ => "-".into(),
                },
            ]
        })
        .collect();
    let header = [
        "CREDENTIAL",
        "REQUESTS",
        "429S",
        "ERRORS",
        "ERROR RATE",
        "DAILY LEFT",
    ]
    .map(String::from);
    let mut widths = header.clone().map(|h| h.len());
    for line in &table {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.len());
        }
    }
    for line in std::iter::once(&header).chain(&table) {
        let cells: Vec<String> = line
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    for row in rows.values() {
        if let Some(warning) = row.warning() {
            writeln!(out, "{warning}")?;
        }
    }
    Ok(Exit::Ok)
}

fn empty(id: &str, day: &str) -> UsageDay {
    UsageDay {
        credential_id: id.to_owned(),
        day: day.to_owned(),
        requests: 0,
        errors: 0,
        rate_limited: 0,
        error_rate: 0.0,
        daily_limit: None,
        daily_remaining: None,
        interval_ms: None,
        interval_max: None,
        interval_remaining: None,
        updated_at: Timestamp::now(),
    }
}

fn row_json(row: &Row) -> Value {
    let u = &row.usage;
    let mut value = json!({
        "credential_id": u.credential_id,
        "type": row.kind,
        "requests": u.requests,
        "rate_limited": u.rate_limited,
        "errors": u.errors,
        "error_rate": u.error_rate,
        "daily_limit": u.daily_limit,
        "daily_remaining": u.daily_remaining,
        "interval_ms": u.interval_ms,
        "interval_max": u.interval_max,
        "interval_remaining": u.interval_remaining,
        "updated_at": (u.requests > 0).then_some(u.updated_at),
    });
    if let (Value::Object(map), Some(warning)) = (&mut value, row.warning()) {
        map.insert("warning".into(), json!(warning));
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(requests: u64, errors: u64) -> Row {
        let mut usage = empty("hs", "2026-11-28");
        usage.requests = requests;
        usage.errors = errors;
        usage.error_rate = errors as f64 / requests as f64;
        Row { usage, kind: None }
    }

    #[test]
    fn warns_only_when_errors_pass_five_percent() {
        assert!(row(20, 1).warning().is_none(), "exactly 5% is not past it");
        assert!(row(100, 5).warning().is_none());
        let warning = row(19, 1).warning().expect("5.3%");
        assert!(
            warning
                .starts_with("WARNING: credential \"hs\": 1 of today's 19 requests failed (5.3%"),
            "{warning}"
        );
        assert!(row(10, 1).warning().is_some());
    }
}
