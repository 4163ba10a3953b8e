//! A1 notation as the Sheets API reads it: `Sheet1!A1:D10`, `'My Sheet'!A:C`, `Sheet1!2:5`,
//! `Sheet1!A2:Z` (open-ended), `Sheet1` (the whole sheet) and `A1:B2` (the first sheet).

/// A parsed range. Rows and columns are 0-based; `None` ends are open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct A1 {
    /// The sheet name, unquoted; `None` means the first sheet.
    pub sheet: Option<String>,
    pub start_row: usize,
    pub start_col: usize,
    /// Inclusive ends.
    pub end_row: Option<usize>,
    pub end_col: Option<usize>,
}

/// Column letters for a 0-based index (0 → A, 26 → AA).
pub fn col_name(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A sheet name as A1 shows it: quoted when it holds anything but letters, digits and `_`.
pub fn quote_sheet(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// One end of a cell reference: (column, row), either may be missing (`A`, `3`).
fn cell(text: &str) -> Option<(Option<usize>, Option<usize>)> {
    let text = text.replace('$', "");
    let letters: String = text.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = &text[letters.len()..];
    // Columns end at ZZZ; longer letter runs are sheet names ("Sheet1").
    if (letters.is_empty() && digits.is_empty()) || letters.len() > 3 {
        return None;
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let col = if letters.is_empty() {
        None
    } else {
        let mut n = 0usize;
        for c in letters.to_ascii_uppercase().bytes() {
            n = n.checked_mul(26)?.checked_add(usize::from(c - b'A') + 1)?;
        }
        Some(n - 1)
    };
    let row = if digits.is_empty() {
        None
    } else {
        let n: usize = digits.parse().ok()?;
        if n == 0 {
            return None;
        }
        Some(n - 1)
    };
    Some((col, row))
}

/// Splits `'It''s'!A1` into the sheet name and the cell part.
fn split_sheet(text: &str) -> Option<(Option<String>, Option<&str>)> {
    if let Some(rest) = text.strip_prefix('\'') {
        let mut name = String::new();
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().map(|(_, n)| *n) == Some('\'') {
                    chars.next();
                    name.push('\'');
                    continue;
                }
                let after = &rest[i + 1..];
                return match after.strip_prefix('!') {
                    Some(cells) => Some((Some(name), Some(cells))),
                    None if after.is_empty() => Some((Some(name), None)),
                    None => None,
                };
            }
            name.push(c);
        }
        return None;
    }
    match text.rsplit_once('!') {
        Some((sheet, cells)) => Some((Some(sheet.to_owned()), Some(cells))),
        None if cell(text).is_some() || text.contains(':') => Some((None, Some(text))),
        None => Some((Some(text.to_owned()), None)),
    }
}

/// Parses a range, or `None` when the Sheets API would say "Unable to parse range".
pub fn parse(text: &str) -> Option<A1> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let (sheet, cells) = split_sheet(text)?;
    let Some(cells) = cells else {
        return Some(A1 {
            sheet,
            start_row: 0,
            start_col: 0,
            end_row: None,
            end_col: None,
        });
    };
    let (from, to) = match cells.split_once(':') {
        Some((a, b)) => (cell(a)?, Some(cell(b)?)),
        None => (cell(cells)?, None),
    };
    let Some(to) = to else {
        // A single cell: both ends given.
        let (Some(col), Some(row)) = from else {
            return None;
        };
        return Some(A1 {
            sheet,
            start_row: row,
            start_col: col,
            end_row: Some(row),
            end_col: Some(col),
        });
    };
    // `A:C` (columns), `2:5` (rows), `A2:D` / `A2:Z` (open-ended), `A1:D10`.
    match (from, to) {
        ((Some(c1), r1), (Some(c2), r2)) => Some(A1 {
            sheet,
            start_row: r1.unwrap_or(0),
            start_col: c1.min(c2),
            end_row: r2,
            end_col: Some(c1.max(c2)),
        }),
        ((None, Some(r1)), (None, Some(r2))) => Some(A1 {
            sheet,
            start_row: r1.min(r2),
            start_col: 0,
            end_row: Some(r1.max(r2)),
            end_col: None,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_forms() {
        let r = parse("Sheet1!A1:D10").unwrap();
        assert_eq!(
            (r.start_row, r.start_col, r.end_row, r.end_col),
            (0, 0, Some(9), Some(3))
        );
        assert_eq!(
            parse("'My ''x'' Sheet'!B:C").unwrap().sheet.as_deref(),
            Some("My 'x' Sheet")
        );
        assert_eq!(parse("Sheet1").unwrap().end_row, None);
        assert_eq!(parse("Sheet1!2:3").unwrap().start_row, 1);
        assert_eq!(parse("Sheet1!A2:Z").unwrap().end_row, None);
        assert_eq!(parse("A1:B2").unwrap().sheet, None);
        assert!(parse("Sheet1!A1:").is_none());
        assert!(parse("Sheet1!1A:B").is_none());
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(27), "AB");
    }
}
