//! `sheets.update`: each item's values written into the sheet row `row` (1-based), under the
//! header row; all items (and a grown header row) in one `values:batchUpdate` request.

use crate::sheets_shared::{
    client, fail_all, item_values, node_error, prepare, read_header, sheets_info, shown, written,
};
use async_trait::async_trait;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;
use switchyard_connectors::sheets::calls;
use switchyard_engine::{ErrorKind, Node, NodeContext, NodeError, NodeInfo, Template};

pub struct SheetsUpdate;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateParams {
    /// The spreadsheet's id (from its URL).
    pub spreadsheet_id: String,
    /// A sheet name or an A1 range; its first row is the header row.
    pub range: String,
    /// The sheet row to write (1-based; a number or an expression).
    pub row: Template,
    /// Column header → value or expression (default: the item's own keys).
    #[serde(default)]
    pub values: Option<IndexMap<String, Template>>,
}

fn row_of(params: &UpdateParams, ctx: &NodeContext<'_>, index: usize) -> Result<usize, NodeError> {
    let value = ctx.eval(&params.row, index)?;
    let row = match &value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    row.and_then(|r| usize::try_from(r).ok())
        .filter(|r| *r > 0)
        .ok_or_else(|| {
            NodeError::new(
                ErrorKind::Validation,
                format!("\"row\" must be a sheet row number (1 or more), not {value}"),
            )
        })
}

#[async_trait]
impl Node for SheetsUpdate {
    type Params = UpdateParams;

    fn info(&self) -> NodeInfo {
        sheets_info(
            "sheets.update",
            "Google Sheets: update rows",
            "Writes each item's values into a given row of a Google Sheet, under the column headers.",
            true,
        )
    }

    async fn run(&self, params: &UpdateParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        if ctx.input().is_empty() {
            return Ok(());
        }
        let client = client(ctx)?;
        let ready = prepare(ctx, |ctx, index| {
            Ok((
                row_of(params, ctx, index)?,
                item_values(params.values.as_ref(), ctx, index)?,
            ))
        });
        if ready.is_empty() {
            return Ok(());
        }
        let mut header = match read_header(&client, &params.spreadsheet_id, &params.range).await {
            Ok(header) => header,
            Err(error) => {
                let error = node_error(error);
                fail_all(ctx, ready.iter().map(|(i, _)| *i), &error);
                return Ok(());
            }
        };
        let mut accepted = Vec::new();
        for (index, (row, values)) in ready {
            if row <= header.target.row0 {
                let error = NodeError::new(
                    ErrorKind::Validation,
                    format!(
                        "\"row\" {row} is not below the header row ({}); data rows start at {}",
                        header.target.row0,
                        header.target.row0 + 1
                    ),
                );
                ctx.fail_item(index, error);
                continue;
            }
            header.extend(values.keys());
            accepted.push((index, row, values));
        }
        if accepted.is_empty() {
            return Ok(());
        }
        let mut data = Vec::new();
        if header.changed {
            data.push(header.write());
        }
        for (_, row, values) in &accepted {
            data.push((
                header.target.row_range(*row, header.names.len()),
                vec![header.row(values)],
            ));
        }
        if ctx.is_dry_run() {
            let call = calls::batch_update(&params.spreadsheet_id, data);
            for _ in &accepted {
                ctx.emit(0, shown(&client, &call));
            }
            return Ok(());
        }
        match client.batch_update(&params.spreadsheet_id, data).await {
            Ok(_) => {
                for (_, row, values) in &accepted {
                    ctx.emit(0, written(*row, values));
                }
            }
            Err(error) => {
                let error = node_error(error);
                fail_all(ctx, accepted.iter().map(|(i, _, _)| *i), &error);
            }
        }
        Ok(())
    }
}
