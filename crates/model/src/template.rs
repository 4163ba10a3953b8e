//! The `{{ … }}` template syntax of string params: where expressions start and end.
//!
//! This is syntax only; evaluating the JavaScript inside is the engine's job.

/// A piece of a template string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    /// The source of one JavaScript expression, trimmed.
    Expr(String),
}

/// A string param, split into text and expressions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Template {
    /// No `{{` in it: the string is used as it is.
    Literal(String),
    /// Exactly one expression (surrounding spaces allowed): its value keeps its JSON type.
    Lone(String),
    /// Text and expressions: interpolated to a string.
    Mixed(Vec<Segment>),
}

/// [`Template`], borrowed from its source: what the engine compiles expressions from, so that
/// their text is not copied twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateRef<'s> {
    Literal(&'s str),
    Lone(&'s str),
    Mixed(Vec<SegmentRef<'s>>),
}

/// [`Segment`], borrowed from its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentRef<'s> {
    Text(&'s str),
    Expr(&'s str),
}

impl TemplateRef<'_> {
    pub fn into_owned(self) -> Template {
        match self {
            TemplateRef::Literal(text) => Template::Literal(text.to_owned()),
            TemplateRef::Lone(expr) => Template::Lone(expr.to_owned()),
            TemplateRef::Mixed(segments) => Template::Mixed(
                segments
                    .into_iter()
                    .map(|segment| match segment {
                        SegmentRef::Text(text) => Segment::Text(text.to_owned()),
                        SegmentRef::Expr(expr) => Segment::Expr(expr.to_owned()),
                    })
                    .collect(),
            ),
        }
    }
}

/// Whether a string holds any template markup at all (the fast check).
pub fn has_expression(s: &str) -> bool {
    find(s, "{{").is_some()
}

/// Where `needle` first occurs in `haystack`. A plain byte scan: `str::find` sets up a two-way
/// searcher on every call, which costs more than the search itself on short params.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window == needle.as_bytes())
}

/// Splits a string param. The closing `}}` of an expression is found at brace depth zero and
/// outside JavaScript string literals, so `{{ {a: {b: 1}} }}` and `{{ "}}" }}` work.
pub fn parse_template(source: &str) -> Result<Template, String> {
    parse_template_ref(source).map(TemplateRef::into_owned)
}

/// [`parse_template`], borrowing from `source`.
pub fn parse_template_ref(source: &str) -> Result<TemplateRef<'_>, String> {
    if !has_expression(source) {
        return Ok(TemplateRef::Literal(source));
    }
    if let Some(expr) = lone_expression(source)? {
        return Ok(TemplateRef::Lone(expr));
    }
    Ok(TemplateRef::Mixed(
        Spans::new(source).collect::<Result<_, _>>()?,
    ))
}

/// The expression of a template that is exactly one expression (blank text around it
/// allowed), or the template's syntax error. Scans without collecting: most templates are
/// lone expressions.
fn lone_expression(source: &str) -> Result<Option<&str>, String> {
    let mut first = None;
    let mut several = false;
    for span in Spans::new(source) {
        match span? {
            SegmentRef::Text(text) if text.trim().is_empty() => {}
            span if first.is_none() => first = Some(span),
            _ => several = true,
        }
    }
    Ok(match (first, several) {
        (Some(SegmentRef::Expr(expr)), false) => Some(expr),
        _ => None,
    })
}

/// The expressions of a string, as slices of it (trimmed), without building segments.
pub fn expression_sources(source: &str) -> Result<Vec<&str>, String> {
    expressions(source).collect()
}

/// The expressions of a string, as slices of it (trimmed), one by one. The syntax error of
/// the string, if it has one, comes in place of the expression it is found at.
pub fn expressions(source: &str) -> impl Iterator<Item = Result<&str, String>> {
    Spans::new(source).filter_map(|span| match span {
        Ok(SegmentRef::Expr(expr)) => Some(Ok(expr)),
        Ok(SegmentRef::Text(_)) => None,
        Err(err) => Some(Err(err)),
    })
}

/// The one scanner behind [`parse_template`] and [`expressions`]: the segments of a template in
/// order, ending after the first syntax error. An iterator, so that checking a string's
/// expressions allocates nothing.
struct Spans<'s> {
    source: &'s str,
    rest: &'s str,
    /// An expression found before `rest`, not yet yielded.
    pending: Option<&'s str>,
    failed: bool,
}

impl<'s> Spans<'s> {
    fn new(source: &'s str) -> Self {
        Self {
            source,
            rest: source,
            pending: None,
            failed: false,
        }
    }

    fn fail(&mut self, message: String) -> Option<Result<SegmentRef<'s>, String>> {
        self.failed = true;
        Some(Err(message))
    }
}

impl<'s> Iterator for Spans<'s> {
    type Item = Result<SegmentRef<'s>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(expr) = self.pending.take() {
            return Some(Ok(SegmentRef::Expr(expr)));
        }
        if self.failed || self.rest.is_empty() {
            return None;
        }
        let rest = self.rest;
        let Some(open) = find(rest, "{{") else {
            self.rest = "";
            return Some(Ok(SegmentRef::Text(rest)));
        };
        let body_start = open + 2;
        let Some(body_len) = find_close(&rest[body_start..]) else {
            let at = self.source.len() - rest.len() + open + 1;
            return self.fail(format!(
                "\"{{{{\" at character {at} is never closed by \"}}}}\""
            ));
        };
        let expr = rest[body_start..body_start + body_len].trim();
        if expr.is_empty() {
            return self.fail("an empty expression \"{{ }}\"".into());
        }
        self.rest = &rest[body_start + body_len + 2..];
        if open > 0 {
            self.pending = Some(expr);
            return Some(Ok(SegmentRef::Text(&rest[..open])));
        }
        Some(Ok(SegmentRef::Expr(expr)))
    }
}

/// Length of the expression body before its closing `}}`.
fn find_close(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' {
                i += 2;
                continue;
            }
            if b == q {
                quote = None;
            }
        } else {
            match b {
                b'"' | b'\'' | b'`' => quote = Some(b),
                b'{' => depth += 1,
                b'}' if depth > 0 => depth -= 1,
                b'}' if bytes.get(i + 1) == Some(&b'}') => return Some(i),
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// The node ids an expression names with `$out("id")` or `$out('id')`.
pub fn out_references(expr: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = expr;
    while let Some(at) = find(rest, "$out(") {
        rest = &rest[at + 5..];
        let trimmed = rest.trim_start();
        let Some(q) = trimmed.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = trimmed[1..].find(q) {
            found.push(trimmed[1..1 + end].to_owned());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_lone_and_mixed() {
        assert_eq!(
            parse_template("plain"),
            Ok(Template::Literal("plain".into()))
        );
        assert_eq!(
            parse_template(" {{ $json.a }} "),
            Ok(Template::Lone("$json.a".into()))
        );
        assert_eq!(
            parse_template("Hi {{ $json.name }}!"),
            Ok(Template::Mixed(vec![
                Segment::Text("Hi ".into()),
                Segment::Expr("$json.name".into()),
                Segment::Text("!".into())
            ]))
        );
    }

    #[test]
    fn braces_and_strings_inside_expressions() {
        assert_eq!(
            parse_template("{{ {a: {b: 1}} }}"),
            Ok(Template::Lone("{a: {b: 1}}".into()))
        );
        assert_eq!(
            parse_template("{{ \"}}\" + 'x' }}"),
            Ok(Template::Lone("\"}}\" + 'x'".into()))
        );
    }

    #[test]
    fn unclosed_and_empty() {
        assert!(
            parse_template("{{ $json.a")
                .unwrap_err()
                .contains("never closed")
        );
        assert!(parse_template("a {{ }} b").unwrap_err().contains("empty"));
    }

    #[test]
    fn finds_out_references() {
        assert_eq!(
            out_references("$out(\"a\")[0].x + $out( 'b-2' ).length"),
            vec!["a", "b-2"]
        );
        assert!(out_references("$json.out").is_empty());
    }
}
