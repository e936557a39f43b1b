// The cluster panel's event stream while the clock runs: redrawn at most a few times a second,
// but never left behind: once the clock is paused it shows the newest event, the one
// `kubectl events` prints last.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot, typeCommand } from '../lib/harness.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });


test('the event stream catches up with the cluster when the clock stops', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(server.base);
    await page.getByTestId('apply').waitFor();
    if ((await page.getByTestId('clock-play').getAttribute('aria-pressed')) === 'true') await page.getByTestId('clock-play').click();
    await page.getByTestId('apply').click();
    await typeCommand(page, 'sim add-nodes 30 --label app=frontend-node');
    await page.getByTestId('clock-speed').selectOption('60');
    await page.getByTestId('clock-play').click();
    await page.locator('[data-testid="ds-status"][data-ds="frontend"][data-available="30"]').waitFor({ timeout: 30000 });
    await page.getByTestId('clock-play').click();
    assert.equal(await page.getByTestId('clock-play').getAttribute('aria-pressed'), 'false');

    // Read the stream before typing anything (a command would redraw it anyway).
    const newest = await page.locator('[data-testid="event-log"] li').first().locator('.ev-msg').innerText();
    await typeCommand(page, 'kubectl events');
    const out = await page.getByTestId('terminal-output').innerText();
    const lastLine = out.trim().split('\n').pop();
    assert.ok(newest.length > 0, 'the event stream is not empty');
    assert.ok(lastLine.endsWith(newest.replace(/ \(x\d+\)$/, '')),
      `newest shown "${newest}" is not the last event kubectl prints: "${lastLine}"`);
    await shot(page, 'events-after-pause');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
