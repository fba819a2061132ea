//! A checked history's [`Picture`] as a standalone SVG: namespaced, white background, its own stylesheet, so
//! the download opens in a browser or Inkscape looking as it does in the page.

use super::{bar_height, Mark, Picture};
use std::fmt::Write;

/// Okabe–Ito again: green for the linearizable prefix, vermillion for culprits, blue for the rest; hollow for
/// refused and dashed for indeterminate, so nothing depends on colour alone.
pub const CSS: &str = r#"
.hc-svg{font-family:"DejaVu Sans",Verdana,sans-serif}
.hc-svg text{fill:#111}
.hc-head{font-size:17px;font-weight:700}
.hc-lane{font-size:15px;font-weight:700}
.hc-tick{font-size:13px;fill:#333}
.hc-grid{stroke:#e2e2e2;stroke-width:1}
.hc-sep{stroke:#bbb;stroke-width:1}
.hc-prefix{fill:#009E73;fill-opacity:.12}
.hc-bar{fill:#cfe6f5;stroke:#0072B2;stroke-width:1.5}
.hc-bar.prefix{fill:#9fd9c6;stroke:#00694d}
.hc-bar.culprit{fill:#f7c3a5;stroke:#D55E00;stroke-width:3.5}
.hc-bar.refused{fill:#fff;stroke-dasharray:5 3}
.hc-open{stroke:#0072B2;stroke-width:2;stroke-dasharray:6 4}
.hc-open.culprit{stroke:#D55E00;stroke-width:3}
.hc-open.prefix{stroke:#00694d}
.hc-label{font-size:13px;font-family:"DejaVu Sans Mono",monospace}
.hc-label.culprit{font-weight:700}
"#;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `standalone` adds the XML prolog, for a downloaded file.
pub fn render(p: &Picture, title: &str, standalone: bool) -> String {
    let mut s =
        String::with_capacity(1024 + p.sections.iter().map(|x| x.bars.len()).sum::<usize>() * 300);
    if standalone {
        s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    let (w, h) = (p.width.ceil(), p.height.ceil());
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="hc-svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" data-testid="history-svg"><title>{}</title><style>{CSS}</style><rect width="{w}" height="{h}" fill="#fff"/>"##,
        esc(title)
    );
    for (x, label) in &p.ticks {
        let _ = write!(
            s,
            r#"<line class="hc-grid" x1="{x:.1}" y1="22" x2="{x:.1}" y2="{h}"/><text class="hc-tick" x="{x:.1}" y="16" text-anchor="middle">{}</text>"#,
            esc(label)
        );
    }
    let _ = write!(
        s,
        r#"<text class="hc-tick" x="8" y="16">{}</text>"#,
        esc(&p.axis_label)
    );
    let bh = bar_height();
    for sec in &p.sections {
        let bottom = sec.lanes.last().map_or(sec.y + 28.0, |l| l.y1);
        if let Some(x) = sec.prefix_to {
            let _ = write!(
                s,
                r#"<rect class="hc-prefix" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"><title>longest linearizable prefix</title></rect>"#,
                p.left,
                sec.y + 24.0,
                (x - p.left).max(0.0),
                bottom - sec.y - 24.0
            );
        }
        let _ = write!(
            s,
            r#"<text class="hc-head" x="8" y="{:.1}" data-testid="history-key">{}</text>"#,
            sec.y + 18.0,
            esc(&sec.heading)
        );
        for lane in &sec.lanes {
            let _ = write!(
                s,
                r#"<line class="hc-sep" x1="8" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><text class="hc-lane" x="8" y="{:.1}">{}</text>"#,
                p.right,
                lane.y0 + 22.0,
                esc(&lane.label),
                y = lane.y1 + 3.0
            );
        }
        for b in &sec.bars {
            let mark = match b.mark {
                Mark::Prefix => " prefix",
                Mark::Culprit => " culprit",
                Mark::Plain => "",
            };
            let refused = if b.refused { " refused" } else { "" };
            let culprit = if b.mark == Mark::Culprit {
                r#" data-testid="history-culprit""#
            } else {
                ""
            };
            let _ = write!(s, r#"<g{culprit}><title>{}</title>"#, esc(&b.title));
            if b.open {
                let _ = write!(
                    s,
                    r#"<line class="hc-open{mark}" x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/>"#,
                    b.x1,
                    p.right,
                    y = b.y + bh / 2.0
                );
            }
            let _ = write!(
                s,
                r#"<rect class="hc-bar{mark}{refused}" x="{:.1}" y="{:.1}" width="{:.1}" height="{bh}" rx="3"/>"#,
                b.x0,
                b.y,
                b.x1 - b.x0
            );
            if let Some((x, y)) = b.label_at {
                let _ = write!(
                    s,
                    r#"<text class="hc-label{mark}" x="{x:.1}" y="{y:.1}">{}</text>"#,
                    esc(&b.label)
                );
            }
            s.push_str("</g>");
        }
    }
    s.push_str("</svg>");
    s
}
