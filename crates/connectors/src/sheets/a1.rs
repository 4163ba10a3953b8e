//! Just enough A1 notation for the nodes: where a range's header row is, and the A1 ranges of
//! single rows under it. Ranges this cannot read are sent to Google as given, so Google's own
//! "Unable to parse range" reaches the user.

/// Where a range starts: its sheet (as written, quotes kept; empty for the first sheet), its
/// first column (0-based), its first row (1-based: the header row) and its last column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub sheet: String,
    pub col0: usize,
    pub row0: usize,
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

/// `(column, row)` of one end of a reference: `B3`, `B`, `3` (`$` ignored).
fn cell(text: &str) -> Option<(Option<usize>, Option<usize>)> {
    let text = text.replace('$', "");
    let letters: String = text.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = &text[letters.len()..];
    if (letters.is_empty() && digits.is_empty())
        || letters.len() > 3
        || !digits.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let col = (!letters.is_empty()).then(|| {
        letters
            .to_ascii_uppercase()
            .bytes()
            .fold(0usize, |n, c| n * 26 + usize::from(c - b'A') + 1)
            - 1
    });
    let row = if digits.is_empty() {
        None
    } else {
        Some(digits.parse::<usize>().ok().filter(|n| *n > 0)?)
    };
    Some((col, row))
}

/// Splits `'It''s'!A1:B` into `'It''s'` and `A1:B`.
fn split(range: &str) -> Option<(String, Option<String>)> {
    if range.starts_with('\'') {
        let bytes: Vec<char> = range.chars().collect();
        let mut i = 1;
        while i < bytes.len() {
            if bytes[i] == '\'' {
                if bytes.get(i + 1) == Some(&'\'') {
                    i += 2;
                    continue;
                }
                let sheet: String = bytes[..=i].iter().collect();
                let rest: String = bytes[i + 1..].iter().collect();
                return match rest.strip_prefix('!') {
                    Some(cells) => Some((sheet, Some(cells.to_owned()))),
                    None if rest.is_empty() => Some((sheet, None)),
                    None => None,
                };
            }
            i += 1;
        }
        return None;
    }
    match range.rsplit_once('!') {
        Some((sheet, cells)) => Some((sheet.to_owned(), Some(cells.to_owned()))),
        None if range.contains(':') || cell(range).is_some() => {
            Some((String::new(), Some(range.to_owned())))
        }
        None => Some((range.to_owned(), None)),
    }
}

/// Reads a range, or `None` when this module cannot (Google will judge it).
pub fn target(range: &str) -> Option<Target> {
    let (sheet, cells) = split(range.trim())?;
    let Some(cells) = cells else {
        return Some(Target {
            sheet,
            col0: 0,
            row0: 1,
            end_col: None,
        });
    };
    let (from, to) = match cells.split_once(':') {
        Some((a, b)) => (cell(a)?, Some(cell(b)?)),
        None => (cell(&cells)?, None),
    };
    let (col0, row0) = from;
    if col0.is_none() && row0.is_none() {
        return None;
    }
    let end_col = match to {
        Some((col, _)) => col,
        None => col0,
    };
    Some(Target {
        sheet,
        col0: col0.unwrap_or(0),
        row0: row0.unwrap_or(1),
        end_col,
    })
}

impl Target {
    fn prefix(&self) -> String {
        if self.sheet.is_empty() {
            String::new()
        } else {
            format!("{}!", self.sheet)
        }
    }

    /// Row `row` (1-based) from the first column across `width` columns (at least one).
    pub fn row_range(&self, row: usize, width: usize) -> String {
        let last = self.col0 + width.max(1) - 1;
        format!(
            "{}{}{row}:{}{row}",
            self.prefix(),
            col_name(self.col0),
            col_name(last)
        )
    }

    /// The header row: the range's first row across its columns, or the whole row (then the
    /// first `skip` cells of the answer lie left of the range). Returns `(range, skip)`.
    pub fn header_range(&self) -> (String, usize) {
        match self.end_col {
            Some(end) => (self.row_range(self.row0, end + 1 - self.col0.min(end)), 0),
            None => (
                format!("{}{}:{}", self.prefix(), self.row0, self.row0),
                self.col0,
            ),
        }
    }

    /// Where appends go: the range's columns from the header row down.
    pub fn table_range(&self) -> String {
        format!("{}{}{}", self.prefix(), col_name(self.col0), self.row0)
    }
}

/// The first row (1-based) of an A1 range Google answered, e.g. `Sheet1!A5:C7` → 5.
pub fn first_row(range: &str) -> Option<usize> {
    let (_, cells) = split(range)?;
    let cells = cells?;
    let first = cells.split(':').next()?;
    cell(first)?.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_rows() {
        let t = target("Sheet1!B2:D").expect("parses");
        assert_eq!((t.col0, t.row0, t.end_col), (1, 2, Some(3)));
        assert_eq!(t.header_range(), ("Sheet1!B2:D2".to_owned(), 0));
        assert_eq!(t.row_range(5, 2), "Sheet1!B5:C5");
        let t = target("'My ''x'' Sheet'").expect("parses");
        assert_eq!(t.header_range(), ("'My ''x'' Sheet'!1:1".to_owned(), 0));
        assert_eq!(target("Sheet1").expect("parses").table_range(), "Sheet1!A1");
        assert_eq!(first_row("Sheet1!A5:C7"), Some(5));
        assert_eq!(col_name(27), "AB");
        assert!(target("Sheet1!A1:").is_none());
    }
}
