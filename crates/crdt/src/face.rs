//! The lab's view of a replica, the same for the four data types: one role (replica), the updates it
//! issued as its epoch, every key's value and state in the type's own notation in the inspector with the
//! last join, one message family (gossip), a plain sentence for every note, a version lane per key
//! (`LaneSignal::Versions`: the state printed as the version's clock), and the run's facts.

use crate::check;
use crate::crdt::{stamp_text, Crdt, Remark, Update};
use crate::message::{Message, Timer};
use crate::note::Note;
use crate::options::{Mutant, MAX_NODES};
use crate::replica::Replica;
use splitbrain_sim::{
    Consistency, Describe, Event, EventKind, Face, Family, FieldKind, Label, LaneSignal, NodeId,
    NodeSummary, OptionField, RoleStyle, Section, ShownMsg, ShownNote, ShownTimer, SimTime, Stored,
    StoredVersion, Table,
};
use std::collections::BTreeMap;

const ROLES: &[RoleStyle] = &[RoleStyle {
    name: "replica",
    letter: "R",
    tone: 0,
    exclusive: false,
}];

const FAMILIES: &[Family] = &[Family {
    key: "gossip",
    legend: "Gossip: a replica's whole state, merged by the receiver (sent back when it knew more)",
}];

fn option_fields<C: Crdt>() -> Vec<OptionField> {
    vec![
        OptionField {
            key: "gossip_ms",
            label: "gossip period",
            help: "Every replica sends its whole state to a random peer this often.",
            kind: FieldKind::Integer {
                min: 10,
                max: 60_000,
                unit: "ms",
            },
        },
        OptionField {
            key: "fanout",
            label: "fanout",
            help: "How many random peers each round of gossip goes to.",
            kind: FieldKind::Integer {
                min: 1,
                max: MAX_NODES as i64 - 1,
                unit: "peers",
            },
        },
        OptionField {
            key: "mutant",
            label: "mutant",
            help: "Break one rule on purpose, to see a checker catch it.",
            kind: FieldKind::Choice(
                C::MUTANTS
                    .iter()
                    .map(|m| (serde_json::json!(m.name()), m.label()))
                    .collect(),
            ),
        },
    ]
}

fn value_text(v: Option<String>) -> String {
    v.unwrap_or_else(|| "∅".into())
}

fn states_text<C: Crdt>(states: &BTreeMap<String, C::State>) -> String {
    let parts: Vec<String> = states
        .iter()
        .map(|(k, s)| format!("{k}={}", C::show(s)))
        .collect();
    parts.join(" ")
}

/// "merged n2's [n1:1 n2:4] into [n1:3 n2:1] → [n1:3 n2:4]"
fn join_text<C: Crdt>(
    from: NodeId,
    before: &C::State,
    received: &C::State,
    after: &C::State,
) -> String {
    format!(
        "merged {from}'s {} into {} → {}",
        C::show(received),
        C::show(before),
        C::show(after)
    )
}

impl<C: Crdt> Describe for Replica<C> {
    const FACE: Face = Face {
        name: C::NAME,
        epoch_word: "updates",
        epoch_label: |e| e.to_string(),
        roles: ROLES,
        base_role: 0,
        families: FAMILIES,
        commit_word: "merged",
        client_ops: C::CLIENT_OPS,
        consistency: Consistency::Eventual,
        nodes: (1, MAX_NODES),
        option_fields: option_fields::<C>,
    };

    fn summary(&self) -> NodeSummary {
        let states = self.states();
        let detail = match states.len() {
            0 => None,
            1 | 2 => Some(
                states
                    .keys()
                    .map(|k| format!("{k}={}", value_text(self.value(k))))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            n => Some(format!("{n} keys")),
        };
        NodeSummary {
            role: 0,
            epoch: self.issued(),
            leader: None,
            detail,
        }
    }

    fn inspector(&self) -> Vec<Section> {
        let o = self.options();
        let mut rows = vec![
            ("data type".into(), C::TITLE.into()),
            (
                "gossip".into(),
                format!(
                    "every {} ms to {} random peer{}",
                    o.gossip_ms,
                    o.fanout,
                    if o.fanout == 1 { "" } else { "s" }
                ),
            ),
            ("updates issued here".into(), self.issued().to_string()),
            (
                "merges that changed a state".into(),
                self.merges.to_string(),
            ),
        ];
        if o.mutant != Mutant::None {
            rows.push(("mutant".into(), o.mutant.label().into()));
        }
        let table = Table::new(
            &["key", "value", "state"],
            self.states()
                .iter()
                .map(|(k, s)| vec![k.clone(), value_text(C::value(s)), C::show(s)])
                .collect(),
            "no keys yet",
        );
        let last = match self.last_merge() {
            Some(m) => vec![(
                m.key.clone(),
                join_text::<C>(m.from, &m.before, &m.received, &m.after),
            )],
            None => vec![("—".into(), "no merge has changed a state yet".into())],
        };
        vec![
            Section::rows("state", "", rows),
            Section::table(
                "keys",
                "each key's value and state (the replica's payload)",
                table,
            ),
            Section::rows("join", "last merge (the join of the two states)", last),
        ]
    }

    fn show_msg(m: &Message<C::State>) -> ShownMsg {
        let (tag, head) = match m {
            Message::Gossip { .. } => ("G", "Gossip"),
            Message::GossipBack { .. } => ("G↩", "GossipBack"),
        };
        ShownMsg {
            label: m.label(),
            family: 0,
            tag: tag.into(),
            text: format!("{head} {}", states_text::<C>(m.states())),
            heartbeat: false,
        }
    }

    fn show_timer(t: &Timer) -> ShownTimer {
        ShownTimer {
            label: t.label(),
            ring: true,
        }
    }

    fn show_note(node: NodeId, note: &Note<C>) -> ShownNote {
        let label = note.label();
        let key = note.key().to_string();
        let after = note.after();
        let value = value_text(C::value(after));
        let text = match note {
            Note::Update { update, before, after, .. } => match update {
                Update::Assign { value: v, stamp } if before == after => format!(
                    "{node} writes '{v}' to {key} stamped {} by its own clock, but keeps {}: that timestamp is larger",
                    stamp_text(stamp),
                    C::show(before)
                ),
                Update::Assign { value: v, stamp } => {
                    format!("{node} writes '{v}' to {key}, stamped {} by its own clock", stamp_text(stamp))
                }
                u => format!(
                    "{node} applies {} to {key}: {} → {} (value {value})",
                    u.describe(),
                    C::show(before),
                    C::show(after)
                ),
            },
            Note::Merge { from, before, received, after, remark, .. } => {
                let join = join_text::<C>(*from, before, received, after);
                match (label.as_str(), remark) {
                    ("not-a-join", _) => format!(
                        "{node} {join} for {key}, which is not the join {}: the merge is broken (value {value})",
                        C::show(&C::merge(before, received, Mutant::None))
                    ),
                    (_, Some(Remark::AddWins { elements })) => format!(
                        "{node} {join} for {key}: {}, which {node} had removed, is back: {from} added it with a tag {node}'s remove never saw (add wins)",
                        elements.join(", ")
                    ),
                    (_, Some(Remark::ClockAhead { ahead_us })) => format!(
                        "{node} {join} for {key}: the kept timestamp is {:.3} s ahead of {node}'s own clock: the writer's clock runs ahead, so a write made later in real time can lose to it",
                        *ahead_us as f64 / 1e6
                    ),
                    ("join", _) => format!("{node} {join} for {key}: the join of two concurrent states (value {value})"),
                    _ => format!("{node} {join} for {key}: it catches up (value {value})"),
                }
            }
        };
        ShownNote {
            major: label != "catch-up",
            label,
            text: Some(text),
            signals: vec![LaneSignal::Versions {
                key,
                versions: vec![(value, C::show(after))],
                hint_for: None,
            }],
        }
    }

    fn facts(events: &[Event<Self>], _now: SimTime) -> Vec<(String, String)> {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for e in events {
            if let EventKind::Note { note } = &e.kind {
                *counts.entry(note.label()).or_default() += 1;
            }
        }
        let merges: usize = ["catch-up", "join", "add-wins", "clock-ahead", "not-a-join"]
            .iter()
            .map(|l| counts.get(*l).copied().unwrap_or(0))
            .sum();
        let mut facts = vec![
            (
                "updates".into(),
                counts.get("update").copied().unwrap_or(0).to_string(),
            ),
            (
                "merges".into(),
                format!(
                    "{merges} ({} joins of concurrent states, {} catch-ups)",
                    counts.get("join").copied().unwrap_or(0),
                    counts.get("catch-up").copied().unwrap_or(0)
                ),
            ),
        ];
        for (label, what) in [
            ("add-wins", "adds that survived a remove"),
            ("clock-ahead", "writes kept for a fast clock"),
            ("not-a-join", "merges that were not a join"),
        ] {
            if let Some(n) = counts.get(label) {
                facts.push((what.into(), n.to_string()));
            }
        }
        let quiet = check::last_update::<C>(events).unwrap_or(SimTime(0));
        facts.push((
            "time to converge".into(),
            match check::converged_at::<C>(events) {
                Some(t) if t >= quiet => format!(
                    "every live replica agrees since {:.2} s, {:.2} s after the last update",
                    t.0 as f64 / 1e6,
                    (t.0 - quiet.0) as f64 / 1e6
                ),
                Some(_) => "every live replica agrees".into(),
                None => "the live replicas do not agree yet".into(),
            },
        ));
        facts
    }

    fn stored(&self) -> Vec<Stored> {
        self.states()
            .iter()
            .map(|(k, s)| Stored {
                key: k.clone(),
                versions: vec![StoredVersion {
                    value: value_text(C::value(s)),
                    clock: C::show(s),
                }],
                hint_for: None,
            })
            .collect()
    }
}
