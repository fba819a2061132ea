//! The inspector: the node's balance, what it is recording, the snapshots recorded here and, at an
//! initiator, the global state assembled from the reports.

use crate::face::amounts;
use crate::message::Message;
use crate::node::Snapshot;
use splitbrain_sim::{NodeId, Section, Table};

impl Snapshot {
    pub(crate) fn sections(&self) -> Vec<Section> {
        let unacked: u64 = self
            .bank
            .outgoing
            .values()
            .flat_map(|c| c.unacked.values())
            .map(|m| match m {
                Message::Transfer { amount, .. } => *amount,
                _ => 0,
            })
            .sum();
        let mut rows = vec![
            ("balance".into(), self.bank.balance.to_string()),
            ("sent, not yet acknowledged".into(), unacked.to_string()),
        ];
        for r in self.bank.snapshots.iter().filter(|(_, r)| !r.complete) {
            let open: Vec<String> =
                r.1.open
                    .iter()
                    .map(|f| format!("{f}→{}", self.id))
                    .collect();
            rows.push((
                format!("snapshot #{}", r.0),
                format!("recording {}", open.join(", ")),
            ));
        }
        let mut sections = vec![Section::rows("state", "", rows)];
        let mine = Table::new(
            &["snapshot", "recorded balance", "channel states", "status"],
            self.bank
                .snapshots
                .iter()
                .map(|(k, r)| {
                    let chans: Vec<String> = (0..self.nodes)
                        .map(NodeId)
                        .filter(|n| *n != self.id)
                        .map(|f| {
                            let a = r.channels.get(&f).map_or(&[][..], |v| v.as_slice());
                            let state = if r.open.contains(&f) {
                                " (recording)"
                            } else {
                                ""
                            };
                            format!("{f}→{}: {}{state}", self.id, amounts(a))
                        })
                        .collect();
                    let status = if r.complete {
                        "complete"
                    } else {
                        "recording channels"
                    };
                    vec![
                        format!("#{k}"),
                        r.balance.to_string(),
                        chans.join("; "),
                        status.into(),
                    ]
                })
                .collect(),
            "no snapshot recorded yet",
        );
        sections.push(Section::table("snapshots", "recorded here", mine));
        for (k, r) in self
            .bank
            .snapshots
            .iter()
            .filter(|(_, r)| r.initiator == self.id)
        {
            let mut rows: Vec<Vec<String>> = Vec::new();
            let mut total = 0;
            for n in (0..self.nodes).map(NodeId) {
                match r.reports.get(&n) {
                    Some((b, chans)) => {
                        let fl: u64 = chans.iter().map(|(_, a)| a).sum();
                        total += b + fl;
                        let shown: Vec<String> = chans
                            .iter()
                            .filter(|(_, a)| *a > 0)
                            .map(|(f, a)| format!("{f}→{n}: {a}"))
                            .collect();
                        rows.push(vec![
                            n.to_string(),
                            b.to_string(),
                            if shown.is_empty() {
                                "none".into()
                            } else {
                                shown.join(", ")
                            },
                        ]);
                    }
                    None => rows.push(vec![
                        n.to_string(),
                        "waiting for its report".into(),
                        String::new(),
                    ]),
                }
            }
            let title = if r.assembled {
                format!("global state #{k}: total {total}")
            } else {
                format!(
                    "global state #{k}: {} of {} reports",
                    r.reports.len(),
                    self.nodes
                )
            };
            sections.push(Section::table(
                &format!("global-{k}"),
                &title,
                Table::new(
                    &["node", "balance", "money in flight to it"],
                    rows,
                    "no reports",
                ),
            ));
        }
        sections
    }
}
