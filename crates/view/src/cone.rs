//! The causal cone of one event: what could have influenced it (its past), what it could influence (its
//! future), and everything else, which is concurrent with it.

use crate::dag::HappensBefore;
use splitbrain_sim::EventId;

/// Where an event stands relative to the selected one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Selected,
    Past,
    Future,
    Concurrent,
    /// A cluster-wide event (partition, drop on the wire): outside the happens-before order.
    Outside,
}

impl Role {
    /// The CSS class the diagram uses.
    pub fn class(self) -> &'static str {
        match self {
            Role::Selected => "sel",
            Role::Past => "past",
            Role::Future => "future",
            Role::Concurrent => "conc",
            Role::Outside => "outside",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cone {
    pub selected: EventId,
    roles: Vec<Role>,
}

impl Cone {
    /// The transitive closure of happens-before from `selected`, both ways.
    pub fn new(hb: &HappensBefore, selected: EventId) -> Self {
        let past = hb.reach(selected, false);
        let future = hb.reach(selected, true);
        let roles = (0..hb.len())
            .map(|i| {
                let id = EventId(i as u64);
                if id == selected {
                    Role::Selected
                } else if !hb.on_node(id) {
                    Role::Outside
                } else if past[i] {
                    Role::Past
                } else if future[i] {
                    Role::Future
                } else {
                    Role::Concurrent
                }
            })
            .collect();
        Cone { selected, roles }
    }

    pub fn role(&self, e: EventId) -> Role {
        self.roles.get(e.index()).copied().unwrap_or(Role::Outside)
    }

    pub fn past(&self) -> impl Iterator<Item = EventId> + '_ {
        self.with(Role::Past)
    }

    pub fn future(&self) -> impl Iterator<Item = EventId> + '_ {
        self.with(Role::Future)
    }

    pub fn concurrent(&self) -> impl Iterator<Item = EventId> + '_ {
        self.with(Role::Concurrent)
    }

    fn with(&self, role: Role) -> impl Iterator<Item = EventId> + '_ {
        self.roles
            .iter()
            .enumerate()
            .filter(move |(_, r)| **r == role)
            .map(|(i, _)| EventId(i as u64))
    }

    pub fn count(&self, role: Role) -> usize {
        self.roles.iter().filter(|r| **r == role).count()
    }
}
