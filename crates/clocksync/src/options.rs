//! The options: which algorithm, how often it runs, what it assumes about drift, and the teaching mutant.

use serde::{Deserialize, Serialize};

/// Which synchronisation algorithm every node runs (n1 is always the server / coordinator / reference).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    /// Cristian 1989: ask n1 for its time, set the clock to it plus half the round trip.
    #[default]
    Cristian,
    /// Gusella & Zatti 1989: n1 polls, averages the readings within `outlier_ms`, sends corrections.
    Berkeley,
    /// Mills 1991 / RFC 5905: four timestamps, offset and delay, slew (or step) the clock.
    Ntp,
    /// Spanner 2012: Cristian rounds give each node TT.now() = [local − ε, local + ε]; `put` commits.
    Truetime,
}

impl Algorithm {
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Cristian => "cristian",
            Algorithm::Berkeley => "berkeley",
            Algorithm::Ntp => "ntp",
            Algorithm::Truetime => "truetime",
        }
    }
}

/// How an NTP node applies its correction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Discipline {
    /// Change the clock's rate by `slew_ppm` until the offset is worked off: time never jumps.
    #[default]
    Slew,
    /// Jump the clock by the whole offset at once.
    Step,
}

/// A rule students get wrong, broken on purpose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutant {
    #[default]
    None,
    /// Cristian (and TrueTime's rounds): set the clock to the server's time as received, forgetting the
    /// RTT/2 the reply spent on the way, while still claiming ±RTT/2 around it.
    NoRttCorrection,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClockSyncOptions {
    pub algorithm: Algorithm,
    /// A synchronisation round starts this often (on each client; on the coordinator for Berkeley).
    pub interval_ms: u64,
    /// The largest drift of a clock the algorithm assumes (ppm): each bound grows by this much per second
    /// since it was claimed. The sweep's clocks drift by at most 30 000 ppm (3 %).
    pub max_drift_ppm: u32,
    /// NTP: slew or step.
    pub discipline: Discipline,
    /// NTP: the rate change a slew applies (ppm; 20 000 = the clock runs 2 % fast or slow).
    pub slew_ppm: u32,
    /// Berkeley: readings further than this from the coordinator's clock are outliers, left out of the
    /// average (they are still sent their correction).
    pub outlier_ms: u64,
    /// TrueTime: wait until TT.now().earliest has passed a commit's timestamp before answering.
    pub commit_wait: bool,
    pub mutant: Mutant,
}

impl Default for ClockSyncOptions {
    fn default() -> Self {
        ClockSyncOptions {
            algorithm: Algorithm::Cristian,
            interval_ms: 1_000,
            max_drift_ppm: 30_000,
            discipline: Discipline::Slew,
            slew_ppm: 20_000,
            outlier_ms: 100,
            commit_wait: true,
            mutant: Mutant::None,
        }
    }
}

/// The offending field and what is wrong with it.
pub fn validate(o: &ClockSyncOptions) -> Result<(), (String, String)> {
    let bad = |f: &str, why: &str| Err((f.to_string(), why.to_string()));
    if o.interval_ms < 10 || o.interval_ms > 60_000 {
        return bad("interval_ms", "must be between 10 ms and 60 s");
    }
    if o.max_drift_ppm > 200_000 {
        return bad(
            "max_drift_ppm",
            "must be at most 200 000 ppm (20 %): beyond that no bound means anything",
        );
    }
    if o.slew_ppm == 0 || o.slew_ppm > 100_000 {
        return bad("slew_ppm", "must be between 1 and 100 000 ppm (10 %)");
    }
    if o.outlier_ms == 0 || o.outlier_ms > 3_600_000 {
        return bad("outlier_ms", "must be between 1 ms and one hour");
    }
    Ok(())
}

/// The largest cluster the lab runs (the engine's own limit).
pub const MAX_NODES: u32 = 64;
