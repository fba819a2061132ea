//! How a protocol describes itself to the lab, so that no view ever names a protocol.
//!
//! Two halves: a static [`Face`] (the words, roles, message families, option fields and consistency model of
//! the protocol, the same for every node) and the [`Describe`] methods that turn one node's state, message,
//! timer or note into protocol-neutral values ([`NodeSummary`], [`Section`], [`ShownMsg`], [`ShownTimer`],
//! [`ShownNote`]). The lab's views read only these.

use crate::ids::NodeId;
use crate::protocol::{Label, OpKind, Protocol};
use crate::time::SimTime;
use crate::trace::Event;
use serde::{Deserialize, Serialize};

/// A role a node can be in ("leader", "acceptor", "primary"), as drawn on badges and lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoleStyle {
    pub name: &'static str,
    /// One letter for the node badge: colour is never the only cue.
    pub letter: &'static str,
    /// The palette slot: 0 the quiet base role (follower, acceptor), 1 a contender (candidate, proposer in
    /// phase 1), 2 the one that leads (leader, distinguished proposer, primary), 3 a hesitant one (pre-candidate).
    pub tone: u8,
    /// At most one node may hold this role per epoch: two at once is split brain.
    pub exclusive: bool,
}

/// A family of messages with its own colour in the cluster view and the timelines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Family {
    /// Stable name, used in CSS classes and tests ("vote", "phase1").
    pub key: &'static str,
    /// The legend entry, in plain language.
    pub legend: &'static str,
}

/// The judge of a protocol's client history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consistency {
    /// Every operation appears to take effect at one instant between its invoke and its return: checked
    /// with the linearizability checker, stale reads flagged.
    Linearizable,
    /// Replicas may disagree for a while: stale reads are expected, not violations.
    Eventual,
    /// The protocol serves no client history worth judging.
    None,
}

/// One editable protocol option, from which the Run panel builds its form. `key` is the option's field in
/// `cluster.options`.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionField {
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: FieldKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FieldKind {
    Bool,
    /// One of fixed JSON values (strings, or `null` for "none"), each with a label.
    Choice(Vec<(serde_json::Value, &'static str)>),
    /// A whole number in `[min, max]`, shown with its unit.
    Integer {
        min: i64,
        max: i64,
        unit: &'static str,
    },
}

/// The fixed description of a protocol.
#[derive(Clone, Copy, Debug)]
pub struct Face {
    /// `cluster.protocol` in scenarios.
    pub name: &'static str,
    /// The word for the protocol's epoch: "term", "ballot", "view", "epoch".
    pub epoch_word: &'static str,
    /// How an epoch value reads ("3" for a term, "4.2" for ballot round 4 of node 2).
    pub epoch_label: fn(u64) -> String,
    /// Indexed by [`NodeSummary::role`] and [`LaneSignal::Role`].
    pub roles: &'static [RoleStyle],
    /// The role a node falls back to when its epoch moves on while it held an exclusive role.
    pub base_role: u8,
    /// Indexed by [`ShownMsg::family`].
    pub families: &'static [Family],
    /// What the commit point is called on lanes ("committed", "chosen").
    pub commit_word: &'static str,
    pub client_ops: &'static [OpKind],
    pub consistency: Consistency,
    /// Smallest and largest cluster the protocol runs with.
    pub nodes: (u32, u32),
    pub option_fields: fn() -> Vec<OptionField>,
}

impl Face {
    pub fn role(&self, role: u8) -> RoleStyle {
        self.roles.get(role as usize).copied().unwrap_or(RoleStyle {
            name: "?",
            letter: "?",
            tone: 0,
            exclusive: false,
        })
    }

    pub fn family(&self, family: u8) -> Family {
        self.families
            .get(family as usize)
            .copied()
            .unwrap_or(Family {
                key: "other",
                legend: "other messages",
            })
    }

    pub fn accepts(&self, op: OpKind) -> bool {
        self.client_ops.contains(&op)
    }
}

/// What the badge and the inspector's header say about one running node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSummary {
    pub role: u8,
    /// The node's current epoch (term, ballot…), as [`Face::epoch_label`] renders it.
    pub epoch: u64,
    /// The node it believes leads, if the protocol has a leader.
    pub leader: Option<NodeId>,
    /// A short extra fact for the badge ("commit 4", "slot 7"), if any.
    pub detail: Option<String>,
}

/// One block of the inspector: labelled rows, then an optional small table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// Stable name for tests and styles ("state", "log", "acceptor").
    pub key: String,
    /// The heading; empty for the first block of facts.
    pub title: String,
    pub rows: Vec<(String, String)>,
    pub table: Option<Table>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Shown instead of the table when there are no rows ("empty").
    pub empty: String,
    /// Rows to emphasise (committed entries, chosen slots), with what the emphasis means.
    pub marked: Vec<usize>,
    pub marked_means: String,
}

impl Section {
    pub fn rows(key: &str, title: &str, rows: Vec<(String, String)>) -> Section {
        Section {
            key: key.into(),
            title: title.into(),
            rows,
            table: None,
        }
    }

    pub fn table(key: &str, title: &str, table: Table) -> Section {
        Section {
            key: key.into(),
            title: title.into(),
            rows: Vec::new(),
            table: Some(table),
        }
    }
}

impl Table {
    pub fn new(columns: &[&str], rows: Vec<Vec<String>>, empty: &str) -> Table {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
            empty: empty.into(),
            marked: Vec::new(),
            marked_means: String::new(),
        }
    }
}

/// A message as the views see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownMsg {
    /// The message type ("AppendEntries", "Promise").
    pub label: String,
    pub family: u8,
    /// Two or three characters drawn on the message dot ("AE", "✓").
    pub tag: String,
    /// The message with its key fields, for lists and tooltips.
    pub text: String,
    /// Routine traffic the timelines may fold (Raft's empty AppendEntries).
    pub heartbeat: bool,
}

/// A timer as the views see it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ShownTimer {
    pub label: String,
    /// The timer the node's ring shows (the election timeout, a proposer's backoff).
    pub ring: bool,
}

/// A protocol note as the views see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownNote {
    /// The note's label, which narration checkpoints match (`leader`, `chosen`).
    pub label: String,
    /// The plain-language sentence for the narration strip and event log; `None` for bookkeeping too small
    /// to narrate.
    pub text: Option<String>,
    /// Deserves emphasis in the narration strip.
    pub major: bool,
    /// What this note changes on the epoch lanes.
    pub signals: Vec<LaneSignal>,
}

/// A change to a node's lane: its role and epoch, its log and its commit point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LaneSignal {
    /// The node now holds `role`, in `epoch` (or in its current epoch when `None`: a Raft pre-candidate
    /// campaigns without adopting the term it asks for).
    Role { role: u8, epoch: Option<u64> },
    /// The node moved to `epoch` (an exclusive role ends: see [`Face::base_role`]).
    Epoch { epoch: u64 },
    /// The node's log now holds `len` entries.
    Log { len: u64 },
    /// The node's commit point (entries or slots decided) is now `upto`.
    Commit { upto: u64 },
    /// The node recorded its local state for snapshot `snapshot` (Chandy–Lamport): the snapshot's cut
    /// passes through this event on the happens-before diagram.
    Cut { snapshot: u64 },
    /// The node now believes its clock is within `bound_us` of true time, a bound that grows by
    /// `drift_ppm` (the drift the algorithm assumes) until the next claim (clock synchronisation): the clock
    /// chart draws it around zero, and the offset line must stay inside.
    ClockBound {
        bound_us: u64,
        #[serde(default)]
        drift_ppm: u32,
    },
    /// The node's failure detector now suspects `node` (or stopped suspecting it): measured against the
    /// crashes that really happened, as detection times and false suspicions.
    Suspect { node: NodeId, suspected: bool },
    /// The node now stores these versions of `key` (several: siblings; none: it dropped the key), each as
    /// (value, clock) the way [`StoredVersion`] prints them; `hint_for` when it holds them for another owner
    /// (a sloppy quorum's stand-in). The version lanes and the convergence of each key are drawn from these.
    Versions {
        key: String,
        versions: Vec<(String, String)>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hint_for: Option<NodeId>,
    },
}

/// A consistent-hashing ring as one node routes by it: every token (virtual node) and, for the keys the node
/// knows, where each key falls and its preference list. Positions are on a ring of `2^32` points.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ring {
    /// Every virtual node, by position.
    pub tokens: Vec<(u32, NodeId)>,
    pub keys: Vec<RingKey>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RingKey {
    pub key: String,
    pub position: u32,
    /// The nodes that own the key, in order: the first `N` distinct nodes clockwise from its position.
    pub preference: Vec<NodeId>,
}

/// What one node stores for one key: the versions it keeps (several when concurrent writes left siblings)
/// and, for a stand-in of a sloppy quorum, the owner it keeps them for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub key: String,
    pub versions: Vec<StoredVersion>,
    /// A hint: this node holds the key on behalf of that owner until it can hand it back.
    pub hint_for: Option<NodeId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredVersion {
    /// The value as a reader would see it ("3", "{milk, eggs}").
    pub value: String,
    /// The version's ordering metadata as printed: a vector clock "[n1:2 n3:1]", a timestamp, a CRDT's
    /// per-replica counts. Two replicas agree on a key when values and clocks are equal.
    pub clock: String,
}

/// Implemented by every protocol beside its state machine: its face in the lab.
pub trait Describe: Protocol {
    const FACE: Face;

    fn summary(&self) -> NodeSummary;
    fn inspector(&self) -> Vec<Section>;
    fn show_msg(msg: &Self::Msg) -> ShownMsg;
    fn show_timer(timer: &Self::Timer) -> ShownTimer;
    fn show_note(node: NodeId, note: &Self::Note) -> ShownNote;

    /// What the run has done so far, in the protocol's own terms, for `splitbrain run` and reports:
    /// ("transactions committed", "4"), ("longest blocking", "1.2 s at n2"), ("writes lost at failover", "2").
    /// `events` are the trace up to `now`. Protocols with nothing to add keep the default (none).
    fn facts(events: &[Event<Self>], now: SimTime) -> Vec<(String, String)> {
        let _ = (events, now);
        Vec::new()
    }

    /// The ring this node places keys by, for protocols that partition by consistent hashing.
    fn ring(&self) -> Option<Ring> {
        None
    }

    /// Every key this node stores, in key order, for the replica table and convergence. Protocols that are
    /// no replicated store keep the default (none).
    fn stored(&self) -> Vec<Stored> {
        Vec::new()
    }
}

/// A plain note with no lane effect, for protocols' bookkeeping notes.
pub fn quiet_note(note: &impl Label) -> ShownNote {
    ShownNote {
        label: note.label(),
        text: None,
        major: false,
        signals: Vec::new(),
    }
}
