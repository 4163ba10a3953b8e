//! `trigger.schedule`: starts a run on a cron schedule in a named time zone. The scheduler
//! lives in the host; in a run this node emits `{scheduled_at, fired_at}`.

use async_trait::async_trait;
use chrono_tz::Tz;
use croner::Cron;
use croner::parser::CronParser;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use switchyard_engine::{Node, NodeContext, NodeError, NodeInfo};
use switchyard_model::NodeGroup;

pub struct ScheduleTrigger;

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleParams {
    /// 5 fields (`min hour dom mon dow`), or 6 with seconds first.
    pub cron: String,
    /// IANA time zone name, e.g. `Europe/Berlin`.
    #[serde(default = "utc")]
    pub timezone: String,
    /// Run once on start for a time missed while the host was down.
    #[serde(default)]
    pub catch_up: bool,
    /// An expression over the item `{scheduled_at, fired_at}`: a firing whose key was already
    /// seen within the host's dedupe window is recorded as skipped, not run.
    #[serde(default)]
    pub dedupe_key: Option<String>,
}

fn utc() -> String {
    "UTC".into()
}

/// The schedule's cron pattern and time zone, or why they are not valid.
pub fn parse_schedule(params: &ScheduleParams) -> Result<(Cron, Tz), String> {
    let fields = params.cron.split_whitespace().count();
    if !(5..=6).contains(&fields) {
        return Err(format!(
            "cron \"{}\" has {fields} fields; use 5 (min hour dom mon dow) or 6 (sec min hour dom mon dow)",
            params.cron
        ));
    }
    let cron = CronParser::new()
        .parse(&params.cron)
        .map_err(|e| format!("cron \"{}\" is not valid: {e}", params.cron))?;
    let tz: Tz = params.timezone.parse().map_err(|_| {
        format!(
            "\"{}\" is not a known time zone (use an IANA name such as Europe/Berlin)",
            params.timezone
        )
    })?;
    Ok((cron, tz))
}

#[derive(Debug, Clone)]
pub struct Schedule(pub ScheduleParams);

impl<'de> Deserialize<'de> for Schedule {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let params = ScheduleParams::deserialize(deserializer)?;
        parse_schedule(&params).map_err(serde::de::Error::custom)?;
        Ok(Schedule(params))
    }
}

impl JsonSchema for Schedule {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        ScheduleParams::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ScheduleParams::json_schema(generator)
    }
}

#[async_trait]
impl Node for ScheduleTrigger {
    type Params = Schedule;

    fn info(&self) -> NodeInfo {
        NodeInfo {
            inputs: &[],
            ..NodeInfo::simple(
                "trigger.schedule",
                "Schedule",
                NodeGroup::Trigger,
                "Starts the workflow on a cron schedule in a time zone.",
            )
        }
    }

    async fn run(&self, _: &Schedule, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        match ctx.trigger_items() {
            Some(items) => ctx.emit_all(0, items.iter().cloned()),
            None => {
                // A test run without sample data: behave as if the schedule fired now.
                let now = ctx.run.now_text().to_owned();
                ctx.emit(0, json!({ "scheduled_at": now, "fired_at": now }));
            }
        }
        Ok(())
    }
}
