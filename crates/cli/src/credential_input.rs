//! Reading a credential's fields: from stdin when it is not a terminal (a JSON object, or
//! `KEY=VALUE` lines), else by prompting for each field (secret ones without echo). Never from
//! the command line, where other users and shell history would see them. Errors never quote
//! what was read.

use anyhow::{Context, bail};
use serde_json::{Map, Value};
use std::io::{BufRead, IsTerminal, Read, Write};
use switchyard_host::credentials::types::{Field, fields_of, unknown_type};

/// The fields for a credential of `kind`, from stdin or prompts.
pub fn read_fields(kind: &str) -> anyhow::Result<Map<String, Value>> {
    let fields = fields_of(kind).ok_or_else(|| anyhow::anyhow!(unknown_type(kind)))?;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return prompt(kind, &fields);
    }
    let mut text = String::new();
    stdin
        .lock()
        .read_to_string(&mut text)
        .context("cannot read the secret fields from stdin")?;
    parse(&text)
}

/// A JSON object, or `KEY=VALUE` lines (blank lines and `#` comments skipped).
pub fn parse(text: &str) -> anyhow::Result<Map<String, Value>> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        bail!(
            "no secret fields on stdin; pipe a JSON object or KEY=VALUE lines, or run in a terminal to be prompted"
        );
    }
    if trimmed.starts_with('{') {
        return match serde_json::from_str::<Value>(trimmed) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => bail!("stdin holds JSON that is not an object"),
            // The position only: serde_json's messages could echo parts of the input.
            Err(e) => bail!(
                "stdin is not a valid JSON object (line {} column {})",
                e.line(),
                e.column()
            ),
        };
    }
    let mut map = Map::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            bail!(
                "stdin line {} is not KEY=VALUE (nor is stdin a JSON object)",
                number + 1
            );
        };
        map.insert(
            key.trim().to_owned(),
            Value::String(value.trim().to_owned()),
        );
    }
    Ok(map)
}

/// Asks for each field at the terminal: secret ones without echo; empty skips optional ones.
fn prompt(kind: &str, fields: &[Field]) -> anyhow::Result<Map<String, Value>> {
    let mut map = Map::new();
    eprintln!("Enter the fields of the {kind} credential (secret ones are not echoed).");
    for field in fields {
        let label = format!(
            "{}{}: ",
            field.name,
            if field.required { "" } else { " (optional)" }
        );
        let value = if field.secret {
            rpassword::prompt_password(&label).context("cannot read from the terminal")?
        } else {
            let mut err = std::io::stderr().lock();
            write!(err, "{label}")?;
            err.flush()?;
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .context("cannot read from the terminal")?;
            line
        };
        let value = value.trim().to_owned();
        if !value.is_empty() {
            map.insert(field.name.to_owned(), Value::String(value));
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn json_and_key_value_lines_and_errors_that_quote_nothing() {
        let json = parse(r#"{"token": "pat-1"}"#).expect("json");
        assert_eq!(json["token"], "pat-1");
        let lines = parse("# comment\ntoken = pat-2\n\nbase_url=http://x\n").expect("lines");
        assert_eq!(lines["token"], "pat-2");
        assert_eq!(lines["base_url"], "http://x");
        let bad = parse("pat-secret-3")
            .expect_err("not key=value")
            .to_string();
        assert!(!bad.contains("pat-secret-3"), "{bad}");
        let bad = parse(r#"{"token": "pat-secret-4""#)
            .expect_err("bad json")
            .to_string();
        assert!(!bad.contains("pat-secret-4"), "{bad}");
    }
}
