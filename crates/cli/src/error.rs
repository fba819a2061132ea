use thiserror::Error;

#[derive(Debug, Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Input {
        path: String,
        source: splitbrain_sim::Error,
    },
    #[error("{path}: unknown protocol `{protocol}` (this build knows: raft, ping)")]
    UnknownProtocol { path: String, protocol: String },
    #[error("{path}: the trace does not reproduce: re-simulating its scenario gives a different run from event {at} on")]
    NotReproducible { path: String, at: usize },
}
