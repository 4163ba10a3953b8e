//! [`JsSandbox`]: one QuickJS runtime and context per workflow run.

use std::{fmt, sync::Arc};

use rquickjs::{Context, Ctx, Runtime, Value as JsValue, promise::PromiseState};
use serde_json::Value;

use crate::{
    JsError, JsGlobals, JsLimits,
    compile::{CompileCache, Compiled, compile},
    convert::{JsToJson, json_to_js, slice_to_js},
    failure::Failure,
    input::InputKey,
    output::Output,
    prelude, registry,
    watchdog::Watchdog,
    wrap::{Kind, Origin, mentions_input},
};

/// Native stack QuickJS may use; deeper recursion throws a `RangeError`.
/// Callers need a thread with at least 1 MiB of stack (the 2 MiB default of
/// Rust's and Tokio's threads is plenty).
const MAX_STACK_SIZE: usize = 512 * 1024;

/// How many pending jobs (promise reactions) run between deadline checks.
const JOBS_PER_CHECK: u32 = 256;

/// A JavaScript sandbox for one workflow run.
///
/// Each distinct source is compiled once and cached (so are syntax errors).
/// Every call is bounded by [`JsLimits::time_limit`]; the runtime as a whole
/// by [`JsLimits::memory_limit`]. After [`JsError::Timeout`] the sandbox
/// stays usable. After [`JsError::OutOfMemory`] it usually is too (garbage is
/// collected), but a script that keeps memory in globals may make every later
/// call fail the same way: create a new sandbox for the next run.
///
/// The deadline is checked every few thousand JavaScript operations, so a
/// loop whose every step is one slow built-in call (say, `fill` of a million
/// elements near the memory limit) may overrun it by the time that many steps
/// take. Recursion is limited to 512 KiB of native stack (a `RangeError`), so
/// call the sandbox on a thread with at least 1 MiB of stack.
///
/// Scripts share the global scope of the run, so globals a script creates
/// (sloppy-mode `x = 1`) are visible to later scripts of the same run. A
/// returned promise is awaited (its jobs run under the same deadline).
pub struct JsSandbox {
    context: Context,
    runtime: Runtime,
    watchdog: Arc<Watchdog>,
    limits: JsLimits,
    compiled: CompileCache,
    input: Option<InputKey>,
}

/// The arguments of one call.
#[derive(Clone, Copy)]
enum Args<'a> {
    Expression {
        json: &'a Value,
        index: usize,
        input: &'a [Value],
    },
    All {
        items: &'a [Value],
    },
    Each {
        item: &'a Value,
        index: usize,
        input: &'a [Value],
    },
}

impl JsSandbox {
    /// Creates a runtime and context with `globals` installed.
    pub fn new(globals: JsGlobals, limits: JsLimits) -> Result<Self, JsError> {
        let runtime = Runtime::new().map_err(|error| JsError::Engine(error.to_string()))?;
        runtime.set_memory_limit(limits.memory_limit);
        runtime.set_max_stack_size(MAX_STACK_SIZE);
        let watchdog = Watchdog::new();
        runtime.set_interrupt_handler(Some(watchdog.handler()));
        let context =
            Context::full(&runtime).map_err(|error| Failure::Js(error).classify(&limits, false))?;
        let sandbox = Self {
            context,
            runtime,
            watchdog,
            limits,
            compiled: CompileCache::default(),
            input: None,
        };

        let origin = Origin::new(Kind::Body, "");
        sandbox.watchdog.arm(limits.time_limit);
        let installed = sandbox.context.with(|ctx| {
            prelude::install(&ctx, &globals).map_err(|failure| failure.resolve(&ctx, &origin))
        });
        sandbox.watchdog.disarm();
        match installed.map_err(|failure| sandbox.classify(failure)) {
            Ok(()) => Ok(sandbox),
            Err(error @ (JsError::OutOfMemory(_) | JsError::Timeout(_) | JsError::Engine(_))) => {
                Err(error)
            }
            Err(error) => Err(JsError::Engine(format!("setting up the sandbox: {error}"))),
        }
    }

    /// Evaluates one expression (JavaScript expression source such as
    /// `$json.a + 1` or `$input.length`) for one item: `$json` is `json`,
    /// `$index` is `index` and `$input` is `input`.
    ///
    /// Returns `None` when the value is `undefined` (or a function or symbol).
    pub fn eval_expression(
        &mut self,
        source: &str,
        json: &Value,
        index: usize,
        input: &[Value],
    ) -> Result<Option<Value>, JsError> {
        let output = self.run(
            Kind::Expression,
            source,
            Args::Expression { json, index, input },
        )?;
        Ok(output.into_expression())
    }

    /// Runs a code node in mode "all": `body` is a function body with `items`
    /// (the input items; `$input` is the same array) in scope; it must return
    /// an array of objects.
    pub fn run_all(&mut self, body: &str, items: &[Value]) -> Result<Vec<Value>, JsError> {
        self.run(Kind::All, body, Args::All { items })?
            .into_all_items()
    }

    /// Runs a code node in mode "each" for one item: `item` and `$json` are the
    /// item, `index` and `$index` its index, `$input` all input items. Returns
    /// an object (one item), an array (zero or more items) or null/undefined
    /// (no item).
    pub fn run_each(
        &mut self,
        body: &str,
        item: &Value,
        index: usize,
        input: &[Value],
    ) -> Result<Vec<Value>, JsError> {
        self.run(Kind::Each, body, Args::Each { item, index, input })?
            .into_each_items()
    }

    /// How many distinct sources this sandbox has compiled.
    pub fn compiled_count(&self) -> usize {
        self.compiled.functions()
    }

    /// The limits this sandbox was created with.
    pub fn limits(&self) -> JsLimits {
        self.limits
    }

    fn run(&mut self, kind: Kind, source: &str, args: Args<'_>) -> Result<Output, JsError> {
        self.watchdog.arm(self.limits.time_limit);
        let result = self.run_armed(kind, source, args);
        self.watchdog.disarm();
        result.map_err(|failure| self.classify(failure))
    }

    fn run_armed(&mut self, kind: Kind, source: &str, args: Args<'_>) -> Result<Output, Failure> {
        let compiled = self.compile(kind, source)?;
        let max_values = self.max_result_values();
        let Self {
            context,
            watchdog,
            input,
            ..
        } = self;
        context.with(|ctx| {
            invoke(&ctx, compiled, args, input, watchdog, max_values)
                .map_err(|failure| failure.resolve(&ctx, &compiled.origin))
        })
    }

    /// The cached function for `source`, compiling it on first use.
    fn compile(&mut self, kind: Kind, source: &str) -> Result<Compiled, Failure> {
        if let Some(outcome) = self.compiled.get(kind, source) {
            return outcome.clone().map_err(Failure::Done);
        }
        let origin = Origin::new(kind, source);
        let compiled = self.context.with(|ctx| {
            compile(&ctx, kind, source)
                .and_then(|function| registry::push(&ctx, function.into_value()))
                .map_err(|failure| failure.resolve(&ctx, &origin))
        });
        let outcome = match compiled {
            Ok(slot) => Ok(Compiled {
                slot,
                needs_input: mentions_input(source),
                origin,
            }),
            Err(Failure::Caught(caught)) if caught.is_syntax_error() && !self.watchdog.fired() => {
                Err(JsError::Syntax(caught.message_with_location()))
            }
            Err(Failure::Done(error @ JsError::Syntax(_))) => Err(error),
            // Timeouts and the like are not properties of the source: retry next time.
            Err(failure) => return Err(failure),
        };
        self.compiled.insert(kind, source, outcome.clone());
        outcome.map_err(Failure::Done)
    }

    fn classify(&self, failure: Failure) -> JsError {
        let error = failure.classify(&self.limits, self.watchdog.fired());
        if matches!(error, JsError::OutOfMemory(_)) {
            self.runtime.run_gc();
        }
        error
    }

    /// Results may hold at most as many values as the memory limit could
    /// hold in JavaScript (16 bytes each).
    fn max_result_values(&self) -> u64 {
        match self.limits.memory_limit {
            0 => 1 << 28,
            limit => (limit as u64 / 16).max(1 << 16),
        }
    }
}

impl fmt::Debug for JsSandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsSandbox")
            .field("limits", &self.limits)
            .field("compiled", &self.compiled.functions())
            .finish_non_exhaustive()
    }
}

/// Calls a compiled function with `args` and converts what it returns.
fn invoke<'js>(
    ctx: &Ctx<'js>,
    compiled: Compiled,
    args: Args<'_>,
    input_key: &mut Option<InputKey>,
    watchdog: &Watchdog,
    max_values: u64,
) -> Result<Output, Failure> {
    let function = registry::function(ctx, compiled.slot)?;
    let result: JsValue<'js> = match args {
        Args::Expression { json, index, input } => {
            let input = input_value(ctx, compiled, input_key, input)?;
            let json = json_to_js(ctx, json)?;
            function.call((json, index_value(ctx, index), input))?
        }
        Args::All { items } => {
            let items = slice_to_js(ctx, items)?;
            function.call((items.clone(), items))?
        }
        Args::Each { item, index, input } => {
            let input = input_value(ctx, compiled, input_key, input)?;
            let item = json_to_js(ctx, item)?;
            let index = index_value(ctx, index);
            function.call((item.clone(), index.clone(), item, index, input))?
        }
    };
    let result = settle(ctx, watchdog, result)?;
    if result.is_function() || result.is_symbol() {
        let kind = if result.is_symbol() {
            "symbol"
        } else {
            "function"
        };
        return Ok(Output::NotData(kind));
    }
    let converted = JsToJson::new(Some(watchdog))
        .with_max_values(max_values)
        .convert(result)?;
    Ok(converted.map_or(Output::Undefined, Output::Json))
}

fn index_value<'js>(ctx: &Ctx<'js>, index: usize) -> JsValue<'js> {
    JsValue::new_number(ctx.clone(), index as f64)
}

/// `$input` for a call: `undefined` when the source cannot read it, else the
/// frozen array of the previous call when `input` is the same slice, else a
/// newly converted and frozen one.
fn input_value<'js>(
    ctx: &Ctx<'js>,
    compiled: Compiled,
    key: &mut Option<InputKey>,
    input: &[Value],
) -> Result<JsValue<'js>, Failure> {
    if !compiled.needs_input {
        return Ok(JsValue::new_undefined(ctx.clone()));
    }
    if key.as_ref().is_some_and(|key| key.matches(input)) {
        return registry::get(ctx, registry::INPUT);
    }
    *key = None;
    let array = slice_to_js(ctx, input)?;
    let frozen: JsValue<'js> = registry::function(ctx, registry::DEEP_FREEZE)?.call((array,))?;
    registry::set(ctx, registry::INPUT, frozen.clone())?;
    *key = Some(InputKey::new(input));
    Ok(frozen)
}

/// A returned promise is awaited: queued jobs (promise reactions) run until
/// it settles, giving its value or throwing its rejection reason. Jobs run only
/// then, like `await`: other queued jobs may stay queued.
fn settle<'js>(
    ctx: &Ctx<'js>,
    watchdog: &Watchdog,
    result: JsValue<'js>,
) -> Result<JsValue<'js>, Failure> {
    let Some(promise) = result.as_promise() else {
        return Ok(result);
    };
    let mut jobs = 0_u32;
    while promise.state() == PromiseState::Pending {
        if !ctx.execute_pending_job() {
            return Err(Failure::Bad(
                "the returned promise never settles (nothing is left that could settle it)".into(),
            ));
        }
        jobs = jobs.wrapping_add(1);
        if watchdog.fired() || (jobs.is_multiple_of(JOBS_PER_CHECK) && watchdog.expired()) {
            return Err(Failure::Timeout);
        }
    }
    match promise.result::<JsValue<'js>>() {
        Some(settled) => Ok(settled?),
        None => Err(Failure::Bad("the returned promise never settles".into())),
    }
}
