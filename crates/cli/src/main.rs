//! `splitbrain`: run a scenario headlessly, check a trace, validate a scenario file, or compare systems.
//!
//! Exit codes: 0 all good; 1 the run broke an invariant or a narration checkpoint; 2 bad input.

mod args;
mod error;
mod report;
mod run;
mod stores;
mod vary;

use args::Command;
use std::process::ExitCode;

fn main() -> ExitCode {
    let command = match args::parse(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    let outcome = match command {
        Command::Help => {
            println!("{}", args::USAGE);
            Ok(true)
        }
        Command::Run(opts) => run::run_scenario(&opts),
        Command::Check { trace } => run::check_trace(&trace),
        Command::Validate { scenario } => run::validate(&scenario),
        Command::Compare { scenarios, csv } => run::compare(&scenarios, csv.as_deref()),
        Command::Vary(opts) => run::vary(&opts),
        Command::Protocols => {
            run::list_protocols();
            Ok(true)
        }
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
