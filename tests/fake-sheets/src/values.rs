//! The spreadsheets and values methods: get, batchGet, update, append, batchUpdate, clear,
//! batchClear, and spreadsheets.get.

use crate::a1::{self, A1, quote_sheet};
use crate::reply::{bad_range, invalid};
use crate::store::{self, Bounds, Render, Sheet, Written};
use axum::Json;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One request's spreadsheet id, query parameters and JSON body.
pub struct Call<'a> {
    pub id: &'a str,
    pub params: &'a [(String, String)],
    pub body: &'a Value,
}

impl Call<'_> {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The sheet a range names and the parsed range; `Err` is Google's 400.
fn resolve<'s>(sheets: &'s mut [Sheet], range: &str) -> Result<(&'s mut Sheet, A1), Response> {
    let parsed = a1::parse(range).ok_or_else(|| bad_range(range))?;
    let sheet = match &parsed.sheet {
        None => sheets.first_mut(),
        Some(name) => sheets.iter_mut().find(|s| &s.title == name),
    };
    let sheet = sheet.ok_or_else(|| bad_range(range))?;
    Ok((sheet, parsed))
}

fn render_of(call: &Call<'_>) -> Result<Render, Response> {
    match call.param("valueRenderOption") {
        None | Some("FORMATTED_VALUE") => Ok(Render::Formatted),
        Some("UNFORMATTED_VALUE") => Ok(Render::Unformatted),
        Some("FORMULA") => Ok(Render::Formula),
        Some(other) => Err(invalid(&format!(
            "Invalid value at 'value_render_option' (type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), \"{other}\""
        ))),
    }
}

/// `RAW` → false, `USER_ENTERED` → true; anything else is Google's 400.
fn input_option(value: Option<&str>) -> Result<bool, Response> {
    match value {
        Some("RAW") => Ok(false),
        Some("USER_ENTERED") => Ok(true),
        None | Some("INPUT_VALUE_OPTION_UNSPECIFIED") => Err(invalid(
            "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED",
        )),
        Some(other) => Err(invalid(&format!(
            "Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), \"{other}\""
        ))),
    }
}

fn read_range(sheets: &mut [Sheet], range: &str, how: Render) -> Result<Value, Response> {
    let (sheet, parsed) = resolve(sheets, range)?;
    let bounds = Bounds::of(&parsed, sheet);
    let values = store::read(sheet, bounds, how);
    Ok(store::value_range(&bounds.a1(&sheet.title), values))
}

pub fn get(call: &Call<'_>, sheets: &mut [Sheet], range: &str) -> Response {
    let result = render_of(call).and_then(|how| read_range(sheets, range, how));
    match result {
        Ok(value) => Json(value).into_response(),
        Err(response) => response,
    }
}

pub fn batch_get(call: &Call<'_>, sheets: &mut [Sheet]) -> Response {
    let how = match render_of(call) {
        Ok(how) => how,
        Err(response) => return response,
    };
    let mut ranges = Vec::new();
    for (_, range) in call.params.iter().filter(|(k, _)| k == "ranges") {
        match read_range(sheets, range, how) {
            Ok(value) => ranges.push(value),
            Err(response) => return response,
        }
    }
    Json(json!({ "spreadsheetId": call.id, "valueRanges": ranges })).into_response()
}

fn rows_of(body: &Value) -> Result<Vec<Value>, Response> {
    if let Some(major) = body.get("majorDimension").and_then(Value::as_str)
        && major != "ROWS"
    {
        return Err(invalid("The fake only supports majorDimension ROWS"));
    }
    match body.get("values") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(rows)) => Ok(rows.clone()),
        Some(other) => Err(invalid(&format!(
            "Invalid JSON payload received. values: {other}"
        ))),
    }
}

fn updated(id: &str, sheet: &str, written: Written) -> Value {
    let mut out = json!({ "spreadsheetId": id });
    if let Some(bounds) = written.bounds {
        out["updatedRange"] = json!(bounds.a1(sheet));
        out["updatedRows"] = json!(written.rows);
        out["updatedColumns"] = json!(written.cols);
        out["updatedCells"] = json!(written.cells);
    }
    out
}

fn write_at(
    id: &str,
    sheets: &mut [Sheet],
    range: &str,
    rows: &[Value],
    user_entered: bool,
) -> Result<Value, Response> {
    let (sheet, parsed) = resolve(sheets, range)?;
    let written = store::write(
        sheet,
        (parsed.start_row, parsed.start_col),
        rows,
        user_entered,
    )
    .map_err(|m| invalid(&m))?;
    Ok(updated(id, &sheet.title, written))
}

/// `PUT …/values/{range}?valueInputOption=…`
pub fn update(call: &Call<'_>, sheets: &mut [Sheet], range: &str) -> Response {
    let result = input_option(call.param("valueInputOption"))
        .and_then(|ue| Ok((ue, rows_of(call.body)?)))
        .and_then(|(ue, rows)| write_at(call.id, sheets, range, &rows, ue));
    match result {
        Ok(value) => Json(value).into_response(),
        Err(response) => response,
    }
}

/// `POST …/values:batchUpdate` `{valueInputOption, data: [ValueRange]}`: all or nothing.
pub fn batch_update(call: &Call<'_>, sheets: &mut [Sheet]) -> Response {
    let user_entered = match input_option(call.body.get("valueInputOption").and_then(Value::as_str))
    {
        Ok(ue) => ue,
        Err(response) => return response,
    };
    let data = call
        .body
        .get("data")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut scratch = sheets.to_vec();
    let mut responses = Vec::new();
    let (mut rows, mut cells, mut cols) = (0, 0, 0);
    for entry in &data {
        let range = entry.get("range").and_then(Value::as_str).unwrap_or("");
        let result =
            rows_of(entry).and_then(|r| write_at(call.id, &mut scratch, range, &r, user_entered));
        match result {
            Ok(value) => {
                rows += value
                    .get("updatedRows")
                    .and_then(Value::as_u64)
                    .unwrap_or(0);
                cols = cols.max(
                    value
                        .get("updatedColumns")
                        .and_then(Value::as_u64)
                        .unwrap_or(0),
                );
                cells += value
                    .get("updatedCells")
                    .and_then(Value::as_u64)
                    .unwrap_or(0);
                responses.push(value);
            }
            Err(response) => return response,
        }
    }
    sheets.clone_from_slice(&scratch);
    Json(json!({
        "spreadsheetId": call.id,
        "totalUpdatedRows": rows,
        "totalUpdatedColumns": cols,
        "totalUpdatedCells": cells,
        "totalUpdatedSheets": if responses.is_empty() { 0 } else { 1 },
        "responses": responses,
    }))
    .into_response()
}

/// `POST …/values/{range}:append`: after the last row with values in the range's columns.
pub fn append(call: &Call<'_>, sheets: &mut [Sheet], range: &str) -> Response {
    let user_entered = match input_option(call.param("valueInputOption")) {
        Ok(ue) => ue,
        Err(response) => return response,
    };
    if let Some(option) = call.param("insertDataOption")
        && option != "INSERT_ROWS"
        && option != "OVERWRITE"
    {
        return invalid(&format!("Invalid insertDataOption: {option}"));
    }
    let rows = match rows_of(call.body) {
        Ok(rows) => rows,
        Err(response) => return response,
    };
    let (sheet, parsed) = match resolve(sheets, range) {
        Ok(found) => found,
        Err(response) => return response,
    };
    let bounds = Bounds::of(&parsed, sheet);
    let width = rows
        .iter()
        .filter_map(Value::as_array)
        .map(Vec::len)
        .max()
        .unwrap_or(1);
    let last_col = parsed
        .end_col
        .unwrap_or(bounds.c0 + width.max(1) - 1)
        .max(bounds.c0);
    let last = sheet
        .last_row(bounds.c0, last_col)
        .filter(|r| *r >= bounds.r0);
    let table = last.map(|last| {
        Bounds {
            r0: bounds.r0,
            c0: bounds.c0,
            r1: last,
            c1: last_col,
        }
        .a1(&sheet.title)
    });
    let start = last.map_or(bounds.r0, |r| r + 1);
    let written = match store::write(sheet, (start, bounds.c0), &rows, user_entered) {
        Ok(written) => written,
        Err(message) => return invalid(&message),
    };
    let mut out =
        json!({ "spreadsheetId": call.id, "updates": updated(call.id, &sheet.title, written) });
    if let Some(table) = table {
        out["tableRange"] = json!(table);
    }
    Json(out).into_response()
}

fn clear_range(sheets: &mut [Sheet], range: &str) -> Result<String, Response> {
    let (sheet, parsed) = resolve(sheets, range)?;
    let bounds = Bounds::of(&parsed, sheet);
    store::clear(sheet, bounds);
    Ok(bounds.a1(&sheet.title))
}

pub fn clear(call: &Call<'_>, sheets: &mut [Sheet], range: &str) -> Response {
    match clear_range(sheets, range) {
        Ok(cleared) => {
            Json(json!({ "spreadsheetId": call.id, "clearedRange": cleared })).into_response()
        }
        Err(response) => response,
    }
}

pub fn batch_clear(call: &Call<'_>, sheets: &mut [Sheet]) -> Response {
    let ranges: Vec<String> = call
        .body
        .get("ranges")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let mut cleared = Vec::new();
    for range in &ranges {
        match clear_range(sheets, range) {
            Ok(done) => cleared.push(done),
            Err(response) => return response,
        }
    }
    Json(json!({ "spreadsheetId": call.id, "clearedRanges": cleared })).into_response()
}

/// `GET /v4/spreadsheets/{id}`: properties and sheets (no grid data).
pub fn spreadsheet(call: &Call<'_>, sheets: &mut [Sheet]) -> Response {
    let tabs: Vec<Value> = sheets
        .iter()
        .enumerate()
        .map(|(index, s)| {
            json!({ "properties": { "sheetId": s.id, "title": s.title, "index": index, "sheetType": "GRID",
                "gridProperties": { "rowCount": s.row_count, "columnCount": s.col_count } } })
        })
        .collect();
    let _ = quote_sheet;
    Json(json!({
        "spreadsheetId": call.id,
        "properties": { "title": "Switchyard test", "locale": "en_US", "timeZone": "Etc/GMT", "autoRecalc": "ON_CHANGE" },
        "sheets": tabs,
        "spreadsheetUrl": format!("https://docs.google.com/spreadsheets/d/{}/edit", call.id),
    }))
    .into_response()
}
