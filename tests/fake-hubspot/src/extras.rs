//! Owners, property definitions and associations (v4).

use crate::config::OwnerSpec;
use crate::reply::{self, Reply};
use crate::server::{Request, World};
use crate::store::{Kind, iso_now};
use serde_json::{Value, json};

/// HUBSPOT_DEFINED default (unlabeled) association type ids: (from, to, type id).
const DEFAULT_TYPES: &[(Kind, Kind, u32)] = &[
    (Kind::Contacts, Kind::Companies, 279),
    (Kind::Companies, Kind::Contacts, 280),
    (Kind::Deals, Kind::Contacts, 3),
    (Kind::Contacts, Kind::Deals, 4),
    (Kind::Deals, Kind::Companies, 341),
    (Kind::Companies, Kind::Deals, 342),
];

/// The default type id from one object type to another.
pub fn default_type(from: Kind, to: Kind) -> Option<u32> {
    DEFAULT_TYPES
        .iter()
        .find(|(f, t, _)| *f == from && *t == to)
        .map(|(_, _, id)| *id)
}

/// The object types a type id connects.
pub fn type_kinds(type_id: u32) -> Option<(Kind, Kind)> {
    DEFAULT_TYPES
        .iter()
        .find(|(_, _, id)| *id == type_id)
        .map(|(f, t, _)| (*f, *t))
}

fn owner_json(index: usize, owner: &OwnerSpec) -> Value {
    let now = iso_now();
    json!({
        "id": (100 + index + 1).to_string(), "email": owner.email, "firstName": owner.first_name,
        "lastName": owner.last_name, "userId": 9000 + index + 1, "userIdIncludingInactive": 9000 + index + 1,
        "type": "PERSON", "createdAt": now, "updatedAt": now, "archived": false,
        "teams": [{ "id": "1", "name": "Sales", "primary": true }],
    })
}

/// `GET /crm/v3/owners?limit&after&email`.
pub fn owners(world: &World, request: &Request) -> Reply {
    let limit: usize = request
        .query("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(100)
        .clamp(1, 500);
    let after: usize = request
        .query("after")
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let email = request.query("email");
    let matching: Vec<Value> = world
        .owners
        .iter()
        .enumerate()
        .filter(|(_, o)| {
            email
                .as_ref()
                .is_none_or(|e| o.email.eq_ignore_ascii_case(e))
        })
        .map(|(i, o)| owner_json(i, o))
        .collect();
    let page: Vec<Value> = matching.iter().skip(after).take(limit).cloned().collect();
    let mut body = json!({ "results": page });
    if after + limit < matching.len() {
        body["paging"] = json!({ "next": { "after": (after + limit).to_string(), "link": "" } });
    }
    Reply::ok(body)
}

/// `GET /crm/v3/owners/{id}`.
pub fn owner(world: &World, id: &str) -> Reply {
    world
        .owners
        .iter()
        .enumerate()
        .map(|(i, o)| owner_json(i, o))
        .find(|o| o["id"] == json!(id))
        .map_or_else(|| reply::not_found(id), Reply::ok)
}

/// `GET /crm/v3/properties/{t}`.
pub fn properties(world: &World, kind: Kind) -> Reply {
    let results: Vec<Value> = world
        .store
        .schema(kind)
        .iter()
        .map(|d| d.to_json(kind))
        .collect();
    Reply::ok(json!({ "results": results }))
}

fn link(from: Kind, from_id: u64, to: Kind, to_id: u64) -> Vec<Value> {
    let spec = |f: Kind, t: Kind| json!({ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": default_type(f, t) });
    vec![
        json!({ "from": { "id": from_id.to_string() }, "to": { "id": to_id.to_string() }, "associationSpec": spec(from, to) }),
        json!({ "from": { "id": to_id.to_string() }, "to": { "id": from_id.to_string() }, "associationSpec": spec(to, from) }),
    ]
}

fn associate(
    world: &mut World,
    from: Kind,
    from_id: &str,
    to: Kind,
    to_id: &str,
) -> Result<Vec<Value>, Reply> {
    let type_id = default_type(from, to).ok_or_else(|| {
        reply::validation(&format!(
            "{} cannot be associated with {}",
            from.name(),
            to.name()
        ))
    })?;
    let a = from_id
        .parse()
        .ok()
        .filter(|n| world.store.get(from, *n).is_some())
        .ok_or_else(|| reply::not_found(from_id))?;
    let b = to_id
        .parse()
        .ok()
        .filter(|n| world.store.get(to, *n).is_some())
        .ok_or_else(|| reply::not_found(to_id))?;
    if !world
        .store
        .associations
        .contains(&(from, a, to, b, type_id))
    {
        world.store.associations.push((from, a, to, b, type_id));
    }
    Ok(link(from, a, to, b))
}

/// `PUT /crm/v4/objects/{from}/{fromId}/associations/default/{to}/{toId}`.
pub fn associate_default(
    world: &mut World,
    from: Kind,
    from_id: &str,
    to: Kind,
    to_id: &str,
) -> Reply {
    match associate(world, from, from_id, to, to_id) {
        Ok(results) => {
            let now = iso_now();
            Reply::ok(
                json!({ "status": "COMPLETE", "results": results, "startedAt": now, "completedAt": now }),
            )
        }
        Err(reply) => reply,
    }
}

/// `POST /crm/v4/associations/{from}/{to}/batch/associate/default`.
pub fn batch_associate_default(world: &mut World, from: Kind, to: Kind, body: &Value) -> Reply {
    let inputs: Vec<Value> = body
        .get("inputs")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if inputs.len() > crate::batch::MAX_INPUTS {
        return reply::validation(&format!(
            "Too many inputs: {}. A batch request may have at most 100 inputs.",
            inputs.len()
        ));
    }
    let mut results = Vec::new();
    let mut errors = Vec::new();
    let text = |v: Option<&Value>| {
        v.map(|v| {
            v.as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| v.to_string())
        })
        .unwrap_or_default()
    };
    for input in &inputs {
        let (a, b) = (
            text(input.pointer("/from/id")),
            text(input.pointer("/to/id")),
        );
        match associate(world, from, &a, to, &b) {
            Ok(mut links) => results.append(&mut links),
            Err(failure) => errors.push(crate::reply::standard_error(
                &failure,
                json!({ "fromId": [a], "toId": [b] }),
            )),
        }
    }
    let now = iso_now();
    let mut out =
        json!({ "status": "COMPLETE", "results": results, "startedAt": now, "completedAt": now });
    if errors.is_empty() {
        return Reply::ok(out);
    }
    out["numErrors"] = json!(errors.len());
    out["errors"] = Value::Array(errors);
    Reply::json(207, out)
}

/// `GET /crm/v4/objects/{t}/{id}/associations/{toT}`.
pub fn read_associations(world: &World, from: Kind, id: &str, to: Kind) -> Reply {
    let Some(a) = id
        .parse::<u64>()
        .ok()
        .filter(|n| world.store.get(from, *n).is_some())
    else {
        return reply::not_found(id);
    };
    let mut results = Vec::new();
    for (f, fid, t, tid, _) in &world.store.associations {
        let other = if (*f, *fid, *t) == (from, a, to) {
            Some(*tid)
        } else if (*t, *tid, *f) == (from, a, to) {
            Some(*fid)
        } else {
            None
        };
        if let Some(other) = other {
            results.push(json!({ "toObjectId": other, "associationTypes": [
                { "category": "HUBSPOT_DEFINED", "typeId": default_type(from, to), "label": null }
            ] }));
        }
    }
    Reply::ok(json!({ "results": results }))
}
