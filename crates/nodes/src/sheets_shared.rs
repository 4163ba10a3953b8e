//! What the Google Sheets nodes share: a client for the node's credential (resolved through the
//! run's vault, with the run's HTTP core and options), Sheets errors as node errors, and the
//! header-row logic of the writing nodes (values under their header, new headers added at the
//! end of the header row, cells as the API takes them).

use crate::http_request::http_core;
use indexmap::IndexMap;
use serde_json::{Map, Value, json};
use std::sync::Arc;
use switchyard_connectors::hubspot::UsageRecorder;
use switchyard_connectors::sheets::{
    Call, ClientOptions, ErrorKind as GKind, SheetsClient, SheetsCredential, SheetsError, a1,
};
use switchyard_engine::{ErrorKind, NodeContext, NodeError, NodeInfo, RunMode, Template};
use switchyard_model::NodeGroup;
use switchyard_secrets::{Purpose, Vault};

/// The credential types the Sheets nodes take.
pub const CREDENTIAL_TYPES: &[&str] = &["google.service_account", "google.oauth"];

/// The description every `sheets.*` node shares: group app, a Google credential required;
/// `writes` marks the nodes that `--dry-run` simulates.
pub fn sheets_info(
    node_type: &'static str,
    label: &'static str,
    description: &'static str,
    writes: bool,
) -> NodeInfo {
    NodeInfo {
        credential_types: CREDENTIAL_TYPES,
        credential_required: true,
        side_effects: writes,
        ..NodeInfo::simple(node_type, label, NodeGroup::App, description)
    }
}

/// A client for the node's credential.
pub fn client(ctx: &NodeContext<'_>) -> Result<SheetsClient, NodeError> {
    let id = ctx.credential_id().ok_or_else(|| {
        NodeError::config(format!(
            "node \"{}\" needs a Google credential (\"credential\": an id of type google.service_account or google.oauth)",
            ctx.node_id
        ))
    })?;
    let vault = ctx
        .run
        .extensions
        .get::<Vault>()
        .map_or_else(Vault::system, |v| (*v).clone());
    let purpose = match ctx.run.mode {
        RunMode::Test => Purpose::Test,
        RunMode::Production => Purpose::Production,
    };
    let json = vault
        .resolve(id, purpose)
        .map_err(|e| NodeError::config(e.to_string()))?;
    let credential = SheetsCredential::from_json(id, &json).map_err(node_error)?;
    let options = ctx
        .run
        .extensions
        .get::<ClientOptions>()
        .map(|o| (*o).clone())
        .unwrap_or_default();
    let mut client =
        SheetsClient::new(http_core(ctx), credential, options).with_node_id(ctx.node_id);
    if let Some(recorder) = ctx.run.extensions.get::<UsageRecorder>() {
        client = client.with_usage(Arc::clone(&recorder.0));
    }
    Ok(client)
}

/// A Sheets error as a node error (same kind, message, status and details).
pub fn node_error(error: SheetsError) -> NodeError {
    let kind = match error.kind {
        GKind::Validation => ErrorKind::Validation,
        GKind::Auth => ErrorKind::Auth,
        GKind::Forbidden => ErrorKind::Forbidden,
        GKind::NotFound => ErrorKind::NotFound,
        GKind::Conflict => ErrorKind::Conflict,
        GKind::RateLimited => ErrorKind::RateLimited,
        GKind::Server => ErrorKind::Server,
        GKind::Timeout => ErrorKind::Timeout,
        GKind::Network => ErrorKind::Network,
        GKind::Config => ErrorKind::Config,
    };
    NodeError {
        message: error.message,
        kind,
        status: error.status,
        details: error.details,
    }
}

/// One input item's values: the `values` param (header → value or expression), or the item's
/// own keys.
pub fn item_values(
    values: Option<&IndexMap<String, Template>>,
    ctx: &NodeContext<'_>,
    index: usize,
) -> Result<IndexMap<String, Value>, NodeError> {
    let mut out = IndexMap::new();
    match values {
        Some(templates) => {
            let scope = ctx.scope(index);
            for (name, template) in templates {
                let resolved = template
                    .resolve(&scope)
                    .map_err(|e| ctx.expression_error(format!("value \"{name}\": {e}")))?;
                if let Some(value) = resolved.as_value() {
                    out.insert(name.clone(), value.clone());
                }
            }
        }
        None => match ctx.input().get(index) {
            Some(Value::Object(fields)) => {
                out.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            _ => {
                return Err(NodeError::new(
                    ErrorKind::Validation,
                    "the item is not an object; give \"values\" (column header → value)",
                ));
            }
        },
    }
    Ok(out)
}

/// A value as a cell: strings, numbers and booleans as they are, `null` as an empty cell,
/// objects and arrays as JSON text.
pub fn cell(value: &Value) -> Value {
    match value {
        Value::Null => json!(""),
        Value::String(_) | Value::Number(_) | Value::Bool(_) => value.clone(),
        other => json!(other.to_string()),
    }
}

/// A cell's text, as the formatted values Google answers with (for comparing keys).
pub fn cell_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.trim().to_owned(),
        Value::Bool(true) => "TRUE".into(),
        Value::Bool(false) => "FALSE".into(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The header row, as read, and what the run added to it.
#[derive(Debug, Clone)]
pub struct Header {
    pub target: a1::Target,
    pub names: Vec<String>,
    /// The header row had no names at all (an empty sheet).
    pub was_empty: bool,
    pub changed: bool,
}

impl Header {
    pub fn new(target: a1::Target, row: &[Value]) -> Self {
        let mut names: Vec<String> = row.iter().map(cell_text).collect();
        while names.last().is_some_and(String::is_empty) {
            names.pop();
        }
        let was_empty = names.is_empty();
        Self {
            target,
            names,
            was_empty,
            changed: false,
        }
    }

    /// Adds the keys that have no column yet, at the end of the header row.
    pub fn extend<'a>(&mut self, keys: impl IntoIterator<Item = &'a String>) {
        for key in keys {
            if !self.names.iter().any(|n| n == key) {
                self.names.push(key.clone());
                self.changed = true;
            }
        }
    }

    /// The row of cells for `values`: each under its header; `null` (skip) where a column has
    /// no value, trailing skips left out.
    pub fn row(&self, values: &IndexMap<String, Value>) -> Value {
        let mut cells: Vec<Value> = self
            .names
            .iter()
            .map(|name| values.get(name).map_or(Value::Null, cell))
            .collect();
        while cells.last().is_some_and(Value::is_null) {
            cells.pop();
        }
        Value::Array(cells)
    }

    /// The header row as cells.
    pub fn cells(&self) -> Value {
        json!(self.names)
    }

    /// The `(range, rows)` that writes the header row.
    pub fn write(&self) -> (String, Vec<Value>) {
        (
            self.target.row_range(self.target.row0, self.names.len()),
            vec![self.cells()],
        )
    }
}

/// Reads the header row of `range`. A range this side cannot read is sent as given, so Google
/// judges it (and its error names the range).
pub async fn read_header(
    client: &SheetsClient,
    spreadsheet_id: &str,
    range: &str,
) -> Result<Header, SheetsError> {
    if let Some(target) = a1::target(range) {
        let (header_range, skip) = target.header_range();
        let read = client.get_values(spreadsheet_id, &header_range).await?;
        let first = read.values.first().cloned().unwrap_or_default();
        return Ok(Header::new(target, first.get(skip..).unwrap_or_default()));
    }
    let read = client.get_values(spreadsheet_id, range).await?;
    let target = a1::target(&read.range).ok_or_else(|| {
        SheetsError::validation(format!("Unable to locate the header row of \"{range}\""))
    })?;
    let first = read.values.first().cloned().unwrap_or_default();
    Ok(Header::new(target, &first))
}

/// `{row, values}`: what a writing node emits per item.
pub fn written(row: usize, values: &IndexMap<String, Value>) -> Value {
    let values: Map<String, Value> = values.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    json!({ "row": row, "values": values })
}

/// A dry run's item: the request this item would have gone out in.
pub fn shown(client: &SheetsClient, call: &Call) -> Value {
    json!({ "dry_run": true, "request": client.preview(call).masked() })
}

/// Evaluates `prepare` for every input item; failures are reported at once and left out.
pub fn prepare<T>(
    ctx: &mut NodeContext<'_>,
    mut prepare: impl FnMut(&NodeContext<'_>, usize) -> Result<T, NodeError>,
) -> Vec<(usize, T)> {
    let mut ready = Vec::new();
    for index in 0..ctx.input().len() {
        match prepare(ctx, index) {
            Ok(value) => ready.push((index, value)),
            Err(error) => ctx.fail_item(index, error),
        }
    }
    ready
}

/// Fails every item in `indices` with `error`.
pub fn fail_all(
    ctx: &mut NodeContext<'_>,
    indices: impl IntoIterator<Item = usize>,
    error: &NodeError,
) {
    for index in indices {
        ctx.fail_item(index, error.clone());
    }
}
