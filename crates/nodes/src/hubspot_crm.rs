//! `hubspot.crm`: create, get, update, upsert, delete or search CRM records (contacts,
//! companies, deals). With more than one input item, writes and gets use HubSpot's batch
//! endpoints (≤ 100 records a request) and item *n* out belongs to item *n* in.

use crate::hubspot_crm_ops as ops;
use crate::hubspot_filters::{SearchFilters, SortParam, one_sort};
use crate::hubspot_shared::{CREDENTIAL_TYPES, client};
use async_trait::async_trait;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use switchyard_connectors::hubspot::ObjectType;
use switchyard_engine::{Node, NodeContext, NodeError, NodeInfo, Template};
use switchyard_model::NodeGroup;

pub struct HubSpotCrm;

/// The CRM object type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CrmObject {
    Contacts,
    Companies,
    Deals,
}

impl CrmObject {
    pub fn object_type(self) -> ObjectType {
        match self {
            CrmObject::Contacts => ObjectType::Contacts,
            CrmObject::Companies => ObjectType::Companies,
            CrmObject::Deals => ObjectType::Deals,
        }
    }
}

/// What to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CrmOperation {
    Create,
    Get,
    Update,
    Upsert,
    Delete,
    Search,
}

/// A record to associate each created record with (HubSpot's default association type).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssociationParam {
    pub object: CrmObject,
    /// The record's id (may be an expression).
    pub id: Template,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrmDoc {
    pub object: CrmObject,
    pub operation: CrmOperation,
    /// The record: its HubSpot id, or the value of `id_property` (e.g. an email). Get, update,
    /// upsert and delete.
    #[serde(default)]
    pub id: Option<Template>,
    /// A unique property that `id` is a value of (e.g. `email`). Upsert on contacts defaults to
    /// `email`; delete takes record ids only.
    #[serde(default)]
    pub id_property: Option<String>,
    /// Property → value or expression, for create, update and upsert.
    #[serde(default)]
    pub properties: IndexMap<String, Template>,
    /// Search: a condition group over properties (`left` is a property name); one `all` group,
    /// or an `any` of `all` groups (≤ 5 groups, ≤ 6 filters a group, ≤ 18 in all).
    #[serde(default)]
    pub filters: Option<SearchFilters>,
    /// Search: one sort rule, `"createdate"`, `"-createdate"` or `{property, direction}`.
    #[serde(default, deserialize_with = "one_sort")]
    pub sorts: Vec<SortParam>,
    /// Search: the most records to return per input item (default and cap: 10,000).
    #[serde(default)]
    #[schemars(range(min = 1, max = 10000))]
    pub limit: Option<u32>,
    /// Get and search: the properties to return (default: HubSpot's default properties).
    #[serde(default)]
    pub return_properties: Vec<String>,
    /// Create: records to associate each new record with.
    #[serde(default)]
    pub associations: Vec<AssociationParam>,
}

/// `hubspot.crm` params, checked as a whole when the workflow is read.
#[derive(Debug)]
pub struct CrmParams(pub CrmDoc);

fn check(doc: &CrmDoc) -> Result<(), String> {
    use CrmOperation::*;
    let op = doc.operation;
    let name = format!("{op:?}").to_lowercase();
    if matches!(op, Get | Update | Upsert | Delete) && doc.id.is_none() {
        return Err(format!(
            "{name} needs \"id\" (the record's id, or a value of \"id_property\")"
        ));
    }
    if matches!(op, Create | Update | Upsert) && doc.properties.is_empty() {
        return Err(format!("{name} needs \"properties\""));
    }
    if op == Upsert && doc.id_property.is_none() && doc.object != CrmObject::Contacts {
        return Err(
            "upsert needs \"id_property\" (a unique property such as a domain or a custom id)"
                .into(),
        );
    }
    if op == Delete && doc.id_property.is_some() {
        return Err("delete takes the record's HubSpot id; remove \"id_property\"".into());
    }
    if op != Search && (doc.filters.is_some() || !doc.sorts.is_empty() || doc.limit.is_some()) {
        return Err("\"filters\", \"sorts\" and \"limit\" apply to search only".into());
    }
    if op != Create && !doc.associations.is_empty() {
        return Err("\"associations\" apply to create only".into());
    }
    Ok(())
}

impl<'de> Deserialize<'de> for CrmParams {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let doc = CrmDoc::deserialize(deserializer)?;
        check(&doc).map_err(serde::de::Error::custom)?;
        Ok(CrmParams(doc))
    }
}

impl JsonSchema for CrmParams {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        CrmDoc::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        CrmDoc::json_schema(generator)
    }
}

#[async_trait]
impl Node for HubSpotCrm {
    type Params = CrmParams;

    fn info(&self) -> NodeInfo {
        NodeInfo {
            credential_types: CREDENTIAL_TYPES,
            credential_required: true,
            side_effects: true,
            ..NodeInfo::simple(
                "hubspot.crm",
                "HubSpot CRM",
                NodeGroup::App,
                "Creates, reads, updates, upserts, deletes or searches HubSpot contacts, companies and deals.",
            )
        }
    }

    async fn run(&self, params: &CrmParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        if ctx.input().is_empty() {
            return Ok(());
        }
        let doc = &params.0;
        let client = client(ctx)?;
        match doc.operation {
            CrmOperation::Create => ops::create(doc, &client, ctx).await,
            CrmOperation::Get => ops::get(doc, &client, ctx).await,
            CrmOperation::Update => ops::update(doc, &client, ctx).await,
            CrmOperation::Upsert => ops::upsert(doc, &client, ctx).await,
            CrmOperation::Delete => ops::delete(doc, &client, ctx).await,
            CrmOperation::Search => ops::search(doc, &client, ctx).await,
        }
        Ok(())
    }
}
