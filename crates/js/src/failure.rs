//! Failures inside a call, before they are classified into [`JsError`]s.

use std::fmt;

use rquickjs::{Ctx, Object, Value as JsValue};

use crate::{
    JsError, JsLimits,
    convert::JsToJson,
    wrap::{Kind, Location, Origin, Suffix},
};

/// Something that went wrong while QuickJS's lock was held.
#[derive(Debug)]
pub(crate) enum Failure {
    /// An `rquickjs` error; `Exception` still pending in the context until
    /// [`Failure::resolve`] takes it.
    Js(rquickjs::Error),
    /// A JavaScript exception, taken from the context.
    Caught(Caught),
    /// A result that cannot be used.
    Bad(String),
    /// The deadline passed in Rust code (e.g. while converting a result).
    Timeout,
    /// Already classified (e.g. a cached syntax error).
    Done(JsError),
}

impl From<rquickjs::Error> for Failure {
    fn from(error: rquickjs::Error) -> Self {
        Failure::Js(error)
    }
}

impl Failure {
    /// Takes a pending exception out of the context. Must be called before the
    /// context is used again, so inside the same `Context::with`.
    pub(crate) fn resolve(self, ctx: &Ctx<'_>, origin: &Origin) -> Failure {
        match self {
            Failure::Js(rquickjs::Error::Exception) => {
                Failure::Caught(Caught::from_value(ctx, ctx.catch(), origin))
            }
            other => other,
        }
    }

    /// The error to report; `timed_out` says whether the watchdog fired during
    /// the call.
    pub(crate) fn classify(self, limits: &JsLimits, timed_out: bool) -> JsError {
        let out_of_memory = || JsError::OutOfMemory(limits.memory_limit_mib());
        match self {
            Failure::Done(error) => error,
            _ if timed_out => JsError::Timeout(limits.time_limit),
            Failure::Timeout => JsError::Timeout(limits.time_limit),
            Failure::Bad(message) => JsError::BadResult(message),
            Failure::Js(rquickjs::Error::Allocation) => out_of_memory(),
            Failure::Js(error) => JsError::Engine(error.to_string()),
            Failure::Caught(caught) if caught.is_out_of_memory() => out_of_memory(),
            // QuickJS throws `null` when it cannot even allocate the error
            // object. (A script's own `throw null` looks the same; it is rare.)
            Failure::Caught(caught) if caught.null && limits.memory_limit != 0 => out_of_memory(),
            Failure::Caught(caught) => JsError::Thrown(caught.to_string()),
        }
    }
}

/// A JavaScript exception, as plain Rust data.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Caught {
    /// The error's `name` (`TypeError`), for `Error` objects.
    pub(crate) name: Option<String>,
    /// The error's `message`, or the thrown value itself as text.
    pub(crate) message: String,
    /// Where in the user's text it was thrown, when known.
    pub(crate) location: Option<Location>,
    /// Which wrapper the text was in (for messages).
    pub(crate) kind: Kind,
    /// The thrown value was `null`.
    pub(crate) null: bool,
}

impl Caught {
    fn from_value<'js>(ctx: &Ctx<'js>, value: JsValue<'js>, origin: &Origin) -> Self {
        let mut caught = Caught {
            name: None,
            message: String::new(),
            location: None,
            kind: origin.kind,
            null: value.is_null(),
        };
        if value.is_error() {
            if let Some(object) = value.as_object() {
                caught.name = string_property(ctx, object, "name");
                caught.message = string_property(ctx, object, "message").unwrap_or_default();
                caught.location =
                    string_property(ctx, object, "stack").and_then(|stack| origin.locate(&stack));
            }
        } else if let Some(text) = value.as_string() {
            caught.message = text
                .to_string()
                .unwrap_or_else(|_| "an exception with invalid text".into());
        } else {
            caught.message = describe(ctx, value);
        }
        caught
    }

    /// Whether QuickJS threw this because the memory limit was reached.
    pub(crate) fn is_out_of_memory(&self) -> bool {
        self.name.as_deref() == Some("InternalError")
            && matches!(self.message.as_str(), "out of memory" | "string too long")
    }

    /// Whether this is a `SyntaxError`.
    pub(crate) fn is_syntax_error(&self) -> bool {
        self.name.as_deref() == Some("SyntaxError")
    }

    /// The message with its location, without the error's name.
    pub(crate) fn message_with_location(&self) -> String {
        format!("{}{}", self.message, Suffix(self.location, self.kind))
    }
}

impl fmt::Display for Caught {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.name, self.message.is_empty()) {
            (Some(name), true) => f.write_str(name)?,
            (Some(name), false) => write!(f, "{name}: {}", self.message)?,
            (None, _) => f.write_str(&self.message)?,
        }
        Suffix(self.location, self.kind).fmt(f)
    }
}

/// A property of an exception as text; getters that throw give `None`.
fn string_property<'js>(ctx: &Ctx<'js>, object: &Object<'js>, key: &str) -> Option<String> {
    match object.get::<_, JsValue<'js>>(key) {
        Ok(value) => value.as_string().and_then(|text| text.to_string().ok()),
        Err(_) => {
            ctx.catch();
            None
        }
    }
}

/// A thrown value that is neither an `Error` nor a string, as JSON-ish text.
fn describe<'js>(ctx: &Ctx<'js>, value: JsValue<'js>) -> String {
    const MAX: usize = 500;
    let text = match JsToJson::new(None).with_max_values(10_000).convert(value) {
        Ok(Some(json)) => json.to_string(),
        Ok(None) => "undefined".into(),
        Err(Failure::Bad(_)) => "an exception too large or too nested to show".into(),
        Err(_) => {
            ctx.catch();
            "an exception that cannot be shown".into()
        }
    };
    if text.len() <= MAX {
        return text;
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}
