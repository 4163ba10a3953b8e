//! Turning user sources into functions, and mapping error positions back.

use std::fmt;

/// What a source is, which decides how it is wrapped into a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A `{{ }}` expression: `$json`, `$index`, `$input` in scope.
    Expression,
    /// A code body for mode "all": `items` and `$input` in scope.
    All,
    /// A code body for mode "each": `item`, `index`, `$json`, `$index`, `$input` in scope.
    Each,
    /// A code body of either mode, for syntax checks only (no parameters).
    Body,
}

/// Lines the wrappers put before the user's first line.
const HEADER_LINES: u32 = 1;

impl Kind {
    /// All kinds.
    #[cfg(test)]
    pub(crate) const ALL: [Kind; 4] = [Kind::Expression, Kind::All, Kind::Each, Kind::Body];

    /// The file name QuickJS reports in stack traces for this kind.
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            Kind::Expression => "expression",
            Kind::All | Kind::Each | Kind::Body => "code",
        }
    }

    /// JavaScript source of a function expression running `source`. The user's
    /// text starts on its own line so that line and column numbers map back
    /// exactly (see [`Location`]).
    pub(crate) fn wrap(self, source: &str) -> String {
        let (head, tail) = match self {
            Kind::Expression => ("(function ($json, $index, $input) { return (\n", "\n); })"),
            Kind::All => ("(function (items, $input) {\n", "\n})"),
            Kind::Each => ("(function (item, index, $json, $index, $input) {\n", "\n})"),
            Kind::Body => ("(function () {\n", "\n})"),
        };
        let mut wrapped = String::with_capacity(head.len() + source.len() + tail.len());
        wrapped.push_str(head);
        wrapped.push_str(source);
        wrapped.push_str(tail);
        wrapped
    }

    /// For expressions, a second wrapper using other brackets: a source that
    /// compiles in both is a single expression, while one that escapes the
    /// first wrapper (`a) + (b`) cannot balance the second.
    pub(crate) fn wrap_check(self, source: &str) -> Option<String> {
        match self {
            Kind::Expression => Some(format!(
                "(function ($json, $index, $input) {{ return [\n{source}\n]; }})"
            )),
            Kind::All | Kind::Each | Kind::Body => None,
        }
    }

    /// What to call the user's text in messages.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Kind::Expression => "expression",
            Kind::All | Kind::Each | Kind::Body => "code",
        }
    }

    /// What to call a source that does not compile to a function.
    pub(crate) fn not_a_function(self) -> &'static str {
        match self {
            Kind::Expression => "this is not a single JavaScript expression",
            Kind::All | Kind::Each | Kind::Body => "this is not a JavaScript function body",
        }
    }
}

/// Whether `source` can reach its `$input` parameter. When it cannot, the
/// (possibly large) input array need not be converted at all.
///
/// Conservative: besides the name itself, `arguments`, a direct `eval` and
/// identifiers spelled with unicode escapes (`\u0024input`) could reach it.
pub(crate) fn mentions_input(source: &str) -> bool {
    ["$input", "arguments", "eval", "\\u"]
        .iter()
        .any(|needle| source.contains(needle))
}

/// Where in the user's source an error happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location {
    /// 1-based line and column in the user's text.
    At { line: u32, column: u32 },
    /// After the user's text (e.g. an unclosed bracket).
    End,
}

/// Where the user's text is: which wrapper, and how many lines it has.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin {
    pub(crate) kind: Kind,
    pub(crate) lines: u32,
}

impl Origin {
    /// The origin of `source` wrapped as `kind`.
    pub(crate) fn new(kind: Kind, source: &str) -> Self {
        let lines = source.split('\n').count();
        Self {
            kind,
            lines: u32::try_from(lines).unwrap_or(u32::MAX),
        }
    }

    /// The first position in a QuickJS stack trace that lies in the user's text.
    ///
    /// Frames look like `    at f (code:3:11)` or, for syntax errors,
    /// `    at code:3:11`; frames in other files (`native`, `<input>`) are skipped.
    pub(crate) fn locate(&self, stack: &str) -> Option<Location> {
        stack.lines().find_map(|frame| {
            let frame = frame.trim().strip_prefix("at ")?;
            let place = match frame.strip_suffix(')') {
                Some(rest) => &rest[rest.rfind('(')? + 1..],
                None => frame,
            };
            let mut parts = place.rsplitn(3, ':');
            let column: u32 = parts.next()?.parse().ok()?;
            let line: u32 = parts.next()?.parse().ok()?;
            if parts.next()? != self.kind.file_name() {
                return None;
            }
            let line = line.checked_sub(HEADER_LINES).filter(|line| *line > 0)?;
            Some(if line > self.lines {
                Location::End
            } else {
                Location::At { line, column }
            })
        })
    }
}

/// Formats a location as a message suffix: ` (line 2, column 5)`.
pub(crate) struct Suffix(pub(crate) Option<Location>, pub(crate) Kind);

impl fmt::Display for Suffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(Location::At { line, column }) => write!(f, " (line {line}, column {column})"),
            Some(Location::End) => write!(f, " (at the end of the {})", self.1.noun()),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrappers_put_the_source_on_line_two() {
        for kind in Kind::ALL {
            assert_eq!(kind.wrap("x").lines().nth(1), Some("x"));
        }
    }

    #[test]
    fn finds_input_mentions() {
        assert!(mentions_input("$input.length"));
        assert!(mentions_input("arguments[2]"));
        assert!(mentions_input("eval('$in' + 'put')"));
        assert!(mentions_input("\\u0024input"));
        assert!(!mentions_input("$json.a + $index"));
    }

    #[test]
    fn locates_frames_in_the_users_text() {
        let origin = Origin::new(Kind::All, "let a = 1;\nthrow new Error('x');");
        let stack = "    at exec (native)\n    at f (code:3:7)\n    at <eval> (code:4:1)\n";
        assert_eq!(
            origin.locate(stack),
            Some(Location::At { line: 2, column: 7 })
        );
        assert_eq!(
            origin.locate("    at code:2:10\n"),
            Some(Location::At {
                line: 1,
                column: 10
            })
        );
        assert_eq!(origin.locate("    at code:4:1\n"), Some(Location::End));
        assert_eq!(origin.locate("    at expression:2:1\n"), None);
        assert_eq!(origin.locate("    at code:1:1\n"), None);
        assert_eq!(origin.locate(""), None);
    }

    #[test]
    fn formats_locations() {
        let at = Suffix(Some(Location::At { line: 2, column: 5 }), Kind::Each);
        assert_eq!(at.to_string(), " (line 2, column 5)");
        assert_eq!(
            Suffix(Some(Location::End), Kind::Expression).to_string(),
            " (at the end of the expression)"
        );
        assert_eq!(Suffix(None, Kind::All).to_string(), "");
    }
}
