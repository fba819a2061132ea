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
    #[error("{0}")]
    Compare(#[from] splitbrain_compare::Error),
    #[error("{0}")]
    Vary(#[from] splitbrain_vary::Error),
    /// An unknown protocol, a trace that does not reproduce, or a value the protocol refuses.
    #[error("{path}: {source}")]
    Registry {
        path: String,
        source: splitbrain_registry::Error,
    },
}
