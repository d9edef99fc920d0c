// One agent-steps run on agent-libos, in a fresh process: N agents × K read_file steps, every step durable; prints one JSON line.
//
//   node --import tsx bench/agent-steps/run-ours.ts   (N, K, C, SYNC=NORMAL|FULL, APPROVE=1 from the env)
import { mkdirSync, rmSync, statSync, writeFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelProvider, ModelRequest, ModelResponse } from '../../src/ports/model-provider.js';
import { openRuntime } from '../../src/open-runtime.js';
import { tableBytes } from '../lib/table-bytes.js';

const N = Number(process.env.N ?? 100);
const K = Number(process.env.K ?? 10);
const C = Number(process.env.C ?? 64);
const SYNC = process.env.SYNC === 'FULL' ? 'FULL' : 'NORMAL';
const APPROVE = process.env.APPROVE === '1';
const SPEC = 'bench:steps';

/** The peer's model: a `read_file README.md` call until K tool results came back, then "done". */
function scriptedModel(): { provider: ModelProvider; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    provider: {
      id: SPEC,
      complete(request: ModelRequest): Promise<ModelResponse> {
        calls += 1;
        const results = request.messages.filter((m) => m.role === 'tool').length;
        const done = results >= K;
        return Promise.resolve({
          text: done ? 'done' : null,
          toolCalls: done
            ? []
            : [{ id: `c${results}`, name: 'read_file', arguments: { path: 'README.md' } }],
          usage: { inputTokens: 10, outputTokens: 5 },
          stopReason: done ? 'end' : 'tool_calls',
          model: 'bench',
        });
      },
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'libos-steps-'));
const workspace = join(dir, 'workspace');
mkdirSync(workspace);
writeFileSync(join(workspace, 'README.md'), 'hello world\n'.repeat(20));
const db = join(dir, 'state', 'runtime.db');
const model = scriptedModel();
const runtime = await openRuntime({
  workspace,
  db,
  durability: SYNC === 'FULL' ? 'fsync' : 'normal',
  models: () => model.provider,
  maxInFlight: C,
});
try {
  await runtime.registerImage({
    id: 'steps',
    version: 1,
    description: 'Reads README.md K times (the agent-steps workload).',
    systemPrompt: 'Read the readme.',
    tools: ['read_file', 'exit'],
    requirements: [],
    defaultBudget: {},
    defaultModel: null,
  });
  for (let i = 0; i < N; i++) {
    const { pid } = await runtime.spawn({ imageId: 'steps', goal: 'Read the readme', model: SPEC });
    await runtime.grant({
      subject: pid,
      resource: 'fs:README.md',
      rights: 'read',
      ...(APPROVE ? { effect: 'ask' as const } : {}),
    });
  }
  const started = performance.now();
  for (;;) {
    await runtime.run();
    const pending = await runtime.requests({ limit: 10_000 });
    if (pending.length === 0) break;
    for (const request of pending) await runtime.decide(request.id, { decision: 'allow_once' });
  }
  const ms = performance.now() - started;
  const exited = (await runtime.list({ limit: N + 10, states: ['exited'] })).length;
  const rss = Math.round(process.memoryUsage().rss / 1e6);
  // What the run still holds: the heap after full collections (run with --expose-gc), which RSS
  // (the allocator's high-water mark, SQLite's page cache) does not show.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const heap = gc === undefined ? null : Math.round(process.memoryUsage().heapUsed / 1e6);
  // Closing checkpoints the WAL into the database and removes it: what remains is what was stored.
  await runtime.close();
  const bytes = (path: string): number => (existsSync(path) ? statSync(path).size : 0);
  const tables = tableBytes(db);
  console.log(
    JSON.stringify({
      peer: 'agent-libos',
      sync: SYNC,
      N,
      K,
      C,
      approve: APPROVE,
      ms: Math.round(ms),
      steps_per_s: Math.round((N * K) / (ms / 1000)),
      exited,
      model_calls: model.calls(),
      db_bytes: bytes(db) + bytes(`${db}-wal`),
      rss_mb: rss,
      heap_mb: heap,
      tables,
    }),
  );
} finally {
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
}
