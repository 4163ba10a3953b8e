//! Reading a workflow file and checking it: the part `validate` and `run` share.

use anyhow::Context;
use std::path::Path;
use switchyard_engine::Registry;
use switchyard_model::{Diagnostic, WorkflowDocument, read_document, validate};

/// The file's text; an error (exit 2) names the file when it cannot be read.
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The document, or every problem found in it: those met while reading the text, then those
/// of validation against the catalog. A validation problem on a node and field that reading
/// already complained about is left out: it is the same problem seen twice (a missing
/// `schema` is read as `""`, which validation then calls unknown).
pub fn check(text: &str, registry: &Registry) -> Result<WorkflowDocument, Vec<Diagnostic>> {
    let (doc, mut problems) = read_document(text);
    let Some(doc) = doc else { return Err(problems) };
    let read = problems.len();
    for problem in validate(&doc, registry) {
        let seen = problems[..read]
            .iter()
            .any(|p| p.field.is_some() && p.node == problem.node && p.field == problem.field);
        if !seen && !problems.contains(&problem) {
            problems.push(problem);
        }
    }
    if problems.is_empty() {
        Ok(doc)
    } else {
        Err(problems)
    }
}
