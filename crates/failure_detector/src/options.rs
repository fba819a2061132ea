//! The options: which detector, its periods and thresholds, and the teaching mutant.

use serde::{Deserialize, Serialize};

/// Which failure detector every node runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    /// All-to-all heartbeats, a fixed timeout (Chandra & Toueg 1996).
    #[default]
    Heartbeat,
    /// All-to-all heartbeats, suspicion when φ reaches a threshold (Hayashibara et al. 2004).
    PhiAccrual,
    /// Randomised probing with indirect pings, suspicion and incarnations (Das, Gupta & Motivala 2002).
    Swim,
}

/// A rule students get wrong, broken on purpose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutant {
    #[default]
    None,
    /// SWIM: a node never raises its incarnation, so it cannot refute a suspicion of itself (nor come back
    /// after a restart): a live but slow node, once suspected, is declared dead for good.
    NoIncarnation,
    /// Heartbeat: the timeout is half the heartbeat interval, so every node suspects every live peer
    /// between two of its heartbeats.
    TimeoutBelowInterval,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FdOptions {
    pub algorithm: Algorithm,
    /// Heartbeat and phi-accrual: every node sends a Heartbeat to every other this often.
    pub interval_ms: u64,
    /// Heartbeat: a peer silent for this long is suspected.
    pub timeout_ms: u64,
    /// Phi-accrual: a peer is suspected when φ reaches this (8: one wrong suspicion in 10⁸ heartbeats, if the
    /// network behaves as it did).
    pub phi_threshold: u32,
    /// Phi-accrual: how many recent inter-arrival times the estimate remembers.
    pub window: u32,
    /// Phi-accrual: the smallest standard deviation assumed, so a steady network does not make φ explode
    /// at the first late heartbeat.
    pub min_std_ms: u64,
    /// SWIM: the protocol period; one member is probed per period.
    pub period_ms: u64,
    /// SWIM: how long to wait for the direct Ack before asking others (PingReq).
    pub ping_timeout_ms: u64,
    /// SWIM: how many members are asked to ping the target on the prober's behalf (k).
    pub indirect_probes: u32,
    /// SWIM: a suspected member not heard to refute within this is declared dead.
    pub suspicion_timeout_ms: u64,
    /// SWIM: each membership update is piggybacked λ·⌈log₂(n+1)⌉ times; this is λ.
    pub retransmit_mult: u32,
    pub mutant: Mutant,
}

impl Default for FdOptions {
    fn default() -> Self {
        FdOptions {
            algorithm: Algorithm::Heartbeat,
            interval_ms: 200,
            timeout_ms: 600,
            phi_threshold: 8,
            window: 50,
            min_std_ms: 20,
            period_ms: 400,
            ping_timeout_ms: 120,
            indirect_probes: 2,
            suspicion_timeout_ms: 1_200,
            retransmit_mult: 3,
            mutant: Mutant::None,
        }
    }
}

impl FdOptions {
    /// The timeout the heartbeat detector really uses (the mutant halves the interval instead).
    pub fn effective_timeout_ms(&self) -> u64 {
        match self.mutant {
            Mutant::TimeoutBelowInterval => (self.interval_ms / 2).max(1),
            _ => self.timeout_ms,
        }
    }
}

/// The offending field and what is wrong with it.
pub fn validate(o: &FdOptions) -> Result<(), (String, String)> {
    let bad = |f: &str, why: &str| Err((f.to_string(), why.to_string()));
    let minute = 60_000;
    let ms = |v: u64| (1..=minute).contains(&v);
    if !ms(o.interval_ms) {
        return bad("interval_ms", "must be between 1 ms and 60 s");
    }
    if !ms(o.timeout_ms) {
        return bad("timeout_ms", "must be between 1 ms and 60 s");
    }
    if o.timeout_ms <= o.interval_ms {
        return bad(
            "timeout_ms",
            "must be longer than interval_ms, or every node suspects its live peers between two heartbeats",
        );
    }
    if !(1..=30).contains(&o.phi_threshold) {
        return bad("phi_threshold", "must be between 1 and 30");
    }
    if !(1..=1_000).contains(&o.window) {
        return bad("window", "must be between 1 and 1000 samples");
    }
    if !ms(o.min_std_ms) {
        return bad("min_std_ms", "must be between 1 ms and 60 s");
    }
    if !ms(o.period_ms) {
        return bad("period_ms", "must be between 1 ms and 60 s");
    }
    if o.ping_timeout_ms == 0 || o.ping_timeout_ms >= o.period_ms {
        return bad(
            "ping_timeout_ms",
            "must be at least 1 ms and shorter than period_ms, so the indirect probe fits in the period",
        );
    }
    if o.indirect_probes > 16 {
        return bad("indirect_probes", "must be between 0 and 16");
    }
    if !(1..=10 * minute).contains(&o.suspicion_timeout_ms) {
        return bad(
            "suspicion_timeout_ms",
            "must be between 1 ms and 10 minutes",
        );
    }
    if !(1..=20).contains(&o.retransmit_mult) {
        return bad("retransmit_mult", "must be between 1 and 20");
    }
    match (o.mutant, o.algorithm) {
        (Mutant::NoIncarnation, a) if a != Algorithm::Swim => bad(
            "mutant",
            "no_incarnation breaks SWIM's refutation: choose algorithm swim",
        ),
        (Mutant::TimeoutBelowInterval, a) if a != Algorithm::Heartbeat => bad(
            "mutant",
            "timeout_below_interval breaks the fixed timeout: choose algorithm heartbeat",
        ),
        _ => Ok(()),
    }
}

/// The largest cluster the lab runs (the engine's own limit).
pub const MAX_NODES: u32 = 64;
