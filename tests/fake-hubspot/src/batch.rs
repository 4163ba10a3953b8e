//! Batch operations (`/crm/v3/objects/{type}/batch/{action}`): at most 100 inputs; a 207 with
//! per-input errors when some inputs fail and every input carries an `objectWriteTraceId`.

use crate::objects::{body_properties, create_one, update_one};
use crate::reply::{self, Reply, standard_error};
use crate::server::World;
use crate::store::{Kind, iso_now};
use serde_json::{Value, json};
use std::collections::HashSet;

/// The most inputs one batch request may carry.
pub const MAX_INPUTS: usize = 100;

/// Dispatches `batch/{action}`.
pub fn handle(world: &mut World, kind: Kind, action: &str, body: &Value) -> Reply {
    let inputs: Vec<Value> = body
        .get("inputs")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if inputs.len() > MAX_INPUTS {
        return reply::validation(&format!(
            "Too many inputs: {}. A batch request may have at most {MAX_INPUTS} inputs.",
            inputs.len()
        ));
    }
    match action {
        "read" => read(world, kind, body, &inputs),
        "create" => write(world, &inputs, 201, |w, input| create_one(w, kind, input)),
        "update" => {
            let shared = body
                .get("idProperty")
                .and_then(Value::as_str)
                .map(str::to_owned);
            write(world, &inputs, 200, |w, input| {
                let id = id_of(input);
                let id_property = input
                    .get("idProperty")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .or_else(|| shared.clone());
                update_one(w, kind, &id, id_property.as_deref(), input)
            })
        }
        "upsert" => upsert(world, kind, &inputs),
        "archive" => {
            for input in &inputs {
                if let Ok(id) = id_of(input).parse() {
                    world.store.archive(kind, id);
                }
            }
            Reply::no_content()
        }
        other => reply::unknown_path(
            "POST",
            &format!("/crm/v3/objects/{}/batch/{other}", kind.name()),
        ),
    }
}

fn id_of(input: &Value) -> String {
    match input.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn envelope(results: Vec<Value>, errors: Vec<Value>, ok_status: u16) -> Reply {
    let now = iso_now();
    let mut body =
        json!({ "status": "COMPLETE", "results": results, "startedAt": now, "completedAt": now });
    if errors.is_empty() {
        return Reply::json(ok_status, body);
    }
    body["numErrors"] = json!(errors.len());
    body["errors"] = Value::Array(errors);
    Reply::json(207, body)
}

fn trace_id(input: &Value) -> Option<String> {
    input.get("objectWriteTraceId").and_then(|v| {
        v.as_str()
            .map(str::to_owned)
            .or_else(|| v.as_u64().map(|n| n.to_string()))
    })
}

/// Runs `op` per input. With trace ids on every input, failures become 207 item errors;
/// otherwise the first failure fails the whole batch.
fn write(
    world: &mut World,
    inputs: &[Value],
    ok_status: u16,
    mut op: impl FnMut(&mut World, &Value) -> Result<Value, Reply>,
) -> Reply {
    let traced = inputs.iter().all(|i| trace_id(i).is_some());
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        match op(world, input) {
            Ok(value) => results.push(value),
            Err(failure) if traced => {
                let trace = trace_id(input).unwrap_or_default();
                errors.push(standard_error(
                    &failure,
                    json!({ "objectWriteTraceId": [trace] }),
                ));
            }
            Err(failure) => return failure,
        }
    }
    envelope(results, errors, ok_status)
}

fn read(world: &World, kind: Kind, body: &Value, inputs: &[Value]) -> Reply {
    let id_property = body.get("idProperty").and_then(Value::as_str);
    let asked: Vec<String> = body
        .get("properties")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let mut results = Vec::new();
    let mut missing = Vec::new();
    for input in inputs {
        let id = id_of(input);
        match world
            .store
            .resolve(kind, &id, id_property)
            .and_then(|found| world.store.get(kind, found))
        {
            Some(record) => results.push(record.to_json(kind, &asked)),
            None => missing.push(id),
        }
    }
    let errors = if missing.is_empty() {
        Vec::new()
    } else {
        vec![json!({
            "status": "error", "category": "OBJECT_NOT_FOUND",
            "message": format!("Could not get some {} objects, they may be deleted or not exist. Check that ids are valid.", kind.upper()),
            "context": { "ids": missing }, "errors": [], "links": {},
        })]
    };
    envelope(results, errors, 200)
}

fn upsert(world: &mut World, kind: Kind, inputs: &[Value]) -> Reply {
    let mut seen = HashSet::new();
    for input in inputs {
        let property = input
            .get("idProperty")
            .and_then(Value::as_str)
            .unwrap_or("");
        if property.is_empty() {
            return reply::validation("idProperty is required for every input of a batch upsert");
        }
        let id = id_of(input);
        let key = if property == "email" {
            id.to_lowercase()
        } else {
            id.clone()
        };
        if !seen.insert(key) {
            return reply::validation(&format!(
                "Duplicate IDs found in batch input: [{id}]. IDs must be unique"
            ));
        }
    }
    write(world, inputs, 200, |w, input| {
        let id = id_of(input);
        let property = input
            .get("idProperty")
            .and_then(Value::as_str)
            .unwrap_or("email")
            .to_owned();
        match w.store.find_by(kind, &property, &id) {
            Some(found) => {
                let mut value = update_one(w, kind, &found.to_string(), None, input)?;
                value["new"] = json!(false);
                Ok(value)
            }
            None => {
                let mut props = body_properties(input);
                if property != "hs_object_id" {
                    props.entry(property.clone()).or_insert(json!(id));
                }
                let mut value = create_one(w, kind, &json!({ "properties": props }))?;
                value["new"] = json!(true);
                Ok(value)
            }
        }
    })
}
