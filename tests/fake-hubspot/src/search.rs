//! `POST /crm/v3/objects/{type}/search`: filter groups (OR of ANDs), one sort, paging with an
//! opaque `after`, `limit` ≤ 200, and no paging beyond 10,000 results.

use crate::reply::{self, Reply};
use crate::server::World;
use crate::store::{Kind, Record};
use serde_json::{Value, json};
use std::cmp::Ordering;
use std::time::Instant;

/// The most results a search can page through.
pub const MAX_RESULTS: usize = 10_000;

pub fn handle(world: &World, kind: Kind, body: &Value) -> Reply {
    let limit = body.get("limit").and_then(Value::as_u64).unwrap_or(10) as usize;
    if limit > 200 {
        return reply::validation(&format!("limit must be at most 200, got {limit}"));
    }
    let after: usize = match body.get("after") {
        None | Some(Value::Null) => 0,
        Some(v) => match v
            .as_str()
            .and_then(|s| s.parse().ok())
            .or_else(|| v.as_u64().map(|n| n as usize))
        {
            Some(n) => n,
            None => return reply::validation("after is not a valid paging cursor"),
        },
    };
    if after + limit > MAX_RESULTS {
        return reply::validation(&format!(
            "Cannot page beyond {MAX_RESULTS} results: after={after}, limit={limit}"
        ));
    }
    let groups: Vec<Value> = body
        .get("filterGroups")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let total_filters: usize = groups.iter().map(|g| filters(g).len()).sum();
    if groups.len() > 5 || groups.iter().any(|g| filters(g).len() > 6) || total_filters > 18 {
        return reply::validation(
            "Too many filters: at most 5 filter groups, 6 filters per group and 18 filters in all",
        );
    }
    for filter in groups.iter().flat_map(filters) {
        let op = filter.get("operator").and_then(Value::as_str).unwrap_or("");
        if !OPERATORS.contains(&op) {
            return reply::validation(&format!("Invalid operator \"{op}\""));
        }
    }
    let sorts: Vec<Value> = body
        .get("sorts")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if sorts.len() > 1 {
        return reply::validation("Only one sort is allowed");
    }
    let asked: Vec<String> = body
        .get("properties")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let query = body
        .get("query")
        .and_then(Value::as_str)
        .map(str::to_lowercase);

    let now = Instant::now();
    let mut found: Vec<&Record> = world
        .store
        .records
        .get(&kind)
        .map(|r| r.values().collect())
        .unwrap_or_default();
    found.retain(|r| r.visible_at <= now);
    found.retain(|r| {
        groups.is_empty()
            || groups
                .iter()
                .any(|g| filters(g).iter().all(|f| matches(r, f)))
    });
    if let Some(q) = &query {
        found.retain(|r| {
            r.properties
                .values()
                .any(|v| v.to_lowercase().contains(q.as_str()))
        });
    }
    if let Some(sort) = sorts.first() {
        let (name, descending) = match sort {
            Value::String(s) => (s.trim_start_matches('-').to_owned(), s.starts_with('-')),
            other => (
                other
                    .get("propertyName")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
                other.get("direction").and_then(Value::as_str) == Some("DESCENDING"),
            ),
        };
        found.sort_by(|a, b| {
            let order = compare(a.properties.get(&name), b.properties.get(&name));
            if descending { order.reverse() } else { order }
        });
    }
    let total = found.len();
    let page: Vec<Value> = found
        .iter()
        .skip(after)
        .take(limit)
        .map(|r| r.to_json(kind, &asked))
        .collect();
    let mut out = json!({ "total": total, "results": page });
    if after + limit < total.min(MAX_RESULTS) {
        out["paging"] = json!({ "next": { "after": (after + limit).to_string() } });
    }
    Reply::ok(out)
}

const OPERATORS: &[&str] = &[
    "EQ",
    "NEQ",
    "LT",
    "LTE",
    "GT",
    "GTE",
    "BETWEEN",
    "IN",
    "NOT_IN",
    "HAS_PROPERTY",
    "NOT_HAS_PROPERTY",
    "CONTAINS_TOKEN",
    "NOT_CONTAINS_TOKEN",
];

fn filters(group: &Value) -> Vec<Value> {
    group
        .get("filters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A value as a number: a number, or an ISO 8601 time as Unix milliseconds (HubSpot compares
/// datetime properties with millisecond values).
fn number(text: &str) -> Option<f64> {
    if let Ok(n) = text.parse::<f64>() {
        return Some(n);
    }
    let at =
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    Some((at.unix_timestamp_nanos() / 1_000_000) as f64)
}

fn compare(a: Option<&String>, b: Option<&String>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => match (number(a), number(b)) {
            (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
            _ => a.to_lowercase().cmp(&b.to_lowercase()),
        },
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn matches(record: &Record, filter: &Value) -> bool {
    let name = filter
        .get("propertyName")
        .and_then(Value::as_str)
        .unwrap_or("");
    let op = filter.get("operator").and_then(Value::as_str).unwrap_or("");
    let actual = if name == "hs_object_id" {
        Some(record.id.to_string())
    } else {
        record.properties.get(name).cloned()
    };
    let value = filter.get("value").map(text);
    let values: Vec<String> = filter
        .get("values")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(text).collect())
        .unwrap_or_default();
    let cmp = || compare(actual.as_ref(), value.as_ref());
    let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    match op {
        "EQ" => {
            matches!((&actual, &value), (Some(a), Some(b)) if eq(a, b) || cmp() == Ordering::Equal)
        }
        "NEQ" => !matches!((&actual, &value), (Some(a), Some(b)) if eq(a, b)),
        "LT" => actual.is_some() && cmp() == Ordering::Less,
        "LTE" => actual.is_some() && cmp() != Ordering::Greater,
        "GT" => actual.is_some() && cmp() == Ordering::Greater,
        "GTE" => actual.is_some() && cmp() != Ordering::Less,
        "BETWEEN" => {
            let high = filter.get("highValue").map(text);
            actual.is_some()
                && cmp() != Ordering::Less
                && compare(actual.as_ref(), high.as_ref()) != Ordering::Greater
        }
        "IN" => actual
            .as_ref()
            .is_some_and(|a| values.iter().any(|v| eq(a, v))),
        "NOT_IN" => !actual
            .as_ref()
            .is_some_and(|a| values.iter().any(|v| eq(a, v))),
        "HAS_PROPERTY" => actual.is_some_and(|a| !a.is_empty()),
        "NOT_HAS_PROPERTY" => actual.is_none_or(|a| a.is_empty()),
        "CONTAINS_TOKEN" => contains(actual.as_deref(), value.as_deref()),
        "NOT_CONTAINS_TOKEN" => !contains(actual.as_deref(), value.as_deref()),
        _ => false,
    }
}

fn contains(actual: Option<&str>, token: Option<&str>) -> bool {
    match (actual, token) {
        (Some(a), Some(t)) => a
            .to_lowercase()
            .contains(&t.trim_matches('*').to_lowercase()),
        _ => false,
    }
}
