//! `hubspot.crm` search params: `filters` (a condition group mapped onto HubSpot filter groups)
//! and `sorts`. The mapping is checked when the workflow is read, so an unsupported op, deeper
//! nesting or too large a group is a validation error before anything runs.

use crate::condition::{ConditionDoc, Op};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use switchyard_connectors::hubspot::{
    Filter, MAX_FILTERS, MAX_FILTERS_PER_GROUP, MAX_GROUPS, Operator, Sort,
};
use switchyard_engine::expression::{Scope, Template, to_text};

/// One comparison: a literal property name, an op, and a value (which may be an expression).
#[derive(Debug, Clone)]
pub struct FilterParam {
    pub property: String,
    pub operator: Operator,
    pub right: Option<Template>,
}

/// The filter groups of a search: OR'd groups of AND'd comparisons.
#[derive(Debug, Clone, Default)]
pub struct SearchFilters {
    pub groups: Vec<Vec<FilterParam>>,
}

fn operator(op: Op) -> Result<Operator, String> {
    Ok(match op {
        Op::Eq => Operator::Eq,
        Op::Ne => Operator::Neq,
        Op::Lt => Operator::Lt,
        Op::Lte => Operator::Lte,
        Op::Gt => Operator::Gt,
        Op::Gte => Operator::Gte,
        Op::In => Operator::In,
        Op::Contains => Operator::ContainsToken,
        Op::NotContains => Operator::NotContainsToken,
        Op::Exists => Operator::HasProperty,
        Op::NotExists => Operator::NotHasProperty,
        other => {
            return Err(format!(
                "the op {other:?} has no HubSpot search operator; use eq, ne, lt, lte, gt, gte, in, contains, not_contains, exists or not_exists"
            ));
        }
    })
}

fn comparison(doc: ConditionDoc) -> Result<FilterParam, String> {
    if doc.all.is_some() || doc.any.is_some() {
        return Err(
            "HubSpot filters nest at most two levels: one \"any\" of \"all\" groups of comparisons"
                .into(),
        );
    }
    let property = match doc.left {
        Some(Value::String(name)) if !name.trim().is_empty() && !name.contains("{{") => name,
        Some(Value::String(_)) => {
            return Err(
                "a filter's \"left\" must be a literal property name, not an expression".into(),
            );
        }
        _ => return Err("a filter's \"left\" must be a property name".into()),
    };
    let op = doc
        .op
        .ok_or_else(|| format!("the filter on \"{property}\" needs an \"op\""))?;
    let operator = operator(op)?;
    let right = match (op.takes_right(), doc.right) {
        (true, Some(right)) => Some(Template::compile(&right)?),
        (true, None) => {
            return Err(format!(
                "the filter on \"{property}\" needs a \"right\" value"
            ));
        }
        (false, _) => None,
    };
    if let (Operator::In, Some(Template::Const(value))) = (operator, &right)
        && !value.is_array()
    {
        return Err(format!(
            "\"in\" on \"{property}\" needs an array on the right"
        ));
    }
    Ok(FilterParam {
        property,
        operator,
        right,
    })
}

fn group(members: Vec<ConditionDoc>) -> Result<Vec<FilterParam>, String> {
    members.into_iter().map(comparison).collect()
}

impl TryFrom<ConditionDoc> for SearchFilters {
    type Error = String;

    fn try_from(doc: ConditionDoc) -> Result<Self, String> {
        if doc.left.is_some() || doc.op.is_some() {
            return Err("filters must be a group: { \"all\": [...] } or { \"any\": [ { \"all\": [...] } ... ] }".into());
        }
        let groups = match (doc.all, doc.any) {
            (Some(all), None) => vec![group(all)?],
            (None, Some(any)) => any
                .into_iter()
                .map(|mut member| match (member.all.take(), member.any.is_some()) {
                    (Some(all), false) if member.left.is_none() && member.op.is_none() => group(all),
                    (None, false) => comparison(member).map(|c| vec![c]),
                    _ => Err("inside \"any\", each member is an \"all\" group or a comparison; HubSpot filters nest no deeper".into()),
                })
                .collect::<Result<_, String>>()?,
            _ => return Err("filters take either \"all\" or \"any\"".into()),
        };
        let total: usize = groups.iter().map(Vec::len).sum();
        if groups.len() > MAX_GROUPS {
            return Err(format!(
                "HubSpot takes at most {MAX_GROUPS} filter groups; this has {}",
                groups.len()
            ));
        }
        if let Some(big) = groups.iter().find(|g| g.len() > MAX_FILTERS_PER_GROUP) {
            return Err(format!(
                "HubSpot takes at most {MAX_FILTERS_PER_GROUP} filters in a group; one has {}",
                big.len()
            ));
        }
        if total > MAX_FILTERS {
            return Err(format!(
                "HubSpot takes at most {MAX_FILTERS} filters in all; this has {total}"
            ));
        }
        Ok(SearchFilters { groups })
    }
}

impl<'de> Deserialize<'de> for SearchFilters {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        SearchFilters::try_from(ConditionDoc::deserialize(deserializer)?)
            .map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for SearchFilters {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        ConditionDoc::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ConditionDoc::json_schema(generator)
    }
}

impl SearchFilters {
    /// HubSpot's filter groups for one item (its `right` values evaluated).
    pub fn evaluate(&self, scope: &Scope<'_>) -> Result<Vec<Vec<Filter>>, FilterError> {
        self.groups
            .iter()
            .map(|g| g.iter().map(|f| f.evaluate(scope)).collect())
            .collect()
    }
}

/// Why an item's filters could not be built.
#[derive(Debug)]
pub enum FilterError {
    Expression(String),
    Invalid(String),
}

impl FilterParam {
    fn evaluate(&self, scope: &Scope<'_>) -> Result<Filter, FilterError> {
        let value = match &self.right {
            Some(right) => Some(right.evaluate(scope).map_err(FilterError::Expression)?),
            None => None,
        };
        let mut filter = Filter {
            property: self.property.clone(),
            operator: self.operator,
            value: None,
            values: Vec::new(),
            high_value: None,
        };
        match (self.operator, value) {
            (Operator::In, Some(Value::Array(items))) => {
                filter.values = items.iter().map(|v| to_text(Some(v))).collect();
            }
            (Operator::In, other) => {
                return Err(FilterError::Invalid(format!(
                    "\"in\" on \"{}\" needs an array on the right, got {}",
                    self.property,
                    to_text(other.as_ref())
                )));
            }
            (_, Some(value)) => filter.value = Some(to_text(Some(&value))),
            (_, None) => {}
        }
        Ok(filter)
    }
}

/// One sort rule: `"createdate"`, `"-createdate"` (descending), or
/// `{ "property": "createdate", "direction": "descending" }`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SortParam {
    Name(String),
    Rule {
        property: String,
        #[serde(default)]
        direction: Direction,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Ascending,
    Descending,
}

impl SortParam {
    pub fn to_sort(&self) -> Sort {
        match self {
            SortParam::Name(name) => match name.strip_prefix('-') {
                Some(name) => Sort {
                    property: name.to_owned(),
                    descending: true,
                },
                None => Sort {
                    property: name.clone(),
                    descending: false,
                },
            },
            SortParam::Rule {
                property,
                direction,
            } => Sort {
                property: property.clone(),
                descending: *direction == Direction::Descending,
            },
        }
    }
}

/// At most one sort rule (HubSpot's limit).
pub fn one_sort<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<SortParam>, D::Error> {
    let sorts = Vec::<SortParam>::deserialize(deserializer)?;
    if sorts.len() > 1 {
        return Err(serde::de::Error::custom(
            "HubSpot search takes one sort rule",
        ));
    }
    Ok(sorts)
}
