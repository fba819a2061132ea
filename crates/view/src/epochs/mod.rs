//! Epoch lanes, for any protocol: what each node believed over time (its epoch, its role, its log length
//! and commit point), where the cluster committed entries, and split brain: stretches where two nodes both
//! hold a role only one may hold.
//!
//! Everything is read from the run's [`Shown`](splitbrain_sim::Shown) events (each note's
//! [`LaneSignal`](splitbrain_sim::LaneSignal)s, and crashes) and worded from the protocol's
//! [`Face`](splitbrain_sim::Face): its epoch word and labels, its roles' names and tones, which roles are
//! exclusive, its base role, its commit word and its consistency model. Nothing here names a protocol. The
//! analysis works on [`Signal`]s, so it is tested with hand-built sequences.

mod lanes;
mod layout;
mod model;
mod signals;
mod split;

pub use lanes::{CommitMark, EpochLanes, EpochSpan, NodeLanes, RoleSpan};
pub use layout::{heading, role_class, EpochSection};
pub use model::{LabModel, StaleMark};
pub use signals::{signals, Belief, Change, Signal};
pub use split::{split_brain, Holder, SplitBrain};
