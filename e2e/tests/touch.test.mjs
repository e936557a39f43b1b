// Dragging with a finger: on a touch tablet viewport, Chromium turns real touch input into
// pointer events; a node card dragged into the app=frontend-node lane is relabelled and its pod
// starts, and a label chip dragged off the card removes the label again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot } from '../lib/harness.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });

const card = (page, name) => page.locator(`[data-testid="node-card"][data-node="${name}"]`);
const lane = (page, value) => page.locator(`[data-testid="lane"][data-lane-value="${value}"]`);

/** A one-finger drag through the DevTools protocol's touch input, in small steps. */
async function touchDrag(cdp, from, to, steps = 12) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('touchDrag: element not visible');
  const start = { x: a.x + a.width / 2, y: a.y + Math.min(20, a.height / 2) };
  const end = { x: b.x + b.width / 2, y: b.y + Math.min(40, b.height / 2) };
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [start] });
  for (let i = 1; i <= steps; i++) {
    const x = start.x + ((end.x - start.x) * i) / steps;
    const y = start.y + ((end.y - start.y) * i) / steps;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

test('a finger drags a node into a lane and a label chip off it', async () => {
  const { context, page, problems } = await launch({ width: 820, height: 1180, touch: true });
  try {
    const cdp = await context.newCDPSession(page);
    await page.goto(server.base);
    await card(page, '10.0.10.5').waitFor();
    if ((await page.getByTestId('clock-play').getAttribute('aria-pressed')) === 'true') await page.getByTestId('clock-play').click();
    await page.getByTestId('apply').click();
    await card(page, '10.0.10.5').scrollIntoViewIfNeeded();

    await touchDrag(cdp, card(page, '10.0.10.5'), lane(page, 'frontend-node'));
    await lane(page, 'frontend-node').locator('[data-testid="node-card"][data-node="10.0.10.5"]').waitFor();
    assert.match(await page.getByTestId('terminal-output').textContent(),
      /kubectl label node 10\.0\.10\.5 app=frontend-node --overwrite/);
    await page.getByTestId('clock-step').click();
    await page.locator('[data-testid="pod-tile"][data-node="10.0.10.5"]').waitFor();
    await shot(page, 'touch-01-dragged-into-lane');

    // The card's chip, dragged off the card onto the board's empty lane area, removes the label.
    const chip = card(page, '10.0.10.5').locator('.chip', { hasText: 'app=frontend-node' });
    await touchDrag(cdp, chip, page.locator('.palette'));
    assert.match(await page.getByTestId('terminal-output').textContent(), /kubectl label node 10\.0\.10\.5 app-/);
    await lane(page, '').locator('[data-testid="node-card"][data-node="10.0.10.5"]').waitFor();
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
