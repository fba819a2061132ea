//! The whole page: top bar, cluster, side panels, narration, timelines and event log, plus the playback loop.

use crate::lab::{use_lab, Lab};
use crate::{client_panel, cluster_view, controls, event_log, inspector, io, keyboard};
use leptos::prelude::*;

/// The side panel's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Node,
    Client,
    Network,
    Messages,
    Data,
    Run,
}

impl Tab {
    const ALL: [(Tab, &'static str, &'static str); 6] = [
        (Tab::Node, "Node", "tab-node"),
        (Tab::Client, "Client", "tab-client"),
        (Tab::Network, "Network", "tab-network"),
        (Tab::Messages, "Messages", "tab-messages"),
        (Tab::Data, "Data", "tab-data"),
        (Tab::Run, "Run", "tab-run"),
    ];
}

#[component]
pub fn App() -> impl IntoView {
    let lab = Lab::restore_or_default();
    provide_context(lab);
    let form = client_panel::ClientForm::new();
    provide_context(form);
    let tab = RwSignal::new(Tab::Node);
    provide_context(tab);
    provide_context(crate::compare_view::CompareOpen(RwSignal::new(false)));
    // The timelines band can be folded away to give a projected cluster view the whole screen.
    let show_timelines = RwSignal::new(true);
    // The charts cost a redraw a few times a second: off until asked for.
    let show_charts = RwSignal::new(false);
    // Selecting a node shows its inspector.
    Effect::new(move |_| {
        if lab.selected_node.get().is_some() {
            tab.set(Tab::Node);
        }
    });
    // The Data tab exists only for a protocol that reports a store; leave it when switching away.
    let has_store = Memo::new(move |_| crate::store_view::has_store(lab));
    // Opening a store protocol shows its data first: the ring and the replicas tell its lectures' stories.
    Effect::new(move |before: Option<bool>| {
        let now = has_store.get();
        if !now && tab.get_untracked() == Tab::Data {
            tab.set(Tab::Node);
        } else if now
            && before != Some(true)
            && tab.get_untracked() == Tab::Node
            && lab.selected_node.get_untracked().is_none()
        {
            // Only from the empty inspector: a student busy in another tab is not moved.
            tab.set(Tab::Data);
        }
        now
    });
    keyboard::install(lab, form, tab);
    playback_loop(lab);

    view! {
        <div class="app" data-testid="app">
            <header class="topbar">
                <h1 class="brand">"Splitbrain" <small>{move || lab.with(|tl| format!("{} lab", protocol_title(tl.face().name)))}</small></h1>
                <controls::run::ProtocolPicker/>
                <controls::run::ScenarioPicker/>
                <controls::playback::Playback/>
                <span class="spacer"></span>
                <crate::compare_view::CompareButton/>
                <io::ImportExport/>
                <button class="btn help-btn" data-testid="help-button" aria-label="Keyboard shortcuts (?)"
                    on:click=move |_| lab.help_open.update(|h| *h = !*h)>"?"</button>
            </header>
            <Banners/>
            <main class="stage">
                <section class="cluster-col" aria-label="Cluster">
                    <controls::network::MessageMode/>
                    <cluster_view::ClusterView/>
                    <Legend/>
                </section>
                <aside class="side" aria-label="Panels">
                    <nav class="tabs" role="tablist" aria-label="Panels">
                        {Tab::ALL.into_iter().map(|(t, label, id)| view! {
                            <button role="tab" class=move || if tab.get() == t { "tab on" } else { "tab" }
                                hidden=move || t == Tab::Data && !has_store.get()
                                aria-selected=move || (tab.get() == t).to_string()
                                data-testid=id on:click=move |_| tab.set(t)>{label}</button>
                        }).collect_view()}
                    </nav>
                    <div class="tab-body" role="tabpanel">
                        {move || match tab.get() {
                            Tab::Node => view! { <inspector::Inspector/> }.into_any(),
                            Tab::Client => view! { <client_panel::ClientPanel/> }.into_any(),
                            Tab::Network => view! { <controls::network::NetworkPanel/> }.into_any(),
                            Tab::Messages => view! { <controls::network::InFlightList/> }.into_any(),
                            Tab::Data => view! { <crate::store_view::DataPanel/> }.into_any(),
                            Tab::Run => view! { <controls::run::RunPanel/> }.into_any(),
                        }}
                    </div>
                </aside>
            </main>
            <event_log::NarrationStrip/>
            // The happens-before diagram and epoch lanes band (owned by the timeline module):
            <section class="timelines-slot" data-testid="timelines-slot" aria-label="Timelines">
                <div class="slot-bar">
                    <button class="btn small" data-testid="toggle-timelines"
                        aria-expanded=move || show_timelines.get().to_string()
                        on:click=move |_| show_timelines.update(|s| *s = !*s)>
                        {move || if show_timelines.get() { "▾ Hide timelines" } else { "▸ Show timelines" }}
                    </button>
                </div>
                <Show when=move || show_timelines.get()>
                    <crate::timeline::Timelines/>
                </Show>
            </section>
            <section class="charts-slot" data-testid="charts-slot" aria-label="Charts">
                <div class="slot-bar">
                    <button class="btn small" data-testid="toggle-charts"
                        aria-expanded=move || show_charts.get().to_string()
                        on:click=move |_| show_charts.update(|s| *s = !*s)>
                        {move || if show_charts.get() { "▾ Hide charts".to_string() } else { charts_teaser(lab) }}
                    </button>
                </div>
                <Show when=move || show_charts.get()>
                    <crate::charts::ChartsBand/>
                </Show>
            </section>
            <event_log::EventLog/>
            <HelpOverlay/>
            <crate::compare_view::CompareOverlay/>
        </div>
    }
}

/// Error and notice banners. Errors stay until dismissed; notices fade after a few seconds.
#[component]
fn Banners() -> impl IntoView {
    let lab = use_lab();
    Effect::new(move |_| {
        if lab.notice.get().is_some() {
            set_timeout(
                move || lab.notice.set(None),
                std::time::Duration::from_secs(4),
            );
        }
    });
    view! {
        {move || lab.error.get().map(|e| view! {
            <div class="banner error" role="alert" data-testid="error">
                <span class="msg" data-testid="error-text">{e}</span>
                <button class="btn small" aria-label="Dismiss the message" on:click=move |_| lab.error.set(None)>"✕"</button>
            </div>
        })}
        {move || lab.notice.get().map(|n| view! {
            <div class="banner notice" role="status" data-testid="notice">{n}</div>
        })}
    }
}

fn protocol_title(name: &str) -> &'static str {
    splitbrain_registry::find(name).map_or("", |e| e.title)
}

/// The legend of the protocol running: its roles, its message families, then what every protocol shares.
#[component]
fn Legend() -> impl IntoView {
    let lab = use_lab();
    let face = Memo::new(move |_| lab.with(|tl| tl.face().name));
    view! {
        <div class="legend" aria-label="Legend" data-testid="legend">
            {move || {
                let _ = face.get();
                let face = lab.with_untracked(|tl| tl.face());
                let roles = face.roles.iter().rev().map(|r| view! {
                    <span class="key"><i class=format!("dot {}", splitbrain_view::epochs::role_class(r))></i>{format!("{} {}", r.letter, r.name)}</span>
                }).collect_view();
                let families = face.families.iter().enumerate().map(|(i, f)| view! {
                    <span class="key"><i class=format!("mdot {}", cluster_view::family_class(i as u8))></i>{f.legend}</span>
                }).collect_view();
                view! { {roles} {families} }
            }}
            <span class="key"><i class="dot crashed"></i>"✕ crashed"</span>
            <span class="key"><i class="dot paused"></i>"❚❚ paused"</span>
            <span class="key"><i class="ring"></i>"ring: the node's timer"</span>
            <span class="key"><i class="cbox"></i>"client op ⋯ node it waits on"</span>
        </div>
    }
}

#[component]
fn HelpOverlay() -> impl IntoView {
    let lab = use_lab();
    view! {
        <Show when=move || lab.help_open.get()>
            <div class="overlay" data-testid="help" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts"
                on:click=move |_| lab.help_open.set(false)>
                <div class="overlay-card" on:click=|ev| ev.stop_propagation()>
                    <h2>"Keyboard shortcuts"</h2>
                    <dl class="keys">
                        {keyboard::SHORTCUTS.iter().map(|(k, what)| view! { <div><dt><kbd>{*k}</kbd></dt><dd>{*what}</dd></div> }).collect_view()}
                    </dl>
                    <p>"Click a node to inspect it. Click a message in flight to drop it (or delay / duplicate it: choose above the cluster). Drag the scrubber back to travel in time; acting in the past forks the run."</p>
                    <button class="btn primary" on:click=move |_| lab.help_open.set(false)>"Close (Esc)"</button>
                </div>
            </div>
        </Show>
    }
}

/// Drives playback: every animation frame, advance simulated time by wall time × speed. Idle when paused.
fn playback_loop(lab: Lab) {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    fn now_ms() -> f64 {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }
    fn frame(lab: Lab, alive: Arc<AtomicBool>, last: f64, since_save: f64) {
        if !alive.load(Ordering::Relaxed) {
            return;
        }
        let now = now_ms();
        let mut since_save = since_save;
        match lab.playing.try_get_untracked() {
            Some(true) => {
                lab.advance(now - last);
                since_save += now - last;
                if since_save > 3000.0 {
                    lab.save();
                    since_save = 0.0;
                }
            }
            Some(false) => {
                if since_save > 0.0 {
                    lab.save();
                    since_save = 0.0;
                }
            }
            None => return,
        }
        request_animation_frame(move || frame(lab, alive, now, since_save));
    }
    let start = now_ms();
    request_animation_frame(move || frame(lab, alive, start, 0.0));
}

/// What the folded Charts band offers for the running protocol: the client charts only where there are
/// clients (the clock and detection charts appear by themselves when a run has something to show).
fn charts_teaser(lab: Lab) -> String {
    if lab.with(|tl| tl.face().client_ops.is_empty()) {
        "▸ Show charts: messages per second, and clocks or suspicions where the run has them"
            .to_string()
    } else {
        "▸ Show charts: latency, throughput, availability, staleness".to_string()
    }
}
