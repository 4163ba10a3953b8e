//! `sheets.append`: items → rows under the header row (the range's first row), all in one
//! `values:append` request (USER_ENTERED). A key with no header becomes a new column at the end
//! of the header row; on an empty sheet the header row is written first (in the same request).

use crate::sheets_shared::{
    Header, client, fail_all, item_values, node_error, prepare, read_header, sheets_info, shown,
    written,
};
use async_trait::async_trait;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;
use switchyard_connectors::sheets::{SheetsClient, a1, calls};
use switchyard_engine::{Node, NodeContext, NodeError, NodeInfo, Template};

pub struct SheetsAppend;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppendParams {
    /// The spreadsheet's id (from its URL).
    pub spreadsheet_id: String,
    /// A sheet name or an A1 range; its first row is the header row.
    pub range: String,
    /// Column header → value or expression (default: the item's own keys).
    #[serde(default)]
    pub values: Option<IndexMap<String, Template>>,
}

/// Appends `rows` (one per prepared item) and emits `{row, values}` in order. Writes the header
/// row first when the sheet had none, or in a separate update when it gained columns.
pub async fn append_rows(
    client: &SheetsClient,
    ctx: &mut NodeContext<'_>,
    spreadsheet_id: &str,
    header: &Header,
    ready: &[(usize, IndexMap<String, Value>)],
) -> Result<Vec<usize>, NodeError> {
    let mut rows: Vec<Value> = Vec::new();
    if header.was_empty {
        rows.push(header.cells());
    }
    rows.extend(ready.iter().map(|(_, values)| header.row(values)));
    // A row with no cells would be skipped by Google and shift the rest: keep one empty cell.
    for row in &mut rows {
        if row.as_array().is_some_and(Vec::is_empty) {
            *row = Value::Array(vec![Value::String(String::new())]);
        }
    }
    let table = header.target.table_range();
    if ctx.is_dry_run() {
        let call = calls::append(spreadsheet_id, &table, rows);
        for _ in ready {
            ctx.emit(0, shown(client, &call));
        }
        return Ok(Vec::new());
    }
    if header.changed && !header.was_empty {
        let (range, cells) = header.write();
        client
            .batch_update(spreadsheet_id, vec![(range, cells)])
            .await
            .map_err(node_error)?;
    }
    let result = client
        .append(spreadsheet_id, &table, rows)
        .await
        .map_err(node_error)?;
    let first = result
        .updated_range
        .as_deref()
        .and_then(a1::first_row)
        .unwrap_or(header.target.row0 + 1)
        + usize::from(header.was_empty);
    Ok((0..ready.len()).map(|i| first + i).collect())
}

#[async_trait]
impl Node for SheetsAppend {
    type Params = AppendParams;

    fn info(&self) -> NodeInfo {
        sheets_info(
            "sheets.append",
            "Google Sheets: append rows",
            "Appends one row per item to a Google Sheet, each value under its column header.",
            true,
        )
    }

    async fn run(&self, params: &AppendParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        if ctx.input().is_empty() {
            return Ok(());
        }
        let client = client(ctx)?;
        let ready = prepare(ctx, |ctx, index| {
            item_values(params.values.as_ref(), ctx, index)
        });
        if ready.is_empty() {
            return Ok(());
        }
        let indices: Vec<usize> = ready.iter().map(|(i, _)| *i).collect();
        let result = async {
            let mut header = read_header(&client, &params.spreadsheet_id, &params.range)
                .await
                .map_err(node_error)?;
            for (_, values) in &ready {
                header.extend(values.keys());
            }
            append_rows(&client, ctx, &params.spreadsheet_id, &header, &ready).await
        }
        .await;
        match result {
            Ok(rows) => {
                for ((_, values), row) in ready.iter().zip(rows) {
                    ctx.emit(0, written(row, values));
                }
            }
            Err(error) => fail_all(ctx, indices, &error),
        }
        Ok(())
    }
}
