//! The `Describe` impl: each node's badge summary and inspector sections (its role and epoch, who it
//! believes is primary, its write log with who acknowledged each entry, its store, and what it discarded).

use super::{
    option_fields, show_msg, show_note, show_timer, BACKUP, CANDIDATE, FAMILIES, PRIMARY, ROLES,
};
use crate::message::{Message, Timer};
use crate::node::{PrimaryBackup, Role};
use crate::note::Note;
use splitbrain_sim::{
    Consistency, Describe, Event, Face, NodeId, NodeSummary, Protocol, Section, ShownMsg,
    ShownNote, ShownTimer, SimTime, Table,
};

/// Log entries shown in the inspector: the most recent ones.
const SHOWN_ENTRIES: u64 = 12;

fn role_of(node: &PrimaryBackup) -> u8 {
    match node.role() {
        Role::Backup => BACKUP,
        Role::Candidate => CANDIDATE,
        Role::Primary => PRIMARY,
    }
}

fn writes(node: &PrimaryBackup) -> usize {
    node.log().iter().filter(|e| e.write.is_some()).count()
}

fn state_section(node: &PrimaryBackup, n: usize) -> Section {
    let o = node.options();
    let mut rows = vec![
        (
            "role".to_string(),
            ROLES[role_of(node) as usize].name.to_string(),
        ),
        ("epoch".to_string(), node.epoch().to_string()),
        (
            "believes primary is".to_string(),
            node.primary().map_or("unknown".into(), |p| p.to_string()),
        ),
        (
            "last heartbeat heard".to_string(),
            node.last_heard
                .map_or("none since it started".into(), |t| t.to_string()),
        ),
        (
            "acknowledged up to".to_string(),
            format!(
                "#{} of {} entries ({n} writes)",
                node.commit(),
                node.log().len()
            ),
        ),
        (
            "voted for".to_string(),
            node.voted_for
                .map_or("nobody this epoch".into(), |v| v.to_string()),
        ),
        (
            "mode".to_string(),
            format!(
                "{:?} replication, {:?} failover, {:?} reads",
                o.replication, o.failover, o.reads
            ),
        ),
    ];
    if node.is_primary() {
        let waiting: usize = node.waiting.values().map(Vec::len).sum();
        rows.push(("writes waiting for acks".into(), waiting.to_string()));
        rows.push((
            "reads waiting for a round".into(),
            node.reads.len().to_string(),
        ));
    }
    if node.role() == Role::Candidate {
        rows.push((
            "votes".into(),
            format!("{} yes, {} no", node.votes.len(), node.denials.len()),
        ));
    }
    Section::rows("state", "", rows)
}

fn log_section(node: &PrimaryBackup) -> Section {
    let len = node.log().len();
    let first = len.saturating_sub(SHOWN_ENTRIES) + 1;
    let mut rows = Vec::new();
    let mut marked = Vec::new();
    for index in first..=len {
        let Some(e) = node.log().get(index) else {
            continue;
        };
        let acked_by = if node.is_primary() {
            let by: Vec<String> = node
                .peers()
                .iter()
                .filter(|(_, p)| p.matched >= index)
                .map(|(n, _)| n.to_string())
                .collect();
            if by.is_empty() {
                "none yet".into()
            } else {
                by.join(" ")
            }
        } else {
            "—".into()
        };
        if index <= node.commit() {
            marked.push(rows.len());
        }
        rows.push(vec![
            index.to_string(),
            e.epoch.to_string(),
            e.to_string(),
            acked_by,
        ]);
    }
    let mut table = Table::new(
        &["#", "epoch", "write", "stored by backups"],
        rows,
        "no writes yet",
    );
    table.marked = marked;
    table.marked_means = "acknowledged to the client".into();
    Section {
        table: Some(table),
        ..Section::rows("log", "Write log", Vec::new())
    }
}

fn store_section(node: &PrimaryBackup) -> Section {
    let rows = node
        .kv()
        .iter()
        .map(|(k, v)| vec![k.clone(), v.clone()])
        .collect();
    Section::table(
        "store",
        "Store (acknowledged writes applied)",
        Table::new(&["key", "value"], rows, "empty"),
    )
}

fn discarded_section(node: &PrimaryBackup) -> Section {
    let rows: Vec<Vec<String>> = node
        .discarded()
        .iter()
        .map(|(i, e)| vec![i.to_string(), e.epoch.to_string(), e.to_string()])
        .collect();
    let summary = if rows.is_empty() {
        "none".to_string()
    } else {
        node.discarded()
            .iter()
            .filter_map(|(_, e)| e.write.as_ref().map(|w| w.to_string()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Section {
        rows: vec![(
            "discarded writes".into(),
            if summary.is_empty() {
                "only epoch markers".into()
            } else {
                summary
            },
        )],
        table: Some(Table::new(
            &["#", "epoch", "write"],
            rows,
            "nothing discarded",
        )),
        ..Section::rows("discarded", "Discarded writes", Vec::new())
    }
}

impl Describe for PrimaryBackup {
    const FACE: Face = Face {
        name: Self::NAME,
        epoch_word: "epoch",
        epoch_label: |e| e.to_string(),
        roles: ROLES,
        base_role: BACKUP,
        families: FAMILIES,
        commit_word: "acknowledged",
        client_ops: Self::CLIENT_OPS,
        consistency: Consistency::Linearizable,
        nodes: (crate::options::MIN_NODES, crate::options::MAX_NODES),
        option_fields,
    };

    fn summary(&self) -> NodeSummary {
        NodeSummary {
            role: role_of(self),
            epoch: self.epoch(),
            leader: self.primary(),
            // The epoch is on the badge already; the detail says how much of the history this node holds.
            detail: Some(match writes(self) {
                1 => "1 write".to_string(),
                n => format!("{n} writes"),
            }),
        }
    }

    fn inspector(&self) -> Vec<Section> {
        vec![
            state_section(self, writes(self)),
            log_section(self),
            store_section(self),
            discarded_section(self),
        ]
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
        crate::facts::facts(events, now)
    }
}
