//! Browser tests of the Charts band and the Compare view: the charts draw on a real run, follow the cursor
//! and export SVG; Compare of the CAP lecture shows the very table `splitbrain compare` prints.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::*;

/// Non-white pixels in a canvas region (x, y, w, h), and a fingerprint of the whole picture.
fn ink(canvas: &web_sys::HtmlCanvasElement, region: (f64, f64, f64, f64)) -> (usize, u64) {
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let all = ctx
        .get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64)
        .unwrap()
        .data();
    let hash = all.iter().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x100000001b3)
    });
    let part = ctx
        .get_image_data(region.0, region.1, region.2, region.3)
        .unwrap()
        .data();
    let inked = part
        .chunks(4)
        .filter(|p| p[0] < 200 || p[1] < 200 || p[2] < 200)
        .count();
    (inked, hash)
}

fn canvas(root: &web_sys::HtmlElement, id: &str) -> web_sys::HtmlCanvasElement {
    find(root, &format!("[data-testid={id}-canvas]"))
        .unwrap()
        .dyn_into()
        .unwrap()
}

/// Waits past the band's redraw throttle.
async fn redraw() {
    sleep(400).await;
    settle().await;
}

/// Downloads go through `<a download>` clicks: capture them (and keep their blob URLs readable).
fn capture_downloads() {
    js_sys::eval(
        "window.__downloads = []; URL.revokeObjectURL = function () {};\
         HTMLAnchorElement.prototype.click = function () { window.__downloads.push([this.download, this.href]); };",
    )
    .unwrap();
}

async fn last_download() -> (String, String) {
    let list = js_sys::eval("window.__downloads[window.__downloads.length - 1]").unwrap();
    let pair: js_sys::Array = list.dyn_into().unwrap();
    let name = pair.get(0).as_string().unwrap();
    let url = pair.get(1).as_string().unwrap();
    let resp: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(web_sys::window().unwrap().fetch_with_str(&url))
            .await
            .unwrap()
            .dyn_into()
            .unwrap();
    let text = wasm_bindgen_futures::JsFuture::from(resp.text().unwrap())
        .await
        .unwrap();
    (name, text.as_string().unwrap())
}

#[wasm_bindgen_test]
async fn the_charts_draw_a_real_run_follow_the_cursor_and_export() {
    let (root, _handle) = mount();
    settle().await;
    choose(
        &root,
        "[data-testid=scenario-picker]",
        "raft-partition-stale-read",
    )
    .await;
    assert!(
        find(&root, "[data-testid=charts]").is_none(),
        "folded until asked for"
    );
    click(&find(&root, "[data-testid=toggle-charts]").unwrap());
    settle().await;
    scrub_to(&root, 1500).await;
    redraw().await;
    for id in [
        "chart-latency",
        "chart-throughput",
        "chart-availability",
        "chart-staleness",
        "chart-messages",
    ] {
        let c = canvas(&root, id);
        let (w, h) = (c.width() as f64, c.height() as f64);
        let (plot, _) = ink(&c, (90.0, 40.0, w - 120.0, h - 100.0));
        assert!(plot > 500, "{id}: the plot is drawn ({plot} inked pixels)");
        let (axis, _) = ink(&c, (90.0, h - 40.0, w - 120.0, 40.0));
        assert!(
            axis > 100,
            "{id}: the x axis has its labels ({axis} inked pixels)"
        );
        assert!(
            c.get_attribute("data-draw-ms").is_some(),
            "{id}: the redraw was timed"
        );
    }
    // Time travel: the charts follow the cursor back.
    let (_, at_1500) = ink(&canvas(&root, "chart-throughput"), (0.0, 0.0, 1.0, 1.0));
    scrub_to(&root, 600).await;
    redraw().await;
    let (_, at_600) = ink(&canvas(&root, "chart-throughput"), (0.0, 0.0, 1.0, 1.0));
    assert_ne!(at_1500, at_600, "the picture changed with the cursor");
    // Hover reads the value under the mouse.
    let c = canvas(&root, "chart-latency");
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_client_x(
        (c.get_bounding_client_rect().left() + c.get_bounding_client_rect().width() * 0.4) as i32,
    );
    init.set_client_y((c.get_bounding_client_rect().top() + 100.0) as i32);
    c.dispatch_event(
        &web_sys::MouseEvent::new_with_mouse_event_init_dict("mousemove", &init).unwrap(),
    )
    .unwrap();
    settle().await;
    let readout = text(&root, "[data-testid=chart-latency-readout]");
    assert!(
        readout.starts_with("t = ") && readout.contains("p50"),
        "hover readout: {readout:?}"
    );
    // Export: the SVG is a document with the same caption and axis.
    capture_downloads();
    click(&find(&root, "[data-testid=chart-latency-svg]").unwrap());
    let (name, svg) = last_download().await;
    assert_eq!(name, "splitbrain-latency.svg");
    assert!(
        svg.starts_with("<svg") && svg.contains("Latency") && svg.contains("simulated time (s)"),
        "{}",
        &svg[..200.min(svg.len())]
    );
    click(&find(&root, "[data-testid=charts-csv]").unwrap());
    let (name, csv) = last_download().await;
    assert_eq!(name, "splitbrain-metrics.csv");
    assert!(csv.starts_with("system,t_ms,throughput_per_s"));
    assert!(
        find(&root, "[data-testid=error]").is_none(),
        "no error shown"
    );
}

/// The golden table's rows, split into cells the way `Summary::table` aligned them (two or more spaces).
fn golden_rows() -> Vec<Vec<String>> {
    include_str!("../crates/compare/tests/golden/raft-cap-partition.txt")
        .lines()
        .skip(1)
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn compare_shows_the_same_numbers_as_the_cli() {
    let (root, _handle) = mount();
    settle().await;
    choose(&root, "[data-testid=scenario-picker]", "raft-cap-partition").await;
    click(&find(&root, "[data-testid=compare-open]").unwrap());
    settle().await;
    click(&find(&root, "[data-testid=compare-scenario]").unwrap());
    for _ in 0..200 {
        if find(&root, "[data-testid=compare-table]").is_some() {
            break;
        }
        sleep(100).await;
    }
    settle().await;
    assert!(
        find(&root, "[data-testid=compare-error]").is_none(),
        "{}",
        text(&root, "[data-testid=compare-error]")
    );
    let rows: Vec<Vec<String>> = all(&root, "[data-testid=compare-row]")
        .iter()
        .map(|tr| {
            let tr: &web_sys::HtmlElement = tr.dyn_ref().unwrap();
            all(tr, "td")
                .iter()
                .map(|td| td.text_content().unwrap_or_default())
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        golden_rows(),
        "the page's table is the CLI's (crates/compare/tests/golden)"
    );
    // Overlaid charts, one line per system, drawn.
    let c = canvas(&root, "compare-availability");
    let (plot, _) = ink(
        &c,
        (
            90.0,
            40.0,
            c.width() as f64 - 120.0,
            c.height() as f64 - 100.0,
        ),
    );
    assert!(
        plot > 500,
        "the comparison is charted ({plot} inked pixels)"
    );
    // The presets path runs too: two systems, the default fault schedule.
    click(&find(&root, "[data-testid=compare-run]").unwrap());
    for _ in 0..200 {
        sleep(100).await;
        if find(&root, "[data-testid=compare-busy]").is_none() {
            break;
        }
    }
    settle().await;
    assert_eq!(
        all(&root, "[data-testid=compare-row]").len(),
        2,
        "two preset systems compared"
    );
}
