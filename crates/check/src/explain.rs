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
    let (saw, verb) = match (&culprit.kind, culprit.observed()) {
        (OpKind::Get { .. }, Some(Some(v))) => (format!("get {key} returned {v:?}"), "get"),
        (OpKind::Get { .. }, Some(None)) => (format!("get {key} found no value"), "get"),
        (OpKind::Cas { .. }, Some(_)) => (format!("{} succeeded", culprit.describe()), "cas"),
        (OpKind::Cas { expected, .. }, None) if culprit.is_rejected() => {
            return rejected(culprit, expected, ops);
        }
        // Completing a put never adds a constraint the pending put did not have, so the search never blames
        // one; say something sensible anyway.
        _ => {
            return format!(
                "{} ({}) cannot be placed in any order of the operations on {key} that respects real time",
                culprit.describe(),
                culprit.id
            )
        }
    };
    let read = culprit.observed().flatten();
    if let Some(v) = read {
        if let Some(msg) = invented(&saw, culprit, v, ops) {
            return msg;
        }
    }
    if let Some(o) = find_overwrite(culprit, ops) {
        let written = o.by.written().unwrap_or_default();
        let mut msg = format!(
            "{saw} but {written:?} was written by {}, which completed before this {verb} began",
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
    if let Some(msg) = double_cas(&saw, culprit, ops) {
        return msg;
    }
    format!(
        "{saw}, and no order of the operations on {key} that respects real time explains this result together \
         with the results returned before it"
    )
}

/// What wrote values on this key, for messages about writes: "put", or "put or cas" once cas is involved.
fn writers_word(ops: &[&Op]) -> &'static str {
    if ops.iter().any(|o| matches!(o.kind, OpKind::Cas { .. })) {
        "put or cas"
    } else {
        "put"
    }
}

/// The value read was never written, or only by writes that began after the get had already returned.
fn invented(saw: &str, get: &Op, v: &str, ops: &[&Op]) -> Option<String> {
    let ret = get.returned()?;
    let mut writers = ops
        .iter()
        .filter(|w| w.written() == Some(v) && w.id != get.id);
    let word = writers_word(ops);
    let Some(first) = writers.next() else {
        // A cas's own write comes after its read, so it never counts: "other" says so.
        let other = if get.written().is_some() {
            "other "
        } else {
            ""
        };
        let mut msg = format!(
            "{saw}, but no {other}{word} ever wrote {v:?} to {}",
            get.key
        );
        // The likeliest confusion: a refused cas whose new value someone then read.
        let refused = ops
            .iter()
            .find(|o| o.is_rejected() && matches!(&o.kind, OpKind::Cas { new, .. } if new == v));
        if let Some(r) = refused {
            msg += &format!(
                " ({}'s {} was rejected, so it wrote nothing)",
                r.id,
                r.describe()
            );
        }
        return Some(msg);
    };
    if first.invoke > ret && writers.all(|w| w.invoke > ret) {
        return Some(format!(
            "{saw} before any {word} of {v:?} had begun ({} began only later)",
            first.id
        ));
    }
    None
}

/// A rejected cas says the key did not hold `expected`; the clearest contradiction is a completed write of
/// `expected` before it began with no other write able to land in between (before that write, or after
/// the cas had returned, does not count).
fn rejected(cas: &Op, expected: &str, ops: &[&Op]) -> String {
    let saw = format!(
        "{} was rejected (so {} did not hold {expected:?})",
        cas.describe(),
        cas.key
    );
    let held = ops.iter().find(|s| {
        s.written() == Some(expected)
            && s.precedes(cas)
            && ops.iter().all(|w| {
                w.written().is_none_or(|v| v == expected)
                    || w.precedes(s)
                    || cas.returned().is_some_and(|r| r < w.invoke)
            })
    });
    match held {
        Some(s) => format!(
            "{saw}, but {} wrote {expected:?}, completing before this cas began, and no other write of {} \
             could have landed before the cas returned",
            s.id, cas.key
        ),
        None => format!(
            "{saw}, and no order of the operations on {} that respects real time explains this result \
             together with the results returned before it",
            cas.key
        ),
    }
}

/// Two successful cas from the same value, where only one operation ever wrote that value (and neither cas
/// writes it back): whichever went second cannot have found it.
fn double_cas(saw: &str, cas: &Op, ops: &[&Op]) -> Option<String> {
    let OpKind::Cas { expected, new } = &cas.kind else {
        return None;
    };
    let other = ops.iter().find(|o| {
        o.id != cas.id
            && o.observed().is_some()
            && o.returned() < cas.returned()
            && matches!(&o.kind, OpKind::Cas { expected: e, new: n } if e == expected && n != expected)
    })?;
    let mut writers = ops
        .iter()
        .filter(|w| w.written() == Some(expected) && w.id != cas.id && w.id != other.id);
    let only = writers.next()?;
    if new == expected || writers.next().is_some() {
        return None;
    }
    Some(format!(
        "{saw}, but so did {}'s {}, and only {} ever wrote {expected:?}, so whichever went second cannot have \
         found it",
        other.id,
        other.describe(),
        only.id
    ))
}

/// An earlier get, finished before this one began, that saw a value certainly written after the one this get
/// returns: the register appears to run backwards.
fn went_back_in_time<'a>(get: &Op, ops: &[&'a Op]) -> Option<(&'a Op, &'a str)> {
    let OpKind::Get { read, .. } = &get.kind else {
        return None;
    };
    let mine = sources(read.as_deref(), get, ops)?;
    ops.iter().copied().find_map(|earlier| {
        let OpKind::Get {
            read: Some(newer), ..
        } = &earlier.kind
        else {
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

/// The writes that could have produced what `get` read (`None` in the list: the initial empty value), or
/// `None` if the list would be empty.
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
