// The cost of the runtime's spans per quantum and per syscall: with no SDK (the default) and with one.
import { performance } from 'node:perf_hooks';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Pid } from '../src/base/ids.js';
import { endSyscallSpan, Tracing } from '../src/runtime/telemetry/tracing.js';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';

const BENCH = 'telemetry';

/** Records every span and drops it at once: the SDK's own cost, no exporter's. */
const DISCARD: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/**
 * Nanoseconds per quantum span (a cached process context, start and end) and per syscall span
 * (the `isRecording` check, or start and end with decision and outcome), with no SDK installed
 * and with the trace SDK recording into a processor that drops everything. CPU only: compare
 * with the time of one `bench.nop` syscall (syscall-throughput).
 */
export async function telemetry(options: BenchOptions): Promise<BenchResult[]> {
  const n = options.quick ? 50_000 : 300_000;
  const rows: BenchResult[] = [];
  const sdk = new BasicTracerProvider({ spanProcessors: [DISCARD] });
  for (const [label, tracing] of [
    ['no SDK', new Tracing()],
    ['SDK recording', new Tracing({ provider: sdk })],
  ] as const) {
    options.log(`${BENCH}: ${label}`);
    const quantum = median(() =>
      perCall(n, (i) => {
        tracing.startQuantum(QUANTA[i % QUANTA.length]!).end();
      }),
    );
    const parent = tracing.startQuantum(QUANTA[0]!);
    const syscall = median(() =>
      perCall(n, () => {
        const span = tracing.startSyscall(parent, { name: 'bench.nop', callId: 'c' });
        if (span !== null)
          endSyscallSpan(span, {
            decision: 'allow',
            outcome: 'completed',
            code: null,
            replayed: false,
          });
      }),
    );
    const setup = `${n.toLocaleString('en-US')} calls, median of 5, 100 pids cycling (contexts cached); @opentelemetry/api 1.9${label === 'no SDK' ? ', no provider installed' : ', sdk-trace-base BasicTracerProvider, a processor that drops every span'}`;
    rows.push({
      bench: BENCH,
      name: `quantum span, ${label}`,
      value: quantum,
      unit: 'ns/quantum',
      setup,
    });
    rows.push({
      bench: BENCH,
      name: `syscall span, ${label}`,
      value: syscall,
      unit: 'ns/syscall',
      setup,
    });
  }
  await sdk.shutdown();
  return rows;
}

const QUANTA = Array.from({ length: 100 }, (_, i) => ({
  pid: `proc_bench${String(i).padStart(8, '0')}` as Pid,
  parentPid: i === 0 ? null : ('proc_bench00000000' as Pid),
  rootPid: 'proc_bench00000000' as Pid,
  fence: 1,
}));

function perCall(n: number, act: (i: number) => void): number {
  for (let i = 0; i < n / 10; i += 1) act(i);
  const start = performance.now();
  for (let i = 0; i < n; i += 1) act(i);
  return ((performance.now() - start) * 1e6) / n;
}

function median(measure: () => number): number {
  const runs = Array.from({ length: 5 }, measure).sort((a, b) => a - b);
  return Math.round(runs[2] ?? 0);
}
