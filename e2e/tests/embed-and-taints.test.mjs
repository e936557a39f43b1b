// Board polish seen as a visitor sees it: a scenario embedded in a blog's 800x560 iframe fits
// without scrolling sideways, and a node that a DaemonSet's selector picks but a taint keeps
// out says so where the learner looks (its card in the selector's lane).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, shot } from '../lib/harness.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { await server.close(); });

test('?embed&scenario=surge fits an 800x560 iframe without horizontal overflow', async () => {
  const { context, page, problems } = await launch({ width: 1000, height: 700 });
  try {
    await page.setContent(`<iframe src="${server.base}?embed&scenario=surge" width="800" height="560" style="border:0"></iframe>`);
    const frame = page.frames().find((f) => f.url().includes('scenario=surge'));
    assert.ok(frame, 'the iframe loaded the page');
    await frame.locator('[data-testid="node-card"]').first().waitFor();
    await frame.waitForTimeout(500);
    const overflow = await frame.evaluate(() => {
      const wide = [...document.querySelectorAll('body *')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > document.documentElement.clientWidth + 0.5;
      }).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
      return { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, wide: wide.slice(0, 5) };
    });
    assert.ok(overflow.scroll <= overflow.client, `the page scrolls sideways: ${JSON.stringify(overflow)}`);
    assert.deepEqual(overflow.wide, [], 'elements reach past the right edge');
    await shot(page, 'embed-surge-800x560');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});

test('taints-and-tolerations: the gpu nodes say node-exporter is excluded by their taint', async () => {
  const { context, page, problems } = await launch({ width: 1440, height: 900 });
  try {
    await page.goto(`${server.base}?scenario=taints-and-tolerations`);
    const lane = page.locator('[data-testid="lane"][data-lane-value="nvidia"]');
    const mark = lane.locator('[data-testid="node-card"][data-node="gpu-0"] [data-testid="excluded"]');
    await mark.waitFor();
    assert.equal(await mark.getAttribute('data-ds'), 'node-exporter');
    assert.match(await mark.innerText(), /Excluded from ds\/node-exporter by taint dedicated=gpu:NoSchedule/);
    // The nodes without the taint carry no such mark.
    assert.equal(await page.locator('[data-testid="node-card"][data-node="10.0.10.5"] [data-testid="excluded"]').count(), 0);
    await shot(page, 'taints-excluded-1440');
    assert.deepEqual(problems, []);
  } finally { await context.close(); }
});
