// The README's screenshot: the stale-read lecture scenario at 2.7 s, n1 inspected, cluster and timelines.
//
//   node tests/smoke/readme-shot.mjs URL docs/screenshot.png      (URL serving dist/, e.g. scripts/serve.sh)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { chromium } = await import(pathToFileURL(join(root, '.tools', 'node_modules', 'playwright-core', 'index.mjs')).href);
const [url, out] = process.argv.slice(2);
const scenario = JSON.parse(readFileSync(join(root, 'scenarios', 'raft', 'raft-partition-stale-read.json'), 'utf8'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await page.goto(url);
await page.evaluate((s) => localStorage.setItem('splitbrain.run.v1', JSON.stringify({ scenario: s, time_us: 2700000 })), scenario);
await page.reload();
await page.waitForSelector('[data-testid=timeline-svg]', { timeout: 60000 });
await page.keyboard.press('1');
await page.locator('[data-testid=timelines]').scrollIntoViewIfNeeded();
await page.evaluate(() => window.scrollTo(0, 0));
await page.waitForTimeout(500);
const box = await page.locator('[data-testid=timelines]').boundingBox();
await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 1920, height: Math.ceil(box.y + box.height) } });
await browser.close();
