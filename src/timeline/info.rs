//! The panel under the toolbar: the hovered or selected event with its clocks, the size of its causal cone,
//! and, with two events selected, how they relate and why.

use splitbrain_sim::{Event, EventId, Shown};
use splitbrain_view::epochs::LabModel;
use splitbrain_view::{describe, fmt_vc, relation, Cone, Role};

/// Text lines for the panel (the component only lays them out).
pub struct Info {
    pub event: String,
    pub clocks: String,
    pub cone: String,
    pub relation: Option<String>,
}

pub fn info(
    model: &LabModel,
    events: &[Event<Shown>],
    focus: EventId,
    cone: Option<&Cone>,
    second: Option<EventId>,
) -> Option<Info> {
    let e = events.get(focus.index())?;
    let event = describe(e, &model.base.messages)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let clocks = match (e.node, e.local_time) {
        (Some(n), Some(l)) => format!(
            "{n}: local clock {l} · Lamport {} · vector clock {}",
            e.lamport,
            fmt_vc(&e.vclock)
        ),
        _ => "cluster-wide event: no clocks, outside happens-before".to_string(),
    };
    let cone = match cone {
        Some(c) if c.selected == focus && e.node.is_some() => format!(
            "causal past: {} events · causal future: {} · concurrent: {}",
            c.count(Role::Past),
            c.count(Role::Future),
            c.count(Role::Concurrent)
        ),
        _ => String::new(),
    };
    let relation = second
        .and_then(|s| events.get(s.index()))
        .map(|b| relation(e, b).explanation);
    Some(Info {
        event,
        clocks,
        cone,
        relation,
    })
}
