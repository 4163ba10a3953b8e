//! `sheets.read`: a range → one item per row, keyed by the header row (the range's first row)
//! or, with `header_row: false`, by column letters. Reads go out even in a dry run.

use crate::sheets_shared::{cell_text, client, node_error, sheets_info};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use switchyard_connectors::sheets::a1;
use switchyard_engine::{Node, NodeContext, NodeError, NodeInfo, Template};

pub struct SheetsRead;

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadParams {
    /// The spreadsheet's id (from its URL; may be an expression).
    pub spreadsheet_id: Template,
    /// An A1 range or a sheet name, e.g. `Sheet1`, `Sheet1!A1:D`, `'My sheet'!B:E`.
    pub range: Template,
    /// Whether the range's first row names the columns (default true).
    #[serde(default = "yes")]
    pub header_row: bool,
}

/// Rows as items: keyed by the header (blank headers by column letter) or by column letters.
fn items(rows: &[Vec<Value>], header_row: bool, col0: usize) -> Vec<Value> {
    let letters = |i: usize| a1::col_name(col0 + i);
    let (names, body): (Vec<String>, &[Vec<Value>]) = if header_row {
        let Some((first, rest)) = rows.split_first() else {
            return Vec::new();
        };
        let names = first
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let text = cell_text(v);
                if text.is_empty() { letters(i) } else { text }
            })
            .collect();
        (names, rest)
    } else {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        ((0..width).map(letters).collect(), rows)
    };
    body.iter()
        .map(|row| {
            let mut item = Map::new();
            for (i, name) in names.iter().enumerate() {
                let value = row.get(i).cloned().unwrap_or(Value::String(String::new()));
                item.insert(name.clone(), value);
            }
            // Cells right of the last header keep their column letter.
            for (i, value) in row.iter().enumerate().skip(names.len()) {
                item.insert(letters(i), value.clone());
            }
            Value::Object(item)
        })
        .collect()
}

#[async_trait]
impl Node for SheetsRead {
    type Params = ReadParams;

    fn info(&self) -> NodeInfo {
        sheets_info(
            "sheets.read",
            "Google Sheets: read rows",
            "Reads a range of a Google Sheet: one item per row, keyed by the header row.",
            false,
        )
    }

    async fn run(&self, params: &ReadParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        if ctx.input().is_empty() {
            return Ok(());
        }
        let client = client(ctx)?;
        let mut seen: HashMap<(String, String), Vec<Value>> = HashMap::new();
        for index in 0..ctx.input().len() {
            let scope = ctx.scope(index);
            let texts = params
                .spreadsheet_id
                .evaluate_text(&scope)
                .map(|s| s.trim().to_owned())
                .and_then(|id| Ok((id, params.range.evaluate_text(&scope)?.trim().to_owned())));
            let key = match texts {
                Ok(key) => key,
                Err(e) => {
                    let error = ctx.expression_error(format!("param: {e}"));
                    ctx.fail_item(index, error);
                    continue;
                }
            };
            if let Some(rows) = seen.get(&key) {
                ctx.emit_all(0, rows.clone());
                continue;
            }
            match client.get_values(&key.0, &key.1).await {
                Ok(read) => {
                    let col0 = a1::target(&read.range).map_or(0, |t| t.col0);
                    let rows = items(&read.values, params.header_row, col0);
                    ctx.emit_all(0, rows.clone());
                    seen.insert(key, rows);
                }
                Err(error) => ctx.fail_item(index, node_error(error)),
            }
        }
        Ok(())
    }
}
