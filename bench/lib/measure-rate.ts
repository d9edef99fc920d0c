// Measures operations per second over a fixed wall-clock window, with one or many calls in flight.

/** A measured rate. */
export interface Rate {
  readonly ops: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** CPU time (user + system) this process spent in the window, all threads. */
  readonly cpuSeconds: number;
}

/** How long to warm up and measure, and how many calls to keep in flight. */
export interface RateOptions {
  readonly warmupMs: number;
  readonly durationMs: number;
  /** 1 awaits each call before issuing the next. */
  readonly inFlight: number;
}

/**
 * Runs `op` for `warmupMs` (discarded), then for `durationMs`, with `inFlight` workers each
 * awaiting its own call before issuing the next, and returns the measured window's rate.
 */
export async function measureRate(
  op: (i: number) => Promise<unknown>,
  options: RateOptions,
): Promise<Rate> {
  const counter = { next: 0 };
  await runWindow(op, counter, { ms: options.warmupMs, inFlight: options.inFlight });
  return runWindow(op, counter, { ms: options.durationMs, inFlight: options.inFlight });
}

/**
 * The synchronous twin of {@link measureRate}, for a baseline with no promises at all: it reads
 * the clock every 64 calls so timing does not dominate a cheap `op`.
 */
export function measureSyncRate(
  op: (i: number) => void,
  options: Omit<RateOptions, 'inFlight'>,
): Rate {
  let next = 0;
  const window = (ms: number): Rate => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const deadline = start + ms;
    let ops = 0;
    while (performance.now() < deadline) {
      for (let k = 0; k < 64; k++) op(next++);
      ops += 64;
    }
    const seconds = (performance.now() - start) / 1000;
    return { ops, seconds, perSecond: ops / seconds, cpuSeconds: cpuSecondsSince(cpu) };
  };
  window(options.warmupMs);
  return window(options.durationMs);
}

async function runWindow(
  op: (i: number) => Promise<unknown>,
  counter: { next: number },
  options: { ms: number; inFlight: number },
): Promise<Rate> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const deadline = start + options.ms;
  let ops = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await op(counter.next++);
      ops += 1;
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, worker));
  const seconds = (performance.now() - start) / 1000;
  return { ops, seconds, perSecond: ops / seconds, cpuSeconds: cpuSecondsSince(cpu) };
}

/** CPU seconds (user + system) spent since `start`, a `process.cpuUsage()` reading. */
export function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}
