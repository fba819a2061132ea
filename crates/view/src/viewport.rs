//! The visible window of the x axis and the zoom/pan math. Pure so the wheel and drag handlers stay one-liners
//! and the maths is tested natively.

/// Axis values `[x0, x1]` drawn across `width_px` pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub x0: f64,
    pub x1: f64,
    pub width_px: f64,
}

/// Never zoom in further than this many axis units across the window (1 µs or one Lamport tick per ~100 px is
/// already absurd).
pub const MIN_SPAN: f64 = 10.0;

impl Viewport {
    pub fn new(x0: f64, x1: f64, width_px: f64) -> Self {
        let mut v = Viewport {
            x0,
            x1,
            width_px: width_px.max(1.0),
        };
        v.normalize();
        v
    }

    /// The whole extent `[lo, hi]`, with a little air on both sides.
    pub fn fit(lo: f64, hi: f64, width_px: f64) -> Self {
        let pad = ((hi - lo) * 0.03).max(MIN_SPAN / 2.0);
        Viewport::new(lo - pad, hi + pad, width_px)
    }

    pub fn span(&self) -> f64 {
        self.x1 - self.x0
    }

    /// Pixels per axis unit.
    pub fn scale(&self) -> f64 {
        self.width_px / self.span()
    }

    pub fn to_px(&self, x: f64) -> f64 {
        (x - self.x0) * self.scale()
    }

    pub fn from_px(&self, px: f64) -> f64 {
        self.x0 + px / self.scale()
    }

    pub fn contains(&self, x: f64) -> bool {
        x >= self.x0 && x <= self.x1
    }

    /// Whether `[a, b]` (in either order) overlaps the window: an arrow crossing it is drawn even if both its
    /// ends are outside.
    pub fn overlaps(&self, a: f64, b: f64) -> bool {
        a.min(b) <= self.x1 && a.max(b) >= self.x0
    }

    /// Zooms by `factor` (> 1 zooms in) keeping the axis value under `anchor_px` where it is.
    pub fn zoom(&self, factor: f64, anchor_px: f64) -> Self {
        if !factor.is_finite() || factor <= 0.0 {
            return *self;
        }
        let anchor = self.from_px(anchor_px);
        let span = (self.span() / factor).max(MIN_SPAN);
        let frac = anchor_px / self.width_px;
        Viewport::new(
            anchor - frac * span,
            anchor - frac * span + span,
            self.width_px,
        )
    }

    /// Moves the content by `dx_px` pixels (a drag to the right shows earlier times).
    pub fn pan_px(&self, dx_px: f64) -> Self {
        let d = dx_px / self.scale();
        Viewport::new(self.x0 - d, self.x1 - d, self.width_px)
    }

    /// Keeps `x` (the playback cursor) in view: when it runs past the right edge the window jumps so that it
    /// sits at 80 %.
    pub fn follow(&self, x: f64) -> Self {
        if self.contains(x) {
            return *self;
        }
        let span = self.span();
        let x0 = x - 0.8 * span;
        Viewport::new(x0, x0 + span, self.width_px)
    }

    /// Nice tick positions: about one every 120 px, on 1-2-5 steps.
    pub fn ticks(&self) -> Vec<f64> {
        let raw = self.span() / (self.width_px / 120.0).max(1.0);
        let mag = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * mag)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * mag);
        let mut t = (self.x0 / step).ceil() * step;
        let mut out = Vec::new();
        while t <= self.x1 && out.len() < 100 {
            out.push(t);
            t += step;
        }
        out
    }

    fn normalize(&mut self) {
        if !(self.x0.is_finite() && self.x1.is_finite()) {
            self.x0 = 0.0;
            self.x1 = MIN_SPAN;
        }
        if self.x1 - self.x0 < MIN_SPAN {
            let mid = (self.x0 + self.x1) / 2.0;
            self.x0 = mid - MIN_SPAN / 2.0;
            self.x1 = mid + MIN_SPAN / 2.0;
        }
    }
}
