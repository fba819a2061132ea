// Screenshots and frame-time figures for the timelines band.
//
//   node tests/smoke/timeline-shot.mjs URL SCENARIO.json TIME_US OUT.png [--measure]
//
// Seeds the app's autosave with the scenario played to TIME_US (so the page opens on that run), takes a
// 1920×1080 screenshot of the timelines band, and with --measure reports how long a zoom takes to show
// (click → two animation frames: layout, SVG string, DOM update, style, paint).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { chromium } = await import(pathToFileURL(join(root, '.tools', 'node_modules', 'playwright-core', 'index.mjs')).href);

const [url, scenarioPath, timeUs, out, flag] = process.argv.slice(2);
const scenario = JSON.parse(readFileSync(scenarioPath, 'utf8'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
page.on('console', (m) => { if (m.type() === 'error') console.error('console:', m.text()); });
await page.goto(url);
await page.evaluate(([s, t]) => localStorage.setItem('splitbrain.run.v1', JSON.stringify({ scenario: s, time_us: t })), [scenario, Number(timeUs)]);
await page.reload();
await page.waitForSelector('[data-testid=timeline-svg]', { timeout: 60000 });
const band = page.locator('[data-testid=timelines]');
await band.scrollIntoViewIfNeeded();
await band.screenshot({ path: out });
const events = await page.locator('[data-testid=timeline-summary]').textContent();
console.log('summary:', events);
// --select N: click event N (and shift-click M with --select N,M) and screenshot the highlight.
const sel = process.argv.indexOf('--select');
if (sel > 0) {
  let [a, b] = process.argv[sel + 1].split(',');
  if (a === 'auto') {
    // A drawn event a third of the way in, and one two thirds in.
    const ids = await page.locator('[data-testid=event]').evaluateAll((els) => els.map((e) => e.getAttribute('data-ev')));
    [a, b] = [ids[Math.floor(ids.length / 3)], ids[Math.floor((ids.length * 2) / 3)]];
  }
  await page.locator(`[data-ev="${a}"]`).first().click({ force: true });
  if (b) await page.locator(`[data-ev="${b}"]`).first().click({ force: true, modifiers: ['Shift'] });
  await page.waitForTimeout(300);
  await band.screenshot({ path: out.replace('.png', '-selected.png') });
  console.log('info:', await page.locator('[data-testid=timeline-info]').textContent());
}
const mode = process.argv.indexOf('--mode');
if (mode > 0) {
  await page.locator(`[data-testid=axis-${process.argv[mode + 1]}]`).click();
  await page.waitForTimeout(300);
  await band.screenshot({ path: out.replace('.png', `-${process.argv[mode + 1]}.png`) });
}
if (flag === '--measure') {
  const frame = (sel) => page.evaluate(async (sel) => {
    const btn = document.querySelector(sel);
    const t0 = performance.now();
    btn.click();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  }, sel);
  // Each sample: the Rust part (model lookup, layout of the window, SVG string; read back from
  // window.__splitbrainTimelineMs) and the whole frame (click → two animation frames, DOM and paint included).
  const times = { whole: [], wholeRust: [], zoomed: [], zoomedRust: [] };
  const rust = () => page.evaluate(() => window.__splitbrainTimelineMs);
  for (let i = 0; i < 12; i++) {
    await frame('[data-testid=zoom-in]');
    times.whole.push(await frame('[data-testid=zoom-fit]'));
    times.wholeRust.push(await rust());
  }
  for (let i = 0; i < 3; i++) await frame('[data-testid=zoom-in]');
  for (let i = 0; i < 12; i++) {
    times.zoomed.push(await frame('[data-testid=zoom-in]'));
    times.zoomedRust.push(await rust());
    times.zoomed.push(await frame('[data-testid=zoom-out]'));
    times.zoomedRust.push(await rust());
  }
  const med = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const elems = await page.evaluate(() => document.querySelector('[data-testid=timeline-svg]').querySelectorAll('*').length);
  console.log(`whole run: layout+SVG ${med(times.wholeRust).toFixed(1)} ms, frame (click → 2 rAF) ${med(times.whole).toFixed(1)} ms`);
  console.log(`zoomed to ~1/4-1/6: layout+SVG ${med(times.zoomedRust).toFixed(1)} ms, frame ${med(times.zoomed).toFixed(1)} ms (${elems} SVG nodes now)`);
}
await browser.close();
