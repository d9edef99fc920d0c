// Test kit: what a syscall is exercised with in syscall-table.test.ts, and the checkpoint samples.

/** What one syscall is exercised with. */
export interface Sample {
  /** A valid input (before schema defaults). */
  readonly input: Readonly<Record<string, unknown>>;
  /** A plausible output of the body for that input. */
  readonly output: unknown;
  /**
   * The effect the catalog gives it: external effects get an intent before they run; state
   * changes store their outcome with the change, so a re-issued call is not made twice.
   */
  readonly effect: 'none' | 'state' | 'external';
  /** The needs `resources` must return for `input` from cwd `.`, as `kind:path right`. */
  readonly needs: readonly string[];
  /** Content carried by input or output (file bytes, message bodies, answers) that the journal must not copy. */
  readonly payloads: readonly string[];
  /** Input fields that accept any JSON value, so no wrong type exists for them. */
  readonly anyJson?: readonly string[];
}

const HEX = 'ab'.repeat(32);

const CHECKPOINT: Readonly<Record<string, unknown>> = {
  id: 'ckpt_00000001',
  rootPid: 'proc_00000002',
  name: 'before the refactor',
  createdBy: 'proc_00000001',
  createdAt: 1,
  journalSeq: 10,
  fileChangeSeq: 0,
  processCount: 1,
  objectCount: 3,
  manifestSha256: HEX,
};

/** Samples of the checkpoint syscalls. */
export const CHECKPOINT_SAMPLES: Readonly<Record<string, Sample>> = {
  'checkpoint.create': {
    input: { pid: 'proc_00000002', name: 'before the refactor' },
    output: CHECKPOINT,
    effect: 'state',
    needs: ['checkpoint:process/proc_00000002 create'],
    payloads: [],
  },
  'checkpoint.list': {
    input: { pid: 'proc_00000002', limit: 10 },
    output: { checkpoints: [CHECKPOINT] },
    effect: 'none',
    needs: ['checkpoint:process/proc_00000002 read'],
    payloads: [],
  },
  'checkpoint.inspect': {
    input: { id: 'ckpt_00000001' },
    output: { ...CHECKPOINT, processes: [], capabilities: 2, pendingRequests: 0 },
    effect: 'none',
    // Resolved without a located checkpoint (no store here): the grant is needed.
    needs: ['checkpoint:ckpt_00000001 read'],
    payloads: [],
  },
  'checkpoint.diff': {
    input: { from: 'ckpt_00000001', to: 'ckpt_00000002' },
    output: { addedProcesses: [], removedProcesses: [], changedProcesses: [], objects: [] },
    effect: 'none',
    needs: ['checkpoint:ckpt_00000001 read', 'checkpoint:ckpt_00000002 read'],
    payloads: [],
  },
  'checkpoint.restore': {
    input: { id: 'ckpt_00000001' },
    output: { checkpoint: 'ckpt_00000001', restored: ['proc_00000002'], killed: [], external: [] },
    effect: 'state',
    needs: ['checkpoint:ckpt_00000001 restore'],
    payloads: [],
  },
  'checkpoint.fork': {
    input: { id: 'ckpt_00000001' },
    output: { checkpoint: 'ckpt_00000001', root: 'proc_00000009', pids: [] },
    effect: 'state',
    needs: ['checkpoint:ckpt_00000001 fork'],
    payloads: [],
  },
};
