// The guided tutorial in real Chromium, completed from start to finish by UI actions alone:
// for every step, "Show me" runs its commands (echoed in the terminal), the clock advances, and
// the step turns done by itself from the cluster's state. Progress survives a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot } from '../lib/harness.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });

test('the tutorial is completed from start to finish by UI actions alone', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(server.base);
    await page.getByTestId('tutorial-toggle').click();
    const steps = page.locator('[data-testid="tutorial-step"]');
    await steps.first().waitFor();
    const n = await steps.count();
    assert.ok(n >= 12, `only ${n} steps`);
    if ((await page.getByTestId('clock-play').getAttribute('aria-pressed')) === 'true') await page.getByTestId('clock-play').click();
    for (let i = 0; i < n; i++) {
      const step = page.locator(`[data-testid="tutorial-step"][data-step="${i}"]`);
      if (i > 0) await page.getByTestId('tutorial-next').click();
      await step.getByTestId('tutorial-show-me').click();
      for (let k = 0; k < 300 && (await step.getAttribute('data-done')) !== 'true'; k++) {
        if (await page.getByTestId('clock-step').isDisabled()) break;
        await page.getByTestId('clock-step').click();
      }
      // The last step's render may still be on its way.
      await page.waitForFunction((n) => document.querySelector(`[data-testid="tutorial-step"][data-step="${n}"]`)?.dataset.done === 'true', i, { timeout: 5000 }).catch(() => {});
      assert.equal(await step.getAttribute('data-done'), 'true', `step ${i + 1} did not turn done`);
      if (i % 4 === 3) await shot(page, `tutorial-step-${String(i + 1).padStart(2, '0')}`);
    }
    assert.match(await page.getByTestId('tutorial-progress').textContent(), new RegExp(`${n} of ${n}`));
    await shot(page, 'tutorial-complete');
    await page.reload();
    await page.locator('[data-testid="tutorial-step"][data-step="0"]').waitFor();
    assert.equal(await page.locator('[data-testid="tutorial-step"][data-done="true"]').count(), n, 'progress was not restored');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
