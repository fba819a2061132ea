//! Colours and the diagram's stylesheet. Okabe–Ito, the palette that survives every colour-vision deficiency
//! and a washed-out lecture-hall projector; shapes and dash patterns double every colour distinction.

pub const BLACK: &str = "#000000";
pub const ORANGE: &str = "#E69F00";
pub const SKY: &str = "#56B4E9";
pub const GREEN: &str = "#009E73";
pub const YELLOW: &str = "#F0E442";
pub const BLUE: &str = "#0072B2";
pub const VERMILLION: &str = "#D55E00";
pub const PURPLE: &str = "#CC79A7";

/// Embedded in every SVG (page and download alike), so an exported diagram looks like the page.
pub const CSS: &str = r#"
.tl-svg{font-family:"DejaVu Sans",Verdana,sans-serif;background:#fff}
.tl-svg text{fill:#111;pointer-events:none}
.t-lane{font-size:20px;font-weight:700}
.t-tick{font-size:14px;fill:#333}
.t-heading{font-size:17px;font-weight:700}
.t-band{font-size:14px;font-weight:700}
.t-small{font-size:13px}
.t-drop{font-size:13px;font-weight:700;fill:#D55E00}
.grid{stroke:#ddd;stroke-width:1}
.lane{stroke:#444;stroke-width:2}
.net-a{fill:#56B4E9;fill-opacity:.16}
.net-b{fill:#E69F00;fill-opacity:.2}
.net-c{fill:#F0E442;fill-opacity:.3}
.net-iso{fill:#777;fill-opacity:.22}
.net-cut{fill:#CC79A7;fill-opacity:.12}
.seg-crashed{fill:#000;fill-opacity:.75}
.seg-paused{fill:#999;fill-opacity:.6;stroke:#000;stroke-dasharray:4 3}
.a-msg{stroke:#0072B2;stroke-width:2.5}
.a-hb{stroke:#56B4E9;stroke-width:1.5}
.a-dup{stroke:#CC79A7;stroke-width:2.5;stroke-dasharray:8 4}
.a-drop{stroke:#D55E00;stroke-width:2.5;stroke-dasharray:3 3}
.a-flight{stroke:#0072B2;stroke-width:2;stroke-dasharray:10 5}
.k-send,.k-deliver{fill:#0072B2}
.k-drop{stroke:#D55E00;stroke-width:4;fill:none}
.k-timer{fill:#E69F00}
.k-note{fill:#CC79A7}
.k-client{fill:#009E73}
.k-life{fill:#000}
.k-other{fill:#666}
.ev{cursor:pointer}
.summary{fill:#56B4E9;fill-opacity:.35;stroke:#0072B2;stroke-width:1.5}
.t-summary{font-size:13px;font-weight:700;fill:#003a5c}
.coned .sum.conc,.coned .sum.mixed{opacity:.35}
.sum.past .summary{fill:#E69F00;stroke:#000}
.sum.future .summary{fill:#009E73;stroke:#000}
.coned .ev.conc,.coned .a.conc{opacity:.15}
.coned .ev.outside{opacity:.3}
.ev.past{fill:#E69F00;stroke:#000;stroke-width:1.5}
.ev.future{fill:#009E73;stroke:#000;stroke-width:1.5}
.ev.sel{fill:#000;stroke:#F0E442;stroke-width:3}
.ev.second{stroke:#D55E00;stroke-width:4}
.a.past{stroke:#E69F00;stroke-width:4;opacity:1}
.a.future{stroke:#009E73;stroke-width:4;opacity:1}
.m-violation{stroke:#D55E00;stroke-width:3}
.m-stale{stroke:#CC79A7;stroke-width:3;stroke-dasharray:6 3}
.m-split{stroke:#D55E00;stroke-width:3;stroke-dasharray:2 2}
.flag{cursor:pointer}
.flag-violation{fill:#D55E00}
.flag-stale{fill:#CC79A7}
.flag-split{fill:#D55E00}
.t-flag{font-size:13px;font-weight:700;fill:#fff}
.cursor{stroke:#000;stroke-width:2.5;stroke-dasharray:10 4}
.t-strip{font-size:12px;font-weight:700}
.ver-tone-0{fill:#56B4E9;fill-opacity:.45}
.ver-tone-1{fill:#E69F00;fill-opacity:.5}
.ver-tone-2{fill:#009E73;fill-opacity:.4}
.ver-tone-3{fill:#F0E442;fill-opacity:.6}
.ver-tone-4{fill:#CC79A7;fill-opacity:.45}
.ver-tone-5{fill:#0072B2;fill-opacity:.35}
.ver-siblings{stroke:#D55E00;stroke-width:3;stroke-dasharray:6 3}
.ver-hint{fill:#fff;stroke:#000;stroke-width:1.5;stroke-dasharray:4 3}
.ver-converged{fill:#009E73;fill-opacity:.3}
.ver-diverged{fill:#D55E00;fill-opacity:.3}
.epoch-odd{fill:#F0E442;fill-opacity:.35}
.epoch-even{fill:#56B4E9;fill-opacity:.22}
.role-tone-0{fill:#56B4E9}
.role-tone-1{fill:#E69F00}
.role-tone-2{fill:#D55E00}
.role-tone-3{fill:#CC79A7}
.line-log{fill:none;stroke:#0072B2;stroke-width:2}
.line-commit{fill:none;stroke:#009E73;stroke-width:3.5}
.commit-tick{fill:#009E73;cursor:pointer}
.split-stale{fill:#E69F00;fill-opacity:.25;stroke:#E69F00;stroke-width:2;cursor:pointer}
.split-unsafe{fill:#D55E00;fill-opacity:.35;stroke:#D55E00;stroke-width:3;cursor:pointer}
.op-ok{fill:#009E73;fill-opacity:.3;stroke:#009E73;stroke-width:2;cursor:pointer}
.op-failed{fill:#999;fill-opacity:.3;stroke:#666;stroke-width:2;stroke-dasharray:5 3;cursor:pointer}
.op-pending{fill:#fff;stroke:#009E73;stroke-width:2;stroke-dasharray:5 3;cursor:pointer}
.op-stale{fill:#D55E00;fill-opacity:.35;stroke:#D55E00;stroke-width:4;cursor:pointer}
.snapshot-cut{fill:none;stroke:#009E73;stroke-width:4;stroke-dasharray:12 5}
.t-cut{font-size:15px;font-weight:700;fill:#00664a}
.arrowhead{fill:#0072B2;fill:context-stroke}
"#;
