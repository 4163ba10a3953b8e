//! Setting up a fresh context: deterministic `Date`/`Math.random`, the
//! run-wide globals and the helpers kept in the registry.

use std::{cell::Cell, sync::Arc};

use rquickjs::{
    Array, Ctx, Exception, Function, Object, String as JsString, Value as JsValue, function::Opt,
    object::Property,
};
use serde_json::Value;

use crate::{JsGlobals, convert::json_to_js, failure::Failure, registry};

/// The setup function (see `prelude.js`).
const SOURCE: &str = include_str!("prelude.js");

/// Prepares the context of a new sandbox.
pub(crate) fn install<'js>(ctx: &Ctx<'js>, globals: &JsGlobals) -> Result<(), Failure> {
    let setup: Function<'js> = ctx.eval(SOURCE)?;
    let random = Function::new(ctx.clone(), seeded_random(globals.seed))?;
    random.set_name("random")?;
    let helpers: Array<'js> = setup.call((normalize_rfc3339(&globals.now), random))?;
    let deep_freeze: Function<'js> = helpers.get(0)?;
    registry::install(ctx, deep_freeze.clone().into_value(), helpers.get(1)?)?;

    let frozen = |value: &Value| -> rquickjs::Result<JsValue<'js>> {
        deep_freeze.call((json_to_js(ctx, value)?,))
    };
    let global = ctx.globals();
    define(&global, "$run", frozen(&globals.run)?)?;
    define(&global, "$trigger", frozen(&globals.trigger)?)?;
    define(
        &global,
        "$now",
        JsString::from_str(ctx.clone(), &globals.now)?.into_value(),
    )?;
    let out = out_function(ctx, Arc::clone(&globals.outputs))?;
    define(&global, "$out", out.into_value())?;
    Ok(())
}

/// A read-only, non-configurable global.
fn define<'js>(global: &Object<'js>, name: &str, value: JsValue<'js>) -> rquickjs::Result<()> {
    global.prop(name, Property::from(value).enumerable())
}

/// `$out(nodeId)`: asks the engine for that node's items, each time.
fn out_function<'js>(
    ctx: &Ctx<'js>,
    outputs: Arc<dyn Fn(&str) -> Value + Send + Sync>,
) -> rquickjs::Result<Function<'js>> {
    let function = Function::new(
        ctx.clone(),
        move |ctx: Ctx<'js>, id: Opt<JsValue<'js>>| -> rquickjs::Result<JsValue<'js>> {
            let Some(id) = id.0.and_then(|id| id.into_string()) else {
                return Err(Exception::throw_type(
                    &ctx,
                    "$out needs a node id (a string), e.g. $out(\"fetch\")",
                ));
            };
            let id = id.to_string()?;
            json_to_js(&ctx, &outputs(&id))
        },
    )?;
    function.set_name("$out")?;
    Ok(function)
}

/// `Math.random`: SplitMix64 from `seed`, as doubles in [0, 1) with 53 random bits.
fn seeded_random(seed: u64) -> impl Fn() -> f64 {
    let state = Cell::new(seed);
    move || {
        let next = state.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        state.set(next);
        let mut z = next;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1_u64 << 53) as f64
    }
}

/// RFC 3339 allows a space or lower-case `t`/`z`, which `Date.parse` may not.
fn normalize_rfc3339(text: &str) -> String {
    let mut text = text.trim().to_ascii_uppercase();
    if text.as_bytes().get(10) == Some(&b' ') {
        text.replace_range(10..11, "T");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_is_seeded_and_in_range() {
        let a = seeded_random(7);
        let b = seeded_random(7);
        let c = seeded_random(8);
        let first: Vec<f64> = (0..100).map(|_| a()).collect();
        let second: Vec<f64> = (0..100).map(|_| b()).collect();
        assert_eq!(first, second);
        assert_ne!(first[0], c());
        assert!(first.iter().all(|x| (0.0..1.0).contains(x)));
    }

    #[test]
    fn normalizes_rfc3339_variants() {
        assert_eq!(
            normalize_rfc3339("2024-05-01 10:00:00z"),
            "2024-05-01T10:00:00Z"
        );
        assert_eq!(
            normalize_rfc3339(" 2024-05-01t10:00:00+02:00"),
            "2024-05-01T10:00:00+02:00"
        );
    }
}
