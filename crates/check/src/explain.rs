//! Plain-language explanations of a linearizability violation, for students.
//!
//! The search only says "no order works". These look for the simplest story that proves it, from the most
//! concrete (nobody ever wrote that value) to the most general, so the message points at the operations a
//! student should look at on the timeline.

use crate::history::{Op, OpKind};
use crate::stale_read::find_overwrite;

/// Why `culprit`, the operation whose return made the history of its key non-linearizable, cannot be placed.
/// `ops` are all operations of that key.
pub(crate) fn explain(culprit: &Op, ops: &[&Op]) -> String {
    let key = &culprit.key;
    let read = match &culprit.kind {
        OpKind::Get { read } => read,
        // Completing a put never adds a constraint the pending put did not have, so the search never blames
        // one; say something sensible anyway.
        OpKind::Put { value } => {
            return format!(
                "put {key}={value:?} ({}) cannot be placed in any order of the operations on {key} that respects real time",
                culprit.id
            )
        }
    };
    let saw = match read {
        Some(v) => format!("get {key} returned {v:?}"),
        None => format!("get {key} found no value"),
    };
    if let Some(v) = read {
        if let Some(msg) = invented(&saw, culprit, v, ops) {
            return msg;
        }
    }
    if let Some(o) = find_overwrite(culprit, ops) {
        let written = o.by.written().unwrap_or_default();
        let mut msg = format!(
            "{saw} but {written:?} was written by {}, which completed before this get began",
            o.by.id
        );
        if let (Some(src), Some(v)) = (o.source, read) {
            let landed = if src.returned().is_some() {
                "completed"
            } else {
                "already been read"
            };
            msg += &format!(
                " (and began after {}'s write of {v:?} had {landed})",
                src.id
            );
        }
        return msg;
    }
    if let Some((earlier, newer)) = went_back_in_time(culprit, ops) {
        let after = match read {
            Some(v) => format!(", which was written after {v:?}"),
            None => String::new(),
        };
        return format!(
            "{saw}, but {}, a get that completed before this one began, had already returned {newer:?}{after}",
            earlier.id
        );
    }
    format!(
        "{saw}, and no order of the operations on {key} that respects real time explains this result together \
         with the results returned before it"
    )
}

/// The value read was never written, or only by puts that began after the get had already returned.
fn invented(saw: &str, get: &Op, v: &str, ops: &[&Op]) -> Option<String> {
    let ret = get.returned()?;
    let mut writers = ops.iter().filter(|w| w.written() == Some(v));
    let Some(first) = writers.next() else {
        return Some(format!("{saw}, but no put ever wrote {v:?} to {}", get.key));
    };
    if first.invoke > ret && writers.all(|w| w.invoke > ret) {
        return Some(format!(
            "{saw} before any put of {v:?} had begun ({} began only later)",
            first.id
        ));
    }
    None
}

/// An earlier get, finished before this one began, that saw a value certainly written after the one this get
/// returns: the register appears to run backwards.
fn went_back_in_time<'a>(get: &Op, ops: &[&'a Op]) -> Option<(&'a Op, &'a str)> {
    let OpKind::Get { read } = &get.kind else {
        return None;
    };
    let mine = sources(read.as_deref(), get, ops)?;
    ops.iter().copied().find_map(|earlier| {
        let OpKind::Get { read: Some(newer) } = &earlier.kind else {
            return None;
        };
        if !earlier.precedes(get) || Some(newer) == read.as_ref() {
            return None;
        }
        let theirs: Vec<&Op> = sources(Some(newer), earlier, ops)?
            .into_iter()
            .flatten()
            .collect();
        // Every write this get could have seen finished before any write the earlier get could have seen began
        // (the initial empty value precedes everything).
        let ordered = mine
            .iter()
            .all(|m| theirs.iter().all(|t| m.is_none_or(|m| m.precedes(t))));
        ordered.then_some((earlier, newer.as_str()))
    })
}

/// The puts that could have produced what `get` read (`None` in the list: the initial empty value), or `None`
/// if the list would be empty.
fn sources<'a>(read: Option<&str>, get: &Op, ops: &[&'a Op]) -> Option<Vec<Option<&'a Op>>> {
    let Some(v) = read else {
        return Some(vec![None]);
    };
    let ret = get.returned()?;
    let found: Vec<Option<&Op>> = ops
        .iter()
        .filter(|w| w.written() == Some(v) && w.invoke < ret)
        .map(|w| Some(*w))
        .collect();
    (!found.is_empty()).then_some(found)
}
