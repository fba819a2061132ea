//! Playback: play/pause, step, step back, speed (0.01×–100× of real time) and the scrubber over the whole
//! run (drag back to time-travel, forward to fast-forward).

use crate::lab::use_lab;
use crate::layout::{fmt_speed, fmt_time, parse_clamped, slider_from_speed, speed_from_slider};
use leptos::prelude::*;
use splitbrain_sim::SimTime;

#[component]
pub fn Playback() -> impl IntoView {
    let lab = use_lab();
    // (now, end of the scrubber, events at cursor, events generated, in the past?)
    let stats = Memo::new(move |_| {
        lab.with(|tl| {
            let end_known = tl.trace().last().map_or(0, |e| e.time.0);
            let duration = tl.scenario().duration_us;
            let now = tl.now().0;
            (
                now,
                end_known.max(duration).max(now),
                tl.cursor(),
                tl.trace().len(),
                !tl.at_end(),
            )
        })
    });
    let toggle = move |_| lab.playing.update(|p| *p = !*p);
    let on_scrub = move |ev: web_sys::Event| {
        let max = stats.get_untracked().1 as f64;
        let v = parse_clamped(&event_target_value(&ev), 0.0, max, 0.0);
        lab.seek_time(SimTime(v as u64));
    };
    let on_speed = move |ev: web_sys::Event| {
        let pos = parse_clamped(&event_target_value(&ev), 0.0, 100.0, 50.0);
        lab.speed.set(speed_from_slider(pos));
    };
    view! {
        <div class="playback" role="toolbar" aria-label="Playback">
            <button
                class="btn primary play"
                data-testid="play"
                aria-label=move || if lab.playing.get() { "Pause (space)" } else { "Play (space)" }
                title="Play / pause (space)"
                on:click=toggle
            >
                {move || if lab.playing.get() { "❚❚ Pause" } else { "▶ Play" }}
            </button>
            <button class="btn" data-testid="step-back" aria-label="Step one event back (←)" title="One event back (←)"
                on:click=move |_| { lab.playing.set(false); lab.step_back(); }>"◀ Back"</button>
            <button class="btn" data-testid="step" aria-label="Step one event forward (→)" title="One event forward (→)"
                on:click=move |_| { lab.playing.set(false); lab.step(); }>"Step ▶"</button>
            <label class="speed">
                <span>"Speed "<b data-testid="speed-label">{move || fmt_speed(lab.speed.get())}</b></span>
                <input
                    type="range" min="0" max="100" step="1"
                    aria-label="Playback speed, 0.01× to 100× real time"
                    data-testid="speed"
                    prop:value=move || slider_from_speed(lab.speed.get()).round().to_string()
                    on:input=on_speed
                />
            </label>
            <label class="scrubber">
                <span class="sr-only">"Simulated time"</span>
                <input
                    type="range" min="0" step="1000"
                    aria-label="Scrubber: simulated time of the run; drag back to rewind"
                    data-testid="scrubber"
                    prop:max=move || stats.get().1.to_string()
                    prop:value=move || stats.get().0.to_string()
                    on:input=on_scrub
                />
            </label>
            <span class="time-readout" data-testid="time-readout">
                {move || {
                    let (now, end, cursor, total, past) = stats.get();
                    if past {
                        format!("{} / {} · event {cursor} of {total} · rewound: acting forks the run", fmt_time(now), fmt_time(end))
                    } else {
                        format!("{} / {} · {total} events", fmt_time(now), fmt_time(end))
                    }
                }}
            </span>
        </div>
    }
}
