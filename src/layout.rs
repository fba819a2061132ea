//! Geometry for the cluster view, as plain functions (unit-tested natively).

/// The cluster view's drawing box (SVG user units; the SVG scales to its container).
pub const VIEW_W: f64 = 1000.0;
pub const VIEW_H: f64 = 640.0;

/// Node circle radius for a cluster of `n` nodes: big for small clusters, shrinking so 25 still fit.
pub fn node_radius(n: usize) -> f64 {
    match n {
        0..=5 => 54.0,
        6..=9 => 46.0,
        10..=15 => 36.0,
        _ => 28.0,
    }
}

/// Radius of the ring the nodes sit on.
pub fn ring_radius(n: usize) -> f64 {
    if n <= 1 {
        0.0
    } else {
        (VIEW_H / 2.0) - node_radius(n) - 56.0
    }
}

/// Position of node `i` of `n`: evenly spaced on a ring, node 0 at the top, clockwise.
pub fn ring_position(i: usize, n: usize) -> (f64, f64) {
    let (cx, cy) = (VIEW_W / 2.0, VIEW_H / 2.0);
    if n <= 1 {
        return (cx, cy);
    }
    let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * (i as f64) / (n as f64);
    let r = ring_radius(n);
    (cx + r * angle.cos(), cy + r * angle.sin())
}

/// How far a message is along its link at time `now`: 0 at `sent`, 1 at `deliver`, clamped.
pub fn progress(sent: u64, deliver: u64, now: u64) -> f64 {
    if deliver <= sent {
        return 1.0;
    }
    let f = (now.saturating_sub(sent)) as f64 / (deliver - sent) as f64;
    f.clamp(0.0, 1.0)
}

/// Where a message from `a` to `b` is drawn at fraction `f`: on the segment between the node rims, shifted
/// sideways (to the left of the direction of travel) so the two directions of a link do not overlap.
pub fn message_position(
    a: (f64, f64),
    b: (f64, f64),
    f: f64,
    node_r: f64,
    lane: f64,
) -> (f64, f64) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-9 {
        return a;
    }
    let (ux, uy) = (dx / len, dy / len);
    // Travel from rim to rim (never inside a node), but never backwards if the nodes overlap.
    let start = node_r.min(len / 2.0);
    let travel = (len - 2.0 * start).max(0.0);
    let d = start + travel * f.clamp(0.0, 1.0);
    // Left normal of the travel direction (SVG y grows downwards).
    let (nx, ny) = (uy, -ux);
    (a.0 + ux * d + nx * lane, a.1 + uy * d + ny * lane)
}

/// SVG arc path for a ring that is `fraction` full, starting at the top, clockwise.
pub fn arc_path(cx: f64, cy: f64, r: f64, fraction: f64) -> String {
    let f = fraction.clamp(0.0, 0.9999);
    if f <= 0.0 {
        return String::new();
    }
    let a0 = -std::f64::consts::FRAC_PI_2;
    let a1 = a0 + std::f64::consts::TAU * f;
    let (x0, y0) = (cx + r * a0.cos(), cy + r * a0.sin());
    let (x1, y1) = (cx + r * a1.cos(), cy + r * a1.sin());
    let large = if f > 0.5 { 1 } else { 0 };
    format!("M{x0:.1} {y0:.1} A{r:.1} {r:.1} 0 {large} 1 {x1:.1} {y1:.1}")
}

/// Formats simulated microseconds for people: "1.234 s", "56.7 ms".
pub fn fmt_time(us: u64) -> String {
    if us >= 1_000_000 {
        format!("{:.3} s", us as f64 / 1e6)
    } else {
        format!("{:.1} ms", us as f64 / 1e3)
    }
}

/// Formats a signed local clock reading in seconds.
pub fn fmt_local(us: i64) -> String {
    format!("{:.3} s", us as f64 / 1e6)
}

/// Clamps a number typed or dragged into a control: NaN and infinities fall back to `fallback`.
pub fn clamp_f64(v: f64, min: f64, max: f64, fallback: f64) -> f64 {
    if v.is_finite() {
        v.clamp(min, max)
    } else {
        fallback
    }
}

/// Parses a control's text as a number and clamps it (garbage gives `fallback`).
pub fn parse_clamped(text: &str, min: f64, max: f64, fallback: f64) -> f64 {
    clamp_f64(
        text.trim().parse::<f64>().unwrap_or(fallback),
        min,
        max,
        fallback,
    )
}

/// Speed slider: position 0..=100 maps logarithmically onto 0.01×..100×.
pub fn speed_from_slider(pos: f64) -> f64 {
    let p = clamp_f64(pos, 0.0, 100.0, 50.0);
    10f64.powf(-2.0 + 4.0 * p / 100.0)
}

pub fn slider_from_speed(speed: f64) -> f64 {
    let s = clamp_f64(speed, 0.01, 100.0, 1.0);
    (s.log10() + 2.0) / 4.0 * 100.0
}

pub fn fmt_speed(speed: f64) -> String {
    if speed >= 10.0 {
        format!("{speed:.0}×")
    } else if speed >= 1.0 {
        format!("{speed:.1}×")
    } else {
        format!("{speed:.2}×")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_starts_at_the_top_and_goes_clockwise() {
        let (x0, y0) = ring_position(0, 4);
        assert!((x0 - VIEW_W / 2.0).abs() < 1e-6);
        assert!(y0 < VIEW_H / 2.0);
        let (x1, _) = ring_position(1, 4);
        assert!(x1 > VIEW_W / 2.0, "second node is to the right");
        assert_eq!(ring_position(0, 1), (VIEW_W / 2.0, VIEW_H / 2.0));
    }

    #[test]
    fn ring_fits_in_the_view_for_every_cluster_size() {
        for n in 1..=25 {
            let r = node_radius(n);
            for i in 0..n {
                let (x, y) = ring_position(i, n);
                assert!(x - r >= 0.0 && x + r <= VIEW_W, "n={n} i={i}");
                assert!(y - r >= 0.0 && y + r <= VIEW_H, "n={n} i={i}");
            }
            // Neighbours do not overlap.
            if n > 1 {
                let (a, b) = (ring_position(0, n), ring_position(1, n));
                let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
                assert!(d > 2.0 * r, "n={n}: nodes overlap");
            }
        }
    }

    #[test]
    fn progress_is_clamped_and_linear() {
        assert_eq!(progress(100, 200, 50), 0.0);
        assert_eq!(progress(100, 200, 150), 0.5);
        assert_eq!(progress(100, 200, 500), 1.0);
        assert_eq!(progress(100, 100, 100), 1.0);
    }

    #[test]
    fn messages_travel_rim_to_rim_on_their_own_lane() {
        let a = (0.0, 0.0);
        let b = (100.0, 0.0);
        assert_eq!(message_position(a, b, 0.0, 10.0, 0.0), (10.0, 0.0));
        assert_eq!(message_position(a, b, 1.0, 10.0, 0.0), (90.0, 0.0));
        let there = message_position(a, b, 0.5, 10.0, 5.0);
        let back = message_position(b, a, 0.5, 10.0, 5.0);
        assert!(
            (there.1 - back.1).abs() > 9.0,
            "opposite directions use opposite lanes"
        );
        assert_eq!(message_position(a, a, 0.5, 10.0, 5.0), a);
    }

    #[test]
    fn absurd_inputs_are_clamped() {
        assert_eq!(parse_clamped("abc", 0.0, 10.0, 3.0), 3.0);
        assert_eq!(parse_clamped("1e300", 0.0, 10.0, 3.0), 10.0);
        assert_eq!(parse_clamped("-5", 0.0, 10.0, 3.0), 0.0);
        assert_eq!(clamp_f64(f64::NAN, 0.0, 1.0, 0.5), 0.5);
        assert!((speed_from_slider(0.0) - 0.01).abs() < 1e-9);
        assert!((speed_from_slider(100.0) - 100.0).abs() < 1e-9);
        assert!((slider_from_speed(speed_from_slider(37.0)) - 37.0).abs() < 1e-9);
    }

    #[test]
    fn arcs() {
        assert_eq!(arc_path(0.0, 0.0, 10.0, 0.0), "");
        assert!(arc_path(0.0, 0.0, 10.0, 0.75).contains(" 0 1 1 "));
        assert!(arc_path(0.0, 0.0, 10.0, 0.25).contains(" 0 0 1 "));
    }

    #[test]
    fn times_read_well() {
        assert_eq!(fmt_time(1_234_567), "1.235 s");
        assert_eq!(fmt_time(56_700), "56.7 ms");
    }
}
