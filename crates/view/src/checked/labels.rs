//! Bar labels in Porcupine's short notation (`w 3`, `r 3`, `cas 1→2`) and their placement: a label starts at
//! its bar's left end and may run past it into empty space, but never into the next bar or label of its row;
//! one that does not fit is left to the tooltip.

use super::Bar;
use splitbrain_check::{Completion, Op, OpKind};

/// Width of one label character at the picture's 13 px label font, a slight overestimate so labels never
/// touch (DejaVu Sans averages about 7.5 px there).
pub const LABEL_CHAR_PX: f64 = 8.0;
const PAD: f64 = 4.0;

/// `w 3`, `r 3` (`r nil` for a missing key), `cas 1→2`; a refused cas gets ` ✕`, an unknown outcome ` ?`.
pub fn op_label(op: &Op) -> String {
    let base = match &op.kind {
        OpKind::Put { value } => format!("w {value}"),
        OpKind::Get { read, .. } => format!("r {}", read.as_deref().unwrap_or("nil")),
        OpKind::Cas { expected, new } => format!("cas {expected}→{new}"),
    };
    match op.completion {
        Completion::Rejected(_) => format!("{base} ✕"),
        Completion::Failed(_) | Completion::Pending => format!("{base} ?"),
        Completion::Ok(_) => base,
    }
}

/// The tooltip: the operation in words, with its outcome.
pub(super) fn op_title(op: &Op) -> String {
    let what = match &op.kind {
        OpKind::Put { value } => format!("write {}={value}", op.key),
        OpKind::Get { read, .. } => format!(
            "read {} → {}",
            op.key,
            read.as_deref().unwrap_or("nil (missing)")
        ),
        OpKind::Cas { expected, new } => format!("cas {} {expected}→{new}", op.key),
    };
    let how = match op.completion {
        Completion::Ok(_) => "ok",
        Completion::Rejected(_) => "refused",
        Completion::Failed(_) => "indeterminate (:info): may take effect any time later",
        Completion::Pending => "never returned",
    };
    format!("op {}: {what} ({how})", op.id.0)
}

fn text_px(label: &str) -> f64 {
    label.chars().count() as f64 * LABEL_CHAR_PX
}

/// Places every bar's label (bars of one client lane, any order), leaving out those without room.
pub fn declutter(bars: &mut [Bar], right: f64) {
    let mut order: Vec<usize> = (0..bars.len()).collect();
    order.sort_by(|&a, &b| {
        (bars[a].y, bars[a].x0)
            .partial_cmp(&(bars[b].y, bars[b].x0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    for (k, &i) in order.iter().enumerate() {
        let next_start = order
            .get(k + 1)
            .map(|&j| &bars[j])
            .filter(|n| n.y == bars[i].y)
            .map_or(right, |n| n.x0);
        let prev_end = order[..k]
            .iter()
            .rev()
            .map(|&j| &bars[j])
            .take_while(|p| p.y == bars[i].y)
            .find_map(|p| p.label_at.map(|(x, _)| x + text_px(&p.label)))
            .unwrap_or(f64::MIN);
        let b = &bars[i];
        let x = b.x0 + PAD;
        let end = x + text_px(&b.label);
        let fits = end <= next_start - PAD && end <= right && x >= prev_end + PAD;
        let y = b.y + super::bar_height() / 2.0 + 4.5;
        bars[i].label_at = fits.then_some((x, y));
    }
}
