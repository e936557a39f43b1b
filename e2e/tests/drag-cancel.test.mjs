// Interrupted drags with the real mouse: a pointercancel, or the pointer capture lost mid-drag
// (released by the browser, here through releasePointerCapture), ends the drag where it is.
// The release over another lane then drops nothing: the node keeps its label.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot, drag } from '../lib/harness.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });

const CARD = '[data-testid="node-card"][data-node="10.0.10.5"]';
const card = (page) => page.locator(CARD);
const lane = (page, value) => page.locator(`[data-testid="lane"][data-lane-value="${value}"]`);
const inLane = (page, value) => lane(page, value).locator(CARD).count();
const terminal = (page) => page.getByTestId('terminal-output').textContent();

/** Presses the card, drags it over the frontend-node lane, interrupts the drag with `how`,
 *  moves on and releases over that lane. */
async function interruptedDrag(page, how) {
  const a = await card(page).boundingBox();
  const b = await lane(page, 'frontend-node').boundingBox();
  const over = { x: b.x + b.width / 2, y: b.y + Math.min(40, b.height / 2) };
  await page.mouse.move(a.x + a.width / 2, a.y + Math.min(20, a.height / 2));
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 8, a.y + 20, { steps: 3 });
  await page.mouse.move(over.x, over.y, { steps: 12 });
  assert.equal(await page.locator('.node-card.dragging').count(), 1, 'the drag did not start');
  assert.match(await lane(page, 'frontend-node').getAttribute('class'), /drop-over/, 'not over the lane');
  await page.evaluate(({ selector, how }) => {
    const el = document.querySelector(selector);
    const id = window.lastPointerId;
    if (how === 'pointercancel') {
      el.dispatchEvent(new PointerEvent('pointercancel', { pointerId: id, isPrimary: true, bubbles: true }));
    } else {
      if (!el.hasPointerCapture(id)) throw new Error('the dragged card does not hold the pointer capture');
      el.releasePointerCapture(id);
    }
  }, { selector: CARD, how });
  // The browser reports a released capture before the pointer's next event.
  await page.mouse.move(over.x + 6, over.y + 4, { steps: 2 });
  assert.equal(await page.locator('.node-card.dragging').count(), 0, `${how}: the card still follows the pointer`);
  await page.mouse.up();
}

test('a pointercancel or a lost pointer capture mid-drag does not relabel the node', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(server.base);
    await card(page).waitFor();
    if ((await page.getByTestId('clock-play').getAttribute('aria-pressed')) === 'true') await page.getByTestId('clock-play').click();
    await page.getByTestId('apply').click();
    await page.evaluate(() => document.addEventListener('pointerdown', (e) => { window.lastPointerId = e.pointerId; }, true));
    assert.equal(await inLane(page, ''), 1);

    for (const how of ['pointercancel', 'lostpointercapture']) {
      await interruptedDrag(page, how);
      assert.doesNotMatch(await terminal(page), /kubectl label node 10\.0\.10\.5/, `${how}: relabelled`);
      assert.equal(await inLane(page, ''), 1, `${how}: the card left its lane`);
      assert.equal(await inLane(page, 'frontend-node'), 0);
      await shot(page, `drag-cancel-${how}`);
    }

    // The same drag, uninterrupted, does relabel: the checks above can tell.
    await drag(page, card(page), lane(page, 'frontend-node'));
    assert.match(await terminal(page), /kubectl label node 10\.0\.10\.5 app=frontend-node --overwrite/);
    assert.equal(await inLane(page, 'frontend-node'), 1);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
