//! The sentences of the lab's view: every note in plain words ("n3 now keeps 2 siblings of cart: …"),
//! with the lane signal a change of a node's versions carries, and the small formatting helpers the
//! inspector and the messages share.

use crate::note::{Cause, Note};
use crate::version::Version;
use splitbrain_sim::{LaneSignal, NodeId, SimTime, StoredVersion};

pub(crate) fn list(nodes: &[NodeId]) -> String {
    let v: Vec<String> = nodes.iter().map(NodeId::to_string).collect();
    v.join(", ")
}

pub(crate) fn versions_text(vs: &[Version]) -> String {
    if vs.is_empty() {
        return "nothing".into();
    }
    let v: Vec<String> = vs.iter().map(Version::to_string).collect();
    v.join(" | ")
}

fn lane(key: &str, versions: &[Version], hint_for: Option<NodeId>) -> LaneSignal {
    LaneSignal::Versions {
        key: key.to_string(),
        versions: versions
            .iter()
            .map(|v| (v.value.clone(), v.stamp.to_string()))
            .collect(),
        hint_for,
    }
}

pub(crate) fn stored_versions(vs: &[Version]) -> Vec<StoredVersion> {
    vs.iter()
        .map(|v| StoredVersion {
            value: v.value.clone(),
            clock: v.stamp.to_string(),
        })
        .collect()
}

pub(crate) fn secs(t: SimTime) -> String {
    format!("{:.2} s", t.0 as f64 / 1e6)
}

fn stored_text(
    node: NodeId,
    key: &str,
    versions: &[Version],
    hint_for: Option<NodeId>,
    before: u32,
    cause: &Cause,
) -> String {
    let what = versions_text(versions);
    let why = match cause {
        Cause::Write { from } if *from == node => "a write it coordinates".to_string(),
        Cause::Write { from } => format!("a write coordinated by {from}"),
        Cause::ReadRepair { by } if *by == node => "its own read repair".to_string(),
        Cause::ReadRepair { by } => format!("read repair from {by}"),
        Cause::AntiEntropy { with } => format!("anti-entropy with {with}"),
        Cause::Handoff { from } => format!("the hinted handoff from {from}"),
        Cause::HintDropped => "its owner took it back".to_string(),
    };
    match hint_for {
        Some(o) if versions.is_empty() => {
            format!("{node} drops its hint of {key} for {o}: {why}")
        }
        Some(o) => format!("{node} stands in for {o} and keeps {key} = {what} with a hint ({why})"),
        None if versions.len() > 1 => format!(
            "{node} now keeps {} siblings of {key}: {what} — concurrent writes, neither supersedes the other ({why})",
            versions.len()
        ),
        None if before > 1 && versions.len() == 1 => {
            format!("{node} merges the {before} siblings of {key} into {what} ({why})")
        }
        None => format!("{node} stores {key} = {what} ({why})"),
    }
}

/// A note's sentence, whether it is major, and its lane signals.
pub(crate) fn note_text(node: NodeId, note: &Note) -> (String, bool, Vec<LaneSignal>) {
    match note {
        Note::Booted { keys, hints } => (
            format!("{node} starts with {keys} keys and {hints} hinted keys from its disk"),
            false,
            Vec::new(),
        ),
        Note::Coordinate {
            op,
            key,
            preference,
            version,
        } => (
            match version {
                Some(v) => format!(
                    "{node} coordinates {op}: put {key} = {v}, to its replicas {}",
                    list(preference)
                ),
                None => format!("{node} coordinates {op}: get {key} from its replicas {}", list(preference)),
            },
            false,
            Vec::new(),
        ),
        Note::Stored {
            key,
            versions,
            hint_for,
            before,
            cause,
        } => (
            stored_text(node, key, versions, *hint_for, *before, cause),
            versions.len() > 1 || (*before > 1 && versions.len() == 1),
            vec![lane(key, versions, *hint_for)],
        ),
        Note::Discarded { key, version, kept } => (
            format!(
                "{node} throws away {key} = {version}: it keeps {}, which supersedes it{}",
                versions_text(kept),
                if matches!(version.stamp, crate::version::Stamp::Time { .. }) { " (last writer wins, by timestamp)" } else { "" }
            ),
            true,
            Vec::new(),
        ),
        Note::Acknowledged {
            op,
            key,
            version,
            from,
            quorum,
        } => (
            format!(
                "{node} acknowledges {op} (put {key} = {}): {} of W = {quorum} replicas stored it ({})",
                version.value,
                from.len(),
                list(from)
            ),
            true,
            Vec::new(),
        ),
        Note::Read {
            op,
            key,
            versions,
            from,
        } => (
            if versions.len() > 1 {
                format!(
                    "{node} answers {op} with {} siblings of {key}: {} (from {})",
                    versions.len(),
                    versions_text(versions),
                    list(from)
                )
            } else {
                format!("{node} answers {op}: {key} = {} (from {})", versions_text(versions), list(from))
            },
            true,
            Vec::new(),
        ),
        Note::LateNewer {
            op,
            key,
            from,
            versions,
        } => (
            format!(
                "too late for {op}: {from} answers {key} = {}, newer than what the client was told",
                versions_text(versions)
            ),
            true,
            Vec::new(),
        ),
        Note::RepairSent { key, to } => (
            if to.as_slice() == [node] {
                format!("{node} repairs its own copy of {key}: it answered with older versions")
            } else {
                format!("{node} repairs {key} at {}: they answered with older versions", list(to))
            },
            false,
            Vec::new(),
        ),
        Note::StandIn {
            op,
            key,
            owner,
            stand_in,
        } => (
            if stand_in == &node {
                format!("{owner} is not answering: {node} stands in for it itself for {op} ({key})")
            } else {
                format!("{owner} is not answering: {node} asks {stand_in} to stand in for it for {op} ({key})")
            },
            true,
            Vec::new(),
        ),
        Note::Failed {
            op,
            key,
            answered,
            needed,
        } => (
            format!("{node} gives up on {op} ({key}): only {answered} of {needed} replicas answered in time"),
            true,
            Vec::new(),
        ),
        Note::Refused { op, reason } => (format!("{node} refuses {op}: {reason}"), false, Vec::new()),
        Note::Mismatch { peer, ranges } => (
            format!("{node}'s anti-entropy finds {ranges} key ranges differing from {peer}'s: they exchange those keys"),
            false,
            Vec::new(),
        ),
    }
}
