//! Zoom and pan math.

use splitbrain_view::Viewport;

#[test]
fn zoom_keeps_the_point_under_the_mouse() {
    let vp = Viewport::new(0.0, 1000.0, 500.0);
    let z = vp.zoom(2.0, 100.0);
    assert!((z.span() - 500.0).abs() < 1e-9);
    assert!((z.from_px(100.0) - vp.from_px(100.0)).abs() < 1e-9);
    let back = z.zoom(0.5, 100.0);
    assert!((back.x0 - vp.x0).abs() < 1e-9 && (back.x1 - vp.x1).abs() < 1e-9);
    // Zooming in has a floor; absurd factors are ignored.
    assert!(vp.zoom(1e12, 0.0).span() >= splitbrain_view::viewport_min_span() - 1e-9);
    assert_eq!(vp.zoom(f64::NAN, 3.0), vp);
}

#[test]
fn pan_moves_content_with_the_drag() {
    let vp = Viewport::new(0.0, 1000.0, 500.0);
    let p = vp.pan_px(50.0); // drag right by 50 px = 100 units earlier
    assert_eq!((p.x0, p.x1), (-100.0, 900.0));
    assert_eq!(vp.to_px(250.0), 125.0);
    assert_eq!(vp.from_px(125.0), 250.0);
}

#[test]
fn fit_follow_overlap_and_ticks() {
    let vp = Viewport::fit(100.0, 200.0, 1000.0);
    assert!(vp.contains(100.0) && vp.contains(200.0));
    assert!(vp.overlaps(-50.0, 150.0) && vp.overlaps(250.0, 150.0) && !vp.overlaps(300.0, 400.0));
    let f = vp.follow(1000.0);
    assert!(f.contains(1000.0));
    assert!((f.span() - vp.span()).abs() < 1e-9);
    assert_eq!(vp.follow(150.0), vp);
    let ticks = Viewport::new(0.0, 1000.0, 1200.0).ticks();
    assert_eq!(
        ticks,
        vec![0.0, 100.0, 200.0, 300.0, 400.0, 500.0, 600.0, 700.0, 800.0, 900.0, 1000.0]
    );
}
