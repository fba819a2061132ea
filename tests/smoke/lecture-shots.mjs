// Screenshots of every bundled lecture scenario, at the moment of its last narration step, at 1280×720 and
// 1920×1080 (the first screen, as a projector shows it) plus the whole page at 1920 wide.
//
//   node tests/smoke/lecture-shots.mjs URL OUT_DIR [ID_FILTER] [AT_SECONDS]   (URL serving dist/, e.g. scripts/serve.sh)
//
// AT_SECONDS shoots that moment instead (the middle of a story: a participant blocked, two primaries at once).
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { chromium } = await import(pathToFileURL(join(root, '.tools', 'node_modules', 'playwright-core', 'index.mjs')).href);
const [url, out, filter = '', at = ''] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const protocol of readdirSync(join(root, 'scenarios'))) {
  for (const file of readdirSync(join(root, 'scenarios', protocol)).filter((f) => f.endsWith('.json'))) {
    const id = file.replace(/\.json$/, '');
    if (!id.includes(filter)) continue;
    const scenario = JSON.parse(readFileSync(join(root, 'scenarios', protocol, file), 'utf8'));
    const last = Math.max(0, ...(scenario.narration || []).map((n) => n.at_us));
    const time_us = at ? Math.round(Number(at) * 1e6) : Math.min(scenario.duration_us || 10000000, last + 200000);
    const name = at ? `${id}-at-${at}s` : id;
    for (const [w, h] of [[1280, 720], [1920, 1080]]) {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(url);
      await page.evaluate(([s, t]) => localStorage.setItem('splitbrain.run.v1', JSON.stringify({ scenario: s, time_us: t })), [scenario, time_us]);
      await page.reload();
      await page.waitForSelector('[data-testid=timeline-svg]', { timeout: 60000 });
      await page.locator('[data-testid=timelines]').scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(out, `${name}-${w}x${h}.png`) });
      if (w === 1920) await page.screenshot({ path: join(out, `${name}-full.png`), fullPage: true });
      console.log(`${id} ${w}×${h} at ${(time_us / 1e6).toFixed(2)} s${errors.length ? ' ERRORS ' + errors.join('; ') : ''}`);
      await page.close();
    }
  }
}
await browser.close();
