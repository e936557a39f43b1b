// The terminal in real Chromium: output keeps to the end as lines arrive, a reader who scrolled
// up is left where they are while the clock runs, and a typed command brings its output into view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot, typeCommand } from '../lib/harness.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });


/** Distance in pixels between the visible part of the output and its end. The output is a
 *  column-reverse scroller: its end is scrollTop 0, older lines are at negative offsets. */
const fromEnd = (page) => page.getByTestId('terminal-output').evaluate((el) => Math.abs(el.scrollTop));

/** Waits until the output shows its end: after Enter the scroll back happens at the next frame. */
const reachesEnd = (page) => page.waitForFunction(() => {
  const el = document.querySelector('[data-testid="terminal-output"]');
  return Math.abs(el.scrollTop) < 2;
}, null, { timeout: 5000 }).then(() => true, () => false);

test('terminal output follows new lines, but not a reader who scrolled up', async () => {
  const { context, page, problems } = await launch({ width: 1280, height: 800 });
  try {
    await page.goto(server.base);
    await page.getByTestId('apply').waitFor();
    for (let i = 0; i < 6; i++) await typeCommand(page, 'kubectl get nodes --show-labels');
    await page.getByText('kubectl get nodes --show-labels').last().waitFor();
    assert.ok(await reachesEnd(page), 'new output is in view');

    // Scroll back to the top to read, then let the clock run and the cluster change.
    await page.getByTestId('terminal-output').evaluate((el) => { el.scrollTop = -(el.scrollHeight - el.clientHeight); });
    const away = await fromEnd(page);
    assert.ok(away > 100, `scrolled up by ${away}px`);
    await page.getByTestId('apply').click();
    await page.locator('[data-testid="ds-status"][data-ds="frontend"]').waitFor();
    if ((await page.getByTestId('clock-play').getAttribute('aria-pressed')) !== 'true') {
      await page.getByTestId('clock-play').click();
    }
    await page.waitForTimeout(500);
    const top = await page.getByTestId('terminal-output').evaluate((el) => el.scrollTop);
    assert.ok(await fromEnd(page) > 100, `the reader stays scrolled up (scrollTop ${top})`);

    // Typing a command brings the output back to the end, with the new lines.
    await typeCommand(page, 'kubectl get ds');
    await page.getByText('kubectl get ds', { exact: false }).last().waitFor();
    assert.ok(await reachesEnd(page), 'the typed command and its output are in view');
    const last = await page.getByTestId('terminal-output').evaluate((el) => el.innerText.trim().split('\n').pop());
    assert.match(last, /^frontend\s+0\s+0/);
    await shot(page, 'terminal-after-command');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('kubectl explain fetches the field descriptions on first use, not with the page', async () => {
  const { context, page, problems } = await launch({ width: 1280, height: 800 });
  try {
    const fetched = [];
    page.on('request', (r) => { if (r.url().endsWith('/descriptions.json')) fetched.push(r.url()); });
    await page.goto(server.base);
    await page.getByTestId('apply').waitFor();
    assert.equal(fetched.length, 0, 'the first load leaves the descriptions out');
    await typeCommand(page, 'kubectl explain ds.spec.updateStrategy');
    const out = page.getByTestId('terminal-output');
    await out.getByText('DaemonSetUpdateStrategy is a struct used to control the update strategy for').waitFor();
    const text = await out.innerText();
    assert.match(text, /Loading the field descriptions/);
    assert.match(text, /GROUP:\s+apps\s+KIND:\s+DaemonSet\s+VERSION:\s+v1/);
    assert.match(text, /FIELD: updateStrategy <DaemonSetUpdateStrategy>/);
    // A second explain uses what was loaded.
    await typeCommand(page, 'kubectl explain pods.spec.containers.name');
    await out.getByText('Name of the container specified as a DNS_LABEL.').waitFor();
    assert.equal(fetched.length, 1, 'fetched once');
    await shot(page, 'terminal-explain');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('the cluster panel lists what the API server stores besides DaemonSets', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(server.base);
    await page.getByTestId('apply').waitFor();
    const stored = page.getByTestId('stored-objects');
    await stored.getByText('kube-system').waitFor();
    await typeCommand(page, 'kubectl create namespace team-a');
    await stored.getByText('team-a', { exact: false }).waitFor();
    const text = await stored.innerText();
    assert.match(text, /Namespaces\s*5/);
    assert.match(text, /Services\s*1/);
    assert.match(text, /default\/kubernetes/);
    await shot(page, 'cluster-stored-objects');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
