//! Validation: every problem in a document, all of them in one pass, none fatal on its own.

use crate::Diagnostic;
use crate::catalog::{Catalog, NodeDescription};
use crate::document::{NodeDocument, SCHEMA_V1, WorkflowDocument};
use crate::ids::id_problem;
use crate::template::{expressions, has_expression, out_references};
use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value;
use std::collections::HashSet;

/// Node ids → position of the first node with that id.
type NodeIndex<'a> = FxHashMap<&'a str, usize>;

/// Each node's type description, by position; `None` for unknown types. Looked up once, as
/// every check asks for it.
type Descriptions<'a> = [Option<&'a NodeDescription>];

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

    let index = node_index(doc);
    let descriptions: Vec<Option<&NodeDescription>> = doc
        .nodes
        .iter()
        .map(|n| catalog.describe(&n.node_type))
        .collect();
    check_nodes(doc, catalog, &index, &descriptions, &mut problems);
    check_triggers(doc, &descriptions, &mut problems);
    let port_owners = PortOwners::new(doc, &index, &descriptions);
    check_edges(
        doc,
        catalog,
        &index,
        &descriptions,
        &port_owners,
        &mut problems,
    );
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

/// The index of node ids; the first node with an id wins.
fn node_index(doc: &WorkflowDocument) -> NodeIndex<'_> {
    let mut index = NodeIndex::with_capacity_and_hasher(doc.nodes.len(), Default::default());
    for (position, node) in doc.nodes.iter().enumerate() {
        index.entry(node.id.as_str()).or_insert(position);
    }
    index
}

/// Which node an edge's `port` is checked against: the last node of a known type with the
/// edge's `from` id. In a document without duplicate ids (duplicates are reported on their
/// own) that is the indexed node, so the map is only built for documents that have some.
struct PortOwners<'a> {
    duplicated: Option<FxHashMap<&'a str, usize>>,
}

impl<'a> PortOwners<'a> {
    fn new(
        doc: &'a WorkflowDocument,
        index: &NodeIndex<'_>,
        descriptions: &Descriptions<'_>,
    ) -> Self {
        let has_duplicates = index.len() < doc.nodes.len();
        let duplicated = has_duplicates.then(|| {
            doc.nodes
                .iter()
                .enumerate()
                .filter(|&(position, _)| descriptions[position].is_some())
                .map(|(position, node)| (node.id.as_str(), position))
                .collect()
        });
        Self { duplicated }
    }

    fn owner(
        &self,
        id: &str,
        index: &NodeIndex<'_>,
        descriptions: &Descriptions<'_>,
    ) -> Option<usize> {
        match &self.duplicated {
            Some(owners) => owners.get(id).copied(),
            None => index
                .get(id)
                .copied()
                .filter(|&position| descriptions[position].is_some()),
        }
    }
}

/// Checks each node on its own.
fn check_nodes(
    doc: &WorkflowDocument,
    catalog: &dyn Catalog,
    index: &NodeIndex<'_>,
    descriptions: &Descriptions<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    // One buffer for the field paths of every node's params.
    let mut path = String::new();
    for (position, node) in doc.nodes.iter().enumerate() {
        let id = node.id.as_str();
        if let Some(problem) = id_problem(id) {
            problems.push(Diagnostic::node_field(id, "id", problem));
        }
        if index.get(id) != Some(&position) {
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
        let Some(description) = descriptions[position] else {
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
        check_expressions(node, index, catalog, &mut path, problems);
    }
}

fn check_triggers(
    doc: &WorkflowDocument,
    descriptions: &Descriptions<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let triggers: Vec<&NodeDocument> = doc
        .nodes
        .iter()
        .zip(descriptions)
        .filter(|(_, description)| description.is_some_and(NodeDescription::is_trigger))
        .map(|(node, _)| node)
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
    index: &NodeIndex<'_>,
    descriptions: &Descriptions<'_>,
    port_owners: &PortOwners<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut seen = FxHashSet::with_capacity_and_hasher(doc.edges.len(), Default::default());
    for (i, edge) in doc.edges.iter().enumerate() {
        // Built only for a problem: most edges have none.
        let field = || format!("edges[{i}]");
        for key in edge.extra.keys().filter(|k| !is_extension(k)) {
            problems.push(Diagnostic::field(
                format!("{}.{key}", field()),
                unknown_field(key),
            ));
        }
        let from = index.get(edge.from.as_str()).map(|&i| &doc.nodes[i]);
        let to_position = index.get(edge.to.as_str()).copied();
        let to = to_position.map(|i| &doc.nodes[i]);
        if from.is_none() {
            problems.push(Diagnostic::field(
                format!("{}.from", field()),
                format!("the edge starts at \"{}\", which is not a node", edge.from),
            ));
        }
        if to.is_none() {
            problems.push(Diagnostic::field(
                format!("{}.to", field()),
                format!("the edge ends at \"{}\", which is not a node", edge.to),
            ));
        }
        if let (Some(from), Some(owner)) =
            (from, port_owners.owner(&edge.from, index, descriptions))
        {
            let owner = &doc.nodes[owner];
            let ports = OutputPorts {
                own: catalog.borrowed_output_ports(owner),
                has_error_port: owner.error_policy() == crate::OnError::ErrorPort,
            };
            match &edge.port {
                Some(port) if !ports.contains(port) => {
                    problems.push(Diagnostic::node_field(
                        from.id.clone(),
                        format!("{}.port", field()),
                        format!(
                            "\"{}\" has no output port \"{port}\" (it has: {})",
                            from.id,
                            ports.list_or_none()
                        ),
                    ));
                }
                None if ports.is_empty() => problems.push(Diagnostic::node_field(
                    from.id.clone(),
                    format!("{}.port", field()),
                    format!("\"{}\" has no output ports", from.id),
                )),
                _ => {}
            }
        }
        if let (Some(to), Some(description)) = (to, to_position.and_then(|i| descriptions[i])) {
            let inputs = &description.inputs;
            match &edge.to_port {
                _ if inputs.is_empty() => problems.push(Diagnostic::node_field(
                    to.id.clone(),
                    format!("{}.to", field()),
                    format!("\"{}\" is a {} and takes no input", to.id, to.node_type),
                )),
                Some(port) if !inputs.contains(port) => problems.push(Diagnostic::node_field(
                    to.id.clone(),
                    format!("{}.to_port", field()),
                    format!(
                        "\"{}\" has no input port \"{port}\" (it has: {})",
                        to.id,
                        inputs.join(", ")
                    ),
                )),
                None if inputs.len() > 1 => problems.push(Diagnostic::node_field(
                    to.id.clone(),
                    format!("{}.to_port", field()),
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
            problems.push(Diagnostic::field(field(), "the same edge appears twice"));
        }
    }
}

/// A node's output ports as an edge sees them: its own, then `error` with
/// `on_error: error_port`. The `error` port is checked for, not added, to keep the own list
/// borrowed.
struct OutputPorts<'a> {
    own: std::borrow::Cow<'a, [String]>,
    has_error_port: bool,
}

impl OutputPorts<'_> {
    fn contains(&self, port: &str) -> bool {
        self.own.iter().any(|p| p == port) || (self.has_error_port && port == "error")
    }

    fn is_empty(&self) -> bool {
        self.own.is_empty() && !self.has_error_port
    }

    fn list_or_none(&self) -> String {
        if self.is_empty() {
            return "none".into();
        }
        let mut all: Vec<&str> = self.own.iter().map(String::as_str).collect();
        if self.has_error_port {
            all.push("error");
        }
        all.join(", ")
    }
}

/// Finds cycles with a depth-first search and names the nodes on each one found.
fn check_cycles(doc: &WorkflowDocument, index: &NodeIndex<'_>, problems: &mut Vec<Diagnostic>) {
    let n = doc.nodes.len();
    let successors = Successors::new(doc, index);
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; n];
    let mut reported: HashSet<Vec<usize>> = HashSet::new();
    // Each frame: (node, next successor to look at). Reused from one start to the next.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for start in 0..n {
        if mark[start] != Mark::New {
            continue;
        }
        stack.push((start, 0));
        mark[start] = Mark::OnPath;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&succ) = successors.of(node).get(*next) {
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

/// The distinct successors of every node, in edge order, in one flat list (one allocation
/// for the graph rather than one per node).
struct Successors {
    /// `targets[start[i]..start[i] + len[i]]` are the successors of node `i`.
    start: Vec<usize>,
    len: Vec<usize>,
    targets: Vec<usize>,
}

impl Successors {
    fn new(doc: &WorkflowDocument, index: &NodeIndex<'_>) -> Self {
        let n = doc.nodes.len();
        let ends = || {
            doc.edges.iter().filter_map(|edge| {
                Some((
                    *index.get(edge.from.as_str())?,
                    *index.get(edge.to.as_str())?,
                ))
            })
        };
        let mut start = vec![0; n + 1];
        for (a, _) in ends() {
            start[a + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut len = vec![0; n];
        let mut targets = vec![0; start[n]];
        for (a, b) in ends() {
            let segment = &mut targets[start[a]..start[a] + len[a]];
            if !segment.contains(&b) {
                targets[start[a] + len[a]] = b;
                len[a] += 1;
            }
        }
        Self {
            start,
            len,
            targets,
        }
    }

    fn of(&self, node: usize) -> &[usize] {
        &self.targets[self.start[node]..self.start[node] + self.len[node]]
    }
}

fn check_pins(doc: &WorkflowDocument, index: &NodeIndex<'_>, problems: &mut Vec<Diagnostic>) {
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
    index: &NodeIndex<'_>,
    catalog: &dyn Catalog,
    path: &mut String,
    problems: &mut Vec<Diagnostic>,
) {
    let mut visit = |field: &str, text: &str| {
        if !has_expression(text) {
            return;
        }
        // A string with a syntax error gets that one problem, not its expressions' as well.
        if let Some(err) = expressions(text).find_map(Result::err) {
            problems.push(Diagnostic::node_field(
                node.id.clone(),
                field,
                format!("expression: {err}"),
            ));
            return;
        }
        for expr in expressions(text).flatten() {
            if let Err(err) = catalog.check_expression(expr) {
                problems.push(Diagnostic::node_field(
                    node.id.clone(),
                    field,
                    format!("expression {{{{ {expr} }}}} does not parse: {err}"),
                ));
            }
            for target in out_references(expr) {
                if !index.contains_key(target.as_str()) {
                    problems.push(Diagnostic::node_field(
                        node.id.clone(),
                        field,
                        format!("$out(\"{target}\") names a node that does not exist"),
                    ));
                }
            }
        }
    };
    let Some(params) = node.params.as_object() else {
        return;
    };
    for (key, value) in params {
        path.clear();
        path.push_str("params.");
        path.push_str(key);
        walk(value, path, &mut visit);
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
