//! For a replicated store: what every node holds of every key at the end of the run, and whether each key's
//! replicas converged (the same table as the page's Data tab).

use splitbrain_sim::{NodeId, NodeStatus, Session};
use splitbrain_view::store::{replica_table, Cell, Convergence, NodeStore};

/// Keys printed at most; a workload may touch many.
const SHOWN: usize = 8;

pub fn print(session: &dyn Session) {
    let nodes = session.node_count();
    let stores: Vec<NodeStore> = (0..nodes)
        .map(|k| {
            let id = NodeId(k as u32);
            (session.status(id) != NodeStatus::Crashed).then(|| session.stored(id))
        })
        .collect();
    let ring = session.ring();
    if ring.is_none() && stores.iter().flatten().all(Vec::is_empty) {
        return;
    }
    let table = replica_table(&stores, ring.as_ref());
    let converged = table
        .iter()
        .filter(|r| r.convergence == Convergence::Converged)
        .count();
    println!(
        "stores:      {} key(s), {converged} converged at the end",
        table.len()
    );
    for row in table.iter().take(SHOWN) {
        let cells: Vec<String> = row
            .cells
            .iter()
            .enumerate()
            .filter_map(|(k, c)| {
                let n = k + 1;
                Some(match c {
                    Cell::Holds { versions, .. } => format!("n{n} {versions}"),
                    Cell::Hint { owner, versions } => format!("n{n} {versions} (hint for {owner})"),
                    Cell::Missing => format!("n{n} nothing"),
                    Cell::Down => format!("n{n} down"),
                    Cell::NotReplica => return None,
                })
            })
            .collect();
        println!(
            "  {}: {} — {}",
            row.key,
            cells.join(" · "),
            row.convergence_text()
        );
    }
    if table.len() > SHOWN {
        println!("  …and {} more key(s)", table.len() - SHOWN);
    }
}
