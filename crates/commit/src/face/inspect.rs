//! The `Describe` impl: each node's badge summary and inspector sections. A participant shows its shard,
//! its transactions (state, locks, since when), its lock table with waiters and its committed store; the
//! coordinator shows its decision log (T, votes, decision, logged?, acks).

use super::{role_of, show_msg, show_note, show_timer, COORDINATING, FAMILIES, ROLES};
use crate::coordinator::{Coordinator, Phase};
use crate::message::{txn_label, Message, Timer};
use crate::note::{Note, Pressing};
use crate::participant::{Participant, TxnState};
use crate::shard::{self, COORDINATOR};
use crate::TwoPhaseCommit;
use splitbrain_sim::{
    Consistency, Describe, Event, Face, NodeId, NodeSummary, Protocol, Section, ShownMsg,
    ShownNote, ShownTimer, SimTime, Table,
};

/// Rows shown in the inspector's tables: the most recent ones.
const SHOWN: usize = 12;

fn seconds(us: u64) -> String {
    format!("{:.2} s", us as f64 / 1e6)
}

impl TwoPhaseCommit {
    fn participant_summary(p: &Participant) -> NodeSummary {
        let pressing = p.pressing();
        let top = p
            .txns
            .iter()
            .filter(|(_, t)| match pressing {
                Pressing::InDoubt => t.state == TxnState::Prepared,
                Pressing::PreCommitted => t.state == TxnState::PreCommitted,
                Pressing::Working => t.state == TxnState::Working,
                Pressing::Idle => false,
            })
            .map(|(id, _)| *id)
            .next();
        let detail = match (pressing, top) {
            (Pressing::InDoubt | Pressing::PreCommitted, Some(t)) => {
                let locks = p.locks.held_by(t);
                let word = if pressing == Pressing::InDoubt {
                    "in doubt"
                } else {
                    "pre-committed"
                };
                format!("{word} {} · {} locked", txn_label(t), locks.join(","))
            }
            (Pressing::Working, Some(t)) => format!("{} waiting for locks", txn_label(t)),
            _ => format!("committed {}", p.committed),
        };
        NodeSummary {
            role: role_of(pressing),
            epoch: top
                .or_else(|| p.txns.keys().next_back().copied())
                .unwrap_or(0),
            leader: Some(COORDINATOR),
            detail: Some(detail),
        }
    }

    fn participant_inspector(p: &Participant) -> Vec<Section> {
        let in_doubt = p.in_doubt();
        let rows = vec![
            ("shard".to_string(), shard::describe(p.id, p.nodes)),
            (
                "state".into(),
                ROLES[role_of(p.pressing()) as usize].name.to_string(),
            ),
            (
                "committed".into(),
                format!("{} transaction(s)", p.committed),
            ),
            (
                "in doubt".into(),
                if in_doubt.is_empty() {
                    "none".into()
                } else {
                    in_doubt
                        .iter()
                        .map(|t| txn_label(*t))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            ),
        ];
        let shown: Vec<_> = p
            .txns
            .iter()
            .rev()
            .take(SHOWN)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let txn_rows = shown
            .iter()
            .map(|(id, t)| {
                vec![
                    txn_label(**id),
                    t.state.word().to_string(),
                    p.locks.held_by(**id).join(","),
                    seconds(t.since.0.max(0) as u64),
                ]
            })
            .collect();
        let mut txns = Table::new(
            &["T", "state", "locks", "since"],
            txn_rows,
            "no transactions yet",
        );
        txns.marked = (0..shown.len())
            .filter(|i| shown[*i].1.state.in_doubt())
            .collect();
        txns.marked_means = "in doubt: voted yes, may not abort on its own".into();
        let lock_rows = p
            .locks
            .iter()
            .map(|(k, l)| {
                let (mode, holders) = match l.writer {
                    Some(w) => ("write", txn_label(w)),
                    None => (
                        "read",
                        l.readers
                            .iter()
                            .map(|r| txn_label(*r))
                            .collect::<Vec<_>>()
                            .join(","),
                    ),
                };
                let waiters: Vec<String> = p
                    .waiting
                    .iter()
                    .filter(|w| {
                        let t = &p.txns[w];
                        t.writes.contains_key(k) || t.reads.contains(k)
                    })
                    .map(|w| txn_label(*w))
                    .collect();
                vec![k.clone(), mode.into(), holders, waiters.join(",")]
            })
            .collect();
        let locks = Table::new(
            &["key", "mode", "held by", "waiting"],
            lock_rows,
            "no locks held",
        );
        let store_rows = p
            .store
            .iter()
            .map(|(k, v)| vec![k.clone(), v.clone()])
            .collect();
        vec![
            Section::rows("participant", "", rows),
            Section::table("transactions", "Transactions", txns),
            Section::table("locks", "Lock table", locks),
            Section::table(
                "store",
                "Committed values",
                Table::new(&["key", "value"], store_rows, "empty"),
            ),
        ]
    }

    fn coordinator_inspector(c: &Coordinator) -> Vec<Section> {
        let rows = vec![
            ("role".to_string(), "coordinator (n1)".to_string()),
            ("open transactions".into(), c.open.len().to_string()),
            ("next transaction".into(), txn_label(c.next_txn)),
            ("log records".into(), c.journal.len().to_string()),
        ];
        let mut txns: Vec<u64> = c.decided.keys().chain(c.open.keys()).copied().collect();
        txns.sort();
        txns.dedup();
        let shown: Vec<u64> = txns.iter().rev().take(SHOWN).rev().copied().collect();
        let table_rows = shown
            .iter()
            .map(|txn| {
                let open = c.open.get(txn);
                let votes = open
                    .map(|t| {
                        t.parts
                            .keys()
                            .map(|p| {
                                let v = match t.votes.get(p) {
                                    Some(true) => "yes",
                                    Some(false) => "no",
                                    None => "…",
                                };
                                format!("{p} {v}")
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                let decision = match (c.decided.get(txn), open.map(|t| t.phase)) {
                    (Some(o), _) => o.word().to_string(),
                    (None, Some(Phase::PreCommitting)) => "pre-committing".into(),
                    (None, Some(Phase::Recovering)) => "asking (recovering)".into(),
                    (None, _) => "collecting votes".into(),
                };
                let logged = if c.decided.contains_key(txn) {
                    if c.is_logged(*txn) {
                        "yes"
                    } else {
                        "no"
                    }
                } else {
                    "—"
                };
                let acks = match open {
                    Some(t) if t.phase == Phase::Deciding => {
                        format!("{} of {}", t.acks.len(), t.parts.len())
                    }
                    Some(_) => "—".into(),
                    None if c.ended.contains(txn) => "all".into(),
                    None => "none needed".into(),
                };
                vec![txn_label(*txn), votes, decision, logged.into(), acks]
            })
            .collect();
        let mut log = Table::new(
            &["T", "votes", "decision", "logged?", "acks"],
            table_rows,
            "nothing decided yet",
        );
        log.marked = (0..shown.len())
            .filter(|i| c.decided.contains_key(&shown[*i]) && !c.is_logged(shown[*i]))
            .collect();
        log.marked_means = "decided but not on stable storage".into();
        vec![
            Section::rows("coordinator", "", rows),
            Section::table("decisions", "Decision log", log),
        ]
    }
}

impl Describe for TwoPhaseCommit {
    const FACE: Face = Face {
        name: Self::NAME,
        epoch_word: "txn",
        epoch_label: txn_label,
        roles: ROLES,
        base_role: super::IDLE,
        families: FAMILIES,
        commit_word: "committed",
        client_ops: Self::CLIENT_OPS,
        consistency: Consistency::None,
        nodes: (crate::options::MIN_NODES, crate::options::MAX_NODES),
        option_fields: super::option_fields,
    };

    fn summary(&self) -> NodeSummary {
        match self {
            TwoPhaseCommit::Coordinator(c) => NodeSummary {
                role: COORDINATING,
                epoch: c.next_txn.saturating_sub(1),
                leader: Some(COORDINATOR),
                detail: Some(match c.open.keys().next() {
                    Some(t) => format!("{} open, oldest {}", c.open.len(), txn_label(*t)),
                    None => format!("decided {}", c.decided.len()),
                }),
            },
            TwoPhaseCommit::Participant(p) => Self::participant_summary(p),
        }
    }

    fn inspector(&self) -> Vec<Section> {
        match self {
            TwoPhaseCommit::Coordinator(c) => Self::coordinator_inspector(c),
            TwoPhaseCommit::Participant(p) => Self::participant_inspector(p),
        }
    }

    fn show_msg(msg: &Message) -> ShownMsg {
        show_msg(msg)
    }

    fn show_timer(timer: &Timer) -> ShownTimer {
        show_timer(timer)
    }

    fn show_note(node: NodeId, note: &Note) -> ShownNote {
        show_note(node, note)
    }

    fn facts(events: &[Event<Self>], now: SimTime) -> Vec<(String, String)> {
        super::facts::facts(events, now)
    }
}
