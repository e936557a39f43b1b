// Page benchmarks in real headless Chromium (not tests: they print figures for BENCHMARKS.md).
// Run: scripts/dev bench-web   (builds dist/ first), or: node e2e/bench/page-bench.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { serveDist, launch, DIST, typeCommand } from '../lib/harness.mjs';
import { crashLoopLink } from '../lib/links.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
const fmt = (x) => `${x.toFixed(1)} ms`;

const RECORD_FIRST_RENDER = `
  window.__firstRender = null;
  new MutationObserver((_, obs) => {
    if (document.querySelectorAll('[data-testid="node-card"]').length >= 2 &&
        document.querySelector('[data-testid="terminal-input"]') && document.querySelector('[data-testid="manifest-editor"]')) {
      window.__firstRender = performance.now(); obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });`;


async function pause(page) {
  if ((await page.getByTestId('clock-play').getAttribute('aria-pressed')) === 'true') await page.getByTestId('clock-play').click();
}

/** In the page: type a label command and time until the node's pod shows: its pod tile in the
 *  DOM, on its card or (in the fleet view) on its card in the changing-now strip, which is
 *  rendered in the same update as the lane's canvas. */
async function timeLabelToTile(page, node) {
  return page.evaluate((node) => new Promise((resolve) => {
    const input = document.querySelector('[data-testid="terminal-input"]');
    const sel = `[data-testid="pod-tile"][data-node="${node}"]`;
    const obs = new MutationObserver(() => {
      if (document.querySelector(sel)) { obs.disconnect(); resolve(performance.now() - t0); }
    });
    obs.observe(document.body, { childList: true, subtree: true });
    const t0 = performance.now();
    input.value = `kubectl label node ${node} app=frontend-node`;
    input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  }), node);
}

async function labelBench(server, nodes) {
  const { context, page } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(server.base);
    await page.getByTestId('apply').waitFor();
    await pause(page);
    await page.getByTestId('apply').click();
    await typeCommand(page, `sim add-nodes ${nodes - 2}`);
    await page.waitForFunction((n) => document.querySelector('.node-count')?.textContent === `${n} nodes`, nodes);
    const times = [];
    for (let i = 0; i < 9; i++) times.push(await timeLabelToTile(page, `node-${i * 7}`));
    return times;
  } finally { await context.close(); }
}

/** Clicks "+1,000" and times until the board counts the new nodes (their lane's canvas is drawn
 *  in the same update) and a frame is painted. */
async function addNodesBench(server) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const { context, page } = await launch({ width: 1440, height: 900 });
    try {
      await page.goto(server.base);
      await page.getByTestId('apply').waitFor();
      await pause(page);
      await page.getByTestId('apply').click();
      times.push(await page.evaluate(() => new Promise((resolve) => {
        const button = [...document.querySelectorAll('.add-nodes button')].find((b) => b.textContent === '+1,000');
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          if (document.querySelector('.node-count')?.textContent === '1002 nodes') {
            obs.disconnect();
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
          }
        });
        obs.observe(document.body, { childList: true, subtree: true });
        button.click();
      })));
    } finally { await context.close(); }
  }
  return times;
}

const APPS_V1 = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 10%
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
        - name: agent
          image: nginx
`;

async function rolloutBench(server) {
  const { context, page } = await launch({ width: 1440, height: 900, reducedMotion: process.env.BENCH_REDUCED_MOTION ? 'reduce' : 'no-preference' });
  try {
    await page.goto(server.base);
    await page.getByTestId('apply').waitFor();
    await pause(page);
    await typeCommand(page, 'sim add-nodes 4998');
    // BENCH_MODE=cards draws the same rollout as cards (the fleet view is the default here).
    if (process.env.BENCH_MODE) await page.getByTestId(`board-mode-${process.env.BENCH_MODE}`).click();
    await page.getByTestId('manifest-editor').fill(APPS_V1);
    await page.getByTestId('apply').click();
    await page.getByTestId('clock-speed').selectOption('60');
    await page.getByTestId('clock-play').click();
    // BENCH_CSS adds a style sheet (for finding what a frame's layout and paint cost).
    if (process.env.BENCH_CSS) await page.addStyleTag({ content: process.env.BENCH_CSS });
    await page.locator('[data-testid="ds-status"][data-ds="agent"][data-available="5000"]').waitFor({ timeout: 120000, state: 'attached' });
    // A 20 s image pull stretches the rollout over several seconds of wall time at 60x.
    await typeCommand(page, 'sim image httpd pull=20s');
    await typeCommand(page, 'kubectl set image ds/agent agent=httpd');
    // Start counting once the page shows the rollout under way (not the finished state of before).
    await page.waitForFunction(() => document.querySelector('[data-testid="ds-status"][data-ds="agent"]').dataset.updated !== '5000');
    const frames = await page.evaluate(() => new Promise((resolve) => {
      const deltas = []; let last = performance.now(); const start = last;
      const done = () => {
        const el = document.querySelector('[data-testid="ds-status"][data-ds="agent"]');
        return el && el.dataset.updated === '5000' && el.dataset.available === '5000';
      };
      function frame(now) {
        deltas.push(now - last); last = now;
        if (done() || now - start > 60000) resolve({ deltas, wall: now - start, finished: done() }); else requestAnimationFrame(frame);
      }
      requestAnimationFrame(frame);
    }));
    return frames;
  } finally { await context.close(); }
}

/** Long tasks and key-press event timings, recorded from the page's start. */
const RECORD_RESPONSIVENESS = `
  window.__longTasks = []; window.__keys = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'keydown') window.__keys.push(e.duration); })
    .observe({ type: 'event', durationThreshold: 16, buffered: true });
  window.__dialogAt = null; window.__refusedAt = null;
  new MutationObserver(() => {
    if (window.__dialogAt === null && document.querySelector('[data-testid="opening-progress"]')) window.__dialogAt = performance.now();
    if (window.__refusedAt === null && /could not be opened/.test(document.querySelector('[data-testid="banner"]')?.innerText || '')) window.__refusedAt = performance.now();
  }).observe(document, { childList: true, subtree: true, characterData: true });`;

/** Opens the crash-loop share link: when its progress shows, when its refusal shows, and the
 *  longest task in between (what a click on Cancel may have to wait for). */
async function crashLoopLinkBench(server) {
  const { context, page } = await launch({ width: 1440, height: 900 });
  try {
    await page.addInitScript(RECORD_RESPONSIVENESS);
    await page.goto(`${server.base}#s=${crashLoopLink()}`);
    await page.waitForFunction(() => window.__refusedAt !== null, null, { timeout: 300000 });
    return await page.evaluate(() => ({ dialog: window.__dialogAt, refused: window.__refusedAt,
      longest: Math.max(0, ...window.__longTasks.filter(([t]) => t >= window.__dialogAt).map(([, d]) => d)) }));
  } finally { await context.close(); }
}

/** Types 40 keys at the end of a manifest of 5,000 nested brackets; the Event Timing API's
 *  keydown durations (key press to the next paint; entries under 16 ms are not reported). */
async function nestedBracketTypingBench(server, brackets = 5000) {
  const { context, page } = await launch({ width: 1440, height: 900 });
  try {
    await page.addInitScript(RECORD_RESPONSIVENESS);
    await page.goto(server.base);
    const editor = page.getByTestId('manifest-editor');
    await editor.fill(`apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: deep\n  annotations: ${'['.repeat(brackets)}\n`);
    if (brackets > 1000) await page.getByTestId('diagnostics').getByText(/exceeded max depth/).first().waitFor();
    await page.waitForTimeout(500);
    await editor.press('Control+End');
    await page.evaluate(() => { window.__keys = []; });
    await page.keyboard.type('abcdefghijklmnopqrstuvwxyzabcdefghijklmn', { delay: 30 });
    await page.waitForTimeout(500);
    return await page.evaluate(() => window.__keys.slice(-40));
  } finally { await context.close(); }
}

const server = await serveDist();
// BENCH_ONLY=rollout runs the rollout benchmark alone (for profiling a change).
const only = process.env.BENCH_ONLY;
try {
  if (only === 'hardening') {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await crashLoopLinkBench(server));
    console.log(`crash-loop link: progress shown at median ${fmt(median(runs.map((r) => r.dialog)))}, refused at median ${fmt(median(runs.map((r) => r.refused)))}, ` +
      `longest task after the dialog showed, median ${fmt(median(runs.map((r) => r.longest)))} (runs: ${runs.map((r) => `${fmt(r.dialog)}/${fmt(r.refused)}/${fmt(r.longest)}`).join(', ')})`);
    for (const brackets of [0, 5000]) {
      const keys = [];
      for (let i = 0; i < 3; i++) keys.push(await nestedBracketTypingBench(server, brackets));
      const all = keys.flat();
      console.log(`typing 40 keys into a manifest with ${brackets} nested brackets: key press to paint (Event Timing, entries of 16 ms or more) ` +
        `median ${all.length ? fmt(median(all)) : '-'}, max ${all.length ? fmt(Math.max(...all)) : '-'}; per run ${keys.map((k) => `${k.length} of 40 reported`).join(', ')}`);
    }
    process.exit(0);
  }
  if (only === 'rollout') {
    const r = await rolloutBench(server);
    const d = r.deltas.slice(1);
    console.log(`5,000-node rollout at 60x: ${d.length} frames, p50 ${fmt(pct(d, 0.5))}, p95 ${fmt(pct(d, 0.95))}, max ${fmt(Math.max(...d))}, ` +
      `${d.filter((ms) => ms > 20).length} over 20 ms, ${d.filter((ms) => ms > 50).length} over 50 ms`);
    process.exit(0);
  }
  // 1. Navigation to first complete render.
  const firsts = [];
  for (let i = 0; i < 5; i++) {
    const { context, page } = await launch();
    await page.addInitScript(RECORD_FIRST_RENDER);
    await page.goto(server.base);
    await page.waitForFunction(() => window.__firstRender !== null);
    firsts.push(await page.evaluate(() => window.__firstRender));
    await context.close();
  }
  console.log(`first complete render: median ${fmt(median(firsts))} (runs: ${firsts.map(fmt).join(', ')})`);

  // 1b. The same on a slow connection (not a budget: what the transfer size costs a visitor).
  // Chromium's network emulation at DevTools' "Fast 3G" figures: 150 ms latency, 1.6 Mbit/s
  // down, 750 kbit/s up; the server sends gzip like a static host. Fresh profile: no cache.
  const throttled = [];
  for (let i = 0; i < 3; i++) {
    const { context, page } = await launch();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8,
    });
    await page.addInitScript(RECORD_FIRST_RENDER);
    await page.goto(server.base, { timeout: 120000 });
    await page.waitForFunction(() => window.__firstRender !== null, null, { timeout: 120000 });
    throttled.push(await page.evaluate(() => window.__firstRender));
    await context.close();
  }
  console.log(`first complete render on emulated Fast 3G: median ${fmt(median(throttled))} (runs: ${throttled.map(fmt).join(', ')})`);

  // 2. Label change until the new pod tile is in the DOM.
  for (const n of [100, 1000, 5000]) {
    const t = await labelBench(server, n);
    console.log(`label change -> pod tile at ${n} nodes: median ${fmt(median(t))}, max ${fmt(Math.max(...t))} (9 runs)`);
  }

  // 2b. "+1,000" on the board until the 1,000th new node is painted (a frame after it is in the DOM).
  const adds = await addNodesBench(server);
  console.log(`add 1,000 nodes -> painted: median ${fmt(median(adds))}, max ${fmt(Math.max(...adds))} (${adds.length} runs)`);

  // 3. Frame times while a 5,000-node rollout runs at 60x.
  const r = await rolloutBench(server);
  const d = r.deltas.slice(1);
  console.log(`5,000-node rollout at 60x: ${d.length} frames over ${(r.wall / 1000).toFixed(1)} s, finished=${r.finished}; ` +
    `frame p50 ${fmt(pct(d, 0.5))}, p95 ${fmt(pct(d, 0.95))}, max ${fmt(Math.max(...d))}`);
  // rAF deltas come in whole vsyncs (16.7 ms at 60 Hz): a delta over 20 ms is a dropped frame.
  const slow = d.map((ms, i) => [i, ms]).filter(([, ms]) => ms > 20);
  console.log(`  dropped frames: ${slow.length}${slow.length ? ' (frame ' + slow.map(([i, ms]) => `#${i} ${fmt(ms)}`).join(', ') + ')' : ''}`);
} finally { await server.close(); }

// 4. Transfer size (gzip -9) of wasm + js + css.
let total = 0;
for (const f of readdirSync(DIST).filter((f) => /\.(wasm|js|css)$/.test(f))) {
  const gz = gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length; total += gz;
  console.log(`  ${f}: ${readFileSync(join(DIST, f)).length} raw, ${gz} gzip`);
}
console.log(`total transfer (wasm+js+css, gzip -9): ${total} bytes`);
