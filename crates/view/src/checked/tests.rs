use super::*;
use splitbrain_check::{OpKind, Stamp};
use splitbrain_sim::{EventId, SimTime};

fn st(ms: u64, ev: u64) -> Stamp {
    Stamp {
        time: SimTime(ms * 1000),
        event: EventId(ev),
    }
}

fn op(id: u64, client: u32, kind: OpKind, call: Stamp, completion: Completion) -> Op {
    Op {
        id: OpId(id),
        key: "x".into(),
        session: Some(client),
        kind,
        invoke: call,
        completion,
    }
}

fn w(v: &str) -> OpKind {
    OpKind::Put { value: v.into() }
}

fn r(v: Option<&str>) -> OpKind {
    OpKind::Get {
        read: v.map(Into::into),
        siblings: vec![],
    }
}

/// Client 0 writes 1 then 2; client 1 reads 1 after the second write returned (a stale read) and leaves a
/// cas indeterminate.
fn stale() -> History {
    History {
        ops: vec![
            op(0, 0, w("1"), st(0, 0), Completion::Ok(st(100, 1))),
            op(1, 0, w("2"), st(200, 2), Completion::Ok(st(300, 3))),
            op(2, 1, r(Some("1")), st(400, 4), Completion::Ok(st(500, 5))),
            op(
                3,
                1,
                OpKind::Cas {
                    expected: "2".into(),
                    new: "3".into(),
                },
                st(600, 6),
                Completion::Failed(st(700, 7)),
            ),
        ],
    }
}

fn marks() -> BTreeMap<String, KeyMarks> {
    BTreeMap::from([(
        "x".to_string(),
        KeyMarks {
            prefix: [OpId(0), OpId(1)].into(),
            culprits: [OpId(2)].into(),
            verdict: Some("not linearizable".into()),
        },
    )])
}

#[test]
fn one_lane_per_client_and_bars_run_from_call_to_return() {
    let p = layout(&stale(), &marks(), 1000.0);
    assert_eq!(p.sections.len(), 1);
    let s = &p.sections[0];
    assert_eq!(s.heading, "key x: not linearizable");
    let names: Vec<&str> = s.lanes.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(names, ["client 0", "client 1"]);
    let b0 = &s.bars[0];
    let b1 = &s.bars[1];
    assert!(b0.x0 < b0.x1 && b0.x1 < b1.x0 && b1.x0 < b1.x1);
    assert!(b0.x0 >= p.left && b1.x1 < p.right);
    // Client 1's bars sit in its own lane, below client 0's.
    assert!(s.bars[2].y > s.lanes[0].y1 && s.bars[2].y < s.lanes[1].y1);
    // The call-to-return spans are proportional to time: 100 ms each.
    assert!(((b0.x1 - b0.x0) - (b1.x1 - b1.x0)).abs() < 0.01);
}

#[test]
fn an_indeterminate_operation_is_open_ended_and_a_later_call_of_its_client_stacks_below() {
    let mut h = stale();
    h.ops.push(op(
        4,
        1,
        r(Some("3")),
        st(800, 8),
        Completion::Ok(st(900, 9)),
    ));
    let p = layout(&h, &BTreeMap::new(), 1000.0);
    let s = &p.sections[0];
    let cas = s.bars.iter().find(|b| b.op == OpId(3)).unwrap();
    let read = s.bars.iter().find(|b| b.op == OpId(4)).unwrap();
    assert!(cas.open && !read.open);
    assert!(read.y > cas.y, "the read goes to a second row");
    let lane = &s.lanes[1];
    assert!((lane.y1 - lane.y0 - 2.0 * ROW_H).abs() < 0.01);
}

#[test]
fn marks_prefix_and_culprits_and_shade_up_to_the_last_prefix_return() {
    let p = layout(&stale(), &marks(), 1000.0);
    let s = &p.sections[0];
    let by = |id| s.bars.iter().find(|b| b.op == OpId(id)).unwrap();
    assert_eq!(by(0).mark, Mark::Prefix);
    assert_eq!(by(2).mark, Mark::Culprit);
    assert_eq!(by(3).mark, Mark::Plain);
    assert_eq!(s.prefix_to, Some(by(1).x1));
}

#[test]
fn labels_use_porcupines_short_notation() {
    let h = stale();
    let labels: Vec<String> = h.ops.iter().map(op_label).collect();
    assert_eq!(labels, ["w 1", "w 2", "r 1", "cas 2→3 ?"]);
    let missing = op(9, 0, r(None), st(0, 0), Completion::Ok(st(1, 1)));
    assert_eq!(op_label(&missing), "r nil");
    let refused = op(
        9,
        0,
        OpKind::Cas {
            expected: "1".into(),
            new: "2".into(),
        },
        st(0, 0),
        Completion::Rejected(st(1, 1)),
    );
    assert_eq!(op_label(&refused), "cas 1→2 ✕");
}

#[test]
fn crowded_labels_give_way_and_none_overlap() {
    // Ten back-to-back writes of one client in 10 ms on a 1000 ms axis: far too narrow for every label.
    let mut ops = vec![op(0, 0, w("0"), st(0, 0), Completion::Ok(st(1000, 1)))];
    for k in 0..10u64 {
        ops.push(op(
            k + 1,
            1,
            w(&format!("value-{k}")),
            st(k, 10 + 2 * k),
            Completion::Ok(st(k + 1, 11 + 2 * k)),
        ));
    }
    let p = layout(&History { ops }, &BTreeMap::new(), 800.0);
    let lane: Vec<&Bar> = p.sections[0]
        .bars
        .iter()
        .filter(|b| b.op != OpId(0))
        .collect();
    let shown: Vec<(f64, f64)> = lane
        .iter()
        .filter_map(|b| {
            b.label_at
                .map(|(x, _)| (x, x + b.label.len() as f64 * LABEL_CHAR_PX))
        })
        .collect();
    assert!(!shown.is_empty() && shown.len() < lane.len(), "{shown:?}");
    for pair in shown.windows(2) {
        assert!(pair[0].1 <= pair[1].0, "labels overlap: {pair:?}");
    }
    // The long bar's label fits inside it.
    assert!(p.sections[0].bars[0].label_at.is_some());
}

#[test]
fn the_axis_is_in_time_when_the_history_has_times_else_in_order() {
    let p = layout(&stale(), &BTreeMap::new(), 1000.0);
    assert_eq!(p.axis_label, "time");
    assert!(p.ticks.len() >= 3);
    assert!(
        p.ticks.iter().any(|(_, t)| t.ends_with(" ms")),
        "{:?}",
        p.ticks
    );
    assert!(p.ticks.windows(2).all(|t| t[0].0 < t[1].0));
    let mut untimed = stale();
    for o in &mut untimed.ops {
        o.invoke.time = SimTime(0);
        if let Completion::Ok(s) | Completion::Failed(s) = &mut o.completion {
            s.time = SimTime(0);
        }
    }
    let p = layout(&untimed, &BTreeMap::new(), 1000.0);
    assert_eq!(p.axis_label, "order");
    let s = &p.sections[0];
    assert!(
        s.bars[0].x1 < s.bars[1].x0,
        "order still separates the writes"
    );
}

#[test]
fn an_empty_history_lays_out_to_an_empty_picture() {
    let p = layout(&History::default(), &BTreeMap::new(), 100.0);
    assert!(p.sections.is_empty());
    assert!(p.width >= 320.0 && p.height > 0.0);
    assert!(svg::render(&p, "empty", true).ends_with("</svg>"));
}

#[test]
fn the_svg_is_standalone_and_marks_culprits() {
    let p = layout(&stale(), &marks(), 1000.0);
    let s = svg::render(&p, "History <check>", true);
    assert!(s.starts_with("<?xml"));
    assert!(s.contains(r#"xmlns="http://www.w3.org/2000/svg""#));
    assert!(s.contains(r##"fill="#fff""##) && s.contains("<style>"));
    assert!(s.contains("History &lt;check&gt;"));
    assert_eq!(s.matches(r#"data-testid="history-culprit""#).count(), 1);
    assert!(
        s.contains("hc-open"),
        "the indeterminate cas runs on dashed"
    );
    assert!(s.contains("hc-prefix"));
}
