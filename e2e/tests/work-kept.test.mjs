// Work is never lost (issue #12, item 7), in real Chromium: a scenario leaves the address bar
// once loaded, so a reload keeps what was done since; an embed in the same browser keeps its own
// storage and leaves the main session byte for byte; Reset after Share clears the link from the
// address bar, so a reload shows the reset session; a shared link over a saved session offers
// the saved one back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot, typeCommand } from '../lib/harness.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });

const saved = (page, key = 'dsp.session') => page.evaluate((k) => localStorage.getItem(k), key);

async function pause(page) {
  if ((await page.getByTestId('clock-play').getAttribute('aria-pressed')) === 'true') await page.getByTestId('clock-play').click();
}

/** Waits until the saved session's log holds `line`. */
async function savedWith(page, line, key = 'dsp.session') {
  await page.waitForFunction(([l, k]) => (localStorage.getItem(k) || '').includes(l), [line, key]);
}

test('a reload after changing ?scenario=article keeps the change', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(`${server.base}?scenario=article`);
    await page.getByTestId('ds-status').first().waitFor();
    // Once loaded, the scenario is out of the address bar.
    assert.equal(new URL(page.url()).search, '');
    await pause(page);
    await typeCommand(page, 'kubectl label node 10.0.10.5 app=frontend-node');
    await savedWith(page, 'kubectl label node 10.0.10.5 app=frontend-node');
    await page.reload();
    await page.locator('[data-testid="lane"][data-lane-value="frontend-node"] [data-testid="node-card"][data-node="10.0.10.5"]').waitFor();
    assert.match(await saved(page), /kubectl label node 10\.0\.10\.5 app=frontend-node/);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('an embed opened in the same browser leaves the main session byte-identical', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(server.base);
    await pause(page);
    await page.getByTestId('apply').click();
    await savedWith(page, 'kubectl apply -f manifest.yaml');
    const main = await saved(page);
    // The blog's iframe, in the same browser profile; the reader works in it.
    await page.setContent(`<iframe src="${server.base}?embed&scenario=surge" width="800" height="560"></iframe>`);
    const frame = page.frames().find((f) => f.url().includes('scenario=surge'));
    await frame.locator('[data-testid="node-card"]').first().waitFor();
    await frame.getByTestId('terminal-input').fill('kubectl get pods');
    await frame.getByTestId('terminal-input').press('Enter');
    await page.waitForFunction(() => (localStorage.getItem('dsp.embed.surge') || '').includes('kubectl get pods'));
    assert.equal(await saved(page), main, 'the embed touched the main session');
    // The embed's reload keeps its own work instead of running the scenario again.
    await frame.evaluate(() => location.reload());
    const again = page.frames().find((f) => f.url().includes('scenario=surge'));
    await again.getByTestId('terminal-output').getByText('kubectl get pods').first().waitFor();
    assert.equal(await saved(page), main);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('Reset after Share, then a reload, shows the reset session', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(server.base);
    await pause(page);
    await page.getByTestId('apply').click();
    await page.getByTestId('share').click();
    assert.match(page.url(), /#s=/);
    page.once('dialog', (d) => d.accept());
    await page.getByTestId('reset').click();
    assert.equal(new URL(page.url()).hash, '', 'the share link stayed in the address bar');
    await page.reload();
    await page.getByTestId('apply').waitFor();
    assert.equal(await page.getByTestId('ds-status').count(), 0, 'the shared session came back');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('a shared link over a saved session offers the saved one back', async () => {
  const a = await launch({ width: 1440, height: 900 });
  try {
    const { page } = a;
    // A link to a session with one labelled node.
    await page.goto(server.base);
    await pause(page);
    await page.getByTestId('apply').click();
    await typeCommand(page, 'kubectl label node 10.0.10.7 app=frontend-node');
    await page.getByTestId('share').click();
    const link = page.url();
    // The reader's own session: something else entirely.
    page.once('dialog', (d) => d.accept());
    await page.getByTestId('reset').click();
    await typeCommand(page, 'sim add-nodes 3');
    await savedWith(page, 'sim add-nodes 3');
    const own = await saved(page);
    await page.goto('about:blank');
    await page.goto(link);
    await page.getByTestId('back-to-own-session').waitFor();
    await page.locator('[data-testid="node-card"][data-node="10.0.10.7"]').waitFor();
    assert.equal(await page.locator('[data-testid="node-card"]').count(), 2);
    await shot(page, 'work-kept-01-link-offers-own-session');
    await page.getByTestId('back-to-own-session').click();
    await page.getByTestId('banner').getByText('Your own session is back.').waitFor();
    assert.equal(await page.locator('[data-testid="node-card"]').count(), 5);
    await savedWith(page, 'sim add-nodes 3');
    assert.doesNotMatch(await saved(page), /10\.0\.10\.7 app=frontend-node/);
    assert.ok(own.includes('sim add-nodes 3'));
    assert.deepEqual(a.problems, []);
  } finally { await a.context.close(); }
});

test('after set image the editor says the live DaemonSet changed, and kubectl diff shows the image line', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(server.base);
    await pause(page);
    await page.getByTestId('apply').click();
    await typeCommand(page, 'kubectl set image ds/frontend webserver=httpd');
    const drift = page.getByTestId('editor-drift');
    await drift.waitFor();
    assert.match(await drift.innerText(), /ds\/frontend has changed since this text was applied/);
    await typeCommand(page, 'kubectl diff -f manifest.yaml');
    const out = page.getByTestId('terminal-output');
    await out.getByText(/^diff -u -N \/tmp\/LIVE-\d+\/apps\.v1\.DaemonSet\.default\.frontend/).first().waitFor();
    const text = await out.innerText();
    assert.match(text, /^-\s+(- )?image: httpd$/m);
    assert.match(text, /^\+\s+(- )?image: nginx$/m);
    await shot(page, 'work-kept-02-drift-and-diff');
    // Load the live object: the editor holds httpd now, and the notice is gone.
    await page.getByTestId('editor-drift-load').click();
    await drift.waitFor({ state: 'detached' });
    assert.match(await page.getByTestId('manifest-editor').inputValue(), /image: httpd/);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
