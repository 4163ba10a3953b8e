//! The in-memory spreadsheet: sheets of cells, reading a range as a ValueRange (trailing
//! empties dropped, `values` omitted when empty), writing with RAW or USER_ENTERED, clearing.

use crate::a1::{A1, col_name, quote_sheet};
use serde_json::{Map, Value, json};

/// Default grid size of a new sheet (what Google gives a new spreadsheet).
pub const ROWS: usize = 1000;
pub const COLS: usize = 26;

/// One sheet (tab).
#[derive(Debug, Clone)]
pub struct Sheet {
    pub id: u64,
    pub title: String,
    /// Row-major; an empty cell is `Value::Null`.
    pub cells: Vec<Vec<Value>>,
    pub row_count: usize,
    pub col_count: usize,
}

impl Sheet {
    pub fn new(id: u64, title: &str) -> Self {
        Self {
            id,
            title: title.to_owned(),
            cells: Vec::new(),
            row_count: ROWS,
            col_count: COLS,
        }
    }

    fn set(&mut self, row: usize, col: usize, value: Value) {
        if self.cells.len() <= row {
            self.cells.resize(row + 1, Vec::new());
        }
        let line = &mut self.cells[row];
        if line.len() <= col {
            line.resize(col + 1, Value::Null);
        }
        line[col] = value;
        self.row_count = self.row_count.max(row + 1);
        self.col_count = self.col_count.max(col + 1);
    }

    fn get(&self, row: usize, col: usize) -> &Value {
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Value::Null)
    }

    /// The last row (0-based) with any value in columns `from..=to`, if any.
    pub fn last_row(&self, from: usize, to: usize) -> Option<usize> {
        (0..self.cells.len())
            .rev()
            .find(|&r| (from..=to).any(|c| !self.get(r, c).is_null()))
    }
}

/// A range resolved against a sheet: bounds filled in from the grid.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub r0: usize,
    pub c0: usize,
    pub r1: usize,
    pub c1: usize,
}

impl Bounds {
    pub fn of(a1: &A1, sheet: &Sheet) -> Self {
        Self {
            r0: a1.start_row,
            c0: a1.start_col,
            r1: a1.end_row.unwrap_or(sheet.row_count.saturating_sub(1)),
            c1: a1.end_col.unwrap_or(sheet.col_count.saturating_sub(1)),
        }
    }

    pub fn a1(&self, sheet: &str) -> String {
        format!(
            "{}!{}{}:{}{}",
            quote_sheet(sheet),
            col_name(self.c0),
            self.r0 + 1,
            col_name(self.c1),
            self.r1 + 1
        )
    }
}

/// How a cell is rendered on output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Render {
    Formatted,
    Unformatted,
    Formula,
}

fn render(value: &Value, how: Render) -> Value {
    match (value, how) {
        (Value::Bool(b), Render::Formatted) => json!(if *b { "TRUE" } else { "FALSE" }),
        (Value::Number(n), Render::Formatted) => json!(n.to_string()),
        (Value::String(s), Render::Formatted | Render::Unformatted) if s.starts_with('=') => {
            // The fake does not evaluate formulas; it shows them as text.
            json!(s)
        }
        (v, _) => v.clone(),
    }
}

/// The `values` of a range: rows of rendered cells, trailing empty cells and rows dropped.
pub fn read(sheet: &Sheet, bounds: Bounds, how: Render) -> Vec<Vec<Value>> {
    let mut rows: Vec<Vec<Value>> = Vec::new();
    for r in bounds.r0..=bounds.r1.min(sheet.cells.len().saturating_sub(1)) {
        if sheet.cells.is_empty() {
            break;
        }
        let mut row: Vec<Value> = (bounds.c0..=bounds.c1)
            .map(|c| sheet.get(r, c).clone())
            .collect();
        while row.last().is_some_and(Value::is_null) {
            row.pop();
        }
        rows.push(
            row.iter()
                .map(|v| {
                    if v.is_null() {
                        json!("")
                    } else {
                        render(v, how)
                    }
                })
                .collect(),
        );
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    rows
}

/// A ValueRange as the API returns it.
pub fn value_range(range: &str, values: Vec<Vec<Value>>) -> Value {
    let mut out = Map::new();
    out.insert("range".into(), json!(range));
    out.insert("majorDimension".into(), json!("ROWS"));
    if !values.is_empty() {
        out.insert("values".into(), json!(values));
    }
    Value::Object(out)
}

/// A cell as stored after input: USER_ENTERED turns numeric text into numbers and TRUE/FALSE
/// into booleans; RAW keeps strings as they are.
fn entered(value: &Value, user_entered: bool) -> Value {
    match value {
        Value::String(s) if user_entered => {
            let t = s.trim();
            if let Ok(n) = t.parse::<i64>() {
                json!(n)
            } else if let Some(n) = t.parse::<f64>().ok().filter(|f| f.is_finite()) {
                json!(n)
            } else if t.eq_ignore_ascii_case("true") {
                json!(true)
            } else if t.eq_ignore_ascii_case("false") {
                json!(false)
            } else {
                json!(s)
            }
        }
        other => other.clone(),
    }
}

/// What a write changed: the UpdateValuesResponse counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    pub rows: usize,
    pub cols: usize,
    pub cells: usize,
    pub bounds: Option<Bounds>,
}

/// Writes `rows` from the top-left of `at`. `null` skips a cell, `""` clears it. Values that are
/// not bool, string or number are rejected (the error text is Google's).
pub fn write(
    sheet: &mut Sheet,
    at: (usize, usize),
    rows: &[Value],
    user_entered: bool,
) -> Result<Written, String> {
    let mut written = Written::default();
    let mut max_cols = 0;
    for (i, row) in rows.iter().enumerate() {
        let Some(cells) = row.as_array() else {
            return Err(format!("Invalid values[{i}]: {row}"));
        };
        max_cols = max_cols.max(cells.len());
        for (j, cell) in cells.iter().enumerate() {
            let value = match cell {
                Value::Null => continue,
                Value::String(s) if s.is_empty() => Value::Null,
                Value::Object(_) | Value::Array(_) => {
                    return Err(format!("Invalid values[{i}][{j}]: {cell}"));
                }
                other => entered(other, user_entered),
            };
            sheet.set(at.0 + i, at.1 + j, value);
            written.cells += 1;
        }
    }
    written.rows = rows.len();
    written.cols = max_cols;
    if !rows.is_empty() && max_cols > 0 {
        written.bounds = Some(Bounds {
            r0: at.0,
            c0: at.1,
            r1: at.0 + rows.len() - 1,
            c1: at.1 + max_cols - 1,
        });
    }
    Ok(written)
}

/// Empties every cell in `bounds`.
pub fn clear(sheet: &mut Sheet, bounds: Bounds) {
    for r in bounds.r0..=bounds.r1.min(sheet.cells.len().saturating_sub(1)) {
        if let Some(row) = sheet.cells.get_mut(r) {
            for c in bounds.c0..=bounds.c1.min(row.len().saturating_sub(1)) {
                row[c] = Value::Null;
            }
        }
    }
}
