//! CRM search: filter groups (OR of ANDs), one sort, paging up to the asked limit within
//! HubSpot's 10,000, at most 200 a page, paced at 5 searches a second.

use super::client::{Call, HubSpotClient};
use super::error::{ErrorKind, HubSpotError};
use super::pacing::Lane;
use super::types::{ObjectType, Record};
use serde_json::{Value, json};

/// The most results a search can page through.
pub const MAX_RESULTS: usize = 10_000;
/// The largest page HubSpot returns.
pub const MAX_PAGE: usize = 200;
/// HubSpot's filter limits: groups, filters per group, filters in all.
pub const MAX_GROUPS: usize = 5;
pub const MAX_FILTERS_PER_GROUP: usize = 6;
pub const MAX_FILTERS: usize = 18;

/// HubSpot's filter operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    Eq,
    Neq,
    Lt,
    Lte,
    Gt,
    Gte,
    Between,
    In,
    NotIn,
    HasProperty,
    NotHasProperty,
    ContainsToken,
    NotContainsToken,
}

impl Operator {
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Eq => "EQ",
            Operator::Neq => "NEQ",
            Operator::Lt => "LT",
            Operator::Lte => "LTE",
            Operator::Gt => "GT",
            Operator::Gte => "GTE",
            Operator::Between => "BETWEEN",
            Operator::In => "IN",
            Operator::NotIn => "NOT_IN",
            Operator::HasProperty => "HAS_PROPERTY",
            Operator::NotHasProperty => "NOT_HAS_PROPERTY",
            Operator::ContainsToken => "CONTAINS_TOKEN",
            Operator::NotContainsToken => "NOT_CONTAINS_TOKEN",
        }
    }
}

/// One filter: `value` for comparisons, `values` for IN / NOT_IN, `high_value` for BETWEEN.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub property: String,
    pub operator: Operator,
    pub value: Option<String>,
    pub values: Vec<String>,
    pub high_value: Option<String>,
}

impl Filter {
    fn to_json(&self) -> Value {
        let mut filter =
            json!({ "propertyName": self.property, "operator": self.operator.as_str() });
        if let Some(value) = &self.value {
            filter["value"] = json!(value);
        }
        if matches!(self.operator, Operator::In | Operator::NotIn) {
            filter["values"] = json!(self.values);
        }
        if let Some(high) = &self.high_value {
            filter["highValue"] = json!(high);
        }
        filter
    }
}

/// One sort rule (HubSpot allows one).
#[derive(Debug, Clone, PartialEq)]
pub struct Sort {
    pub property: String,
    pub descending: bool,
}

/// A search: filter groups are OR'd, the filters of a group AND'd.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchQuery {
    pub filter_groups: Vec<Vec<Filter>>,
    pub sorts: Vec<Sort>,
    /// Properties to return (none: HubSpot's defaults).
    pub properties: Vec<String>,
    /// Free text across default searchable properties.
    pub query: Option<String>,
}

impl SearchQuery {
    /// Checks HubSpot's limits before anything is sent.
    pub fn check(&self) -> Result<(), HubSpotError> {
        let total: usize = self.filter_groups.iter().map(Vec::len).sum();
        if self.filter_groups.len() > MAX_GROUPS
            || self
                .filter_groups
                .iter()
                .any(|g| g.len() > MAX_FILTERS_PER_GROUP)
            || total > MAX_FILTERS
        {
            return Err(HubSpotError::validation(format!(
                "a HubSpot search takes at most {MAX_GROUPS} filter groups, {MAX_FILTERS_PER_GROUP} filters per group and {MAX_FILTERS} filters in all"
            )));
        }
        if self.sorts.len() > 1 {
            return Err(HubSpotError::validation(
                "a HubSpot search takes one sort rule",
            ));
        }
        Ok(())
    }

    fn body(&self, limit: usize, after: Option<&str>) -> Value {
        let groups: Vec<Value> = self
            .filter_groups
            .iter()
            .map(|g| json!({ "filters": g.iter().map(Filter::to_json).collect::<Vec<_>>() }))
            .collect();
        let sorts: Vec<Value> = self
            .sorts
            .iter()
            .map(|s| json!({ "propertyName": s.property, "direction": if s.descending { "DESCENDING" } else { "ASCENDING" } }))
            .collect();
        let mut body = json!({ "filterGroups": groups, "sorts": sorts, "properties": self.properties, "limit": limit });
        if let Some(after) = after {
            body["after"] = json!(after);
        }
        if let Some(query) = &self.query {
            body["query"] = json!(query);
        }
        body
    }
}

/// What a search found.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// All matches HubSpot counted (may exceed what was fetched).
    pub total: u64,
    pub records: Vec<Record>,
}

/// The first page's call of a search (what a dry run would show; searches run for real).
pub fn search_call(
    object: ObjectType,
    query: &SearchQuery,
    limit: usize,
    after: Option<&str>,
) -> Call {
    Call::new(
        "POST",
        format!("/crm/v3/objects/{}/search", object.as_str()),
    )
    .body(query.body(limit, after))
    .lane(Lane::Search)
    .scope(object.read_scope())
}

impl HubSpotClient {
    /// Runs a search, paging until `limit` records (at most 10,000) or the last page.
    pub async fn search(
        &self,
        object: ObjectType,
        query: &SearchQuery,
        limit: usize,
    ) -> Result<SearchResults, HubSpotError> {
        query.check()?;
        let target = limit.min(MAX_RESULTS);
        let mut records: Vec<Record> = Vec::new();
        let mut total = 0;
        let mut after: Option<String> = None;
        // Each page brings at least one record or ends the loop: at most 10,000 pages.
        while records.len() < target {
            let page = (target - records.len()).min(MAX_PAGE);
            let response = self
                .execute(&search_call(object, query, page, after.as_deref()))
                .await?;
            let body = &response.body;
            total = body.get("total").and_then(Value::as_u64).unwrap_or(0);
            let found: Vec<Record> = match body.get("results").and_then(Value::as_array) {
                Some(results) => results
                    .iter()
                    .map(|r| serde_json::from_value(r.clone()))
                    .collect::<Result<_, _>>()
                    .map_err(|e| {
                        HubSpotError::new(
                            ErrorKind::Server,
                            format!("HubSpot's search answer has a malformed record: {e}"),
                        )
                    })?,
                None => Vec::new(),
            };
            let empty = found.is_empty();
            records.extend(found);
            after = body.pointer("/paging/next/after").and_then(|a| {
                a.as_str()
                    .map(str::to_owned)
                    .or_else(|| a.as_u64().map(|n| n.to_string()))
            });
            if empty || after.is_none() {
                break;
            }
        }
        records.truncate(target);
        Ok(SearchResults { total, records })
    }
}
