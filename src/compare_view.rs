//! Compare: two to four systems (protocol + options) under one workload, one fault schedule and one seed,
//! run to the end, charted on one time axis and tabulated. The numbers come from `splitbrain_compare`, the
//! same code `splitbrain compare` prints, so a downloaded comparison reproduces in the CLI.

use crate::charts::{ChartData, ChartGrid};
use crate::lab::{use_lab, Lab};
use leptos::prelude::*;
use splitbrain_compare::{fault_presets, run_all, system_presets, Measured};
use splitbrain_metrics::SUMMARY_COLUMNS;
use splitbrain_sim::{Action, Comparison, Scenario, Workload};
use std::sync::Arc;

/// Rates offered for the steady workload, in operations per second.
const RATES: [u32; 4] = [5, 10, 20, 50];
/// The fault choice that reuses the lab's current scenario.
const CURRENT: &str = "current";

struct Outcome {
    base: Scenario,
    rows: Vec<Vec<String>>,
    csv: String,
    charts: Arc<ChartData>,
}

/// The scenario the chosen presets describe: a five-node cluster of the first system's protocol (or the
/// current scenario's cluster size, duration and faults), the steady workload, and the systems to compare.
fn build(lab: Lab, picks: &[usize], fault: &str, rate: u32) -> Result<Scenario, String> {
    let presets = system_presets();
    let systems: Vec<_> = picks
        .iter()
        .filter_map(|&i| presets.get(i).cloned())
        .collect();
    let first = systems.first().ok_or("choose at least one system")?;
    let entry = splitbrain_registry::find(&first.protocol).map_err(|e| e.to_string())?;
    let current = lab.with_untracked(|tl| tl.scenario().clone());
    let mut base = entry.playground(5, current.seed);
    base.duration_us = 10_000_000;
    if fault == CURRENT {
        base.cluster.nodes = current.cluster.nodes;
        base.duration_us = current.duration_us;
        base.network = current.network.clone();
        base.clocks = current.clocks.clone();
        // Faults only: client operations are the workload's, message ids differ between protocols.
        base.schedule = current
            .schedule
            .iter()
            .filter(|s| {
                !matches!(
                    s.action,
                    Action::Client { .. }
                        | Action::DropMessage { .. }
                        | Action::DelayMessage { .. }
                        | Action::DuplicateMessage { .. }
                )
            })
            .cloned()
            .collect();
    } else {
        let preset = fault_presets()
            .iter()
            .find(|p| p.id == fault)
            .ok_or("unknown fault schedule")?;
        base.schedule = (preset.schedule)(base.cluster.nodes);
    }
    base.name = "Comparison".into();
    base.cluster.options = first.options.clone();
    base.workload = Some(Workload {
        rate_per_s: rate,
        read_percent: 50,
        keys: 1,
        from_us: 500_000.min(base.duration_us / 10),
        to_us: base.duration_us - base.duration_us / 20,
    });
    base.compare = Some(Comparison { systems });
    Ok(base)
}

fn outcome(base: Scenario, measured: Vec<Measured>) -> Outcome {
    Outcome {
        rows: measured.iter().map(|m| m.summary.cells()).collect(),
        csv: splitbrain_compare::csv(&measured),
        charts: Arc::new(ChartData {
            runs: measured.into_iter().map(|m| (m.label, m.metrics)).collect(),
            cursor: None,
        }),
        base,
    }
}

/// Whether the Compare dialog is open (in context: the button is in the top bar, the dialog at the page's
/// root so it inherits none of the bar's styles).
#[derive(Clone, Copy)]
pub struct CompareOpen(pub RwSignal<bool>);

#[component]
pub fn CompareButton() -> impl IntoView {
    let open = expect_context::<CompareOpen>().0;
    view! {
        <button class="btn" data-testid="compare-open" on:click=move |_| open.set(true)
            title="Run several systems under the same faults and workload">"⚖ Compare"</button>
    }
}

#[component]
pub fn CompareOverlay() -> impl IntoView {
    let open = expect_context::<CompareOpen>().0;
    view! {
        <Show when=move || open.get()>
            <CompareDialog open=open/>
        </Show>
    }
}

#[component]
fn CompareDialog(open: RwSignal<bool>) -> impl IntoView {
    let lab = use_lab();
    let presets = Arc::new(system_presets());
    // Default: the first two presets of the running protocol, or the first two overall.
    let running = lab.with_untracked(|tl| tl.face().name);
    let mut defaults: Vec<usize> = presets
        .iter()
        .enumerate()
        .filter(|(_, p)| p.protocol == running)
        .map(|(i, _)| i)
        .take(2)
        .collect();
    if defaults.len() < 2 {
        defaults = vec![0, 1.min(presets.len().saturating_sub(1))];
    }
    let picks = RwSignal::new(defaults);
    let fault = RwSignal::new(fault_presets()[0].id.to_string());
    let rate = RwSignal::new(20u32);
    let result: RwSignal<Option<Arc<Outcome>>> = RwSignal::new(None);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let has_own = lab.with_untracked(|tl| tl.scenario().compare.is_some());

    // Runs after a frame, so "Running…" is painted before the page is busy.
    let start = move |base: Result<Scenario, String>| {
        busy.set(true);
        error.set(None);
        set_timeout(
            move || {
                let done = base.and_then(|b| {
                    run_all(std::slice::from_ref(&b))
                        .map(|m| (b, m))
                        .map_err(|e| e.to_string())
                });
                match done {
                    Ok((b, m)) => result.set(Some(Arc::new(outcome(b, m)))),
                    Err(e) => error.set(Some(format!("The comparison could not run: {e}"))),
                }
                busy.set(false);
            },
            std::time::Duration::from_millis(30),
        );
    };
    let run_presets = move |_| {
        start(build(
            lab,
            &picks.get_untracked(),
            &fault.get_untracked(),
            rate.get_untracked(),
        ))
    };
    let run_own = move |_| {
        let mut sc = lab.with_untracked(|tl| tl.scenario().clone());
        // The lab's copy has its workload expanded into client actions already: keep them as they are.
        sc.workload = None;
        start(Ok(sc));
    };
    let download = move |_| {
        if let Some(r) = result.get_untracked() {
            if let Err(e) = crate::download::text(
                "splitbrain-comparison.json",
                "application/json",
                &r.base.to_json_pretty(),
            ) {
                error.set(Some(format!("Export failed: {e}")));
            }
        }
    };
    let csv = move |_| {
        if let Some(r) = result.get_untracked() {
            if let Err(e) = crate::download::text("splitbrain-comparison.csv", "text/csv", &r.csv) {
                error.set(Some(format!("Export failed: {e}")));
            }
        }
    };
    let charts = Signal::derive(move || result.get().map(|r| r.charts.clone()).unwrap_or_default());
    let options = presets.clone();
    view! {
        <div class="overlay" role="dialog" aria-modal="true" aria-label="Compare systems" data-testid="compare">
            <div class="overlay-card compare-card">
                <header class="compare-head">
                    <h2>"Compare: one workload, one fault schedule, several systems"</h2>
                    <button class="btn" data-testid="compare-close" aria-label="Close" on:click=move |_| open.set(false)>"✕"</button>
                </header>
                <div class="compare-form">
                    {move || picks.get().into_iter().enumerate().map(|(row, chosen)| {
                        let options = options.clone();
                        view! {
                            <label class="compare-system">{format!("System {}", row + 1)}
                                <select data-testid=format!("compare-system-{row}") on:change=move |ev| {
                                    if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                                        picks.update(|p| if let Some(slot) = p.get_mut(row) { *slot = i });
                                    }
                                }>
                                    {options.iter().enumerate().map(|(i, p)| view! {
                                        <option value=i.to_string() selected=i == chosen>{p.label.clone()}</option>
                                    }).collect_view()}
                                </select>
                            </label>
                        }
                    }).collect_view()}
                    <span class="compare-rows">
                        <button class="btn small" data-testid="compare-add" disabled=move || picks.with(|p| p.len() >= 4)
                            on:click=move |_| picks.update(|p| if p.len() < 4 { p.push(0) })>"+ system"</button>
                        <button class="btn small" data-testid="compare-remove" disabled=move || picks.with(|p| p.len() <= 2)
                            on:click=move |_| picks.update(|p| if p.len() > 2 { p.pop(); })>"− system"</button>
                    </span>
                    <label>"Faults "
                        <select data-testid="compare-faults" on:change=move |ev| fault.set(event_target_value(&ev))>
                            {fault_presets().iter().map(|p| view! { <option value=p.id>{p.title}</option> }).collect_view()}
                            <option value=CURRENT>"The current scenario's faults"</option>
                        </select>
                    </label>
                    <label>"Workload "
                        <select data-testid="compare-rate" on:change=move |ev| if let Ok(r) = event_target_value(&ev).parse() { rate.set(r) }>
                            {RATES.iter().map(|r| view! { <option value=r.to_string() selected=*r == 20>{format!("{r} ops/s, half reads")}</option> }).collect_view()}
                        </select>
                    </label>
                    <button class="btn primary" data-testid="compare-run" disabled=move || busy.get() on:click=run_presets>"▶ Run comparison"</button>
                    {has_own.then(|| view! {
                        <button class="btn primary" data-testid="compare-scenario" disabled=move || busy.get() on:click=run_own>"▶ Run this scenario's comparison"</button>
                    })}
                </div>
                {move || busy.get().then(|| view! { <p class="compare-busy" data-testid="compare-busy">"Running every system to the end…"</p> })}
                {move || error.get().map(|e| view! { <p class="banner error" role="alert" data-testid="compare-error">{e}</p> })}
                {move || result.get().map(|r| view! {
                    <table class="compare-table" data-testid="compare-table">
                        <thead><tr>{SUMMARY_COLUMNS.iter().map(|c| view! { <th>{*c}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {r.rows.iter().enumerate().map(|(i, row)| view! {
                                <tr data-testid="compare-row">
                                    {row.iter().enumerate().map(|(j, c)| view! {
                                        <td class=if j == 0 { format!("sys sys-{i}") } else { String::new() }>{c.clone()}</td>
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <div class="charts-bar">
                        <span class="charts-note">"Same seed, faults and client requests for every system; shaded: faults."</span>
                        <button class="btn small" data-testid="compare-download" on:click=download>"⇩ Comparison JSON (for splitbrain compare)"</button>
                        <button class="btn small" data-testid="compare-csv" on:click=csv>"⇩ Metrics CSV"</button>
                    </div>
                })}
                <Show when=move || result.with(|r| r.is_some())>
                    <ChartGrid data=charts prefix="compare"/>
                </Show>
            </div>
        </div>
    }
}
