//! Property paths such as `$json.body.email`, `$input[0]["first name"]`, `$out("crm")[0].id`:
//! the common case on a no-code canvas, resolved in Rust with JavaScript's semantics.

use super::Scope;
use serde_json::Value;

/// An expression's value: borrowed from an item where possible, computed otherwise, or
/// JavaScript's `undefined`.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved<'a> {
    Borrowed(&'a Value),
    Owned(Value),
    Undefined,
}

impl<'a> Resolved<'a> {
    pub fn as_value(&self) -> Option<&Value> {
        match self {
            Resolved::Borrowed(v) => Some(v),
            Resolved::Owned(v) => Some(v),
            Resolved::Undefined => None,
        }
    }

    /// The value as JSON; `undefined` becomes `null`.
    pub fn into_value(self) -> Value {
        match self {
            Resolved::Borrowed(v) => v.clone(),
            Resolved::Owned(v) => v,
            Resolved::Undefined => Value::Null,
        }
    }
}

/// Where a path starts. `N` is the type of names: `&str` while parsing, `String` once parsed.
#[derive(Debug, Clone, PartialEq)]
enum Root<N = String> {
    Json,
    Trigger,
    Input,
    Index,
    Now,
    Run,
    Out(N),
}

impl Root<&str> {
    fn into_owned(self) -> Root {
        match self {
            Root::Json => Root::Json,
            Root::Trigger => Root::Trigger,
            Root::Input => Root::Input,
            Root::Index => Root::Index,
            Root::Now => Root::Now,
            Root::Run => Root::Run,
            Root::Out(node) => Root::Out(node.to_owned()),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Step<N = String> {
    Key { name: N, optional: bool },
    Index { at: usize, optional: bool },
}

impl Step<&str> {
    fn into_owned(self) -> Step {
        match self {
            Step::Key { name, optional } => Step::Key {
                name: name.to_owned(),
                optional,
            },
            Step::Index { at, optional } => Step::Index { at, optional },
        }
    }
}

/// A parsed property path.
#[derive(Debug, Clone, PartialEq)]
pub struct PathExpr {
    source: String,
    root: Root,
    steps: Vec<Step>,
}

impl PathExpr {
    /// Parses `source` if it is a plain path; `None` means "leave it to JavaScript".
    pub fn parse(source: &str) -> Option<PathExpr> {
        let source = source.trim();
        let mut steps = Vec::new();
        let root = scan(source, |step| steps.push(step.into_owned()))?;
        Some(PathExpr {
            source: source.to_owned(),
            root: root.into_owned(),
            steps,
        })
    }

    /// Whether [`PathExpr::parse`] would take `source`, without building the path (validation
    /// asks this of every expression).
    pub fn is_path(source: &str) -> bool {
        scan(source.trim(), |_| {}).is_some()
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn resolve<'a>(&self, scope: &Scope<'a>) -> Result<Resolved<'a>, String> {
        let mut steps = self.steps.as_slice();
        let start: Resolved<'a> = match &self.root {
            Root::Json => Resolved::Borrowed(scope.json),
            Root::Trigger => scope
                .run
                .trigger_item()
                .map_or(Resolved::Undefined, Resolved::Borrowed),
            Root::Run => Resolved::Borrowed(scope.run.run_value()),
            Root::Index => Resolved::Owned(Value::from(scope.index)),
            Root::Now => Resolved::Owned(Value::String(scope.run.now_text().to_owned())),
            Root::Out(node) => Resolved::Owned(Value::Array(scope.run.node_output(node))),
            Root::Input => match steps.first() {
                Some(Step::Index { at, .. }) => {
                    steps = &steps[1..];
                    scope
                        .input
                        .get(*at)
                        .map_or(Resolved::Undefined, Resolved::Borrowed)
                }
                Some(Step::Key { name, .. }) if name == "length" => {
                    steps = &steps[1..];
                    Resolved::Owned(Value::from(scope.input.len()))
                }
                _ => Resolved::Owned(Value::Array(scope.input.to_vec())),
            },
        };
        walk(start, steps, &self.source)
    }
}

/// Parses a trimmed path, handing each step to `on_step`; returns its root, or `None` when the
/// source is not a plain path.
fn scan<'t>(source: &'t str, mut on_step: impl FnMut(Step<&'t str>)) -> Option<Root<&'t str>> {
    let mut p = Parser {
        text: source.as_bytes(),
        at: 0,
    };
    let root = p.root()?;
    let mut has_steps = false;
    while p.at < p.text.len() {
        on_step(p.step()?);
        has_steps = true;
    }
    if matches!(root, Root::Index | Root::Now) && has_steps {
        return None; // `$now.length` and friends: rare, let JavaScript handle them.
    }
    Some(root)
}

fn walk<'a>(
    mut current: Resolved<'a>,
    steps: &[Step],
    source: &str,
) -> Result<Resolved<'a>, String> {
    for step in steps {
        let (optional, shown) = match step {
            Step::Key { name, optional } => (*optional, name.clone()),
            Step::Index { at, optional } => (*optional, at.to_string()),
        };
        let missing = matches!(current, Resolved::Undefined | Resolved::Owned(Value::Null))
            || matches!(current, Resolved::Borrowed(Value::Null));
        if missing {
            if optional {
                return Ok(Resolved::Undefined);
            }
            let what = if matches!(current, Resolved::Undefined) {
                "undefined"
            } else {
                "null"
            };
            return Err(format!(
                "TypeError: cannot read properties of {what} (reading '{shown}') in {source}"
            ));
        }
        current = match current {
            Resolved::Borrowed(value) => step_into(value, step).map_or_else(
                || special(value, step).map_or(Resolved::Undefined, Resolved::Owned),
                Resolved::Borrowed,
            ),
            Resolved::Owned(value) => step_into(&value, step)
                .cloned()
                .or_else(|| special(&value, step))
                .map_or(Resolved::Undefined, Resolved::Owned),
            Resolved::Undefined => Resolved::Undefined,
        };
    }
    Ok(current)
}

fn step_into<'v>(value: &'v Value, step: &Step) -> Option<&'v Value> {
    match (value, step) {
        (Value::Object(map), Step::Key { name, .. }) => map.get(name),
        (Value::Object(map), Step::Index { at, .. }) => map.get(&at.to_string()),
        (Value::Array(items), Step::Index { at, .. }) => items.get(*at),
        _ => None,
    }
}

/// Values JavaScript computes rather than stores: `length` of arrays and strings, characters.
fn special(value: &Value, step: &Step) -> Option<Value> {
    match (value, step) {
        (Value::Array(items), Step::Key { name, .. }) if name == "length" => {
            Some(Value::from(items.len()))
        }
        (Value::String(s), Step::Key { name, .. }) if name == "length" => {
            Some(Value::from(s.encode_utf16().count()))
        }
        (Value::String(s), Step::Index { at, .. }) => {
            let unit = s.encode_utf16().nth(*at)?;
            Some(Value::String(String::from_utf16_lossy(&[unit])))
        }
        _ => None,
    }
}

struct Parser<'t> {
    text: &'t [u8],
    at: usize,
}

impl<'t> Parser<'t> {
    fn eat(&mut self, s: &str) -> bool {
        if self.text[self.at..].starts_with(s.as_bytes()) {
            self.at += s.len();
            true
        } else {
            false
        }
    }

    fn root(&mut self) -> Option<Root<&'t str>> {
        if self.eat("$out(") {
            let name = self.string()?;
            if !self.eat(")") {
                return None;
            }
            return Some(Root::Out(name));
        }
        let ident = self.ident()?;
        Some(match ident {
            "$json" => Root::Json,
            "$trigger" => Root::Trigger,
            "$input" => Root::Input,
            "$index" => Root::Index,
            "$now" => Root::Now,
            "$run" => Root::Run,
            _ => return None,
        })
    }

    fn step(&mut self) -> Option<Step<&'t str>> {
        let optional = self.eat("?.");
        if self.eat("[") {
            let step = match self.text.get(self.at)? {
                b'"' | b'\'' => Step::Key {
                    name: self.string()?,
                    optional,
                },
                b'0'..=b'9' => Step::Index {
                    at: self.number()?,
                    optional,
                },
                _ => return None,
            };
            return self.eat("]").then_some(step);
        }
        if !optional && !self.eat(".") {
            return None;
        }
        let name = self.ident()?;
        Some(Step::Key { name, optional })
    }

    fn ident(&mut self) -> Option<&'t str> {
        let start = self.at;
        while let Some(&b) = self.text.get(self.at) {
            let ok = b.is_ascii_alphabetic()
                || b == b'_'
                || b == b'$'
                || (self.at > start && b.is_ascii_digit());
            if !ok {
                break;
            }
            self.at += 1;
        }
        (self.at > start)
            .then(|| std::str::from_utf8(&self.text[start..self.at]).ok())
            .flatten()
    }

    fn number(&mut self) -> Option<usize> {
        let start = self.at;
        while self.text.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        std::str::from_utf8(&self.text[start..self.at])
            .ok()?
            .parse()
            .ok()
    }

    /// A simple quoted string without escapes (anything fancier goes to JavaScript).
    fn string(&mut self) -> Option<&'t str> {
        let quote = *self.text.get(self.at)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let start = self.at + 1;
        let len = self.text[start..].iter().position(|&b| b == quote)?;
        let body = &self.text[start..start + len];
        if body.contains(&b'\\') {
            return None;
        }
        self.at = start + len + 1;
        std::str::from_utf8(body).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_paths_and_refuses_the_rest() {
        for ok in [
            "$json",
            "$json.body.email",
            "$json[\"first name\"]",
            "$input[0].x",
            "$out(\"crm\")[0].id",
            "$json?.a?.b",
            "$trigger.body.employees",
            "$json.items[10]",
            "$run.id",
            "$index",
        ] {
            assert!(PathExpr::parse(ok).is_some(), "{ok}");
            assert!(PathExpr::is_path(ok), "{ok}");
        }
        for js in [
            "$json.a + 1",
            "$json.a.toUpperCase()",
            "$json[$index]",
            "$index + 1",
            "Math.max(1, 2)",
            "$json.a ? 1 : 2",
            "$json['a\\'b']",
            "$now.slice(0, 4)",
        ] {
            assert!(PathExpr::parse(js).is_none(), "{js}");
            assert!(!PathExpr::is_path(js), "{js}");
        }
    }
}
