//! Human output: problem lines, one line per node as a run goes, and the run's summary.

use serde_json::Value;
use std::collections::HashSet;
use std::io::Write;
use switchyard_engine::{
    NodeError, NodeRecord, NodeStatus, Plan, RunEvent, RunReport, RunStatus, WebhookResponse,
};
use switchyard_model::Diagnostic;

/// Where the detail lines under a node start.
const DETAIL_INDENT: &str = "      ";

/// `FILE: node "x", field "params.y": message`, or `FILE:LINE:COLUMN: message` for problems
/// found in the JSON text itself.
pub fn diagnostic_line(file: &str, problem: &Diagnostic) -> String {
    match (problem.line, problem.column) {
        (Some(line), Some(column)) => {
            let bare = Diagnostic {
                line: None,
                column: None,
                ..problem.clone()
            };
            format!("{file}:{line}:{column}: {bare}")
        }
        _ => format!("{file}: {problem}"),
    }
}

/// Prints each node's line as it finishes, aligned on the plan's longest id and type.
pub struct RunPrinter {
    id_width: usize,
    type_width: usize,
    /// Nodes with no input ports (triggers): their line shows only what they emitted.
    sources: HashSet<String>,
}

impl RunPrinter {
    pub fn new(plan: &Plan) -> Self {
        let nodes: Vec<_> = plan.graph.node_weights().collect();
        Self {
            id_width: nodes
                .iter()
                .map(|n| n.id.chars().count())
                .max()
                .unwrap_or(0),
            type_width: nodes
                .iter()
                .map(|n| n.node_type.chars().count())
                .max()
                .unwrap_or(0),
            sources: nodes
                .iter()
                .filter(|n| n.inputs.is_empty())
                .map(|n| n.id.clone())
                .collect(),
        }
    }

    /// The sink's job: write the lines an event calls for to stdout. A closed stdout is not
    /// the run's business, so write errors are ignored here.
    pub fn event(&self, event: &RunEvent) {
        let lines = self.lines(event);
        if lines.is_empty() {
            return;
        }
        let mut out = std::io::stdout().lock();
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
        let _ = out.flush();
    }

    pub fn lines(&self, event: &RunEvent) -> Vec<String> {
        match event {
            RunEvent::NodeFinished { record, .. } => self.node_lines(record),
            RunEvent::AttemptFailed {
                node_id,
                attempt,
                retry_in_ms: Some(delay),
                ..
            } => {
                let why = attempt
                    .error
                    .as_ref()
                    .map(error_text)
                    .unwrap_or_else(|| "failed".into());
                vec![format!(
                    "  ↻ {node_id:<width$}  attempt {} failed {why}; retrying in {}",
                    attempt.number,
                    format_ms(*delay as f64),
                    width = self.id_width
                )]
            }
            _ => Vec::new(),
        }
    }

    fn node_lines(&self, record: &NodeRecord) -> Vec<String> {
        let shows_work = matches!(record.status, NodeStatus::Succeeded | NodeStatus::Failed);
        let duration = if shows_work {
            format_ms(record.duration_ms)
        } else {
            String::new()
        };
        let counts = if record.status == NodeStatus::Skipped {
            String::new()
        } else {
            self.counts(record)
        };
        let line = format!(
            "{} {:<id_width$}  {:<type_width$}  {:<9}  {:>9}  {}",
            symbol(record.status),
            record.node_id,
            record.node_type,
            record.status.as_str(),
            duration,
            counts,
            id_width = self.id_width,
            type_width = self.type_width,
        );
        let mut lines = vec![line.trim_end().to_owned()];
        if let Some(error) = &record.error {
            lines.push(indent_rest(&format!(
                "{DETAIL_INDENT}error {}",
                error_text(error)
            )));
        }
        if record.item_errors > 0 {
            lines.push(format!(
                "{DETAIL_INDENT}{}",
                handled_failures(record.item_errors)
            ));
        }
        lines
    }

    /// `3 → small:1 mid:2`, `2 → 2` for a node with only `main`, `→ 1` for a trigger.
    fn counts(&self, record: &NodeRecord) -> String {
        let outputs = match record.outputs.as_slice() {
            [(port, items)] if port == "main" => items.len().to_string(),
            ports => ports
                .iter()
                .map(|(port, items)| format!("{port}:{}", items.len()))
                .collect::<Vec<_>>()
                .join(" "),
        };
        if self.sources.contains(&record.node_id) {
            format!("→ {outputs}")
        } else {
            format!("{} → {outputs}", record.input_count())
        }
    }
}

/// The status mark; every mark takes two terminal cells with its padding.
pub fn symbol(status: NodeStatus) -> &'static str {
    match status {
        NodeStatus::Succeeded => "  ✓",
        NodeStatus::Failed => "  ✗",
        NodeStatus::Skipped => "  –",
        NodeStatus::Pinned => " 📌",
        NodeStatus::Disabled => "  ○",
    }
}

/// `(rate_limited, 429): message`
pub fn error_text(error: &NodeError) -> String {
    match error.status {
        Some(status) => format!("({}, {status}): {}", error.kind, error.message),
        None => format!("({}): {}", error.kind, error.message),
    }
}

/// Continuation lines of a multi-line message line up under its first line's text.
fn indent_rest(text: &str) -> String {
    text.replace('\n', &format!("\n{DETAIL_INDENT}  "))
}

/// The lines after the nodes: the webhook answer, if a `flow.respond` chose one, and the outcome.
pub fn summary_lines(report: &RunReport) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(response) = &report.response {
        lines.extend(response_lines(response));
    }
    let duration = format_ms(report.duration_ms);
    let dry = if report.dry_run { " (dry run)" } else { "" };
    let id = &report.run_id;
    let outcome = match (report.status, &report.error) {
        (RunStatus::Succeeded, _) => format!("run {id} succeeded in {duration}{dry}"),
        (RunStatus::Failed, Some(error)) => format!(
            "run {id} failed in {duration}{dry}: node \"{}\" ({}): {}",
            error.node, error.kind, error.message
        ),
        (RunStatus::Cancelled, _) => format!("run {id} cancelled after {duration}{dry}"),
        (status, _) => format!("run {id} {} after {duration}{dry}", status.as_str()),
    };
    lines.push(indent_rest(&outcome));
    lines
}

pub fn response_lines(response: &WebhookResponse) -> Vec<String> {
    let mut lines = vec![format!("response {}", response.status)];
    for (name, value) in &response.headers {
        let value = match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        lines.push(format!("  {name}: {value}"));
    }
    let body =
        serde_json::to_string_pretty(&response.body).unwrap_or_else(|_| response.body.to_string());
    lines.extend(body.lines().map(|line| format!("  {line}")));
    lines
}

/// `0.04 ms`, `12.3 ms`, `1.25 s`.
pub fn format_ms(ms: f64) -> String {
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

/// "1 item failed and was handled by on_error" / "3 items failed and were handled …".
pub fn handled_failures(count: usize) -> String {
    if count == 1 {
        "1 item failed and was handled by on_error".into()
    } else {
        format!("{count} items failed and were handled by on_error")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_problems_carry_line_and_column_in_front() {
        let problem = Diagnostic::document("malformed JSON: expected value").at(3, 7);
        assert_eq!(
            diagnostic_line("a.flow.json", &problem),
            "a.flow.json:3:7: malformed JSON: expected value"
        );
    }

    #[test]
    fn node_problems_name_node_and_field() {
        let problem = Diagnostic::node_field("size", "params.rules", "must be an array");
        assert_eq!(
            diagnostic_line("a.flow.json", &problem),
            "a.flow.json: node \"size\", field \"params.rules\": must be an array"
        );
    }

    #[test]
    fn durations_keep_a_readable_precision() {
        assert_eq!(format_ms(0.041), "0.04 ms");
        assert_eq!(format_ms(12.34), "12.3 ms");
        assert_eq!(format_ms(1250.0), "1.25 s");
    }
}
