//! `flow.wait`: pauses the run for a time, or until a moment (per item; the node waits for the
//! latest), then passes its items on. `until` is an RFC 3339 time, or a local time of day in a
//! time zone: `{"at": "09:00", "timezone": "{{ $json.tz }}"}` waits for the next 09:00 there
//! (IANA names such as `Europe/Berlin`, or HubSpot's `europe_slash_berlin`; empty means UTC).

use async_trait::async_trait;
use chrono::{DateTime, LocalResult, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use std::time::Duration;
use switchyard_engine::{
    ErrorKind, Node, NodeContext, NodeError, NodeInfo, Template, Templated, Timestamp,
};
use switchyard_model::NodeGroup;

/// Where `until` points.
#[derive(Debug)]
pub enum Until {
    /// An RFC 3339 time (usually an expression).
    Instant(Template),
    /// The next time the clock shows `at` (`HH:MM` or `HH:MM:SS`) in `timezone`.
    Local { at: Template, timezone: Template },
}

/// The object form of `until`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct LocalDoc {
    /// A time of day, `HH:MM` or `HH:MM:SS` (may be an expression).
    at: Template,
    /// An IANA time zone name (may be an expression; empty or missing means UTC).
    #[serde(default)]
    timezone: Option<Template>,
}

impl<'de> Deserialize<'de> for Until {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = serde_json::Value::deserialize(deserializer)?;
        if !value.is_object() {
            return Template::compile(&value)
                .map(Until::Instant)
                .map_err(D::Error::custom);
        }
        let doc = LocalDoc::deserialize(value)
            .map_err(|e| D::Error::custom(format!("\"until\": {e}")))?;
        let timezone = doc
            .timezone
            .unwrap_or(Template::Const(serde_json::Value::Null));
        if let Some(at) = doc.at.as_const() {
            parse_time_of_day(&to_text(at)).map_err(D::Error::custom)?;
        }
        if let Some(tz) = timezone.as_const() {
            parse_zone(&to_text(tz)).map_err(D::Error::custom)?;
        }
        Ok(Until::Local {
            at: doc.at,
            timezone,
        })
    }
}

impl JsonSchema for Until {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Until".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let local = generator.subschema_for::<LocalDoc>();
        schemars::json_schema!({ "anyOf": [{ "type": "string" }, local] })
    }
}

fn to_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `HH:MM` or `HH:MM:SS`.
fn parse_time_of_day(text: &str) -> Result<NaiveTime, String> {
    let text = text.trim();
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .map_err(|_| format!("\"until.at\" is \"{text}\"; give a time of day such as \"09:00\""))
}

/// An IANA zone name; HubSpot's `america_slash_new_york` form is read too; empty is UTC.
fn parse_zone(text: &str) -> Result<Tz, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Tz::UTC);
    }
    if let Ok(tz) = text.parse::<Tz>() {
        return Ok(tz);
    }
    // `europe_slash_berlin` → `Europe/Berlin`, `america_slash_new_york` → `America/New_York`.
    let normalized = text
        .replace("_slash_", "/")
        .split('/')
        .map(|part| {
            part.split('_')
                .map(|word| {
                    let mut chars = word.chars();
                    chars.next().map_or_else(String::new, |first| {
                        first
                            .to_uppercase()
                            .chain(chars.flat_map(char::to_lowercase))
                            .collect()
                    })
                })
                .collect::<Vec<_>>()
                .join("_")
        })
        .collect::<Vec<_>>()
        .join("/");
    normalized
        .parse::<Tz>()
        .map_err(|_| format!("\"until.timezone\" is \"{text}\", which is not an IANA time zone such as \"Europe/Berlin\""))
}

/// The first moment after `now` when the clock in `zone` shows `at`. A time that a daylight
/// saving change skips is taken an hour later; one that happens twice is taken the first time.
pub fn next_local_time(now: DateTime<Utc>, at: NaiveTime, zone: Tz) -> DateTime<Utc> {
    let today = now.with_timezone(&zone).date_naive();
    let mut day = today;
    for _ in 0..3 {
        let local = day.and_time(at);
        let resolved = match zone.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t),
            LocalResult::None => zone
                .from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest(),
        };
        if let Some(t) = resolved.map(|t| t.with_timezone(&Utc)).filter(|t| *t > now) {
            return t;
        }
        day = day.succ_opt().unwrap_or(day);
    }
    now
}

/// The wait for `until` in its local form, for the item in `scope`.
fn local_wait(
    at: &Template,
    timezone: &Template,
    scope: &switchyard_engine::Scope<'_>,
) -> Result<Duration, NodeError> {
    let expr = |e: String| NodeError::new(ErrorKind::Expression, e);
    let at = parse_time_of_day(&to_text(&at.evaluate(scope).map_err(expr)?))
        .map_err(|e| NodeError::new(ErrorKind::Validation, e))?;
    let zone = parse_zone(&to_text(&timezone.evaluate(scope).map_err(expr)?))
        .map_err(|e| NodeError::new(ErrorKind::Validation, e))?;
    let now_ms = Timestamp::now().unix_millis();
    let now = DateTime::<Utc>::from_timestamp_millis(now_ms).unwrap_or_default();
    let target = next_local_time(now, at, zone);
    Ok(Duration::from_millis(
        (target.timestamp_millis() - now_ms).max(0) as u64,
    ))
}

pub struct Wait;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaitDoc {
    /// How long to wait, in milliseconds.
    #[serde(default)]
    pub ms: Option<Templated<u64>>,
    /// Wait until this RFC 3339 time (usually an expression), or until the next local time of
    /// day in a time zone: `{"at": "09:00", "timezone": "Europe/Berlin"}`.
    #[serde(default)]
    pub until: Option<Until>,
}

#[derive(Debug)]
pub struct WaitParams(WaitDoc);

impl<'de> Deserialize<'de> for WaitParams {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let doc = WaitDoc::deserialize(deserializer)?;
        if doc.ms.is_some() == doc.until.is_some() {
            return Err(serde::de::Error::custom(
                "give exactly one of \"ms\" or \"until\"",
            ));
        }
        Ok(WaitParams(doc))
    }
}

impl JsonSchema for WaitParams {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        WaitDoc::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        WaitDoc::json_schema(generator)
    }
}

#[async_trait]
impl Node for Wait {
    type Params = WaitParams;

    fn info(&self) -> NodeInfo {
        NodeInfo::simple(
            "flow.wait",
            "Wait",
            NodeGroup::Flow,
            "Pauses for a while, or until a time, then goes on.",
        )
    }

    async fn run(&self, params: &WaitParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        let input = ctx.input();
        let mut wait = Duration::ZERO;
        for index in 0..input.len().max(1) {
            let scope = ctx.scope(index);
            let this = if let Some(ms) = &params.0.ms {
                Duration::from_millis(ms.evaluate(&scope).map_err(|e| ctx.expression_error(e))?)
            } else if let Some(Until::Local { at, timezone }) = &params.0.until {
                local_wait(at, timezone, &scope)?
            } else if let Some(Until::Instant(until)) = &params.0.until {
                let text = until
                    .evaluate_text(&scope)
                    .map_err(|e| ctx.expression_error(e))?;
                let at = Timestamp::parse(&text).ok_or_else(|| {
                    NodeError::new(
                        ErrorKind::Expression,
                        format!("\"until\" gave \"{text}\", which is not an RFC 3339 time"),
                    )
                })?;
                let ms = at.unix_millis() - Timestamp::now().unix_millis();
                Duration::from_millis(ms.max(0) as u64)
            } else {
                Duration::ZERO
            };
            wait = wait.max(this);
        }
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = ctx.run.cancel.cancelled() => {
                return Err(NodeError::new(ErrorKind::Cancelled, "the run was cancelled while waiting"));
            }
        }
        ctx.emit_all(0, input.iter().cloned());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn next(now: &str, at: &str, zone: &str) -> String {
        let at = parse_time_of_day(at).unwrap();
        next_local_time(utc(now), at, parse_zone(zone).unwrap()).to_rfc3339()
    }

    #[test]
    fn next_nine_in_the_zone() {
        // 06:00 UTC is 07:00 in Berlin (winter): 09:00 Berlin is 08:00 UTC the same day.
        assert_eq!(
            next("2026-11-28T06:00:00Z", "09:00", "Europe/Berlin"),
            "2026-11-28T08:00:00+00:00"
        );
        // Already past 09:00 in Berlin: tomorrow.
        assert_eq!(
            next("2026-11-28T10:00:00Z", "09:00", "Europe/Berlin"),
            "2026-11-29T08:00:00+00:00"
        );
        // New York is UTC-5 in November; HubSpot's form of the name.
        assert_eq!(
            next("2026-11-28T10:00:00Z", "09:00", "america_slash_new_york"),
            "2026-11-28T14:00:00+00:00"
        );
        // Exactly now counts as past.
        assert_eq!(
            next("2026-11-28T09:00:00Z", "09:00", ""),
            "2026-11-29T09:00:00+00:00"
        );
        assert_eq!(
            next("2026-11-28T09:00:00Z", "09:00:30", "UTC"),
            "2026-11-28T09:00:30+00:00"
        );
    }

    #[test]
    fn daylight_saving_gaps_and_repeats() {
        // 2026-03-29 02:30 does not exist in Berlin: 03:30 CEST (01:30 UTC).
        assert_eq!(
            next("2026-03-29T00:00:00Z", "02:30", "Europe/Berlin"),
            "2026-03-29T01:30:00+00:00"
        );
        // 2026-10-25 02:30 happens twice in Berlin: the first (CEST, 00:30 UTC).
        assert_eq!(
            next("2026-10-24T23:00:00Z", "02:30", "Europe/Berlin"),
            "2026-10-25T00:30:00+00:00"
        );
    }

    #[test]
    fn params_are_checked_when_read() {
        let read = |v: serde_json::Value| serde_json::from_value::<WaitParams>(v);
        assert!(
            read(serde_json::json!({"until": {"at": "09:00", "timezone": "{{ $json.tz }}"}}))
                .is_ok()
        );
        assert!(read(serde_json::json!({"until": "{{ $json.at }}"})).is_ok());
        assert!(read(serde_json::json!({"until": {"at": "09:00"}})).is_ok());
        assert!(read(serde_json::json!({"ms": 5, "until": {"at": "09:00"}})).is_err());
        let bad =
            read(serde_json::json!({"until": {"at": "9 am", "timezone": "UTC"}})).unwrap_err();
        assert!(bad.to_string().contains("until.at"), "{bad}");
        let bad = read(serde_json::json!({"until": {"at": "09:00", "timezone": "Mars/Olympus"}}))
            .unwrap_err();
        assert!(bad.to_string().contains("until.timezone"), "{bad}");
        assert!(read(serde_json::json!({"until": {"at": "09:00", "zone": "UTC"}})).is_err());
    }
}
