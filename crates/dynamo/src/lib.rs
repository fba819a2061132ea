//! A Dynamo-style key-value store (DeCandia et al., *Dynamo: Amazon's Highly Available Key-value Store*,
//! SOSP 2007), written as a sans-IO state machine for the Splitbrain simulator (`"dynamo"`):
//!
//! - a consistent-hashing ring with virtual nodes; each key's preference list is the first N distinct
//!   nodes clockwise from its position (§4.2, §4.3);
//! - any node coordinates a request; a put waits for W acknowledgements, a get for R answers (§4.5);
//! - strict or sloppy quorums: with sloppy quorums the next healthy nodes past the owners stand in and
//!   keep the version with a hint, handed back when the owner answers again (§4.6);
//! - read repair and anti-entropy with a random peer over a digest per key range (§4.7);
//! - vector clocks with siblings and the client's merge through a read's context, or last-writer-wins by
//!   the coordinator's local (skewable) clock (§4.4).
//!
//! Layout: [`options`], [`message`], [`note`] (what the trace records), [`ring`], [`version`], `node`
//! (state and the `Protocol` entry points), `coordinator` (§4.5, §4.6: the write path and the request
//! timer), `read` (§4.5, §4.7: the read path and read repair), `replica` (§4.6, §4.7: storing, hinted
//! handoff, anti-entropy), [`persist`], `face` and `face_text` (the lab's view) and [`check`] (the
//! invariants, from the trace alone).

pub mod check;
mod coordinator;
pub mod error;
mod face;
mod face_text;
pub mod message;
mod node;
pub mod note;
pub mod options;
pub mod persist;
mod read;
mod replica;
pub mod ring;
pub mod version;

pub use check::DynamoChecker;
pub use coordinator::{Coordination, Request};
pub use error::DynamoError;
pub use message::{Message, Timer};
pub use node::Dynamo;
pub use note::{Cause, Note};
pub use options::{DynamoOptions, Mutant, Resolution};
pub use persist::Persistent;
pub use ring::HashRing;
pub use version::{Stamp, VClock, Version};

use splitbrain_sim::{Run, Simulation, Timeline};

pub type DynamoRun = Run<Dynamo, DynamoChecker>;
pub type DynamoSim = Simulation<Dynamo, DynamoChecker>;
pub type DynamoTimeline = Timeline<Dynamo, DynamoChecker>;
