//! The consistent-hashing ring as a picture: every virtual node (token) on a circle at its position, the
//! keys between them, and for a chosen key the clockwise walk to its preference list (the first N distinct
//! nodes), numbered in order, with the stand-ins that hold a hint for an absent owner. Positions are on a
//! ring of 2^32 points; 0 is at the top and the ring runs clockwise, as papers draw it.

use splitbrain_sim::{NodeId, Ring};
use std::f64::consts::TAU;

#[derive(Clone, Debug, PartialEq)]
pub struct TokenDot {
    pub x: f64,
    pub y: f64,
    pub node: NodeId,
    /// Where its label goes (outside the circle).
    pub label_x: f64,
    pub label_y: f64,
    /// 1 for the chosen key's first owner, 2 for the second…; 0 when not on the walk.
    pub rank: usize,
    /// False when the label would overlap a nearer one (the owners' labels win): tokens crowd on a ring.
    pub labelled: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct KeyDot {
    pub x: f64,
    pub y: f64,
    pub key: String,
    pub chosen: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RingPicture {
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
    pub tokens: Vec<TokenDot>,
    pub keys: Vec<KeyDot>,
    /// The chosen key's walk, as an SVG path along the circle from the key to its last owner's token.
    pub walk: Option<String>,
    /// The chosen key's owners in order, and the nodes standing in for one of them (stand-in, owner).
    pub preference: Vec<NodeId>,
    pub stand_ins: Vec<(NodeId, NodeId)>,
}

/// Labels closer than this (px) to one already placed are left out; owners are placed first.
const LABEL_GAP: f64 = 22.0;

fn declutter(mut tokens: Vec<TokenDot>) -> Vec<TokenDot> {
    let mut order: Vec<usize> = (0..tokens.len()).collect();
    order.sort_by_key(|i| (tokens[*i].rank == 0, tokens[*i].rank));
    let mut placed: Vec<(f64, f64)> = Vec::new();
    for i in order {
        let t = &mut tokens[i];
        let near = placed
            .iter()
            .any(|(x, y)| (x - t.label_x).hypot(y - t.label_y) < LABEL_GAP);
        t.labelled = !near;
        if !near {
            placed.push((t.label_x, t.label_y));
        }
    }
    tokens
}

/// Angle (radians, clockwise from the top) of a ring position.
pub fn angle(position: u32) -> f64 {
    position as f64 / 4_294_967_296.0 * TAU
}

fn at(cx: f64, cy: f64, r: f64, a: f64) -> (f64, f64) {
    (cx + r * a.sin(), cy - r * a.cos())
}

impl RingPicture {
    /// Lays the ring out in a square of `size` pixels. `hints` are (stand-in, owner) pairs for the chosen
    /// key, from the replicas' stores.
    pub fn new(ring: &Ring, chosen: Option<&str>, hints: &[(NodeId, NodeId)], size: f64) -> Self {
        let (cx, cy) = (size / 2.0, size / 2.0);
        let r = size * 0.33;
        let chosen_key = chosen.and_then(|k| ring.keys.iter().find(|rk| rk.key == k));
        let preference = chosen_key.map(|k| k.preference.clone()).unwrap_or_default();
        // The walk meets each owner at its first token clockwise from the key.
        let mut first_token: Vec<Option<usize>> = vec![None; preference.len()];
        if let Some(k) = chosen_key {
            let n = ring.tokens.len();
            let start = ring.tokens.partition_point(|(p, _)| *p < k.position);
            for step in 0..n {
                let i = (start + step) % n;
                if let Some(rank) = preference.iter().position(|o| *o == ring.tokens[i].1) {
                    if first_token[rank].is_none() {
                        first_token[rank] = Some(i);
                    }
                }
            }
        }
        let tokens = ring
            .tokens
            .iter()
            .enumerate()
            .map(|(i, (pos, node))| {
                let a = angle(*pos);
                let (x, y) = at(cx, cy, r, a);
                let (label_x, label_y) = at(cx, cy, r + 24.0, a);
                let rank = first_token
                    .iter()
                    .position(|t| *t == Some(i))
                    .map_or(0, |p| p + 1);
                TokenDot {
                    x,
                    y,
                    node: *node,
                    label_x,
                    label_y,
                    rank,
                    labelled: true,
                }
            })
            .collect();
        let tokens = declutter(tokens);
        let keys = ring
            .keys
            .iter()
            .map(|k| {
                let (x, y) = at(cx, cy, r, angle(k.position));
                KeyDot {
                    x,
                    y,
                    key: k.key.clone(),
                    chosen: Some(k.key.as_str()) == chosen,
                }
            })
            .collect();
        let walk = chosen_key.and_then(|k| {
            let last = first_token.iter().flatten().copied().max_by_key(|i| {
                // Clockwise distance from the key, so a walk across the top is still the longest.
                ring.tokens[*i].0.wrapping_sub(k.position)
            })?;
            let a0 = angle(k.position);
            let span = angle(ring.tokens[last].0.wrapping_sub(k.position));
            let rr = r - 14.0;
            let (x0, y0) = at(cx, cy, rr, a0);
            let (x1, y1) = at(cx, cy, rr, a0 + span);
            let large = u8::from(span > TAU / 2.0);
            Some(format!(
                "M {x0:.1} {y0:.1} A {rr:.1} {rr:.1} 0 {large} 1 {x1:.1} {y1:.1}"
            ))
        });
        RingPicture {
            cx,
            cy,
            r,
            tokens,
            keys,
            walk,
            preference,
            stand_ins: hints.to_vec(),
        }
    }
}
