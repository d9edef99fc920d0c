// The web console end to end: a real `serve` running scripted agents that hit approvals, driven in headless Chromium by a person's moves — see a request arrive, read its diff, decide it by keyboard, follow the run.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import { hasBrowser, launchBrowser, startServe, type Served } from './console-kit.js';

const SCRIPT = {
  agents: [
    { name: 'lead', calls: [{ sleep: { seconds: 3600 } }, { exit: { result: 'done' } }] },
    {
      name: 'planner',
      calls: [
        { write_file: { path: 'notes/plan.md', content: 'step one\nstep 2\nstep three\n' } },
        { exit: { result: 'revised' } },
      ],
    },
    {
      name: 'drafter',
      calls: [
        { write_file: { path: 'notes/draft.md', content: 'draft\n' } },
        { exit: { result: 'drafted' } },
      ],
    },
    {
      name: 'cleaner',
      calls: [{ delete_file: { path: 'notes/old.md' } }, { exit: { result: 'tried' } }],
    },
  ],
};

/** Read in the page: the token the console keeps in session storage (the tests have no DOM types). */
const TOKEN_IN_SESSION = "sessionStorage.getItem('agent-libos.token')";

/** Where `AGENT_LIBOS_SCREENSHOTS=<dir>` asks for a picture of each page (docs/console/). */
const shots = process.env['AGENT_LIBOS_SCREENSHOTS'];

async function screenshot(page: Page, name: string): Promise<void> {
  if (shots === undefined) return;
  await mkdir(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
}

/** A link of the main navigation (its names can carry a count, e.g. "Approvals (2)"). */
function nav(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: new RegExp(`^${name}`) });
}

describe.skipIf(!hasBrowser)('the web console in Chromium', { timeout: 120_000 }, () => {
  let served: Served | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    served = await startServe({
      'notes/plan.md': 'step one\nstep two\nstep three\n',
      'notes/old.md': 'obsolete\n',
      'agents.json': JSON.stringify(SCRIPT),
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  /** The server and browser of this file (started in beforeAll). */
  function rig(): { served: Served; browser: Browser } {
    if (served === undefined || browser === undefined) throw new Error('the rig did not start');
    return { served, browser };
  }

  /** A fresh page, signed in through the printed login URL. */
  async function signedIn(): Promise<Page> {
    const page = await rig().browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(rig().served.login);
    await page.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
    return page;
  }

  const spawn = (name: string, goal: string, extra: Record<string, unknown>) =>
    rig().served.api<AgentProcess>('/api/processes', {
      method: 'POST',
      body: { imageId: 'base', goal, name, model: 'scripted:agents.json', ...extra },
    });
  const askOnNotes = {
    records: [{ resource: 'fs:notes/**', rights: ['write', 'delete'], effect: 'ask' }],
  };
  const inboxItem = (page: Page, path: RegExp) =>
    page.getByRole('list', { name: 'Pending requests' }).getByRole('button', { name: path });

  it('signs in from the printed URL and keeps the token out of the address bar', async () => {
    const page = await signedIn();
    try {
      await expect.poll(() => page.url()).not.toContain('token');
      expect(await page.evaluate(TOKEN_IN_SESSION)).toBe(rig().served.token);
    } finally {
      await page.close();
    }
  });

  it('asks a visitor without the token to sign in, and refuses a wrong one', async () => {
    const visitor = await rig().browser.newPage();
    try {
      await visitor.goto(`${rig().served.url}/`);
      const field = visitor.getByLabel('API token');
      await field.fill('not-the-token');
      await visitor.getByRole('button', { name: 'Sign in' }).click();
      await visitor
        .getByRole('alert')
        .filter({ hasText: /refused/ })
        .first()
        .waitFor();
      await field.waitFor();
      expect(await visitor.evaluate(TOKEN_IN_SESSION)).toBeNull();
      await field.fill(rig().served.token);
      await visitor.getByRole('button', { name: 'Sign in' }).click();
      await visitor.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
    } finally {
      await visitor.close();
    }
  });

  it("pauses, continues, messages and kills a process from the page; the kill withdraws its subtree's request from the inbox", async () => {
    const { served } = rig();
    const page = await signedIn();
    try {
      const boss = await spawn('lead', 'Lead the other work', {
        records: [{ resource: 'clock:sleep', rights: ['use'] }],
      });
      await spawn('drafter', 'Draft a note', { parentPid: boss.pid, ...askOnNotes });
      const request = inboxItem(page, /notes\/draft\.md/);
      await request.waitFor();
      const state = async (): Promise<string> =>
        (await served.api<AgentProcess>(`/api/processes/${boss.pid}`)).state.kind;
      await expect.poll(state).toBe('waiting');

      await page.goto(`${served.url}/#/processes/${boss.pid}`);
      await page.getByRole('button', { name: 'Pause' }).click();
      await expect.poll(state).toBe('paused');
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect.poll(state).toBe('waiting');
      await page.getByLabel(/^Message to/).fill('status, please');
      await page.getByRole('button', { name: 'Send message' }).click();
      await expect
        .poll(
          async () =>
            (
              await served.api<{ items: { type: string }[] }>(
                `/api/journal?pid=${boss.pid}&type=message.sent`,
              )
            ).items.length,
        )
        .toBe(1);
      await page.getByRole('button', { name: 'Kill', exact: true }).click();
      await page.getByRole('button', { name: 'Kill now' }).click();
      await expect.poll(state).toBe('killed');

      // The child died with it; its request was cancelled and left the inbox without a reload.
      await nav(page, 'Approvals').click();
      await request.waitFor({ state: 'detached' });
    } finally {
      await page.close();
    }
  });

  // One scenario, step by step: each step needs what the one before it did.
  it('supervises a run: a request arrives live with its diff, is approved and denied by keyboard, and every effect traces back', async () => {
    const { served } = rig();
    const page = await signedIn();
    const second = await signedIn();
    try {
      // 1. A request arrives over the event stream (no reload), with the diff against the file.
      const lead = await spawn('lead', 'Lead the work', {
        records: [{ resource: 'clock:sleep', rights: ['use'] }],
      });
      const planner = await spawn('planner', 'Revise the plan', {
        parentPid: lead.pid,
        ...askOnNotes,
      });
      const item = inboxItem(page, /notes\/plan\.md/);
      await item.click();
      const diff = page.getByLabel('Diff');
      await expect.poll(() => diff.textContent()).toContain('-step two');
      expect(await diff.textContent()).toContain('+step 2');
      await expect.poll(() => page.getByText(planner.pid).count()).toBeGreaterThan(0);
      await screenshot(page, 'approvals');

      // 2. A second viewer has the same request open, with another one waiting below it.
      await inboxItem(second, /notes\/plan\.md/).click();
      await second.getByLabel('Diff').waitFor();
      const cleaner = await spawn('cleaner', 'Remove the old notes', {
        parentPid: lead.pid,
        ...askOnNotes,
      });
      await inboxItem(second, /notes\/old\.md/).waitFor();

      // 3. The first viewer approves by keyboard; the request leaves both inboxes at once, and
      // the second viewer's keys no longer decide anything (nothing took the decided one's place).
      await page.keyboard.press('a');
      await item.waitFor({ state: 'detached' });
      await inboxItem(second, /notes\/plan\.md/).waitFor({ state: 'detached' });
      await second.getByText(/decided or withdrawn elsewhere/).waitFor();
      expect(await second.getByRole('button', { name: /^Deny once/ }).count()).toBe(0);
      await second.keyboard.press('d');
      await expect
        .poll(
          async () => (await served.api<AgentProcess>(`/api/processes/${planner.pid}`)).state.kind,
        )
        .toBe('exited');
      expect(await readFile(join(served.workspace, 'notes/plan.md'), 'utf8')).toBe(
        'step one\nstep 2\nstep three\n',
      );
      const waiting = await served.api<{ items: { id: string }[] }>(
        `/api/approvals?pid=${cleaner.pid}`,
      );
      expect(waiting.items).toHaveLength(1);

      // 4. The process list shows the planner finished; the journal shows its write.
      await nav(page, 'Processes').click();
      await expect
        .poll(() => page.getByRole('row', { name: /planner/ }).textContent())
        .toMatch(/exited/);
      await screenshot(page, 'processes');
      await nav(page, 'Journal').click();
      await page
        .getByRole('row', { name: /syscall\.completed.*fs\.write/ })
        .first()
        .waitFor();
      await screenshot(page, 'journal');

      // 5. The cleaner's delete is shown as its path and denied by keyboard; the timeline marks
      // the denial and the file stays.
      await nav(page, 'Approvals').click();
      const deletion = inboxItem(page, /notes\/old\.md/);
      await deletion.click();
      await page.getByText('notes/old.md', { exact: true }).first().waitFor();
      await page.keyboard.press('d');
      await deletion.waitFor({ state: 'detached' });
      await nav(page, 'Journal').click();
      const denied = page.getByRole('row', { name: /syscall\.denied.*fs:notes\/old\.md/ });
      await denied.first().waitFor();
      expect(await denied.first().textContent()).toMatch(/denied/i);
      expect(existsSync(join(served.workspace, 'notes/old.md'))).toBe(true);

      // 6. From the file change back to the model turn that caused it.
      await page.goto(`${served.url}/#/explain/${planner.pid}`);
      const cause = page
        .getByRole('region', { name: 'File changes' })
        .getByRole('link', { name: /caused by model turn/ });
      await cause.first().waitFor();
      // The turn's own model call is linked to its journal entries too.
      const modelCall = page.getByRole('table', {
        name: 'Model call of turn 1',
        includeHidden: true,
      });
      await expect.poll(() => modelCall.textContent()).toContain('model.call');
      await screenshot(page, 'explain');
      await cause.first().click();
      await expect.poll(() => page.locator(':focus').textContent()).toContain('write_file');

      // 7. Where each record came from, and a revocation previewed before it is made.
      await page.goto(`${served.url}/#/capabilities/${planner.pid}`);
      const table = page.getByRole('table');
      const ask = table.getByRole('row', { name: /fs:notes\/\*\*.*ask/ });
      await ask.waitFor();
      expect(await ask.textContent()).toMatch(/granted by operator/);
      await table.getByRole('row', { name: /human decision on apr_\S+ \(one use\)/ }).waitFor();
      await screenshot(page, 'capabilities');
      await ask.getByRole('button', { name: /^Revoke/ }).click();
      await page.getByRole('button', { name: /^Revoke now \(1 record/ }).waitFor();
      await page.getByRole('button', { name: 'Cancel' }).click();
      const records = await served.api<{
        items: { resourceText: string; revokedAt: number | null }[];
      }>(`/api/capabilities?pid=${planner.pid}`);
      expect(records.items.find((r) => r.resourceText === 'fs:notes/**')?.revokedAt).toBeNull();

      // 8. Object Memory lists the processes' namespaces.
      await nav(page, 'Objects').click();
      await page
        .getByRole('navigation', { name: 'Namespaces' })
        .getByRole('link', { name: `proc/${planner.pid}` })
        .waitFor();
      await screenshot(page, 'objects');
    } finally {
      await second.close();
      await page.close();
    }
  });
});
