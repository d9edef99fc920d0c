// A call no capability covers is denied with the grant that would allow it; a covered denial is not.
import { describe, expect, it } from 'vitest';
import { isLibosError } from '../../src/base/errors.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

describe('the denial message', () => {
  it('names the grant to add when no capability covers the call (sleep needs clock:sleep=use)', async () => {
    const messages: string[] = [];
    await using t = await createTempRuntime({
      body: async (ctx) => {
        for (const name of ['clock.sleep', 'fs.read'] as const) {
          try {
            await ctx.syscall(name, name === 'fs.read' ? { path: 'secret.txt' } : { ms: 1_000 });
          } catch (error) {
            if (isLibosError(error, 'NOT_PERMITTED')) messages.push(error.message);
          }
        }
        await ctx.exit(null);
      },
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'Nap' });
    await t.runtime.grant({
      subject: p.pid,
      resource: 'fs:secret.txt',
      rights: 'read',
      effect: 'deny',
    });
    await t.runtime.run();
    expect(messages).toEqual([
      'clock.sleep was denied: use on clock:sleep: no capability allows it (the operator can grant it: --grant clock:sleep=use)',
      'fs.read was denied: read on fs:secret.txt: a capability denies it',
    ]);
  });
});
