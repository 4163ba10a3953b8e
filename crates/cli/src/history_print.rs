//! Human output of the history commands: the run table, one run in full, search hits, and
//! what a prune deleted.

use crate::print::{error_text, format_ms, response_lines, symbol};
use serde_json::Value;
use std::path::Path;
use switchyard_engine::{NodeRecord, NodeStatus, Registry, RunError, Timestamp};
use switchyard_store::{PruneStats, RunSummary, SearchHit, StoredRun, Truncation};

/// At most this many items are printed per port; the rest are counted.
const ITEMS_PER_PORT: usize = 20;
/// An item's JSON longer than this many characters is cut, with a mark.
const ITEM_CHARS: usize = 300;
/// A run error in the table is cut to this many characters.
const ERROR_CHARS: usize = 80;

/// Where a node's detail lines start, and its items under them.
const DETAIL: &str = "      ";
const ITEM: &str = "          ";

/// `history list`: a header and one row per run.
pub fn list_lines(runs: &[RunSummary]) -> Vec<String> {
    let rows = runs
        .iter()
        .map(|run| {
            vec![
                run.run_id.clone(),
                run.workflow_id.clone(),
                run_status(run),
                run.trigger.clone(),
                short_time(run.started_at),
                run.duration_ms.map(format_ms).unwrap_or_else(|| "—".into()),
                run.error
                    .as_ref()
                    .map(|e| cut(&run_error_text(e), ERROR_CHARS))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    table(
        &[
            "RUN",
            "WORKFLOW",
            "STATUS",
            "TRIGGER",
            "STARTED (UTC)",
            "DURATION",
            "ERROR",
        ],
        rows,
        &[5],
    )
}

/// `history search`: a header and one row per hit.
pub fn search_lines(hits: &[SearchHit]) -> Vec<String> {
    let rows = hits
        .iter()
        .map(|hit| {
            vec![
                hit.run.run_id.clone(),
                hit.run.workflow_id.clone(),
                run_status(&hit.run),
                short_time(hit.run.started_at),
                hit.node_id.clone(),
                one_line(&hit.snippet),
            ]
        })
        .collect();
    table(
        &[
            "RUN",
            "WORKFLOW",
            "STATUS",
            "STARTED (UTC)",
            "NODE",
            "MATCH",
        ],
        rows,
        &[],
    )
}

/// `history prune`: one sentence.
pub fn prune_line(stats: &PruneStats, keep: usize, days: u32, db: &Path) -> String {
    let runs = plural(stats.runs_deleted, "run", "runs");
    let documents = plural(
        stats.documents_deleted,
        "workflow document",
        "workflow documents",
    );
    format!(
        "deleted {runs} and {documents} from {} (keeping the newest {keep} runs per workflow, none older than {})",
        db.display(),
        plural(days as usize, "day", "days"),
    )
}

/// `history show`: the run's header, then every node with its items.
pub fn show_lines(run: &StoredRun, registry: &Registry) -> Vec<String> {
    let report = &run.report;
    let mut lines = Vec::new();
    let mut field = |name: &str, value: String| lines.push(format!("{name:<9} {value}"));
    field("run", report.run_id.clone());
    field("workflow", report.workflow_id.clone());
    let dry = if report.dry_run { " (dry run)" } else { "" };
    field("mode", format!("{}{dry}", report.mode.as_str()));
    field("status", report.status.as_str().to_owned());
    field("trigger", report.trigger.clone());
    if let Some(path) = &run.source_path {
        field("file", path.clone());
    }
    field("started", long_time(report.started_at));
    match report.finished_at {
        Some(finished) => {
            field("finished", long_time(finished));
            field("duration", format_ms(report.duration_ms));
        }
        None => field("finished", "— (still running)".to_owned()),
    }
    if let Some(origin) = &run.origin_run_id {
        field("origin", format!("re-run of {origin}"));
    }
    if let Some(items) = &run.trigger_items {
        field(
            "input",
            format!(
                "{} given to the trigger",
                plural(items.len(), "item", "items")
            ),
        );
    }
    if let Some(error) = &report.error {
        field("error", run_error_text(error));
    }

    let id_width = width(report.nodes.keys());
    let type_width = width(report.nodes.values().map(|n| &n.node_type));
    lines.push(String::new());
    lines.push(format!(
        "nodes ({}, in the order they finished)",
        report.nodes.len()
    ));
    for record in report.nodes.values() {
        let truncation = run.truncated.get(&record.node_id);
        lines.extend(node_lines(
            record,
            registry,
            (id_width, type_width),
            truncation.and_then(|t| t.inputs),
            truncation.and_then(|t| t.outputs),
        ));
    }
    if let Some(response) = &report.response {
        lines.push(String::new());
        lines.extend(response_lines(response));
    }
    lines
}

fn node_lines(
    record: &NodeRecord,
    registry: &Registry,
    (id_width, type_width): (usize, usize),
    inputs_cut: Option<Truncation>,
    outputs_cut: Option<Truncation>,
) -> Vec<String> {
    let ran = matches!(record.status, NodeStatus::Succeeded | NodeStatus::Failed);
    let work = if ran {
        format!(
            "{}  {}",
            plural(record.attempts as usize, "attempt", "attempts"),
            format_ms(record.duration_ms)
        )
    } else {
        String::new()
    };
    let head = format!(
        "{} {:<id_width$}  {:<type_width$}  {:<9}  {work}",
        symbol(record.status),
        record.node_id,
        record.node_type,
        record.status.as_str(),
    );
    let mut lines = vec![head.trim_end().to_owned()];
    if let Some(error) = &record.error {
        lines.push(format!("{DETAIL}error {}", one_line(&error_text(error))));
        if let Some(details) = &error.details {
            lines.push(format!("{DETAIL}  details {}", compact(details)));
        }
    }
    for attempt in &record.attempt_log {
        if let Some(error) = &attempt.error
            && record.attempts > 1
        {
            lines.push(format!(
                "{DETAIL}attempt {} failed {}",
                attempt.number,
                one_line(&error_text(error))
            ));
        }
    }
    if record.item_errors > 0 {
        lines.push(format!(
            "{DETAIL}{}",
            crate::print::handled_failures(record.item_errors)
        ));
    }
    if record.status == NodeStatus::Skipped {
        return lines;
    }
    for (name, items) in input_ports(registry, record) {
        lines.extend(port_lines("in", &name, items));
    }
    if let Some(cut) = inputs_cut {
        lines.push(truncation_line("input", cut));
    }
    for (port, items) in &record.outputs {
        lines.extend(port_lines("out", port, items));
    }
    if let Some(cut) = outputs_cut {
        lines.push(truncation_line("output", cut));
    }
    lines
}

/// A node's input ports with their items, named from the catalog; `in1`, `in2`, … when the
/// type is not known here or its ports do not match what was stored. A node the catalog gives
/// no inputs (a trigger) shows none unless items were stored for it.
fn input_ports<'a>(registry: &Registry, record: &'a NodeRecord) -> Vec<(String, &'a [Value])> {
    let known = registry
        .get(&record.node_type)
        .map(|node| node.description().inputs.clone());
    if known.as_ref().is_some_and(Vec::is_empty) && record.input_count() == 0 {
        return Vec::new();
    }
    let names = known
        .filter(|names| names.len() == record.inputs.len())
        .unwrap_or_else(|| {
            (1..=record.inputs.len())
                .map(|n| format!("in{n}"))
                .collect()
        });
    names
        .into_iter()
        .zip(record.inputs.iter().map(|items| items.as_slice()))
        .collect()
}

fn port_lines(side: &str, port: &str, items: &[Value]) -> Vec<String> {
    let mut lines = vec![format!(
        "{DETAIL}{side} {port}: {}",
        plural(items.len(), "item", "items")
    )];
    for item in items.iter().take(ITEMS_PER_PORT) {
        lines.push(format!("{ITEM}{}", compact(item)));
    }
    if items.len() > ITEMS_PER_PORT {
        lines.push(format!(
            "{ITEM}… {} more (history show --json prints them all)",
            items.len() - ITEMS_PER_PORT
        ));
    }
    lines
}

fn truncation_line(side: &str, cut: Truncation) -> String {
    format!(
        "{DETAIL}(the {side} items were cut to fit the history size limit: {} of {} kept; they came to {})",
        cut.kept_items,
        cut.total_items,
        format_bytes(cut.original_bytes)
    )
}

/// `node "boom" (expression): message`; an interrupted run's error names no node.
fn run_error_text(error: &RunError) -> String {
    let text = if error.node.is_empty() {
        format!("({}): {}", error.kind, error.message)
    } else {
        format!(
            "node \"{}\" ({}): {}",
            error.node, error.kind, error.message
        )
    };
    one_line(&text)
}

/// A run's status, marked when it was a dry run.
fn run_status(run: &RunSummary) -> String {
    if run.dry_run {
        format!("{} (dry run)", run.status.as_str())
    } else {
        run.status.as_str().to_owned()
    }
}

/// Columns padded to their widest cell; the columns listed in `right` are right-aligned. The
/// last column is not padded, and trailing spaces are trimmed.
fn table(headers: &[&str], rows: Vec<Vec<String>>, right: &[usize]) -> Vec<String> {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (at, cell) in row.iter().enumerate() {
            widths[at] = widths[at].max(cell.chars().count());
        }
    }
    let header: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
    std::iter::once(header)
        .chain(rows)
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(at, cell)| {
                    let width = widths[at];
                    if at + 1 == row.len() {
                        cell.clone()
                    } else if right.contains(&at) {
                        format!("{cell:>width$}")
                    } else {
                        format!("{cell:<width$}")
                    }
                })
                .collect();
            cells.join("  ").trim_end().to_owned()
        })
        .collect()
}

fn width<'a>(texts: impl Iterator<Item = &'a String>) -> usize {
    texts.map(|t| t.chars().count()).max().unwrap_or(0)
}

/// `2026-11-28 20:00:00`
fn short_time(at: Timestamp) -> String {
    let text = at.to_string();
    text.get(..19).unwrap_or(&text).replace('T', " ")
}

/// `2026-11-28 20:00:00.123 UTC`
fn long_time(at: Timestamp) -> String {
    let text = at.to_string();
    let text = text.strip_suffix('Z').unwrap_or(&text).replace('T', " ");
    format!("{text} UTC")
}

/// An item as one line of JSON, cut when it is very long.
fn compact(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| value.to_string());
    let chars = text.chars().count();
    if chars <= ITEM_CHARS {
        return text;
    }
    let kept: String = text.chars().take(ITEM_CHARS).collect();
    format!("{kept}… ({} characters in all)", chars)
}

/// The first line of `text`, cut to `max` characters.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{kept}…")
}

/// Newlines (and runs of whitespace around them) become single spaces.
fn one_line(text: &str) -> String {
    if !text.contains(['\n', '\r']) {
        return text.to_owned();
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `512 B`, `1.5 KiB`, `2.0 MiB`.
fn format_bytes(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KIB {
        format!("{bytes} B")
    } else if b < KIB * KIB {
        format!("{:.1} KiB", b / KIB)
    } else {
        format!("{:.1} MiB", b / (KIB * KIB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tables_pad_every_column_but_the_last() {
        let lines = table(
            &["A", "BB", "C"],
            vec![vec!["xyz".into(), "1".into(), "tail".into()]],
            &[1],
        );
        assert_eq!(lines, vec!["A    BB  C", "xyz   1  tail"]);
    }

    #[test]
    fn times_are_short_in_tables_and_precise_in_show() {
        let at = Timestamp::from_unix_millis(1_795_896_000_123).expect("in range");
        assert_eq!(short_time(at), "2026-11-28 20:00:00");
        assert_eq!(long_time(at), "2026-11-28 20:00:00.123 UTC");
    }

    #[test]
    fn long_items_and_ports_are_cut_with_a_count() {
        let big = json!({ "pad": "x".repeat(1000) });
        let line = compact(&big);
        assert!(line.contains("… ("), "{line}");
        assert!(line.chars().count() < ITEM_CHARS + 40);

        let items: Vec<Value> = (0..25).map(|n| json!({ "n": n })).collect();
        let lines = port_lines("out", "main", &items);
        assert_eq!(lines[0], format!("{DETAIL}out main: 25 items"));
        assert_eq!(lines.len(), 1 + ITEMS_PER_PORT + 1);
        assert!(lines[ITEMS_PER_PORT + 1].contains("… 5 more"), "{lines:?}");
    }

    #[test]
    fn sizes_and_counts_read_naturally() {
        assert_eq!(format_bytes(512), "512 B");
        assert_eq!(format_bytes(1536), "1.5 KiB");
        assert_eq!(format_bytes(2 * 1024 * 1024), "2.0 MiB");
        assert_eq!(plural(1, "run", "runs"), "1 run");
        assert_eq!(plural(0, "run", "runs"), "0 runs");
        assert_eq!(one_line("a\n  b\n"), "a b");
    }
}
