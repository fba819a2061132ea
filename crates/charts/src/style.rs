//! Okabe–Ito colours, line widths and type sizes chosen for a projector at the back of a hall.

use plotters::style::RGBColor;

pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
pub const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// Okabe–Ito yellow is invisible as a thin line on white; this darker one keeps its hue.
pub const DARK_YELLOW: RGBColor = RGBColor(0xB8, 0xA9, 0x00);
pub const GREY: RGBColor = RGBColor(0x55, 0x55, 0x55);
pub const INK: RGBColor = RGBColor(0x11, 0x11, 0x11);

/// One colour per compared system, in order.
pub const SYSTEMS: [RGBColor; 4] = [BLUE, VERMILLION, GREEN, PURPLE];
/// One colour per message family, in the legend's order (the page's `m-f{index}` classes).
pub const FAMILIES: [RGBColor; 8] = [
    ORANGE,
    DARK_YELLOW,
    BLUE,
    SKY,
    PURPLE,
    GREEN,
    VERMILLION,
    GREY,
];

pub const FONT: &str = "DejaVu Sans, Verdana, sans-serif";
/// Plotters draws text at size / 1.24: these give about 20, 16 and 14 px on the page.
pub const CAPTION_PX: u32 = 25;
pub const LABEL_PX: u32 = 20;
pub const BAND_PX: u32 = 18;
pub const LINE_PX: u32 = 3;

pub fn system(i: usize) -> RGBColor {
    SYSTEMS[i % SYSTEMS.len()]
}

pub fn family(i: usize) -> RGBColor {
    FAMILIES[i % FAMILIES.len()]
}
