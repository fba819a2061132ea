//! The timelines band: the space-time (happens-before) diagram of the run so far, the protocol's epoch lanes beneath it
//! and the client history, all one SVG computed by `splitbrain-view` for the visible window.
//!
//! Hover or click an event to light up its causal past (orange) and future (green) and dim what is
//! concurrent; shift-click a second event to have their relation stated with the vector clocks that prove
//! it. Markers (violations, stale reads, split brain) seek playback to the event that broke things.

mod info;
mod interact;
mod model;
mod visibility;

use crate::lab::use_lab;
use interact::Hit;
use leptos::prelude::*;
use model::Cached;
use splitbrain_sim::EventId;
use splitbrain_view::{svg, AxisMode, Cone, LayoutOptions, Scene, Viewport};
use std::rc::Rc;

/// Width assumed before the container is measured (a projector's 1080p minus margins).
const DEFAULT_WIDTH: f64 = 1500.0;

/// Everything the last frame was drawn from, to reuse its layout when only the highlight changes.
#[derive(Clone, PartialEq)]
struct SceneKey {
    trace: model::TraceKey,
    mode: AxisMode,
    vp: (u64, u64, u64),
    now: u64,
}

#[component]
pub fn Timelines() -> impl IntoView {
    let lab = use_lab();
    let mode = RwSignal::new(AxisMode::Real);
    // `None`: fit the whole run (and keep fitting as it grows).
    let view = RwSignal::new(None::<Viewport>);
    let follow = RwSignal::new(false);
    let width = RwSignal::new(DEFAULT_WIDTH);
    let hover = RwSignal::new(None::<EventId>);
    let cache = StoredValue::new_local(None::<Cached>);
    let scene_cache = StoredValue::new_local(None::<(SceneKey, Rc<Scene>)>);
    // The viewport actually drawn last, the base for zoom and pan.
    let shown_vp = StoredValue::new(Viewport::new(0.0, 1.0, DEFAULT_WIDTH));
    let drag = StoredValue::new(None::<(f64, Viewport, bool)>);
    let opts = LayoutOptions::default();
    let container = NodeRef::<leptos::html::Div>::new();

    // Measure the plot width now and on every resize.
    let measure = move || {
        if let Some(el) = container.get_untracked() {
            let w = el.client_width() as f64 - opts.gutter - 24.0;
            if w > 200.0 && (w - width.get_untracked()).abs() > 1.0 {
                width.set(w);
            }
        }
    };
    Effect::new(move |_| {
        if container.get().is_some() {
            measure();
        }
    });
    // Off screen (scrolled below the cluster), the band is not redrawn; it catches up when it comes into view.
    let on_screen = RwSignal::new(true);
    Effect::new(move |_| {
        if let Some(el) = container.get() {
            visibility::track(&el, on_screen);
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // A new run (different nodes or seed) starts fitted again, with nothing selected here.
    let run_id = Memo::new(move |_| {
        lab.with(|tl| {
            (
                tl.scenario().seed,
                tl.node_count(),
                tl.scenario().name.clone(),
            )
        })
    });
    Effect::new(move |prev: Option<()>| {
        run_id.track();
        if prev.is_some() {
            view.set(None);
            hover.set(None);
        }
    });

    let opts_c = opts.clone();
    // While playing, the last drawing is reused until it is PLAYING_REFRESH_MS old, unless the user changed the
    // view (zoom, mode, selection): then it is redrawn at once.
    let last_svg = StoredValue::new(None::<(f64, ViewInputs, String)>);
    let svg_html = move || {
        let t0 = now_ms();
        let inputs = ViewInputs {
            mode: mode.get(),
            view: view.get().map(|v| (v.x0.to_bits(), v.x1.to_bits())),
            width: width.get().to_bits(),
            follow: follow.get(),
            selected: lab.selected_events.get(),
            hover: if lab.selected_events.with(|s| s.is_empty()) {
                hover.get()
            } else {
                None
            },
        };
        let playing = lab.playing.get();
        lab.version.track();
        if !on_screen.get() {
            if let Some(s) = last_svg.with_value(|l| l.as_ref().map(|(_, _, s)| s.clone())) {
                return s;
            }
        }
        if playing {
            let reuse = last_svg.with_value(|l| {
                l.as_ref()
                    .filter(|(at, i, _)| *i == inputs && t0 - at < model::PLAYING_REFRESH_MS)
                    .map(|(_, _, s)| s.clone())
            });
            if let Some(s) = reuse {
                return s;
            }
        }
        let c = model::current(lab, cache);
        let now = lab.with(|tl| tl.now());
        let mode = mode.get();
        let m = &c.model;
        let pos = m.base.positions(mode);
        let now_x = m.base.clocks.x_global(mode, now);
        let w = width.get();
        let mut vp = match view.get() {
            Some(v) => Viewport::new(v.x0, v.x1, w),
            None => Viewport::fit(pos.lo.min(now_x), pos.hi.max(now_x), w),
        };
        if follow.get() {
            vp = vp.follow(now_x);
        }
        shown_vp.set_value(vp);
        let key = SceneKey {
            trace: c.key.clone(),
            mode,
            vp: (vp.x0.to_bits(), vp.x1.to_bits(), vp.width_px.to_bits()),
            now: now.0,
        };
        let scene = match scene_cache.with_value(|s| {
            s.as_ref()
                .filter(|(k, _)| *k == key)
                .map(|(_, s)| s.clone())
        }) {
            Some(s) => s,
            None => {
                let s =
                    lab.with_untracked(|tl| Rc::new(m.scene(tl.past(), mode, vp, now, &opts_c)));
                scene_cache.set_value(Some((key, s.clone())));
                s
            }
        };
        let selected = lab.selected_events.get();
        let focus = selected.first().copied().or_else(|| hover.get());
        let cone = focus
            .filter(|f| f.index() < m.base.len)
            .map(|f| Cone::new(&m.base.hb, f));
        let hl = svg::Highlight {
            cone: cone.as_ref(),
            second: selected.get(1).copied(),
        };
        let out = svg::render(&scene, &hl, "Splitbrain timeline", false);
        record_frame_ms(now_ms() - t0);
        last_svg.set_value(Some((t0, inputs, out.clone())));
        out
    };

    // A memo, so that reusing the last drawing while playing does not even touch the DOM.
    let svg_memo = Memo::new(move |_| svg_html());

    let info_view = move || {
        let c = model::current(lab, cache);
        let selected = lab.selected_events.get();
        let focus = selected.first().copied().or_else(|| hover.get())?;
        let cone = (focus.index() < c.model.base.len).then(|| Cone::new(&c.model.base.hb, focus));
        let i = lab.with_untracked(|tl| {
            info::info(
                &c.model,
                tl.past(),
                focus,
                cone.as_ref(),
                selected.get(1).copied(),
            )
        })?;
        let pinned = if selected.is_empty() {
            "hovered"
        } else {
            "selected"
        };
        Some(view! {
            <div class="tl-info" data-testid="timeline-info">
                <div class="tl-info-event"><b>{pinned}": "</b>{i.event}</div>
                <div class="tl-info-clocks" data-testid="timeline-clocks">{i.clocks}</div>
                <div class="tl-info-cone">{i.cone}</div>
                {i.relation.map(|r| view! { <div class="tl-relation" data-testid="timeline-relation">{r}</div> })}
            </div>
        })
    };

    // Selection happens on mouseup, not click: a hover redraw between press and release replaces the element
    // under the pointer, and the browser then sends the click to the container instead.
    let select = move |ev: &web_sys::MouseEvent| match interact::hit(ev.target()) {
        Hit::Event(id) => {
            let id = EventId(id);
            lab.selected_events.update(|sel| {
                if ev.shift_key() && !sel.is_empty() {
                    sel.truncate(1);
                    if sel[0] != id {
                        sel.push(id);
                    }
                } else if sel.first() == Some(&id) && sel.len() == 1 {
                    sel.clear();
                } else {
                    *sel = vec![id];
                }
            });
        }
        Hit::Seek(id) => {
            lab.playing.set(false);
            lab.seek(id as usize + 1);
            lab.selected_events.set(vec![EventId(id)]);
            lab.show_notice(format!("Jumped to e{id}"));
        }
        Hit::Nothing => {}
    };
    // Hovering redraws the whole diagram, so it waits until the pointer rests on an event for a moment.
    let pending_hover = StoredValue::new(None::<EventId>);
    let on_over = move |ev: web_sys::MouseEvent| {
        if let Hit::Event(id) = interact::hit(ev.target()) {
            let id = EventId(id);
            pending_hover.set_value(Some(id));
            set_timeout(
                move || {
                    if pending_hover.get_value() == Some(id) && hover.get_untracked() != Some(id) {
                        hover.set(Some(id));
                    }
                },
                std::time::Duration::from_millis(120),
            );
        } else {
            pending_hover.set_value(None);
        }
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        let Some(el) = container.get_untracked() else {
            return;
        };
        ev.prevent_default();
        let x = interact::local_x(&el, ev.client_x()) - opts.gutter;
        let f = interact::wheel_factor(ev.delta_y(), ev.delta_mode());
        view.set(Some(shown_vp.get_value().zoom(f, x)));
    };
    let on_down = move |ev: web_sys::MouseEvent| {
        if ev.button() == 0 {
            drag.set_value(Some((ev.client_x() as f64, shown_vp.get_value(), false)));
        }
    };
    let on_move = move |ev: web_sys::MouseEvent| {
        let Some((x0, vp0, moved)) = drag.get_value() else {
            return;
        };
        let dx = ev.client_x() as f64 - x0;
        if moved || dx.abs() > 4.0 {
            drag.set_value(Some((x0, vp0, true)));
            view.set(Some(vp0.pan_px(dx)));
        }
    };
    // A release without a drag selects (or seeks); after a drag it only ends the pan.
    let on_up = move |ev: web_sys::MouseEvent| {
        let dragged = drag.with_value(|d| d.is_some_and(|(_, _, moved)| moved));
        drag.set_value(None);
        if !dragged && ev.button() == 0 {
            select(&ev);
        }
    };

    let zoom_by = move |f: f64| {
        let vp = shown_vp.get_value();
        view.set(Some(vp.zoom(f, vp.width_px / 2.0)));
    };
    let opts_e = opts.clone();
    let export = move |_| {
        let c = model::current(lab, cache);
        let m = &c.model;
        let (now, mode_v, vp) = (
            lab.with_untracked(|tl| tl.now()),
            mode.get_untracked(),
            shown_vp.get_value(),
        );
        let selected = lab.selected_events.get_untracked();
        let cone = selected
            .first()
            .filter(|f| f.index() < m.base.len)
            .map(|f| Cone::new(&m.base.hb, *f));
        let text = lab.with_untracked(|tl| {
            let events = tl.past();
            let scene = m.scene(events, mode_v, vp, now, &opts_e);
            let hl = svg::Highlight {
                cone: cone.as_ref(),
                second: selected.get(1).copied(),
            };
            let titles = |id: EventId| {
                events
                    .get(id.index())
                    .map(|e| splitbrain_view::describe(e, &m.base.messages))
            };
            let name = tl.scenario().name.clone();
            svg::render_with_titles(
                &scene,
                &hl,
                &format!("Splitbrain: {name}"),
                true,
                Some(&titles),
            )
        });
        match crate::download::text("splitbrain-timeline.svg", "image/svg+xml", &text) {
            Ok(()) => lab.show_notice("Exported the timeline as splitbrain-timeline.svg"),
            Err(e) => lab.show_error(format!("SVG export failed: {e}")),
        }
    };

    let summary = move || {
        let c = model::current(lab, cache);
        let m = &c.model;
        let split = m.split.len();
        let unsafe_split = m.split.iter().filter(|s| s.same_epoch).count();
        let word = lab.with_untracked(|tl| tl.face().epoch_word);
        format!(
            "{} events · {} split-brain interval{}{} · {} stale read{} · {} violation{}",
            m.base.len,
            split,
            if split == 1 { "" } else { "s" },
            if unsafe_split > 0 {
                format!(" ({unsafe_split} same-{word}!)")
            } else {
                String::new()
            },
            m.stale.len(),
            if m.stale.len() == 1 { "" } else { "s" },
            m.violations.len(),
            if m.violations.len() == 1 { "" } else { "s" },
        )
    };

    view! {
        <section class="tl" data-testid="timelines" aria-label="Space-time diagram and epoch lanes">
            <style>{STYLE}</style>
            <div class="tl-toolbar" role="toolbar" aria-label="Timeline view">
                <span class="tl-title">"Timelines"</span>
                <span class="tl-group" role="group" aria-label="x axis">
                    {AxisMode::ALL.into_iter().map(|m| view! {
                        <button class=move || if mode.get() == m { "tl-btn on" } else { "tl-btn" }
                            aria-pressed=move || (mode.get() == m).to_string()
                            data-testid=format!("axis-{}", m.key())
                            on:click=move |_| { mode.set(m); view.set(None); }>{m.name()}</button>
                    }).collect_view()}
                </span>
                <span class="tl-group" role="group" aria-label="zoom">
                    <button class="tl-btn" data-testid="zoom-in" aria-label="Zoom in" on:click=move |_| zoom_by(1.6)>"Zoom +"</button>
                    <button class="tl-btn" data-testid="zoom-out" aria-label="Zoom out" on:click=move |_| zoom_by(1.0 / 1.6)>"Zoom −"</button>
                    <button class="tl-btn" data-testid="zoom-fit" on:click=move |_| { view.set(None); follow.set(false); }>"Fit"</button>
                    <label class="tl-check"><input type="checkbox" data-testid="follow"
                        prop:checked=move || follow.get()
                        on:change=move |ev| follow.set(event_target_checked(&ev))/>" follow cursor"</label>
                </span>
                <button class="tl-btn" data-testid="clear-selection" on:click=move |_| { lab.selected_events.set(Vec::new()); hover.set(None); }>"Clear selection"</button>
                <button class="tl-btn primary" data-testid="export-svg" on:click=export>"Export SVG"</button>
                <span class="tl-summary" data-testid="timeline-summary">{summary}</span>
            </div>
            {info_view}
            <div class="tl-canvas" node_ref=container data-testid="timeline-canvas"
                on:mouseover=on_over on:wheel=on_wheel
                on:mousedown=on_down on:mousemove=on_move on:mouseup=on_up
                on:mouseleave=move |_| { drag.set_value(None); }
                inner_html=move || svg_memo.get()></div>
            <div class="tl-legend" aria-label="Timeline legend">
                <span><i class="tl-k" style="background:#0072B2"></i>"● send / deliver"</span>
                <span><i class="tl-k" style="background:#D55E00"></i>"✕ dropped (hover: why)"</span>
                <span><i class="tl-k" style="background:#E69F00"></i>"▲ timer"</span>
                <span><i class="tl-k" style="background:#CC79A7"></i>"◆ protocol note"</span>
                <span><i class="tl-k" style="background:#009E73"></i>"■ client"</span>
                <span><i class="tl-k" style="background:#56B4E9"></i>"♥× collapsed heartbeats (zoom in)"</span>
                <span><i class="tl-k" style="background:#E69F00"></i>"causal past"</span>
                <span><i class="tl-k" style="background:#009E73"></i>"causal future"</span>
                <span>"dimmed: concurrent"</span>
            </div>
        </section>
    }
}

use model::now_ms;

/// The user-controlled inputs of a drawing; a change to any of them redraws even while playing.
#[derive(Clone, PartialEq)]
struct ViewInputs {
    mode: AxisMode,
    view: Option<(u64, u64)>,
    width: u64,
    follow: bool,
    selected: Vec<EventId>,
    hover: Option<EventId>,
}

/// Leaves the last frame's layout + SVG time on `window.__splitbrainTimelineMs`, for measurement scripts.
fn record_frame_ms(ms: f64) {
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(&w, &"__splitbrainTimelineMs".into(), &ms.into());
    }
}

const STYLE: &str = r#"
.tl{background:#fff;border-top:3px solid #1d2433;padding:.4rem .6rem .6rem;content-visibility:auto;contain-intrinsic-size:auto 1100px}
.tl-toolbar{display:flex;flex-wrap:wrap;gap:.5rem .8rem;align-items:center;margin-bottom:.3rem}
.tl-title{font-size:1.25rem;font-weight:700}
.tl-group{display:inline-flex;gap:.25rem;align-items:center}
.tl-btn{font-size:1rem;padding:.3rem .7rem;border:2px solid #1d2433;background:#fff;border-radius:6px;cursor:pointer}
.tl-btn.on{background:#1d2433;color:#fff}
.tl-btn.primary{background:#0072B2;border-color:#0072B2;color:#fff}
.tl-check{font-size:1rem;display:inline-flex;align-items:center;gap:.2rem}
.tl-summary{font-size:1rem;color:#333;margin-left:auto}
.tl-info{font-size:1.05rem;background:#f7f6f2;border-left:5px solid #000;padding:.3rem .6rem;margin:.2rem 0;font-variant-numeric:tabular-nums}
.tl-relation{font-weight:700;color:#000;background:#F0E442;display:inline-block;padding:.1rem .4rem;margin-top:.2rem}
.tl-canvas{overflow:hidden;cursor:grab;user-select:none;touch-action:none}
.tl-canvas:active{cursor:grabbing}
.tl-legend{display:flex;flex-wrap:wrap;gap:.3rem 1.1rem;font-size:.95rem;margin-top:.3rem}
.tl-k{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:-.1rem;border-radius:2px}
"#;
