//! Batch operations: the planned requests go out one after another, and each answer (200, 201
//! or a 207 with per-input errors) is mapped back to the inputs, so one bad record fails alone
//! and result *n* belongs to input *n*.

use super::client::HubSpotClient;
use super::error::{ErrorKind, HubSpotError};
use super::requests::{self, PlannedCall};
use super::types::{IdInput, ObjectType, Record, RecordInput, id_key};
use serde_json::Value;

/// How the records of an answer are matched to inputs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Matching<'a> {
    /// In order (batch create: HubSpot's results carry nothing else to match by).
    Position,
    /// By record id: `ids[i]` is input i's id.
    Id(&'a [String]),
    /// By a property's value (emails without case): `ids[i]` is input i's value.
    Property(&'a str, &'a [String]),
}

impl Matching<'_> {
    fn key_of_input(&self, position: usize) -> Option<String> {
        match self {
            Matching::Position => None,
            Matching::Id(ids) => ids.get(position).cloned(),
            Matching::Property(name, ids) => ids.get(position).map(|id| id_key(Some(name), id)),
        }
    }

    fn key_of_record(&self, record: &Record) -> Option<String> {
        match self {
            Matching::Position => None,
            Matching::Id(_) => Some(record.id.clone()),
            Matching::Property(name, _) => record.property(name).map(|v| id_key(Some(name), v)),
        }
    }
}

type Outcome<T> = Vec<Option<Result<T, HubSpotError>>>;

impl HubSpotClient {
    /// Creates records, up to 100 a request.
    pub async fn batch_create(
        &self,
        object: ObjectType,
        inputs: &[RecordInput],
    ) -> Vec<Result<Record, HubSpotError>> {
        let planned = requests::batch_create(object, inputs);
        self.run_planned(planned, inputs.len(), Matching::Position, false)
            .await
    }

    /// Reads records by id, or by `id_property` (e.g. `email`).
    pub async fn batch_read(
        &self,
        object: ObjectType,
        ids: &[String],
        id_property: Option<&str>,
        properties: &[String],
    ) -> Vec<Result<Record, HubSpotError>> {
        let properties = with_id_property(object, id_property, properties);
        let planned = requests::batch_read(object, ids, id_property, &properties);
        let matching = match id_property {
            Some(name) if name != "hs_object_id" => Matching::Property(name, ids),
            _ => Matching::Id(ids),
        };
        self.run_planned(planned, ids.len(), matching, true).await
    }

    /// Updates records named by id, or by `id_property`.
    pub async fn batch_update(
        &self,
        object: ObjectType,
        inputs: &[IdInput],
        id_property: Option<&str>,
    ) -> Vec<Result<Record, HubSpotError>> {
        let planned = requests::batch_update(object, inputs, id_property);
        let ids: Vec<String> = inputs.iter().map(|i| i.id.clone()).collect();
        let matching = match id_property {
            Some(name) if name != "hs_object_id" => Matching::Property(name, &ids),
            _ => Matching::Id(&ids),
        };
        self.run_planned(planned, inputs.len(), matching, false)
            .await
    }

    /// Creates or updates records by `id_property` (always `batch/upsert`).
    pub async fn upsert(
        &self,
        object: ObjectType,
        inputs: &[IdInput],
        id_property: &str,
    ) -> Vec<Result<Record, HubSpotError>> {
        let planned = requests::batch_upsert(object, inputs, id_property);
        let ids: Vec<String> = inputs.iter().map(|i| i.id.clone()).collect();
        let matching = if id_property == "hs_object_id" {
            Matching::Id(&ids)
        } else {
            Matching::Property(id_property, &ids)
        };
        self.run_planned(planned, inputs.len(), matching, false)
            .await
    }

    /// Archives records by id (`204`: all or none).
    pub async fn batch_archive(
        &self,
        object: ObjectType,
        ids: &[String],
    ) -> Vec<Result<(), HubSpotError>> {
        let mut out: Outcome<()> = vec![None; ids.len()];
        let mut stop: Option<HubSpotError> = None;
        for planned in requests::batch_archive(object, ids) {
            let result = match &stop {
                Some(error) => Err(error.clone()),
                None => self.execute(&planned.call).await.map(|_| ()),
            };
            if let Err(error) = &result
                && is_final(error)
            {
                stop = Some(error.clone());
            }
            for i in planned.items {
                out[i] = Some(result.clone());
            }
        }
        out.into_iter()
            .map(|r| r.unwrap_or_else(|| Err(missing(false))))
            .collect()
    }

    /// Sends planned batch requests in order and maps their answers back to `count` inputs.
    pub(crate) async fn run_planned(
        &self,
        planned: Vec<PlannedCall>,
        count: usize,
        matching: Matching<'_>,
        reading: bool,
    ) -> Vec<Result<Record, HubSpotError>> {
        let mut out: Outcome<Record> = vec![None; count];
        let mut stop: Option<HubSpotError> = None;
        for planned in planned {
            let answer = match &stop {
                Some(error) => Err(error.clone()),
                None => self.execute(&planned.call).await,
            };
            match answer {
                Ok(response) => {
                    distribute(&response.body, &planned.items, matching, reading, &mut out)
                }
                Err(error) => {
                    if is_final(&error) {
                        stop = Some(error.clone());
                    }
                    for &i in &planned.items {
                        out[i] = Some(Err(error.clone()));
                    }
                }
            }
        }
        out.into_iter()
            .map(|r| r.unwrap_or_else(|| Err(missing(reading))))
            .collect()
    }
}

/// Errors after which the remaining requests would fail the same way: they are not sent.
fn is_final(error: &HubSpotError) -> bool {
    matches!(
        error.kind,
        ErrorKind::Auth | ErrorKind::Forbidden | ErrorKind::Config | ErrorKind::RateLimited
    )
}

fn missing(reading: bool) -> HubSpotError {
    if reading {
        HubSpotError::new(
            ErrorKind::NotFound,
            "HubSpot returned no record for this id",
        )
        .with_status(404)
    } else {
        HubSpotError::new(
            ErrorKind::Server,
            "HubSpot's batch answer has no result for this record",
        )
    }
}

/// The properties to ask a batch read for, so that results can be matched by the id property.
fn with_id_property(
    object: ObjectType,
    id_property: Option<&str>,
    properties: &[String],
) -> Vec<String> {
    let Some(name) = id_property.filter(|n| *n != "hs_object_id") else {
        return properties.to_vec();
    };
    let mut out: Vec<String> = if properties.is_empty() {
        object
            .default_properties()
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    } else {
        properties.to_vec()
    };
    if !out.iter().any(|p| p == name) {
        out.push(name.to_owned());
    }
    out
}

fn distribute(
    body: &Value,
    items: &[usize],
    matching: Matching<'_>,
    reading: bool,
    out: &mut Outcome<Record>,
) {
    let records: Vec<Record> = body
        .get("results")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|r| serde_json::from_value(r.clone()).ok())
                .collect()
        })
        .unwrap_or_default();
    for error in body
        .get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let failure = HubSpotError::from_item(error);
        let traced: Vec<usize> = context_list(error, "objectWriteTraceId")
            .iter()
            .filter_map(|t| t.parse().ok())
            .filter(|i| items.contains(i))
            .collect();
        let named: Vec<String> = context_list(error, "ids")
            .into_iter()
            .chain(context_list(error, "id"))
            .collect();
        for &i in items {
            let by_id = matching
                .key_of_input(i)
                .is_some_and(|key| named.iter().any(|n| matching_key(matching, n) == key));
            if traced.contains(&i) || by_id {
                out[i] = Some(Err(failure.clone()));
            }
        }
    }
    let mut unused: Vec<Option<Record>> = records.into_iter().map(Some).collect();
    if !matches!(matching, Matching::Position) {
        for slot in unused.iter_mut() {
            let Some(record) = slot.as_ref() else {
                continue;
            };
            let Some(key) = matching.key_of_record(record) else {
                continue;
            };
            // A record with a key goes to the inputs with that key, and never by position.
            for &i in items {
                if out[i].is_none() && matching.key_of_input(i).as_deref() == Some(key.as_str()) {
                    out[i] = Some(Ok(record.clone()));
                }
            }
            *slot = None;
        }
    }
    let mut rest = unused.into_iter().flatten();
    for &i in items {
        if out[i].is_none() {
            if let Some(record) = rest.next() {
                out[i] = Some(Ok(record));
            } else {
                out[i] = Some(Err(missing(reading)));
            }
        }
    }
}

fn matching_key(matching: Matching<'_>, value: &str) -> String {
    match matching {
        Matching::Property(name, _) => id_key(Some(name), value),
        _ => value.to_owned(),
    }
}

fn context_list(error: &Value, key: &str) -> Vec<String> {
    error
        .get("context")
        .and_then(|c| c.get(key))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .or_else(|| v.as_u64().map(|n| n.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}
