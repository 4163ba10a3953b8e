//! `flow.merge`: joins two branches (`a`, `b`) by appending, zipping or an inner join on keys.

use crate::condition::loose_eq;
use crate::paths::get_path;
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use switchyard_engine::{Node, NodeContext, NodeError, NodeInfo};
use switchyard_model::NodeGroup;

pub struct Merge;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MergeMode {
    /// All of `a`'s items, then all of `b`'s.
    #[default]
    Append,
    /// Item i of `a` merged with item i of `b` (b's keys win); as many as the shorter side.
    Zip,
    /// For each `a` item, one merged item per `b` item whose `key_b` equals its `key_a`.
    Join,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeDoc {
    #[serde(default)]
    pub mode: MergeMode,
    /// Join key in `a`'s items (dotted path).
    #[serde(default)]
    pub key_a: Option<String>,
    /// Join key in `b`'s items (dotted path).
    #[serde(default)]
    pub key_b: Option<String>,
}

#[derive(Debug)]
pub struct MergeParams(MergeDoc);

impl<'de> Deserialize<'de> for MergeParams {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let doc = MergeDoc::deserialize(deserializer)?;
        if doc.mode == MergeMode::Join && (doc.key_a.is_none() || doc.key_b.is_none()) {
            return Err(serde::de::Error::custom(
                "mode \"join\" needs key_a and key_b",
            ));
        }
        Ok(MergeParams(doc))
    }
}

impl JsonSchema for MergeParams {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        MergeDoc::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        MergeDoc::json_schema(generator)
    }
}

fn merged(a: &Value, b: &Value) -> Value {
    match (a, b) {
        (Value::Object(left), Value::Object(right)) => {
            let mut out = left.clone();
            for (k, v) in right {
                out.insert(k.clone(), v.clone());
            }
            Value::Object(out)
        }
        (_, b) => b.clone(),
    }
}

#[async_trait]
impl Node for Merge {
    type Params = MergeParams;

    fn info(&self) -> NodeInfo {
        NodeInfo {
            inputs: &["a", "b"],
            ..NodeInfo::simple(
                "flow.merge",
                "Merge",
                NodeGroup::Flow,
                "Combines the items of two branches.",
            )
        }
    }

    async fn run(&self, params: &MergeParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        let (a, b) = (ctx.input_port(0), ctx.input_port(1));
        match params.0.mode {
            MergeMode::Append => ctx.emit_all(0, a.iter().chain(b).cloned()),
            MergeMode::Zip => ctx.emit_all(0, a.iter().zip(b).map(|(x, y)| merged(x, y))),
            MergeMode::Join => {
                let key_a = params.0.key_a.as_deref().unwrap_or_default();
                let key_b = params.0.key_b.as_deref().unwrap_or_default();
                for x in a {
                    let left = get_path(x, key_a);
                    if matches!(left, None | Some(Value::Null)) {
                        continue;
                    }
                    for y in b {
                        if loose_eq(left, get_path(y, key_b)) {
                            ctx.emit(0, merged(x, y));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}
