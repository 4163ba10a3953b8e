//! Single-record operations: create, get, update, delete (archive).

use super::client::HubSpotClient;
use super::error::{ErrorKind, HubSpotError};
use super::requests;
use super::types::{IdInput, ObjectType, Record, RecordInput};
use crate::http::ResponseData;

fn record(response: &ResponseData) -> Result<Record, HubSpotError> {
    serde_json::from_value(response.body.clone()).map_err(|e| {
        HubSpotError::new(
            ErrorKind::Server,
            format!(
                "HubSpot answered {} with a body that is not a record: {e}",
                response.status
            ),
        )
    })
}

impl HubSpotClient {
    /// `POST /crm/v3/objects/{t}` (with default-type associations, if any).
    pub async fn create(
        &self,
        object: ObjectType,
        input: &RecordInput,
    ) -> Result<Record, HubSpotError> {
        record(&self.execute(&requests::create(object, input)).await?)
    }

    /// Reads one record by id, or by `id_property` (e.g. `email`).
    pub async fn get(
        &self,
        object: ObjectType,
        id: &str,
        id_property: Option<&str>,
        properties: &[String],
    ) -> Result<Record, HubSpotError> {
        record(
            &self
                .execute(&requests::get(object, id, id_property, properties))
                .await?,
        )
    }

    /// Updates one record by id, or by `id_property`. A `""` value clears a property.
    pub async fn update(
        &self,
        object: ObjectType,
        input: &IdInput,
        id_property: Option<&str>,
    ) -> Result<Record, HubSpotError> {
        record(
            &self
                .execute(&requests::update(object, input, id_property))
                .await?,
        )
    }

    /// Archives one record (HubSpot answers 204 whether or not it existed).
    pub async fn delete(&self, object: ObjectType, id: &str) -> Result<(), HubSpotError> {
        self.execute(&requests::delete(object, id))
            .await
            .map(|_| ())
    }
}
