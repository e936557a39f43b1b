// Not a test: opens the page in a few states and saves viewport screenshots to target/look/
// for a person to look at. Run (after a build): node e2e/look.mjs [name,name…]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, typeCommand, SHOTS } from './lib/harness.mjs';
const OUT = join(SHOTS, '..', 'look');
mkdirSync(OUT, { recursive: true });
const which = process.argv[2] || 'all';
const server = await serveDist();
async function look(name, { width = 1440, height = 900, colorScheme = 'light', url = '', steps = async () => {} }) {
  const { context, page, problems } = await launch({ width, height, colorScheme });
  await page.goto(server.base + url);
  await page.getByTestId('terminal-input').waitFor();
  await steps(page);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  if (problems.length) console.log(name, problems);
  await context.close();
}
const apply = async (p) => { await p.getByTestId('apply').click(); await p.waitForTimeout(300); await typeCommand(p, 'kubectl label node 10.0.10.5 app=frontend-node'); await p.waitForTimeout(2500); };
// A published-style multi-kind file (#13) applied twice from the editor: the stored objects.
const meshAgent = (await import('node:fs')).readFileSync(new URL('../tests/golden/manifests/mesh-agent.yaml', import.meta.url), 'utf8');
const applyMesh = async (p) => {
  await p.getByTestId('manifest-editor').fill(meshAgent);
  await p.getByTestId('apply').click(); await p.waitForTimeout(500);
  await p.getByTestId('apply').click(); await p.waitForTimeout(1500);
};
const cases = {
  ...Object.fromEntries([['light', 1440, 900], ['dark', 1440, 900], ['light', 360, 740], ['dark', 360, 740]].map(([colorScheme, width, height]) => [
    `stored-${width}-${colorScheme}`, { colorScheme, width, height, steps: async (p) => {
      await applyMesh(p); await p.getByTestId('stored-objects').scrollIntoViewIfNeeded();
    } }])),
  two: { steps: apply },
  twodark: { colorScheme: 'dark', steps: apply },
  pod: { steps: async (p) => { await apply(p); await p.getByTestId('pod-tile').first().click(); } },
  podnarrow: { width: 360, height: 740, steps: async (p) => { await apply(p); await p.getByTestId('pod-tile').first().click(); } },
  fifty: { steps: async (p) => { await typeCommand(p, 'sim add-nodes 48 --label app=frontend-node'); await p.getByTestId('apply').click(); await p.waitForTimeout(1500); } },
  big: { steps: async (p) => { await typeCommand(p, 'sim add-nodes 4998 --label app=frontend-node'); await p.getByTestId('apply').click(); await p.waitForTimeout(3000); } },
  bigdark: { colorScheme: 'dark', steps: async (p) => { await typeCommand(p, 'sim add-nodes 4998 --label app=frontend-node'); await p.getByTestId('apply').click(); await p.waitForTimeout(3000); } },
  rolling: { url: '?scenario=rolling-update-10-percent', steps: async (p) => { await p.waitForTimeout(1500); } },
  taints: { url: '?scenario=taints-and-tolerations', steps: async (p) => { await p.waitForTimeout(1500); } },
  narrow: { width: 360, height: 740, steps: apply },
  embedsurge: { width: 800, height: 560, url: '?embed&scenario=surge', steps: async (p) => { await p.waitForTimeout(1500); } },
  editornarrow: { width: 360, height: 740, steps: async (p) => { await p.getByTestId('manifest-editor').scrollIntoViewIfNeeded(); } },
  fleetnarrow: { width: 360, height: 740, colorScheme: 'dark', steps: async (p) => {
    await typeCommand(p, 'sim add-nodes 4998 --label app=frontend-node'); await p.getByTestId('apply').click(); await p.waitForTimeout(2500);
    await p.locator('[data-testid="fleet"]').first().scrollIntoViewIfNeeded();
  } },
  bignarrow: { width: 360, height: 740, steps: async (p) => { await typeCommand(p, 'sim add-nodes 4998 --label app=frontend-node'); await p.getByTestId('apply').click(); await p.waitForTimeout(3000); } },
  // The guided-learning screens (#12), light and dark, wide and narrow.
  ...Object.fromEntries(['light', 'dark'].flatMap((colorScheme) => [[1440, 900], [360, 740]].map(([width, height]) => [
    `learn-${width}-${colorScheme}`, { width, height, colorScheme, url: '?scenario=taints-and-tolerations', steps: async (p) => {
      await p.getByTestId('tutorial-toggle').click();
      const step = p.locator('[data-testid="tutorial-step"][data-id="rolling-update"]');
      await step.locator('.tutorial-step-title').click();
      await step.getByTestId('tutorial-hint').locator('summary').click();
    } }]))),
  ...Object.fromEntries(['light', 'dark'].map((colorScheme) => [`timeline-${colorScheme}`, { colorScheme, steps: async (p) => {
    await apply(p); await typeCommand(p, 'kubectl set image ds/frontend webserver=httpd');
    await p.getByTestId('timeline-toggle').click(); await p.locator('[data-testid="timeline"] button').nth(1).click();
  } }])),
  ...Object.fromEntries(['light', 'dark'].map((colorScheme) => [`card-${colorScheme}`, { colorScheme, width: 360, height: 740, url: '?scenario=toleration-seconds', steps: async (p) => {
    await p.waitForTimeout(1500); await p.getByTestId('scenario-card').scrollIntoViewIfNeeded();
  } }])),
  fiftyhover: { steps: async (p) => {
    await typeCommand(p, 'sim add-nodes 48 --label app=frontend-node'); await p.getByTestId('apply').click(); await p.waitForTimeout(1500);
    const c = p.locator('.fleet canvas').first(); const b = await c.boundingBox(); await p.mouse.move(b.x + 40, b.y + 40);
  } },
  fiftykeys: { steps: async (p) => {
    await typeCommand(p, 'sim add-nodes 48 --label app=frontend-node'); await p.getByTestId('apply').click(); await p.waitForTimeout(1500);
    await p.locator('[data-testid="fleet"]').first().focus(); await p.keyboard.press('ArrowRight'); await p.keyboard.press('ArrowDown');
  } },
};
for (const [name, c] of Object.entries(cases)) {
  if (which !== 'all' && !which.split(',').includes(name)) continue;
  await look(name, c);
}
await server.close();
