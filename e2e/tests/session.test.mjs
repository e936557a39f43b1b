// Sessions in real Chromium: a share link reopens the same board, pod names and clock in a fresh
// browser; a reload restores the session; a garbled or oversized link shows an error and leaves
// the saved session intact; every scenario opens from ?scenario=; the exported kubectl script
// passes `bash -n` and holds the commands the session ran.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { serveDist, launch, shot, drag } from '../lib/harness.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });

const card = (page, name) => page.locator(`[data-testid="node-card"][data-node="${name}"]`);
const lane = (page, value) => page.locator(`[data-testid="lane"][data-lane-value="${value}"]`);

async function pause(page) {
  if ((await page.getByTestId('clock-play').getAttribute('aria-pressed')) === 'true') await page.getByTestId('clock-play').click();
}

async function command(page, line) {
  await page.getByTestId('terminal-input').fill(line);
  await page.getByTestId('terminal-input').press('Enter');
}

/** What must be identical after a round trip: pods with their nodes and states, lanes, clock. */
async function snapshot(page) {
  return page.evaluate(() => ({
    pods: [...document.querySelectorAll('[data-testid="pod-tile"]')].map((p) => `${p.dataset.pod}@${p.dataset.node}:${p.dataset.phase}:${p.dataset.revision}`).sort(),
    lanes: [...document.querySelectorAll('[data-testid="lane"]')].map((l) =>
      `${l.dataset.laneValue}=[${[...l.querySelectorAll('[data-testid="node-card"]')].map((c) => c.dataset.node).join(',')}]`),
    clock: document.querySelector('[data-testid="clock-time"]').textContent,
  }));
}

async function buildSession(page) {
  await page.goto(server.base);
  await card(page, '10.0.10.5').waitFor();
  await pause(page);
  await page.getByTestId('apply').click();
  await drag(page, card(page, '10.0.10.5'), lane(page, 'frontend-node'));
  await command(page, 'kubectl label node 10.0.10.7 app=frontend-node');
  // Step simulated time until both pods run (the step button is disabled once nothing is pending).
  for (let i = 0; i < 50; i++) {
    if ((await page.locator('[data-testid="pod-tile"][data-phase="Running"]').count()) === 2) return;
    if (await page.getByTestId('clock-step').isDisabled()) break;
    await page.getByTestId('clock-step').click();
  }
  // The last step's render may still be on its way.
  await page.locator('[data-testid="pod-tile"][data-phase="Running"]').nth(1).waitFor({ timeout: 5000 });
  assert.equal(await page.locator('[data-testid="pod-tile"][data-phase="Running"]').count(), 2);
}

test('a share link reproduces the board, the pod names and the clock in a fresh browser', async () => {
  const a = await launch();
  const b = await launch();
  try {
    await buildSession(a.page);
    const before = await snapshot(a.page);
    assert.equal(before.pods.length, 2);
    await a.page.getByTestId('share').click();
    const url = a.page.url();
    assert.match(url, /#s=[A-Za-z0-9_-]+$/);
    assert.equal(await a.page.evaluate(() => navigator.clipboard.readText()), url);
    await b.page.goto(url);
    await card(b.page, '10.0.10.5').waitFor();
    await pause(b.page);
    assert.deepEqual(await snapshot(b.page), before);
    await shot(b.page, 'session-01-shared-link-opened');
    assert.deepEqual(a.problems, []);
    assert.deepEqual(b.problems, []);
  } finally { await a.context.close(); await b.context.close(); }
});

test('a reload restores the session; broken and oversized links leave it intact', async () => {
  const { context, page, problems } = await launch();
  try {
    await buildSession(page);
    const before = await snapshot(page);
    await page.reload();
    await card(page, '10.0.10.5').waitFor();
    await pause(page);
    assert.deepEqual((await snapshot(page)).pods, before.pods);
    const saved = await page.evaluate(() => localStorage.getItem('dsp.session'));
    assert.ok(saved && saved.includes('kubectl label node 10.0.10.7'));

    for (const [label, fragment, message] of [
      ['garbled', '#s=this-is-not-a-session', /could not be opened/],
      ['oversized', `#s=${'A'.repeat(300 * 1024)}`, /too large/],
    ]) {
      await page.goto(server.base + fragment);
      await page.getByTestId('banner').waitFor();
      assert.match(await page.getByTestId('banner').textContent(), message);
      await pause(page);
      assert.equal(await page.evaluate(() => localStorage.getItem('dsp.session')), saved, `${label} link touched the saved session`);
      assert.deepEqual((await snapshot(page)).pods, before.pods);
      await shot(page, `session-02-${label}-link`);
    }
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('every scenario opens from ?scenario=', async () => {
  const { context, page, problems } = await launch();
  try {
    await page.goto(server.base);
    const names = await page.locator('[data-testid="scenario-picker"] option').evaluateAll(
      (opts) => opts.map((o) => o.value).filter((v) => v));
    assert.ok(names.length >= 8, `only ${names.length} scenarios`);
    for (const name of names) {
      await page.goto(`${server.base}?scenario=${name}`);
      await page.locator('[data-drag="node"]').first().waitFor();
      assert.equal(await page.locator('[data-testid="banner"].banner-error').count(), 0, `${name} showed an error`);
      await pause(page);
      await shot(page, `scenario-${name}`);
    }
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('the exported kubectl script passes bash -n and holds the commands the session ran', async () => {
  const { context, page, problems } = await launch();
  try {
    await buildSession(page);
    await page.getByTestId('export').locator('summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-script').click()]);
    const path = await download.path();
    execFileSync('bash', ['-n', path]);
    const script = readFileSync(path, 'utf8');
    assert.match(script, /kubectl apply -f -/);
    assert.match(script, /app=frontend-node/);
    // The menu closed after the download and gave the focus back to its button.
    assert.equal(await page.getByTestId('export').getAttribute('open'), null, 'the Export menu stayed open');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('[data-testid="export"]') !== null), true);
    await page.getByTestId('export').locator('summary').click();
    const [yaml] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-yaml').click()]);
    assert.match(readFileSync(await yaml.path(), 'utf8'), /kind: DaemonSet/);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
