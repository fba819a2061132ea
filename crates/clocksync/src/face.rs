//! The lab's view of a node: the reference and the synchronising nodes, the round as the epoch, every
//! correction with the bound it claims (a `ClockBound` lane signal for the clock chart), plain sentences.

use crate::message::{Message, Timer};
use crate::node::ClockSync;
use crate::note::Note;
use crate::options::{Algorithm, Discipline};
use splitbrain_sim::{
    Consistency, Describe, Event, EventKind, Face, Family, FieldKind, Label, LaneSignal, NodeId,
    NodeSummary, OptionField, Protocol, RoleStyle, Section, ShownMsg, ShownNote, ShownTimer,
    SimTime, Table,
};
use std::collections::BTreeMap;

const SYNCING: u8 = 0;
const REFERENCE: u8 = 1;

const ROLES: &[RoleStyle] = &[
    RoleStyle {
        name: "synchronising",
        letter: "S",
        tone: 0,
        exclusive: false,
    },
    RoleStyle {
        name: "reference",
        letter: "R",
        tone: 2,
        exclusive: false,
    },
];

const FAMILIES: &[Family] = &[
    Family {
        key: "request",
        legend: "TimeRequest / NtpRequest / Poll: what time is it?",
    },
    Family {
        key: "reply",
        legend: "TimeReply / NtpReply / Reading: this is my clock",
    },
    Family {
        key: "adjust",
        legend: "Adjust: Berkeley's correction for one node",
    },
];

/// "1.234 567 s" as a clock reading.
pub(crate) fn time_text(us: i64) -> String {
    format!("{:.6} s", us as f64 / 1e6)
}
pub(crate) fn ms(us: i64) -> String {
    format!("{:.1} ms", us as f64 / 1000.0)
}
pub(crate) fn signed_ms(us: i64) -> String {
    format!("{:+.1} ms", us as f64 / 1000.0)
}
fn bound(us: u64) -> String {
    format!("±{:.1} ms", us as f64 / 1000.0)
}

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
            help: "Cristian: server time + RTT/2. Berkeley: n1 averages everyone's clock. NTP: four timestamps, slewed. TrueTime: intervals and commit-wait for put transactions.",
            kind: FieldKind::Choice(vec![
                (serde_json::json!("cristian"), "Cristian"),
                (serde_json::json!("berkeley"), "Berkeley"),
                (serde_json::json!("ntp"), "NTP-style"),
                (serde_json::json!("truetime"), "TrueTime (commit-wait)"),
            ]),
        },
        int("interval_ms", "round interval", "A synchronisation round starts this often.", 10, 60_000, "ms"),
        int("max_drift_ppm", "assumed drift", "The fastest a clock is assumed to drift: every bound grows by this much per second.", 0, 200_000, "ppm"),
        OptionField {
            key: "discipline",
            label: "NTP discipline",
            help: "Slew: change the clock's rate until the offset is worked off (time never jumps). Step: jump at once.",
            kind: FieldKind::Choice(vec![
                (serde_json::json!("slew"), "slew"),
                (serde_json::json!("step"), "step"),
            ]),
        },
        int("slew_ppm", "slew rate", "NTP: how much faster or slower a slewing clock runs.", 1, 100_000, "ppm"),
        int("outlier_ms", "outlier limit", "Berkeley: readings further than this from the coordinator are left out of the average.", 1, 3_600_000, "ms"),
        OptionField {
            key: "commit_wait",
            label: "commit-wait",
            help: "TrueTime: wait until TT.now().earliest passes the commit timestamp before answering.",
            kind: FieldKind::Bool,
        },
        OptionField {
            key: "mutant",
            label: "mutant",
            help: "Break one rule on purpose, to see a checker catch it.",
            kind: FieldKind::Choice(vec![
                (serde_json::json!("none"), "none (correct)"),
                (
                    serde_json::json!("no_rtt_correction"),
                    "Cristian forgets to add RTT/2 to the server's time",
                ),
            ]),
        },
    ]
}

impl Describe for ClockSync {
    const FACE: Face = Face {
        name: "clocksync",
        epoch_word: "round",
        epoch_label: |e| e.to_string(),
        roles: ROLES,
        base_role: SYNCING,
        families: FAMILIES,
        commit_word: "synchronised",
        client_ops: <ClockSync as Protocol>::CLIENT_OPS,
        consistency: Consistency::None,
        nodes: (1, crate::options::MAX_NODES),
        option_fields,
    };

    fn summary(&self) -> NodeSummary {
        NodeSummary {
            role: if self.is_reference() {
                REFERENCE
            } else {
                SYNCING
            },
            epoch: self.round,
            leader: Some(crate::node::REFERENCE),
            detail: self.claim().map(|c| bound(c.bound_us)),
        }
    }

    fn inspector(&self) -> Vec<Section> {
        let mut rows = vec![
            ("algorithm".into(), self.options.algorithm.name().into()),
            (
                "role".into(),
                if self.is_reference() {
                    "reference (n1)"
                } else {
                    "synchronises with n1"
                }
                .into(),
            ),
            ("round".into(), self.round.to_string()),
            (
                "claimed bound".into(),
                self.claim().map_or("none yet".into(), |c| {
                    format!("{} (+{} ppm since)", bound(c.bound_us), c.drift_ppm)
                }),
            ),
        ];
        if self.options.algorithm == Algorithm::Ntp && self.options.discipline == Discipline::Slew {
            let slew = if self.slew == 0 {
                "none".into()
            } else {
                format!("{:+} ppm", self.slew)
            };
            rows.push(("slewing".into(), slew));
        }
        let mut sections = vec![Section::rows("state", "", rows)];
        if !self.last.is_empty() {
            sections.push(Section::rows(
                "exchange",
                "last exchange",
                self.last.clone(),
            ));
        }
        if self.options.algorithm == Algorithm::Berkeley && self.is_reference() {
            let rows: Vec<Vec<String>> = self
                .table
                .iter()
                .map(|(n, r, ok)| {
                    vec![
                        n.to_string(),
                        signed_ms(r.diff_us),
                        bound(r.uncertainty_us),
                        if *ok { "averaged" } else { "outlier: left out" }.into(),
                    ]
                })
                .collect();
            let mut table = Table::new(
                &["node", "ahead of n1", "uncertainty", "used"],
                rows,
                "no round yet",
            );
            table.marked = self
                .table
                .iter()
                .enumerate()
                .filter(|(_, r)| !r.2)
                .map(|(i, _)| i)
                .collect();
            table.marked_means = "left out as outliers".into();
            sections.push(Section::table("readings", "last round's readings", table));
        }
        if self.options.algorithm == Algorithm::Truetime {
            let mut rows: Vec<Vec<String>> = self
                .commits
                .iter()
                .map(|(op, ts, waited)| vec![op.to_string(), time_text(*ts), ms(*waited as i64)])
                .collect();
            rows.extend(
                self.waiting
                    .iter()
                    .map(|(op, (ts, _))| vec![op.to_string(), time_text(*ts), "waiting".into()]),
            );
            let table = Table::new(
                &["op", "timestamp", "commit wait"],
                rows,
                "no transactions yet",
            );
            sections.push(Section::table("commits", "transactions", table));
        }
        sections
    }

    fn show_msg(m: &Message) -> ShownMsg {
        let (family, tag, text) = match m {
            Message::TimeRequest { round } => (0, "?", format!("TimeRequest round {round}")),
            Message::TimeReply { round, server_us } => (
                1,
                "T",
                format!("TimeReply round {round}: {}", time_text(*server_us)),
            ),
            Message::NtpRequest { round, t1 } => (
                0,
                "T1",
                format!("NtpRequest round {round}: T1 {}", time_text(*t1)),
            ),
            Message::NtpReply { round, t2, t3, .. } => (
                1,
                "T3",
                format!(
                    "NtpReply round {round}: T2 {} T3 {}",
                    time_text(*t2),
                    time_text(*t3)
                ),
            ),
            Message::Poll { round } => (0, "?", format!("Poll round {round}")),
            Message::Reading { round, clock_us } => (
                1,
                "R",
                format!("Reading round {round}: {}", time_text(*clock_us)),
            ),
            Message::Adjust {
                round, delta_us, ..
            } => (
                2,
                "±",
                format!("Adjust round {round}: {}", signed_ms(*delta_us)),
            ),
        };
        ShownMsg {
            label: m.label(),
            family,
            tag: tag.into(),
            text,
            heartbeat: false,
        }
    }

    fn show_timer(t: &Timer) -> ShownTimer {
        ShownTimer {
            label: t.label(),
            ring: matches!(t, Timer::Round),
        }
    }

    fn show_note(node: NodeId, note: &Note) -> ShownNote {
        let text = match note {
            Note::Reference { claim } if claim.drift_ppm == 0 => {
                format!("{node} is the reference: it takes its own clock as true time (±0)")
            }
            Note::Reference { claim } => format!(
                "{node} coordinates the Berkeley rounds; its clock is within {} of true time",
                bound(claim.bound_us)
            ),
            Note::Synced { correction_us: 0, delay_us, claim, .. } => format!(
                "{node} found its clock on time (round trip {}): no correction; within {} of true time",
                ms(*delay_us as i64),
                bound(claim.bound_us)
            ),
            Note::Synced { correction_us, delay_us, slewing: false, claim, .. } => format!(
                "{node} stepped its clock by {} (round trip {}): now within {} of true time",
                signed_ms(*correction_us),
                ms(*delay_us as i64),
                bound(claim.bound_us)
            ),
            Note::Synced { correction_us, delay_us, claim, .. } => format!(
                "{node} measured offset θ = {} (delay δ = {}) and starts slewing its clock toward it: within {} until the slew ends",
                signed_ms(*correction_us),
                ms(*delay_us as i64),
                bound(claim.bound_us)
            ),
            Note::SlewDone { claim } => format!(
                "{node} finished slewing: its clock is now within {} of true time",
                bound(claim.bound_us)
            ),
            Note::Averaged { average_us, accepted, excluded, claim, .. } => {
                let names = |v: &[NodeId]| v.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ");
                let left_out = if excluded.is_empty() {
                    String::new()
                } else {
                    format!(", leaving out {} as outliers", names(excluded))
                };
                format!(
                    "{node} averaged the clocks of {}{left_out}, and moved its own clock by {}: within {}",
                    names(accepted),
                    signed_ms(*average_us),
                    bound(claim.bound_us)
                )
            }
            Note::Adjusted { delta_us, claim, .. } => format!(
                "{node} applied the coordinator's correction of {}: now within {} of true time",
                signed_ms(*delta_us),
                bound(claim.bound_us)
            ),
            Note::Committed { op, ts_us, waited_us: 0 } => format!(
                "{node} committed {op} with timestamp {} and answered at once (no commit-wait)",
                time_text(*ts_us)
            ),
            Note::Committed { op, ts_us, waited_us } => format!(
                "{node} committed {op} with timestamp {} after waiting {} for the uncertainty to pass",
                time_text(*ts_us),
                ms(*waited_us as i64)
            ),
        };
        let signals = note
            .claim()
            .map(|c| {
                vec![LaneSignal::ClockBound {
                    bound_us: c.bound_us,
                    drift_ppm: c.drift_ppm,
                }]
            })
            .unwrap_or_default();
        ShownNote {
            label: note.label(),
            text: Some(text),
            major: !matches!(note, Note::Reference { .. }),
            signals,
        }
    }

    fn facts(events: &[Event<Self>], _now: SimTime) -> Vec<(String, String)> {
        let mut rounds = 0;
        let mut last: BTreeMap<NodeId, (i64, u64)> = BTreeMap::new();
        let mut claims = BTreeMap::new();
        let mut waits = Vec::new();
        let mut commits = 0;
        for e in events {
            let Some(node) = e.node else { continue };
            if let EventKind::Note { note } = &e.kind {
                if let Some(c) = note.claim() {
                    claims.insert(node, (c, e.time));
                    if !matches!(note, Note::Reference { .. } | Note::SlewDone { .. }) {
                        rounds += 1;
                    }
                }
                if let Note::Committed { waited_us, .. } = note {
                    commits += 1;
                    if *waited_us > 0 {
                        waits.push(*waited_us);
                    }
                }
            }
            if let EventKind::Crash = e.kind {
                claims.remove(&node);
            }
            if let Some(local) = e.local_time {
                let bound = claims
                    .get(&node)
                    .map_or(u64::MAX, |(c, t)| crate::check::allowed(*c, *t, e.time));
                last.insert(node, (local.0 - e.time.0 as i64, bound));
            }
        }
        let worst = last
            .iter()
            .max_by_key(|(_, (o, _))| o.unsigned_abs())
            .map_or("none".into(), |(n, (o, b))| {
                let b = if *b == u64::MAX {
                    "no bound claimed".into()
                } else {
                    format!("bound {}", bound(*b))
                };
                format!("{n} {} ({b})", signed_ms(*o))
            });
        let mut facts = vec![
            ("rounds".into(), rounds.to_string()),
            ("worst offset now".into(), worst),
        ];
        let found = crate::check::violations(events);
        let count = |name: &str| found.iter().filter(|v| v.invariant == name).count();
        let broken = count(crate::check::ERROR_BOUND);
        facts.push((
            "error bound".into(),
            if broken == 0 {
                "held".into()
            } else {
                format!("broken {broken} times")
            },
        ));
        if commits > 0 {
            let mean = waits.iter().sum::<u64>() as f64 / waits.len().max(1) as f64 / 1000.0;
            facts.push(("commits".into(), commits.to_string()));
            facts.push((
                "commit waits".into(),
                format!("{}, mean {mean:.1} ms", waits.len()),
            ));
            let ext: Vec<String> = found
                .iter()
                .filter(|v| v.invariant == crate::check::EXTERNAL_CONSISTENCY)
                .map(|v| v.message.clone())
                .collect();
            facts.push((
                "external consistency".into(),
                if ext.is_empty() {
                    "kept".into()
                } else {
                    format!("{} violations: {}", ext.len(), ext.join("; "))
                },
            ));
        }
        facts
    }
}
