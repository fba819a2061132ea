//! Traces of any protocol: importing one (re-simulating its scenario) and checking that it reproduces.

use crate::{find, Error};
use splitbrain_sim::{Describe, Scenario, Session, SimTime, TraceFile};

/// What the registry needs of a parsed trace file.
pub struct Header {
    pub scenario: Scenario,
    pub end_time: SimTime,
    pub events: usize,
}

pub(crate) fn header<P: Describe>(text: &str) -> Result<Header, splitbrain_sim::Error> {
    let file = TraceFile::<P>::from_json(text)?;
    Ok(Header {
        events: file.events.len(),
        end_time: file.end_time,
        scenario: file.scenario,
    })
}

/// A trace file turned back into a run.
pub struct Imported {
    pub session: Box<dyn Session>,
    /// How many events the file held.
    pub events: usize,
}

/// Runs never go further than an hour of simulated time, whatever a file asks for.
const MAX_TIME: SimTime = SimTime(3_600_000_000);

/// Parses a trace of any registered protocol and re-simulates its scenario (which carries every live
/// action) to the trace's end time. The protocol is read from the file before the full parse, so an
/// unknown one gets an error listing the known ones rather than a field error deep inside an event.
pub fn import(text: &str) -> Result<Imported, Error> {
    let protocol = peek_protocol(text);
    let entry = match protocol.as_deref() {
        Some(name) => find(name)?,
        // No protocol field: the first entry's parser says what is missing, with line and column.
        None => &crate::PROTOCOLS[0],
    };
    let header = (entry.read_trace)(text)?;
    let mut session = entry.start(&header.scenario)?;
    session.run_until(header.end_time.min(MAX_TIME));
    Ok(Imported {
        session,
        events: header.events,
    })
}

fn peek_protocol(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Peek {
        protocol: Option<String>,
    }
    serde_json::from_str::<Peek>(text).ok()?.protocol
}

/// A trace that re-simulated to the same events.
pub struct Reproduced {
    pub session: Box<dyn Session>,
    pub events: usize,
}

/// Re-simulates a trace and compares it event by event with the file.
pub fn reproduce(text: &str) -> Result<Reproduced, Error> {
    let imported = import(text)?;
    let ours: serde_json::Value =
        serde_json::from_str(&imported.session.to_trace_json()).unwrap_or_default();
    let theirs: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let empty = Vec::new();
    let ours = ours["events"].as_array().unwrap_or(&empty);
    let theirs = theirs["events"].as_array().unwrap_or(&empty);
    if let Some(at) = ours.iter().zip(theirs).position(|(a, b)| a != b) {
        return Err(Error::NotReproducible { at });
    }
    if ours.len() != theirs.len() {
        return Err(Error::NotReproducible {
            at: ours.len().min(theirs.len()),
        });
    }
    Ok(Reproduced {
        events: ours.len(),
        session: imported.session,
    })
}
