//! What `splitbrain run` reports about a run, in primary-backup's own terms: the failovers and epochs, the
//! acknowledged writes lost at failover (which, by key, value and operation), the writes old primaries
//! discarded, and whether two primaries accepted divergent writes.

use crate::check::PbChecker;
use crate::note::Note;
use crate::PrimaryBackup;
use splitbrain_sim::{Checker, Event, EventKind, SimTime};

pub(crate) fn facts(events: &[Event<PrimaryBackup>], _now: SimTime) -> Vec<(String, String)> {
    let mut checker = PbChecker::default();
    let mut violations = Vec::new();
    let mut discarded = 0u64;
    for e in events {
        <PbChecker as Checker<PrimaryBackup>>::observe(&mut checker, e, &mut violations);
        if let EventKind::Note {
            note: Note::Discarded { entries, .. },
        } = &e.kind
        {
            discarded += entries.iter().filter(|x| x.write.is_some()).count() as u64;
        }
    }
    let lost = checker.lost();
    let which: Vec<String> = lost
        .iter()
        .map(|w| format!("{}={} {}", w.key, w.value, w.op))
        .collect();
    let lost_text = if lost.is_empty() {
        "0".to_string()
    } else {
        format!("{} ({})", lost.len(), which.join(", "))
    };
    vec![
        ("failovers".into(), checker.failovers().to_string()),
        (
            "epochs".into(),
            format!("1 to {}", checker.top_epoch().max(1)),
        ),
        ("writes lost at failover".into(), lost_text),
        (
            "writes discarded on stepping down".into(),
            discarded.to_string(),
        ),
        (
            "split brain".into(),
            match checker.split_brains() {
                0 => "no".into(),
                n => format!("yes ({n} time(s) two primaries acknowledged divergent writes)"),
            },
        ),
    ]
}
