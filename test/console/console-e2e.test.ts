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
  let served: Served;
  let browser: Browser;
  let page: Page;
  let lead: AgentProcess;

  beforeAll(async () => {
    served = await startServe({
      'notes/plan.md': 'step one\nstep two\nstep three\n',
      'notes/old.md': 'obsolete\n',
      'agents.json': JSON.stringify(SCRIPT),
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  });

  afterAll(async () => {
    await browser.close();
    await served.close();
  });

  const spawn = (name: string, goal: string, extra: Record<string, unknown>) =>
    served.api<AgentProcess>('/api/processes', {
      method: 'POST',
      body: { imageId: 'base', goal, name, model: 'scripted:agents.json', ...extra },
    });
  const askOnNotes = {
    records: [{ resource: 'fs:notes/**', rights: ['write', 'delete'], effect: 'ask' }],
  };

  it('signs in from the printed URL and keeps the token out of the address bar', async () => {
    await page.goto(served.login);
    await expect.poll(() => page.url()).not.toContain('token');
    expect(await page.evaluate(TOKEN_IN_SESSION)).toBe(served.token);
    await page.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
  });

  it('asks a visitor without the token to sign in, and refuses a wrong one', async () => {
    const visitor = await browser.newPage();
    try {
      await visitor.goto(`${served.url}/`);
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
      await field.fill(served.token);
      await visitor.getByRole('button', { name: 'Sign in' }).click();
      await visitor.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
    } finally {
      await visitor.close();
    }
  });

  it('shows a request live, with the diff against the file, and approves it by keyboard', async () => {
    lead = await spawn('lead', 'Lead the work', {
      records: [{ resource: 'clock:sleep', rights: ['use'] }],
    });
    const planner = await spawn('planner', 'Revise the plan', {
      parentPid: lead.pid,
      ...askOnNotes,
    });
    // No reload: the request arrives over the event stream.
    const inbox = page.getByRole('list', { name: 'Pending requests' });
    const item = inbox.getByRole('button', { name: /notes\/plan\.md/ });
    await item.waitFor();
    await item.click();
    const diff = page.getByLabel('Diff');
    await expect.poll(() => diff.textContent()).toContain('-step two');
    expect(await diff.textContent()).toContain('+step 2');
    await expect.poll(() => page.getByText(planner.pid).count()).toBeGreaterThan(0);
    await screenshot(page, 'approvals');

    // A second viewer sees the request leave the moment the first decides it.
    const second = await browser.newPage();
    await second.goto(served.login);
    const elsewhere = second
      .getByRole('list', { name: 'Pending requests' })
      .getByRole('button', { name: /notes\/plan\.md/ });
    await elsewhere.waitFor();

    await page.keyboard.press('a');
    await item.waitFor({ state: 'detached' });
    await elsewhere.waitFor({ state: 'detached' });
    await second.close();

    await expect
      .poll(
        async () => (await served.api<AgentProcess>(`/api/processes/${planner.pid}`)).state.kind,
      )
      .toBe('exited');
    expect(await readFile(join(served.workspace, 'notes/plan.md'), 'utf8')).toBe(
      'step one\nstep 2\nstep three\n',
    );
  });

  it('watches the process finish and the journal show the write', async () => {
    await nav(page, 'Processes').click();
    const row = page.getByRole('row', { name: /planner/ });
    await expect.poll(() => row.textContent()).toMatch(/exited/);
    await screenshot(page, 'processes');
    await nav(page, 'Journal').click();
    const write = page.getByRole('row', { name: /syscall\.completed.*fs\.write/ });
    await write.first().waitFor();
    await screenshot(page, 'journal');
  });

  it('denies another request by keyboard and sees the denial in the timeline', async () => {
    await nav(page, 'Approvals').click();
    await spawn('cleaner', 'Remove the old notes', { parentPid: lead.pid, ...askOnNotes });
    const item = page
      .getByRole('list', { name: 'Pending requests' })
      .getByRole('button', { name: /notes\/old\.md/ });
    await item.waitFor();
    await item.click();
    await page.getByText('notes/old.md', { exact: true }).first().waitFor();
    await page.keyboard.press('d');
    await item.waitFor({ state: 'detached' });
    await nav(page, 'Journal').click();
    const denied = page.getByRole('row', { name: /syscall\.denied.*fs:notes\/old\.md/ });
    await denied.first().waitFor();
    expect(await denied.first().textContent()).toMatch(/denied/i);
    expect(existsSync(join(served.workspace, 'notes/old.md'))).toBe(true);
  });

  it('follows a file change back to the model turn that caused it', async () => {
    const planner = (await served.api<{ items: AgentProcess[] }>('/api/processes')).items.find(
      (p) => p.name === 'planner',
    );
    await page.goto(`${served.url}/#/explain/${planner?.pid ?? ''}`);
    const changes = page.getByRole('region', { name: 'File changes' });
    const cause = changes.getByRole('link', { name: /caused by model turn/ });
    await cause.first().waitFor();
    await screenshot(page, 'explain');
    await cause.first().click();
    const focused = page.locator(':focus');
    await expect.poll(() => focused.textContent()).toContain('write_file');
  });

  it('shows where each record came from, previews a revocation before making it, and lists Object Memory', async () => {
    const planner = (await served.api<{ items: AgentProcess[] }>('/api/processes')).items.find(
      (p) => p.name === 'planner',
    );
    await page.goto(`${served.url}/#/capabilities/${planner?.pid ?? ''}`);
    const table = page.getByRole('table');
    // The operator's ask record, and the one-use allow the human's decision became.
    const ask = table.getByRole('row', { name: /fs:notes\/\*\*.*ask/ });
    await ask.waitFor();
    expect(await ask.textContent()).toMatch(/granted by operator/);
    const decided = table.getByRole('row', { name: /human decision on apr_\S+ \(one use\)/ });
    await decided.waitFor();
    await screenshot(page, 'capabilities');
    // Revoking shows the cascade first and changes nothing until confirmed.
    await ask.getByRole('button', { name: /^Revoke/ }).click();
    const confirm = page.getByRole('button', { name: /^Revoke now \(1 record/ });
    await confirm.waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    const records = await served.api<{
      items: { resourceText: string; revokedAt: number | null }[];
    }>(`/api/capabilities?pid=${planner?.pid ?? ''}`);
    expect(records.items.find((r) => r.resourceText === 'fs:notes/**')?.revokedAt).toBeNull();

    await nav(page, 'Objects').click();
    await page
      .getByRole('navigation', { name: 'Namespaces' })
      .getByRole('link', { name: `proc/${planner?.pid ?? ''}` })
      .waitFor();
    await screenshot(page, 'objects');
  });
});
