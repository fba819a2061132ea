use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    #[error("unknown protocol `{found}` (this build knows: {known})")]
    UnknownProtocol { found: String, known: String },
    #[error(transparent)]
    Input(#[from] splitbrain_sim::Error),
    /// Re-simulating a trace's scenario gave another run.
    #[error("the trace does not reproduce: re-simulating its scenario gives a different run from event {at} on")]
    NotReproducible { at: usize },
}
