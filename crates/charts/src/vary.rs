//! The chart of a parameter sweep (`splitbrain vary`): x the varied option's value, y the percentage of
//! runs that broke an invariant, one line per network loss rate. Plain data in, an SVG out, in the same
//! style as the run's charts (Okabe–Ito colours with dashes on every other line, type for a projector).

use crate::style;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::RGBColor;

/// One line: a loss rate's (x, % violating) points.
#[derive(Clone, Debug, PartialEq)]
pub struct VaryLine {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VaryChart {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
    /// Non-numeric option values: x is the value's index and these are its labels.
    pub categories: Option<Vec<String>>,
    pub lines: Vec<VaryLine>,
}

/// Okabe–Ito, in an order that keeps neighbouring loss rates apart.
const COLOURS: [RGBColor; 7] = [
    style::BLUE,
    style::VERMILLION,
    style::GREEN,
    style::PURPLE,
    style::ORANGE,
    style::SKY,
    style::DARK_YELLOW,
];

pub fn colour(i: usize) -> RGBColor {
    COLOURS[i % COLOURS.len()]
}

fn err(e: impl std::fmt::Display) -> String {
    format!("could not draw the chart: {e}")
}

/// The x range with a margin, never empty; the y range from 0 to a little above the highest point.
pub fn ranges(chart: &VaryChart) -> ((f64, f64), (f64, f64)) {
    let xs = || {
        chart
            .lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.0))
    };
    let (lo, hi) = (xs().fold(f64::MAX, f64::min), xs().fold(f64::MIN, f64::max));
    let (lo, hi) = if lo > hi { (0.0, 1.0) } else { (lo, hi) };
    let pad = ((hi - lo) * 0.05).max(0.5);
    let top = chart
        .lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .fold(0.0f64, f64::max);
    ((lo - pad, hi + pad), (0.0, (top * 1.15).clamp(5.0, 105.0)))
}

/// Draws the chart on any plotters backend.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    chart: &VaryChart,
) -> Result<(), String> {
    area.fill(&WHITE).map_err(err)?;
    let ((x0, x1), (y0, y1)) = ranges(chart);
    let mut c = ChartBuilder::on(area)
        .caption(
            &chart.title,
            (style::FONT, style::CAPTION_PX)
                .into_font()
                .color(&style::INK),
        )
        .margin(10)
        .margin_right(26)
        .x_label_area_size(52)
        .y_label_area_size(84)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    let categories = chart.categories.clone();
    let whole = chart
        .lines
        .iter()
        .flat_map(|l| l.points.iter())
        .all(|p| p.0.fract() == 0.0);
    let x_label = move |x: &f64| match &categories {
        Some(names) if x.fract().abs() < 1e-9 && *x >= 0.0 => {
            names.get(*x as usize).cloned().unwrap_or_default()
        }
        Some(_) => String::new(),
        None if whole && x.fract().abs() < 1e-9 => format!("{x:.0}"),
        None if whole => String::new(),
        None => format!("{x:.2}"),
    };
    let n_labels = match &chart.categories {
        Some(names) => names.len().max(2),
        None => ((x1 - x0).round() as usize + 1).clamp(2, 12),
    };
    let font = (style::FONT, style::LABEL_PX)
        .into_font()
        .color(&style::INK);
    c.configure_mesh()
        .x_desc(chart.x_desc.as_str())
        .y_desc(chart.y_desc.as_str())
        .x_labels(n_labels)
        .y_labels(6)
        .x_label_formatter(&x_label)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style(font.clone())
        .axis_desc_style(font.clone())
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
        .draw()
        .map_err(err)?;
    for (i, l) in chart.lines.iter().enumerate() {
        let col = colour(i);
        let stroke = col.stroke_width(style::LINE_PX);
        let dashed = i % 2 == 1;
        let drawn = if dashed {
            c.draw_series(DashedLineSeries::new(l.points.clone(), 10, 6, stroke))
                .map_err(err)?
        } else {
            c.draw_series(LineSeries::new(l.points.clone(), stroke))
                .map_err(err)?
        };
        drawn.label(l.label.clone()).legend(move |(x, y)| {
            if dashed {
                DashedPathElement::new(vec![(x, y), (x + 24, y)], 6, 4, stroke).into_dyn()
            } else {
                PathElement::new(vec![(x, y), (x + 24, y)], stroke).into_dyn()
            }
        });
        c.draw_series(l.points.iter().map(|p| Circle::new(*p, 5, col.filled())))
            .map_err(err)?;
    }
    if !chart.lines.is_empty() {
        c.configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .margin(6)
            .label_font(font)
            .background_style(WHITE.mix(0.85))
            .border_style(style::GREY)
            .draw()
            .map_err(err)?;
    }
    Ok(())
}

/// The chart as a standalone SVG document.
pub fn svg(chart: &VaryChart, size: (u32, u32)) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(&root, chart)?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(categories: Option<Vec<String>>) -> VaryChart {
        VaryChart {
            title: "Runs breaking an invariant".into(),
            x_desc: "rounds".into(),
            y_desc: "% of runs violating".into(),
            categories,
            lines: vec![
                VaryLine {
                    label: "loss 10 %".into(),
                    points: vec![(1.0, 10.0), (2.0, 9.0), (4.0, 7.5)],
                },
                VaryLine {
                    label: "loss 50 %".into(),
                    points: vec![(1.0, 50.0), (2.0, 25.0), (4.0, 6.0)],
                },
            ],
        }
    }

    #[test]
    fn the_y_axis_starts_at_zero_and_clears_the_highest_point() {
        let ((x0, x1), (y0, y1)) = ranges(&chart(None));
        assert!(x0 < 1.0 && x1 > 4.0);
        assert_eq!(y0, 0.0);
        assert!(y1 > 50.0 && y1 <= 105.0);
    }

    #[test]
    fn the_svg_has_a_legend_entry_per_loss_rate_and_its_axis_names() {
        let drawn = svg(&chart(None), (900, 520)).unwrap();
        assert!(drawn.starts_with("<svg"));
        for text in ["loss 10 %", "loss 50 %", "rounds", "% of runs violating"] {
            assert!(drawn.contains(text), "{text}");
        }
        let named = svg(&chart(Some(vec!["a".into(), "b".into()])), (900, 520)).unwrap();
        assert!(named.contains("loss 50 %"));
    }
}
