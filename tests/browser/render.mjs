// Renders an HTML file in headless Chromium (the distribution's, driven by
// playwright-core over the DevTools protocol) and reports, as JSON on standard output:
//   requests    every request the page made beyond the file itself (DevTools sees
//               each one, whatever starts it: a stylesheet, a font, an image, a
//               script, a prefetch); the browser's proxy points nowhere, so none
//               can reach the network either way
//   views       for each width: the screenshot file, whether it is blank (one
//               colour), and how long the page took to load (ms)
//   violations  axe-core's serious and critical violations (with --axe)
//
//   node render.mjs PAGE.html OUT_DIR [--axe] [--name NAME] [--load-only]
// `--load-only` (for bench/run) times the load at desktop width and takes no screenshot.
// Needs NODE_PATH (or a node_modules beside it) holding playwright-core and axe-core,
// and CHROMIUM (default /usr/bin/chromium).
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(join(process.env.NODE_PATH || process.cwd(), 'x.js'));
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const page_path = resolve(args[0]);
const out_dir = resolve(args[1]);
const with_axe = args.includes('--axe');
const load_only = args.includes('--load-only');
const name = args.includes('--name') ? args[args.indexOf('--name') + 1] : 'page';
const url = pathToFileURL(page_path).href;

const VIEWS = [
  { id: 'desktop', viewport: { width: 1280, height: 900 }, mobile: false },
  { id: 'phone', viewport: { width: 390, height: 844 }, mobile: true },
];

const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'plan-chromium-')), {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // Any request that escaped would go to a proxy that does not exist.
    '--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=<-loopback>',
  ],
});

const result = { requests: [], views: [], violations: [] };
try {
  for (const view of load_only ? VIEWS.slice(0, 1) : VIEWS) {
    const page = await browser.newPage();
    await page.setViewportSize(view.viewport);
    page.on('request', (r) => { if (r.url() !== url) result.requests.push(r.url()); });
    const started = Date.now();
    await page.goto(url, { waitUntil: 'load' });
    const load_ms = Date.now() - started;
    if (load_only) {
      result.views.push({ id: view.id, load_ms });
      await page.close();
      continue;
    }
    // Whatever the page fetches late (lazy images, fonts) has started by now.
    await page.waitForTimeout(300);
    const file = join(out_dir, `${name}-${view.id}.png`);
    await page.screenshot({ path: file, fullPage: true });
    // The first screen alone, as a reader sees it (the README shows these).
    await page.screenshot({ path: join(out_dir, `${name}-${view.id}-top.png`) });
    // The browser decodes its own screenshot: how many distinct colours it holds.
    const png = readFileSync(file).toString('base64');
    const check = await browser.newPage();
    const colours = await check.evaluate(async (data) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + data;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      const cx = c.getContext('2d');
      cx.drawImage(img, 0, 0);
      const px = cx.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < px.length && seen.size < 64; i += 4 * 97) seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
      return { count: seen.size, width: img.width, height: img.height };
    }, png);
    await check.close();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    // What sticks out, to say so when something does.
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.scroll'))
      .slice(0, 5).map((e) => e.tagName + (e.className ? '.' + e.className : '')));
    result.views.push({ id: view.id, file, load_ms, colours: colours.count, width: colours.width, height: colours.height, blank: colours.count < 3, horizontal_overflow: overflow, too_wide: wide });
    if (with_axe && view.id === 'desktop') {
      await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
      const found = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations);
      result.violations = found
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    }
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result) + '\n');
