// `run` on a scripted model with no entry for the root warns instead of ending `done` silently.
import { describe, expect, it } from 'vitest';
import { runJson, writeScript, type RunJson } from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

const SCRIPT = {
  agents: [
    { goal: 'Summarise the README', calls: [{ exit: { result: 'summarised' } }] },
    { name: 'reviewer', calls: [{ exit: { result: 'reviewed' } }] },
  ],
};

describe('agent-libos run on a scripted model', () => {
  it('warns on stderr, naming the goals in the file and the process goal, when no entry matches', async () => {
    await using ws = await createTempWorkspace();
    const path = await writeScript(ws.dir, 'model.json', SCRIPT);
    const run = await runCli(
      ['run', '--image', 'base', '--goal', 'Summarize the README', '--model', `scripted:${path}`],
      { cwd: ws.dir },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `warning: no entry of scripted model ${path} matches the goal "Summarize the README", so the process exits at once with "done"; the file's goals: "Summarise the README"; its names: "reviewer" (an entry matches a process by exact name, else by exact goal)\n`,
    );
    expect(run.stdout).toMatch(/all processes ended/);
  });

  it('lists the warning in --json output, and stays silent when an entry matches', async () => {
    await using ws = await createTempWorkspace();
    const path = await writeScript(ws.dir, 'model.json', SCRIPT);
    const model = `scripted:${path}`;
    const base = ['run', '--image', 'base', '--model', model];
    const { out: missed } = await runJson<RunJson & { warnings: string[] }>(
      [...base, '--goal', 'Other', '--name', 'writer'],
      { cwd: ws.dir },
    );
    expect(missed.warnings).toHaveLength(1);
    expect(missed.warnings[0]).toMatch(/matches the goal "Other" or name "writer"/);
    const { out: byName } = await runJson<RunJson & { warnings: string[] }>(
      [...base, '--goal', 'Other', '--name', 'reviewer'],
      { cwd: ws.dir },
    );
    expect(byName.warnings).toEqual([]);
    const byGoal = await runCli([...base, '--goal', 'Summarise the README'], { cwd: ws.dir });
    expect(byGoal.stderr).toBe('');
  });
});
