//! `sheets.clear`: empties a range's values (formatting stays). The distinct ranges of a run go
//! out in one request (`values:clear` for one, `values:batchClear` for several); each input item
//! gets `{cleared_range}`.

use crate::sheets_shared::{client, fail_all, node_error, prepare, sheets_info, shown};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use switchyard_connectors::sheets::calls;
use switchyard_engine::{Node, NodeContext, NodeError, NodeInfo, Template};

pub struct SheetsClear;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClearParams {
    /// The spreadsheet's id (from its URL).
    pub spreadsheet_id: String,
    /// An A1 range or a sheet name (may be an expression).
    pub range: Template,
}

#[async_trait]
impl Node for SheetsClear {
    type Params = ClearParams;

    fn info(&self) -> NodeInfo {
        sheets_info(
            "sheets.clear",
            "Google Sheets: clear a range",
            "Clears the values of a range of a Google Sheet.",
            true,
        )
    }

    async fn run(&self, params: &ClearParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        if ctx.input().is_empty() {
            return Ok(());
        }
        let client = client(ctx)?;
        let ready = prepare(ctx, |ctx, index| {
            let scope = ctx.scope(index);
            params
                .range
                .evaluate_text(&scope)
                .map(|r| r.trim().to_owned())
                .map_err(|e| ctx.expression_error(format!("param \"range\": {e}")))
        });
        let mut ranges: Vec<String> = Vec::new();
        for (_, range) in &ready {
            if !ranges.contains(range) {
                ranges.push(range.clone());
            }
        }
        let [only] = ranges.as_slice() else {
            if ranges.is_empty() {
                return Ok(());
            }
            let call = calls::batch_clear(&params.spreadsheet_id, &ranges);
            if ctx.is_dry_run() {
                for _ in &ready {
                    ctx.emit(0, shown(&client, &call));
                }
                return Ok(());
            }
            match client.batch_clear(&params.spreadsheet_id, &ranges).await {
                Ok(cleared) => {
                    for (_, range) in &ready {
                        let at = ranges.iter().position(|r| r == range).unwrap_or(0);
                        let done = cleared.get(at).cloned().unwrap_or_else(|| range.clone());
                        ctx.emit(0, json!({ "cleared_range": done }));
                    }
                }
                Err(error) => fail_all(ctx, ready.iter().map(|(i, _)| *i), &node_error(error)),
            }
            return Ok(());
        };
        if ctx.is_dry_run() {
            let call = calls::clear(&params.spreadsheet_id, only);
            for _ in &ready {
                ctx.emit(0, shown(&client, &call));
            }
            return Ok(());
        }
        match client.clear(&params.spreadsheet_id, only).await {
            Ok(cleared) => {
                for _ in &ready {
                    ctx.emit(0, json!({ "cleared_range": cleared }));
                }
            }
            Err(error) => fail_all(ctx, ready.iter().map(|(i, _)| *i), &node_error(error)),
        }
        Ok(())
    }
}
