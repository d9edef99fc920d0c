// --workspace: every command refuses a path that is not an existing directory and creates nothing.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../src/open-runtime.js';
import { defaultDbPath } from '../../src/state-directory.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

/** One command of each kind: creating, writing, read-only. */
const COMMANDS: readonly (readonly string[])[] = [
  ['init'],
  ['ps'],
  ['caps', 'list'],
  ['journal', 'verify'],
  ['resume'],
  ['run', '--image', 'base', '--goal', 'g', '--model', 'openai:gpt-4.1', '--db', 'x/state.db'],
  ['spawn', '--image', 'base', '--goal', 'g', '--model', 'openai:gpt-4.1'],
  ['images', 'list'],
  ['objects', 'ns', 'create', 'shared/x'],
];

describe('--workspace', () => {
  for (const command of COMMANDS) {
    it(`refuses a missing workspace for ${command.slice(0, 2).join(' ')} and creates nothing`, async () => {
      await using ws = await createTempWorkspace();
      const missing = join(ws.dir, 'typo');
      const run = await runCli([...command, '--workspace', missing], {
        cwd: ws.dir,
        env: { OPENAI_API_KEY: 'sk-test' },
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toBe(
        `error NOT_FOUND: Opening the workspace failed: ${JSON.stringify(missing)} does not exist; create it first (mkdir -p ${JSON.stringify(missing)}) or give --workspace an existing directory\n`,
      );
      expect(existsSync(missing)).toBe(false);
      expect(existsSync(dirname(defaultDbPath(missing, process.env)))).toBe(false);
      expect(existsSync(join(ws.dir, 'x'))).toBe(false);
    });
  }

  it('refuses a file given as the workspace with INVALID_INPUT, also under --json', async () => {
    await using ws = await createTempWorkspace();
    const file = join(ws.dir, 'notes.txt');
    await writeFile(file, 'not a directory\n');
    const run = await runCli(['ps', '--workspace', file, '--json'], { cwd: ws.dir });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: {
        code: 'INVALID_INPUT',
        message: `Opening the workspace failed: ${JSON.stringify(file)} is not a directory; give --workspace a directory`,
      },
    });
    expect(existsSync(dirname(defaultDbPath(file, process.env)))).toBe(false);
  });

  it('is refused by openRuntime too, before a state directory is made', async () => {
    await using ws = await createTempWorkspace();
    const missing = join(ws.dir, 'gone');
    const db = join(ws.dir, 'state', 'runtime.db');
    await expect(openRuntime({ workspace: missing, db })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(existsSync(join(ws.dir, 'state'))).toBe(false);
    expect(existsSync(missing)).toBe(false);
  });
});
