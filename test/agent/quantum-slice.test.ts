// A quantum runs several model turns while its slice lasts, and each turn starts from the whole transcript.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelProvider, ModelRequest, ModelResponse } from '../../src/ports/model-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

/** Asks for `read_file note.txt` until `reads` results came back, then exits; records each request. */
function reader(
  reads: number,
  seen: ModelRequest[],
  options: { onCall?: (n: number) => void; inputTokens?: number } = {},
): ModelProvider {
  return {
    id: 'test:reader',
    complete(request: ModelRequest): Promise<ModelResponse> {
      seen.push(request);
      options.onCall?.(seen.length);
      const results = request.messages.filter((m) => m.role === 'tool').length;
      const call =
        results < reads
          ? { id: `r${results}`, name: 'read_file', arguments: { path: 'note.txt' } }
          : { id: 'end', name: 'exit', arguments: { result: `read ${results}` } };
      return Promise.resolve({
        text: null,
        toolCalls: [call],
        usage: { inputTokens: options.inputTokens ?? 10, outputTokens: 5 },
        stopReason: 'tool_calls',
        model: 'reader',
      });
    },
  };
}

describe('the agent loop in time slices', () => {
  it('runs up to maxTurns turns per quantum, each with the results of the turns before it', async () => {
    const seen: ModelRequest[] = [];
    await using t = await createTempRuntime({
      models: () => reader(5, seen),
      body: createAgentBody({
        defaultModel: 'test:reader',
        quantum: { maxTurns: 2, sliceMs: 60_000 },
      }),
    });
    await writeFile(join(t.workspace, 'note.txt'), 'remember me');
    const p = await t.runtime.spawn({ model: 'test:reader', imageId: 'base', goal: 'Read' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:note.txt', rights: 'read' });
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'read 5' });
    // Six turns (five reads, the exit) in three quanta of two turns.
    const entries = await t.runtime.journal({ pid: p.pid, limit: 500 });
    // A model call's answer is journaled as its completion.
    const types = entries.map((e) =>
      e.type === 'syscall.completed' && e.data.syscall === 'model.call' ? 'answer' : e.type,
    );
    expect(types.filter((type) => type === 'process.scheduled')).toHaveLength(3);
    expect(types.filter((type) => type === 'answer')).toHaveLength(6);
    expect(types.filter((type) => type === 'process.yielded')).toHaveLength(2);
    const perQuantum = types
      .join(' ')
      .split('process.scheduled')
      .slice(1)
      .map((part) => part.split(' ').filter((type) => type === 'answer').length);
    expect(perQuantum).toEqual([2, 2, 2]);
    // Every turn saw every earlier result, in order, including those of its own quantum.
    expect(seen.map((r) => r.messages.filter((m) => m.role === 'tool').length)).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
    expect(seen[5]?.messages.at(-1)).toMatchObject({ role: 'tool', toolCallId: 'r4' });
    expect((await t.runtime.get(p.pid)).usage).toMatchObject({ toolCalls: 6, quanta: 3 });
  });

  it('ends the slice when the runtime clock passes sliceMs, even with turns left', async () => {
    const seen: ModelRequest[] = [];
    let advance: (ms: number) => void = () => undefined;
    await using t = await createTempRuntime({
      // Each model call takes 30 ms of the runtime's clock: the second turn ends a 50 ms slice.
      models: () =>
        reader(3, seen, {
          onCall: () => {
            advance(30);
          },
        }),
      body: createAgentBody({
        defaultModel: 'test:reader',
        quantum: { maxTurns: 100, sliceMs: 50 },
      }),
    });
    advance = (ms) => {
      t.clock.advance(ms);
    };
    await writeFile(join(t.workspace, 'note.txt'), 'remember me');
    const p = await t.runtime.spawn({ model: 'test:reader', imageId: 'base', goal: 'Read' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:note.txt', rights: 'read' });
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'read 3' });
    const types = (await t.runtime.journal({ pid: p.pid, limit: 500 })).map((e) => e.type);
    expect(types.filter((type) => type === 'process.scheduled')).toHaveLength(2);
  });

  it('asks the model nothing more once the operator pauses the process mid-slice, and goes on after resume', async () => {
    const seen: ModelRequest[] = [];
    let pause: () => Promise<void> = () => Promise.resolve();
    await using t = await createTempRuntime({
      // While the second turn's model call runs, the operator pauses the process.
      models: () => reader(4, seen, { onCall: (n) => (n === 2 ? void pause() : undefined) }),
      body: createAgentBody({
        defaultModel: 'test:reader',
        quantum: { maxTurns: 100, sliceMs: 60_000 },
      }),
    });
    await writeFile(join(t.workspace, 'note.txt'), 'remember me');
    const p = await t.runtime.spawn({ model: 'test:reader', imageId: 'base', goal: 'Read' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:note.txt', rights: 'read' });
    pause = () => t.runtime.signal(p.pid, 'pause');
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toMatchObject({ kind: 'paused' });
    // No turn began after the pause landed.
    expect(seen).toHaveLength(2);
    await t.runtime.signal(p.pid, 'resume');
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'read 4' });
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });

  it('checks the token budget against what its own earlier turns spent', async () => {
    const seen: ModelRequest[] = [];
    await using t = await createTempRuntime({
      // Each answer costs 100,000 tokens; a prompt is estimated at more than 500 (its tool schemas).
      models: () => ({ ...reader(10, seen, { inputTokens: 99_995 }), id: 'test:reader' }),
      body: createAgentBody({
        defaultModel: 'test:reader',
        quantum: { maxTurns: 100, sliceMs: 60_000 },
      }),
    });
    await writeFile(join(t.workspace, 'note.txt'), 'remember me');
    const p = await t.runtime.spawn({
      model: 'test:reader',
      imageId: 'base',
      goal: 'Read',
      budget: { tokens: 200_500 },
    });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:note.txt', rights: 'read' });
    await t.runtime.run();
    // Two answers spent 200,000: the third prompt would go over, so it is never sent.
    const after = await t.runtime.get(p.pid);
    expect(after.state).toMatchObject({ kind: 'paused', reason: 'budget' });
    expect(seen).toHaveLength(2);
    expect(after.usage.tokens).toBe(200_000);
    const types = (await t.runtime.journal({ pid: p.pid, limit: 500 })).map((e) => e.type);
    expect(types.filter((type) => type === 'process.scheduled')).toHaveLength(1);
  });

  it('gives the model the whole transcript, however many pages it takes to read', async () => {
    const seen: ModelRequest[] = [];
    await using t = await createTempRuntime({
      models: () => reader(0, seen),
      body: createAgentBody({ defaultModel: 'test:reader', contextTokens: 10_000_000 }),
    });
    const p = await t.runtime.spawn({ model: 'test:reader', imageId: 'base', goal: 'Recall' });
    const turns = 1_250;
    await t.runtime.store.transact(async (tx) => {
      for (let i = 0; i < turns; i++) {
        const id = `old${i}`;
        await tx.appendTranscript(
          p.pid,
          {
            kind: 'model',
            text: null,
            toolCalls: [{ id, name: 'read_file', arguments: { path: 'x' } }],
            model: 'reader',
            usage: { inputTokens: 1, outputTokens: 1 },
          },
          { at: 0 },
        );
        await tx.appendTranscript(
          p.pid,
          { kind: 'result', toolCallId: id, name: 'read_file', content: `r${i}`, isError: false },
          { at: 0 },
        );
      }
    });
    await t.runtime.run();
    expect(seen).toHaveLength(1);
    const messages = seen[0]?.messages ?? [];
    // The goal, then all 2,500 entries: the oldest first, nothing cut.
    expect(messages).toHaveLength(1 + 2 * turns);
    expect(messages[2]).toMatchObject({ role: 'tool', content: 'r0' });
    expect(messages.at(-1)).toMatchObject({ role: 'tool', content: `r${turns - 1}` });
  });
});
