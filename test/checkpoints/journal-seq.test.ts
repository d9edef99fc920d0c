// A checkpoint's journalSeq is where "since the checkpoint" begins: restore scans the journal after
// it for messages received and sent, effects intended and interrupts delivered since. Every entry
// committed before the capture must be at or below it.
import { describe, expect, it } from 'vitest';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

describe('a checkpoint journal position', () => {
  // Group commit writes journal_heads once per batch: the checkpoint reads the batch's real tail.
  it('is at or after every entry committed before the capture, also in the same group commit', async () => {
    await using t = await createTempRuntime({});
    const a = await t.runtime.spawn({ imageId: 'base', goal: 'checkpointed' });
    const b = await t.runtime.spawn({ imageId: 'base', goal: 'elsewhere' });
    // Both commands start in one turn of the event loop, so they share one batch, send first.
    const [message, checkpoint] = await Promise.all([
      t.runtime.send(b.pid, 'posted before the capture'),
      t.runtime.checkpoints.create(a.pid),
    ]);
    const entries = await t.runtime.journal({ limit: 100 });
    const sent = entries.find((e) => e.type === 'message.sent' && e.data.message === message);
    const created = entries.find((e) => e.type === 'checkpoint.created');
    expect(sent).toBeDefined();
    expect(created).toBeDefined();
    expect(sent!.seq).toBeLessThan(created!.seq);
    expect(checkpoint.journalSeq).toBeGreaterThanOrEqual(sent!.seq);
  });
});
