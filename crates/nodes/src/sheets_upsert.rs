//! `sheets.upsert`: a row whose `key_column` equals the item's value there is updated, otherwise
//! the item is appended. One read of the range, then at most two writes for the whole run: one
//! `values:batchUpdate` (updated rows and a grown header row) and one `values:append` (new rows,
//! after the header row on an empty sheet). Items that share a new key go into one appended row,
//! the later item's values winning.

use crate::sheets_shared::{
    Header, cell, cell_text, client, fail_all, item_values, node_error, prepare, sheets_info, shown,
};
use async_trait::async_trait;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use switchyard_connectors::sheets::{SheetsClient, a1, calls};
use switchyard_engine::{ErrorKind, Node, NodeContext, NodeError, NodeInfo, Template};

pub struct SheetsUpsert;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpsertParams {
    /// The spreadsheet's id (from its URL).
    pub spreadsheet_id: String,
    /// A sheet name or an A1 range; its first row is the header row.
    pub range: String,
    /// The header of the column that identifies a row (e.g. `email`).
    pub key_column: String,
    /// Column header → value or expression (default: the item's own keys).
    #[serde(default)]
    pub values: Option<IndexMap<String, Template>>,
}

/// Where an item goes.
enum Place {
    /// An existing sheet row.
    Row(usize),
    /// The n-th appended row.
    New(usize),
}

struct Plan {
    header: Header,
    /// (input index, values, place, updated)
    items: Vec<(usize, IndexMap<String, Value>, Place, bool)>,
    /// Appended rows' merged values, in order.
    new_rows: Vec<IndexMap<String, Value>>,
}

fn output(row: usize, values: &IndexMap<String, Value>, updated: bool) -> Value {
    let values: Map<String, Value> = values.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    json!({ "row": row, "values": values, "updated": updated })
}

async fn plan(
    client: &SheetsClient,
    params: &UpsertParams,
    ctx: &mut NodeContext<'_>,
    ready: Vec<(usize, IndexMap<String, Value>)>,
) -> Result<Plan, NodeError> {
    let read = client
        .get_values(&params.spreadsheet_id, &params.range)
        .await
        .map_err(node_error)?;
    let target = a1::target(&read.range)
        .or_else(|| a1::target(&params.range))
        .ok_or_else(|| {
            NodeError::new(
                ErrorKind::Validation,
                format!("Unable to locate the header row of \"{}\"", params.range),
            )
        })?;
    let first = read.values.first().cloned().unwrap_or_default();
    let mut header = Header::new(target, &first);
    header.extend(std::iter::once(&params.key_column));
    let key_at = header
        .names
        .iter()
        .position(|n| n == &params.key_column)
        .unwrap_or(0);
    let mut places: HashMap<String, Place> = HashMap::new();
    for (i, row) in read.values.iter().enumerate().skip(1) {
        let key = row.get(key_at).map(cell_text).unwrap_or_default();
        if !key.is_empty() {
            places
                .entry(key)
                .or_insert(Place::Row(header.target.row0 + i));
        }
    }
    let mut plan = Plan {
        header,
        items: Vec::new(),
        new_rows: Vec::new(),
    };
    for (index, values) in ready {
        let key = values
            .get(&params.key_column)
            .map(|v| cell_text(&cell(v)))
            .unwrap_or_default();
        if key.is_empty() {
            let error = NodeError::new(
                ErrorKind::Validation,
                format!(
                    "the item has no value for the key column \"{}\"",
                    params.key_column
                ),
            );
            ctx.fail_item(index, error);
            continue;
        }
        plan.header.extend(values.keys());
        match places.get(&key) {
            Some(Place::Row(row)) => plan.items.push((index, values, Place::Row(*row), true)),
            Some(Place::New(n)) => {
                let n = *n;
                if let Some(merged) = plan.new_rows.get_mut(n) {
                    merged.extend(values.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                plan.items.push((index, values, Place::New(n), true));
            }
            None => {
                let n = plan.new_rows.len();
                plan.new_rows.push(values.clone());
                places.insert(key, Place::New(n));
                plan.items.push((index, values, Place::New(n), false));
            }
        }
    }
    Ok(plan)
}

#[async_trait]
impl Node for SheetsUpsert {
    type Params = UpsertParams;

    fn info(&self) -> NodeInfo {
        sheets_info(
            "sheets.upsert",
            "Google Sheets: upsert rows",
            "Updates the row whose key column matches each item, or appends the item as a new row.",
            true,
        )
    }

    async fn run(&self, params: &UpsertParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
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
        let plan = match plan(&client, params, ctx, ready).await {
            Ok(plan) => plan,
            Err(error) => {
                fail_all(ctx, indices, &error);
                return Ok(());
            }
        };
        let header = &plan.header;
        let id = &params.spreadsheet_id;
        let mut data = Vec::new();
        if header.changed && !header.was_empty {
            data.push(header.write());
        }
        for (_, values, place, _) in &plan.items {
            if let Place::Row(row) = place {
                data.push((
                    header.target.row_range(*row, header.names.len()),
                    vec![header.row(values)],
                ));
            }
        }
        let mut appended: Vec<Value> = Vec::new();
        if header.was_empty {
            appended.push(header.cells());
        }
        appended.extend(plan.new_rows.iter().map(|v| header.row(v)));
        let update_call = (!data.is_empty()).then(|| calls::batch_update(id, data.clone()));
        let append_call = (!plan.new_rows.is_empty())
            .then(|| calls::append(id, &header.target.table_range(), appended.clone()));
        if ctx.is_dry_run() {
            for (_, _, place, _) in &plan.items {
                let call = match place {
                    Place::Row(_) => update_call.as_ref(),
                    Place::New(_) => append_call.as_ref(),
                };
                if let Some(call) = call {
                    ctx.emit(0, shown(&client, call));
                }
            }
            return Ok(());
        }
        let result = async {
            if !data.is_empty() {
                client.batch_update(id, data).await?;
            }
            let mut first_new = 0;
            if !plan.new_rows.is_empty() {
                let done = client
                    .append(id, &header.target.table_range(), appended)
                    .await?;
                first_new = done
                    .updated_range
                    .as_deref()
                    .and_then(a1::first_row)
                    .unwrap_or(header.target.row0 + 1)
                    + usize::from(header.was_empty);
            }
            Ok(first_new)
        }
        .await;
        match result {
            Ok(first_new) => {
                for (_, values, place, updated) in &plan.items {
                    let row = match place {
                        Place::Row(row) => *row,
                        Place::New(n) => first_new + n,
                    };
                    ctx.emit(0, output(row, values, *updated));
                }
            }
            Err(error) => {
                let error = node_error(error);
                fail_all(ctx, plan.items.iter().map(|(i, ..)| *i), &error);
            }
        }
        Ok(())
    }
}
