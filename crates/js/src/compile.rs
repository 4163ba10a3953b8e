//! Compiling wrapped sources into functions, and the per-sandbox cache of them.

use std::collections::HashMap;

use rquickjs::{Ctx, Function, Value as JsValue, context::EvalOptions};

use crate::{
    JsError,
    failure::Failure,
    wrap::{Kind, Origin},
};

/// Evaluates `source` wrapped as `kind`, which only creates the function (it
/// does not run the user's code, unless the source breaks out of its wrapper).
pub(crate) fn compile<'js>(
    ctx: &Ctx<'js>,
    kind: Kind,
    source: &str,
) -> Result<Function<'js>, Failure> {
    let function = evaluate(ctx, kind, kind.wrap(source))?;
    if let Some(check) = kind.wrap_check(source) {
        match evaluate(ctx, kind, check) {
            Ok(_) => {}
            Err(Failure::Js(rquickjs::Error::Exception)) => {
                let caught = Failure::Js(rquickjs::Error::Exception)
                    .resolve(ctx, &Origin::new(kind, source));
                return Err(match caught {
                    Failure::Caught(caught) if caught.is_syntax_error() => {
                        Failure::Done(JsError::Syntax(kind.not_a_function().into()))
                    }
                    other => other,
                });
            }
            Err(other) => return Err(other),
        }
    }
    Ok(function)
}

fn evaluate<'js>(ctx: &Ctx<'js>, kind: Kind, wrapped: String) -> Result<Function<'js>, Failure> {
    let mut options = EvalOptions::default();
    // Sloppy mode, as users of such tools expect (`x = 1` without `let` works).
    options.strict = false;
    options.filename = Some(kind.file_name().into());
    match ctx.eval_with_options::<JsValue<'js>, _>(wrapped, options) {
        Ok(value) => value
            .into_function()
            .ok_or_else(|| Failure::Done(JsError::Syntax(kind.not_a_function().into()))),
        Err(rquickjs::Error::InvalidString(_)) => Err(Failure::Done(JsError::Syntax(
            "the source contains a NUL character, which is not supported".into(),
        ))),
        Err(error) => Err(error.into()),
    }
}

/// A compiled source: where its function is kept, and facts about the source.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Compiled {
    /// Registry slot of the function.
    pub(crate) slot: usize,
    /// Whether the source may read `$input` (see [`crate::wrap::mentions_input`]).
    pub(crate) needs_input: bool,
    /// For mapping error positions back to the source.
    pub(crate) origin: Origin,
}

/// Compiled functions (and syntax errors) by kind and source.
#[derive(Debug, Default)]
pub(crate) struct CompileCache {
    tables: [HashMap<String, Result<Compiled, JsError>>; 4],
}

impl CompileCache {
    fn table(&self, kind: Kind) -> &HashMap<String, Result<Compiled, JsError>> {
        &self.tables[Self::index(kind)]
    }

    fn index(kind: Kind) -> usize {
        match kind {
            Kind::Expression => 0,
            Kind::All => 1,
            Kind::Each => 2,
            Kind::Body => 3,
        }
    }

    /// The cached outcome of compiling `source` as `kind`.
    pub(crate) fn get(&self, kind: Kind, source: &str) -> Option<&Result<Compiled, JsError>> {
        self.table(kind).get(source)
    }

    /// Remembers the outcome of compiling `source` as `kind`.
    pub(crate) fn insert(&mut self, kind: Kind, source: &str, outcome: Result<Compiled, JsError>) {
        self.tables[Self::index(kind)].insert(source.to_owned(), outcome);
    }

    /// How many sources compiled successfully.
    pub(crate) fn functions(&self) -> usize {
        self.tables
            .iter()
            .flat_map(HashMap::values)
            .filter(|outcome| outcome.is_ok())
            .count()
    }
}
