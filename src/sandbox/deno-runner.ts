// The host-side broker: one Deno process per JIT tool call, its syscalls run by the host as the caller.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Json } from '../base/canonical-json.js';
import { LibosError, toLibosError } from '../base/errors.js';
import type { JitRunner, JitRunOutcome, JitRunRequest } from '../ports/jit-runner.js';
import {
  denoEnvironment,
  denoRunFlags,
  guestMainUrl,
  JIT_DEFAULTS,
  type JitLimits,
} from './deno-command.js';
import { findDeno, findSetpriv } from './find-deno.js';
import { LineSplitter, parseGuestFrame, type GuestFrame } from './guest-frames.js';

const ATTEMPTED = 'Running a JIT tool';
/** Most syscalls a guest may have queued unanswered; more is a flood, not a program. */
const MAX_QUEUED = 64;
/** How much of the guest's stderr is kept, to tell a heap overflow from another death. */
const STDERR_TAIL = 4096;

/** Options of the Deno runner. */
export interface DenoRunnerOptions {
  /** Deno's private cache directory (created 0700); never inside the workspace. */
  readonly denoDir: string;
  readonly limits?: Partial<JitLimits>;
  /** The Deno binary (default: the one in node_modules, `findDeno`). */
  readonly deno?: string;
}

type Call = Extract<GuestFrame, { t: 'call' }>;

/**
 * A JitRunner that starts one Deno process per call with no permissions (see `denoRunFlags`),
 * sends it the source and arguments on stdin, and answers its `libos.syscall` frames one at a time
 * through `request.syscall`. The process is SIGKILLed at the wall limit, on a heap, frame, result
 * or syscall-count overflow, on a malformed frame, on cancellation, and as soon as it has
 * answered; with `setpriv` the kernel also kills it when the host dies. A run settles only once
 * the process is gone and no syscall of it is still running.
 */
export function createDenoRunner(options: DenoRunnerOptions): JitRunner {
  const limits: JitLimits = { ...JIT_DEFAULTS, ...options.limits };
  let prepared = false;
  return {
    run(request) {
      const deno = options.deno ?? findDeno();
      if (deno === null)
        return Promise.reject(
          new LibosError('INTERNAL', `${ATTEMPTED} failed: Deno is not installed`),
        );
      if (!prepared) {
        mkdirSync(options.denoDir, { recursive: true, mode: 0o700 });
        prepared = true;
      }
      return runOnce(request, { deno, denoDir: options.denoDir, limits });
    },
  };
}

function startGuest(setup: { deno: string; denoDir: string; limits: JitLimits }) {
  const argv = [...denoRunFlags(setup.limits), guestMainUrl()];
  const setpriv = findSetpriv();
  const [command, args] =
    setpriv === null
      ? [setup.deno, argv]
      : [setpriv, ['--pdeathsig', 'KILL', '--', setup.deno, ...argv]];
  return spawn(command, args, {
    cwd: setup.denoDir,
    env: denoEnvironment(setup.denoDir),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function runOnce(
  request: JitRunRequest,
  setup: { deno: string; denoDir: string; limits: JitLimits },
): Promise<JitRunOutcome> {
  const { limits } = setup;
  return new Promise<JitRunOutcome>((resolve, reject) => {
    if (request.signal.aborted) {
      reject(new LibosError('CANCELLED', `${ATTEMPTED} failed: the call was cancelled`));
      return;
    }
    const child: ChildProcessWithoutNullStreams = startGuest(setup);
    const splitter = new LineSplitter({ maxBytes: limits.maxFrameBytes });
    const queue: Call[] = [];
    let inflight: Promise<void> | null = null;
    let calls = 0;
    let stderr = '';
    let settled = false;
    let exited = false;

    const finish = (outcome: { value: JitRunOutcome } | { error: LibosError }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal.removeEventListener('abort', onAbort);
      if (!exited) child.kill('SIGKILL');
      const gone = exited
        ? Promise.resolve()
        : new Promise<void>((done) => {
            child.once('close', () => {
              done();
            });
          });
      // Settles once the process is gone and no syscall of it is still running.
      void Promise.all([gone, inflight ?? Promise.resolve()]).then(() => {
        if ('value' in outcome) resolve(outcome.value);
        else reject(outcome.error);
      });
    };
    // A frame handler may settle the run; read through a call so the check is not narrowed away.
    const isSettled = (): boolean => settled;
    const fail = (code: 'TOOL_FAILED' | 'OUT_OF_RANGE', why: string): void => {
      finish({ error: new LibosError(code, `${ATTEMPTED} failed: ${why}`) });
    };
    const send = (frame: Json): void => {
      if (!settled) child.stdin.write(`${JSON.stringify(frame)}\n`);
    };

    const pump = (): void => {
      if (inflight !== null || settled) return;
      const call = queue.shift();
      if (call === undefined) return;
      inflight = answer(call).finally(() => {
        inflight = null;
        pump();
      });
    };
    const answer = async (call: Call): Promise<void> => {
      try {
        const result = await request.syscall(call.name, call.input);
        if (result.blocked) finish({ value: { blocked: true } });
        else send({ t: 'reply', id: call.id, ok: true, value: result.value });
      } catch (thrown) {
        const error = toLibosError(thrown, call.name);
        // A cancelled quantum or a lost lease ends the tool: nothing it does can land now.
        if (error.code === 'CANCELLED' || error.code === 'STALE_LEASE') finish({ error });
        else
          send({
            t: 'reply',
            id: call.id,
            ok: false,
            error: { code: error.code, message: error.message },
          });
      }
    };

    const onFrame = (frame: GuestFrame): void => {
      if (frame.t === 'done') {
        if (!frame.ok) {
          fail('TOOL_FAILED', `the tool threw: ${frame.error.message.slice(0, 500)}`);
          return;
        }
        if (JSON.stringify(frame.value).length > limits.maxResultBytes) {
          fail('OUT_OF_RANGE', `the result is larger than ${String(limits.maxResultBytes)} bytes`);
          return;
        }
        finish({ value: { blocked: false, value: frame.value } });
        return;
      }
      calls += 1;
      if (calls > limits.maxSyscalls) {
        fail('OUT_OF_RANGE', `the tool made more than ${String(limits.maxSyscalls)} syscalls`);
        return;
      }
      if (queue.length >= MAX_QUEUED) {
        fail('OUT_OF_RANGE', `the tool queued more than ${String(MAX_QUEUED)} syscalls at once`);
        return;
      }
      queue.push(frame);
      pump();
    };

    child.stdout.on('data', (chunk: Buffer) => {
      if (settled) return;
      const split = splitter.push(chunk);
      if (split.overflow) {
        fail(
          'OUT_OF_RANGE',
          `the tool sent a frame larger than ${String(limits.maxFrameBytes)} bytes`,
        );
        return;
      }
      for (const line of split.lines) {
        const frame = parseGuestFrame(line);
        if (frame === null) {
          fail('TOOL_FAILED', 'the tool broke the protocol: a malformed frame');
          return;
        }
        onFrame(frame);
        if (isSettled()) return;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    // Writes to a guest that already died fail with EPIPE; its exit says what happened.
    child.stdin.on('error', () => undefined);
    child.on('error', () => {
      exited = true;
      finish({ error: new LibosError('INTERNAL', `${ATTEMPTED} failed: Deno could not start`) });
    });
    child.on('close', () => {
      exited = true;
      if (/heap limit|out of memory/i.test(stderr))
        fail('OUT_OF_RANGE', `the tool used more than its ${String(limits.heapMiB)} MiB heap`);
      else fail('TOOL_FAILED', "the tool's process ended without a result");
    });

    const timer = setTimeout(() => {
      finish({
        error: new LibosError(
          'DEADLINE_EXCEEDED',
          `${ATTEMPTED} failed: the tool ran longer than ${String(limits.wallMs)} ms`,
        ),
      });
    }, limits.wallMs);
    const onAbort = (): void => {
      finish({ error: new LibosError('CANCELLED', `${ATTEMPTED} failed: the call was cancelled`) });
    };
    request.signal.addEventListener('abort', onAbort, { once: true });
    child.stdin.write(
      `${JSON.stringify({ t: 'start', source: request.source, args: request.args })}\n`,
    );
  });
}
