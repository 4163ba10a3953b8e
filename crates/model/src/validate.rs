//! Validation: every problem in a document, all of them in one pass, none fatal on its own.

use crate::Diagnostic;
use crate::catalog::Catalog;
use crate::document::{NodeDocument, SCHEMA_V1, WorkflowDocument};
use crate::ids::id_problem;
use crate::template::{expression_sources, has_expression, out_references};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Checks a document against the spec and the catalog. An empty list means it may run.
pub fn validate(doc: &WorkflowDocument, catalog: &dyn Catalog) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if doc.schema.is_empty() {
        problems.push(Diagnostic::field(
            "schema",
            format!("missing: expected \"{SCHEMA_V1}\""),
        ));
    } else if doc.schema != SCHEMA_V1 {
        problems.push(Diagnostic::field(
            "schema",
            format!(
                "unknown schema \"{}\": this version reads \"{SCHEMA_V1}\"",
                doc.schema
            ),
        ));
    }
    if let Some(problem) = id_problem(&doc.id) {
        problems.push(Diagnostic::field("id", problem));
    }
    for key in doc.extra.keys().filter(|k| !is_extension(k)) {
        problems.push(Diagnostic::field(key.clone(), unknown_field(key)));
    }

    let index = check_nodes(doc, catalog, &mut problems);
    check_triggers(doc, catalog, &mut problems);
    let ports: HashMap<&str, Vec<String>> = doc
        .nodes
        .iter()
        .filter(|n| catalog.describe(&n.node_type).is_some())
        .map(|n| (n.id.as_str(), ports_with_error(n, catalog)))
        .collect();
    check_edges(doc, catalog, &index, &ports, &mut problems);
    check_cycles(doc, &index, &mut problems);
    check_pins(doc, &index, &mut problems);
    problems
}

/// Keys starting with `x-` are extensions (editor state, tools' notes): kept, never checked.
fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}

fn unknown_field(key: &str) -> String {
    format!("unknown field \"{key}\" (a misspelling? fields of tools' own start with \"x-\")")
}

fn ports_with_error(node: &NodeDocument, catalog: &dyn Catalog) -> Vec<String> {
    let mut ports = catalog.output_ports(node);
    if node.error_policy() == crate::OnError::ErrorPort {
        ports.push("error".into());
    }
    ports
}

/// Checks each node on its own; returns the index of node ids (first occurrence wins).
fn check_nodes<'a>(
    doc: &'a WorkflowDocument,
    catalog: &dyn Catalog,
    problems: &mut Vec<Diagnostic>,
) -> HashMap<&'a str, usize> {
    let mut index = HashMap::new();
    let node_ids: HashSet<&str> = doc.nodes.iter().map(|n| n.id.as_str()).collect();
    for (position, node) in doc.nodes.iter().enumerate() {
        let id = node.id.as_str();
        if let Some(problem) = id_problem(id) {
            problems.push(Diagnostic::node_field(id, "id", problem));
        }
        if index.insert(id, position).is_some() {
            index.insert(id, index[id].min(position));
            problems.push(Diagnostic::node_field(
                id,
                "id",
                format!("duplicate node id \"{id}\""),
            ));
        }
        for key in node.extra.keys().filter(|k| !is_extension(k)) {
            problems.push(Diagnostic::node_field(id, key.clone(), unknown_field(key)));
        }
        if let Some(retry) = &node.retry {
            if retry.max_attempts == 0 {
                problems.push(Diagnostic::node_field(
                    id,
                    "retry.max_attempts",
                    "must be at least 1",
                ));
            }
            if retry.initial_delay_ms > retry.max_delay_ms {
                problems.push(Diagnostic::node_field(
                    id,
                    "retry.initial_delay_ms",
                    "must not be larger than retry.max_delay_ms",
                ));
            }
        }
        let Some(description) = catalog.describe(&node.node_type) else {
            problems.push(Diagnostic::node_field(
                id,
                "type",
                format!("unknown node type \"{}\"", node.node_type),
            ));
            continue;
        };
        if node.type_version == 0 || node.type_version > description.type_version {
            problems.push(Diagnostic::node_field(
                id,
                "type_version",
                format!(
                    "{} has versions 1 to {}, not {}",
                    node.node_type, description.type_version, node.type_version
                ),
            ));
        }
        match (&node.credential, description.credential_types.is_empty()) {
            (Some(_), true) => problems.push(Diagnostic::node_field(
                id,
                "credential",
                format!("{} takes no credential", node.node_type),
            )),
            (Some(credential), false) => {
                if let Some(problem) = id_problem(credential) {
                    problems.push(Diagnostic::node_field(id, "credential", problem));
                }
            }
            (None, _) if description.credential_required => problems.push(Diagnostic::node_field(
                id,
                "credential",
                format!(
                    "{} needs a credential of type {}",
                    node.node_type,
                    description.credential_types.join(" or ")
                ),
            )),
            (None, _) => {}
        }
        for problem in catalog.check_params(node) {
            problems.push(Diagnostic::node_field(id, problem.field, problem.message));
        }
        check_expressions(node, &node_ids, catalog, problems);
    }
    index
}

fn check_triggers(doc: &WorkflowDocument, catalog: &dyn Catalog, problems: &mut Vec<Diagnostic>) {
    let triggers: Vec<&NodeDocument> = doc
        .nodes
        .iter()
        .filter(|n| {
            catalog
                .describe(&n.node_type)
                .is_some_and(|d| d.is_trigger())
        })
        .collect();
    match triggers.as_slice() {
        [] => problems.push(Diagnostic::field(
            "nodes",
            "the workflow has no trigger: add exactly one trigger node (manual, webhook, schedule, …)",
        )),
        [_] => {}
        [first, rest @ ..] => {
            for extra in rest {
                problems.push(Diagnostic::node_field(
                    extra.id.clone(),
                    "type",
                    format!(
                        "a workflow has exactly one trigger, and \"{}\" is already one",
                        first.id
                    ),
                ));
            }
        }
    }
    for trigger in triggers {
        if trigger.disabled {
            problems.push(Diagnostic::node_field(
                trigger.id.clone(),
                "disabled",
                "a trigger cannot be disabled",
            ));
        }
    }
}

fn check_edges(
    doc: &WorkflowDocument,
    catalog: &dyn Catalog,
    index: &HashMap<&str, usize>,
    ports: &HashMap<&str, Vec<String>>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen = HashSet::new();
    for (i, edge) in doc.edges.iter().enumerate() {
        let field = format!("edges[{i}]");
        for key in edge.extra.keys().filter(|k| !is_extension(k)) {
            problems.push(Diagnostic::field(
                format!("{field}.{key}"),
                unknown_field(key),
            ));
        }
        let from = index.get(edge.from.as_str()).map(|&i| &doc.nodes[i]);
        let to = index.get(edge.to.as_str()).map(|&i| &doc.nodes[i]);
        if from.is_none() {
            problems.push(Diagnostic::field(
                format!("{field}.from"),
                format!("the edge starts at \"{}\", which is not a node", edge.from),
            ));
        }
        if to.is_none() {
            problems.push(Diagnostic::field(
                format!("{field}.to"),
                format!("the edge ends at \"{}\", which is not a node", edge.to),
            ));
        }
        if let (Some(from), Some(port_list)) = (from, ports.get(edge.from.as_str())) {
            match &edge.port {
                Some(port) if !port_list.contains(port) => {
                    problems.push(Diagnostic::node_field(
                        from.id.clone(),
                        format!("{field}.port"),
                        format!(
                            "\"{}\" has no output port \"{port}\" (it has: {})",
                            from.id,
                            list_or_none(port_list)
                        ),
                    ));
                }
                None if port_list.is_empty() => problems.push(Diagnostic::node_field(
                    from.id.clone(),
                    format!("{field}.port"),
                    format!("\"{}\" has no output ports", from.id),
                )),
                _ => {}
            }
        }
        if let Some(to) = to
            && let Some(description) = catalog.describe(&to.node_type)
        {
            let inputs = &description.inputs;
            match &edge.to_port {
                _ if inputs.is_empty() => problems.push(Diagnostic::node_field(
                    to.id.clone(),
                    format!("{field}.to"),
                    format!("\"{}\" is a {} and takes no input", to.id, to.node_type),
                )),
                Some(port) if !inputs.contains(port) => problems.push(Diagnostic::node_field(
                    to.id.clone(),
                    format!("{field}.to_port"),
                    format!(
                        "\"{}\" has no input port \"{port}\" (it has: {})",
                        to.id,
                        inputs.join(", ")
                    ),
                )),
                None if inputs.len() > 1 => problems.push(Diagnostic::node_field(
                    to.id.clone(),
                    format!("{field}.to_port"),
                    format!(
                        "\"{}\" has several inputs: say which with to_port ({})",
                        to.id,
                        inputs.join(", ")
                    ),
                )),
                _ => {}
            }
        }
        let key = (&edge.from, &edge.port, &edge.to, &edge.to_port);
        if !seen.insert(key) {
            problems.push(Diagnostic::field(field, "the same edge appears twice"));
        }
    }
}

fn list_or_none(ports: &[String]) -> String {
    if ports.is_empty() {
        "none".into()
    } else {
        ports.join(", ")
    }
}

/// Finds cycles with a depth-first search and names the nodes on each one found.
fn check_cycles(
    doc: &WorkflowDocument,
    index: &HashMap<&str, usize>,
    problems: &mut Vec<Diagnostic>,
) {
    let n = doc.nodes.len();
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); n];
    for edge in &doc.edges {
        if let (Some(&a), Some(&b)) = (index.get(edge.from.as_str()), index.get(edge.to.as_str()))
            && !successors[a].contains(&b)
        {
            successors[a].push(b);
        }
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; n];
    let mut reported: HashSet<Vec<usize>> = HashSet::new();
    for start in 0..n {
        if mark[start] != Mark::New {
            continue;
        }
        // Each frame: (node, next successor to look at). `path` mirrors the frames.
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = Mark::OnPath;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&succ) = successors[node].get(*next) {
                *next += 1;
                match mark[succ] {
                    Mark::New => {
                        mark[succ] = Mark::OnPath;
                        stack.push((succ, 0));
                    }
                    Mark::OnPath => {
                        let from = stack.iter().position(|&(n, _)| n == succ).unwrap_or(0);
                        let cycle: Vec<usize> = stack[from..].iter().map(|&(n, _)| n).collect();
                        let mut key = cycle.clone();
                        key.sort_unstable();
                        if reported.insert(key) {
                            let mut names: Vec<&str> =
                                cycle.iter().map(|&i| doc.nodes[i].id.as_str()).collect();
                            names.push(doc.nodes[succ].id.as_str());
                            problems.push(Diagnostic::node_field(
                                doc.nodes[succ].id.clone(),
                                "edges",
                                format!("the graph has a cycle: {}", names.join(" → ")),
                            ));
                        }
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
}

fn check_pins(
    doc: &WorkflowDocument,
    index: &HashMap<&str, usize>,
    problems: &mut Vec<Diagnostic>,
) {
    for (node, items) in &doc.pinned {
        if !index.contains_key(node.as_str()) {
            problems.push(Diagnostic::field(
                format!("pinned.{node}"),
                format!("pinned data for \"{node}\", which is not a node"),
            ));
            continue;
        }
        match items {
            Value::Array(list) => {
                for (i, item) in list.iter().enumerate() {
                    if !item.is_object() {
                        problems.push(Diagnostic::node_field(
                            node.clone(),
                            format!("pinned.{node}[{i}]"),
                            "a pinned item must be a JSON object",
                        ));
                    }
                }
            }
            _ => problems.push(Diagnostic::node_field(
                node.clone(),
                format!("pinned.{node}"),
                "pinned data must be an array of items",
            )),
        }
    }
}

/// Parses every `{{ }}` in the node's params and checks each expression's syntax and `$out` ids.
fn check_expressions(
    node: &NodeDocument,
    node_ids: &HashSet<&str>,
    catalog: &dyn Catalog,
    problems: &mut Vec<Diagnostic>,
) {
    let mut visit = |field: &str, text: &str| {
        if !has_expression(text) {
            return;
        }
        let expressions = match expression_sources(text) {
            Ok(expressions) => expressions,
            Err(err) => {
                problems.push(Diagnostic::node_field(
                    node.id.clone(),
                    field,
                    format!("expression: {err}"),
                ));
                return;
            }
        };
        for expr in expressions {
            if let Err(err) = catalog.check_expression(expr) {
                problems.push(Diagnostic::node_field(
                    node.id.clone(),
                    field,
                    format!("expression {{{{ {expr} }}}} does not parse: {err}"),
                ));
            }
            for target in out_references(expr) {
                if !node_ids.contains(target.as_str()) {
                    problems.push(Diagnostic::node_field(
                        node.id.clone(),
                        field,
                        format!("$out(\"{target}\") names a node that does not exist"),
                    ));
                }
            }
        }
    };
    let mut path = String::from("params");
    let Some(params) = node.params.as_object() else {
        return;
    };
    for (key, value) in params {
        path.truncate("params".len());
        path.push('.');
        path.push_str(key);
        walk(value, &mut path, &mut visit);
    }
}

/// Calls `visit(field_path, text)` for every string inside `value`; `path` is the field path of
/// `value` itself. The path is built in one buffer, so walking allocates nothing per string.
pub fn walk_strings(value: &Value, path: &str, visit: &mut dyn FnMut(&str, &str)) {
    let mut buffer = String::from(path);
    walk(value, &mut buffer, visit);
}

fn walk(value: &Value, path: &mut String, visit: &mut dyn FnMut(&str, &str)) {
    use std::fmt::Write;
    match value {
        Value::String(text) => visit(path, text),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                let _ = write!(path, "[{i}]");
                walk(item, path, visit);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                path.push('.');
                path.push_str(key);
                walk(item, path, visit);
                path.truncate(len);
            }
        }
        _ => {}
    }
}
