//! Single-record operations: read, create, update, archive (`/crm/v3/objects/{type}[/{id}]`).

use crate::reply::{self, Reply};
use crate::server::{Request, World};
use crate::store::Kind;
use serde_json::{Map, Value, json};

/// The comma-separated `properties` of a query string.
pub fn asked_properties(request: &Request) -> Vec<String> {
    request
        .query("properties")
        .map(|p| {
            p.split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// `GET /crm/v3/objects/{t}/{id}?idProperty=&properties=`.
pub fn read(world: &World, kind: Kind, id: &str, request: &Request) -> Reply {
    let id_property = request.query("idProperty");
    match world.store.resolve(kind, id, id_property.as_deref()) {
        Some(found) => match world.store.get(kind, found) {
            Some(record) => Reply::ok(record.to_json(kind, &asked_properties(request))),
            None => reply::not_found(id),
        },
        None => reply::not_found(id),
    }
}

/// `GET /crm/v3/objects/{t}?limit&after`: a page of records.
pub fn list(world: &World, kind: Kind, request: &Request) -> Reply {
    let limit: usize = request
        .query("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(10)
        .min(100);
    let after: usize = request
        .query("after")
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let asked = asked_properties(request);
    let all: Vec<Value> = world
        .store
        .records
        .get(&kind)
        .map(|r| {
            r.values()
                .skip(after)
                .take(limit + 1)
                .map(|rec| rec.to_json(kind, &asked))
                .collect()
        })
        .unwrap_or_default();
    let more = all.len() > limit;
    let results: Vec<Value> = all.into_iter().take(limit).collect();
    let mut body = json!({ "results": results });
    if more {
        body["paging"] = json!({ "next": { "after": (after + limit).to_string() } });
    }
    Reply::ok(body)
}

/// The `properties` object of a write body.
pub fn body_properties(body: &Value) -> Map<String, Value> {
    body.get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// `POST /crm/v3/objects/{t}`: 201 with the new record.
pub fn create(world: &mut World, kind: Kind, body: &Value) -> Reply {
    match create_one(world, kind, body) {
        Ok(value) => Reply::json(201, value),
        Err(reply) => reply,
    }
}

/// Creates one record from `{properties, associations?}`; the reply on failure.
pub fn create_one(world: &mut World, kind: Kind, body: &Value) -> Result<Value, Reply> {
    let props = world
        .store
        .validate(kind, &body_properties(body))
        .map_err(|e| reply::invalid_properties(&e, world.portal_id))?;
    if let Some(existing) = world.store.email_owner(kind, &props, None) {
        return Err(reply::conflict(existing));
    }
    let associations = parse_associations(world, kind, body)?;
    let delay = world.search_delay;
    let record = world.store.create(kind, props, delay);
    let (id, value) = (record.id, record.to_json(kind, &[]));
    let mut value = value;
    // A create answers with every property it set.
    if let (Some(out), Some(record)) = (
        value.get_mut("properties").and_then(Value::as_object_mut),
        world.store.get(kind, id),
    ) {
        for (name, v) in &record.properties {
            out.insert(name.clone(), json!(v));
        }
    }
    for (to, to_id, type_id) in associations {
        world
            .store
            .associations
            .push((kind, id, to, to_id, type_id));
    }
    Ok(value)
}

/// The `associations` of a create body: `[{to:{id}, types:[{associationCategory, associationTypeId}]}]`.
fn parse_associations(
    world: &World,
    kind: Kind,
    body: &Value,
) -> Result<Vec<(Kind, u64, u32)>, Reply> {
    let mut out = Vec::new();
    for association in body
        .get("associations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let to_id = association
            .pointer("/to/id")
            .and_then(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .or_else(|| v.as_u64().map(|n| n.to_string()))
            })
            .unwrap_or_default();
        for spec in association
            .get("types")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let type_id = spec
                .get("associationTypeId")
                .and_then(Value::as_u64)
                .unwrap_or(0) as u32;
            let Some((from, to)) = crate::extras::type_kinds(type_id) else {
                return Err(reply::validation(&format!(
                    "{type_id} is not a valid association type id"
                )));
            };
            if from != kind {
                return Err(reply::validation(&format!(
                    "association type {type_id} does not start from {}",
                    kind.name()
                )));
            }
            let Some(found) = to_id
                .parse()
                .ok()
                .filter(|n| world.store.get(to, *n).is_some())
            else {
                return Err(reply::validation(&format!(
                    "{} {to_id} does not exist to associate with",
                    to.name()
                )));
            };
            out.push((to, found, type_id));
        }
    }
    Ok(out)
}

/// `PATCH /crm/v3/objects/{t}/{id}[?idProperty=]`.
pub fn update(world: &mut World, kind: Kind, id: &str, request: &Request) -> Reply {
    let id_property = request.query("idProperty");
    match update_one(world, kind, id, id_property.as_deref(), &request.json()) {
        Ok(value) => Reply::ok(value),
        Err(reply) => reply,
    }
}

/// Updates one record; the reply on failure.
pub fn update_one(
    world: &mut World,
    kind: Kind,
    id: &str,
    id_property: Option<&str>,
    body: &Value,
) -> Result<Value, Reply> {
    let Some(found) = world.store.resolve(kind, id, id_property) else {
        return Err(reply::not_found(id));
    };
    let props = world
        .store
        .validate(kind, &body_properties(body))
        .map_err(|e| reply::invalid_properties(&e, world.portal_id))?;
    if let Some(existing) = world.store.email_owner(kind, &props, Some(found)) {
        return Err(reply::conflict(existing));
    }
    let written: Vec<String> = props.keys().cloned().collect();
    match world.store.update(kind, found, props) {
        Some(record) => {
            let mut asked: Vec<String> = kind.defaults().iter().map(|s| (*s).to_owned()).collect();
            asked.extend(written);
            Ok(record.to_json(kind, &asked))
        }
        None => Err(reply::not_found(id)),
    }
}

/// `DELETE /crm/v3/objects/{t}/{id}`: 204 whether or not it existed.
pub fn archive(world: &mut World, kind: Kind, id: &str) -> Reply {
    if let Ok(n) = id.parse() {
        world.store.archive(kind, n);
    }
    Reply::no_content()
}
