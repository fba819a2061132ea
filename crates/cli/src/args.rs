//! Command-line parsing. Three subcommands and a handful of flags: plain code reads better than a framework.

use crate::error::CliError;

pub const USAGE: &str = "\
usage:
  splitbrain run SCENARIO.json [--seed N] [--until-ms T] [--trace OUT.json]
      Run a scenario headlessly (to its duration_us, or T ms) and print a summary: events, messages,
      protocol notes, client operations, checkpoints, invariant violations, linearizability.
  splitbrain check TRACE.json
      Import an exported trace, re-simulate its scenario and confirm it reproduces byte for byte.
  splitbrain validate SCENARIO.json
      Check a scenario file and report the first problem with its field path.
  splitbrain compare A.json [B.json …] [--csv OUT.csv]
      Run each scenario (or each system of a scenario's `compare` section, up to 4 in all) to its end and
      print one summary row per system: availability, p50 / p99 latency, throughput, stale reads, lost
      writes and the linearizability verdict (the Compare view's numbers). --csv writes the metrics.
  splitbrain vary SCENARIO.json --option NAME=V1,V2,… --loss P1,P2,… [--seeds N] [--svg OUT.svg] [--csv OUT.csv]
      Run the scenario for every value of one protocol option (set in cluster.options) × every network
      loss rate × seeds 1..=N (default 100; at most 100 000 runs in all), and print the % of runs with at
      least one invariant violation, per checker. --svg draws it (one line per loss rate), --csv writes it.
      Violations are what it measures: it exits 0 unless the input is bad.
  splitbrain protocols
      List the protocols this build knows, with their lecture scenarios.
exit codes: 0 ok, 1 an invariant or checkpoint failed, 2 bad input";

#[derive(Debug, PartialEq)]
pub struct RunOptions {
    pub scenario: String,
    pub seed: Option<u64>,
    pub until_ms: Option<u64>,
    pub trace: Option<String>,
}

#[derive(Debug, PartialEq)]
pub enum Command {
    Help,
    Run(RunOptions),
    Check {
        trace: String,
    },
    Validate {
        scenario: String,
    },
    Protocols,
    Compare {
        scenarios: Vec<String>,
        csv: Option<String>,
    },
    Vary(crate::vary::VaryOptions),
}

pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, CliError> {
    let mut args = args.into_iter();
    let usage = |m: &str| CliError::Usage(m.to_string());
    let sub = args.next().ok_or_else(|| usage("missing command"))?;
    let mut positional = Vec::new();
    let mut seed = None;
    let mut until_ms = None;
    let mut trace = None;
    let mut csv = None;
    let (mut option, mut loss, mut seeds, mut svg) = (None, None, None, None);
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .ok_or_else(|| usage(&format!("{flag} needs a value")))
        };
        match arg.as_str() {
            "--seed" => seed = Some(number(&value("--seed")?, "--seed")?),
            "--until-ms" => until_ms = Some(number(&value("--until-ms")?, "--until-ms")?),
            "--trace" => trace = Some(value("--trace")?),
            "--csv" if sub == "compare" || sub == "vary" => csv = Some(value("--csv")?),
            "--option" if sub == "vary" => option = Some(value("--option")?),
            "--loss" if sub == "vary" => loss = Some(value("--loss")?),
            "--seeds" if sub == "vary" => seeds = Some(number(&value("--seeds")?, "--seeds")?),
            "--svg" if sub == "vary" => svg = Some(value("--svg")?),
            "-h" | "--help" => return Ok(Command::Help),
            flag if flag.starts_with("--") => return Err(usage(&format!("unknown option {flag}"))),
            _ => positional.push(arg),
        }
    }
    let one_file = |positional: Vec<String>, what: &str| match positional.as_slice() {
        [file] => Ok(file.clone()),
        [] => Err(usage(&format!("missing {what} file"))),
        _ => Err(usage(&format!(
            "expected one {what} file, got {}",
            positional.len()
        ))),
    };
    match sub.as_str() {
        "run" => Ok(Command::Run(RunOptions {
            scenario: one_file(positional, "scenario")?,
            seed,
            until_ms,
            trace,
        })),
        "check" => Ok(Command::Check {
            trace: one_file(positional, "trace")?,
        }),
        "validate" => Ok(Command::Validate {
            scenario: one_file(positional, "scenario")?,
        }),
        "compare" if positional.is_empty() => Err(usage("missing scenario file")),
        "compare" => Ok(Command::Compare {
            scenarios: positional,
            csv,
        }),
        "vary" => Ok(Command::Vary(crate::vary::VaryOptions {
            scenario: one_file(positional, "scenario")?,
            option: option.ok_or_else(|| usage("vary needs --option NAME=V1,V2,…"))?,
            loss: loss.unwrap_or_else(|| "0".into()),
            seeds: seeds.unwrap_or(100),
            svg,
            csv,
        })),
        "protocols" if positional.is_empty() => Ok(Command::Protocols),
        "protocols" => Err(usage("`protocols` takes no file")),
        "help" | "-h" | "--help" => Ok(Command::Help),
        other => Err(usage(&format!("unknown command `{other}`"))),
    }
}

fn number(text: &str, flag: &str) -> Result<u64, CliError> {
    text.parse().map_err(|_| {
        CliError::Usage(format!(
            "{flag} expects a non-negative integer, got `{text}`"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Command, CliError> {
        parse(s.split_whitespace().map(String::from))
    }

    #[test]
    fn parses_run_with_flags() {
        assert_eq!(
            p("run a.json --seed 7 --until-ms 500 --trace t.json").unwrap(),
            Command::Run(RunOptions {
                scenario: "a.json".into(),
                seed: Some(7),
                until_ms: Some(500),
                trace: Some("t.json".into()),
            })
        );
    }

    #[test]
    fn parses_compare_with_several_files() {
        assert_eq!(
            p("compare a.json b.json --csv m.csv").unwrap(),
            Command::Compare {
                scenarios: vec!["a.json".into(), "b.json".into()],
                csv: Some("m.csv".into()),
            }
        );
        assert!(p("compare")
            .unwrap_err()
            .to_string()
            .contains("missing scenario"));
        assert!(p("run a.json --csv m.csv").is_err(), "--csv is compare's");
    }

    #[test]
    fn parses_vary_with_its_grid() {
        assert_eq!(
            p("vary a.json --option rounds=1,2 --loss 0,0.5 --seeds 40 --svg o.svg --csv o.csv")
                .unwrap(),
            Command::Vary(crate::vary::VaryOptions {
                scenario: "a.json".into(),
                option: "rounds=1,2".into(),
                loss: "0,0.5".into(),
                seeds: 40,
                svg: Some("o.svg".into()),
                csv: Some("o.csv".into()),
            })
        );
        assert!(p("vary a.json")
            .unwrap_err()
            .to_string()
            .contains("--option"));
        assert!(p("run a.json --svg o.svg").is_err(), "--svg is vary's");
    }

    #[test]
    fn rejects_bad_usage_with_a_reason() {
        assert!(p("").is_err());
        assert!(p("run")
            .unwrap_err()
            .to_string()
            .contains("missing scenario"));
        assert!(p("run a.json --seed -3")
            .unwrap_err()
            .to_string()
            .contains("--seed"));
        assert!(p("run a.json --frobnicate")
            .unwrap_err()
            .to_string()
            .contains("--frobnicate"));
        assert!(p("explode").unwrap_err().to_string().contains("explode"));
        assert!(p("run a.json --trace")
            .unwrap_err()
            .to_string()
            .contains("needs a value"));
    }
}
