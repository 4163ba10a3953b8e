//! `switchyard credentials add|list|test|remove`: credentials whose secret lives in the OS
//! keychain (a separate one for test runs with `--env test`) and whose metadata (id, type,
//! label, environments, non-secret fields) lives in the history database. Secrets are read from
//! stdin or a no-echo prompt, never from arguments, and never printed.

use crate::credential_input::read_fields;
use crate::exit::Exit;
use crate::history::{self, Pruning};
use crate::secrets_backend;
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use switchyard_host::credentials::{self, CredentialError};
use switchyard_secrets::{BACKEND_ENV, Purpose, SecretError};
use switchyard_store::HistoryStore;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Store a credential: its secret fields come from stdin (JSON or KEY=VALUE lines) or
    /// prompts, never from arguments
    Add(AddArgs),
    /// List the credentials: ids, types, labels, environments, non-secret fields
    List(ListArgs),
    /// Check a credential: HubSpot ones against HubSpot (granted and missing scopes), others
    /// for their required fields
    Test(TestArgs),
    /// Remove a credential's secrets and metadata
    Remove(RemoveArgs),
}

/// Which secret: the one production runs use, or the one test runs prefer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Env {
    Production,
    Test,
}

impl Env {
    fn purpose(self) -> Purpose {
        match self {
            Env::Production => Purpose::Production,
            Env::Test => Purpose::Test,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Env::Production => "production",
            Env::Test => "test",
        }
    }
}

/// `--db`, shared by every credentials command.
#[derive(clap::Args)]
struct Db {
    /// The database holding credential metadata (default: `SWITCHYARD_DB`, else the per-user
    /// `switchyard/history.db`)
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
}

#[derive(clap::Args)]
struct AddArgs {
    /// The id workflows name the credential by
    id: String,
    /// hubspot.private_app, hubspot.oauth, smtp, http.bearer, hmac or google.service_account
    #[arg(long = "type", value_name = "TYPE")]
    kind: String,
    /// Whose secret this is: production runs', or test runs' (which fall back to production's)
    #[arg(long, value_enum, default_value = "production")]
    env: Env,
    /// A label to show in listings
    #[arg(long, value_name = "LABEL")]
    label: Option<String>,
    #[command(flatten)]
    db: Db,
    /// Anything else on the command line: refused (secrets never come from arguments).
    #[arg(hide = true, trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

#[derive(clap::Args)]
struct ListArgs {
    #[command(flatten)]
    db: Db,
    /// Print a JSON array `{id, type, label?, created_at, updated_at, envs, fields}`
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct TestArgs {
    /// The credential's id
    id: String,
    /// Which secret to check (a test run's falls back to production's)
    #[arg(long, value_enum, default_value = "production")]
    env: Env,
    /// Print `{id, env, type, ok, granted?, operations?, missing_fields?, error?}`
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct RemoveArgs {
    /// The credential's id
    id: String,
    #[command(flatten)]
    db: Db,
}

pub fn run(args: &Args) -> anyhow::Result<Exit> {
    match &args.command {
        Command::Add(args) => add(args),
        Command::List(args) => list(args),
        Command::Test(args) => test(args),
        Command::Remove(args) => remove(args),
    }
}

fn open(db: &Db) -> anyhow::Result<HistoryStore> {
    history::open(db.db.as_ref(), Pruning::Never)
}

/// A usage error: the message on stderr, exit 2.
fn usage(message: impl std::fmt::Display) -> anyhow::Result<Exit> {
    eprintln!("switchyard: {message}");
    Ok(Exit::Usage)
}

/// Ids are kept plain: they name keychain accounts and environment variables.
fn where_stored() -> &'static str {
    if std::env::var_os(BACKEND_ENV).is_some() {
        "the test secret file (insecure, tests only)"
    } else {
        "the OS keychain"
    }
}

fn add(args: &AddArgs) -> anyhow::Result<Exit> {
    if !args.rest.is_empty() {
        return usage(format!(
            "credentials add takes no secret values on the command line ({} extra argument(s) refused); pipe them on stdin as JSON or KEY=VALUE lines, or run it in a terminal to be prompted",
            args.rest.len()
        ));
    }
    if let Err(error) = credentials::check_id(&args.id) {
        return usage(error);
    }
    if credentials::types::fields_of(&args.kind).is_none() {
        return usage(credentials::types::unknown_type(&args.kind));
    }
    let vault = secrets_backend::vault()?;
    let store = open(&args.db)?;
    let fields = match read_fields(&args.kind) {
        Ok(fields) => fields,
        Err(error) => return usage(format!("{error:#}")),
    };
    let credential = match credentials::prepare(&store, &args.id, &args.kind, fields) {
        Ok(credential) => credential,
        Err(CredentialError::Invalid(message)) => return usage(message),
        Err(other) => return Err(other.into()),
    };
    let credential = crate::sign_in::complete(credential)?;
    credentials::save(
        &vault,
        &store,
        &args.id,
        args.label.as_deref(),
        args.env.purpose(),
        credential,
    )?;
    println!(
        "added credential \"{}\" ({}) for {} runs; the secret is in {}",
        args.id,
        args.kind,
        args.env.name(),
        where_stored()
    );
    Ok(Exit::Ok)
}

fn list(args: &ListArgs) -> anyhow::Result<Exit> {
    let store = open(&args.db)?;
    let credentials = store.list_credentials()?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&credentials)?)?;
        return Ok(Exit::Ok);
    }
    if credentials.is_empty() {
        writeln!(out, "no credentials in {}", store.path().display())?;
        return Ok(Exit::Ok);
    }
    for credential in &credentials {
        let label = credential
            .label
            .as_deref()
            .map(|l| format!("  \"{l}\""))
            .unwrap_or_default();
        writeln!(
            out,
            "{}  {}  [{}]{label}",
            credential.id,
            credential.kind,
            credential.envs.join(", ")
        )?;
        for (env, fields) in &credential.fields {
            let Some(fields) = fields.as_object().filter(|f| !f.is_empty()) else {
                continue;
            };
            let shown: Vec<String> = fields
                .iter()
                .map(|(name, value)| match value {
                    Value::String(s) => format!("{name}={s}"),
                    other => format!("{name}={other}"),
                })
                .collect();
            writeln!(out, "    {env}: {}", shown.join("  "))?;
        }
    }
    Ok(Exit::Ok)
}

fn test(args: &TestArgs) -> anyhow::Result<Exit> {
    let vault = secrets_backend::vault()?;
    let credential = match vault.resolve(&args.id, args.env.purpose()) {
        Ok(credential) => credential,
        Err(error @ (SecretError::Missing { .. } | SecretError::Malformed { .. })) => {
            eprintln!("switchyard: {error}");
            return Ok(Exit::Failed);
        }
        Err(error) => return Err(error.into()),
    };
    let checked = crate::session::runtime()?.block_on(credentials::check(&args.id, &credential));
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut report = checked.to_json();
        if let Value::Object(map) = &mut report {
            map.insert("env".into(), Value::from(args.env.name()));
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        for line in checked.lines(args.env.name()) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(if checked.ok() { Exit::Ok } else { Exit::Failed })
}

fn remove(args: &RemoveArgs) -> anyhow::Result<Exit> {
    let vault = secrets_backend::vault()?;
    let store = open(&args.db)?;
    if !credentials::remove(&vault, &store, &args.id)? {
        eprintln!(
            "switchyard: no credential \"{}\" (nothing in {} or in {})",
            args.id,
            where_stored(),
            store.path().display()
        );
        return Ok(Exit::Failed);
    }
    println!("removed credential \"{}\"", args.id);
    Ok(Exit::Ok)
}
