use thiserror::Error;

/// Everything that can go wrong when reading a scenario or a trace. Each variant says where.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// The text is not valid JSON, or a field has the wrong shape.
    #[error("{path}: {message} (line {line}, column {column})")]
    Parse {
        path: String,
        message: String,
        line: usize,
        column: usize,
    },
    /// The JSON is well formed but a value makes no sense (an absurd latency, a node that does not exist…).
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    /// A trace or scenario written for another protocol than the one asked for.
    #[error("this file is for protocol `{found}`, expected `{expected}`")]
    WrongProtocol { expected: String, found: String },
    /// A trace from a schema version this build cannot read.
    #[error("trace schema `{schema}` version {version} is not supported (this build reads `{}` versions 1 to {})", crate::TRACE_SCHEMA, crate::TRACE_VERSION)]
    UnsupportedTrace { schema: String, version: u32 },
    /// The input is larger than the simulator agrees to read.
    #[error("the file is {size} bytes; the limit is {limit} bytes")]
    TooLarge { size: usize, limit: usize },
}

impl Error {
    pub(crate) fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }

    /// Turns a serde_json error annotated with its field path into [`Error::Parse`].
    pub(crate) fn from_json(
        err: serde_path_to_error::Error<serde_json::Error>,
        prefix: &str,
    ) -> Self {
        let path = err.path().to_string();
        let inner = err.into_inner();
        let path = match (prefix.is_empty(), path.as_str()) {
            (true, ".") => "(top level)".to_string(),
            (true, _) => path,
            (false, ".") => prefix.to_string(),
            (false, _) => format!("{prefix}.{path}"),
        };
        // serde_json appends " at line L column C" itself; we report position separately.
        let mut message = inner.to_string();
        if let Some(cut) = message.rfind(" at line ") {
            message.truncate(cut);
        }
        Error::Parse {
            path,
            message,
            line: inner.line(),
            column: inner.column(),
        }
    }
}
