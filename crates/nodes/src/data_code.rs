//! `data.code`: the full-code escape hatch, a JavaScript function body run in the sandbox.

use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use switchyard_engine::{ErrorKind, Node, NodeContext, NodeError, NodeInfo};
use switchyard_js::JsError;
use switchyard_model::NodeGroup;

pub struct Code;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CodeMode {
    /// Once for all items: `items` is in scope, return an array of items.
    #[default]
    All,
    /// Once per item: `item` and `index` are in scope, return an object, an array or null.
    Each,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeDoc {
    /// A JavaScript function body, e.g. `return items.map(i => ({...i, total: i.a + i.b}));`.
    pub code: String,
    #[serde(default)]
    pub mode: CodeMode,
}

/// Code params whose body has been checked to parse.
#[derive(Debug)]
pub struct CodeParams(CodeDoc);

impl<'de> Deserialize<'de> for CodeParams {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let doc = CodeDoc::deserialize(deserializer)?;
        switchyard_js::check_function_body_syntax(&doc.code)
            .map_err(|e| serde::de::Error::custom(format!("the code does not parse: {e}")))?;
        Ok(CodeParams(doc))
    }
}

impl JsonSchema for CodeParams {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        CodeDoc::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        CodeDoc::json_schema(generator)
    }
}

fn code_error(error: JsError) -> NodeError {
    let kind = match error {
        JsError::Timeout(_) => ErrorKind::Timeout,
        _ => ErrorKind::Code,
    };
    NodeError::new(kind, error.to_string())
}

#[async_trait]
impl Node for Code {
    type Params = CodeParams;

    fn info(&self) -> NodeInfo {
        NodeInfo::simple(
            "data.code",
            "Code",
            NodeGroup::Data,
            "Runs JavaScript over the items.",
        )
    }

    async fn run(&self, params: &CodeParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        let input = ctx.input();
        let body = &params.0.code;
        match params.0.mode {
            CodeMode::All => {
                let items = ctx
                    .run
                    .with_javascript(|js| js.run_all(body, input))
                    .map_err(code_error)?;
                ctx.emit_all(0, items);
            }
            CodeMode::Each => {
                for (index, item) in input.iter().enumerate() {
                    match ctx
                        .run
                        .with_javascript(|js| js.run_each(body, item, index, input))
                    {
                        Ok(items) => ctx.emit_all(0, items),
                        Err(error) => ctx.fail_item(index, code_error(error)),
                    }
                }
            }
        }
        Ok(())
    }
}
