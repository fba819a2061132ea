// Screenshots and frame-time figures for the timelines band.
//
//   node tests/smoke/timeline-shot.mjs URL SCENARIO.json TIME_US OUT.png [--measure]
//
// Seeds the app's autosave with the scenario played to TIME_US (so the page opens on that run), takes a
// 1920×1080 screenshot of the timelines band, and with --measure reports how long a zoom takes to show
// (click → two animation frames: layout, SVG string, DOM update, style, paint).
import { chromium } from '/work/main/.tools/node_modules/playwright-core/index.mjs';
import { readFileSync } from 'node:fs';

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
  const [a, b] = process.argv[sel + 1].split(',');
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
  const times = { whole: [], zoomed: [] };
  for (let i = 0; i < 15; i++) times.whole.push(await frame('[data-testid=zoom-fit]'));
  await frame('[data-testid=zoom-in]');
  await frame('[data-testid=zoom-in]');
  await frame('[data-testid=zoom-in]');
  for (let i = 0; i < 15; i++) {
    times.zoomed.push(await frame('[data-testid=zoom-in]'));
    times.zoomed.push(await frame('[data-testid=zoom-out]'));
  }
  const med = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const elems = await page.evaluate(() => document.querySelector('[data-testid=timeline-svg]').querySelectorAll('*').length);
  console.log(`frame (click → 2 rAF), whole run: median ${med(times.whole).toFixed(1)} ms`);
  console.log(`frame (click → 2 rAF), zoomed ~1/4: median ${med(times.zoomed).toFixed(1)} ms (${elems} SVG nodes now)`);
}
await browser.close();
