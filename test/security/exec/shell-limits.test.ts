// Exec corpus: runaway commands — fork bombs, memory hogs, output floods, commands that outlive their timeout or their process — are stopped, and none of their processes survives.
import { afterEach, describe, expect, it } from 'vitest';
import type { RigGrant } from '../helpers.js';
import {
  expectJournaledRun,
  hasSandbox,
  hostProcessesWith,
  runCommands,
  useSandboxRigs,
} from './exec-kit.js';

const SHELL: RigGrant = { resource: 'shell:*', rights: 'execute' };
const READ_ALL: RigGrant = { resource: 'fs:**', rights: 'read' };
const KEPT = 256 * 1024;

// Markers of this file's runaway processes: whatever a failed test left is killed after it.
const markers: string[] = [];
afterEach(() => {
  for (const marker of markers.splice(0))
    for (const pid of hostProcessesWith(marker)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
});

/** A marker unique to this run, usable as a sleep duration (`297.<digits>`) or a shell's $0. */
function newMarker(prefix: string): string {
  const marker = `${prefix}${process.pid}${markers.length}${Date.now() % 100_000}`;
  markers.push(marker);
  return marker;
}

/** The number of a kept stream's bytes (the truncation marker line removed). */
function keptBytes(text: string): number {
  return Buffer.byteLength(text.replace(/\n\[… \d+ more bytes not shown\]$/, ''));
}

describe.runIf(hasSandbox)('runaway commands are stopped', () => {
  const newRig = useSandboxRigs();

  it('a fork bomb returns and leaves no process behind', async () => {
    const rig = await newRig();
    const marker = newMarker('forkbomb-');
    await runCommands(
      rig,
      [SHELL, READ_ALL],
      [{ argv: ['bash', '-c', ':(){ :|:& };:; sleep 30', marker], timeoutMs: 2_000 }],
    );
    const out = await expectJournaledRun(rig, 0, { changes: [], network: false });
    expect(out.timedOut).toBe(true);
    // The process limit is what the bomb ran into (the pids cgroup, or RLIMIT_NPROC for non-root).
    expect(out.stderr).toContain('Resource temporarily unavailable');
    expect(hostProcessesWith(marker)).toEqual([]);
  });

  it('a memory hog fails to allocate 8 GiB', async () => {
    const rig = await newRig();
    await runCommands(
      rig,
      [SHELL, READ_ALL],
      [['python3', '-c', 'a = bytearray(8 * 1024**3)\nprint("allocated")']],
    );
    const out = await expectJournaledRun(rig, 0, { changes: [] });
    expect(out.exitCode).not.toBe(0);
    expect(out.stdout).not.toContain('allocated');
    expect(out.stderr).toContain('MemoryError');
  });

  it('every command runs under the CPU, address-space and core limits', async () => {
    const rig = await newRig();
    await runCommands(rig, [SHELL, READ_ALL], [['cat', '/proc/self/limits']]);
    const out = await expectJournaledRun(rig, 0, { exitCode: 0 });
    expect(out.stdout).toMatch(/Max cpu time\s+600\s+600\s+seconds/);
    expect(out.stdout).toMatch(/Max address space\s+4294967296\s+4294967296\s+bytes/);
    expect(out.stdout).toMatch(/Max core file size\s+0\s+0\s+bytes/);
  });

  it('a CPU-time limit the command sets itself ends it with SIGXCPU/SIGKILL, not the timeout', async () => {
    const rig = await newRig();
    // ulimit -t 1 lowers the inherited limit: a busy loop is stopped by the kernel after 1 s of CPU.
    await runCommands(
      rig,
      [SHELL, READ_ALL],
      [{ argv: ['bash', '-c', 'ulimit -t 1; while :; do :; done'], timeoutMs: 60_000 }],
    );
    const out = await expectJournaledRun(rig, 0, { timedOut: false });
    expect(out.exitCode).not.toBe(0);
  });

  it.each([
    ['yes until the timeout', ['yes'], 'stdout', 1_500],
    ['5 MB of zeros', ['head', '-c', '5000000', '/dev/zero'], 'stdout', 30_000],
    ['5 MB on stderr', ['sh', '-c', 'head -c 5000000 /dev/zero >&2'], 'stderr', 30_000],
  ] as const)(
    'an output flood (%s) is kept to 256 KiB and counted in full',
    async (_name, argv, stream, timeoutMs) => {
      const rig = await newRig();
      await runCommands(rig, [SHELL, READ_ALL], [{ argv, timeoutMs }]);
      const out = await expectJournaledRun(rig, 0, { changes: [] });
      const text = stream === 'stdout' ? out.stdout : out.stderr;
      const total = stream === 'stdout' ? out.stdoutBytes : out.stderrBytes;
      expect(keptBytes(text)).toBe(KEPT);
      expect(text).toMatch(new RegExp(`\\n\\[… ${total - KEPT} more bytes not shown\\]$`));
      if (argv[0] === 'yes') {
        expect(out.timedOut).toBe(true);
        expect(total).toBeGreaterThan(KEPT);
      } else {
        expect(total).toBe(5_000_000);
      }
      const entry = await import('./exec-kit.js').then((kit) => kit.journalOf(rig, 0));
      expect(entry[`${stream}Bytes`]).toBe(total);
    },
  );
});

describe.runIf(hasSandbox)('no process of a command outlives it', () => {
  const newRig = useSandboxRigs();

  it('a timed-out command and its background children are gone when the call returns', async () => {
    const rig = await newRig();
    const a = newMarker('299.');
    const b = newMarker('298.');
    await runCommands(
      rig,
      [SHELL, READ_ALL],
      [{ argv: ['bash', '-c', `sleep ${a} & sleep ${b} & wait`], timeoutMs: 500 }],
    );
    const out = await expectJournaledRun(rig, 0, {
      timedOut: true,
      exitCode: null,
      signal: 'SIGKILL',
    });
    expect(out.timedOut).toBe(true);
    expect([...hostProcessesWith(a), ...hostProcessesWith(b)]).toEqual([]);
  });

  it('a daemon the command detaches (setsid, nohup) dies when the command exits', async () => {
    const rig = await newRig();
    const a = newMarker('297.');
    const b = newMarker('296.');
    await runCommands(
      rig,
      [SHELL, READ_ALL],
      [
        [
          'bash',
          '-c',
          `setsid sleep ${a} </dev/null >/dev/null 2>&1 & nohup sleep ${b} >/dev/null 2>&1 & disown -a; exit 0`,
        ],
      ],
    );
    await expectJournaledRun(rig, 0, { exitCode: 0, timedOut: false });
    expect([...hostProcessesWith(a), ...hostProcessesWith(b)]).toEqual([]);
  });

  it('a command whose process is terminated mid-run is killed with it', async () => {
    const rig = await newRig();
    const marker = newMarker('295.');
    rig.script('long-command', async (ctx) => {
      await rig.call(ctx, 'shell.run', { argv: ['sleep', marker], timeoutMs: 120_000 });
    });
    const pid = await rig.spawn('long-command', { grants: [SHELL, READ_ALL] });
    const running = rig.runtime.run({ maxQuanta: 50 });
    // Wait until the sandboxed sleep exists on the host (the test's own timeout bounds this), then
    // terminate its process.
    while (hostProcessesWith(marker).length === 0)
      await new Promise((resolve) => setTimeout(resolve, 25));
    await rig.runtime.kill(pid);
    await running;
    expect(hostProcessesWith(marker)).toEqual([]);
    const [killed] = await rig.runtime.list({ limit: 10 });
    expect(killed?.state.kind).toBe('killed');
    const entries = await rig.runtime.journal({ pid: pid, limit: 500 });
    expect(entries.map((e) => e.type)).not.toContain('syscall.completed');
    // The call ends as cancelled, its effect settled as failed after it started.
    expect(entries.find((e) => e.type === 'syscall.failed')?.data).toMatchObject({
      syscall: 'shell.run',
      code: 'CANCELLED',
    });
    expect(entries.find((e) => e.type === 'effect.settled')?.data).toMatchObject({
      state: 'failed',
      code: 'CANCELLED',
    });
  });
});
