//! Validity: only a value that has been proposed may be chosen (§2.1). A value is proposed when a client
//! asks for it (the engine records the invocation); a no-op is the one value a leader may invent (§3).

use super::{shown, violation, VALIDITY};
use crate::value::Value;
use splitbrain_sim::{EventId, Violation};
use std::collections::BTreeSet;

#[derive(Clone, Debug, Default)]
pub(crate) struct Validity {
    proposed: BTreeSet<Value>,
}

impl Validity {
    pub fn proposed(&mut self, value: Value) {
        self.proposed.insert(value);
    }

    pub fn check(
        &self,
        slot: u64,
        value: &Value,
        how: &str,
        id: EventId,
        violations: &mut Vec<Violation>,
    ) {
        if *value != Value::Noop && !self.proposed.contains(value) {
            violations.push(violation(
                VALIDITY,
                id,
                format!(
                    "slot {slot}: {} was {how}, but no client asked for it",
                    shown(value)
                ),
            ));
        }
    }
}
