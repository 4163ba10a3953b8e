//! The Sheets methods the nodes use: `values.get`, `values.append`, `values.batchUpdate`,
//! `values.clear`, `values.batchClear` and `spreadsheets.get`, as [`Call`]s (what a dry run
//! shows) and as client methods.

use super::client::{Call, SheetsClient};
use super::error::SheetsError;
use crate::hubspot::encode_segment;
use serde_json::{Value, json};

/// The request builders.
pub mod calls {
    use super::*;

    fn base(spreadsheet_id: &str) -> String {
        format!("/v4/spreadsheets/{}", encode_segment(spreadsheet_id))
    }

    /// `GET …/values/{range}` (formatted values, as the Sheets UI shows them).
    pub fn get(spreadsheet_id: &str, range: &str) -> Call {
        Call::new(
            "GET",
            format!("{}/values/{}", base(spreadsheet_id), encode_segment(range)),
        )
        .query("majorDimension", "ROWS")
        .query("valueRenderOption", "FORMATTED_VALUE")
    }

    /// `POST …/values/{range}:append` with USER_ENTERED values, inserting rows.
    pub fn append(spreadsheet_id: &str, range: &str, rows: Vec<Value>) -> Call {
        Call::new(
            "POST",
            format!(
                "{}/values/{}:append",
                base(spreadsheet_id),
                encode_segment(range)
            ),
        )
        .query("valueInputOption", "USER_ENTERED")
        .query("insertDataOption", "INSERT_ROWS")
        .body(json!({ "range": range, "majorDimension": "ROWS", "values": rows }))
    }

    /// `POST …/values:batchUpdate` with USER_ENTERED values: one request for many ranges.
    pub fn batch_update(spreadsheet_id: &str, data: Vec<(String, Vec<Value>)>) -> Call {
        let data: Vec<Value> = data
            .into_iter()
            .map(
                |(range, rows)| json!({ "range": range, "majorDimension": "ROWS", "values": rows }),
            )
            .collect();
        Call::new(
            "POST",
            format!("{}/values:batchUpdate", base(spreadsheet_id)),
        )
        .body(json!({ "valueInputOption": "USER_ENTERED", "data": data }))
    }

    /// `POST …/values/{range}:clear`.
    pub fn clear(spreadsheet_id: &str, range: &str) -> Call {
        Call::new(
            "POST",
            format!(
                "{}/values/{}:clear",
                base(spreadsheet_id),
                encode_segment(range)
            ),
        )
        .body(json!({}))
    }

    /// `POST …/values:batchClear`.
    pub fn batch_clear(spreadsheet_id: &str, ranges: &[String]) -> Call {
        Call::new(
            "POST",
            format!("{}/values:batchClear", base(spreadsheet_id)),
        )
        .body(json!({ "ranges": ranges }))
    }

    /// `GET /v4/spreadsheets/{id}` (properties and sheets, no grid data).
    pub fn spreadsheet(spreadsheet_id: &str) -> Call {
        Call::new("GET", base(spreadsheet_id)).query("includeGridData", "false")
    }
}

/// A ValueRange as read: the A1 range Google resolved and the rows (trailing empties dropped).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ValueRange {
    pub range: String,
    pub values: Vec<Vec<Value>>,
}

impl ValueRange {
    fn from_json(body: &Value) -> Self {
        let range = body
            .get("range")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let values = body
            .get("values")
            .and_then(Value::as_array)
            .map(|rows| {
                rows.iter()
                    .map(|r| r.as_array().cloned().unwrap_or_default())
                    .collect()
            })
            .unwrap_or_default();
        Self { range, values }
    }
}

/// What an append wrote: the range Google chose (`updates.updatedRange`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppendResult {
    pub updated_range: Option<String>,
    pub table_range: Option<String>,
}

impl SheetsClient {
    /// `values.get`.
    pub async fn get_values(
        &self,
        spreadsheet_id: &str,
        range: &str,
    ) -> Result<ValueRange, SheetsError> {
        let response = self.execute(&calls::get(spreadsheet_id, range)).await?;
        Ok(ValueRange::from_json(&response.body))
    }

    /// `values.append`: all `rows` in one request.
    pub async fn append(
        &self,
        spreadsheet_id: &str,
        range: &str,
        rows: Vec<Value>,
    ) -> Result<AppendResult, SheetsError> {
        let response = self
            .execute(&calls::append(spreadsheet_id, range, rows))
            .await?;
        let text = |p: &str| {
            response
                .body
                .pointer(p)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        Ok(AppendResult {
            updated_range: text("/updates/updatedRange"),
            table_range: text("/tableRange"),
        })
    }

    /// `values.batchUpdate`: every range in one request. Returns Google's answer.
    pub async fn batch_update(
        &self,
        spreadsheet_id: &str,
        data: Vec<(String, Vec<Value>)>,
    ) -> Result<Value, SheetsError> {
        let response = self
            .execute(&calls::batch_update(spreadsheet_id, data))
            .await?;
        Ok(response.body)
    }

    /// `values.clear`: returns the cleared range.
    pub async fn clear(&self, spreadsheet_id: &str, range: &str) -> Result<String, SheetsError> {
        let response = self.execute(&calls::clear(spreadsheet_id, range)).await?;
        Ok(response
            .body
            .get("clearedRange")
            .and_then(Value::as_str)
            .unwrap_or(range)
            .to_owned())
    }

    /// `values.batchClear`: returns the cleared ranges.
    pub async fn batch_clear(
        &self,
        spreadsheet_id: &str,
        ranges: &[String],
    ) -> Result<Vec<String>, SheetsError> {
        let response = self
            .execute(&calls::batch_clear(spreadsheet_id, ranges))
            .await?;
        Ok(response
            .body
            .get("clearedRanges")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default())
    }

    /// `spreadsheets.get`: the spreadsheet's properties and sheets.
    pub async fn spreadsheet(&self, spreadsheet_id: &str) -> Result<Value, SheetsError> {
        Ok(self
            .execute(&calls::spreadsheet(spreadsheet_id))
            .await?
            .body)
    }
}
