//! What a run did, for `splitbrain run` and the Client tab: transactions committed, aborted and blocked
//! (some participant in doubt now), the longest time a participant spent in doubt holding its locks, who is
//! in doubt right now, and which client operations wait behind those locks.

use crate::message::{txn_label, Outcome, TxnId};
use crate::note::Note;
use crate::TwoPhaseCommit;
use splitbrain_sim::{Event, EventKind, NodeId, OpId, SimTime};
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
    // The client operation behind each transaction, and (txn, node) → the locks it waits for.
    let mut op_of: BTreeMap<TxnId, OpId> = BTreeMap::new();
    let mut waiting: BTreeMap<(TxnId, NodeId), Vec<(String, TxnId)>> = BTreeMap::new();
    for e in events {
        if let (Some(node), EventKind::Crash) = (e.node, &e.kind) {
            // A crash loses the lock queue (volatile); prepared records survive, so in-doubt stays.
            waiting.retain(|(_, n), _| *n != node);
            continue;
        }
        let (Some(node), EventKind::Note { note }) = (e.node, &e.kind) else {
            continue;
        };
        if let Some(txn) = note.settles_wait() {
            waiting.remove(&(txn, node));
        }
        match note {
            Note::Began { txn, op, .. } => {
                op_of.insert(*txn, *op);
            }
            Note::Waiting { txn, behind, .. } => {
                waiting.insert((*txn, node), behind.clone());
            }
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
    let in_doubt: Vec<String> = open
        .iter()
        .map(|((txn, node), (since, locks))| {
            format!(
                "{} at {node}{} for {:.2} s",
                txn_label(*txn),
                holding(locks),
                now.0.saturating_sub(since.0) as f64 / 1e6
            )
        })
        .collect();
    for ((txn, node), (since, locks)) in &open {
        close((*txn, *node), *since, locks.clone(), now);
    }
    let behind: Vec<String> = waiting
        .iter()
        .map(|((txn, node), on)| {
            let op = op_of
                .get(txn)
                .map(|op| format!(" ({op})"))
                .unwrap_or_default();
            let locks: Vec<String> = on
                .iter()
                .map(|(key, holder)| format!("{}'s {key}", txn_label(*holder)))
                .collect();
            format!(
                "{}{op} at {node} behind {}",
                txn_label(*txn),
                locks.join(", ")
            )
        })
        .collect();
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
        facts.push((
            "longest blocking".into(),
            format!(
                "{:.2} s: {} in doubt at {node}{}",
                d as f64 / 1e6,
                txn_label(txn),
                holding(&locks)
            ),
        ));
    }
    if !in_doubt.is_empty() {
        facts.push(("in doubt now".into(), in_doubt.join("; ")));
    }
    if !behind.is_empty() {
        facts.push(("waiting for locks".into(), behind.join("; ")));
    }
    facts
}

/// " holding x,y", or nothing for a transaction that locked no key.
fn holding(locks: &[String]) -> String {
    if locks.is_empty() {
        String::new()
    } else {
        format!(" holding {}", locks.join(","))
    }
}
