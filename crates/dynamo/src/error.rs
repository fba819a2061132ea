//! The crate's one error type: what a client may send wrong.

use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DynamoError {
    /// A put's context is not a vector clock as a read printed it.
    #[error("the context {text:?} is not a vector clock: {why}")]
    Context { text: String, why: String },
}
