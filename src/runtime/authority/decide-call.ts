// A call's verdict: its capability records (as a test-only review sees them), then its exit's labels.
import type { Pid } from '../../base/ids.js';
import type { Exit } from '../../kernel/flow/types.js';
import type { Sensitivity } from '../../kernel/object/types.js';
import type { StoreReader } from '../../ports/store.js';
import type { ResourceNeed } from '../../syscalls/define-syscall.js';
import { decideExit, type ExitVerdict } from '../flow/decide-exit.js';
import type { CapabilityCache } from './capability-cache.js';
import { loadDecision, type Verdict } from './load-decision.js';

/** The call being decided, as a review sees it. */
export interface CallToDecide {
  readonly pid: Pid;
  readonly syscall: string;
  readonly needs: readonly ResourceNeed[];
  readonly callHash: string;
  readonly now: number;
  readonly reader: StoreReader;
  readonly exit: Exit | null;
}

/** How a runtime decides besides its cache: its model clearance and the test-only hooks (if any). */
export interface DecideSettings<C> {
  readonly modelClearance?: Sensitivity | undefined;
  readonly hooks?:
    | {
        readonly review?: (verdict: Verdict, call: C) => Verdict | Promise<Verdict>;
        /** False: no exit is checked against the caller's taint. */
        readonly labels?: boolean;
      }
    | undefined;
}

/**
 * The verdict of `call`'s capability records (replaced by `review` when a test hook gives one),
 * then of its exit's labels (see decideExit).
 */
export async function decideCall<C extends CallToDecide>(
  call: C,
  settings: DecideSettings<C>,
  cache: CapabilityCache,
): Promise<ExitVerdict> {
  const review = settings.hooks?.review;
  const records = await loadDecision(call.reader, call, { cache });
  const verdict = review === undefined ? records : await review(records, call);
  if (call.exit === null || settings.hooks?.labels === false) return { verdict, hold: null };
  return decideExit(call.reader, verdict, {
    pid: call.pid,
    exit: call.exit,
    callHash: call.callHash,
    now: call.now,
    cache,
    ...(settings.modelClearance === undefined ? {} : { modelClearance: settings.modelClearance }),
  });
}
