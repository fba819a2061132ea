//! Pure layout for Splitbrain's timelines: everything the space-time diagram needs, computed from a trace
//! with no web dependency, so it is unit-tested natively and the browser only turns it into SVG.
//!
//! - [`HappensBefore`]: the happens-before DAG (program order + message edges) and causal cones.
//! - [`Relation`]: how two events relate, explained with their vector clocks.
//! - [`Messages`], [`LaneStates`]: arrows (delivered, dropped, duplicated, in flight), crashes, pauses,
//!   partitions.
//! - [`AxisMode`], [`Positions`], [`Viewport`]: the x axis (real, skewed local or Lamport time), zoom and pan.
//! - [`Scene`]: the visible window laid out in pixels, with repetitive heartbeats collapsed.
//! - [`epochs`]: epoch bands, roles, log and commit progression, split-brain intervals, and [`LabModel`]: the
//!   whole timeline of one run.
//! - [`store`]: a replicated store's version lanes, replica table and consistent-hashing ring.
//! - [`svg`]: the scene as an SVG string, for the page and for download.
//!
//! Protocol-neutral throughout: it reads a run's [`Shown`](splitbrain_sim::Shown) events and the protocol's
//! [`Face`](splitbrain_sim::Face), and depends on no protocol crate.

mod axis;
/// The imported-history view (client lanes of a checked history).
#[cfg(feature = "check")]
pub mod checked;
mod collapse;
mod cone;
mod cut;
mod dag;
pub mod epochs;
mod history;
mod lanes;
mod layout;
mod messages;
mod model;
pub mod palette;
mod relation;
pub mod store;
pub mod svg;
mod viewport;

/// Re-exported so the app reaches the checker crate through this one dependency.
#[cfg(feature = "check")]
pub use splitbrain_check;

pub use axis::{AxisMode, LaneClocks, Positions};
pub use collapse::{heartbeat_messages, heartbeat_runs, HeartbeatRun};
pub use cone::{Cone, Role};
pub use cut::{cuts, layout_cuts, Cut};
pub use dag::HappensBefore;
pub use epochs::{LabModel, SplitBrain, StaleMark};
pub use history::{ClientHistory, OpBar};
pub use lanes::{Interval, LaneState, LaneStates, NetBand};
pub use layout::{
    describe, layout, ArrowGlyph, Band, Dot, DotShape, LaneGlyph, LayoutInput, LayoutOptions,
    Marker, MarkerKind, Polyline, Scene, Segment, Summary, TextGlyph,
};
pub use messages::{drop_reason_text, ArrowEnd, Message, Messages};
pub use model::{FrameSpec, Model};
pub use relation::{fmt_vc, relation, Relation, RelationKind};
pub use viewport::Viewport;

/// The narrowest window zoom allows, in axis units.
pub fn viewport_min_span() -> f64 {
    viewport::MIN_SPAN
}
