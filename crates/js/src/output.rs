//! Shaping what a script returned into what each entry point promises.

use serde_json::Value;

use crate::JsError;

/// What a call returned, converted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Output {
    /// `undefined`.
    Undefined,
    /// A value JSON has no place for: `"function"` or `"symbol"`.
    NotData(&'static str),
    /// Anything else.
    Json(Value),
}

impl Output {
    /// For expressions: `None` when there is no JSON value.
    pub(crate) fn into_expression(self) -> Option<Value> {
        match self {
            Output::Json(value) => Some(value),
            Output::Undefined | Output::NotData(_) => None,
        }
    }

    /// For mode "all": an array of objects.
    pub(crate) fn into_all_items(self) -> Result<Vec<Value>, JsError> {
        match self {
            Output::Json(Value::Array(items)) => check_items(items),
            other => Err(JsError::BadResult(format!(
                "code in mode \"all\" must return an array of items (objects), not {}",
                other.describe()
            ))),
        }
    }

    /// For mode "each": an object is one item, an array zero or more,
    /// `null`/`undefined` none.
    pub(crate) fn into_each_items(self) -> Result<Vec<Value>, JsError> {
        match self {
            Output::Undefined | Output::Json(Value::Null) => Ok(Vec::new()),
            Output::Json(item @ Value::Object(_)) => Ok(vec![item]),
            Output::Json(Value::Array(items)) => check_items(items),
            other => Err(JsError::BadResult(format!(
                "code in mode \"each\" must return an item (an object), an array of items or null, not {}",
                other.describe()
            ))),
        }
    }

    fn describe(&self) -> String {
        match self {
            Output::Undefined => "undefined (a missing return?)".into(),
            Output::NotData(kind) => format!("a {kind}"),
            Output::Json(value) => describe_json(value).into(),
        }
    }
}

fn check_items(items: Vec<Value>) -> Result<Vec<Value>, JsError> {
    match items.iter().position(|item| !item.is_object()) {
        None => Ok(items),
        Some(index) => Err(JsError::BadResult(format!(
            "item {index} of the returned array is {}, not an object",
            describe_json(&items[index])
        ))),
    }
}

fn describe_json(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn expressions_drop_non_data() {
        assert_eq!(Output::Undefined.into_expression(), None);
        assert_eq!(Output::NotData("function").into_expression(), None);
        assert_eq!(
            Output::Json(json!(null)).into_expression(),
            Some(json!(null))
        );
    }

    #[test]
    fn all_needs_an_array_of_objects() {
        let items = Output::Json(json!([{"a": 1}, {}])).into_all_items();
        assert_eq!(items, Ok(vec![json!({"a": 1}), json!({})]));
        let error = Output::Json(json!(5))
            .into_all_items()
            .expect_err("should fail");
        assert!(error.to_string().contains("not a number"), "{error}");
        let error = Output::Json(json!([{}, 1]))
            .into_all_items()
            .expect_err("should fail");
        assert_eq!(
            error.to_string(),
            "item 1 of the returned array is a number, not an object"
        );
        assert!(Output::Undefined.into_all_items().is_err());
    }

    #[test]
    fn each_takes_an_object_an_array_or_nothing() {
        assert_eq!(
            Output::Json(json!({"a": 1})).into_each_items(),
            Ok(vec![json!({"a": 1})])
        );
        assert_eq!(
            Output::Json(json!([{"a": 1}, {"a": 2}]))
                .into_each_items()
                .map(|v| v.len()),
            Ok(2)
        );
        assert_eq!(Output::Json(json!(null)).into_each_items(), Ok(vec![]));
        assert_eq!(Output::Undefined.into_each_items(), Ok(vec![]));
        let error = Output::NotData("function")
            .into_each_items()
            .expect_err("should fail");
        assert!(error.to_string().ends_with("not a function"), "{error}");
        assert!(Output::Json(json!("x")).into_each_items().is_err());
        assert!(Output::Json(json!([null])).into_each_items().is_err());
    }
}
