// Shared end-to-end harness: serves ../dist on 127.0.0.1 under a sub-path (to prove the site
// works from any sub-path), launches Debian's Chromium through playwright-core with a fresh
// profile, records console errors, and saves screenshots under ../target/e2e/.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = join(here, '..', '..', 'dist');
export const SHOTS = join(here, '..', '..', 'target', 'e2e');
export const SUBPATH = '/playground/';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png',
};

/** Serves dist/ at SUBPATH on an ephemeral port; every request is recorded. */
export async function serveDist() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`no build in ${DIST}: run scripts/dev build`);
  const requests = [];
  const gzipped = new Map();
  const server = createServer((req, res) => {
    requests.push(req.url);
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(SUBPATH)) { res.writeHead(404); res.end('not found'); return; }
    let rel = normalize(decodeURIComponent(url.pathname.slice(SUBPATH.length)));
    if (rel === '.' || rel === '') rel = 'index.html';
    const file = join(DIST, rel);
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404); res.end('not found'); return;
    }
    const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream' };
    // Like a static host: gzip for clients that accept it (what the transfer budget counts).
    let body = readFileSync(file);
    if (/\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      if (!gzipped.has(file)) gzipped.set(file, gzipSync(body, { level: 9 }));
      body = gzipped.get(file);
      headers['content-encoding'] = 'gzip';
    }
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}${SUBPATH}`;
  return { base, requests, close: () => new Promise((ok) => server.close(ok)) };
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A fresh Chromium profile; `problems` collects console errors, page errors and foreign requests. */
export async function launch({ width = 1280, height = 800, colorScheme = 'light', reducedMotion = 'no-preference', touch = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'dsp-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
    viewport: { width, height }, colorScheme, reducedMotion, acceptDownloads: true, hasTouch: touch,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = context.pages()[0] || (await context.newPage());
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) {
      problems.push(`request outside the page's origin: ${r.url()}`);
    }
  });
  return { context, page, problems };
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  // Narrow (phone) layouts stack the regions: capture the whole page there.
  const narrow = (page.viewportSize()?.width ?? 1000) < 700;
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: narrow });
}

/** Drags with the real mouse from the centre of one element to the centre of another. */
/** Types a command line into the terminal and presses Enter. */
export async function typeCommand(page, line) {
  const input = page.getByTestId('terminal-input');
  await input.fill(line);
  await input.press('Enter');
}

export async function drag(page, from, to, { steps = 12 } = {}) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('drag: element not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + Math.min(20, a.height / 2));
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 8, a.y + 20, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(40, b.height / 2), { steps });
  await page.mouse.up();
}
