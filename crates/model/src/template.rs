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

/// Whether a string holds any template markup at all (the fast check).
pub fn has_expression(s: &str) -> bool {
    s.contains("{{")
}

/// Splits a string param. The closing `}}` of an expression is found at brace depth zero and
/// outside JavaScript string literals, so `{{ {a: {b: 1}} }}` and `{{ "}}" }}` work.
pub fn parse_template(source: &str) -> Result<Template, String> {
    if !has_expression(source) {
        return Ok(Template::Literal(source.to_owned()));
    }
    let spans = spans(source)?;
    let non_blank: Vec<&Span<'_>> = spans
        .iter()
        .filter(|s| !matches!(s, Span::Text(t) if t.trim().is_empty()))
        .collect();
    if let [Span::Expr(expr)] = non_blank.as_slice() {
        return Ok(Template::Lone((*expr).to_owned()));
    }
    Ok(Template::Mixed(
        spans
            .into_iter()
            .map(|span| match span {
                Span::Text(text) => Segment::Text(text.to_owned()),
                Span::Expr(expr) => Segment::Expr(expr.to_owned()),
            })
            .collect(),
    ))
}

/// The expressions of a string, as slices of it (trimmed), without building segments.
pub fn expression_sources(source: &str) -> Result<Vec<&str>, String> {
    Ok(spans(source)?
        .into_iter()
        .filter_map(|span| match span {
            Span::Expr(expr) => Some(expr),
            Span::Text(_) => None,
        })
        .collect())
}

/// A piece of a template, borrowed from its source.
enum Span<'s> {
    Text(&'s str),
    Expr(&'s str),
}

/// The one scanner behind [`parse_template`] and [`expression_sources`].
fn spans(source: &str) -> Result<Vec<Span<'_>>, String> {
    let mut spans = Vec::new();
    let mut rest = source;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            spans.push(Span::Text(&rest[..open]));
        }
        let body_start = open + 2;
        let body_len = find_close(&rest[body_start..]).ok_or_else(|| {
            format!(
                "\"{{{{\" at character {} is never closed by \"}}}}\"",
                source.len() - rest.len() + open + 1
            )
        })?;
        let expr = rest[body_start..body_start + body_len].trim();
        if expr.is_empty() {
            return Err("an empty expression \"{{ }}\"".into());
        }
        spans.push(Span::Expr(expr));
        rest = &rest[body_start + body_len + 2..];
    }
    if !rest.is_empty() {
        spans.push(Span::Text(rest));
    }
    Ok(spans)
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
    while let Some(at) = rest.find("$out(") {
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
