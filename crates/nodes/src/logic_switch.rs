//! `logic.switch`: each item leaves on the first rule that matches, else on the fallback.

use crate::condition::Condition;
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use switchyard_engine::{Node, NodeContext, NodeError, NodeInfo};
use switchyard_model::NodeGroup;

pub struct Switch;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The output port items matching this rule leave on.
    #[schemars(length(min = 1))]
    pub port: String,
    pub when: Condition,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SwitchDoc {
    pub rules: Vec<Rule>,
    /// The port for items no rule matches; without it they are dropped.
    #[serde(default)]
    pub fallback: Option<String>,
}

/// Switch params with their port names checked: unique and not `error`.
#[derive(Debug)]
pub struct SwitchParams(SwitchDoc);

impl<'de> Deserialize<'de> for SwitchParams {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let doc = SwitchDoc::deserialize(deserializer)?;
        let mut seen = std::collections::HashSet::new();
        for port in doc
            .rules
            .iter()
            .map(|r| &r.port)
            .chain(doc.fallback.as_ref())
        {
            if port == "error" {
                return Err(serde::de::Error::custom(
                    "\"error\" is reserved for the error port; name the rule differently",
                ));
            }
            if !seen.insert(port) {
                return Err(serde::de::Error::custom(format!(
                    "two rules use the port \"{port}\"; port names must be unique"
                )));
            }
        }
        Ok(SwitchParams(doc))
    }
}

impl JsonSchema for SwitchParams {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        SwitchDoc::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        SwitchDoc::json_schema(generator)
    }
}

#[async_trait]
impl Node for Switch {
    type Params = SwitchParams;

    fn info(&self) -> NodeInfo {
        NodeInfo {
            outputs: &[],
            dynamic_outputs: true,
            ..NodeInfo::simple(
                "logic.switch",
                "Switch",
                NodeGroup::Logic,
                "Routes each item to the first rule it matches.",
            )
        }
    }

    fn output_ports(&self, params: &SwitchParams) -> Vec<String> {
        params
            .0
            .rules
            .iter()
            .map(|r| r.port.clone())
            .chain(params.0.fallback.clone())
            .collect()
    }

    async fn run(&self, params: &SwitchParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        let rules = &params.0.rules;
        let fallback = params.0.fallback.as_ref().map(|_| rules.len());
        let input = ctx.input();
        'items: for (index, item) in input.iter().enumerate() {
            let scope = ctx.scope(index);
            for (port, rule) in rules.iter().enumerate() {
                match rule.when.holds(&scope) {
                    Ok(true) => {
                        ctx.emit(port, item.clone());
                        continue 'items;
                    }
                    Ok(false) => {}
                    Err(message) => {
                        ctx.fail_item(
                            index,
                            ctx.expression_error(format!("rule \"{}\": {message}", rule.port)),
                        );
                        continue 'items;
                    }
                }
            }
            if let Some(port) = fallback {
                ctx.emit(port, item.clone());
            }
        }
        Ok(())
    }
}
