// The inline approval prompter over in-memory streams: line answers, raw single keys, skipping,
// the end of input, Ctrl-C, cancellation and requests decided elsewhere.
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../src/base/clock.js';
import { isLibosError } from '../../src/base/errors.js';
import type { Capability } from '../../src/kernel/capability/types.js';
import { promptApprovals } from '../../src/cli/prompt/approval-prompter.js';
import { InputReader } from '../../src/cli/prompt/input-reader.js';
import { openRuntime } from '../../src/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import {
  AUTH_START,
  authorityBody,
  NOTICE,
  QUESTION,
  seedAuthority,
  type SeededAuthority,
} from './authority-fixture.js';
import { createTempWorkspace, type TempWorkspace } from './cli-harness.js';

/** A seeded workspace with a runtime open on it (system ids, clock a minute after seeding). */
async function openSeeded(): Promise<
  AsyncDisposable & { ws: TempWorkspace; rt: Runtime; seeded: SeededAuthority }
> {
  const ws = await createTempWorkspace();
  const seeded = await seedAuthority(ws.dir);
  const rt = await openRuntime({
    workspace: ws.dir,
    body: authorityBody(),
    clock: createManualClock(AUTH_START + 60_000),
  });
  return {
    ws,
    rt,
    seeded,
    async [Symbol.asyncDispose]() {
      await rt.close();
      await ws[Symbol.asyncDispose]();
    },
  };
}

/** In-memory streams: `input` pre-filled with `typed`, `output` collected as text. */
function streams(typed: string): { input: PassThrough; output: PassThrough; shown: () => string } {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  if (typed !== '') input.write(typed);
  return { input, output, shown: () => text };
}

/** Makes `input` look like a terminal that supports raw mode; returns the raw-mode calls. */
function asTerminal(input: PassThrough): boolean[] {
  const calls: boolean[] = [];
  Object.assign(input, {
    isTTY: true,
    isRaw: false,
    setRawMode(mode: boolean) {
      calls.push(mode);
      return input;
    },
  });
  return calls;
}

describe('promptApprovals', () => {
  it('asks about each pending request and decides it from line answers', async () => {
    await using s = await openSeeded();
    const { pids, requests } = s.seeded;
    const io = streams('a\nteal\n\n');
    const report = await promptApprovals(s.rt, { input: io.input, output: io.output });
    expect(report.ended).toBe('asked-all');
    expect(report.skipped).toEqual([]);
    expect(report.decided.map((r) => [r.id, r.state.kind])).toEqual([
      [requests.permission, 'answered'],
      [requests.question, 'answered'],
      [requests.notification, 'answered'],
    ]);
    expect(report.decided[0]?.state).toMatchObject({ decision: 'allow_once' });
    expect(report.decided[1]?.state).toMatchObject({ decision: null, answer: 'teal' });
    const shown = io.shown();
    expect(shown).toContain('3 pending requests\n');
    expect(shown).toContain(
      `[1/3] ${requests.permission} from ${pids.writer}: permission\n  │ write on fs:a.txt (fs.write): fs.write needs write on fs:a.txt\n`,
    );
    expect(shown).toContain(
      'a allow once · A allow always · d deny once · D deny always · enter skip',
    );
    expect(shown).toContain(
      `[2/3] ${requests.question} from ${pids.asker}: question, deadline ${new Date(AUTH_START + 3_600_000).toISOString()}\n  │ ${QUESTION}\n`,
    );
    expect(shown).toContain(
      `[3/3] ${requests.notification} from ${pids.notifier}: notification\n  │ ${NOTICE}\n`,
    );
    expect(shown).toMatch(/allow_once\n[\s\S]*answered\n[\s\S]*acknowledged\n$/);
    // The woken processes continue.
    await s.rt.run();
    expect((await s.rt.get(pids.writer)).state).toEqual({ kind: 'exited', result: 'written' });
    expect((await s.rt.get(pids.asker)).state).toEqual({ kind: 'exited', result: 'teal' });
  });

  it('re-asks after an unknown key, skips on enter and leaves skipped requests pending', async () => {
    await using s = await openSeeded();
    const { requests } = s.seeded;
    const io = streams('x\n\n\nq\ns\n');
    const report = await promptApprovals(s.rt, { input: io.input, output: io.output });
    expect(report).toMatchObject({
      ended: 'asked-all',
      decided: [],
      skipped: [requests.permission, requests.question, requests.notification],
    });
    expect(io.shown()).toContain('  press a, A, d or D (enter skips)\n');
    expect((await s.rt.requests()).map((r) => r.id)).toEqual([
      requests.permission,
      requests.question,
      requests.notification,
    ]);
  });

  it('stops when the input ends, keeping the rest pending', async () => {
    await using s = await openSeeded();
    const { pids, requests } = s.seeded;
    const io = streams('D\n');
    io.input.end();
    const report = await promptApprovals(s.rt, { input: io.input, output: io.output });
    expect(report.ended).toBe('input-ended');
    expect(report.decided.map((r) => r.id)).toEqual([requests.permission]);
    expect(report.skipped).toEqual([requests.question, requests.notification]);
    const records = await s.rt.capabilities({ subject: pids.writer });
    expect(records.find((r: Capability) => r.approval === requests.permission)).toMatchObject({
      effect: 'deny',
      boundCall: null,
    });
  });

  it('reads single keys in raw mode, a line for a question, and restores the mode', async () => {
    await using s = await openSeeded();
    const { requests } = s.seeded;
    const io = streams('Agreen\n\r');
    const raw = asTerminal(io.input);
    const report = await promptApprovals(s.rt, { input: io.input, output: io.output });
    expect(report.decided.map((r) => r.state)).toMatchObject([
      { decision: 'allow_always' },
      { answer: 'green' },
      { kind: 'answered', decision: null, answer: null },
    ]);
    expect(report.decided.map((r) => r.id)).toEqual([
      requests.permission,
      requests.question,
      requests.notification,
    ]);
    // Raw only around each key press: the question's line is typed with the terminal's echo.
    expect(raw).toEqual([true, false, true, false]);
    expect(io.shown()).toContain('> A\n');
  });

  it('ignores an escape sequence in raw mode instead of reading its letters as keys', async () => {
    await using s = await openSeeded();
    const io = streams('\u001b[A');
    asTerminal(io.input);
    io.output.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('press a, A, d or D')) io.input.write('d');
      if (chunk.toString().includes('answer (empty line skips)')) io.input.end();
    });
    const report = await promptApprovals(s.rt, { input: io.input, output: io.output });
    expect(report.decided.map((r) => r.state)).toMatchObject([{ decision: 'deny_once' }]);
    expect(report.ended).toBe('input-ended');
  });

  it('stops on Ctrl-C in raw mode and on Ctrl-D', async () => {
    await using s = await openSeeded();
    const { requests } = s.seeded;
    const interrupted = streams('\u0003');
    const raw = asTerminal(interrupted.input);
    const first = await promptApprovals(s.rt, {
      input: interrupted.input,
      output: interrupted.output,
    });
    expect(first).toMatchObject({ ended: 'interrupted', decided: [] });
    expect(first.skipped).toHaveLength(3);
    expect(raw.at(-1)).toBe(false);
    const ended = streams('\u0004');
    asTerminal(ended.input);
    const second = await promptApprovals(s.rt, { input: ended.input, output: ended.output });
    expect(second.ended).toBe('input-ended');
    expect((await s.rt.requests()).map((r) => r.id)).toEqual(Object.values(requests));
  });

  it('rejects with CANCELLED when its signal fires while waiting, restoring raw mode', async () => {
    await using s = await openSeeded();
    const io = streams('');
    const raw = asTerminal(io.input);
    const controller = new AbortController();
    io.output.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('> ')) controller.abort();
    });
    const error: unknown = await promptApprovals(s.rt, {
      input: io.input,
      output: io.output,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(isLibosError(error, 'CANCELLED')).toBe(true);
    expect(raw).toEqual([true, false]);
    expect(await s.rt.requests()).toHaveLength(3);
  });

  it('reports a request decided elsewhere meanwhile and carries on', async () => {
    await using s = await openSeeded();
    const { requests } = s.seeded;
    const io = streams('a\n\n\n');
    const decide = vi.fn(async (id: string, answer: Parameters<Runtime['decide']>[1]) => {
      // Another console answers first.
      if (id === requests.permission) await s.rt.decide(id, { decision: 'deny_once' });
      return s.rt.decide(id, answer);
    });
    const report = await promptApprovals(
      { requests: (query) => s.rt.requests(query), decide },
      { input: io.input, output: io.output },
    );
    expect(report.skipped).toEqual([requests.permission, requests.question]);
    expect(report.decided.map((r) => r.id)).toEqual([requests.notification]);
    expect(io.shown()).toContain(
      `  not decided: Deciding request ${requests.permission} failed: the request is already answered\n`,
    );
  });

  it('writes nothing when nothing is pending, and leaves unused input on the stream', async () => {
    await using s = await openSeeded();
    const { requests } = s.seeded;
    const none = streams('');
    await s.rt.decide(requests.question, { answer: 'blue' });
    await s.rt.decide(requests.notification, {});
    const io = streams('a\nleftover line\n');
    const report = await promptApprovals(s.rt, { input: io.input, output: io.output });
    expect(report.decided.map((r) => r.id)).toEqual([requests.permission]);
    const reader = new InputReader(io.input);
    try {
      expect(await reader.readLine()).toBe('leftover line');
    } finally {
      reader.close();
    }
    const empty = await promptApprovals(s.rt, { input: none.input, output: none.output });
    expect(empty).toEqual({ decided: [], skipped: [], ended: 'asked-all' });
    expect(none.shown()).toBe('');
  });
});
