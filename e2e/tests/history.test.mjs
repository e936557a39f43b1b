// Undo, Redo and the timeline in real Chromium (issue #12, item 6): a session is a command log
// over a deterministic simulation, so undo replays the log without its last command. Undo after
// a drag restores the label and the pod names; Redo (and Ctrl+Shift+Z) brings back the same
// cluster; rewinding on the timeline and returning to now gives the same cluster.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot, drag } from '../lib/harness.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });

const card = (page, name) => page.locator(`[data-testid="node-card"][data-node="${name}"]`);
const lane = (page, value) => page.locator(`[data-testid="lane"][data-lane-value="${value}"]`);

/** Pods with their nodes and phases, lanes with their nodes, and the clock. */
async function snapshot(page) {
  return page.evaluate(() => ({
    pods: [...document.querySelectorAll('[data-testid="pod-tile"]')].map((p) => `${p.dataset.pod}@${p.dataset.node}:${p.dataset.phase}`).sort(),
    lanes: [...document.querySelectorAll('[data-testid="lane"]')].map((l) =>
      `${l.dataset.laneValue}=[${[...l.querySelectorAll('[data-testid="node-card"]')].map((c) => c.dataset.node).join(',')}]`),
    clock: document.querySelector('[data-testid="clock-time"]').textContent,
  }));
}

async function settle(page) {
  for (let i = 0; i < 40 && !(await page.getByTestId('clock-step').isDisabled()); i++) await page.getByTestId('clock-step').click();
}

test('undo after a drag restores the label and the pod names; redo brings the same cluster back', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(server.base);
    await page.getByTestId('clock-play').click();
    await page.getByTestId('apply').click();
    await drag(page, card(page, '10.0.10.7'), lane(page, 'frontend-node'));
    await settle(page);
    const before = await snapshot(page);
    assert.equal(before.pods.length, 1);
    await drag(page, card(page, '10.0.10.5'), lane(page, 'frontend-node'));
    await settle(page);
    const after = await snapshot(page);
    assert.equal(after.pods.length, 2);

    // Undo the steps of the clock, then the drag's label.
    while ((await lane(page, 'frontend-node').locator('[data-testid="node-card"][data-node="10.0.10.5"]').count()) > 0) {
      await page.getByTestId('undo').click();
    }
    await page.locator('[data-testid="lane"]:not([data-lane-value="frontend-node"]) [data-testid="node-card"][data-node="10.0.10.5"]').waitFor();
    const undone = await snapshot(page);
    assert.deepEqual(undone.pods.map((p) => p.split(':')[0]), before.pods.map((p) => p.split(':')[0]), 'the pod names changed');
    await shot(page, 'history-01-undone');

    // Redo with the keyboard, focus outside the editor and the terminal.
    await page.locator('body').click({ position: { x: 5, y: 880 } });
    while (!(await page.getByTestId('redo').isDisabled())) await page.keyboard.press('Control+Shift+Z');
    await page.waitForFunction((clock) => document.querySelector('[data-testid="clock-time"]').textContent === clock, after.clock);
    assert.deepEqual(await snapshot(page), after);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('rewinding on the timeline and returning to now gives the same cluster', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(server.base);
    await page.getByTestId('clock-play').click();
    await page.getByTestId('apply').click();
    await drag(page, card(page, '10.0.10.7'), lane(page, 'frontend-node'));
    await settle(page);
    const now = await snapshot(page);
    await page.getByTestId('timeline-toggle').click();
    const timeline = page.getByTestId('timeline');
    await timeline.waitFor();
    // Just after the apply: no node is labelled yet, so no pod.
    await timeline.locator('[data-testid="timeline-entry"][data-n="1"]').click();
    await page.getByTestId('rewound').waitFor();
    assert.equal(await page.locator('[data-testid="pod-tile"]').count(), 0);
    assert.equal(await timeline.locator('[data-testid="timeline-entry"][data-n="1"]').getAttribute('aria-current'), 'step');
    await shot(page, 'history-02-timeline-rewound');
    await page.getByTestId('return-to-now').click();
    await page.getByTestId('rewound').waitFor({ state: 'detached' });
    assert.deepEqual(await snapshot(page), now);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
