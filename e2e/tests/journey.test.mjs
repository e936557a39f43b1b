// The article's journey through the page, with real mouse drags, in real Chromium:
// the two nodes render; apply the DaemonSet; drag 10.0.10.5 into the app=frontend-node lane and
// watch its pod start; drag it out and watch the pod terminate; switch to RollingUpdate and
// `kubectl set image` from the terminal; a YAML error shows at its line. Every step saves a
// screenshot under target/e2e/, and any console error fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot, drag, typeCommand } from '../lib/harness.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });

const pods = (page, sel = '') => page.locator(`[data-testid="pod-tile"]${sel}`);
const lane = (page, value) => page.locator(`[data-testid="lane"][data-lane-value="${value}"]`);
const card = (page, name) => page.locator(`[data-testid="node-card"][data-node="${name}"]`);


/** Pauses the clock, then steps simulated time until `done()` holds (bounded number of steps). */
async function stepUntil(page, done, what) {
  for (let i = 0; i < 200; i++) {
    if (await done()) return;
    // The last step's render may still be on its way: with nothing left to step, look again.
    if (await page.getByTestId('clock-step').isDisabled()) { await page.waitForTimeout(100); continue; }
    await page.getByTestId('clock-step').click();
  }
  assert.fail(`never reached: ${what}`);
}

async function pause(page) {
  if ((await page.getByTestId('clock-play').getAttribute('aria-pressed')) === 'true') {
    await page.getByTestId('clock-play').click();
  }
}

for (const [label, opts] of [
  ['wide-light', { width: 1440, height: 900, colorScheme: 'light' }],
  ['narrow-dark', { width: 360, height: 780, colorScheme: 'dark' }],
]) {
  test(`article journey (${label})`, async () => {
    const { context, page, problems } = await launch(opts);
    try {
      await page.goto(server.base);
      await card(page, '10.0.10.5').waitFor();
      await card(page, '10.0.10.7').waitFor();
      await pause(page);
      await shot(page, `${label}-01-nodes`);

      await page.getByTestId('apply').click();
      await page.locator('[data-testid="ds-status"][data-ds="frontend"]').waitFor();
      assert.match(await page.getByTestId('terminal-output').textContent(), /daemonset\.apps\/frontend created/);
      assert.equal(await pods(page).count(), 0, 'no node carries app=frontend-node yet');
      await shot(page, `${label}-02-applied`);

      await card(page, '10.0.10.5').scrollIntoViewIfNeeded();
      await drag(page, card(page, '10.0.10.5'), lane(page, 'frontend-node'));
      await lane(page, 'frontend-node').locator('[data-testid="node-card"][data-node="10.0.10.5"]').waitFor();
      assert.match(await page.getByTestId('terminal-output').textContent(),
        /kubectl label node 10\.0\.10\.5 app=frontend-node --overwrite/);
      await stepUntil(page, async () => (await pods(page, '[data-node="10.0.10.5"][data-phase="Running"]').count()) === 1,
        'the pod on 10.0.10.5 is Running');
      await shot(page, `${label}-03-pod-running`);

      // The lane below the card must be on screen too (on a phone the lanes are stacked).
      await lane(page, '').scrollIntoViewIfNeeded();
      await card(page, '10.0.10.5').scrollIntoViewIfNeeded();
      await drag(page, card(page, '10.0.10.5'), lane(page, ''));
      await stepUntil(page, async () => (await pods(page, '[data-node="10.0.10.5"]').count()) === 0,
        'the pod on 10.0.10.5 is gone');
      await shot(page, `${label}-04-pod-gone`);

      // Both nodes in, then a rolling update from the terminal.
      await typeCommand(page, 'kubectl label node 10.0.10.5 10.0.10.7 app=frontend-node --overwrite');
      await stepUntil(page, async () => (await pods(page, '[data-phase="Running"]').count()) === 2, 'two pods Running');
      await typeCommand(page, 'kubectl patch ds frontend -p \'{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1}}}}\'');
      await typeCommand(page, 'kubectl set image ds/frontend webserver=httpd');
      assert.match(await page.getByTestId('terminal-output').textContent(), /daemonset\.apps\/frontend image updated/);
      await stepUntil(page, async () => (await pods(page, '[data-revision="2"][data-phase="Running"]').count()) === 2,
        'both pods replaced by revision 2');
      await shot(page, `${label}-05-rolled-out`);

      // A YAML error shows at its line in the editor's diagnostics.
      const editor = page.getByTestId('manifest-editor');
      await editor.fill('apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: x\nspec:\n  selector: [unclosed\n');
      await page.getByTestId('diagnostics').getByText(/line 6|6:/).first().waitFor();
      await shot(page, `${label}-06-yaml-error`);

      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
