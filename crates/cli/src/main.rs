//! `switchyard`: the headless face of the engine. This file parses the command line and hands
//! each command to its module; the commands decide their exit codes (see `exit.rs`).

mod cmd_nodes;
mod cmd_run;
mod cmd_validate;
mod document;
mod exit;
mod input;
mod print;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "switchyard",
    version,
    about = "Validate and run Switchyard workflows from the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a workflow document and list every problem in it
    Validate(cmd_validate::Args),
    /// Run a workflow once, in test mode
    Run(cmd_run::Args),
    /// List the node types the engine knows
    Nodes(cmd_nodes::Args),
}

fn main() -> ExitCode {
    // Usage errors make clap exit with 2, as the spec's exit codes want.
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Validate(args) => cmd_validate::run(args),
        Command::Run(args) => cmd_run::run(args),
        Command::Nodes(args) => cmd_nodes::run(args),
    };
    match outcome {
        Ok(exit) => exit.into(),
        Err(err) => {
            eprintln!("switchyard: {err:#}");
            exit::Exit::Usage.into()
        }
    }
}
