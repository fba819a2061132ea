//! The lab's view of a node: one role (member), the incarnation as the epoch, who it suspects, each peer's
//! φ or SWIM status in the inspector, plain sentences for every note, and the run's measured facts.

use crate::check;
use crate::message::{Message, Status, Timer, Update};
use crate::node::FailureDetector;
use crate::note::{Cause, Note};
use crate::options::Algorithm;
use splitbrain_sim::{
    Consistency, Describe, Event, EventKind, Face, Family, FieldKind, Label, LaneSignal, NodeId,
    NodeSummary, OptionField, Protocol, RoleStyle, Section, ShownMsg, ShownNote, ShownTimer,
    SimTime, Table,
};

const ROLES: &[RoleStyle] = &[RoleStyle {
    name: "member",
    letter: "M",
    tone: 0,
    exclusive: false,
}];

const FAMILIES: &[Family] = &[
    Family {
        key: "heartbeat",
        legend: "Heartbeat: I am alive (sent to everyone, every interval)",
    },
    Family {
        key: "probe",
        legend: "Ping / Ack: SWIM's direct probe, carrying membership news",
    },
    Family {
        key: "indirect",
        legend: "PingReq: no Ack came, so please ping it for me",
    },
];

fn option_fields() -> Vec<OptionField> {
    let int = |key, label, help, min, max, unit| OptionField {
        key,
        label,
        help,
        kind: FieldKind::Integer { min, max, unit },
    };
    vec![
        OptionField {
            key: "algorithm",
            label: "algorithm",
            help: "Heartbeat: suspect after a fixed silence. Phi-accrual: suspect when the silence is improbable given the heartbeats seen. SWIM: probe one member per period, indirectly through others, with suspicion and incarnations.",
            kind: FieldKind::Choice(vec![
                (serde_json::json!("heartbeat"), "heartbeat, fixed timeout (Chandra & Toueg)"),
                (serde_json::json!("phi_accrual"), "phi-accrual (Hayashibara et al.)"),
                (serde_json::json!("swim"), "SWIM (Das, Gupta & Motivala)"),
            ]),
        },
        int("interval_ms", "heartbeat interval", "Heartbeat, phi: every node tells every other it is alive this often.", 1, 60_000, "ms"),
        int("timeout_ms", "timeout", "Heartbeat: a peer silent this long is suspected.", 1, 60_000, "ms"),
        int("phi_threshold", "φ threshold", "Phi: suspect when φ reaches this (8 ≈ one wrong suspicion in 10⁸).", 1, 30, ""),
        int("window", "window", "Phi: how many recent heartbeat gaps the estimate remembers.", 1, 1_000, "gaps"),
        int("min_std_ms", "minimum deviation", "Phi: the spread assumed at least, so a steady network is not judged too strictly.", 1, 60_000, "ms"),
        int("period_ms", "protocol period", "SWIM: one member is probed per period.", 1, 60_000, "ms"),
        int("ping_timeout_ms", "ping timeout", "SWIM: no Ack within this: ask k others to ping it (PingReq).", 1, 60_000, "ms"),
        int("indirect_probes", "indirect probes (k)", "SWIM: how many members are asked to ping on the prober's behalf.", 0, 16, ""),
        int("suspicion_timeout_ms", "suspicion timeout", "SWIM: a suspected member that does not refute within this is declared dead.", 1, 600_000, "ms"),
        int("retransmit_mult", "retransmissions (λ)", "SWIM: each update is piggybacked λ·log₂(n+1) times.", 1, 20, ""),
        OptionField {
            key: "mutant",
            label: "mutant",
            help: "Break one rule on purpose, to see a checker catch it.",
            kind: FieldKind::Choice(vec![
                (serde_json::json!("none"), "none (correct)"),
                (
                    serde_json::json!("no_incarnation"),
                    "SWIM: a suspected node cannot refute (no incarnation numbers)",
                ),
                (
                    serde_json::json!("timeout_below_interval"),
                    "heartbeat: the timeout is shorter than the heartbeat interval",
                ),
            ]),
        },
    ]
}

fn status_word(s: Option<Status>) -> &'static str {
    match s {
        Some(Status::Alive) | None => "alive",
        Some(Status::Suspect) => "suspect",
        Some(Status::Dead) => "dead",
    }
}

fn update_text(u: &Update) -> String {
    format!(
        "{} {}@{}",
        u.member,
        status_word(Some(u.status)),
        u.incarnation
    )
}

fn with_updates(head: String, updates: &[Update]) -> String {
    if updates.is_empty() {
        head
    } else {
        let list: Vec<String> = updates.iter().map(update_text).collect();
        format!("{head} + {}", list.join(", "))
    }
}

fn secs(t: SimTime) -> String {
    format!("{:.2} s", t.0 as f64 / 1e6)
}

impl Describe for FailureDetector {
    const FACE: Face = Face {
        name: "failure-detector",
        epoch_word: "incarnation",
        epoch_label: |e| e.to_string(),
        roles: ROLES,
        base_role: 0,
        families: FAMILIES,
        commit_word: "suspected",
        client_ops: <FailureDetector as Protocol>::CLIENT_OPS,
        consistency: Consistency::None,
        nodes: (1, crate::options::MAX_NODES),
        option_fields,
    };

    fn summary(&self) -> NodeSummary {
        let suspects = self.suspects();
        NodeSummary {
            role: 0,
            epoch: self.incarnation,
            leader: None,
            detail: (!suspects.is_empty()).then(|| {
                let names: Vec<String> = suspects.iter().map(|n| n.to_string()).collect();
                format!("suspects {}", names.join(", "))
            }),
        }
    }

    fn inspector(&self) -> Vec<Section> {
        let o = &self.options;
        let algorithm = match o.algorithm {
            Algorithm::Heartbeat => "heartbeat (fixed timeout)",
            Algorithm::PhiAccrual => "phi-accrual",
            Algorithm::Swim => "SWIM",
        };
        let suspects: Vec<String> = self.suspects().iter().map(|n| n.to_string()).collect();
        let mut rows = vec![
            ("algorithm".into(), algorithm.into()),
            (
                "suspects".into(),
                if suspects.is_empty() {
                    "nobody".into()
                } else {
                    suspects.join(", ")
                },
            ),
        ];
        let table = match o.algorithm {
            Algorithm::Heartbeat => {
                rows.push(("timeout".into(), format!("{} ms", o.effective_timeout_ms())));
                Table::new(
                    &["peer", "verdict", "last heard (local)"],
                    self.others()
                        .map(|n| {
                            let p = &self.peers[n.index()];
                            vec![
                                n.to_string(),
                                if p.suspected { "suspected" } else { "trusted" }.into(),
                                p.last_heard.map_or("never".into(), |t| {
                                    format!("{:.3} s", t.0 as f64 / 1e6)
                                }),
                            ]
                        })
                        .collect(),
                    "no peers",
                )
            }
            Algorithm::PhiAccrual => {
                rows.push(("threshold".into(), format!("φ ≥ {}", o.phi_threshold)));
                Table::new(
                    &["peer", "φ", "mean gap", "std dev", "gaps", "verdict"],
                    self.others()
                        .map(|n| {
                            let p = &self.peers[n.index()];
                            let (mean, std) = p.window.estimate(o.interval_ms, o.min_std_ms);
                            vec![
                                n.to_string(),
                                format!("{}.{}", p.phi_tenths / 10, p.phi_tenths % 10),
                                format!("{mean:.0} ms"),
                                format!("{std:.0} ms"),
                                p.window.samples.len().to_string(),
                                if p.suspected { "suspected" } else { "trusted" }.into(),
                            ]
                        })
                        .collect(),
                    "no peers",
                )
            }
            Algorithm::Swim => {
                rows.push(("incarnation".into(), self.incarnation.to_string()));
                if let Some(p) = self.probe {
                    let state = if p.acked {
                        "acked"
                    } else if p.indirect {
                        "asked others (PingReq)"
                    } else {
                        "waiting for Ack"
                    };
                    rows.push(("probing".into(), format!("{} ({state})", p.target)));
                }
                rows.push((
                    "news to gossip".into(),
                    if self.gossip.is_empty() {
                        "none".into()
                    } else {
                        let list: Vec<String> =
                            self.gossip.iter().map(|(u, _)| update_text(u)).collect();
                        list.join(", ")
                    },
                ));
                Table::new(
                    &["member", "status", "incarnation"],
                    self.others()
                        .map(|n| {
                            let p = &self.peers[n.index()];
                            vec![
                                n.to_string(),
                                status_word(p.status).into(),
                                p.incarnation.to_string(),
                            ]
                        })
                        .collect(),
                    "no members",
                )
            }
        };
        vec![
            Section::rows("state", "", rows),
            Section::table("peers", "what this node believes of each peer", table),
        ]
    }

    fn show_msg(m: &Message) -> ShownMsg {
        let (family, tag, text) = match m {
            Message::Heartbeat { seq } => (0, "♥", format!("Heartbeat {seq}")),
            Message::Ping { seq, updates } => {
                (1, "P", with_updates(format!("Ping {seq}"), updates))
            }
            Message::Ack {
                seq,
                member,
                updates,
            } => (
                1,
                "✓",
                with_updates(format!("Ack {seq} ({member} alive)"), updates),
            ),
            Message::PingReq {
                seq,
                target,
                updates,
            } => (
                2,
                "PR",
                with_updates(format!("PingReq {seq}: ping {target} for me"), updates),
            ),
        };
        ShownMsg {
            label: m.label(),
            family,
            tag: tag.into(),
            text,
            heartbeat: family == 0,
        }
    }

    fn show_timer(t: &Timer) -> ShownTimer {
        ShownTimer {
            label: t.label(),
            ring: matches!(t, Timer::Period | Timer::Heartbeat),
        }
    }

    fn show_note(node: NodeId, note: &Note) -> ShownNote {
        let suspect = |member: NodeId, suspected| {
            vec![LaneSignal::Suspect {
                node: member,
                suspected,
            }]
        };
        let (text, major, signals) = match note {
            Note::Suspect { member, incarnation, cause } => {
                let why = match cause {
                    Cause::Silence { silent_ms } => format!("no heartbeat for {silent_ms} ms"),
                    Cause::Phi { phi_tenths, silent_ms } => format!(
                        "φ = {}.{} after {silent_ms} ms of silence",
                        phi_tenths / 10,
                        phi_tenths % 10
                    ),
                    Cause::Probe => format!("neither its Ping nor the indirect probes were answered (incarnation {incarnation})"),
                    Cause::Gossip { from } => format!("{from} says so (incarnation {incarnation})"),
                };
                (format!("{node} suspects {member}: {why}"), true, suspect(*member, true))
            }
            Note::Trust { member, incarnation, silent_ms } => (
                if *silent_ms > 0 {
                    format!("{node} trusts {member} again: heard its heartbeat after {silent_ms} ms")
                } else {
                    format!("{node} trusts {member} again: it is alive at incarnation {incarnation}")
                },
                true,
                suspect(*member, false),
            ),
            Note::Dead { member, incarnation, from } => (
                match from {
                    None => format!("{node} declares {member} dead: it did not refute the suspicion in time (incarnation {incarnation})"),
                    Some(f) => format!("{node} learns from {f} that {member} is dead (incarnation {incarnation})"),
                },
                true,
                Vec::new(),
            ),
            Note::Refute { accused, incarnation } => (
                format!("{node} hears it is suspected at incarnation {accused} and refutes it: alive, incarnation {incarnation}"),
                true,
                vec![LaneSignal::Epoch { epoch: *incarnation }],
            ),
            Note::IndirectProbe { target, helpers } => {
                let names: Vec<String> = helpers.iter().map(|h| h.to_string()).collect();
                (
                    format!("{node} got no Ack from {target} in time and asks {} to ping it (PingReq)", names.join(", ")),
                    false,
                    Vec::new(),
                )
            }
            Note::IndirectAck { target, via } => (
                format!("{target}'s Ack reached {node} through {via}: the indirect probe saved it from suspicion"),
                true,
                Vec::new(),
            ),
        };
        ShownNote {
            label: note.label(),
            text: Some(text),
            major,
            signals,
        }
    }

    fn facts(events: &[Event<Self>], now: SimTime) -> Vec<(String, String)> {
        let mut facts = Vec::new();
        let detections = check::detections(events);
        if !detections.is_empty() {
            let text: Vec<String> = detections
                .iter()
                .map(|d| {
                    let times: Vec<u64> =
                        d.by.iter()
                            .filter_map(|(_, t)| t.map(|t| t.0 - d.at.0))
                            .collect();
                    let crash = format!("{} crash at {}", d.crashed, secs(d.at));
                    match (times.iter().min(), times.iter().max()) {
                        (Some(lo), Some(hi)) => format!(
                            "{crash}: suspected by {} of {} live nodes after {:.2}–{:.2} s",
                            times.len(),
                            d.by.len(),
                            *lo as f64 / 1e6,
                            *hi as f64 / 1e6
                        ),
                        _ => format!("{crash}: not suspected yet"),
                    }
                })
                .collect();
            facts.push(("detection time".into(), text.join("; ")));
        }
        let wrong: Vec<check::Suspicion> = check::suspicions(events)
            .into_iter()
            .filter(|s| s.wrong)
            .collect();
        let mut text = wrong.len().to_string();
        if !wrong.is_empty() {
            let some: Vec<String> = wrong
                .iter()
                .take(3)
                .map(|s| format!("{} by {} at {}", s.of, s.by, secs(s.at)))
                .collect();
            text = format!(
                "{text} ({}{})",
                some.join(", "),
                if wrong.len() > 3 { ", …" } else { "" }
            );
        }
        facts.push(("false suspicions".into(), text));
        let sent = events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Send { .. }))
            .count();
        if now.0 > 0 {
            facts.push((
                "message rate".into(),
                format!("{:.1} per second", sent as f64 * 1e6 / now.0 as f64),
            ));
        }
        facts
    }
}
