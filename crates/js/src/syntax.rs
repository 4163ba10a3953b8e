//! Syntax checks without a sandbox, for validating workflows.

use std::{cell::RefCell, sync::Arc, time::Duration};

use rquickjs::{Context, Runtime};

use crate::{
    JsError, JsLimits,
    compile::compile,
    failure::Failure,
    watchdog::Watchdog,
    wrap::{Kind, Origin},
};

/// Checks that `source` is a single JavaScript expression (the inside of
/// `{{ }}`). The error says what is wrong and where.
pub fn check_expression_syntax(source: &str) -> Result<(), String> {
    check(Kind::Expression, source)
}

/// Checks that `body` is a valid JavaScript function body (a code node's
/// code, either mode). The error says what is wrong and where.
pub fn check_function_body_syntax(body: &str) -> Result<(), String> {
    check(Kind::Body, body)
}

/// Limits of the checking runtime. Checking only creates a function; user code
/// runs only if the source breaks out of its wrapper, and then briefly.
const LIMITS: JsLimits = JsLimits {
    time_limit: Duration::from_millis(200),
    memory_limit: 16 * 1024 * 1024,
};

thread_local! {
    /// One cheap runtime per thread, created on first use.
    static CHECKER: RefCell<Option<Checker>> = const { RefCell::new(None) };
}

fn check(kind: Kind, source: &str) -> Result<(), String> {
    CHECKER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let checker = match slot.take() {
            Some(checker) => checker,
            None => Checker::new()?,
        };
        let (outcome, reusable) = checker.check(kind, source);
        if reusable {
            *slot = Some(checker);
        }
        outcome
    })
}

struct Checker {
    context: Context,
    runtime: Runtime,
    watchdog: Arc<Watchdog>,
}

impl Checker {
    fn new() -> Result<Self, String> {
        let runtime = Runtime::new().map_err(|error| error.to_string())?;
        runtime.set_memory_limit(LIMITS.memory_limit);
        runtime.set_max_stack_size(256 * 1024);
        let watchdog = Watchdog::new();
        runtime.set_interrupt_handler(Some(watchdog.handler()));
        let context = Context::full(&runtime).map_err(|error| error.to_string())?;
        Ok(Self {
            context,
            runtime,
            watchdog,
        })
    }

    /// The outcome, and whether this checker can be used again (not if the
    /// source ran code that might have changed its globals).
    fn check(&self, kind: Kind, source: &str) -> (Result<(), String>, bool) {
        let origin = Origin::new(kind, source);
        self.watchdog.arm(LIMITS.time_limit);
        let compiled = self.context.with(|ctx| {
            compile(&ctx, kind, source)
                .map(drop)
                .map_err(|failure| failure.resolve(&ctx, &origin))
        });
        self.watchdog.disarm();
        match compiled {
            Ok(()) => (Ok(()), true),
            Err(Failure::Caught(caught)) if caught.is_syntax_error() && !self.watchdog.fired() => {
                (Err(caught.message_with_location()), true)
            }
            Err(Failure::Done(JsError::Syntax(message))) => (Err(message), true),
            Err(failure) => {
                let error = failure.classify(&LIMITS, self.watchdog.fired());
                self.runtime.run_gc();
                (Err(format!("{}: {error}", kind.not_a_function())), false)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_expressions() {
        for source in [
            "$json.a + 1",
            "$input.length",
            "`${$json.name}!`",
            "(() => 1)()",
            "a // note",
        ] {
            assert_eq!(check_expression_syntax(source), Ok(()), "{source}");
        }
    }

    #[test]
    fn rejects_broken_expressions_with_a_position() {
        let error = check_expression_syntax("$json.a. +").expect_err("should fail");
        assert!(error.contains("(line 1, column"), "{error}");
        let error = check_expression_syntax("$json.a(").expect_err("should fail");
        assert!(error.contains("at the end of the expression"), "{error}");
        assert!(check_expression_syntax("").is_err());
        assert!(check_expression_syntax("1; 2").is_err());
        assert!(check_expression_syntax("let x = 1").is_err());
    }

    #[test]
    fn checks_function_bodies() {
        assert_eq!(
            check_function_body_syntax("return items.map(i => ({...i, x: 1}));"),
            Ok(())
        );
        assert_eq!(
            check_function_body_syntax("for (item of items) {}\nreturn items"),
            Ok(())
        );
        let error = check_function_body_syntax("let a = 1;\nlet a = 2;").expect_err("should fail");
        assert!(error.contains("line 2"), "{error}");
        assert!(check_function_body_syntax("return {").is_err());
    }

    #[test]
    fn does_not_run_code_that_breaks_out_of_its_wrapper() {
        let error = check_expression_syntax("1); while (true) {} (1").expect_err("should fail");
        assert_eq!(error, "this is not a single JavaScript expression");
        let error = check_expression_syntax("$json.a) + ($json.b").expect_err("should fail");
        assert_eq!(error, "this is not a single JavaScript expression");
        let error = check_function_body_syntax("}); throw new Error('ran'); (function () {")
            .expect_err("should fail");
        assert!(!error.is_empty());
        assert_eq!(check_expression_syntax("1 + 1"), Ok(()));
    }
}
