// Kit of the JIT tool attacks: a real runtime running the agent loop with real Deno, one scripted
// coding process per attack that proposes a source and runs it with test_tool (or registers and calls it).
import { createServer } from 'node:http';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Json } from '../../../src/base/canonical-json.js';
import type { Pid } from '../../../src/base/ids.js';
import type { JournalEntry } from '../../../src/kernel/journal/entry.js';
import { createScriptedProvider } from '../../../src/models/scripted/create-scripted-provider.js';
import type { ModelProvider } from '../../../src/ports/model-provider.js';
import { createAgentBody } from '../../../src/runtime/agent/agent-body.js';
import type { Runtime } from '../../../src/runtime/runtime.js';
import type { JitLimits } from '../../../src/sandbox/deno-command.js';
import { createDenoRunner } from '../../../src/sandbox/deno-runner.js';
import { createTempRuntime, type TempRuntime } from '../../../src/testing/temp-runtime.js';
import { snapshotTree } from '../helpers.js';

/** The secret planted outside the workspace, and a module exporting it. */
export const OUTSIDE_SECRET = 'outside-secret-7f3a';

/** Small limits so the limit attacks are quick. */
export const KIT_LIMITS: Partial<JitLimits> = { wallMs: 4_000, heapMiB: 64, maxSyscalls: 20 };

/** What one attack came to. */
export interface AttackResult {
  readonly pid: Pid;
  /** The result the model saw for the tool call that ran the source. */
  readonly result: { readonly isError: boolean; readonly value: Json };
  /** Every journal entry of the process. */
  readonly journal: readonly JournalEntry[];
  /** Syscall outcome entries of calls the guest made (call ids `<tool call>:jit.<n>`). */
  readonly guestCalls: readonly JournalEntry[];
}

/** A runtime under JIT attack. */
export interface JitRig extends AsyncDisposable {
  readonly t: TempRuntime;
  readonly runtime: Runtime;
  readonly workspace: string;
  readonly outside: string;
  readonly denoDir: string;
  /**
   * Runs `source` once as a new coding process's JIT tool: `propose_tool`, then `test_tool` with
   * `args` (or, with `register`, `register_tool` and a call of the registered tool), then exit.
   */
  attack(
    source: string,
    options?: {
      args?: Json;
      grants?: readonly { resource: string; rights: string }[];
      register?: boolean;
      /** Tool calls the process makes after the attack (e.g. the same syscall directly). */
      then?: readonly Record<string, Json>[];
    },
  ): Promise<AttackResult>;
}

const OUTCOMES = ['syscall.completed', 'syscall.denied', 'syscall.failed'];

/** Creates the rig; dispose it to close the runtime and remove every file. */
export async function createJitRig(limits: Partial<JitLimits> = KIT_LIMITS): Promise<JitRig> {
  const providers = new Map<string, ModelProvider>();
  let denoDir = '';
  const t = await createTempRuntime({
    models: (spec) => {
      const provider = providers.get(spec);
      if (provider === undefined) throw new Error(`no provider ${spec}`);
      return Promise.resolve(provider);
    },
    body: createAgentBody({
      defaultModel: '',
      jit: {
        // The runner is made once the temp dir exists (its cache lives there, outside the workspace).
        run: (request) => createDenoRunner({ denoDir, limits }).run(request),
      },
    }),
  });
  denoDir = join(t.dir, 'deno');
  const outside = join(t.dir, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), OUTSIDE_SECRET);
  writeFileSync(join(outside, 'secret.ts'), `export const secret = '${OUTSIDE_SECRET}';\n`);
  let attacks = 0;
  return {
    t,
    get runtime() {
      return t.runtime;
    },
    workspace: t.workspace,
    outside,
    denoDir,
    async attack(source, options = {}) {
      attacks += 1;
      const spec = `scripted:attack-${String(attacks)}`;
      const name = 'attack';
      const run =
        options.register === true
          ? [{ register_tool: { name } }, { [name]: options.args ?? {} }]
          : [{ test_tool: { name, args: options.args ?? {} } }];
      providers.set(
        spec,
        createScriptedProvider({
          agents: [
            {
              goal: spec,
              calls: [
                {
                  propose_tool: {
                    name,
                    description: 'An attack.',
                    argsSchema: { type: 'object' },
                    source,
                  },
                },
                ...run,
                ...(options.then ?? []),
              ],
            },
          ],
        } as never),
      );
      const p = await t.runtime.spawn({ model: spec, imageId: 'coding', goal: spec });
      if (options.register === true)
        await t.runtime.grant({ subject: p.pid, resource: 'tool:attack', rights: 'register' });
      for (const g of options.grants ?? []) await t.runtime.grant({ subject: p.pid, ...g });
      const report = await t.runtime.run({ subtree: p.pid, maxQuanta: 50 });
      expect(report.stoppedBy).toBe('idle');
      const transcript = await t.runtime.store.read((r) => r.listTranscript(p.pid, { limit: 100 }));
      const results = transcript.flatMap((e) => (e.item.kind === 'result' ? [e.item] : []));
      const ran = results[run.length] ?? results.at(-1);
      expect(ran, 'the result of the tool call that ran the source').toBeDefined();
      const journal = await t.runtime.journal({ pid: p.pid, limit: 1000 });
      return {
        pid: p.pid,
        result: {
          isError: ran?.isError ?? false,
          value: JSON.parse(ran?.content ?? 'null') as Json,
        },
        journal,
        guestCalls: journal.filter(
          (e) => OUTCOMES.includes(e.type) && JSON.stringify(e.data.callId).includes(':jit.'),
        ),
      };
    },
    async [Symbol.asyncDispose]() {
      await t[Symbol.asyncDispose]();
    },
  };
}

/** Pids of live processes whose environment names `denoDir` (the rig's guests, wherever their parent is). */
export function guestsAlive(denoDir: string): number[] {
  const needle = `DENO_DIR=${denoDir}\u0000`;
  const alive: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (`${readFileSync(`/proc/${entry}/environ`, 'latin1')}\u0000`.includes(needle))
        alive.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours.
    }
  }
  return alive;
}

/** Asserts the attack failed with `code` as the model saw it, and left its trace in the journal. */
export function expectToolError(attack: AttackResult, code: string): void {
  expect(attack.result.isError).toBe(true);
  expect(attack.result.value).toMatchObject({ error: { code } });
  const completed = attack.journal.filter((e) => e.type === 'tool.completed');
  expect(completed.some((e) => e.data.isError === true)).toBe(true);
}

/** Asserts the outside directory holds exactly what was planted. */
export function expectOutsideUntouched(rig: JitRig): void {
  expect(snapshotTree(rig.outside)).toEqual({
    'secret.txt': OUTSIDE_SECRET,
    'secret.ts': `export const secret = '${OUTSIDE_SECRET}';\n`,
  });
}

/** Asserts nothing the model saw holds the secret. */
export async function expectSecretNotShown(rig: JitRig, pid: Pid): Promise<void> {
  const transcript = await rig.runtime.store.read((r) => r.listTranscript(pid, { limit: 100 }));
  expect(JSON.stringify(transcript)).not.toContain(OUTSIDE_SECRET);
}

/** A loopback HTTP server that counts the requests it gets (a guest must reach it zero times). */
export interface CountingServer {
  readonly port: number;
  hits(): number;
  close(): Promise<void>;
}

/** Starts a CountingServer on 127.0.0.1 answering every request with `body`. */
export async function startCountingServer(body: string): Promise<CountingServer> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.setHeader('content-type', 'application/typescript');
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/**
 * Registers the hooks every JIT attack file shares: one rig and one counting loopback server for
 * the file (answering `body`), and after each case the check that no guest survived.
 */
export function useJitAttackRig(body: string): { rig: () => JitRig; server: () => CountingServer } {
  let rig: JitRig | undefined;
  let server: CountingServer | undefined;
  beforeAll(async () => {
    rig = await createJitRig();
    server = await startCountingServer(body);
  });
  afterEach(() => {
    if (rig !== undefined) expect(guestsAlive(rig.denoDir)).toEqual([]);
  });
  afterAll(async () => {
    await server?.close();
    await rig?.[Symbol.asyncDispose]();
  });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the JIT attack rig is not started');
    return value;
  };
  return { rig: () => need(rig), server: () => need(server) };
}
