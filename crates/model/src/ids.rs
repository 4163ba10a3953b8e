//! Workflow and node ids: `[a-z0-9][a-z0-9_-]*`.

/// Why an id is not acceptable, or `None` when it is.
pub fn id_problem(id: &str) -> Option<String> {
    let mut chars = id.chars();
    match chars.next() {
        None => return Some("the id is empty".into()),
        Some(c) if !(c.is_ascii_lowercase() || c.is_ascii_digit()) => {
            return Some(format!(
                "\"{id}\" is not a valid id: it must start with a lower-case letter or a digit"
            ));
        }
        _ => {}
    }
    if let Some(bad) =
        chars.find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-'))
    {
        return Some(format!(
            "\"{id}\" is not a valid id: '{bad}' is not allowed (use a-z, 0-9, '_' and '-')"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::id_problem;

    #[test]
    fn accepts_and_rejects() {
        assert!(id_problem("lead").is_none());
        assert!(id_problem("assign-small_2").is_none());
        assert!(id_problem("9lives").is_none());
        assert!(id_problem("").is_some());
        assert!(id_problem("-x").is_some());
        assert!(id_problem("Lead").is_some());
        assert!(id_problem("a b").unwrap().contains("' '"));
    }
}
