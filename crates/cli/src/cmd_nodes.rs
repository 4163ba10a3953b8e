//! `switchyard nodes [--json]`: the node catalog, as JSON or as a table grouped by palette group.

use crate::exit::Exit;
use std::io::Write;
use switchyard_model::NodeDescription;

#[derive(clap::Args)]
pub struct Args {
    /// Print the catalog as a JSON array
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> anyhow::Result<Exit> {
    let registry = switchyard_nodes::builtin_registry();
    let descriptions = registry.descriptions();
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&descriptions)?)?;
    } else {
        write_table(&mut out, &descriptions)?;
    }
    Ok(Exit::Ok)
}

/// Groups in the order they first appear in the catalog; in each, one row per type.
fn write_table(out: &mut impl Write, descriptions: &[&NodeDescription]) -> std::io::Result<()> {
    let mut groups: Vec<(String, Vec<&NodeDescription>)> = Vec::new();
    for &description in descriptions {
        let group = group_name(description);
        match groups.iter_mut().find(|(name, _)| *name == group) {
            Some((_, members)) => members.push(description),
            None => groups.push((group, vec![description])),
        }
    }
    let type_width = descriptions
        .iter()
        .map(|d| d.node_type.chars().count())
        .max()
        .unwrap_or(0);
    let label_width = descriptions
        .iter()
        .map(|d| d.label.chars().count())
        .max()
        .unwrap_or(0);
    for (at, (group, members)) in groups.iter().enumerate() {
        if at > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{group}")?;
        for description in members {
            writeln!(
                out,
                "  {:<type_width$}  {:<label_width$}  {}",
                description.node_type,
                description.label,
                ports(description)
            )?;
        }
    }
    Ok(())
}

fn group_name(description: &NodeDescription) -> String {
    match serde_json::to_value(description.group) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{:?}", description.group).to_lowercase(),
    }
}

fn ports(description: &NodeDescription) -> String {
    let inputs = if description.inputs.is_empty() {
        "—".to_owned()
    } else {
        description.inputs.join(", ")
    };
    let outputs = if description.dynamic_outputs {
        "(from params)".to_owned()
    } else if description.outputs.is_empty() {
        "—".to_owned()
    } else {
        description.outputs.join(", ")
    };
    format!("in: {inputs}  out: {outputs}")
}
