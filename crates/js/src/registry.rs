//! JavaScript values the sandbox keeps between calls (helpers, compiled
//! functions, the current `$input`), stored as runtime user data so that no
//! `Persistent` (which is not `Send`) is needed.

use std::cell::RefCell;

use rquickjs::{Ctx, Function, Value as JsValue};

use crate::{JsError, failure::Failure};

/// The stored values; slots below [`FIRST_FREE`] have fixed meanings.
type Registry<'js> = RefCell<Vec<JsValue<'js>>>;

/// `deepFreeze(value)` from the prelude.
pub(crate) const DEEP_FREEZE: usize = 0;
/// `wellFormed(text)` from the prelude.
pub(crate) const WELL_FORMED: usize = 1;
/// The JavaScript array of the input last passed as `$input`.
pub(crate) const INPUT: usize = 2;
/// The first slot for compiled functions.
const FIRST_FREE: usize = 3;

fn missing() -> Failure {
    Failure::Done(JsError::Engine("the sandbox's registry is missing".into()))
}

/// Creates the registry with the prelude's helpers.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    deep_freeze: JsValue<'js>,
    well_formed: JsValue<'js>,
) -> Result<(), Failure> {
    let mut slots = Vec::with_capacity(64);
    slots.extend([
        deep_freeze,
        well_formed,
        JsValue::new_undefined(ctx.clone()),
    ]);
    debug_assert_eq!(slots.len(), FIRST_FREE);
    ctx.store_userdata::<Registry<'js>>(RefCell::new(slots))
        .map_err(|error| Failure::Done(JsError::Engine(error.to_string())))?;
    Ok(())
}

/// The value in `slot`.
pub(crate) fn get<'js>(ctx: &Ctx<'js>, slot: usize) -> Result<JsValue<'js>, Failure> {
    let registry = ctx.userdata::<Registry<'js>>().ok_or_else(missing)?;
    let slots = registry.try_borrow().map_err(|_| missing())?;
    slots.get(slot).cloned().ok_or_else(missing)
}

/// The function in `slot`.
pub(crate) fn function<'js>(ctx: &Ctx<'js>, slot: usize) -> Result<Function<'js>, Failure> {
    get(ctx, slot)?.into_function().ok_or_else(missing)
}

/// Replaces the value in `slot`.
pub(crate) fn set<'js>(ctx: &Ctx<'js>, slot: usize, value: JsValue<'js>) -> Result<(), Failure> {
    let registry = ctx.userdata::<Registry<'js>>().ok_or_else(missing)?;
    let mut slots = registry.try_borrow_mut().map_err(|_| missing())?;
    let place = slots.get_mut(slot).ok_or_else(missing)?;
    *place = value;
    Ok(())
}

/// Stores a new value; returns its slot.
pub(crate) fn push<'js>(ctx: &Ctx<'js>, value: JsValue<'js>) -> Result<usize, Failure> {
    let registry = ctx.userdata::<Registry<'js>>().ok_or_else(missing)?;
    let mut slots = registry.try_borrow_mut().map_err(|_| missing())?;
    slots.push(value);
    Ok(slots.len() - 1)
}
