//! Drawing one chart on any plotters backend.

use crate::lines::{lines, markers, Line, Marker, Shape};
use crate::{bands, style, ChartKind, Series};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use splitbrain_sim::SimTime;

/// Where the plot area landed, in backend pixels, so the page can turn a mouse position into a time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub bottom: i32,
    /// The time at the right edge (the left edge is zero).
    pub span: SimTime,
}

impl Frame {
    /// The simulated time under pixel column `x`, if it is inside the plot.
    pub fn time_at(&self, x: i32) -> Option<SimTime> {
        if x < self.left || x > self.right || self.right <= self.left {
            return None;
        }
        let f = (x - self.left) as f64 / (self.right - self.left) as f64;
        Some(SimTime((f * self.span.0 as f64).round() as u64))
    }
}

/// Compared latency lines share a colour per system: the caption says which is which; a clock chart with
/// claimed bounds says what its dashed lines are.
fn caption(kind: ChartKind, runs: usize, lines: &[Line]) -> String {
    match (kind, runs) {
        (ChartKind::Latency, 2..) => "Latency (solid p50, dashed p99)".to_string(),
        (ChartKind::Clocks, _) if lines.iter().any(|l| !l.in_legend) => {
            "Clock offset (dashed: ± bound, dots: sync)".to_string()
        }
        _ => kind.title().to_string(),
    }
}

fn err(e: impl std::fmt::Display) -> String {
    format!("could not draw the chart: {e}")
}

/// The y range: from zero (or below, for clock offsets) to a little above the largest value, never empty.
fn y_range(kind: ChartKind, lines: &[Line], marks: &[Marker]) -> (f64, f64) {
    if kind == ChartKind::Availability {
        return (0.0, 105.0);
    }
    let values = || {
        lines
            .iter()
            .flat_map(|l| l.segments.iter().flatten().map(|p| p.1))
            .chain(marks.iter().filter_map(|m| m.y))
    };
    let max = values().fold(0.0f64, f64::max);
    let min = values().fold(0.0f64, f64::min);
    let floor = match kind {
        ChartKind::Latency => 10.0,
        ChartKind::Staleness => 3.0,
        ChartKind::Clocks => 1.0,
        ChartKind::Detection => 100.0,
        _ => 5.0,
    };
    // The detection chart's dots and the clock chart's bounds reach its top: leave the legend room above.
    let headroom = match kind {
        ChartKind::Detection | ChartKind::Clocks => 2.0,
        _ => 1.12,
    };
    (
        if min < 0.0 { min * 1.1 } else { 0.0 },
        (max * headroom).max(floor),
    )
}

/// Draws `kind` for `runs` on `area`, with the fault bands of the first run (every compared run shares
/// one fault schedule) and a cursor line at `cursor`.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    kind: ChartKind,
    runs: &[Series<'_>],
    cursor: Option<SimTime>,
) -> Result<Frame, String> {
    area.fill(&WHITE).map_err(err)?;
    let Some(first) = runs.first() else {
        return Err("no run to chart".into());
    };
    let span = runs
        .iter()
        .map(|r| r.metrics.span)
        .max()
        .unwrap_or(first.metrics.span);
    let span_s = span.0 as f64 / 1e6;
    let lines = lines(kind, runs);
    let marks = markers(kind, runs);
    let (y0, y1) = y_range(kind, &lines, &marks);
    let mut chart = ChartBuilder::on(area)
        .caption(
            caption(kind, runs.len(), &lines),
            (style::FONT, style::CAPTION_PX)
                .into_font()
                .color(&style::INK),
        )
        .margin(10)
        .margin_right(26)
        .x_label_area_size(48)
        .y_label_area_size(84)
        .build_cartesian_2d(0f64..span_s, y0..y1)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("simulated time (s)")
        .y_desc(kind.unit())
        .x_labels(8)
        .y_labels(5)
        .x_label_formatter(&|x| format!("{x:.1}"))
        .y_label_formatter(&|y| {
            if y1 - y0 >= 10.0 || kind == ChartKind::Staleness {
                format!("{y:.0}")
            } else {
                format!("{y:.1}")
            }
        })
        .label_style(
            (style::FONT, style::LABEL_PX)
                .into_font()
                .color(&style::INK),
        )
        .axis_desc_style(
            (style::FONT, style::LABEL_PX)
                .into_font()
                .color(&style::INK),
        )
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
        .draw()
        .map_err(err)?;

    let now_s = first.metrics.now.0 as f64 / 1e6;
    let faults = &first.metrics.faults;
    chart
        .draw_series(faults.iter().map(|f| {
            let to = f.to.map_or(now_s, |t| t.0 as f64 / 1e6);
            Rectangle::new(
                [
                    (f.from.0 as f64 / 1e6, y0),
                    (to.max(f.from.0 as f64 / 1e6 + span_s / 400.0), y1),
                ],
                bands::fill(f.kind).filled(),
            )
        }))
        .map_err(err)?;
    let band_font = (style::FONT, style::BAND_PX).into_font().color(&style::INK);
    chart
        .draw_series(faults.iter().enumerate().map(|(i, f)| {
            // Alternate rows so neighbouring bands' words do not overwrite each other.
            let y = y1 - (y1 - y0) * (0.02 + 0.09 * (i % 2) as f64);
            Text::new(f.kind.word(), (f.from.0 as f64 / 1e6, y), band_font.clone())
        }))
        .map_err(err)?;

    for l in &lines {
        let stroke = l.colour.stroke_width(style::LINE_PX);
        for (k, seg) in l.segments.iter().enumerate() {
            let drawn = if l.dashed {
                chart
                    .draw_series(DashedLineSeries::new(seg.clone(), 10, 6, stroke))
                    .map_err(err)?
            } else {
                chart
                    .draw_series(LineSeries::new(seg.clone(), stroke))
                    .map_err(err)?
            };
            if k == 0 && !l.label.is_empty() && l.in_legend {
                let dashed = l.dashed;
                drawn.label(l.label.clone()).legend(move |(x, y)| {
                    if dashed {
                        DashedPathElement::new(vec![(x, y), (x + 24, y)], 6, 4, stroke).into_dyn()
                    } else {
                        PathElement::new(vec![(x, y), (x + 24, y)], stroke).into_dyn()
                    }
                });
            }
        }
    }
    // One legend entry per kind of marker, in the order they first appear.
    let mut kinds: Vec<(&'static str, Shape, RGBColor)> = Vec::new();
    for m in &marks {
        if !kinds.iter().any(|k| k.0 == m.legend) {
            kinds.push((m.legend, m.shape, m.colour));
        }
    }
    for (legend, shape, colour) in kinds {
        let of_kind = marks.iter().filter(|m| m.legend == legend);
        let at = |m: &Marker| (m.at_s, m.y.unwrap_or(y0 + (y1 - y0) * 0.06));
        let drawn = match shape {
            Shape::Cross => chart
                .draw_series(of_kind.map(|m| Cross::new(at(m), 9, m.colour.stroke_width(4))))
                .map_err(err)?,
            Shape::Dot => chart
                .draw_series(of_kind.map(|m| Circle::new(at(m), 6, m.colour.filled())))
                .map_err(err)?,
        };
        if !legend.is_empty() {
            drawn.label(legend).legend(move |(x, y)| match shape {
                Shape::Cross => Cross::new((x + 12, y), 6, colour.stroke_width(3)).into_dyn(),
                Shape::Dot => Circle::new((x + 12, y), 5, colour.filled()).into_dyn(),
            });
        }
    }
    if let Some(c) = cursor {
        let x = (c.0 as f64 / 1e6).min(span_s);
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x, y0), (x, y1)],
                style::INK.stroke_width(2),
            )))
            .map_err(err)?;
    }
    if lines
        .iter()
        .any(|l| !l.segments.is_empty() && !l.label.is_empty() && l.in_legend)
        || marks.iter().any(|m| !m.legend.is_empty())
    {
        // Availability sits near 100 %: its legend goes low, every other chart's high.
        let position = if kind == ChartKind::Availability {
            SeriesLabelPosition::LowerRight
        } else {
            SeriesLabelPosition::UpperRight
        };
        let font = if runs.len() > 1 {
            style::LABEL_PX - 3
        } else {
            style::LABEL_PX
        };
        chart
            .configure_series_labels()
            .position(position)
            .margin(6)
            .label_font((style::FONT, font).into_font().color(&style::INK))
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(0x99, 0x99, 0x99))
            .draw()
            .map_err(err)?;
    }
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    Ok(Frame {
        left: xr.start,
        right: xr.end,
        top: yr.start,
        bottom: yr.end,
        span,
    })
}
