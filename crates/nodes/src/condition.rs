//! Condition groups shared by `logic.if`, `logic.switch` and `logic.filter`:
//! `{ "all": [...] }` / `{ "any": [...] }` of comparisons `{ left, op, right }`.

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::cmp::Ordering;
use switchyard_engine::expression::{Resolved, Scope, Template, to_text};

/// The comparison operators of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
    Contains,
    NotContains,
    StartsWith,
    EndsWith,
    Matches,
    In,
    Exists,
    NotExists,
    IsEmpty,
    NotEmpty,
}

impl Op {
    /// Whether the operator compares against a `right` value.
    pub fn takes_right(self) -> bool {
        !matches!(
            self,
            Op::Exists | Op::NotExists | Op::IsEmpty | Op::NotEmpty
        )
    }
}

/// The document form of a condition: one object whose fields say whether it is a group
/// (`all` / `any`) or a comparison (`left`, `op`, `right`). Kept flat so that the JSON Schema
/// gives precise errors (an unknown `op` is reported as such).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Condition")]
pub struct ConditionDoc {
    /// Every member must hold.
    #[serde(default)]
    pub all: Option<Vec<ConditionDoc>>,
    /// At least one member must hold.
    #[serde(default)]
    pub any: Option<Vec<ConditionDoc>>,
    /// The value to test (usually an expression such as `{{ $json.email }}`).
    #[serde(default)]
    #[schemars(with = "Option<Value>")]
    pub left: Option<Value>,
    #[serde(default)]
    pub op: Option<Op>,
    /// The value to compare with (not used by exists, not_exists, is_empty, not_empty).
    #[serde(default)]
    #[schemars(with = "Option<Value>")]
    pub right: Option<Value>,
}

/// A compiled condition.
#[derive(Debug, Clone)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Compare(Comparison),
}

#[derive(Debug, Clone)]
pub struct Comparison {
    pub left: Template,
    pub op: Op,
    pub right: Option<Template>,
    /// For `matches` with a constant pattern: compiled once.
    regex: Option<Regex>,
}

impl TryFrom<ConditionDoc> for Condition {
    type Error = String;

    fn try_from(doc: ConditionDoc) -> Result<Self, String> {
        let is_comparison = doc.left.is_some() || doc.op.is_some() || doc.right.is_some();
        match (doc.all, doc.any, is_comparison) {
            (Some(all), None, false) => Ok(Condition::All(convert_all(all)?)),
            (None, Some(any), false) => Ok(Condition::Any(convert_all(any)?)),
            (None, None, true) => {
                let op = doc.op.ok_or("a comparison needs an \"op\"")?;
                let left = Template::compile_owned(doc.left.unwrap_or(Value::Null))?;
                let right = match (op.takes_right(), doc.right) {
                    (true, Some(right)) => Some(Template::compile_owned(right)?),
                    (true, None) => return Err(format!("the comparison \"{}\" needs a \"right\" value", op_name(op))),
                    (false, _) => None,
                };
                let regex = match (op, right.as_ref().and_then(Template::as_const)) {
                    (Op::Matches, Some(Value::String(pattern))) => {
                        Some(Regex::new(pattern).map_err(|e| format!("\"{pattern}\" is not a valid regular expression: {e}"))?)
                    }
                    _ => None,
                };
                Ok(Condition::Compare(Comparison { left, op, right, regex }))
            }
            (None, None, false) => Err("a condition needs \"all\", \"any\", or \"left\" and \"op\"".into()),
            _ => Err("a condition is either a group (\"all\" or \"any\") or a comparison (\"left\", \"op\", \"right\"), not both".into()),
        }
    }
}

fn convert_all(docs: Vec<ConditionDoc>) -> Result<Vec<Condition>, String> {
    docs.into_iter().map(Condition::try_from).collect()
}

fn op_name(op: Op) -> &'static str {
    match op {
        Op::Eq => "eq",
        Op::Ne => "ne",
        Op::Lt => "lt",
        Op::Lte => "lte",
        Op::Gt => "gt",
        Op::Gte => "gte",
        Op::Contains => "contains",
        Op::NotContains => "not_contains",
        Op::StartsWith => "starts_with",
        Op::EndsWith => "ends_with",
        Op::Matches => "matches",
        Op::In => "in",
        Op::Exists => "exists",
        Op::NotExists => "not_exists",
        Op::IsEmpty => "is_empty",
        Op::NotEmpty => "not_empty",
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Condition::try_from(ConditionDoc::deserialize(deserializer)?)
            .map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Condition {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        ConditionDoc::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ConditionDoc::json_schema(generator)
    }
}

impl Condition {
    /// Whether the condition holds for the scope's item.
    pub fn holds(&self, scope: &Scope<'_>) -> Result<bool, String> {
        match self {
            Condition::All(members) => {
                for member in members {
                    if !member.holds(scope)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Condition::Any(members) => {
                for member in members {
                    if member.holds(scope)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Condition::Compare(comparison) => comparison.holds(scope),
        }
    }
}

impl Comparison {
    fn holds(&self, scope: &Scope<'_>) -> Result<bool, String> {
        let left = self.left.resolve(scope)?;
        let left = left.as_value();
        let right_resolved = match &self.right {
            Some(right) => right.resolve(scope)?,
            None => Resolved::Undefined,
        };
        let right = right_resolved.as_value();
        Ok(match self.op {
            Op::Eq => loose_eq(left, right),
            Op::Ne => !loose_eq(left, right),
            Op::Lt => compare(left, right) == Some(Ordering::Less),
            Op::Lte => matches!(compare(left, right), Some(Ordering::Less | Ordering::Equal)),
            Op::Gt => compare(left, right) == Some(Ordering::Greater),
            Op::Gte => matches!(
                compare(left, right),
                Some(Ordering::Greater | Ordering::Equal)
            ),
            Op::Contains => contains(left, right),
            Op::NotContains => !contains(left, right),
            Op::StartsWith => to_text(left).starts_with(&to_text(right)),
            Op::EndsWith => to_text(left).ends_with(&to_text(right)),
            Op::Matches => {
                let text = to_text(left);
                match &self.regex {
                    Some(regex) => regex.is_match(&text),
                    None => {
                        let pattern = to_text(right);
                        Regex::new(&pattern)
                            .map_err(|e| {
                                format!("\"{pattern}\" is not a valid regular expression: {e}")
                            })?
                            .is_match(&text)
                    }
                }
            }
            Op::In => match right {
                Some(Value::Array(options)) => options.iter().any(|o| loose_eq(left, Some(o))),
                other => {
                    return Err(format!(
                        "\"in\" needs an array on the right, got {}",
                        to_text(other)
                    ));
                }
            },
            Op::Exists => !matches!(left, None | Some(Value::Null)),
            Op::NotExists => matches!(left, None | Some(Value::Null)),
            Op::IsEmpty => is_empty(left),
            Op::NotEmpty => !is_empty(left),
        })
    }
}

/// A number, or a string that reads as one (JavaScript's `Number()`, without the oddities).
pub fn as_number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                None
            } else {
                t.parse::<f64>().ok().filter(|f| f.is_finite())
            }
        }
        _ => None,
    }
}

/// Equality as `eq` compares: numerically when both sides are numeric, structurally for
/// objects and arrays, otherwise as text.
pub fn loose_eq(left: Option<&Value>, right: Option<&Value>) -> bool {
    if let (Some(a), Some(b)) = (as_number(left), as_number(right)) {
        return a == b;
    }
    match (left, right) {
        (Some(a @ (Value::Object(_) | Value::Array(_))), Some(b))
        | (Some(b), Some(a @ (Value::Object(_) | Value::Array(_)))) => a == b,
        _ => to_text(left) == to_text(right),
    }
}

fn compare(left: Option<&Value>, right: Option<&Value>) -> Option<Ordering> {
    if let (Some(a), Some(b)) = (as_number(left), as_number(right)) {
        return a.partial_cmp(&b);
    }
    if matches!(left, None | Some(Value::Null)) || matches!(right, None | Some(Value::Null)) {
        return None;
    }
    Some(to_text(left).cmp(&to_text(right)))
}

fn contains(left: Option<&Value>, right: Option<&Value>) -> bool {
    match left {
        Some(Value::Array(items)) => items.iter().any(|item| loose_eq(Some(item), right)),
        Some(Value::Object(map)) => map.contains_key(&to_text(right)),
        None | Some(Value::Null) => false,
        other => to_text(other).contains(&to_text(right)),
    }
}

fn is_empty(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        Some(_) => false,
    }
}
