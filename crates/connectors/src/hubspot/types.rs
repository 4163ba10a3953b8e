//! The data the client takes and gives: object types, records and write inputs.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// The CRM object types the client handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectType {
    Contacts,
    Companies,
    Deals,
}

impl ObjectType {
    /// The path segment (`contacts`, `companies`, `deals`).
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectType::Contacts => "contacts",
            ObjectType::Companies => "companies",
            ObjectType::Deals => "deals",
        }
    }

    /// Reads a name or an object type id (`0-1`, `0-2`, `0-3`).
    pub fn parse(name: &str) -> Option<ObjectType> {
        match name {
            "contacts" | "contact" | "0-1" => Some(ObjectType::Contacts),
            "companies" | "company" | "0-2" => Some(ObjectType::Companies),
            "deals" | "deal" | "0-3" => Some(ObjectType::Deals),
            _ => None,
        }
    }

    /// The properties HubSpot returns when none are asked for.
    pub fn default_properties(self) -> &'static [&'static str] {
        match self {
            ObjectType::Contacts => &["firstname", "lastname", "email"],
            ObjectType::Companies => &["name", "domain"],
            ObjectType::Deals => &["dealname", "amount", "closedate", "pipeline", "dealstage"],
        }
    }

    /// The scope that reading records of this type needs.
    pub fn read_scope(self) -> String {
        format!("crm.objects.{}.read", self.as_str())
    }

    /// The scope that writing records of this type needs.
    pub fn write_scope(self) -> String {
        format!("crm.objects.{}.write", self.as_str())
    }

    /// The scope that reading this type's property definitions needs.
    pub fn schema_scope(self) -> String {
        format!("crm.schemas.{}.read", self.as_str())
    }

    /// HubSpot's default (unlabeled, `HUBSPOT_DEFINED`) association type id from `self` to `to`.
    pub fn default_association_type(self, to: ObjectType) -> Option<u32> {
        use ObjectType::*;
        match (self, to) {
            (Contacts, Companies) => Some(279),
            (Companies, Contacts) => Some(280),
            (Deals, Contacts) => Some(3),
            (Contacts, Deals) => Some(4),
            (Deals, Companies) => Some(341),
            (Companies, Deals) => Some(342),
            _ => None,
        }
    }
}

impl std::fmt::Display for ObjectType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A CRM record (`SimplePublicObject`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub id: String,
    #[serde(default)]
    pub properties: Map<String, Value>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
    /// Batch upsert only: whether the record was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<bool>,
}

impl Record {
    /// `{id, properties, createdAt, updatedAt}` (plus `new` after an upsert): the item a node emits.
    pub fn to_item(&self) -> Value {
        let mut item = json!({
            "id": self.id, "properties": self.properties,
            "createdAt": self.created_at, "updatedAt": self.updated_at,
        });
        if let Some(new) = self.new {
            item["new"] = Value::Bool(new);
        }
        item
    }

    /// A property's value as text (`None` when absent or null).
    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties.get(name).and_then(Value::as_str)
    }
}

/// A record to associate a new record with, by HubSpot's default association type.
#[derive(Debug, Clone, PartialEq)]
pub struct AssociationTarget {
    pub object: ObjectType,
    pub id: String,
}

/// What a create writes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RecordInput {
    pub properties: Map<String, Value>,
    pub associations: Vec<AssociationTarget>,
}

impl RecordInput {
    pub fn new(properties: Map<String, Value>) -> Self {
        Self {
            properties,
            associations: Vec::new(),
        }
    }
}

/// What an update or upsert writes to the record named by `id` (a record id, or the value of
/// the call's id property such as an email).
#[derive(Debug, Clone, PartialEq)]
pub struct IdInput {
    pub id: String,
    pub properties: Map<String, Value>,
}

/// Property values as HubSpot expects them: strings (numbers and booleans as text, null as "",
/// which clears a value). Objects and arrays are sent as their JSON text.
pub fn property_values(properties: &Map<String, Value>) -> Map<String, Value> {
    properties
        .iter()
        .map(|(name, value)| {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                other => other.to_string(),
            };
            (name.clone(), Value::String(text))
        })
        .collect()
}

/// Compares ids as HubSpot does for an id property: emails without regard to case.
pub fn id_key(id_property: Option<&str>, id: &str) -> String {
    match id_property {
        Some("email") => id.to_lowercase(),
        _ => id.to_owned(),
    }
}
