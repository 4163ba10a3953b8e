//! Converting between `serde_json::Value` and JavaScript values, directly
//! through QuickJS's object API (no JSON text in between).

use rquickjs::{
    Array, Atom, Coerced, Ctx, Exception, Object, String as JsString, Type, Value as JsValue,
    function::This, object::Property,
};
use serde_json::{Map, Number, Value};

use crate::{failure::Failure, registry, watchdog::Watchdog};

/// Deepest nesting converted in either direction; deeper values are refused
/// (which also stops cycles).
pub(crate) const MAX_DEPTH: usize = 200;

/// How often (in converted values) the deadline is checked.
const TICK: u64 = 1024;

/// Converts JSON into a fresh JavaScript value.
///
/// Numbers that fit an `i32` become JavaScript ints, all others doubles
/// (integers beyond 2^53 lose precision, as in JavaScript). Object keys are
/// defined as own properties, so a `"__proto__"` key stays plain data.
pub(crate) fn json_to_js<'js>(ctx: &Ctx<'js>, value: &Value) -> rquickjs::Result<JsValue<'js>> {
    to_js(ctx, value, 0)
}

/// Converts a slice of JSON values into a fresh JavaScript array.
pub(crate) fn slice_to_js<'js>(ctx: &Ctx<'js>, items: &[Value]) -> rquickjs::Result<JsValue<'js>> {
    array_to_js(ctx, items, 0)
}

fn array_to_js<'js>(
    ctx: &Ctx<'js>,
    items: &[Value],
    depth: usize,
) -> rquickjs::Result<JsValue<'js>> {
    check_input_depth(ctx, depth)?;
    let array = Array::new(ctx.clone())?;
    for (index, item) in items.iter().enumerate() {
        array.set(index, to_js(ctx, item, depth + 1)?)?;
    }
    Ok(array.into_value())
}

fn to_js<'js>(ctx: &Ctx<'js>, value: &Value, depth: usize) -> rquickjs::Result<JsValue<'js>> {
    Ok(match value {
        Value::Null => JsValue::new_null(ctx.clone()),
        Value::Bool(flag) => JsValue::new_bool(ctx.clone(), *flag),
        Value::Number(number) => number_to_js(ctx, number),
        Value::String(text) => JsString::from_str(ctx.clone(), text)?.into_value(),
        Value::Array(items) => array_to_js(ctx, items, depth)?,
        Value::Object(fields) => {
            check_input_depth(ctx, depth)?;
            let object = Object::new(ctx.clone())?;
            for (key, field) in fields {
                let field = to_js(ctx, field, depth + 1)?;
                object.prop(
                    key.as_str(),
                    Property::from(field).writable().enumerable().configurable(),
                )?;
            }
            object.into_value()
        }
    })
}

fn number_to_js<'js>(ctx: &Ctx<'js>, number: &Number) -> JsValue<'js> {
    if let Some(int) = number.as_i64().and_then(|int| i32::try_from(int).ok()) {
        return JsValue::new_int(ctx.clone(), int);
    }
    // Without `arbitrary_precision` every number has an f64 view.
    JsValue::new_float(ctx.clone(), number.as_f64().unwrap_or(f64::NAN))
}

fn check_input_depth(ctx: &Ctx<'_>, depth: usize) -> rquickjs::Result<()> {
    if depth >= MAX_DEPTH {
        return Err(Exception::throw_range(
            ctx,
            &format!("the input is nested more than {MAX_DEPTH} levels deep"),
        ));
    }
    Ok(())
}

/// A JSON view of a finite double: integral values within `i64` become JSON
/// integers (`21`, not `21.0`); NaN and infinities become `null`.
pub(crate) fn number_from_f64(number: f64) -> Value {
    // 2^63; `i64::MIN` is exactly -2^63.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if number.fract() == 0.0 && (-LIMIT..LIMIT).contains(&number) {
        return Value::Number((number as i64).into());
    }
    Number::from_f64(number).map_or(Value::Null, Value::Number)
}

/// Converts JavaScript values into JSON, following `JSON.stringify`:
/// `undefined`, functions and symbols are left out of objects and become
/// `null` in arrays (and `None` at the top); NaN and infinities become `null`;
/// `toJSON` methods are used (so a `Date` becomes its ISO text). Beyond
/// `JSON.stringify`, BigInts become numbers when they fit `i64`/`u64` and
/// decimal text otherwise. Cycles and nesting deeper than [`MAX_DEPTH`] are
/// refused.
pub(crate) struct JsToJson<'w, 'js> {
    watchdog: Option<&'w Watchdog>,
    converted: u64,
    max_values: u64,
    ancestors: Vec<Object<'js>>,
    to_json: Option<Atom<'js>>,
}

impl<'w, 'js> JsToJson<'w, 'js> {
    /// A converter that checks `watchdog`'s deadline now and then.
    pub(crate) fn new(watchdog: Option<&'w Watchdog>) -> Self {
        Self {
            watchdog,
            converted: 0,
            max_values: u64::MAX,
            ancestors: Vec::new(),
            to_json: None,
        }
    }

    /// Refuses results of more than `max` values (JSON nodes), which keeps
    /// e.g. a sparse array of length 2^32 from exhausting Rust's memory.
    pub(crate) fn with_max_values(mut self, max: u64) -> Self {
        self.max_values = max;
        self
    }

    /// Converts `value`; `None` for `undefined`, functions and symbols.
    pub(crate) fn convert(&mut self, value: JsValue<'js>) -> Result<Option<Value>, Failure> {
        self.value(value, 0)
    }

    fn value(&mut self, value: JsValue<'js>, depth: usize) -> Result<Option<Value>, Failure> {
        self.tick()?;
        Ok(Some(match value.type_of() {
            Type::Null => Value::Null,
            Type::Bool => Value::Bool(value.as_bool().unwrap_or_default()),
            Type::Int => Value::Number(value.as_int().unwrap_or_default().into()),
            Type::Float => number_from_f64(value.as_float().unwrap_or(f64::NAN)),
            Type::String => match value.into_string() {
                Some(text) => Value::String(text_of(text)?),
                None => return Ok(None),
            },
            Type::BigInt => big_int(value)?,
            Type::Array => match value.into_array() {
                Some(array) => self.array(array, depth)?,
                None => return Ok(None),
            },
            Type::Object | Type::Exception | Type::Promise | Type::Proxy => {
                match value.into_object() {
                    Some(object) => return self.object(object, depth),
                    None => return Ok(None),
                }
            }
            Type::Uninitialized
            | Type::Undefined
            | Type::Symbol
            | Type::Function
            | Type::Constructor
            | Type::Module
            | Type::Unknown => return Ok(None),
        }))
    }

    fn tick(&mut self) -> Result<(), Failure> {
        self.converted += 1;
        if self.converted > self.max_values {
            return Err(self.too_large());
        }
        if self.converted.is_multiple_of(TICK) && self.watchdog.is_some_and(Watchdog::expired) {
            return Err(Failure::Timeout);
        }
        Ok(())
    }

    fn too_large(&self) -> Failure {
        Failure::Bad(format!(
            "the result is too large (more than {} values)",
            self.max_values
        ))
    }

    /// Enters `object`: refuses cycles and too deep nesting.
    fn enter(&mut self, object: &Object<'js>, depth: usize) -> Result<(), Failure> {
        if self.ancestors.contains(object) {
            return Err(Failure::Bad(
                "the result contains a cycle (an object that contains itself), which JSON cannot hold"
                    .into(),
            ));
        }
        if depth >= MAX_DEPTH {
            return Err(Failure::Bad(format!(
                "the result is nested more than {MAX_DEPTH} levels deep"
            )));
        }
        self.ancestors.push(object.clone());
        Ok(())
    }

    fn array(&mut self, array: Array<'js>, depth: usize) -> Result<Value, Failure> {
        self.enter(array.as_object(), depth)?;
        // Not `Array::len`, which asserts that the length is an int.
        let len: f64 = array.as_object().get("length")?;
        if len > self.max_values.saturating_sub(self.converted) as f64 {
            return Err(self.too_large());
        }
        let len = len as usize;
        let mut items = Vec::with_capacity(len.min(1 << 16));
        for index in 0..len {
            let item: JsValue<'js> = array.get(index)?;
            items.push(self.value(item, depth + 1)?.unwrap_or(Value::Null));
        }
        self.ancestors.pop();
        Ok(Value::Array(items))
    }

    fn object(&mut self, object: Object<'js>, depth: usize) -> Result<Option<Value>, Failure> {
        self.enter(&object, depth)?;
        let to_json = match &self.to_json {
            Some(atom) => atom.clone(),
            None => {
                let atom = Atom::from_str(object.ctx().clone(), "toJSON")?;
                self.to_json = Some(atom.clone());
                atom
            }
        };
        let method: JsValue<'js> = object.get(to_json)?;
        if let Some(method) = method.as_function() {
            let replacement: JsValue<'js> = method.call((This(object.clone()), ""))?;
            let converted = self.value(replacement, depth + 1)?;
            self.ancestors.pop();
            return Ok(converted);
        }
        let mut fields = Map::new();
        for key in object.keys::<Atom<'js>>() {
            let key = key?;
            let field: JsValue<'js> = object.get(key.clone())?;
            if let Some(field) = self.value(field, depth + 1)? {
                fields.insert(text_of(key.to_js_string()?)?, field);
            }
        }
        self.ancestors.pop();
        Ok(Some(Value::Object(fields)))
    }
}

/// A JavaScript string as Rust text; lone surrogates (which UTF-8 cannot
/// hold) become U+FFFD, like `String.prototype.toWellFormed`.
fn text_of(text: JsString<'_>) -> Result<String, Failure> {
    if let Ok(text) = text.to_string() {
        return Ok(text);
    }
    let ctx = text.ctx().clone();
    let well_formed = registry::function(&ctx, registry::WELL_FORMED)
        .and_then(|function| Ok(function.call::<_, JsString<'_>>((text,))?))
        .and_then(|text| Ok(text.to_string()?));
    match well_formed {
        Ok(text) => Ok(text),
        Err(Failure::Js(rquickjs::Error::Exception)) => {
            Err(Failure::Js(rquickjs::Error::Exception))
        }
        Err(_) => Ok(char::REPLACEMENT_CHARACTER.to_string()),
    }
}

fn big_int(value: JsValue<'_>) -> Result<Value, Failure> {
    let Coerced(text) = value.get::<Coerced<String>>()?;
    Ok(if let Ok(int) = text.parse::<i64>() {
        Value::Number(int.into())
    } else if let Ok(int) = text.parse::<u64>() {
        Value::Number(int.into())
    } else {
        Value::String(text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_doubles() {
        assert_eq!(number_from_f64(21.0), Value::from(21));
        assert_eq!(number_from_f64(-0.0), Value::from(0));
        assert_eq!(number_from_f64(1.5), Value::from(1.5));
        assert_eq!(number_from_f64(f64::NAN), Value::Null);
        assert_eq!(number_from_f64(f64::INFINITY), Value::Null);
        assert_eq!(number_from_f64(f64::NEG_INFINITY), Value::Null);
        assert_eq!(
            number_from_f64(-9_223_372_036_854_775_808.0),
            Value::from(i64::MIN)
        );
        assert_eq!(
            number_from_f64(9_223_372_036_854_775_808.0),
            Value::from(9.223_372_036_854_776e18)
        );
        assert_eq!(number_from_f64(1e300), Value::from(1e300));
    }
}
