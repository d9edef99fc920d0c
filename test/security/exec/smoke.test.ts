import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { createSandboxRig, hasSandbox, journalOf, runCommands } from './exec-kit.js';

describe.runIf(hasSandbox)('smoke', () => {
  it('runs', async () => {
    await using rig = await createSandboxRig();
    mkdirSync(join(rig.workspace, 'src'));
    writeFileSync(join(rig.workspace, 'src/a.txt'), 'A');
    writeFileSync(join(rig.workspace, '.env'), 'SECRET');
    const out = await runCommands(
      rig,
      [
        { resource: 'shell:*', rights: 'execute' },
        { resource: 'fs:**', rights: 'read' },
        { resource: 'fs:src/**', rights: 'read,write' },
        { resource: 'fs:.env', rights: 'read', effect: 'deny' },
      ],
      [['ls', '-la', '/workspace', '/workspace/src'], ['sh', '-c', 'echo hi > src/b.txt; cat .env; id; ls /'], ['cat', '/etc/shadow']],
    );
    console.log(JSON.stringify(out, null, 1));
    console.log(await journalOf(rig, 1));
  });
});
