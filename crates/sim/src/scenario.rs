//! Scenarios: the JSON a lecturer writes. Cluster, seed, network, clocks, a timed schedule of faults and client
//! operations, and narration with checkpoints. A scenario plus its seed rebuilds a run exactly.

use crate::clock::ClockConfig;
use crate::error::Error;
use crate::ids::{MsgId, NodeId};
use crate::network::NetworkConfig;
use crate::protocol::{ClientOp, Protocol};
use serde::{Deserialize, Serialize};

/// Largest cluster the engine accepts. Raft's lab caps itself lower (25) for readability.
pub const MAX_NODES: u32 = 64;
/// The highest client session number a scenario may use.
pub const MAX_SESSION: u32 = 999;
/// Longest run accepted: one simulated hour.
pub const MAX_DURATION_US: u64 = 3_600_000_000;
/// Scenario files larger than this are refused: a schedule is hand-written, not a data dump.
pub const MAX_SCENARIO_BYTES: usize = 4 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub cluster: ClusterSpec,
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub network: NetworkConfig,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clocks: Vec<NodeClock>,
    #[serde(default)]
    pub client: ClientConfig,
    #[serde(default)]
    pub schedule: Vec<Scheduled>,
    /// A steady client load, expanded into client operations when the run starts (see [`Workload`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload: Option<crate::compare::Workload>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub narration: Vec<Narration>,
    /// How long the run lasts when played to the end (the CLI's default stop).
    #[serde(default = "default_duration")]
    pub duration_us: u64,
    /// Systems to compare under this scenario's faults (the Compare view, `splitbrain compare`). The run of
    /// the scenario itself ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare: Option<crate::compare::Comparison>,
}

fn default_duration() -> u64 {
    10_000_000
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSpec {
    pub protocol: String,
    pub nodes: u32,
    /// Protocol options; their shape depends on the protocol (see its `Options`).
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub options: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeClock {
    pub node: NodeId,
    #[serde(default)]
    pub offset_us: i64,
    #[serde(default)]
    pub drift_ppm: i32,
}

impl NodeClock {
    pub fn clock(&self) -> ClockConfig {
        ClockConfig {
            offset_us: self.offset_us,
            drift_ppm: self.drift_ppm,
        }
    }
}

/// How the simulated clients behave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// An attempt with no reply after this long is abandoned and retried elsewhere.
    #[serde(default = "default_client_timeout")]
    pub timeout_us: u64,
    /// Pause before following a redirect or retrying.
    #[serde(default = "default_retry_delay")]
    pub retry_delay_us: u64,
    /// After this many attempts the operation fails.
    #[serde(default = "default_max_attempts")]
    pub max_attempts: u32,
    /// Sticky sessions: every operation of a client session goes to the node its first operation went to
    /// (the load balancer pins the session), whatever node the action names.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sticky_sessions: bool,
}

fn default_client_timeout() -> u64 {
    1_000_000
}
fn default_retry_delay() -> u64 {
    50_000
}
fn default_max_attempts() -> u32 {
    5
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            timeout_us: default_client_timeout(),
            retry_delay_us: default_retry_delay(),
            max_attempts: default_max_attempts(),
            sticky_sessions: false,
        }
    }
}

/// An action at a simulated time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheduled {
    pub at_us: u64,
    pub action: Action,
}

/// Everything a user (or a scenario) can do to a running cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    Crash {
        node: NodeId,
    },
    Restart {
        node: NodeId,
    },
    Pause {
        node: NodeId,
    },
    Resume {
        node: NodeId,
    },
    /// "Time out now": the node acts as if its election (or equivalent) timer fired.
    Timeout {
        node: NodeId,
    },
    /// Split the cluster; nodes listed in no group are isolated.
    Partition {
        groups: Vec<Vec<NodeId>>,
    },
    /// Cut the one-way link `from → to`.
    Cut {
        from: NodeId,
        to: NodeId,
    },
    Uncut {
        from: NodeId,
        to: NodeId,
    },
    /// Remove every partition and cut.
    Heal,
    SetNetwork {
        network: NetworkConfig,
    },
    SetClock {
        node: NodeId,
        #[serde(default)]
        offset_us: i64,
        #[serde(default)]
        drift_ppm: i32,
    },
    /// A client operation sent to `node`, on behalf of client session `session` if given.
    Client {
        node: NodeId,
        op: ClientOp,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        session: Option<u32>,
    },
    /// Drop one in-flight message (ids are deterministic, so this replays).
    DropMessage {
        msg: MsgId,
    },
    /// Hold one in-flight message back for longer.
    DelayMessage {
        msg: MsgId,
        by_us: u64,
    },
    DuplicateMessage {
        msg: MsgId,
    },
}

/// The sides of a partition as the UI writes them: `{n1 n2} | {n3 n4 n5}`.
pub fn groups_text(groups: &[Vec<NodeId>]) -> String {
    let sides: Vec<String> = groups
        .iter()
        .map(|g| {
            let nodes: Vec<String> = g.iter().map(|n| n.to_string()).collect();
            format!("{{{}}}", nodes.join(" "))
        })
        .collect();
    sides.join(" | ")
}

impl Action {
    /// A one-line description for the event log.
    pub fn describe(&self) -> String {
        match self {
            Action::Crash { node } => format!("crash {node}"),
            Action::Restart { node } => format!("restart {node}"),
            Action::Pause { node } => format!("pause {node}"),
            Action::Resume { node } => format!("resume {node}"),
            Action::Timeout { node } => format!("force a timeout on {node}"),
            Action::Partition { groups } => format!("partition {}", groups_text(groups)),
            Action::Cut { from, to } => format!("cut {from} → {to}"),
            Action::Uncut { from, to } => format!("restore {from} → {to}"),
            Action::Heal => "heal the network".to_string(),
            Action::SetNetwork { .. } => "change network settings".to_string(),
            Action::SetClock {
                node,
                offset_us,
                drift_ppm,
            } => format!(
                "set {node}'s clock: offset {} ms, drift {drift_ppm} ppm",
                *offset_us as f64 / 1000.0
            ),
            Action::Client {
                node,
                op,
                session: None,
            } => format!("client {} at {node}", op.describe()),
            Action::Client {
                node,
                op,
                session: Some(s),
            } => format!("client s{s} {} at {node}", op.describe()),
            Action::DropMessage { msg } => format!("drop message {msg}"),
            Action::DelayMessage { msg, by_us } => {
                format!("delay message {msg} by {} ms", *by_us as f64 / 1000.0)
            }
            Action::DuplicateMessage { msg } => format!("duplicate message {msg}"),
        }
    }
}

/// A narration step: text shown at a time, optionally with a checkpoint that must hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Narration {
    pub at_us: u64,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
}

/// A checkpoint: "by `at_us` of the narration, some node has recorded a note labelled `note`" (for Raft,
/// `leader` means a leader was elected), or with `absent`, "no node has" (no false suspicion, no causal
/// anomaly). Checked at the narration's time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub note: String,
    /// Only notes after this time count (default: since the start).
    #[serde(default)]
    pub since_us: u64,
    /// The story is that the note did *not* happen.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub absent: bool,
}

pub(crate) fn check_node(node: NodeId, nodes: u32, path: &str) -> Result<(), Error> {
    if node.0 >= nodes {
        return Err(Error::invalid(
            path,
            format!(
                "node {} does not exist: the cluster has nodes 0 to {}",
                node.0,
                nodes.saturating_sub(1)
            ),
        ));
    }
    Ok(())
}

impl Scenario {
    /// A scenario with defaults everywhere, for `nodes` nodes of protocol `P`.
    pub fn new<P: Protocol>(nodes: u32, seed: u64) -> Self {
        Scenario {
            name: String::new(),
            description: String::new(),
            cluster: ClusterSpec {
                protocol: P::NAME.to_string(),
                nodes,
                options: serde_json::Value::Null,
            },
            seed,
            network: NetworkConfig::default(),
            clocks: Vec::new(),
            client: ClientConfig::default(),
            schedule: Vec::new(),
            workload: None,
            narration: Vec::new(),
            duration_us: default_duration(),
            compare: None,
        }
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serializes")
    }

    /// Parses JSON text; errors give the field path and the line and column. Does not validate values
    /// (see [`Scenario::validate_for`]).
    pub fn from_json(text: &str) -> Result<Self, Error> {
        if text.len() > MAX_SCENARIO_BYTES {
            return Err(Error::TooLarge {
                size: text.len(),
                limit: MAX_SCENARIO_BYTES,
            });
        }
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(text))
            .map_err(|e| Error::from_json(e, ""))
    }

    /// Parses this scenario's protocol options.
    pub fn options<P: Protocol>(&self) -> Result<P::Options, Error> {
        // Defaults are validated too: they may not suit this cluster (a protocol's node limit).
        let text = if self.cluster.options.is_null() {
            "{}".to_string()
        } else {
            self.cluster.options.to_string()
        };
        let options: P::Options =
            serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(&text))
                .map_err(|e| match Error::from_json(e, "cluster.options") {
                    // Line and column refer to the re-serialized options, not the file: drop them.
                    Error::Parse { path, message, .. } => Error::Invalid { path, message },
                    other => other,
                })?;
        P::validate_options(&options, self.cluster.nodes).map_err(|(field, message)| {
            Error::invalid(format!("cluster.options.{field}"), message)
        })?;
        Ok(options)
    }

    /// Checks every value for protocol `P`: node numbers exist, probabilities are probabilities, nothing is
    /// absurdly large.
    pub fn validate_for<P: Protocol>(&self) -> Result<(), Error> {
        if self.cluster.protocol != P::NAME {
            return Err(Error::WrongProtocol {
                expected: P::NAME.to_string(),
                found: self.cluster.protocol.clone(),
            });
        }
        let nodes = self.cluster.nodes;
        if nodes == 0 || nodes > MAX_NODES {
            return Err(Error::invalid(
                "cluster.nodes",
                format!("{nodes} nodes: a cluster has between 1 and {MAX_NODES}"),
            ));
        }
        if self.duration_us == 0 || self.duration_us > MAX_DURATION_US {
            return Err(Error::invalid(
                "duration_us",
                format!(
                    "{} µs: a run lasts between 1 µs and one hour",
                    self.duration_us
                ),
            ));
        }
        self.network.validate(nodes, "network")?;
        if let Some(c) = &self.compare {
            c.validate()?;
        }
        if let Some(w) = &self.workload {
            w.validate(self.duration_us, "workload")?;
            let needed = [
                (
                    w.read_percent < 100,
                    ClientOp::Put {
                        key: "k1".into(),
                        value: "1".into(),
                        context: None,
                    },
                ),
                (w.read_percent > 0, ClientOp::Get { key: "k1".into() }),
            ];
            for (used, op) in needed {
                if used {
                    check_accepted::<P>(
                        &Action::Client {
                            session: None,
                            node: NodeId(0),
                            op,
                        },
                        "workload",
                    )?;
                }
            }
        }
        for (i, c) in self.clocks.iter().enumerate() {
            check_node(c.node, nodes, &format!("clocks[{i}].node"))?;
            check_clock(&c.clock(), &format!("clocks[{i}]"))?;
        }
        let client = &self.client;
        if client.timeout_us == 0 || client.timeout_us > 60_000_000 {
            return Err(Error::invalid(
                "client.timeout_us",
                "must be between 1 µs and one minute",
            ));
        }
        if client.retry_delay_us > 60_000_000 {
            return Err(Error::invalid(
                "client.retry_delay_us",
                "must be at most one minute",
            ));
        }
        if client.max_attempts == 0 || client.max_attempts > 100 {
            return Err(Error::invalid(
                "client.max_attempts",
                "must be between 1 and 100",
            ));
        }
        for (i, s) in self.schedule.iter().enumerate() {
            let p = format!("schedule[{i}]");
            if s.at_us > MAX_DURATION_US {
                return Err(Error::invalid(
                    format!("{p}.at_us"),
                    "is later than one hour",
                ));
            }
            validate_action(&s.action, nodes, &format!("{p}.action"))?;
            check_accepted::<P>(&s.action, &format!("{p}.action"))?;
        }
        for (i, n) in self.narration.iter().enumerate() {
            if n.at_us > MAX_DURATION_US {
                return Err(Error::invalid(
                    format!("narration[{i}].at_us"),
                    "is later than one hour",
                ));
            }
        }
        self.options::<P>()?;
        Ok(())
    }
}

fn check_clock(clock: &ClockConfig, path: &str) -> Result<(), Error> {
    if clock.offset_us.abs() > ClockConfig::MAX_OFFSET_US {
        return Err(Error::invalid(
            format!("{path}.offset_us"),
            format!("{} µs is beyond ±1 hour", clock.offset_us),
        ));
    }
    if clock.drift_ppm.abs() > ClockConfig::MAX_DRIFT_PPM {
        return Err(Error::invalid(
            format!("{path}.drift_ppm"),
            format!(
                "{} ppm is beyond ±{} ppm (±50 %)",
                clock.drift_ppm,
                ClockConfig::MAX_DRIFT_PPM
            ),
        ));
    }
    Ok(())
}

/// Refuses a client operation that protocol `P` does not serve, naming the operation and the protocol.
pub fn check_accepted<P: Protocol>(action: &Action, path: &str) -> Result<(), Error> {
    if let Action::Client { op, .. } = action {
        if !P::CLIENT_OPS.contains(&op.kind()) {
            let accepted: Vec<&str> = P::CLIENT_OPS.iter().map(|k| k.name()).collect();
            return Err(Error::invalid(
                format!("{path}.op"),
                format!(
                    "`{}` is not an operation the `{}` protocol accepts (it accepts {})",
                    op.kind().name(),
                    P::NAME,
                    accepted.join(", ")
                ),
            ));
        }
        if let Some(problem) = op.problem() {
            return Err(Error::invalid(format!("{path}.op"), problem));
        }
    }
    Ok(())
}

/// Checks one action against the cluster size; `path` names it in errors.
pub fn validate_action(action: &Action, nodes: u32, path: &str) -> Result<(), Error> {
    match action {
        Action::Crash { node }
        | Action::Restart { node }
        | Action::Pause { node }
        | Action::Resume { node }
        | Action::Timeout { node } => check_node(*node, nodes, &format!("{path}.node")),
        Action::Client { node, session, .. } => {
            if let Some(s) = session.filter(|s| *s > MAX_SESSION) {
                return Err(Error::invalid(
                    format!("{path}.session"),
                    format!("client sessions are numbered 0 to {MAX_SESSION}, not {s}"),
                ));
            }
            check_node(*node, nodes, &format!("{path}.node"))
        }
        Action::SetClock {
            node,
            offset_us,
            drift_ppm,
        } => {
            check_node(*node, nodes, &format!("{path}.node"))?;
            let clock = ClockConfig {
                offset_us: *offset_us,
                drift_ppm: *drift_ppm,
            };
            check_clock(&clock, path)
        }
        Action::Partition { groups } => {
            let mut seen = std::collections::BTreeSet::new();
            for (g, group) in groups.iter().enumerate() {
                for (k, n) in group.iter().enumerate() {
                    check_node(*n, nodes, &format!("{path}.groups[{g}][{k}]"))?;
                    if !seen.insert(*n) {
                        return Err(Error::invalid(
                            format!("{path}.groups[{g}][{k}]"),
                            format!("{n} is in two groups"),
                        ));
                    }
                }
            }
            Ok(())
        }
        Action::Cut { from, to } | Action::Uncut { from, to } => {
            check_node(*from, nodes, &format!("{path}.from"))?;
            check_node(*to, nodes, &format!("{path}.to"))
        }
        Action::SetNetwork { network } => network.validate(nodes, &format!("{path}.network")),
        Action::DelayMessage { by_us, .. } => {
            if *by_us > crate::network::MAX_LATENCY_US {
                return Err(Error::invalid(
                    format!("{path}.by_us"),
                    "is more than one minute",
                ));
            }
            Ok(())
        }
        Action::Heal | Action::DropMessage { .. } | Action::DuplicateMessage { .. } => Ok(()),
    }
}
