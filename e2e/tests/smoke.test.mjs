// The built site renders in real Chromium from a sub-path, with no console errors and no
// request outside its own origin, and a click changes the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot } from '../lib/harness.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });

test('the page renders from a sub-path and a click changes it', async () => {
  const { context, page, problems } = await launch();
  try {
    await page.goto(server.base);
    await page.getByTestId('apply').waitFor();
    assert.equal(await page.locator('[data-testid="ds-status"]').count(), 0);
    await page.getByTestId('apply').click();
    await page.locator('[data-testid="ds-status"][data-ds="frontend"]').waitFor();
    await shot(page, 'smoke');
    assert.ok(server.requests.every((u) => u.startsWith('/playground/')), `requests: ${server.requests}`);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
