//! Full-text search over what nodes emitted and how they failed (FTS5).

use crate::error::{DbFile, Result};
use crate::queries::{RunSummary, SUMMARY_COLUMNS, summary_from_row};
use rusqlite::{Connection, params};
use serde::Serialize;

/// A node run whose outputs or error contain the searched text.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SearchHit {
    /// The run it belongs to.
    pub run: RunSummary,
    /// The node.
    pub node_id: String,
    /// Where the text was found, matches in `[brackets]`.
    pub snippet: String,
}

/// The FTS5 query for `text`: each whitespace-separated word becomes a quoted phrase (so `@`,
/// `.`, `-`, `:` and FTS operators are taken literally, and `lead@example.com` matches the
/// tokens `lead example com` in a row), all of which must occur. `None` for blank text.
pub fn fts_query(text: &str) -> Option<String> {
    let phrases: Vec<String> = text
        .split_whitespace()
        .map(|word| format!("\"{}\"", word.replace('"', "\"\"")))
        .collect();
    (!phrases.is_empty()).then(|| phrases.join(" "))
}

/// Node runs matching `text`, newest first.
pub(crate) fn search(
    conn: &Connection,
    file: &DbFile,
    text: &str,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let Some(query) = fts_query(text) else {
        return Ok(Vec::new());
    };
    let read = file.fail("search history");
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT n.node_id, snippet(node_search, -1, '[', ']', '…', 12), {SUMMARY_COLUMNS} \
             FROM node_search s \
             JOIN node_runs n ON n.id = s.rowid \
             JOIN runs r ON r.id = n.run_id \
             WHERE node_search MATCH ?1 \
             ORDER BY s.rowid DESC LIMIT ?2"
        ))
        .map_err(&read)?;
    let rows = stmt
        .query_map(
            params![query, i64::try_from(limit).unwrap_or(i64::MAX)],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    summary_from_row(row, 2)?,
                ))
            },
        )
        .map_err(&read)?;
    let mut hits = Vec::new();
    for row in rows {
        let (node_id, snippet, summary) = row.map_err(&read)?;
        hits.push(SearchHit {
            run: summary.into_summary(file)?,
            node_id,
            snippet: snippet.unwrap_or_default(),
        });
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn quotes_each_word_as_a_phrase() {
        assert_eq!(
            fts_query("lead@example.com").as_deref(),
            Some("\"lead@example.com\"")
        );
        assert_eq!(
            fts_query(" a \"b\" OR ").as_deref(),
            Some("\"a\" \"\"\"b\"\"\" \"OR\"")
        );
        assert_eq!(fts_query("   "), None);
    }
}
