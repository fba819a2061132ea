//! Ready-made choices for the Compare view, derived from the registry so a new protocol brings its own:
//! each protocol with its defaults, and with each yes/no or multiple-choice option changed from its default.

use splitbrain_sim::{Action, FieldKind, NodeId, OpKind, Scheduled, System};

/// Every protocol's defaults, then one variant per changed option, in registry order. Only protocols that
/// serve the workload's puts and gets can be compared under it.
pub fn system_presets() -> Vec<System> {
    let mut out = Vec::new();
    let serves_workload = |e: &&splitbrain_registry::Entry| {
        e.face.accepts(OpKind::Put) && e.face.accepts(OpKind::Get)
    };
    for entry in splitbrain_registry::protocols()
        .iter()
        .filter(|e| e.listed)
        .filter(serves_workload)
    {
        let defaults = match entry.start(&entry.playground(entry.default_nodes, 0)) {
            Ok(run) => run.options_json(),
            Err(_) => continue,
        };
        out.push(System {
            label: entry.title.to_string(),
            protocol: entry.name.to_string(),
            options: serde_json::Value::Null,
        });
        for field in (entry.face.option_fields)() {
            let current = defaults
                .get(field.key)
                .cloned()
                .unwrap_or(serde_json::Value::Null);
            let variants: Vec<(serde_json::Value, String)> = match &field.kind {
                FieldKind::Bool => {
                    let on = current.as_bool().unwrap_or(false);
                    vec![(
                        serde_json::Value::Bool(!on),
                        format!("{} {}", field.label, if on { "off" } else { "on" }),
                    )]
                }
                FieldKind::Choice(choices) => choices
                    .iter()
                    .filter(|(v, _)| *v != current)
                    .map(|(v, label)| (v.clone(), format!("{}: {label}", field.label)))
                    .collect(),
                FieldKind::Integer { .. } => Vec::new(),
            };
            for (value, what) in variants {
                let mut options = serde_json::Map::new();
                options.insert(field.key.to_string(), value);
                out.push(System {
                    label: format!("{}, {what}", entry.title),
                    protocol: entry.name.to_string(),
                    options: serde_json::Value::Object(options),
                });
            }
        }
    }
    out
}

/// A fault schedule for `nodes` nodes.
#[derive(Clone, Copy, Debug)]
pub struct FaultPreset {
    pub id: &'static str,
    pub title: &'static str,
    pub schedule: fn(u32) -> Vec<Scheduled>,
}

fn at(at_us: u64, action: Action) -> Scheduled {
    Scheduled { at_us, action }
}

/// n1 is nudged to lead (a forced timeout at 10 ms, which leader-based protocols act on and the others
/// ignore), so "the leader's side" is known before the fault.
fn lead() -> Scheduled {
    at(10_000, Action::Timeout { node: NodeId(0) })
}

fn leader_minority(nodes: u32) -> Vec<Scheduled> {
    let minority = (nodes.saturating_sub(1) / 2).max(1);
    let side = |r: std::ops::Range<u32>| r.map(NodeId).collect::<Vec<_>>();
    vec![
        lead(),
        at(
            2_000_000,
            Action::Partition {
                groups: vec![side(0..minority), side(minority..nodes)],
            },
        ),
        at(5_000_000, Action::Heal),
    ]
}

fn leader_crash(_: u32) -> Vec<Scheduled> {
    vec![
        lead(),
        at(2_000_000, Action::Crash { node: NodeId(0) }),
        at(5_000_000, Action::Restart { node: NodeId(0) }),
    ]
}

fn none(_: u32) -> Vec<Scheduled> {
    vec![lead()]
}

pub fn fault_presets() -> &'static [FaultPreset] {
    &[
        FaultPreset {
            id: "leader-minority",
            title: "Partition the leader's side (a minority) from 2 s to 5 s",
            schedule: leader_minority,
        },
        FaultPreset {
            id: "leader-crash",
            title: "Crash the leader (n1) from 2 s to 5 s",
            schedule: leader_crash,
        },
        FaultPreset {
            id: "none",
            title: "No faults",
            schedule: none,
        },
    ]
}
