// The console's Tasks page in Chromium against a real `serve`: a finished task listed with its run,
// followed up from the form, the new run shown as it ends; a live task's form says to wait.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '../../src/runtime/tasks/task-view.js';
import { hasBrowser, launchBrowser, startServe, type Served } from './console-kit.js';

const SCRIPT = {
  agents: [
    {
      goal: 'Keep notes',
      calls: [
        { memory_create: { name: 'notes', type: 'note', content: 'kept for later' } },
        { exit: { result: 'noted' } },
        { memory_read: { name: 'notes' } },
        { exit: { result: 'read the notes' } },
      ],
    },
    { goal: 'Wait a long time', calls: [{ sleep: { seconds: 3600 } }] },
  ],
};

/** Where `AGENT_LIBOS_SCREENSHOTS=<dir>` asks for a picture of the page (docs/console/). */
const shots = process.env['AGENT_LIBOS_SCREENSHOTS'];

async function screenshot(page: Page, name: string): Promise<void> {
  if (shots === undefined) return;
  await mkdir(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
}

describe.skipIf(!hasBrowser)('the Tasks page in Chromium', { timeout: 120_000 }, () => {
  let served: Served | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    served = await startServe({ 'agents.json': JSON.stringify(SCRIPT) });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  function rig(): { served: Served; browser: Browser } {
    if (served === undefined || browser === undefined) throw new Error('the rig did not start');
    return { served, browser };
  }

  async function signedIn(): Promise<Page> {
    const page = await rig().browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(rig().served.login);
    await page.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
    return page;
  }

  const start = (goal: string, records: unknown[] = []) =>
    rig().served.api<TaskView>('/api/tasks', {
      method: 'POST',
      body: { imageId: 'base', goal, model: 'scripted:agents.json', records },
    });

  const readTask = (id: string) => rig().served.api<TaskView>(`/api/tasks/${id}`);

  it('lists a finished task, shows its run, and follows it up from the form: the new run reads the memory and ends', async () => {
    const task = await start('Keep notes');
    await expect.poll(async () => (await readTask(task.id)).status).toBe('exited');
    const page = await signedIn();
    try {
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Tasks' })
        .click();
      await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
      const row = page.getByRole('row').filter({ hasText: task.id });
      await row.getByText('exited').waitFor();
      await row.getByRole('link', { name: task.id }).click();
      const runs = page.getByRole('table', { name: 'Runs' });
      await runs.getByRole('row').filter({ hasText: '"noted"' }).waitFor();
      await page.getByLabel('What should the task do next?').fill('now read your notes');
      await page.getByRole('button', { name: 'Send follow-up' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /Run 1 started as proc_/ })
        .waitFor();
      const second = runs.getByRole('row').filter({ hasText: 'now read your notes' });
      await second.getByText('"read the notes"').waitFor();
      await second.getByText('exited').waitFor();
      await screenshot(page, 'tasks');
      // The run's process page names its task.
      await second.getByRole('link', { name: /^proc_/ }).click();
      await page.getByRole('link', { name: task.id }).click();
      await page.getByRole('heading', { name: new RegExp(`Task ${task.id}`) }).waitFor();
      const view = await readTask(task.id);
      expect(view.runs.map((r) => [r.index, r.followUp, r.process.state])).toEqual([
        [0, null, { kind: 'exited', result: 'noted' }],
        [1, 'now read your notes', { kind: 'exited', result: 'read the notes' }],
      ]);
      const transcript = await rig().served.api<{
        items: { item: { name?: string; content?: string } }[];
      }>(`/api/processes/${view.runs[1]!.pid}/transcript?limit=100`);
      expect(transcript.items.find((e) => e.item.name === 'memory_read')?.item.content).toContain(
        'kept for later',
      );
    } finally {
      await page.close();
    }
  });

  it('keeps the follow-up of a live task disabled and says why', async () => {
    const task = await start('Wait a long time', [{ resource: 'clock:sleep', rights: ['use'] }]);
    const page = await signedIn();
    try {
      await page.goto(`${rig().served.url}/#/tasks/${task.id}`);
      await page.getByRole('heading', { name: new RegExp(task.id) }).waitFor();
      await page.getByText('The latest run is still live').waitFor();
      expect(await page.getByRole('button', { name: 'Send follow-up' }).isDisabled()).toBe(true);
      // The server refuses it too, with the stable code.
      await expect(
        rig().served.api(`/api/tasks/${task.id}/follow-ups`, {
          method: 'POST',
          body: { text: 'too early' },
        }),
      ).rejects.toThrow(/ILLEGAL_TRANSITION/);
    } finally {
      await page.close();
    }
  });
});
