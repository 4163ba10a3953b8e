//! The operations of `hubspot.crm`: each item's params are evaluated, then one request (one
//! item) or batch requests (several items) go out; in a dry run, writes are only shown.

use crate::hubspot_crm::CrmDoc;
use crate::hubspot_filters::FilterError;
use crate::hubspot_shared::node_error;
use serde_json::{Map, Value, json};
use switchyard_connectors::hubspot::{
    AssociationTarget, Call, HubSpotClient, IdInput, PlannedCall, Record, RecordInput, SearchQuery,
    requests,
};
use switchyard_engine::{ErrorKind, NodeContext, NodeError};

type Slot = Option<Result<Value, NodeError>>;

/// Emits the results in input order and reports the failures.
fn finish(ctx: &mut NodeContext<'_>, slots: Vec<Slot>) {
    for (index, slot) in slots.into_iter().enumerate() {
        match slot {
            Some(Ok(item)) => ctx.emit(0, item),
            Some(Err(error)) => ctx.fail_item(index, error),
            None => {}
        }
    }
}

fn id_of(doc: &CrmDoc, ctx: &NodeContext<'_>, index: usize) -> Result<String, NodeError> {
    let Some(template) = &doc.id else {
        return Err(NodeError::config("this operation needs \"id\""));
    };
    let scope = ctx.scope(index);
    let id = template
        .evaluate_text(&scope)
        .map_err(|e| ctx.expression_error(format!("param \"id\": {e}")))?;
    let id = id.trim();
    if id.is_empty() {
        return Err(NodeError::new(
            ErrorKind::Validation,
            "\"id\" is empty for this item",
        ));
    }
    Ok(id.to_owned())
}

fn properties_of(
    doc: &CrmDoc,
    ctx: &NodeContext<'_>,
    index: usize,
) -> Result<Map<String, Value>, NodeError> {
    let scope = ctx.scope(index);
    let mut out = Map::new();
    for (name, template) in &doc.properties {
        let resolved = template
            .resolve(&scope)
            .map_err(|e| ctx.expression_error(format!("property \"{name}\": {e}")))?;
        // An expression that gives `undefined` leaves the property out.
        if let Some(value) = resolved.as_value() {
            out.insert(name.clone(), value.clone());
        }
    }
    Ok(out)
}

fn associations_of(
    doc: &CrmDoc,
    ctx: &NodeContext<'_>,
    index: usize,
) -> Result<Vec<AssociationTarget>, NodeError> {
    let scope = ctx.scope(index);
    doc.associations
        .iter()
        .map(|a| {
            let id =
                a.id.evaluate_text(&scope)
                    .map_err(|e| ctx.expression_error(format!("association id: {e}")))?;
            Ok(AssociationTarget {
                object: a.object.object_type(),
                id: id.trim().to_owned(),
            })
        })
        .collect()
}

/// Evaluates `prepare` for every item: the items that could be prepared (with their input
/// index), and the slots with the failures already in place.
fn prepare<T>(
    ctx: &NodeContext<'_>,
    mut prepare: impl FnMut(usize) -> Result<T, NodeError>,
) -> (Vec<usize>, Vec<T>, Vec<Slot>) {
    let count = ctx.input().len();
    let mut slots: Vec<Slot> = (0..count).map(|_| None).collect();
    let (mut indices, mut values) = (Vec::new(), Vec::new());
    for (index, slot) in slots.iter_mut().enumerate() {
        match prepare(index) {
            Ok(value) => {
                indices.push(index);
                values.push(value);
            }
            Err(error) => *slot = Some(Err(error)),
        }
    }
    (indices, values, slots)
}

/// A dry run: each item shows the request it would have gone out in.
fn show(client: &HubSpotClient, planned: Vec<PlannedCall>, indices: &[usize], slots: &mut [Slot]) {
    for plan in planned {
        let shown = json!({ "dry_run": true, "request": client.preview(&plan.call).masked() });
        for position in plan.items {
            if let Some(&index) = indices.get(position) {
                slots[index] = Some(Ok(shown.clone()));
            }
        }
    }
}

fn single(call: Call) -> Vec<PlannedCall> {
    vec![PlannedCall {
        call,
        items: vec![0],
    }]
}

fn place(
    results: Vec<Result<Record, switchyard_connectors::hubspot::HubSpotError>>,
    indices: &[usize],
    slots: &mut [Slot],
) {
    for (position, result) in results.into_iter().enumerate() {
        if let Some(&index) = indices.get(position) {
            slots[index] = Some(result.map(|r| r.to_item()).map_err(node_error));
        }
    }
}

fn batched(ctx: &NodeContext<'_>) -> bool {
    ctx.input().len() > 1
}

pub async fn create(doc: &CrmDoc, client: &HubSpotClient, ctx: &mut NodeContext<'_>) {
    let object = doc.object.object_type();
    let (indices, inputs, mut slots) = prepare(ctx, |i| {
        Ok(RecordInput {
            properties: properties_of(doc, ctx, i)?,
            associations: associations_of(doc, ctx, i)?,
        })
    });
    let batch = batched(ctx);
    if ctx.is_dry_run() {
        let planned = match (batch, inputs.first()) {
            (false, Some(input)) => single(requests::create(object, input)),
            _ => requests::batch_create(object, &inputs),
        };
        show(client, planned, &indices, &mut slots);
    } else if batch {
        place(
            client.batch_create(object, &inputs).await,
            &indices,
            &mut slots,
        );
    } else if let Some(input) = inputs.first() {
        place(
            vec![client.create(object, input).await],
            &indices,
            &mut slots,
        );
    }
    finish(ctx, slots);
}

pub async fn get(doc: &CrmDoc, client: &HubSpotClient, ctx: &mut NodeContext<'_>) {
    let object = doc.object.object_type();
    let id_property = doc.id_property.as_deref();
    let (indices, ids, mut slots) = prepare(ctx, |i| id_of(doc, ctx, i));
    // Reads happen in dry runs too.
    if batched(ctx) {
        let results = client
            .batch_read(object, &ids, id_property, &doc.return_properties)
            .await;
        place(results, &indices, &mut slots);
    } else if let Some(id) = ids.first() {
        let result = client
            .get(object, id, id_property, &doc.return_properties)
            .await;
        place(vec![result], &indices, &mut slots);
    }
    finish(ctx, slots);
}

fn id_inputs(doc: &CrmDoc, ctx: &NodeContext<'_>) -> (Vec<usize>, Vec<IdInput>, Vec<Slot>) {
    prepare(ctx, |i| {
        Ok(IdInput {
            id: id_of(doc, ctx, i)?,
            properties: properties_of(doc, ctx, i)?,
        })
    })
}

pub async fn update(doc: &CrmDoc, client: &HubSpotClient, ctx: &mut NodeContext<'_>) {
    let object = doc.object.object_type();
    let id_property = doc.id_property.as_deref();
    let (indices, inputs, mut slots) = id_inputs(doc, ctx);
    let batch = batched(ctx);
    if ctx.is_dry_run() {
        let planned = match (batch, inputs.first()) {
            (false, Some(input)) => single(requests::update(object, input, id_property)),
            _ => requests::batch_update(object, &inputs, id_property),
        };
        show(client, planned, &indices, &mut slots);
    } else if batch {
        place(
            client.batch_update(object, &inputs, id_property).await,
            &indices,
            &mut slots,
        );
    } else if let Some(input) = inputs.first() {
        place(
            vec![client.update(object, input, id_property).await],
            &indices,
            &mut slots,
        );
    }
    finish(ctx, slots);
}

pub async fn upsert(doc: &CrmDoc, client: &HubSpotClient, ctx: &mut NodeContext<'_>) {
    let object = doc.object.object_type();
    let id_property = doc.id_property.as_deref().unwrap_or("email");
    let (indices, inputs, mut slots) = id_inputs(doc, ctx);
    if ctx.is_dry_run() {
        show(
            client,
            requests::batch_upsert(object, &inputs, id_property),
            &indices,
            &mut slots,
        );
    } else {
        place(
            client.upsert(object, &inputs, id_property).await,
            &indices,
            &mut slots,
        );
    }
    finish(ctx, slots);
}

pub async fn delete(doc: &CrmDoc, client: &HubSpotClient, ctx: &mut NodeContext<'_>) {
    let object = doc.object.object_type();
    let (indices, ids, mut slots) = prepare(ctx, |i| id_of(doc, ctx, i));
    let batch = batched(ctx);
    if ctx.is_dry_run() {
        let planned = match (batch, ids.first()) {
            (false, Some(id)) => single(requests::delete(object, id)),
            _ => requests::batch_archive(object, &ids),
        };
        show(client, planned, &indices, &mut slots);
        finish(ctx, slots);
        return;
    }
    let results = if batch {
        client.batch_archive(object, &ids).await
    } else if let Some(id) = ids.first() {
        vec![client.delete(object, id).await]
    } else {
        Vec::new()
    };
    for (position, result) in results.into_iter().enumerate() {
        if let (Some(&index), Some(id)) = (indices.get(position), ids.get(position)) {
            slots[index] = Some(
                result
                    .map(|()| json!({ "id": id, "deleted": true }))
                    .map_err(node_error),
            );
        }
    }
    finish(ctx, slots);
}

/// One search per item; the records of all items, in input order.
pub async fn search(doc: &CrmDoc, client: &HubSpotClient, ctx: &mut NodeContext<'_>) {
    let object = doc.object.object_type();
    let limit = doc.limit.map_or(usize::MAX, |l| l as usize);
    let sorts: Vec<_> = doc.sorts.iter().map(|s| s.to_sort()).collect();
    for index in 0..ctx.input().len() {
        let groups = match &doc.filters {
            None => Ok(Vec::new()),
            Some(filters) => filters.evaluate(&ctx.scope(index)),
        };
        let filter_groups = match groups {
            Ok(groups) => groups,
            Err(FilterError::Expression(e)) => {
                let error = ctx.expression_error(format!("filters: {e}"));
                ctx.fail_item(index, error);
                continue;
            }
            Err(FilterError::Invalid(message)) => {
                ctx.fail_item(index, NodeError::new(ErrorKind::Validation, message));
                continue;
            }
        };
        let query = SearchQuery {
            filter_groups,
            sorts: sorts.clone(),
            properties: doc.return_properties.clone(),
            query: None,
        };
        match client.search(object, &query, limit).await {
            Ok(found) => ctx.emit_all(0, found.records.iter().map(Record::to_item)),
            Err(error) => ctx.fail_item(index, node_error(error)),
        }
    }
}
