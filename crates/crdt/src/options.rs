//! The options: how often a replica gossips and to how many peers, and the teaching mutant.

use serde::{Deserialize, Serialize};

/// A rule students get wrong, broken on purpose. Each belongs to one data type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutant {
    #[default]
    None,
    /// OR-set: a remove deletes the element by name, with no tags, so a concurrent add of it is lost on
    /// merge (remove wins, breaking spec. 15's add-wins).
    OrSetRemoveWins,
    /// G-counter: merge adds the two vectors instead of taking each entry's maximum, so the same
    /// increments gossiped twice are counted twice (merge is no longer idempotent, §2.2).
    GCounterSumMerge,
    /// PN-counter: one vector; a decrement subtracts in it and merge takes the maximum, so the larger,
    /// older entry wins and decrements are lost (why spec. 7 keeps two vectors).
    PnCounterSingleVector,
}

impl Mutant {
    pub fn name(self) -> &'static str {
        match self {
            Mutant::None => "none",
            Mutant::OrSetRemoveWins => "or_set_remove_wins",
            Mutant::GCounterSumMerge => "g_counter_sum_merge",
            Mutant::PnCounterSingleVector => "pn_counter_single_vector",
        }
    }

    /// The rule it breaks, as the Run panel offers it.
    pub fn label(self) -> &'static str {
        match self {
            Mutant::None => "none (correct)",
            Mutant::OrSetRemoveWins => "OR-set: remove deletes the element outright (remove wins)",
            Mutant::GCounterSumMerge => {
                "G-counter: merge adds the counts instead of taking the maximum"
            }
            Mutant::PnCounterSingleVector => {
                "PN-counter: one vector, decrement subtracts, merge takes the maximum"
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CrdtOptions {
    /// Every replica sends its whole state to `fanout` peers this often (anti-entropy gossip).
    pub gossip_ms: u64,
    /// How many peers, drawn at random by the engine, each round goes to.
    pub fanout: u32,
    pub mutant: Mutant,
}

impl Default for CrdtOptions {
    fn default() -> Self {
        CrdtOptions {
            gossip_ms: 300,
            fanout: 1,
            mutant: Mutant::None,
        }
    }
}

/// The largest cluster the lab runs (the engine's own limit).
pub const MAX_NODES: u32 = 64;

/// The offending field and what is wrong with it; `mutants` are the ones the data type has.
pub fn validate(
    o: &CrdtOptions,
    nodes: u32,
    title: &str,
    mutants: &[Mutant],
) -> Result<(), (String, String)> {
    let bad = |f: &str, why: String| Err((f.to_string(), why));
    if !(10..=60_000).contains(&o.gossip_ms) {
        return bad("gossip_ms", "must be between 10 ms and 60 s".into());
    }
    let peers = nodes.saturating_sub(1).max(1);
    if o.fanout == 0 || o.fanout > peers {
        return bad(
            "fanout",
            format!("must be between 1 and the number of peers ({peers})"),
        );
    }
    if !mutants.contains(&o.mutant) {
        let fits: Vec<&str> = mutants
            .iter()
            .filter(|m| **m != Mutant::None)
            .map(|m| m.name())
            .collect();
        return bad(
            "mutant",
            format!(
                "{} breaks another data type; a {title} has {}",
                o.mutant.name(),
                if fits.is_empty() {
                    "no mutant".to_string()
                } else {
                    fits.join(", ")
                }
            ),
        );
    }
    Ok(())
}
