//! The calls each operation makes, as plain data: the client sends them, dry runs show them.
//! Batches hold at most 100 inputs; inputs that share an id go in separate requests, in order.

use super::client::{Call, encode_segment};
use super::types::{IdInput, ObjectType, RecordInput, id_key, property_values};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The most inputs HubSpot takes in one batch request.
pub const BATCH_LIMIT: usize = 100;

/// A batch request and the inputs (positions in the slice given) it carries, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedCall {
    pub call: Call,
    pub items: Vec<usize>,
}

fn objects_path(object: ObjectType) -> String {
    format!("/crm/v3/objects/{}", object.as_str())
}

fn record_path(object: ObjectType, id: &str) -> String {
    format!("{}/{}", objects_path(object), encode_segment(id))
}

fn associations_json(object: ObjectType, input: &RecordInput) -> Vec<Value> {
    input
        .associations
        .iter()
        .filter_map(|target| {
            let type_id = object.default_association_type(target.object)?;
            Some(json!({
                "to": { "id": target.id },
                "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id }],
            }))
        })
        .collect()
}

fn create_body(object: ObjectType, input: &RecordInput) -> Value {
    let mut body = json!({ "properties": property_values(&input.properties) });
    let associations = associations_json(object, input);
    if !associations.is_empty() {
        body["associations"] = Value::Array(associations);
    }
    body
}

/// `POST /crm/v3/objects/{t}`.
pub fn create(object: ObjectType, input: &RecordInput) -> Call {
    Call::new("POST", objects_path(object))
        .body(create_body(object, input))
        .scope(object.write_scope())
}

/// `GET /crm/v3/objects/{t}/{id}[?idProperty=][&properties=a,b]`.
pub fn get(object: ObjectType, id: &str, id_property: Option<&str>, properties: &[String]) -> Call {
    let mut call = Call::new("GET", record_path(object, id)).scope(object.read_scope());
    if let Some(property) = id_property {
        call = call.query("idProperty", property);
    }
    if !properties.is_empty() {
        call = call.query("properties", properties.join(","));
    }
    call
}

/// `PATCH /crm/v3/objects/{t}/{id}[?idProperty=]`.
pub fn update(object: ObjectType, input: &IdInput, id_property: Option<&str>) -> Call {
    let mut call = Call::new("PATCH", record_path(object, &input.id))
        .body(json!({ "properties": property_values(&input.properties) }))
        .scope(object.write_scope());
    if let Some(property) = id_property {
        call = call.query("idProperty", property);
    }
    call
}

/// `DELETE /crm/v3/objects/{t}/{id}` (archive).
pub fn delete(object: ObjectType, id: &str) -> Call {
    Call::new("DELETE", record_path(object, id)).scope(object.write_scope())
}

fn batch_call(object: ObjectType, action: &str, body: Value, scope: String) -> Call {
    Call::new("POST", format!("{}/batch/{action}", objects_path(object)))
        .body(body)
        .scope(scope)
}

/// Splits positions into rounds where no id repeats (the n-th occurrence of an id goes in round
/// n), then each round into chunks of at most 100: the later input for an id is written later.
fn rounds(keys: &[String]) -> Vec<Vec<usize>> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut rounds: Vec<Vec<usize>> = Vec::new();
    for (position, key) in keys.iter().enumerate() {
        let round = seen.entry(key.as_str()).or_insert(0);
        if rounds.len() <= *round {
            rounds.push(Vec::new());
        }
        rounds[*round].push(position);
        *round += 1;
    }
    rounds
        .into_iter()
        .flat_map(|round| {
            round
                .chunks(BATCH_LIMIT)
                .map(<[usize]>::to_vec)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn chunks(count: usize) -> Vec<Vec<usize>> {
    (0..count)
        .collect::<Vec<_>>()
        .chunks(BATCH_LIMIT)
        .map(<[usize]>::to_vec)
        .collect()
}

/// `batch/create`: every input carries `objectWriteTraceId` (its position) so HubSpot answers a
/// 207 naming the inputs that failed instead of failing them all.
pub fn batch_create(object: ObjectType, inputs: &[RecordInput]) -> Vec<PlannedCall> {
    chunks(inputs.len())
        .into_iter()
        .map(|items| {
            let body_inputs: Vec<Value> = items
                .iter()
                .map(|&i| {
                    let mut body = create_body(object, &inputs[i]);
                    body["objectWriteTraceId"] = json!(i.to_string());
                    body
                })
                .collect();
            let call = batch_call(
                object,
                "create",
                json!({ "inputs": body_inputs }),
                object.write_scope(),
            );
            PlannedCall { call, items }
        })
        .collect()
}

/// `batch/read` by record id or by `id_property`. An id asked for by several inputs is asked
/// once; every input that names it gets the record.
pub fn batch_read(
    object: ObjectType,
    ids: &[String],
    id_property: Option<&str>,
    properties: &[String],
) -> Vec<PlannedCall> {
    let mut order: Vec<String> = Vec::new();
    let mut positions: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        let key = id_key(id_property, id);
        if !positions.contains_key(&key) {
            order.push(key.clone());
        }
        positions.entry(key).or_default().push(i);
    }
    order
        .chunks(BATCH_LIMIT)
        .map(|keys| {
            let firsts: Vec<usize> = keys
                .iter()
                .filter_map(|k| positions.get(k).and_then(|p| p.first().copied()))
                .collect();
            let mut body = json!({
                "inputs": firsts.iter().map(|&i| json!({ "id": ids[i] })).collect::<Vec<_>>(),
                "properties": properties,
                "propertiesWithHistory": [],
            });
            if let Some(property) = id_property {
                body["idProperty"] = json!(property);
            }
            let mut items: Vec<usize> = keys
                .iter()
                .flat_map(|k| positions.get(k).cloned().unwrap_or_default())
                .collect();
            items.sort_unstable();
            PlannedCall {
                call: batch_call(object, "read", body, object.read_scope()),
                items,
            }
        })
        .collect()
}

/// `batch/update`; inputs sharing an id go in separate requests, in order.
pub fn batch_update(
    object: ObjectType,
    inputs: &[IdInput],
    id_property: Option<&str>,
) -> Vec<PlannedCall> {
    let keys: Vec<String> = inputs.iter().map(|i| id_key(id_property, &i.id)).collect();
    rounds(&keys)
        .into_iter()
        .map(|items| {
            let body_inputs: Vec<Value> = items
                .iter()
                .map(|&i| {
                    let mut input = json!({
                        "id": inputs[i].id, "properties": property_values(&inputs[i].properties),
                        "objectWriteTraceId": i.to_string(),
                    });
                    if let Some(property) = id_property {
                        input["idProperty"] = json!(property);
                    }
                    input
                })
                .collect();
            let call = batch_call(
                object,
                "update",
                json!({ "inputs": body_inputs }),
                object.write_scope(),
            );
            PlannedCall { call, items }
        })
        .collect()
}

/// `batch/upsert` (HubSpot has no single-record upsert); inputs sharing an id (emails compared
/// without case) go in separate requests, in input order, so the later input wins.
pub fn batch_upsert(object: ObjectType, inputs: &[IdInput], id_property: &str) -> Vec<PlannedCall> {
    let keys: Vec<String> = inputs
        .iter()
        .map(|i| id_key(Some(id_property), &i.id))
        .collect();
    rounds(&keys)
        .into_iter()
        .map(|items| {
            let body_inputs: Vec<Value> = items
                .iter()
                .map(|&i| {
                    json!({
                        "id": inputs[i].id, "idProperty": id_property,
                        "properties": property_values(&inputs[i].properties),
                        "objectWriteTraceId": i.to_string(),
                    })
                })
                .collect();
            let call = batch_call(
                object,
                "upsert",
                json!({ "inputs": body_inputs }),
                object.write_scope(),
            );
            PlannedCall { call, items }
        })
        .collect()
}

/// `batch/archive`.
pub fn batch_archive(object: ObjectType, ids: &[String]) -> Vec<PlannedCall> {
    chunks(ids.len())
        .into_iter()
        .map(|items| {
            let body = json!({ "inputs": items.iter().map(|&i| json!({ "id": ids[i] })).collect::<Vec<_>>() });
            PlannedCall { call: batch_call(object, "archive", body, object.write_scope()), items }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_split_repeated_ids_and_chunk_by_100() {
        let keys: Vec<String> = ["a", "b", "a", "c", "a"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(rounds(&keys), vec![vec![0, 1, 3], vec![2], vec![4]]);
        let many: Vec<String> = (0..250).map(|i| i.to_string()).collect();
        let sizes: Vec<usize> = rounds(&many).iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![100, 100, 50]);
    }

    #[test]
    fn emails_are_compared_without_case() {
        let inputs: Vec<IdInput> = ["A@x.io", "a@X.io"]
            .iter()
            .map(|e| IdInput {
                id: (*e).to_owned(),
                properties: serde_json::Map::new(),
            })
            .collect();
        assert_eq!(
            batch_upsert(ObjectType::Contacts, &inputs, "email").len(),
            2
        );
    }
}
