// The board at any scale: pod tiles that say what they are without hover, the pod panel and
// the inspector in a drawer that takes focus and gives it back, a rolling update that sweeps
// across the fleet view in sight, and 5,000 nodes each reachable by search and by drag.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot, typeCommand, drag } from '../lib/harness.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });

const card = (page, name) => page.locator(`[data-testid="node-card"][data-node="${name}"]`);
const lane = (page, value) => page.locator(`[data-testid="lane"][data-lane-value="${value}"]`);
const tile = (page, node) => page.locator(`[data-testid="pod-tile"][data-node="${node}"]`);

async function pause(page) {
  if ((await page.getByTestId('clock-play').getAttribute('aria-pressed')) === 'true') await page.getByTestId('clock-play').click();
}

/** The element's box lies inside the viewport. */
async function inViewport(page, locator) {
  const box = await locator.boundingBox();
  const vp = page.viewportSize();
  return !!box && box.width > 0 && box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width + 0.5 && box.y + box.height <= vp.height + 0.5;
}

const activeTestId = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return { testid: a?.dataset?.testid ?? null, pod: a?.dataset?.pod ?? null, node: a?.dataset?.node ?? null, inDrawer: !!a?.closest('[data-testid="drawer"]') };
});

for (const [width, height, scheme] of [[1440, 900, 'light'], [360, 740, 'dark']]) {
  test(`a pod tile reads without hover, opens its panel on a tap, Escape gives focus back (${width} px, ${scheme})`, async () => {
    const { context, page, problems } = await launch({ width, height, colorScheme: scheme, touch: true });
    try {
      await page.goto(server.base);
      await card(page, '10.0.10.5').waitFor();
      await page.getByTestId('apply').click();
      await typeCommand(page, 'kubectl label node 10.0.10.5 app=frontend-node');
      await page.getByTestId('clock-speed').selectOption('10');
      await tile(page, '10.0.10.5').and(page.locator('[data-phase="Running"]')).waitFor({ timeout: 20000 });
      await pause(page);
      const t = tile(page, '10.0.10.5');
      // The DaemonSet, phase and revision are on the tile itself: its letter, its accessible
      // name, its phase class; its size is a tap target.
      assert.equal((await t.innerText()).trim(), 'F');
      const label = await t.getAttribute('aria-label');
      assert.match(label, /^Pod frontend-[a-z0-9]{5} of ds\/frontend: Running, revision 1, image nginx$/);
      assert.match(await t.getAttribute('class'), /\bst-running\b/);
      assert.match(await t.getAttribute('class'), /\brev-0\b/);
      const box = await t.boundingBox();
      assert.ok(box.width >= 24 && box.height >= 24, `tile is ${box.width}×${box.height}`);
      // The legend names the DaemonSet with the same letter, and every phase.
      const legend = page.getByTestId('legend');
      assert.match(await legend.innerText(), /F\s*ds\/frontend/);
      for (const word of ['Pending', 'Creating', 'Running', 'Not ready', 'Terminating', 'Error', 'Completed']) {
        assert.ok((await legend.innerText()).includes(word), `legend lacks ${word}`);
      }

      await t.scrollIntoViewIfNeeded();
      await t.tap();
      const panel = page.getByTestId('pod-panel');
      await panel.waitFor();
      const pod = await t.getAttribute('data-pod');
      assert.equal(await panel.getAttribute('data-pod'), pod);
      assert.equal(await page.getByTestId('pod-status').innerText(), 'Running');
      const text = await panel.innerText();
      for (const fact of ['ds/frontend', '10.0.10.5', 'nginx', '#1', 'Ready True', 'PodScheduled True', 'Scheduled']) {
        assert.ok(text.includes(fact), `the pod panel lacks "${fact}":\n${text}`);
      }
      assert.ok(await inViewport(page, page.getByTestId('drawer')), 'the drawer is not in the viewport');
      assert.equal((await activeTestId(page)).inDrawer, true, 'focus did not move into the drawer');
      await shot(page, `pod-panel-${width}-${scheme}`);

      await page.keyboard.press('Escape');
      await page.getByTestId('drawer').waitFor({ state: 'detached' });
      const back = await activeTestId(page);
      assert.deepEqual([back.testid, back.pod], ['pod-tile', pod], 'focus did not return to the tile');

      // Delete pod from the panel: the command is echoed and the controller replaces the pod.
      await page.keyboard.press('Enter');
      await page.getByTestId('delete-pod').click();
      const out = page.getByTestId('terminal-output');
      await page.waitForFunction((p) => document.querySelector('[data-testid="terminal-output"]').innerText.includes(`kubectl delete pod ${p}`), pod);
      assert.match(await out.innerText(), new RegExp(`pod "${pod}" deleted`));
      assert.deepEqual(problems, []);
    } finally { await context.close(); }
  });
}

test('the inspector opens in view, Escape closes it, arrow keys keep the focus on the moved card', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(server.base);
    await card(page, '10.0.10.7').waitFor();
    await pause(page);
    await page.getByTestId('apply').click();
    await card(page, '10.0.10.7').click();
    const drawer = page.getByTestId('drawer');
    await page.getByTestId('inspector').waitFor();
    assert.equal(await drawer.getAttribute('data-subject'), 'node:10.0.10.7');
    assert.ok(await inViewport(page, drawer), 'the inspector is not in the viewport');
    assert.equal((await activeTestId(page)).inDrawer, true);
    assert.ok((await drawer.innerText()).includes("Why isn't ds/frontend running here?"));
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    assert.equal((await activeTestId(page)).node, '10.0.10.7', 'focus did not return to the card');

    // ArrowLeft moves the card into the frontend-node lane; the focus stays on it, so a
    // second arrow moves it back.
    await page.keyboard.press('ArrowLeft');
    await lane(page, 'frontend-node').locator('[data-testid="node-card"][data-node="10.0.10.7"]').waitFor();
    assert.equal((await activeTestId(page)).node, '10.0.10.7', 'focus left the moved card');
    await page.keyboard.press('ArrowRight');
    await page.locator('[data-testid="lane"][data-lane-none="true"] [data-testid="node-card"][data-node="10.0.10.7"]').waitFor();
    assert.equal((await activeTestId(page)).node, '10.0.10.7');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('rolling-update-10-percent at 10x: the nodes being replaced are in view while the rollout runs', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(`${server.base}?scenario=rolling-update-10-percent`);
    await page.locator('[data-testid="fleet"] canvas').first().waitFor();
    await page.getByTestId('clock-speed').selectOption('10');
    if ((await page.getByTestId('clock-play').getAttribute('aria-pressed')) !== 'true') await page.getByTestId('clock-play').click();
    const status = page.locator('[data-testid="ds-status"][data-ds="metrics-agent"]');
    let looked = 0;
    // Sample the board while pods are being replaced: every lane with a node changing now has
    // all its cells in the viewport, and the "changing now" strip shows them as cards with
    // their pod tiles.
    for (let i = 0; i < 40 && looked < 3; i++) {
      const updated = Number(await status.getAttribute('data-updated'));
      const desired = Number(await status.getAttribute('data-desired'));
      if (updated >= desired) break;
      // One look at one moment, in the page: the board moves on between separate queries.
      const look = await page.evaluate(() => {
        const inView = (el) => {
          const r = el?.getBoundingClientRect();
          return !!r && r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
        };
        const lanes = [...document.querySelectorAll('[data-testid="fleet"]:not([data-changing="0"])')];
        return {
          lanes: lanes.length,
          lanesInView: lanes.filter((l) => inView(l.querySelector('canvas'))).length,
          stripInView: inView(document.querySelector('[data-testid="changing-now"] [data-testid="node-card"]')),
        };
      });
      if (look.lanes > 0) {
        assert.equal(look.lanesInView, look.lanes, 'the cells of a lane with a node changing now are off-screen');
        assert.ok(look.stripInView, 'the changing-now strip is off-screen');
        looked++;
        if (looked === 1) await shot(page, 'fleet-rollout-1440');
      }
      await page.waitForTimeout(250);
    }
    assert.ok(looked >= 1, 'never saw a node being replaced');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('at 5,000 nodes every node is reached by search and a fleet cell dragged to a lane is relabelled', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(server.base);
    await card(page, '10.0.10.5').waitFor();
    await pause(page);
    await typeCommand(page, 'sim add-nodes 4998 --label app=frontend-node');
    const fleet = lane(page, 'frontend-node').getByTestId('fleet');
    await page.locator('[data-testid="lane"][data-lane-value="frontend-node"] [data-testid="fleet"][data-count="4998"]').waitFor();
    await page.locator('[data-testid="lane"][data-lane-none="true"] [data-testid="fleet"][data-count="2"]').waitFor();
    // Search a name: the count says one match, Enter opens its inspector.
    const search = page.getByTestId('node-search');
    await search.fill('node-4321');
    await page.getByTestId('search-count').filter({ hasText: '1 match' }).waitFor();
    await search.press('Enter');
    const drawer = page.getByTestId('drawer');
    await drawer.waitFor();
    assert.equal(await drawer.getAttribute('data-subject'), 'node:node-4321');
    assert.ok(await inViewport(page, drawer));
    await shot(page, 'fleet-5000-search');
    await page.keyboard.press('Escape');
    await search.fill('');

    // Keyboard: the lane is one tab stop (a listbox); arrows move its active cell, named to
    // screen readers through aria-activedescendant.
    await fleet.focus();
    const activeOption = () => page.evaluate(() => {
      const list = document.activeElement;
      const option = document.getElementById(list.getAttribute('aria-activedescendant'));
      return { list: list.dataset.testid, role: option?.getAttribute('role'), node: option?.dataset.node, label: option?.getAttribute('aria-label') };
    });
    let active = await activeOption();
    assert.equal(active.list, 'fleet');
    assert.equal(active.node, 'node-4321', 'the lane keeps the node last opened from the search active');
    await page.keyboard.press('Home');
    assert.equal((await activeOption()).node, 'node-0');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    active = await activeOption();
    assert.deepEqual([active.role, active.node], ['option', 'node-10']);
    assert.match(active.label, /^node-10, no pod/);
    await shot(page, 'fleet-5000-keyboard');

    // The pointer finds the same cell on the canvas: hovering it names it.
    const cell = fleet.locator('[data-testid="fleet-cell"][data-node="node-10"]');
    const box = await cell.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('[data-testid="fleet-hover"][data-node="node-10"]').waitFor();
    // Drag node-10's cell into the lane of nodes without the label.
    await drag(page, cell, page.locator('[data-testid="lane"][data-lane-none="true"]'));
    await page.waitForFunction(() => document.querySelector('[data-testid="terminal-output"]').innerText.includes('kubectl label node node-10 app-'));
    await page.locator('[data-testid="lane"][data-lane-none="true"] [data-testid="fleet"][data-count="3"]').waitFor();
    assert.match(await page.getByTestId('terminal-output').innerText(), /node\/node-10 unlabeled/);
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
