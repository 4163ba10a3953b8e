//! Owners, property definitions and v4 default associations.

use super::client::{Call, HubSpotClient, encode_segment};
use super::error::HubSpotError;
use super::requests::BATCH_LIMIT;
use super::types::ObjectType;
use serde_json::{Value, json};

/// Pages of owners read at most (100 owners a page): a bound on the paging loop.
const MAX_OWNER_PAGES: usize = 1_000;

fn results(body: &Value) -> Vec<Value> {
    body.get("results")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn next_after(body: &Value) -> Option<String> {
    body.pointer("/paging/next/after").and_then(|a| {
        a.as_str()
            .map(str::to_owned)
            .or_else(|| a.as_u64().map(|n| n.to_string()))
    })
}

impl HubSpotClient {
    /// Every owner (`GET /crm/v3/owners`, paged), or those with `email`.
    pub async fn owners(&self, email: Option<&str>) -> Result<Vec<Value>, HubSpotError> {
        let mut owners = Vec::new();
        let mut after: Option<String> = None;
        for _ in 0..MAX_OWNER_PAGES {
            let mut call = Call::new("GET", "/crm/v3/owners")
                .query("limit", "100")
                .scope("crm.objects.owners.read".into());
            if let Some(email) = email {
                call = call.query("email", email);
            }
            if let Some(after) = &after {
                call = call.query("after", after.clone());
            }
            let body = self.execute(&call).await?.body;
            owners.extend(results(&body));
            after = next_after(&body);
            if after.is_none() {
                break;
            }
        }
        Ok(owners)
    }

    /// The owner with this email, if any.
    pub async fn owner_by_email(&self, email: &str) -> Result<Option<Value>, HubSpotError> {
        let owners = self.owners(Some(email)).await?;
        Ok(owners.into_iter().find(|o| {
            o.get("email")
                .and_then(Value::as_str)
                .is_some_and(|e| e.eq_ignore_ascii_case(email))
        }))
    }

    /// The property definitions of an object type (`GET /crm/v3/properties/{t}`).
    pub async fn properties(&self, object: ObjectType) -> Result<Vec<Value>, HubSpotError> {
        let call = Call::new("GET", format!("/crm/v3/properties/{}", object.as_str()))
            .scope(object.schema_scope());
        Ok(results(&self.execute(&call).await?.body))
    }

    /// Associates two records with HubSpot's default type (v4 `PUT …/associations/default/…`).
    pub async fn associate_default(
        &self,
        from: ObjectType,
        from_id: &str,
        to: ObjectType,
        to_id: &str,
    ) -> Result<Value, HubSpotError> {
        let call = associate_call(from, from_id, to, to_id);
        Ok(self.execute(&call).await?.body)
    }

    /// Associates pairs `(from id, to id)` with the default type, 100 a request; one result per pair.
    pub async fn batch_associate_default(
        &self,
        from: ObjectType,
        to: ObjectType,
        pairs: &[(String, String)],
    ) -> Vec<Result<(), HubSpotError>> {
        let mut out = Vec::with_capacity(pairs.len());
        for chunk in pairs.chunks(BATCH_LIMIT) {
            let call = batch_associate_call(from, to, chunk);
            match self.execute(&call).await {
                Err(error) => out.extend(chunk.iter().map(|_| Err(error.clone()))),
                Ok(response) => {
                    let errors: Vec<Value> = response
                        .body
                        .get("errors")
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default();
                    for (a, b) in chunk {
                        let failed = errors.iter().find(|e| {
                            let from_ids = e.pointer("/context/fromId").and_then(Value::as_array);
                            let to_ids = e.pointer("/context/toId").and_then(Value::as_array);
                            from_ids.is_some_and(|ids| {
                                ids.iter().any(|i| i.as_str() == Some(a.as_str()))
                            }) && to_ids.is_none_or(|ids| {
                                ids.iter().any(|i| i.as_str() == Some(b.as_str()))
                            })
                        });
                        out.push(failed.map_or(Ok(()), |e| Err(HubSpotError::from_item(e))));
                    }
                }
            }
        }
        out
    }

    /// The ids of the `to` records associated with a record (v4, paged).
    pub async fn associated_ids(
        &self,
        from: ObjectType,
        id: &str,
        to: ObjectType,
    ) -> Result<Vec<String>, HubSpotError> {
        let mut ids = Vec::new();
        let mut after: Option<String> = None;
        for _ in 0..MAX_OWNER_PAGES {
            let mut call = Call::new(
                "GET",
                format!(
                    "/crm/v4/objects/{}/{}/associations/{}",
                    from.as_str(),
                    encode_segment(id),
                    to.as_str()
                ),
            )
            .query("limit", "500")
            .scope(from.read_scope());
            if let Some(after) = &after {
                call = call.query("after", after.clone());
            }
            let body = self.execute(&call).await?.body;
            ids.extend(results(&body).iter().filter_map(|r| {
                let id = r.get("toObjectId")?;
                id.as_str()
                    .map(str::to_owned)
                    .or_else(|| id.as_u64().map(|n| n.to_string()))
            }));
            after = next_after(&body);
            if after.is_none() {
                break;
            }
        }
        Ok(ids)
    }
}

/// `PUT /crm/v4/objects/{from}/{fromId}/associations/default/{to}/{toId}`.
pub fn associate_call(from: ObjectType, from_id: &str, to: ObjectType, to_id: &str) -> Call {
    Call::new(
        "PUT",
        format!(
            "/crm/v4/objects/{}/{}/associations/default/{}/{}",
            from.as_str(),
            encode_segment(from_id),
            to.as_str(),
            encode_segment(to_id)
        ),
    )
    .scope(from.write_scope())
}

/// `POST /crm/v4/associations/{from}/{to}/batch/associate/default`.
pub fn batch_associate_call(from: ObjectType, to: ObjectType, pairs: &[(String, String)]) -> Call {
    let inputs: Vec<Value> = pairs
        .iter()
        .map(|(a, b)| json!({ "from": { "id": a }, "to": { "id": b } }))
        .collect();
    Call::new(
        "POST",
        format!(
            "/crm/v4/associations/{}/{}/batch/associate/default",
            from.as_str(),
            to.as_str()
        ),
    )
    .body(json!({ "inputs": inputs }))
    .scope(from.write_scope())
}
