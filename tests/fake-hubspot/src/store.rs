//! The records the fake keeps, their property definitions, and property validation.

use crate::reply::PropertyError;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

/// contacts, companies or deals (object type ids 0-1, 0-2, 0-3 are accepted too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Contacts,
    Companies,
    Deals,
}

impl Kind {
    pub fn parse(name: &str) -> Option<Kind> {
        match name {
            "contacts" | "contact" | "0-1" => Some(Kind::Contacts),
            "companies" | "company" | "0-2" => Some(Kind::Companies),
            "deals" | "deal" | "0-3" => Some(Kind::Deals),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Contacts => "contacts",
            Kind::Companies => "companies",
            Kind::Deals => "deals",
        }
    }

    pub fn upper(self) -> &'static str {
        match self {
            Kind::Contacts => "CONTACT",
            Kind::Companies => "COMPANY",
            Kind::Deals => "DEAL",
        }
    }

    /// Properties returned when none are asked for.
    pub fn defaults(self) -> &'static [&'static str] {
        match self {
            Kind::Contacts => &[
                "firstname",
                "lastname",
                "email",
                "hs_object_id",
                "createdate",
                "lastmodifieddate",
            ],
            Kind::Companies => &[
                "name",
                "domain",
                "hs_object_id",
                "createdate",
                "hs_lastmodifieddate",
            ],
            Kind::Deals => &[
                "dealname",
                "amount",
                "closedate",
                "pipeline",
                "dealstage",
                "hs_object_id",
                "createdate",
                "hs_lastmodifieddate",
            ],
        }
    }

    fn modified_property(self) -> &'static str {
        match self {
            Kind::Contacts => "lastmodifieddate",
            _ => "hs_lastmodifieddate",
        }
    }
}

/// A property definition.
#[derive(Debug, Clone)]
pub struct PropertyDef {
    pub name: String,
    pub label: String,
    pub kind: &'static str,
    pub field_type: &'static str,
    pub options: Vec<String>,
    pub unique: bool,
    pub read_only: bool,
}

impl PropertyDef {
    pub fn to_json(&self, kind: Kind) -> Value {
        json!({
            "name": self.name, "label": self.label, "type": self.kind, "fieldType": self.field_type,
            "groupName": format!("{}information", &kind.upper().to_lowercase()), "description": "",
            "options": self.options.iter().enumerate().map(|(i, o)| json!({
                "label": o, "value": o, "hidden": false, "displayOrder": i,
            })).collect::<Vec<_>>(),
            "calculated": false, "externalOptions": false, "hasUniqueValue": self.unique,
            "hidden": false, "formField": !self.read_only,
            "modificationMetadata": { "archivable": true, "readOnlyDefinition": true, "readOnlyValue": self.read_only },
        })
    }
}

fn prop(name: &str, kind: &'static str, field_type: &'static str) -> PropertyDef {
    PropertyDef {
        name: name.into(),
        label: name.into(),
        kind,
        field_type,
        options: Vec::new(),
        unique: false,
        read_only: false,
    }
}

fn schema(kind: Kind) -> Vec<PropertyDef> {
    let text = |n: &str| prop(n, "string", "text");
    let number = |n: &str| prop(n, "number", "number");
    let date = |n: &str| PropertyDef {
        read_only: true,
        ..prop(n, "datetime", "date")
    };
    let select = |n: &str, options: &[&str]| PropertyDef {
        options: options.iter().map(|o| (*o).to_owned()).collect(),
        ..prop(n, "enumeration", "select")
    };
    let mut props = vec![
        PropertyDef {
            read_only: true,
            unique: true,
            ..number("hs_object_id")
        },
        date("createdate"),
        date(kind.modified_property()),
        number("hubspot_owner_id"),
    ];
    match kind {
        Kind::Contacts => props.extend([
            PropertyDef {
                unique: true,
                ..text("email")
            },
            text("firstname"),
            text("lastname"),
            text("phone"),
            text("company"),
            text("city"),
            text("website"),
            text("jobtitle"),
            select(
                "lifecyclestage",
                &[
                    "subscriber",
                    "lead",
                    "marketingqualifiedlead",
                    "salesqualifiedlead",
                    "opportunity",
                    "customer",
                    "evangelist",
                    "other",
                ],
            ),
        ]),
        Kind::Companies => props.extend([
            text("name"),
            text("domain"),
            text("industry"),
            text("city"),
            number("numberofemployees"),
        ]),
        Kind::Deals => props.extend([
            text("dealname"),
            number("amount"),
            prop("closedate", "datetime", "date"),
            text("pipeline"),
            select(
                "dealstage",
                &[
                    "appointmentscheduled",
                    "qualifiedtobuy",
                    "presentationscheduled",
                    "decisionmakerboughtin",
                    "contractsent",
                    "closedwon",
                    "closedlost",
                ],
            ),
        ]),
    }
    props
}

/// One stored record.
#[derive(Debug, Clone)]
pub struct Record {
    pub id: u64,
    pub properties: BTreeMap<String, String>,
    pub created_at: String,
    pub updated_at: String,
    /// When search starts to see it.
    pub visible_at: Instant,
}

impl Record {
    /// The `SimplePublicObject` JSON with the asked properties (or the defaults).
    pub fn to_json(&self, kind: Kind, asked: &[String]) -> Value {
        let mut properties = Map::new();
        let names: Vec<&str> = if asked.is_empty() {
            kind.defaults().to_vec()
        } else {
            asked.iter().map(String::as_str).collect()
        };
        for name in names
            .iter()
            .chain(["hs_object_id", "createdate", kind.modified_property()].iter())
        {
            let value = self.properties.get(*name).map_or(Value::Null, |v| json!(v));
            properties.insert((*name).to_owned(), value);
        }
        json!({
            "id": self.id.to_string(), "properties": properties, "createdAt": self.created_at,
            "updatedAt": self.updated_at, "archived": false,
        })
    }
}

/// All records and definitions.
#[derive(Debug)]
pub struct Store {
    next_id: u64,
    pub records: HashMap<Kind, BTreeMap<u64, Record>>,
    pub schemas: HashMap<Kind, Vec<PropertyDef>>,
    /// (from kind, from id, to kind, to id, type id)
    pub associations: Vec<(Kind, u64, Kind, u64, u32)>,
}

impl Default for Store {
    fn default() -> Self {
        let kinds = [Kind::Contacts, Kind::Companies, Kind::Deals];
        Self {
            next_id: 1001,
            records: kinds.iter().map(|k| (*k, BTreeMap::new())).collect(),
            schemas: kinds.iter().map(|k| (*k, schema(*k))).collect(),
            associations: Vec::new(),
        }
    }
}

impl Store {
    pub fn schema(&self, kind: Kind) -> &[PropertyDef] {
        self.schemas.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Checks and converts written properties: every value becomes a string ("" clears).
    pub fn validate(
        &self,
        kind: Kind,
        props: &Map<String, Value>,
    ) -> Result<BTreeMap<String, String>, Vec<PropertyError>> {
        let mut out = BTreeMap::new();
        let mut errors = Vec::new();
        for (name, value) in props {
            let Some(def) = self.schema(kind).iter().find(|d| &d.name == name) else {
                errors.push(PropertyError {
                    name: name.clone(),
                    code: "PROPERTY_DOESNT_EXIST",
                    message: format!("Property \"{name}\" does not exist"),
                });
                continue;
            };
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                other => other.to_string(),
            };
            if !def.options.is_empty() && !text.is_empty() && !def.options.contains(&text) {
                errors.push(PropertyError {
                    name: name.clone(),
                    code: "INVALID_OPTION",
                    message: format!(
                        "{text} was not one of the allowed options: [{}]",
                        def.options.join(", ")
                    ),
                });
                continue;
            }
            out.insert(name.clone(), text);
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// The record whose `property` equals `value` (emails compared without case).
    pub fn find_by(&self, kind: Kind, property: &str, value: &str) -> Option<u64> {
        let records = self.records.get(&kind)?;
        if property == "hs_object_id" {
            return value.parse().ok().filter(|id| records.contains_key(id));
        }
        records
            .values()
            .find(|r| {
                r.properties.get(property).is_some_and(|v| {
                    if property == "email" {
                        v.eq_ignore_ascii_case(value)
                    } else {
                        v == value
                    }
                })
            })
            .map(|r| r.id)
    }

    /// Resolves an id as `GET …/{id}?idProperty=` does.
    pub fn resolve(&self, kind: Kind, id: &str, id_property: Option<&str>) -> Option<u64> {
        match id_property {
            Some(property) => self.find_by(kind, property, id),
            None => id
                .parse()
                .ok()
                .filter(|n| self.records.get(&kind).is_some_and(|r| r.contains_key(n))),
        }
    }

    /// The id of another contact holding this email, if any.
    pub fn email_owner(
        &self,
        kind: Kind,
        props: &BTreeMap<String, String>,
        except: Option<u64>,
    ) -> Option<u64> {
        if kind != Kind::Contacts {
            return None;
        }
        let email = props.get("email").filter(|e| !e.is_empty())?;
        self.find_by(kind, "email", email)
            .filter(|id| Some(*id) != except)
    }

    pub fn create(
        &mut self,
        kind: Kind,
        mut props: BTreeMap<String, String>,
        delay: std::time::Duration,
    ) -> &Record {
        let id = self.next_id;
        self.next_id += 1;
        let now = iso_now();
        props.retain(|_, v| !v.is_empty());
        props.insert("hs_object_id".into(), id.to_string());
        props.insert("createdate".into(), now.clone());
        props.insert(kind.modified_property().into(), now.clone());
        let record = Record {
            id,
            properties: props,
            created_at: now.clone(),
            updated_at: now,
            visible_at: Instant::now() + delay,
        };
        let records = self.records.entry(kind).or_default();
        records.insert(id, record);
        &records[&id]
    }

    pub fn update(
        &mut self,
        kind: Kind,
        id: u64,
        props: BTreeMap<String, String>,
    ) -> Option<&Record> {
        let record = self.records.get_mut(&kind)?.get_mut(&id)?;
        for (name, value) in props {
            if value.is_empty() {
                record.properties.remove(&name);
            } else {
                record.properties.insert(name, value);
            }
        }
        let now = iso_now();
        record
            .properties
            .insert(kind.modified_property().into(), now.clone());
        record.updated_at = now;
        Some(record)
    }

    pub fn archive(&mut self, kind: Kind, id: u64) -> bool {
        self.associations
            .retain(|a| !((a.0 == kind && a.1 == id) || (a.2 == kind && a.3 == id)));
        self.records
            .get_mut(&kind)
            .is_some_and(|r| r.remove(&id).is_some())
    }

    pub fn get(&self, kind: Kind, id: u64) -> Option<&Record> {
        self.records.get(&kind)?.get(&id)
    }
}

/// Now as HubSpot writes times: `2019-10-30T03:30:17.883Z`.
pub fn iso_now() -> String {
    let now = time::OffsetDateTime::now_utc();
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    now.format(&format).unwrap_or_default()
}
