//! Prints the scenarios the timeline tests and measurements use, as JSON, for the browser scripts:
//! `cargo run -p splitbrain-view --example scenarios -- stale|busy [seconds]`.

#[path = "../tests/common/raft.rs"]
mod raft_common;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sc = match args.get(1).map(String::as_str) {
        Some("busy") => {
            let seconds = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(16);
            raft_common::busy(7, seconds)
        }
        _ => {
            let mut sc = raft_common::partitioned_stale_read(1);
            sc.name = "Partitioned old leader, unsafe local reads".into();
            sc
        }
    };
    println!("{}", sc.to_json_pretty());
}
