// Autosave in real Chromium: a change is not saved in the handler of its message but by a timer
// once changes pause; leaving the page (pagehide) or hiding it saves what the timer had not yet.
// Each check makes the change and the page event in one task, before any timer can fire, so
// only the flush can have saved it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch } from '../lib/harness.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });

const card = (page, name) => page.locator(`[data-testid="node-card"][data-node="${name}"]`);
const saved = (page) => page.evaluate(() => localStorage.getItem('dsp.session') || '');

/** In one task: types `line` into the terminal and presses Enter, then runs `after` (a page
 *  event), lets the app's queued messages run, and returns the saved session. */
function commandThen(page, line, after) {
  return page.evaluate(async ({ line, after }) => {
    const input = document.querySelector('[data-testid="terminal-input"]');
    input.value = line;
    input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    if (after === 'pagehide') window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    if (after === 'hidden') {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    }
    // The app handles its messages in microtasks, a few or (when Yew's scheduler is busy) many
    // hops later. Microtasks only: no timer can run in between, so only a flush can save it.
    const change = line.split(' ').pop();
    for (let i = 0; i < 1000 && !(localStorage.getItem('dsp.session') || '').includes(change); i++) {
      await Promise.resolve();
    }
    if (after === 'hidden') delete document.hidden;
    return localStorage.getItem('dsp.session') || '';
  }, { line, after });
}

/** Runs `check` on the page, opened with the clock paused, in a fresh browser. */
async function onPage(check) {
  const { context, page, problems } = await launch();
  try {
    await page.goto(server.base);
    await card(page, '10.0.10.5').waitFor();
    if ((await page.getByTestId('clock-play').getAttribute('aria-pressed')) === 'true') await page.getByTestId('clock-play').click();
    await check(page);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
}

test('a change is saved by the timer, not in its own handler', () => onPage(async (page) => {
  const right = await commandThen(page, 'kubectl label node 10.0.10.7 saved-by=timer', null);
  assert.doesNotMatch(right, /saved-by=timer/, 'saved in the handler of the message');
  await page.waitForFunction(() => (localStorage.getItem('dsp.session') || '').includes('saved-by=timer'));
}));

test('pagehide and a hidden page save a change the timer has not saved yet', () => onPage(async (page) => {
  assert.match(await commandThen(page, 'kubectl label node 10.0.10.7 saved-on-pagehide=yes', 'pagehide'), /saved-on-pagehide=yes/);
  assert.match(await commandThen(page, 'kubectl label node 10.0.10.5 saved-when-hidden=yes', 'hidden'), /saved-when-hidden=yes/);

  // The real thing: a change, and the page is reloaded right away. The reloaded page has it.
  await page.getByTestId('terminal-input').fill('kubectl label node 10.0.10.5 saved-on-reload=yes');
  await page.getByTestId('terminal-input').press('Enter');
  await page.reload();
  await card(page, '10.0.10.5').waitFor();
  assert.match(await saved(page), /saved-on-reload=yes/);
  assert.match(await card(page, '10.0.10.5').textContent(), /saved-on-reload=yes/);
  assert.match(await card(page, '10.0.10.7').textContent(), /saved-on-pagehide=yes/);
}));
