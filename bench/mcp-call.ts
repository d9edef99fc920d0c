// mcp.call end to end — decision, intent, the tool listing check, the SDK call, the result object, the
// journal — p50/p99, next to the floor it stands on: the bare SDK `client.callTool` on the same stdio server.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { openRuntime } from '../src/open-runtime.js';
import type { QuantumBody } from '../src/runtime/quantum-context.js';
import { probeBwrap } from '../src/sandbox/shell/probe-bwrap.js';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';
import { latencyResults, summarizeLatency } from './lib/latency.js';
import { createTempDir } from './lib/temp-dir.js';

const BENCH = 'mcp-call';
const FIXTURE = fileURLToPath(new URL('../test/mcp/fixtures/stdio-server.mjs', import.meta.url));
const BINDS = [
  fileURLToPath(new URL('../test/mcp/fixtures', import.meta.url)),
  fileURLToPath(new URL('../node_modules', import.meta.url)),
];
const ARGS = { text: 'hello' };

/**
 * The test suite's fixture server (the SDK's low-level Server over stdio), tool `echo`: `calls`
 * sequential calls by one process through `mcp.call` (sandboxed, then registered
 * unsandboxed), and the same number of bare `client.callTool` calls on an unsandboxed child.
 */
export async function mcpCall(options: BenchOptions): Promise<BenchResult[]> {
  const calls = options.quick ? 50 : 500;
  await using dir = await createTempDir(BENCH);
  const probe = await probeBwrap();
  const setup = `SQLite normal, stdio fixture server (node), tool echo, ${calls} sequential calls, 10 warm-up`;
  const results: BenchResult[] = [];
  results.push(
    ...latencyResults('floor: bare SDK client.callTool', summarizeLatency(await bare(calls)), {
      bench: BENCH,
      setup,
    }),
  );
  const variants = probe.ok ? [false, true] : [true];
  for (const unsandboxed of variants) {
    const samples = await throughRuntime({ dir: dir.path, calls, unsandboxed });
    options.log(`${BENCH} ${unsandboxed ? 'unsandboxed' : 'bwrap'}: ${samples.length} calls`);
    results.push(
      ...latencyResults(
        `mcp.call echo, ${unsandboxed ? 'server unsandboxed' : 'server in bwrap'}`,
        summarizeLatency(samples),
        { bench: BENCH, setup },
      ),
    );
  }
  return results;
}

async function bare(calls: number): Promise<number[]> {
  const client = new Client({ name: 'bench', version: '1' }, { capabilities: {} });
  await client.connect(new StdioClientTransport({ command: 'node', args: [FIXTURE] }));
  try {
    const samples: number[] = [];
    for (let i = 0; i < calls + 10; i++) {
      const started = performance.now();
      await client.callTool({ name: 'echo', arguments: ARGS });
      if (i >= 10) samples.push(performance.now() - started);
    }
    return samples;
  } finally {
    await client.close();
  }
}

async function throughRuntime(input: {
  readonly dir: string;
  readonly calls: number;
  readonly unsandboxed: boolean;
}): Promise<number[]> {
  const samples: number[] = [];
  const body: QuantumBody = async (ctx) => {
    for (let i = 0; i < input.calls + 10; i++) {
      const started = performance.now();
      const result = await ctx.syscall('mcp.call', { server: 'fx', tool: 'echo', args: ARGS });
      if (i >= 10) samples.push(performance.now() - started);
      if (result.blocked) throw new Error('mcp.call blocked in the benchmark');
    }
    await ctx.exit(null);
  };
  const name = input.unsandboxed ? 'open' : 'boxed';
  const workspace = join(input.dir, `workspace-${name}`);
  await mkdir(workspace, { recursive: true });
  const runtime = await openRuntime({ db: join(input.dir, `${name}.db`), workspace, body });
  try {
    await runtime.mcp.add({
      id: 'fx',
      transport: {
        kind: 'stdio',
        argv: ['node', FIXTURE],
        binds: BINDS,
        unsandboxed: input.unsandboxed,
      },
    });
    await runtime.mcp.show('fx', { refresh: true });
    const process = await runtime.spawn({ imageId: 'base', goal: 'call echo' });
    await runtime.grant({ subject: process.pid, resource: 'mcp:fx/**', rights: 'call' });
    await runtime.run();
    const state = (await runtime.get(process.pid)).state;
    if (state.kind !== 'exited') throw new Error(`the benchmark process ended ${state.kind}`);
  } finally {
    await runtime.close();
  }
  return samples;
}
