//! The lab's view of a Dynamo node: one role (replica; every node is one and any may coordinate), the boot
//! count as the epoch, the node's store, hints and coordinations in the inspector, plain sentences for
//! every note, a `Versions` lane signal on every change of a node's versions, the ring and the stored keys,
//! and the run's facts (stale reads, lost writes, siblings, time to convergence).

use crate::check;
use crate::coordinator::Request;
use crate::face_text::{self, list, secs, stored_versions, versions_text};
use crate::message::{Message, Timer};
use crate::node::Dynamo;
use crate::note::Note;
use crate::options::{Mutant, Resolution};
use crate::ring::HashRing;
use splitbrain_sim::{
    Consistency, Describe, Event, Face, Family, FieldKind, Label, NodeId, NodeSummary, OptionField,
    Protocol, Ring, RingKey, RoleStyle, Section, ShownMsg, ShownNote, ShownTimer, SimTime, Stored,
    Table,
};
use std::collections::BTreeSet;

const ROLES: &[RoleStyle] = &[RoleStyle {
    name: "replica",
    letter: "R",
    tone: 0,
    exclusive: false,
}];

const FAMILIES: &[Family] = &[
    Family {
        key: "client",
        legend: "Put / Get and their acks: a coordinator asks the key's replicas and waits for W or R",
    },
    Family {
        key: "repair",
        legend: "Repair, Digest, Sync, Handoff: replicas catching up (read repair, anti-entropy, hinted handoff)",
    },
];

fn option_fields() -> Vec<OptionField> {
    let int = |key, label, help, min, max, unit| OptionField {
        key,
        label,
        help,
        kind: FieldKind::Integer { min, max, unit },
    };
    let boolean = |key, label, help| OptionField {
        key,
        label,
        help,
        kind: FieldKind::Bool,
    };
    let mut mutants = vec![(serde_json::Value::Null, "none (correct)")];
    for m in Mutant::ALL {
        mutants.push((serde_json::json!(m.as_str()), m.label()));
    }
    vec![
        int("replicas", "replicas (N)", "How many nodes store each key: the first N distinct nodes clockwise from the key on the ring.", 1, 9, ""),
        int("write_quorum", "write quorum (W)", "A put is acknowledged once W replicas (the coordinator included) stored it.", 1, 9, ""),
        int("read_quorum", "read quorum (R)", "A get answers once R replicas answered. R + W > N: every read meets the latest write (strict quorums).", 1, 9, ""),
        OptionField {
            key: "resolution",
            label: "conflict resolution",
            help: "Vector clocks keep concurrent writes as siblings for the client to merge; last-writer-wins keeps the highest timestamp of the coordinator's own clock and throws the rest away.",
            kind: FieldKind::Choice(vec![
                (serde_json::json!("vector_clock"), "vector clocks (siblings)"),
                (serde_json::json!("last_writer_wins"), "last writer wins (local clocks)"),
            ]),
        },
        boolean("sloppy_quorum", "sloppy quorum", "When an owner does not answer, the next healthy node on the ring stands in and keeps the write with a hint, handed back later."),
        boolean("read_repair", "read repair", "After a read, send the reconciled versions to replicas that answered with older ones."),
        int("vnodes", "virtual nodes", "Tokens per node on the ring.", 1, 16, ""),
        int("anti_entropy_ms", "anti-entropy period", "How often a node compares range digests with a random peer (0: never).", 0, 60_000, "ms"),
        int("request_timeout_ms", "request timeout", "How long a coordinator waits for W or R replicas.", 10, 60_000, "ms"),
        int("handoff_ms", "handoff period", "How often a stand-in offers hinted writes back to their owner.", 10, 60_000, "ms"),
        int("suspect_ms", "skip a silent node for", "A coordinator skips an owner that timed out for this long (sloppy quorums).", 10, 60_000, "ms"),
        OptionField {
            key: "mutant",
            label: "mutant",
            help: "Break one rule on purpose, to see a checker catch it.",
            kind: FieldKind::Choice(mutants),
        },
    ]
}

impl Describe for Dynamo {
    const FACE: Face = Face {
        name: "dynamo",
        epoch_word: "boot",
        epoch_label: |e| e.to_string(),
        roles: ROLES,
        base_role: 0,
        families: FAMILIES,
        commit_word: "acknowledged",
        client_ops: <Dynamo as Protocol>::CLIENT_OPS,
        consistency: Consistency::Eventual,
        nodes: (crate::options::MIN_NODES, crate::options::MAX_NODES),
        option_fields,
    };

    fn summary(&self) -> NodeSummary {
        let hints = self.hints.len();
        NodeSummary {
            role: 0,
            epoch: self.boots,
            leader: None,
            detail: Some(self.summary_detail(hints)),
        }
    }

    fn inspector(&self) -> Vec<Section> {
        let o = &self.opts;
        let rows = vec![
            (
                "quorums".into(),
                format!(
                    "N = {}, W = {}, R = {}{}",
                    o.replicas,
                    o.write_quorum,
                    o.read_quorum,
                    if o.quorums_intersect() {
                        " (R + W > N: strict quorums meet)"
                    } else {
                        ""
                    }
                ),
            ),
            (
                "conflicts".into(),
                match o.resolution {
                    Resolution::VectorClock => "vector clocks: concurrent writes kept as siblings",
                    Resolution::LastWriterWins => {
                        "last writer wins, by the coordinator's own clock"
                    }
                }
                .into(),
            ),
            (
                "quorum".into(),
                if o.sloppy_quorum {
                    "sloppy (stand-ins with hints)"
                } else {
                    "strict (owners only)"
                }
                .into(),
            ),
            ("boot".into(), self.boots.to_string()),
        ];
        let mut store = Table::new(
            &["key", "versions (value clock)", "preference list"],
            self.store
                .iter()
                .map(|(k, vs)| vec![k.clone(), versions_text(vs), list(&self.ring.preference(k))])
                .collect(),
            "stores no key",
        );
        store.marked = self
            .store
            .values()
            .enumerate()
            .filter(|(_, vs)| vs.len() > 1)
            .map(|(i, _)| i)
            .collect();
        store.marked_means =
            "siblings: concurrent versions waiting for a client to merge them".into();
        let hints = Table::new(
            &["key", "held for", "versions"],
            self.hints
                .iter()
                .map(|((k, owner), vs)| vec![k.clone(), owner.to_string(), versions_text(vs)])
                .collect(),
            "holds no hint",
        );
        let coords = Table::new(
            &["op", "request", "heard", "asked"],
            self.coords
                .values()
                .filter(|c| !c.done)
                .map(|c| {
                    let request = match &c.request {
                        Request::Put { version } => format!("put {}={}", c.key, version),
                        Request::Get => format!("get {}", c.key),
                    };
                    let asked: Vec<String> = c
                        .asked
                        .iter()
                        .map(|(n, h)| match h {
                            Some(o) => format!("{n} (for {o})"),
                            None => n.to_string(),
                        })
                        .collect();
                    vec![
                        c.op.to_string(),
                        request,
                        format!("{} of {}", c.heard(), c.needed),
                        asked.join(", "),
                    ]
                })
                .collect(),
            "no request in flight",
        );
        vec![
            Section::rows("state", "", rows),
            Section::table("store", "what this node stores as an owner", store),
            Section::table("hints", "hinted writes held for another owner", hints),
            Section::table("coordinations", "requests this node coordinates", coords),
        ]
    }

    fn show_msg(m: &Message) -> ShownMsg {
        let (family, tag, text) = match m {
            Message::Put {
                key,
                version,
                hint_for,
                ..
            } => (
                0,
                "P",
                match hint_for {
                    Some(o) => format!("Put {key}={version}, hinted for {o}"),
                    None => format!("Put {key}={version}"),
                },
            ),
            Message::PutAck { key, .. } => (0, "✓", format!("PutAck {key}")),
            Message::Get { key, .. } => (0, "G", format!("Get {key}")),
            Message::GetReply { key, versions, .. } => (
                0,
                "V",
                format!("GetReply {key}: {}", versions_text(versions)),
            ),
            Message::Repair { key, versions } => (
                1,
                "RR",
                format!("Repair {key}: {}", versions_text(versions)),
            ),
            Message::Handoff { key, versions } => (
                1,
                "H",
                format!("Handoff {key}: {}", versions_text(versions)),
            ),
            Message::HandoffAck { key, .. } => (1, "H✓", format!("HandoffAck {key}")),
            Message::Digest { ranges } => {
                (1, "#", format!("Digest of {} shared ranges", ranges.len()))
            }
            Message::Sync {
                ranges, entries, ..
            } => (
                1,
                "S",
                format!(
                    "Sync: {} keys of {} differing ranges",
                    entries.len(),
                    ranges.len()
                ),
            ),
        };
        ShownMsg {
            label: m.label(),
            family,
            tag: tag.into(),
            text,
            heartbeat: matches!(m, Message::Digest { .. }),
        }
    }

    fn show_timer(t: &Timer) -> ShownTimer {
        ShownTimer {
            label: t.label(),
            ring: matches!(t, Timer::AntiEntropy),
        }
    }

    fn show_note(node: NodeId, note: &Note) -> ShownNote {
        let (text, major, signals) = face_text::note_text(node, note);
        ShownNote {
            label: note.label(),
            text: Some(text),
            major,
            signals,
        }
    }

    fn facts(events: &[Event<Self>], _now: SimTime) -> Vec<(String, String)> {
        let stale = splitbrain_check::stale_read::stale_reads(events);
        let lost = splitbrain_check::lost_write::lost_writes(events);
        let sessions = splitbrain_check::session::session_anomalies(events);
        let (siblings, most) = check::siblings_seen(events);
        let mut facts = vec![
            ("stale reads".into(), stale.len().to_string()),
            ("lost writes".into(), lost.len().to_string()),
            ("session anomalies".into(), sessions.len().to_string()),
            (
                "reads with siblings".into(),
                if siblings == 0 {
                    "0".into()
                } else {
                    format!("{siblings} (up to {most} versions at once)")
                },
            ),
        ];
        if let Some(w) = check::last_write(events) {
            let text = match check::convergence(events) {
                Ok(t) if t > w => format!(
                    "{:.2} s after the last write (acknowledged at {})",
                    (t.0 - w.0) as f64 / 1e6,
                    secs(w)
                ),
                Ok(_) => format!("at the last write ({})", secs(w)),
                Err(why) => format!("not yet: {why}"),
            };
            facts.push(("replicas converged".into(), text));
        }
        facts
    }

    fn ring(&self) -> Option<Ring> {
        let mut keys: BTreeSet<&str> = self.store.keys().map(String::as_str).collect();
        keys.extend(self.hints.keys().map(|(k, _)| k.as_str()));
        keys.extend(self.coords.values().map(|c| c.key.as_str()));
        Some(Ring {
            tokens: self.ring.tokens.clone(),
            keys: keys
                .into_iter()
                .map(|k| RingKey {
                    key: k.to_string(),
                    position: HashRing::position(k),
                    preference: self.ring.preference(k),
                })
                .collect(),
        })
    }

    fn stored(&self) -> Vec<Stored> {
        let mut out: Vec<Stored> = self
            .store
            .iter()
            .map(|(k, vs)| Stored {
                key: k.clone(),
                versions: stored_versions(vs),
                hint_for: None,
            })
            .collect();
        out.extend(self.hints.iter().map(|((k, owner), vs)| Stored {
            key: k.clone(),
            versions: stored_versions(vs),
            hint_for: Some(*owner),
        }));
        out.sort_by(|a, b| (&a.key, a.hint_for).cmp(&(&b.key, b.hint_for)));
        out
    }
}

impl Dynamo {
    /// Under the node on the cluster: its values when they fit ("x=1 cart=milk|eggs"), so a stale replica
    /// is visible without opening anything; a count otherwise. Hints held for others are counted apart.
    fn summary_detail(&self, hints: usize) -> String {
        let values = if self.store.is_empty() {
            "no keys".to_string()
        } else if self.store.len() <= 2 {
            self.store
                .iter()
                .map(|(k, vs)| {
                    let v: Vec<&str> = vs.iter().map(|v| v.value.as_str()).collect();
                    format!("{k}={}", v.join("|"))
                })
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            format!("{} keys", self.store.len())
        };
        match hints {
            0 => values,
            1 => format!("{values}, 1 hint"),
            n => format!("{values}, {n} hints"),
        }
    }
}
