//! A [`Scene`] as an SVG string. The page sets it as the diagram's markup (one DOM write per frame, with
//! clicks handled by delegation on `data-ev` / `data-seek`), and "Export SVG" downloads the same string.

use crate::cone::{Cone, Role};
use crate::layout::{Band, DotShape, Scene};
use crate::palette::CSS;
use splitbrain_sim::EventId;
use std::fmt::Write;

/// What to emphasise: the selected event's causal cone, and a second event picked for comparison.
#[derive(Clone, Copy, Debug, Default)]
pub struct Highlight<'a> {
    pub cone: Option<&'a Cone>,
    pub second: Option<EventId>,
}

impl Highlight<'_> {
    fn role(&self, e: EventId) -> Option<Role> {
        self.cone.map(|c| c.role(e))
    }
}

/// `title` goes in the SVG's `<title>`; `standalone` adds the XML prolog for a downloaded file.
pub fn render(scene: &Scene, hl: &Highlight, title: &str, standalone: bool) -> String {
    render_with_titles(scene, hl, title, standalone, None)
}

/// Like [`render`], with a tooltip per event from `titles` (for the downloaded file, where there is no info
/// panel to hover into).
pub fn render_with_titles(
    scene: &Scene,
    hl: &Highlight,
    title: &str,
    standalone: bool,
    titles: Option<&dyn Fn(EventId) -> Option<String>>,
) -> String {
    let mut s = String::with_capacity(256 + scene.element_count() * 160);
    if standalone {
        s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    let (w, h) = (scene.width.ceil(), scene.height.ceil());
    let coned = if hl.cone.is_some() { " coned" } else { "" };
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="tl-svg{coned}" width="{w}" height="{h}" viewBox="0 0 {w} {h}" data-testid="timeline-svg"><title>{}</title><style>{CSS}</style>"#,
        esc(title)
    );
    let _ = write!(
        s,
        r##"<defs><clipPath id="tl-clip"><rect x="{}" y="0" width="{}" height="{h}"/></clipPath><marker id="tl-ah" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="14" markerHeight="14" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" class="arrowhead"/></marker></defs><rect width="{w}" height="{h}" fill="#fff"/>"##,
        scene.left, scene.plot_width
    );
    for (x, label) in &scene.ticks {
        let _ = write!(
            s,
            r#"<line class="grid" x1="{x:.1}" y1="22" x2="{x:.1}" y2="{:.1}"/><text class="t-tick" x="{x:.1}" y="18" text-anchor="middle">{}</text>"#,
            scene.lanes_bottom,
            esc(label)
        );
    }
    let _ = write!(
        s,
        r#"<text class="t-small" x="8" y="18">{}</text>"#,
        esc(&scene.axis_label)
    );
    s.push_str(r#"<g clip-path="url(#tl-clip)">"#);
    for b in &scene.bands {
        band(&mut s, b, scene.width);
    }
    for b in &scene.segments {
        band(&mut s, b, scene.width);
    }
    for l in &scene.lanes {
        let _ = write!(
            s,
            r#"<line class="lane" x1="{}" y1="{y:.1}" x2="{}" y2="{y:.1}"/>"#,
            scene.left,
            scene.left + scene.plot_width,
            y = l.y
        );
    }
    for p in &scene.polylines {
        s.push_str(r#"<polyline class=""#);
        s.push_str(p.class);
        s.push_str(r#"" points=""#);
        for (x, y) in &p.points {
            let _ = write!(s, "{x:.1},{y:.1} ");
        }
        s.push_str(r#""/>"#);
    }
    for m in &scene.summaries {
        let w = (m.x1 - m.x0).max(8.0);
        // A folded run takes its events' place in the causal cone when they all agree (ends alike).
        let role = match (hl.role(m.first), hl.role(m.last)) {
            (Some(a), Some(b)) if a == b => a.class(),
            (Some(_), Some(_)) => "mixed",
            _ => "",
        };
        let _ = write!(
            s,
            r#"<g data-testid="heartbeat-summary" class="sum {role}"><rect class="summary" x="{:.1}" y="{:.1}" width="{w:.1}" height="14" rx="7"><title>{} {} events collapsed ({}–{}); zoom in to see them</title></rect>"#,
            m.x0,
            m.y - 7.0,
            m.count,
            if m.heartbeats_only {
                "heartbeat"
            } else {
                "message"
            },
            m.first,
            m.last
        );
        if w > 40.0 {
            let _ = write!(
                s,
                r#"<text class="t-summary" x="{:.1}" y="{:.1}" text-anchor="middle">{}×{}</text>"#,
                m.x0 + w / 2.0,
                m.y - 10.0,
                if m.heartbeats_only { "♥" } else { "msgs " },
                m.count
            );
        }
        s.push_str("</g>");
    }
    // Message tooltips only when they are few enough to be worth their bytes.
    let arrow_titles = scene.arrows.len() <= 400 || titles.is_some();
    for a in &scene.arrows {
        let role = arrow_role(hl, a.send, a.end);
        let head = if a.class == "a-drop" {
            ""
        } else {
            r#" marker-end="url(#tl-ah)""#
        };
        let _ = write!(
            s,
            r#"<line class="a {} {}" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"{head} data-send="{}">"#,
            a.class, role, a.x1, a.y1, a.x2, a.y2, a.send.0,
        );
        if arrow_titles {
            let _ = write!(s, "<title>{}</title>", esc(&a.label));
        }
        s.push_str("</line>");
    }
    for d in &scene.dots {
        let role = hl.role(d.id).map_or("", |r| r.class());
        let second = if hl.second == Some(d.id) {
            " second"
        } else {
            ""
        };
        let cls = format!("ev {} {role}{second}", d.class);
        let attrs = format!(r#"class="{cls}" data-ev="{}" data-testid="event""#, d.id.0);
        let (x, y) = (d.x, d.y);
        match d.shape {
            DotShape::Circle => {
                let _ = write!(s, r#"<circle {attrs} cx="{x:.1}" cy="{y:.1}" r="6">"#);
            }
            DotShape::Cross => {
                let _ = write!(
                    s,
                    r#"<path {attrs} d="M{:.1},{:.1}l14,14m0,-14l-14,14">"#,
                    x - 7.0,
                    y - 7.0
                );
            }
            DotShape::Diamond => {
                let _ = write!(
                    s,
                    r#"<path {attrs} d="M{x:.1},{:.1}l8,8l-8,8l-8,-8z">"#,
                    y - 8.0
                );
            }
            DotShape::Square => {
                let _ = write!(
                    s,
                    r#"<rect {attrs} x="{:.1}" y="{:.1}" width="12" height="12">"#,
                    x - 6.0,
                    y - 6.0
                );
            }
            DotShape::Bar => {
                let _ = write!(
                    s,
                    r#"<rect {attrs} x="{:.1}" y="{:.1}" width="6" height="28">"#,
                    x - 3.0,
                    y - 14.0
                );
            }
            DotShape::Triangle => {
                let _ = write!(s, r#"<path {attrs} d="M{x:.1},{:.1}l7,12h-14z">"#, y - 7.0);
            }
        }
        // No per-dot <title>: the page shows the hovered event's details in its info panel, and thousands of
        // tooltips would double the markup.
        if let Some(t) = titles.and_then(|f| f(d.id)) {
            let more = if d.merged > 1 {
                format!(" (+{} more here)", d.merged - 1)
            } else {
                String::new()
            };
            let _ = write!(s, "<title>{}{more}</title>", esc(&t));
        }
        s.push_str(match d.shape {
            DotShape::Circle => "</circle>",
            DotShape::Square | DotShape::Bar => "</rect>",
            _ => "</path>",
        });
    }
    for m in &scene.markers {
        let flag = match m.kind {
            crate::MarkerKind::Violation => "flag-violation",
            crate::MarkerKind::StaleRead => "flag-stale",
            crate::MarkerKind::SplitBrain => "flag-split",
        };
        let tw = 9.0 * m.label.chars().count() as f64 + 12.0;
        let x = m.x;
        let _ = write!(
            s,
            r#"<g class="flag" data-seek="{}" data-testid="marker-{}"><line class="{}" x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}"/><rect class="{flag}" x="{x:.1}" y="{:.1}" width="{tw:.0}" height="20" rx="3"/><text class="t-flag" x="{:.1}" y="{:.1}">{}</text><title>{} — click to jump playback to {}</title></g>"#,
            m.seek.0,
            m.kind.class(),
            m.kind.class(),
            m.y0,
            m.y1,
            m.y0 - 4.0,
            m.x + 6.0,
            m.y0 + 11.0,
            esc(&m.label),
            esc(&m.label),
            m.seek
        );
    }
    if let Some(x) = scene.cursor {
        let _ = write!(
            s,
            r#"<line class="cursor" x1="{x:.1}" y1="22" x2="{x:.1}" y2="{:.1}" data-testid="cursor"/>"#,
            scene.height
        );
    }
    s.push_str("</g>");
    for l in &scene.lanes {
        let _ = write!(
            s,
            r#"<text class="t-lane" x="10" y="{:.1}">{}</text>"#,
            l.y + 7.0,
            esc(&l.label)
        );
    }
    for t in &scene.texts {
        let _ = write!(
            s,
            r#"<text class="{}" x="{:.1}" y="{:.1}">{}</text>"#,
            t.class,
            t.x,
            t.y,
            esc(&t.text)
        );
    }
    s.push_str("</svg>");
    s
}

/// `right`: the drawing's right edge; a label written beside a bar flips to its left rather than run off it.
fn band(s: &mut String, b: &Band, right: f64) {
    let seek = b
        .seek
        .map(|e| format!(r#" data-seek="{}""#, e.0))
        .unwrap_or_default();
    let testid = match &*b.class {
        "split-stale" | "split-unsafe" => r#" data-testid="split-brain""#,
        "op-stale" => r#" data-testid="stale-read""#,
        c if c.starts_with("op-") => r#" data-testid="client-op""#,
        _ => "",
    };
    let _ = write!(
        s,
        r#"<g{seek}{testid}><rect class="{}" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"><title>{}</title></rect>"#,
        b.class,
        b.x,
        b.y,
        b.w,
        b.h,
        esc(&b.title)
    );
    if let Some(t) = &b.text {
        let text_w = 8.0 * t.chars().count() as f64;
        let mut anchor = "";
        // A thin strip (a hint, an agreement strip) writes smaller, inside it.
        let small = b.h < 20.0;
        let (x, y) = if small {
            (b.x + 4.0, b.y + b.h - 3.0)
        } else if b.class.starts_with("split-") {
            // At the bottom of the band, clear of the term labels at the top of each row.
            (b.x + 6.0, b.y + b.h - 8.0)
        } else if b.class.starts_with("op-") && b.w < text_w {
            // Client operations are often too short for their text: write it beside the bar, on the left
            // when the right would run off the drawing (an operation near the end of the run).
            if b.x + b.w + 4.0 + text_w > right && b.x - 4.0 - text_w >= 0.0 {
                anchor = r#" text-anchor="end""#;
                (b.x - 4.0, b.y + 16.0)
            } else {
                (b.x + b.w + 4.0, b.y + 16.0)
            }
        } else {
            (b.x + 4.0, b.y + 16.0)
        };
        // Otherwise only if it roughly fits: unreadable overlapping text is worse than none.
        // (with room for the 4-unit inset and a gap before the next band's label).
        let fits = b.w >= text_w + 8.0;
        if fits
            || b.class.starts_with("net-")
            || b.class.starts_with("split-")
            || b.class.starts_with("op-")
        {
            let class = if small { "t-strip" } else { "t-band" };
            let _ = write!(
                s,
                r#"<text class="{class}" x="{x:.1}" y="{y:.1}"{anchor}>{}</text>"#,
                esc(t)
            );
        }
    }
    s.push_str("</g>");
}

fn arrow_role(hl: &Highlight, send: EventId, end: Option<EventId>) -> &'static str {
    let Some(cone) = hl.cone else { return "" };
    let a = cone.role(send);
    let b = end.map_or(Role::Concurrent, |e| cone.role(e));
    match (a, b) {
        (Role::Past | Role::Selected, Role::Past | Role::Selected) => "past",
        (Role::Future | Role::Selected, Role::Future | Role::Selected) => "future",
        _ => "conc",
    }
}

/// Escapes text for XML content and attribute values.
pub fn esc(t: &str) -> String {
    let mut o = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '&' => o.push_str("&amp;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}
