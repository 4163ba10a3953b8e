//! `switchyard validate FILE [--json]`: every problem of a document, or `ok`.

use crate::document::{check, read_text};
use crate::exit::Exit;
use crate::print::diagnostic_line;
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use switchyard_model::Diagnostic;

#[derive(clap::Args)]
pub struct Args {
    /// The workflow document (`*.flow.json`)
    file: PathBuf,
    /// Print `{"ok": bool, "errors": [...]}` instead of text
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> anyhow::Result<Exit> {
    let text = read_text(&args.file)?;
    let registry = switchyard_nodes::builtin_registry();
    let problems = check(&text, &registry).err().unwrap_or_default();
    let mut out = std::io::stdout().lock();
    if args.json {
        let report = json!({ "ok": problems.is_empty(), "errors": problems });
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write_human(&mut out, &args.file.display().to_string(), &problems)?;
    }
    Ok(if problems.is_empty() {
        Exit::Ok
    } else {
        Exit::Failed
    })
}

fn write_human(out: &mut impl Write, file: &str, problems: &[Diagnostic]) -> std::io::Result<()> {
    if problems.is_empty() {
        return writeln!(out, "{file}: ok");
    }
    for problem in problems {
        writeln!(out, "{}", diagnostic_line(file, problem))?;
    }
    Ok(())
}
