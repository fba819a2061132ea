//! How each kind of fault is shaded: a light fill per kind, so overlapping faults stay distinguishable,
//! and the kind's word written at the band's top.

use crate::style;
use plotters::style::{Color, RGBAColor};
use splitbrain_metrics::FaultKind;

pub fn fill(kind: FaultKind) -> RGBAColor {
    match kind {
        FaultKind::Partition => style::SKY.mix(0.28),
        FaultKind::Crash => style::INK.mix(0.16),
        FaultKind::Pause => style::GREY.mix(0.14),
        FaultKind::Cut => style::PURPLE.mix(0.2),
        FaultKind::Clock => style::DARK_YELLOW.mix(0.22),
    }
}
