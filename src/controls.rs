//! The control panels: playback, faults on the network and messages, and (re)starting runs.

pub mod network;
pub mod playback;
pub mod run;
