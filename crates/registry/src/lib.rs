//! The registry: the one list of protocols the lab and the CLI know. Each entry says what the protocol is
//! called, which lecture scenarios it brings, and how to start a run of it as a `Box<dyn Session>`. Nothing
//! else in the app or the CLI names a protocol: adding one is adding an entry here.

mod entries;
mod error;
mod trace;

pub use entries::PROTOCOLS;
pub use error::Error;
pub use trace::{import, reproduce, Imported, Reproduced};

use splitbrain_sim::{Face, Scenario, Session};

/// A bundled lecture scenario.
#[derive(Clone, Copy, Debug)]
pub struct Lecture {
    /// The file name without `.json` (`raft-leader-crash`).
    pub id: &'static str,
    /// What the scenario picker shows.
    pub title: &'static str,
    pub json: &'static str,
}

/// One protocol of the lab.
#[derive(Clone, Copy)]
pub struct Entry {
    /// `cluster.protocol` in scenarios and traces.
    pub name: &'static str,
    pub title: &'static str,
    /// The part of the course it belongs to, which groups the scenario picker ([`CHAPTERS`]).
    pub chapter: &'static str,
    /// One line for pickers and `splitbrain protocols`.
    pub summary: &'static str,
    /// Offered in the app's protocol picker (the engine's test protocol is not).
    pub listed: bool,
    pub face: &'static Face,
    pub lectures: &'static [Lecture],
    /// The playground's cluster size.
    pub default_nodes: u32,
    start: fn(&Scenario) -> Result<Box<dyn Session>, splitbrain_sim::Error>,
    validate: fn(&Scenario) -> Result<(), splitbrain_sim::Error>,
    blank: fn(u32, u64) -> Scenario,
    /// Parses a trace file of this protocol: its scenario, end time and event count.
    read_trace: fn(&str) -> Result<trace::Header, splitbrain_sim::Error>,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry").field("name", &self.name).finish()
    }
}

impl Entry {
    pub fn start(&self, scenario: &Scenario) -> Result<Box<dyn Session>, Error> {
        Ok((self.start)(scenario)?)
    }

    pub fn validate(&self, scenario: &Scenario) -> Result<(), Error> {
        Ok((self.validate)(scenario)?)
    }

    /// A healthy cluster of `nodes` nodes with every default, for playgrounds.
    pub fn playground(&self, nodes: u32, seed: u64) -> Scenario {
        let (min, max) = self.face.nodes;
        (self.blank)(nodes.clamp(min, max), seed)
    }

    pub fn lecture(&self, id: &str) -> Option<&'static Lecture> {
        self.lectures.iter().find(|l| l.id == id)
    }
}

/// The parts of the course, in picker order.
pub const CHAPTERS: &[&str] = &[
    "Consensus",
    "Replication",
    "Transactions",
    "Time and coordination",
    "Testing the simulator",
];

/// Every protocol, in picker order.
pub fn protocols() -> &'static [Entry] {
    PROTOCOLS
}

/// The entry for a protocol name; the error lists the names this build knows.
pub fn find(name: &str) -> Result<&'static Entry, Error> {
    PROTOCOLS
        .iter()
        .find(|e| e.name == name)
        .ok_or_else(|| Error::UnknownProtocol {
            found: name.to_string(),
            known: known(),
        })
}

fn known() -> String {
    PROTOCOLS
        .iter()
        .map(|e| e.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Starts a run of whatever protocol the scenario names.
pub fn start(scenario: &Scenario) -> Result<Box<dyn Session>, Error> {
    find(&scenario.cluster.protocol)?.start(scenario)
}

/// Checks every value of a scenario for the protocol it names.
pub fn validate(scenario: &Scenario) -> Result<(), Error> {
    find(&scenario.cluster.protocol)?.validate(scenario)
}

/// A bundled lecture by id, with its protocol.
pub fn lecture(id: &str) -> Option<(&'static Entry, &'static Lecture)> {
    PROTOCOLS.iter().find_map(|e| e.lecture(id).map(|l| (e, l)))
}
