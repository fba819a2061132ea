//! Views of a replicated store, for any protocol that reports one: per-key version lanes in the timelines
//! ([`VersionLanes`], [`VersionSection`]), the replica table with each key's convergence
//! ([`replica_table`]), and the consistent-hashing ring ([`RingPicture`]).

mod layout;
mod replicas;
mod ring;
mod versions;

pub use layout::{heading, VersionSection, MAX_KEYS, TONES};
pub use replicas::{hints_for, replica_table, Cell, Convergence, KeyRow, NodeStore};
pub use ring::{angle, KeyDot, RingPicture, TokenDot};
pub use versions::{values_text, versions_text, Agreement, KeyLanes, VersionLanes, VersionSpan};
