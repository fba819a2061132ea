//! What a run did, for `splitbrain run`: transactions committed, aborted and blocked (some participant in
//! doubt now), and the longest time a participant spent in doubt, holding its locks.

use crate::message::{txn_label, Outcome, TxnId};
use crate::note::Note;
use crate::TwoPhaseCommit;
use splitbrain_sim::{Event, EventKind, NodeId, SimTime};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn facts(events: &[Event<TwoPhaseCommit>], now: SimTime) -> Vec<(String, String)> {
    let mut outcome: BTreeMap<TxnId, Outcome> = BTreeMap::new();
    // (txn, node) → since when in doubt, holding which locks.
    let mut open: BTreeMap<(TxnId, NodeId), (SimTime, Vec<String>)> = BTreeMap::new();
    let mut longest: Option<(u64, TxnId, NodeId, Vec<String>)> = None;
    let mut close = |key: (TxnId, NodeId), since: SimTime, locks: Vec<String>, at: SimTime| {
        let d = at.0.saturating_sub(since.0);
        if longest.as_ref().is_none_or(|(l, ..)| d > *l) {
            longest = Some((d, key.0, key.1, locks));
        }
    };
    for e in events {
        let (Some(node), EventKind::Note { note }) = (e.node, &e.kind) else {
            continue;
        };
        match note {
            Note::Decided {
                txn, outcome: o, ..
            }
            | Note::Terminated {
                txn, outcome: o, ..
            } => {
                outcome.entry(*txn).or_insert(*o);
            }
            Note::Prepared { txn, locks, .. } => {
                open.insert((*txn, node), (e.time, locks.clone()));
            }
            Note::Committed { txn, .. } | Note::Aborted { txn, .. } => {
                if let Some((since, locks)) = open.remove(&(*txn, node)) {
                    close((*txn, node), since, locks, e.time);
                }
            }
            _ => {}
        }
    }
    let blocked: BTreeSet<TxnId> = open.keys().map(|(t, _)| *t).collect();
    for ((txn, node), (since, locks)) in &open {
        close((*txn, *node), *since, locks.clone(), now);
    }
    let committed = outcome.values().filter(|o| **o == Outcome::Commit).count();
    let aborted = outcome.len() - committed;
    let mut facts = vec![(
        "transactions".to_string(),
        format!(
            "{committed} committed, {aborted} aborted, {} blocked",
            blocked.len()
        ),
    )];
    if let Some((d, txn, node, locks)) = longest {
        let holding = if locks.is_empty() {
            String::new()
        } else {
            format!(" holding {}", locks.join(","))
        };
        facts.push((
            "longest blocking".into(),
            format!(
                "{:.2} s: {} in doubt at {node}{holding}",
                d as f64 / 1e6,
                txn_label(txn)
            ),
        ));
    }
    facts
}
