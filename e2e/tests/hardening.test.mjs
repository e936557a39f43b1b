// Hostile input in real Chromium (issue #15): a share link whose replay is a month of crash
// loops on 1,000 nodes opens behind a progress dialog that can be cancelled and ends in a clear
// refusal, never a frozen tab, and leaves the saved session as it was; a manifest of thousands of
// nested brackets typed into the editor keeps every key press, and its diagnostic comes after a
// pause in typing. How fast (the key echo, the time to the first progress) is measured by
// e2e/bench/page-bench.mjs and reported in BENCHMARKS.md, not asserted here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot } from '../lib/harness.mjs';
import { crashLoopLink } from '../lib/links.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });

/** A saved session with the clock paused (so nothing saves it again): the article's DaemonSet
 *  applied. */
async function saveASession(page) {
  await page.goto(server.base);
  await page.getByTestId('clock-play').click();
  await page.getByTestId('apply').click();
  await page.waitForFunction(() => {
    const saved = localStorage.getItem('dsp.session') || '';
    return saved.includes('kubectl apply -f manifest.yaml') && saved.includes('"playing":false');
  });
  return page.evaluate(() => localStorage.getItem('dsp.session'));
}

test('a crash-loop share link shows its progress, can be cancelled, and leaves the saved session as it was', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    const saved = await saveASession(page);
    const link = crashLoopLink();
    assert.ok(link.length < 2000, `the link is ${link.length} characters`);

    // A fresh load of the link (from the same page it would be a hashchange).
    await page.goto('about:blank');
    await page.goto(`${server.base}#s=${link}`);
    const dialog = page.getByTestId('opening');
    await dialog.waitFor();
    assert.equal(await dialog.getAttribute('role'), 'dialog');
    assert.match(await dialog.innerText(), /Opening the shared session/);
    // The link left the address bar before the replay began: a reload cannot open it again.
    assert.equal(new URL(page.url()).hash, '');
    // The page under the dialog is inert, and the dialog holds the focus.
    assert.equal(await page.locator('.app').evaluate((el) => el.inert), true);
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'opening-cancel');
    // It moves on between frames: the simulated time it shows advances.
    const progress = page.getByTestId('opening-progress');
    const first = await progress.innerText();
    await page.waitForFunction((was) => document.querySelector('[data-testid="opening-progress"]')?.innerText !== was, first);
    await shot(page, 'hardening-01-opening-progress');

    await page.keyboard.press('Enter');
    const banner = page.getByTestId('banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /This share link could not be opened: you cancelled it\. Your own session is shown instead, unchanged\./);
    await dialog.waitFor({ state: 'detached' });
    // The saved session came back (its DaemonSet is listed) and storage holds it unchanged.
    await page.getByTestId('ds-status').first().waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('dsp.session')), saved);

    // Left alone, the same link ends in the replay budget's refusal.
    await page.goto('about:blank');
    await page.goto(`${server.base}#s=${link}`);
    await dialog.waitFor();
    await page.waitForFunction(() => /more than 200000 timer events/.test(document.querySelector('[data-testid="banner"]')?.innerText || ''),
      null, { timeout: 120000 });
    assert.match(await banner.innerText(), /replaying it would take more work than the playground does to open a link/);
    await shot(page, 'hardening-02-crash-loop-link-refused');
    assert.equal(await page.evaluate(() => localStorage.getItem('dsp.session')), saved);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('typing into a manifest of thousands of nested brackets keeps every key, and the diagnostic follows a pause', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(server.base);
    const editor = page.getByTestId('manifest-editor');
    await editor.waitFor();
    const text = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: deep\n  annotations: ${'['.repeat(5000)}\n`;
    await editor.fill(text);
    await page.getByTestId('diagnostics').getByText(/exceeded max depth of 1000/).first().waitFor();
    // Type at the end of the brackets, key by key.
    await editor.press('Control+End');
    await page.keyboard.type('abcdefghij');
    assert.equal(await editor.inputValue(), `${text}abcdefghij`);
    // Replace it all with a short broken document: after the pause, the depth error is gone and
    // the new text's own error is listed.
    await editor.press('Control+A');
    await page.keyboard.type('kind: DaemonSet metadata: [');
    await page.waitForFunction(() => {
      const list = document.querySelector('[data-testid="diagnostics"]')?.innerText || '';
      return !/exceeded max depth/.test(list) && /line 1/i.test(list);
    });
    await shot(page, 'hardening-03-nested-brackets');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
