// Smoke test of the release site: serves dist/ on 127.0.0.1, checks the cluster renders and elects a leader,
// takes screenshots at 1280×720 and 1920×1080, and measures frame times during playback with 9 nodes and
// ≥ 200 messages in flight. Prints the site's transfer size (gzip) too, and fails above the budget in
// tests/smoke/size-budget.json.
//
//   trunk build --release && node tests/smoke/smoke.mjs
//
// Needs playwright-core in the checkout's .tools/ and Debian chromium (scripts/setup.sh installs both).
// Serves the site under a sub-path, as GitHub Pages does, so relative URLs are checked too. Exits 1 on any
// failed check.
import { createServer } from 'node:http';
import { readFileSync, readdirSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, extname, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { chromium } = await import(pathToFileURL(join(root, '.tools', 'node_modules', 'playwright-core', 'index.mjs')).href);
const dist = process.env.SPLITBRAIN_DIST || join(root, 'dist');
const shots = join(root, 'target', 'screenshots');
mkdirSync(shots, { recursive: true });
if (!existsSync(join(dist, 'index.html'))) {
  console.error('dist/index.html missing: run trunk build --release first');
  process.exit(1);
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
// The site lives under /splitbrain/ (like https://user.github.io/splitbrain/); anything outside is a 404.
const base = '/splitbrain/';
const server = createServer((req, res) => {
  const full = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (!full.startsWith(base)) { res.writeHead(404); res.end(); return; }
  const path = full.slice(base.length - 1);
  const file = join(dist, path === '/' ? 'index.html' : path);
  if (!file.startsWith(dist) || !existsSync(file)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}${base}`;

let failed = false;
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failed = true; };

// Transfer size: what a static host serving gzip sends.
const size = { raw: 0, gzip: 0 };
for (const f of readdirSync(dist)) {
  if (!/\.(wasm|js|css)$/.test(f)) continue;
  const buf = readFileSync(join(dist, f));
  const gz = gzipSync(buf, { level: 9 }).length;
  size.raw += buf.length; size.gzip += gz;
  console.log(`size ${f}: ${(buf.length / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzip`);
}
console.log(`size total (wasm+js+css): ${(size.raw / 1024).toFixed(1)} KiB raw, ${(size.gzip / 1024).toFixed(1)} KiB gzip`);
// The size budget recorded in the repository: growing past it fails the smoke test (and so CI).
const budget = JSON.parse(readFileSync(join(root, 'tests', 'smoke', 'size-budget.json'), 'utf8')).total_gzip_kib;
check(size.gzip / 1024 <= budget, `site transfer size ${(size.gzip / 1024).toFixed(1)} KiB gzip within the budget of ${budget} KiB (tests/smoke/size-budget.json)`);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const errors = [];
async function open(width, height, seed) {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
  await page.goto(url);
  await page.evaluate((s) => { localStorage.clear(); if (s) localStorage.setItem('splitbrain.run.v1', JSON.stringify(s)); }, seed);
  await page.reload();
  await page.waitForSelector('[data-testid=cluster-view] g.node', { timeout: 60000 });
  return page;
}
const setRange = (page, sel, v) => page.$eval(sel, (el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); }, v);

// 1. Renders, elects a leader when played; screenshots at both projector sizes.
for (const [w, h] of [[1280, 720], [1920, 1080]]) {
  const page = await open(w, h, null);
  check(await page.locator('g.node').count() === 5, `${w}×${h}: five nodes drawn`);
  await setRange(page, '[data-testid=speed]', 50); // 1× real time
  await page.click('[data-testid=play]');
  await page.waitForSelector('[data-role=leader]', { timeout: 20000 }).catch(() => {});
  const leaders = await page.locator('[data-role=leader]').count();
  check(leaders === 1, `${w}×${h}: a leader is elected while playing (${leaders})`);
  await setRange(page, '[data-testid=speed]', 0); // slow down so messages are visible mid-flight
  await page.waitForTimeout(300);
  await page.click('[data-role=leader]');
  await page.keyboard.press('Space'); // pause
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(shots, `app-${w}x${h}.png`) });
  // A partition and a crash, so the faults are visible too.
  await page.click('[data-testid=tab-network]');
  await page.click('[data-testid=minority-split]');
  await page.keyboard.press('4');
  await page.keyboard.press('k');
  await page.click('[data-testid=tab-client]');
  await page.click('[data-testid=client-send]');
  await setRange(page, '[data-testid=speed]', 40);
  await page.keyboard.press('Space');
  await page.waitForTimeout(1500);
  await page.keyboard.press('Space');
  await page.screenshot({ path: join(shots, `faults-${w}x${h}.png`) });
  if (w === 1280) {
    await page.keyboard.press('?');
    await page.screenshot({ path: join(shots, `help-${w}x${h}.png`) });
  }
  await page.close();
}

// 2. Frame time with 9 nodes and ≥ 200 messages in flight: links slower (0.9–1 s) than the election timeout
// (0.3–0.6 s) keep every node campaigning, so a few hundred RequestVotes and replies are on the wire at once.
const perfScenario = {
  name: 'perf: 9 nodes, 200+ messages in flight', cluster: { protocol: 'raft', nodes: 9, options: {
    election_timeout_min_us: 300000, election_timeout_max_us: 600000, heartbeat_us: 100000 } },
  seed: 3, network: { latency_min_us: 900000, latency_max_us: 1000000 }, duration_us: 60000000,
};
const measure = async () => {
  document.querySelector('[data-testid=play]').click();
  const stamps = [];
  let counts = [];
  await new Promise((done) => {
    const t0 = performance.now();
    function f(t) {
      stamps.push(t);
      if (stamps.length % 5 === 0) counts.push(document.querySelectorAll('[data-testid=msg]').length);
      if (t - t0 < 6000) requestAnimationFrame(f); else done();
    }
    requestAnimationFrame(f);
  });
  document.querySelector('[data-testid=play]').click();
  const d = stamps.slice(1).map((t, i) => t - stamps[i]).slice(10).sort((a, b) => a - b);
  const q = (p) => d[Math.min(d.length - 1, Math.floor(p * d.length))];
  return { frames: d.length, p50: q(0.5), p95: q(0.95), max: d[d.length - 1], minInFlight: Math.min(...counts), maxInFlight: Math.max(...counts) };
};
// Each layout is measured on a fresh page from the same moment of the same run (5 s in), so the figures
// compare like with like (the number of messages in flight changes as the run goes on).
const layouts = [
  // At 1080p the cluster fills the first screen and the band is below it (not redrawn while unseen).
  ['timelines band below the cluster (default)', async () => {}],
  // Scrolled down to watch the band while it plays: it redraws (at most every 400 ms) with the run.
  ['scrolled to the timelines band', async (page) => page.locator('[data-testid=timelines]').scrollIntoViewIfNeeded()],
  // The band folded away: the cluster view and panels alone.
  ['timelines band folded', async (page) => page.click('[data-testid=toggle-timelines]')],
];
const perf = {};
for (const [what, arrange] of layouts) {
  const page = await open(1920, 1080, { scenario: perfScenario, time_us: 5000000 });
  const before = await page.locator('[data-testid=msg]').count();
  await setRange(page, '[data-testid=speed]', 50); // 1× real time
  await arrange(page);
  const r = await page.evaluate(measure);
  check(before >= 200 && r.minInFlight >= 200, `perf run keeps ≥ 200 messages in flight (at start ${before}, during ${r.minInFlight}–${r.maxInFlight})`);
  perf[what] = { ...r, inFlightAtStart: before };
  console.log(`frame time, 9 nodes, 1× real time, 1920×1080, ${what}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms over ${r.frames} frames`);
  if (what.includes('default')) await page.screenshot({ path: join(shots, 'perf-9-nodes-1920x1080.png') });
  await page.close();
}

// 3. The lecture case for comparison: the default 5-node playground at 1× real time.
{
  const p5 = await open(1920, 1080, null);
  await setRange(p5, '[data-testid=speed]', 50);
  const small = await p5.evaluate(measure);
  console.log(`frame time, 5-node playground, timelines shown: p50 ${small.p50.toFixed(1)} ms, p95 ${small.p95.toFixed(1)} ms over ${small.frames} frames`);
  await p5.click('[data-testid=toggle-timelines]');
  const smallAlone = await p5.evaluate(measure);
  console.log(`frame time, 5-node playground, timelines folded: p50 ${smallAlone.p50.toFixed(1)} ms, p95 ${smallAlone.p95.toFixed(1)} ms over ${smallAlone.frames} frames`);
  await p5.close();
}

// 4. Charts while playing, and Compare: the CAP lecture at 1×, charts band open; every redraw's cost is
// stamped on its canvas (data-draw-ms), sampled here. Then Compare runs its four systems.
{
  const cap = JSON.parse(readFileSync(join(root, 'scenarios', 'raft', 'raft-cap-partition.json'), 'utf8'));
  const pc = await open(1280, 720, { scenario: cap, time_us: 0 });
  await pc.click('[data-testid=toggle-charts]');
  await pc.waitForSelector('[data-testid=chart-latency-canvas][data-draw-ms]', { timeout: 30000 });
  await setRange(pc, '[data-testid=speed]', 50);
  await pc.click('[data-testid=play]');
  const samples = await pc.evaluate(() => new Promise((done) => {
    const seen = []; let last = '';
    const timer = setInterval(() => {
      const c = document.querySelector('[data-testid=chart-latency-canvas]');
      const v = c && c.getAttribute('data-draw-ms');
      if (v && v !== last) { seen.push(Number(v)); last = v; }
    }, 20);
    setTimeout(() => { clearInterval(timer); done(seen); }, 5000);
  }));
  samples.sort((a, b) => a - b);
  const q = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] || 0;
  perf.chart_redraw = { redraws_seen: samples.length, p50_ms: q(0.5), max_ms: q(1) };
  console.log(`chart redraw while playing (latency chart, 1×, CAP lecture): ${samples.length} redraws in 5 s, p50 ${q(0.5).toFixed(1)} ms, max ${q(1).toFixed(1)} ms`);
  check(samples.length >= 3 && samples.length <= 25, `charts redraw while playing, throttled (${samples.length} in 5 s)`);
  await pc.click('[data-testid=play]');
  await pc.evaluate(() => window.scrollTo(0, document.querySelector('[data-testid=charts]').offsetTop - 10));
  await pc.waitForTimeout(400);
  await pc.screenshot({ path: join(shots, 'charts-1280x720.png') });
  await pc.click('[data-testid=compare-open]');
  const t0 = Date.now();
  await pc.click('[data-testid=compare-scenario]');
  await pc.waitForSelector('[data-testid=compare-table]', { timeout: 60000 });
  const rows = await pc.$$eval('[data-testid=compare-row]', (r) => r.length);
  console.log(`compare: ${rows} systems run, charted and tabulated in ${((Date.now() - t0) / 1000).toFixed(2)} s`);
  check(rows === 4, `Compare runs the lecture's four systems (${rows})`);
  await pc.waitForTimeout(400);
  await pc.screenshot({ path: join(shots, 'compare-1280x720.png') });
  await pc.evaluate(() => document.querySelector('.compare-card').scrollTo(0, 420));
  await pc.waitForTimeout(200);
  await pc.screenshot({ path: join(shots, 'compare-charts-1280x720.png') });
  await pc.close();
}

check(errors.length === 0, `no page errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
writeFileSync(join(shots, 'smoke.json'), JSON.stringify({ size, perf }, null, 2));
await browser.close();
server.close();
process.exit(failed ? 1 : 0);
