//! The Charts band: the current run's metrics drawn with plotters on canvases, following the cursor (time
//! travel included) and redrawn at most four times a second while playing. Each chart exports as SVG (the
//! same drawing code on plotters' SVG backend) and PNG, and the metrics as CSV. [`ChartGrid`] is shared with
//! the Compare view, which overlays several runs.

use crate::lab::{use_lab, Lab};
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use splitbrain_charts::{kinds_for, ChartKind, Frame, Series};
use splitbrain_metrics::{Input, Metrics};
use splitbrain_sim::SimTime;
use std::sync::Arc;

/// Canvas size in pixels; the page scales it to the column's width.
const SIZE: (u32, u32) = (640, 260);
/// The fastest the band redraws while playing.
const MIN_REDRAW_MS: f64 = 250.0;

/// What a grid of charts draws: one or more labelled runs and the cursor.
#[derive(Clone, Debug, Default)]
pub struct ChartData {
    pub runs: Vec<(String, Metrics)>,
    pub cursor: Option<SimTime>,
}

impl ChartData {
    fn series(&self) -> Vec<Series<'_>> {
        self.runs
            .iter()
            .map(|(label, metrics)| Series { label, metrics })
            .collect()
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The current run's metrics at the cursor.
fn measure(lab: Lab) -> ChartData {
    lab.with_untracked(|tl| {
        let metrics = Metrics::measure(Input::of(tl));
        ChartData {
            runs: vec![(tl.face().name.to_string(), metrics)],
            cursor: Some(tl.now()),
        }
    })
}

#[component]
pub fn ChartsBand() -> impl IntoView {
    let lab = use_lab();
    let data = RwSignal::new(Arc::new(measure(lab)));
    let last = StoredValue::new(now_ms());
    let pending = StoredValue::new(false);
    // Throttled: a change schedules one measurement, no sooner than MIN_REDRAW_MS after the last.
    Effect::new(move |first: Option<()>| {
        lab.version.track();
        if first.is_none() || pending.get_value() {
            return;
        }
        let wait = (MIN_REDRAW_MS - (now_ms() - last.get_value())).max(0.0);
        pending.set_value(true);
        set_timeout(
            move || {
                pending.set_value(false);
                last.set_value(now_ms());
                if data.try_set(Arc::new(measure(lab))).is_some() {
                    // The band was unmounted meanwhile.
                }
            },
            std::time::Duration::from_millis(wait as u64),
        );
    });
    let csv = move |_| {
        let d = data.get_untracked();
        let runs: Vec<(&str, &Metrics)> = d.runs.iter().map(|(l, m)| (l.as_str(), m)).collect();
        if let Err(e) = crate::download::text(
            "splitbrain-metrics.csv",
            "text/csv",
            &splitbrain_metrics::to_csv(&runs),
        ) {
            lab.show_error(format!("Export failed: {e}"));
        }
    };
    view! {
        <div class="charts-band" data-testid="charts">
            <div class="charts-bar">
                <span class="charts-note">"Measured up to the cursor; shaded: faults. Hover a chart for values."</span>
                <button class="btn small" data-testid="charts-csv" on:click=csv>"⇩ Metrics CSV"</button>
            </div>
            <ChartGrid data=data.into() prefix="chart"/>
        </div>
    }
}

/// One card per chart worth drawing for `data`.
#[component]
pub fn ChartGrid(data: Signal<Arc<ChartData>>, prefix: &'static str) -> impl IntoView {
    let kinds = Memo::new(move |_| data.with(|d| kinds_for(&d.series())));
    view! {
        <div class="chart-grid">
            <For each=move || kinds.get() key=|k| *k let:kind>
                <ChartCard kind=kind data=data prefix=prefix/>
            </For>
        </div>
    }
}

#[component]
fn ChartCard(kind: ChartKind, data: Signal<Arc<ChartData>>, prefix: &'static str) -> impl IntoView {
    let lab = use_lab();
    let canvas = NodeRef::<Canvas>::new();
    let frame: StoredValue<Option<Frame>> = StoredValue::new(None);
    let readout = RwSignal::new(String::new());
    let id = format!("{prefix}-{}", kind.key());
    Effect::new(move |_| {
        let d = data.get();
        let Some(el) = canvas.get() else { return };
        let started = now_ms();
        let Some(backend) = CanvasBackend::with_canvas_object(el.clone()) else {
            return;
        };
        let area = backend.into_drawing_area();
        match splitbrain_charts::draw(&area, kind, &d.series(), d.cursor) {
            Ok(f) => frame.set_value(Some(f)),
            Err(e) => lab.show_error(e),
        }
        let _ = area.present();
        // Read by the smoke script: the redraw cost, in the page, as it plays.
        let _ = el.set_attribute("data-draw-ms", &format!("{:.2}", now_ms() - started));
    });
    let hover = move |ev: web_sys::MouseEvent| {
        let (Some(el), Some(f)) = (canvas.get_untracked(), frame.get_value()) else {
            return;
        };
        let scale = el.width() as f64 / el.client_width().max(1) as f64;
        let x = (ev.offset_x() as f64 * scale).round() as i32;
        match f.time_at(x) {
            Some(t) => data
                .with_untracked(|d| readout.set(splitbrain_charts::readout(kind, &d.series(), t))),
            None => readout.set(String::new()),
        }
    };
    let svg = move |_| {
        let d = data.get_untracked();
        let name = format!("splitbrain-{}.svg", kind.key());
        let result = splitbrain_charts::svg(kind, &d.series(), SIZE, d.cursor)
            .and_then(|text| crate::download::text(&name, "image/svg+xml", &text));
        if let Err(e) = result {
            lab.show_error(format!("Export failed: {e}"));
        }
    };
    let png = move |_| {
        let Some(el) = canvas.get_untracked() else {
            return;
        };
        let result = el
            .to_data_url_with_type("image/png")
            .map_err(|_| "the canvas could not be read".to_string())
            .and_then(|url| {
                crate::download::data_url(&format!("splitbrain-{}.png", kind.key()), &url)
            });
        if let Err(e) = result {
            lab.show_error(format!("Export failed: {e}"));
        }
    };
    view! {
        <figure class="chart-card" data-testid=id.clone()>
            <canvas node_ref=canvas width=SIZE.0 height=SIZE.1 role="img" aria-label=kind.title()
                data-testid=format!("{id}-canvas")
                on:mousemove=hover on:mouseleave=move |_| readout.set(String::new())></canvas>
            <figcaption>
                <span class="readout" data-testid=format!("{id}-readout")>{move || readout.get()}</span>
                <span class="chart-actions">
                    <button class="btn small" data-testid=format!("{id}-svg") on:click=svg>"SVG"</button>
                    <button class="btn small" data-testid=format!("{id}-png") on:click=png>"PNG"</button>
                </span>
            </figcaption>
        </figure>
    }
}
