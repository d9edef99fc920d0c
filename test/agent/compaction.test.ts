// Context compaction in the agent loop: past the context budget, older turns become a `summary`
// transcript item backed by a `summary` object in the process's memory, and the run completes.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ObjectId } from '../../src/kernel/object/types.js';
import type { ModelProvider, ModelRequest } from '../../src/ports/model-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

const FILES = Array.from({ length: 8 }, (_, i) => `f${i}.txt`);

/**
 * A model that, like a real one, works out what is left from what it is shown (summaries
 * included): it reads the first file no message mentions yet, then exits. A model counting its
 * own assistant turns (the scripted provider) restarts its script after a compaction.
 */
function readingModel(): { provider: ModelProvider; requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  const provider: ModelProvider = {
    id: 'fixture:reader',
    complete: (request) => {
      requests.push(request);
      const seen = JSON.stringify(request.messages);
      const next = FILES.find((f) => !seen.includes(f));
      const call =
        next === undefined
          ? { name: 'exit', arguments: { result: 'read all' } }
          : { name: 'read_file', arguments: { path: next } };
      return Promise.resolve({
        text: null,
        toolCalls: [{ id: `call_${requests.length}`, ...call }],
        usage: { inputTokens: 50, outputTokens: 5 },
        stopReason: 'tool_calls',
        model: 'reader',
      });
    },
  };
  return { provider, requests };
}

describe('context compaction', () => {
  it('compacts older turns into a summary item and a summary object, and the run completes', async () => {
    const model = readingModel();
    await using t = await createTempRuntime({
      models: () => model.provider,
      body: createAgentBody({
        defaultModel: model.provider.id,
        contextTokens: 300,
      }),
    });
    for (const file of FILES) await writeFile(join(t.workspace, file), `contents of ${file}`);
    const p = await t.runtime.spawn({
      model: model.provider.id,
      imageId: 'base',
      goal: 'Read every file',
      budget: { quanta: 100 },
    });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.run();

    expect((await t.runtime.get(p.pid)).state).toStrictEqual({
      kind: 'exited',
      result: 'read all',
    });
    // Each file was read exactly once, compaction or not.
    const reads = await t.runtime.journal({ limit: 100, pid: p.pid, type: 'syscall.completed' });
    expect(reads.filter((e) => e.data.syscall === 'fs.read')).toHaveLength(FILES.length);
    expect(model.requests).toHaveLength(FILES.length + 1);

    const compactions = await t.runtime.journal({
      limit: 100,
      pid: p.pid,
      type: 'context.compacted',
    });
    expect(compactions.length).toBeGreaterThan(0);
    const transcript = await t.runtime.store.read((r) => r.listTranscript(p.pid, { limit: 100 }));
    const summaries = transcript.flatMap((e) => (e.item.kind === 'summary' ? [e.item] : []));
    expect(summaries.length).toBeGreaterThan(0);
    // Fewer entries remain than the run produced (9 answers, 8 results).
    expect(transcript.length).toBeLessThan(2 * FILES.length + 1);

    // The newest summary is an object of type `summary` in the process's private memory, holding
    // the same text.
    const summary = summaries.at(-1);
    expect(summary?.objectId).toMatch(/^obj_/);
    const object = await t.runtime.store.read((r) => r.getObject(summary?.objectId as ObjectId));
    expect(object).toMatchObject({
      namespace: `proc/${p.pid}`,
      name: `summary-${summary?.replaces}`,
      type: 'summary',
    });
    const version = await t.runtime.store.read((r) =>
      r.getVersion(summary?.objectId as ObjectId, 1),
    );
    const bytes = await t.runtime.store.read((r) => r.getBlob(version?.sha256 ?? ''));
    expect(new TextDecoder().decode(bytes)).toBe(summary?.text);
    expect(compactions.map((e) => e.data.objectId)).toContain(summary?.objectId);

    // The model saw summaries, and never a tool result without the call it answers.
    const sawSummary = model.requests.some((r) =>
      r.messages.some((m) => m.role === 'user' && m.content.startsWith('Summary of earlier work')),
    );
    expect(sawSummary).toBe(true);
    for (const request of model.requests) {
      const called = new Set(
        request.messages.flatMap((m) =>
          m.role === 'assistant' ? m.toolCalls.map((c) => c.id) : [],
        ),
      );
      for (const m of request.messages)
        if (m.role === 'tool') expect(called).toContain(m.toolCallId);
    }
  });

  it('does not compact a transcript that fits the context budget', async () => {
    const model = readingModel();
    await using t = await createTempRuntime({
      models: () => model.provider,
      body: createAgentBody({ defaultModel: model.provider.id }),
    });
    for (const file of FILES) await writeFile(join(t.workspace, file), `contents of ${file}`);
    const p = await t.runtime.spawn({
      model: model.provider.id,
      imageId: 'base',
      goal: 'Read every file',
    });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toStrictEqual({
      kind: 'exited',
      result: 'read all',
    });
    expect(await t.runtime.journal({ limit: 10, pid: p.pid, type: 'context.compacted' })).toEqual(
      [],
    );
    const transcript = await t.runtime.store.read((r) => r.listTranscript(p.pid, { limit: 100 }));
    expect(transcript.filter((e) => e.item.kind === 'summary')).toEqual([]);
  });
});
