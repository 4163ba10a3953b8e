//! The workflow templates shipped in `assets/templates/`, built into the binary so the app
//! shows them wherever it is installed. A test checks this list against the folder.

use crate::api::TemplateEntry;
use switchyard_model::read_document;

/// `(file name, text)` of every shipped template.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "lead-routing.flow.json",
        include_str!("../../../assets/templates/lead-routing.flow.json"),
    ),
    (
        "contact-cleanup.flow.json",
        include_str!("../../../assets/templates/contact-cleanup.flow.json"),
    ),
    (
        "order-digest.flow.json",
        include_str!("../../../assets/templates/order-digest.flow.json"),
    ),
    (
        "welcome-email.flow.json",
        include_str!("../../../assets/templates/welcome-email.flow.json"),
    ),
];

/// The templates that read as documents (all of them; a test makes sure).
pub fn entries() -> Vec<TemplateEntry> {
    SHIPPED
        .iter()
        .filter_map(|(file, text)| {
            read_document(text).0.map(|document| TemplateEntry {
                file: (*file).to_owned(),
                document,
            })
        })
        .collect()
}
