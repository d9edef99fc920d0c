// Without a working bubblewrap, shell.run is refused with the fix named, and nothing runs; a
// runtime opened without a command runner refuses every command too.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCommandSandbox } from '../../../src/sandbox/shell/command-sandbox.js';
import { createRig, outcomeEntry } from '../helpers.js';
import { runCommands } from './exec-kit.js';

const GRANTS = [
  { resource: 'shell:*', rights: 'execute' },
  { resource: 'fs:**', rights: 'read,write' },
] as const;
const TOUCH = ['sh', '-c', 'echo ran > ran.txt'];

describe('shell.run without a sandbox', () => {
  it('is refused NOT_PERMITTED naming bubblewrap and --unsandboxed-shell when bwrap is missing', async () => {
    await using rig = await createRig({
      commands: createCommandSandbox({
        workspace: '',
        unsandboxed: false,
        bwrap: '/nonexistent/bin/bwrap',
      }),
    });
    const [outcome] = await runCommands(rig, GRANTS, [TOUCH]);
    expect(outcome).toMatchObject({ kind: 'error', error: { code: 'NOT_PERMITTED' } });
    const message = (outcome as { error: { message: string } }).error.message;
    expect(message).toMatch(/no command sandbox \(bubblewrap is missing\)/);
    expect(message).toMatch(/apt-get install bubblewrap/);
    expect(message).toMatch(/--unsandboxed-shell/);
    expect(message).not.toContain('/nonexistent');
    expect(existsSync(join(rig.workspace, 'ran.txt'))).toBe(false);
    const call = rig.callsOf('shell.run')[0];
    const entry = call === undefined ? undefined : await outcomeEntry(rig, call);
    expect(entry?.type).toBe('syscall.denied');
    const intents = await rig.runtime.store.read((r) => r.listIntents({ limit: 10 }));
    // Settled as "nothing happened": the refusal came before the effect began.
    expect(intents.map((i) => i.state)).toStrictEqual(['not_started']);
  });

  it('is refused NOT_PERMITTED by a runtime opened without a command runner', async () => {
    await using rig = await createRig();
    const [outcome] = await runCommands(rig, GRANTS, [TOUCH]);
    expect(outcome).toMatchObject({ kind: 'error', error: { code: 'NOT_PERMITTED' } });
    expect(existsSync(join(rig.workspace, 'ran.txt'))).toBe(false);
  });
});
