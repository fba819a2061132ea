//! Split brain: intervals where two or more nodes hold an exclusive role at once ([`RoleStyle::exclusive`]:
//! a leader, a primary).
//!
//! In different epochs it is the protocol working as designed: a deposed holder that has not heard the news
//! yet (dangerous only if it still acts alone, say by serving reads locally). In the same epoch it is a
//! safety violation: the protocol promised one holder per epoch.
//!
//! [`RoleStyle::exclusive`]: splitbrain_sim::RoleStyle::exclusive

use super::{Belief, Change, Signal};
use crate::lanes::Interval;
use splitbrain_sim::{EventId, Face, NodeId, Violation};
use std::collections::BTreeMap;

/// A node that held an exclusive role during a split-brain interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holder {
    pub node: NodeId,
    /// An index into [`Face::roles`].
    pub role: u8,
    pub epoch: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitBrain {
    pub interval: Interval,
    /// The event that made the second holder, and the one that left only one.
    pub start_event: EventId,
    pub end_event: Option<EventId>,
    /// Everyone who held an exclusive role at some point during the interval, in order of appearance.
    pub holders: Vec<Holder>,
    /// The most nodes holding an exclusive role at one moment of the interval (at least two).
    pub most_at_once: usize,
    /// Two nodes held the same exclusive role in the same epoch at once: a safety violation.
    pub same_epoch: bool,
    /// The event that first put two holders in one epoch.
    pub same_epoch_event: Option<EventId>,
    /// The checker's violation reported for it, if any (see [`split_brain`]).
    pub violation: Option<Violation>,
}

impl SplitBrain {
    /// Each holder with its epoch: `n1 (term 4)`, `n2 (ballot 3.1)`.
    pub fn who(&self, face: &Face) -> Vec<String> {
        self.holders
            .iter()
            .map(|h| {
                format!(
                    "{} ({} {})",
                    h.node,
                    face.epoch_word,
                    (face.epoch_label)(h.epoch)
                )
            })
            .collect()
    }

    /// What the holders held, plural: "leaders", "primaries".
    pub fn roles(&self, face: &Face) -> String {
        let mut names: Vec<&str> = Vec::new();
        for h in &self.holders {
            let name = face.role(h.role).name;
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
            .iter()
            .map(|n| plural(n))
            .collect::<Vec<_>>()
            .join(" and ")
    }

    /// The sentence for tooltips and the info panel, e.g. "Two leaders, different terms: n1 (term 1), n3
    /// (term 2) — the old one is stale" or "SPLIT BRAIN, same ballot: n1 (ballot 3.1), n2 (ballot 3.1) — two
    /// leaders of one ballot" (with the linked violation's invariant instead, when there is one: "— Election
    /// Safety violated").
    pub fn describe(&self, face: &Face) -> String {
        let who = self.who(face).join(", ");
        if self.same_epoch {
            let why = match &self.violation {
                Some(v) => format!("{} violated", v.invariant),
                None => format!(
                    "{} {} of one {}",
                    count_word(self.most_at_once),
                    self.roles(face),
                    face.epoch_word
                ),
            };
            format!("SPLIT BRAIN, same {}: {who} — {why}", face.epoch_word)
        } else {
            format!(
                "{} {}, different {}: {who} — the old one is stale",
                capitalised(count_word(self.most_at_once)),
                self.roles(face),
                plural(face.epoch_word)
            )
        }
    }

    /// The band's caption: who holds which epoch, and whether that is the protocol working (a stale holder)
    /// or broken.
    pub fn label(&self, face: &Face) -> String {
        let who = self.who(face).join(" + ");
        if self.same_epoch {
            format!("SPLIT BRAIN, same {}: {who}", face.epoch_word)
        } else {
            format!(
                "{} {}: {who} — old one is stale",
                count_word(self.most_at_once),
                self.roles(face)
            )
        }
    }
}

/// Sweeps the signals in trace order, applying [`Belief::apply`]'s rules per node.
///
/// `violations` link same-epoch intervals to the checker's report: the one reported from the moment two
/// holders shared an epoch until the interval ended. When several qualify, the one whose invariant or
/// message names the role or the holders wins ("n1 and n3 are both leader of term 4"), then the earliest.
pub fn split_brain(face: &Face, signals: &[Signal], violations: &[Violation]) -> Vec<SplitBrain> {
    let mut beliefs: BTreeMap<NodeId, Belief> = BTreeMap::new();
    let mut open: Option<SplitBrain> = None;
    let mut out = Vec::new();
    for s in signals {
        if matches!(s.change, Change::Log(_) | Change::Commit(_)) {
            continue;
        }
        beliefs.entry(s.node).or_default().apply(s.change, face);
        let holding: Vec<Holder> = beliefs
            .iter()
            .filter_map(|(node, b)| {
                b.exclusive(face).map(|(role, epoch)| Holder {
                    node: *node,
                    role,
                    epoch,
                })
            })
            .collect();
        if holding.len() >= 2 {
            let sb = open.get_or_insert_with(|| SplitBrain {
                interval: Interval {
                    start: s.time,
                    end: None,
                },
                start_event: s.event,
                end_event: None,
                holders: Vec::new(),
                most_at_once: 0,
                same_epoch: false,
                same_epoch_event: None,
                violation: None,
            });
            for h in &holding {
                if !sb.holders.contains(h) {
                    sb.holders.push(*h);
                }
            }
            sb.most_at_once = sb.most_at_once.max(holding.len());
            let mut held: Vec<(u8, u64)> = holding.iter().map(|h| (h.role, h.epoch)).collect();
            held.sort_unstable();
            if !sb.same_epoch && held.windows(2).any(|w| w[0] == w[1]) {
                sb.same_epoch = true;
                sb.same_epoch_event = Some(s.event);
            }
        } else if let Some(mut sb) = open.take() {
            sb.interval.end = Some(s.time);
            sb.end_event = Some(s.event);
            out.push(sb);
        }
    }
    out.extend(open);
    for sb in &mut out {
        if let Some(from) = sb.same_epoch_event {
            sb.violation = violations
                .iter()
                .enumerate()
                .filter(|(_, v)| v.event >= from && sb.end_event.is_none_or(|e| v.event <= e))
                .min_by_key(|(i, v)| (std::cmp::Reverse(relevance(face, sb, v)), *i))
                .map(|(_, v)| v.clone());
        }
    }
    out
}

/// How plainly a violation speaks of this split: naming the role counts one, naming holders one each (two
/// at most).
fn relevance(face: &Face, sb: &SplitBrain, v: &Violation) -> usize {
    let text = format!("{} {}", v.invariant, v.message).to_lowercase();
    let names_role = sb.holders.iter().any(|h| {
        let name = face.role(h.role).name.to_lowercase();
        mentions(&text, &name) || mentions(&text, &plural(&name))
    });
    let mut nodes: Vec<NodeId> = sb.holders.iter().map(|h| h.node).collect();
    nodes.sort_unstable();
    nodes.dedup();
    let named = nodes
        .iter()
        .filter(|n| mentions(&text, &n.to_string()))
        .count();
    usize::from(names_role) + named.min(2)
}

/// `word` occurs in `text` as a whole word.
fn mentions(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(word).any(|(i, _)| {
        !alnum(text[..i].chars().next_back()) && !alnum(text[i + word.len()..].chars().next())
    })
}

/// English plural of a role or epoch word: "leaders", "primaries", "terms", "epochs" (a final "ch" is
/// taken as /k/, which is the likelier reading for these words).
pub(crate) fn plural(word: &str) -> String {
    let consonant_y = word.ends_with('y')
        && !word[..word.len() - 1].ends_with(|c: char| "aeiou".contains(c))
        && word.len() > 1;
    if consonant_y {
        format!("{}ies", &word[..word.len() - 1])
    } else if ["s", "x", "z", "sh"].iter().any(|e| word.ends_with(e)) {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

fn count_word(n: usize) -> String {
    const WORDS: [&str; 8] = [
        "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    n.checked_sub(2)
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

pub(crate) fn capitalised(word: impl AsRef<str>) -> String {
    let word = word.as_ref();
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
