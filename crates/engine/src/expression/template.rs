//! Params with expressions in them, compiled once when the plan is built.

use super::{Expr, Resolved, Scope, to_text};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::marker::PhantomData;
use switchyard_model::template::{self as syntax, SegmentRef, TemplateRef};

/// A param value (any JSON) with its `{{ }}` expressions compiled. Parts without expressions
/// are kept as constants and cost nothing to evaluate.
#[derive(Debug, Clone)]
pub enum Template {
    Const(Value),
    /// `"{{ expr }}"`: the expression's value, with its JSON type.
    Lone(Expr),
    /// Text with expressions in it: always a string.
    Mixed(Vec<Part>),
    Array(Vec<Template>),
    Object(Vec<(String, Template)>),
}

#[derive(Debug, Clone)]
pub enum Part {
    Text(String),
    Expr(Expr),
}

impl Template {
    pub fn compile(value: &Value) -> Result<Template, String> {
        Template::compile_owned(value.clone())
    }

    /// Compiles a value it owns: constant parts are moved into the template, not copied.
    pub fn compile_owned(value: Value) -> Result<Template, String> {
        Ok(match value {
            Value::String(s) if syntax::has_expression(&s) => Template::compile_text(&s)?,
            Value::Array(items) => {
                let parts = items
                    .into_iter()
                    .map(Template::compile_owned)
                    .collect::<Result<Vec<_>, _>>()?;
                if parts.iter().all(Template::is_const) {
                    Template::Const(Value::Array(
                        parts.into_iter().filter_map(Template::into_const).collect(),
                    ))
                } else {
                    Template::Array(parts)
                }
            }
            Value::Object(map) => {
                let parts = map
                    .into_iter()
                    .map(|(k, v)| Template::compile_owned(v).map(|t| (k, t)))
                    .collect::<Result<Vec<_>, _>>()?;
                if parts.iter().all(|(_, t)| t.is_const()) {
                    Template::Const(Value::Object(
                        parts
                            .into_iter()
                            .filter_map(|(k, t)| t.into_const().map(|v| (k, v)))
                            .collect(),
                    ))
                } else {
                    Template::Object(parts)
                }
            }
            other => Template::Const(other),
        })
    }

    /// Compiles a string with expressions in it, straight from its text (the borrowed parse
    /// saves copying each expression's source before compiling it).
    fn compile_text(source: &str) -> Result<Template, String> {
        Ok(match syntax::parse_template_ref(source)? {
            TemplateRef::Literal(text) => Template::Const(Value::String(text.to_owned())),
            TemplateRef::Lone(expr) => Template::Lone(Expr::compile(expr)),
            TemplateRef::Mixed(segments) => Template::Mixed(
                segments
                    .into_iter()
                    .map(|segment| match segment {
                        SegmentRef::Text(text) => Part::Text(text.to_owned()),
                        SegmentRef::Expr(expr) => Part::Expr(Expr::compile(expr)),
                    })
                    .collect(),
            ),
        })
    }

    fn into_const(self) -> Option<Value> {
        match self {
            Template::Const(value) => Some(value),
            _ => None,
        }
    }

    pub fn is_const(&self) -> bool {
        matches!(self, Template::Const(_))
    }

    /// The constant value, when the template has no expression in it.
    pub fn as_const(&self) -> Option<&Value> {
        match self {
            Template::Const(v) => Some(v),
            _ => None,
        }
    }

    /// Evaluates the template for one item. A lone `undefined` comes back as `Undefined`.
    pub fn resolve<'s>(&'s self, scope: &Scope<'s>) -> Result<Resolved<'s>, String> {
        match self {
            Template::Const(value) => Ok(Resolved::Borrowed(value)),
            Template::Lone(expr) => expr.evaluate(scope),
            Template::Mixed(parts) => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        Part::Text(text) => out.push_str(text),
                        Part::Expr(expr) => {
                            out.push_str(&to_text(expr.evaluate(scope)?.as_value()))
                        }
                    }
                }
                Ok(Resolved::Owned(Value::String(out)))
            }
            Template::Array(items) => Ok(Resolved::Owned(Value::Array(
                items
                    .iter()
                    .map(|t| t.evaluate(scope))
                    .collect::<Result<_, _>>()?,
            ))),
            Template::Object(fields) => {
                let mut map = Map::with_capacity(fields.len());
                for (key, template) in fields {
                    // Like JSON.stringify, a field whose value is undefined is left out.
                    if let Some(value) = template.resolve(scope)?.as_value() {
                        map.insert(key.clone(), value.clone());
                    }
                }
                Ok(Resolved::Owned(Value::Object(map)))
            }
        }
    }

    /// Evaluates the template to JSON (`undefined` becomes `null`).
    pub fn evaluate(&self, scope: &Scope<'_>) -> Result<Value, String> {
        match self {
            Template::Const(value) => Ok(value.clone()),
            _ => self.resolve(scope).map(Resolved::into_value),
        }
    }

    /// Evaluates to text: a string as is, anything else as interpolation prints it.
    pub fn evaluate_text<'s>(&'s self, scope: &Scope<'s>) -> Result<Cow<'s, str>, String> {
        match self.resolve(scope)? {
            Resolved::Borrowed(Value::String(s)) => Ok(Cow::Borrowed(s.as_str())),
            Resolved::Owned(Value::String(s)) => Ok(Cow::Owned(s)),
            other => Ok(Cow::Owned(to_text(other.as_value()))),
        }
    }

    /// Every expression in the template (for validation and diagnostics).
    pub fn expressions(&self) -> Vec<&Expr> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'s>(&'s self, out: &mut Vec<&'s Expr>) {
        match self {
            Template::Const(_) => {}
            Template::Lone(e) => out.push(e),
            Template::Mixed(parts) => out.extend(parts.iter().filter_map(|p| match p {
                Part::Expr(e) => Some(e),
                Part::Text(_) => None,
            })),
            Template::Array(items) => items.iter().for_each(|t| t.collect(out)),
            Template::Object(fields) => fields.iter().for_each(|(_, t)| t.collect(out)),
        }
    }
}

impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Template::compile_owned(value).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Template {
    fn schema_name() -> Cow<'static, str> {
        "Template".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "description": "Any value; strings may hold {{ expressions }}." })
    }
}

/// A param of type `T` that may instead be given as an expression string, e.g. a number of
/// milliseconds or `"{{ $json.delay }}"`.
#[derive(Debug, Clone)]
pub struct Templated<T> {
    template: Template,
    _type: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Templated<T> {
    pub fn template(&self) -> &Template {
        &self.template
    }

    pub fn evaluate(&self, scope: &Scope<'_>) -> Result<T, String> {
        let value = self.template.evaluate(scope)?;
        serde_json::from_value(value.clone()).map_err(|err| {
            format!(
                "{} does not give the expected kind of value ({err}); it gave {value}",
                self.describe()
            )
        })
    }

    fn describe(&self) -> String {
        match self.template.expressions().first() {
            Some(expr) => format!("the expression {{{{ {} }}}}", expr.source()),
            None => "the value".into(),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Templated<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let template = Template::compile_owned(value).map_err(serde::de::Error::custom)?;
        if let Template::Const(constant) = &template {
            serde_json::from_value::<T>(constant.clone()).map_err(serde::de::Error::custom)?;
        }
        Ok(Templated {
            template,
            _type: PhantomData,
        })
    }
}

impl<T: JsonSchema> JsonSchema for Templated<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Templated_{}", T::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let inner = generator.subschema_for::<T>();
        json_schema!({
            "anyOf": [inner, { "type": "string", "pattern": "\\{\\{" }]
        })
    }
}
