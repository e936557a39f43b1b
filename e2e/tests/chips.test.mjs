// Label chips with the real mouse: a chip dragged from the palette onto a node labels it (its
// pod starts), the same chip dragged off the node removes the label, and × does it without a drag.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot, drag } from '../lib/harness.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });

const card = (page, name) => page.locator(`[data-testid="node-card"][data-node="${name}"]`);
const label = async (page, node) => page.evaluate((n) =>
  [...document.querySelectorAll(`[data-testid="node-card"][data-node="${n}"] .chip`)].map((c) => c.textContent.replace('×', '').trim()), node);

test('label chips go onto nodes from the palette and come off by drag or by ×', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(server.base);
    await card(page, '10.0.10.7').waitFor();
    if ((await page.getByTestId('clock-play').getAttribute('aria-pressed')) === 'true') await page.getByTestId('clock-play').click();
    await page.getByTestId('apply').click();
    const chip = page.locator('.palette .chip', { hasText: 'app=frontend-node' });
    await drag(page, chip, card(page, '10.0.10.7'));
    assert.match(await page.getByTestId('terminal-output').textContent(), /kubectl label node 10\.0\.10\.7 app=frontend-node --overwrite/);
    assert.deepEqual(await label(page, '10.0.10.7'), ['app=frontend-node']);
    await page.locator('[data-testid="pod-tile"][data-node="10.0.10.7"]').waitFor();
    await shot(page, 'chips-01-dropped-on-node');

    // Off the node again: drag the node's chip back to the palette.
    const nodeChip = card(page, '10.0.10.7').locator('.chip', { hasText: 'app=frontend-node' });
    await drag(page, nodeChip, page.locator('.palette'));
    assert.match(await page.getByTestId('terminal-output').textContent(), /kubectl label node 10\.0\.10\.7 app-/);
    assert.deepEqual(await label(page, '10.0.10.7'), []);

    // The non-drag alternative: × on the chip.
    await page.getByTestId('terminal-input').fill('kubectl label node 10.0.10.5 tier=web');
    await page.getByTestId('terminal-input').press('Enter');
    await card(page, '10.0.10.5').getByRole('button', { name: 'Remove label tier from 10.0.10.5' }).click();
    assert.deepEqual(await label(page, '10.0.10.5'), []);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
