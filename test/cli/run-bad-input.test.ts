// Bad input to run, spawn, resume and the signal commands: typed codes, and no database created.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { writeScript } from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

const SCRIPT = 'scripted:model.json';

/** `run` (or `spawn`) of a base agent with `extra` flags; `--model` unless `extra` names one. */
function runArgs(extra: readonly string[], command = 'run'): string[] {
  const model = extra.includes('--model') ? [] : ['--model', SCRIPT];
  return [command, '--image', 'base', '--goal', 'Do it', ...model, ...extra];
}

const BAD_INPUT: readonly { name: string; args: string[]; code: string; says: RegExp }[] = [
  {
    name: 'an unknown image',
    args: ['run', '--image', 'wizard', '--goal', 'Do it', '--model', SCRIPT],
    code: 'NOT_FOUND',
    says: /Loading image "wizard" failed: no such image/,
  },
  {
    name: 'a grant without rights',
    args: runArgs(['--grant', 'fs:src/**']),
    code: 'INVALID_INPUT',
    says: /not of the form kind:pattern=rights/,
  },
  {
    name: 'a grant of an unknown kind',
    args: runArgs(['--grant', 'disk:a=read']),
    code: 'INVALID_INPUT',
    says: /disk/,
  },
  {
    name: 'a deny with a right of another kind',
    args: runArgs(['--deny', 'fs:a=execute']),
    code: 'INVALID_INPUT',
    says: /execute/,
  },
  {
    name: 'an ask escaping the workspace',
    args: runArgs(['--ask', 'fs:../etc=read']),
    code: 'INVALID_INPUT',
    says: /Reading|failed/,
  },
  {
    name: 'a grant option that does not exist',
    args: runArgs(['--grant', 'fs:out/**=write;once;forever']),
    code: 'INVALID_INPUT',
    says: /unknown option "forever" \(options: once, expires=<time>, no-delegate\)/,
  },
  {
    name: 'a grant expiring in the past',
    args: runArgs(['--ask', 'fs:out/**=write;expires=2001-01-01']),
    code: 'OUT_OF_RANGE',
    says: /Reading the grant option expires= failed: the time is not in the future/,
  },
  {
    name: 'a model spec of no known provider',
    args: runArgs(['--model', 'gpt-4o']),
    code: 'INVALID_INPUT',
    says: /expected scripted:<file>, openai:<model>/,
  },
  {
    name: 'a model spec with no model',
    args: runArgs(['--model', 'openai:']),
    code: 'INVALID_INPUT',
    says: /Choosing a model failed/,
  },
  {
    name: 'openai without OPENAI_API_KEY',
    args: runArgs(['--model', 'openai:gpt-4.1-mini']),
    code: 'INVALID_INPUT',
    says: /OPENAI_API_KEY is not set/,
  },
  {
    name: 'openai-chat without OPENAI_API_KEY',
    args: runArgs(['--model', 'openai-chat:gpt-4.1-mini']),
    code: 'INVALID_INPUT',
    says: /OPENAI_API_KEY is not set/,
  },
  {
    name: 'anthropic without ANTHROPIC_API_KEY',
    args: runArgs(['--model', 'anthropic:claude-sonnet-4-5']),
    code: 'INVALID_INPUT',
    says: /ANTHROPIC_API_KEY/,
  },
  {
    name: 'a missing script file',
    args: runArgs(['--model', 'scripted:nowhere.yaml']),
    code: 'NOT_FOUND',
    says: /no such file/,
  },
  {
    name: 'no model at all',
    args: ['run', '--image', 'base', '--goal', 'Do it'],
    code: 'INVALID_INPUT',
    says: /no model was chosen: pass --model/,
  },
  {
    name: '--max-quanta that is not a number',
    args: runArgs(['--max-quanta', 'lots']),
    code: 'INVALID_INPUT',
    says: /--max-quanta failed: "lots" is not a whole number/,
  },
  {
    name: '--max-quanta 0',
    args: runArgs(['--max-quanta', '0']),
    code: 'OUT_OF_RANGE',
    says: /outside 1\.\./,
  },
  {
    name: '--max-quanta 1.5',
    args: runArgs(['--max-quanta', '1.5']),
    code: 'INVALID_INPUT',
    says: /not a whole number/,
  },
  {
    name: 'a base URL that is not http',
    args: runArgs(['--base-url', 'ftp://example.com']),
    code: 'INVALID_INPUT',
    says: /--base-url must be an http or https URL/,
  },
  {
    name: 'an empty goal',
    args: ['run', '--image', 'base', '--goal', ' ', '--model', SCRIPT],
    code: 'INVALID_INPUT',
    says: /--goal needs/,
  },
  {
    name: 'spawn with an unknown image',
    args: ['spawn', '--image', 'wizard', '--goal', 'Do it', '--model', SCRIPT],
    code: 'NOT_FOUND',
    says: /no such image/,
  },
  {
    name: 'spawn with --max-quanta -1',
    args: runArgs(['--max-quanta', '-1'], 'spawn'),
    code: 'OUT_OF_RANGE',
    says: /--max-quanta/,
  },
  {
    name: 'resume with a bad pid',
    args: ['resume', '--pid', 'proc_BAD'],
    code: 'INVALID_ID',
    says: /proc_/,
  },
  {
    name: 'resume with a bad model',
    args: ['resume', '--model', 'llama'],
    code: 'INVALID_INPUT',
    says: /Choosing a model failed/,
  },
  {
    name: 'resume with --max-quanta none',
    args: ['resume', '--max-quanta', 'none'],
    code: 'INVALID_INPUT',
    says: /--max-quanta/,
  },
  {
    name: 'kill with a bad pid',
    args: ['kill', 'cap_00000001'],
    code: 'INVALID_ID',
    says: /proc_/,
  },
  {
    name: 'message with a bad pid',
    args: ['message', 'nope', 'hi'],
    code: 'INVALID_ID',
    says: /proc_/,
  },
];

describe('bad input to the agent commands', () => {
  for (const bad of BAD_INPUT) {
    it(`refuses ${bad.name} with ${bad.code} and creates no database`, async () => {
      await using ws = await createTempWorkspace();
      await writeScript(ws.dir, 'model.json', { agents: [] });
      const run = await runCli([...bad.args, '--workspace', ws.dir], { cwd: ws.dir });
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`^error ${bad.code}: `));
      expect(run.stderr).toMatch(bad.says);
      expect(run.code).not.toBe(0);
      expect(existsSync(ws.dbPath)).toBe(false);
    });
  }

  it('prints the wire form with --json, naming the missing key variable', async () => {
    await using ws = await createTempWorkspace();
    const run = await runCli(
      [...runArgs(['--model', 'openai:gpt-4.1-mini']), '--workspace', ws.dir, '--json'],
      { env: { OPENAI_API_KEY: '' } },
    );
    expect(run.code).toBe(2);
    const { error } = JSON.parse(run.stdout) as { error: Record<string, unknown> };
    expect(error).toMatchObject({
      code: 'INVALID_INPUT',
      details: { variable: 'OPENAI_API_KEY' },
      retryable: false,
    });
  });

  it('accepts openai with a key, or a local base URL without one, and stops only at the spawn', async () => {
    await using ws = await createTempWorkspace();
    for (const env of [{ OPENAI_API_KEY: 'sk-test' }, {}]) {
      const extra = 'OPENAI_API_KEY' in env ? [] : ['--base-url', 'http://127.0.0.1:9/v1'];
      const run = await runCli(
        [...runArgs(['--model', 'openai-chat:llama3.1', ...extra], 'spawn'), '--workspace', ws.dir],
        { env },
      );
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^proc_\S+\n$/);
    }
  });

  it('needs a database for resume and the signal commands', async () => {
    await using ws = await createTempWorkspace();
    for (const args of [
      ['resume'],
      ['pause', 'proc_00000001'],
      ['message', 'proc_00000001', 'x'],
    ]) {
      const run = await runCli([...args, '--workspace', ws.dir]);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^error NOT_FOUND: .*no agent-libos database there yet/);
    }
    expect(existsSync(ws.dbPath)).toBe(false);
  });

  it('treats a missing --image or --goal as a usage error', async () => {
    const noImage = await runCli(['run', '--goal', 'x']);
    expect(noImage.code).toBe(2);
    expect(noImage.stderr).toMatch(/--image/);
    const noGoal = await runCli(['spawn', '--image', 'base']);
    expect(noGoal.code).toBe(2);
    expect(noGoal.stderr).toMatch(/--goal/);
  });
});
