// The inline approval prompter: asks the person at a terminal about each pending human request.
import type { Readable, Writable } from 'node:stream';
import { throwIfAborted } from '../../base/abort.js';
import { isLibosError } from '../../base/errors.js';
import type { HumanRequest, RequestId } from '../../kernel/approval/types.js';
import type { Runtime } from '../../runtime/runtime.js';
import { collectPages } from '../../base/collect-pages.js';
import { describeRequest } from '../format/describe-request.js';
import { printable } from '../format/printable.js';
import { askRequest, type AskIo } from './ask-request.js';
import { InputReader } from './input-reader.js';

/** The part of the runtime the prompter uses. */
export type PrompterRuntime = Pick<Runtime, 'requests' | 'decide'>;

/** Where the prompter reads and writes, and what stops it. */
export interface ApprovalPrompterOptions {
  /** The person's input; a TTY with `setRawMode` gets single-key answers, anything else lines. */
  readonly input: Readable;
  readonly output: Writable;
  /** Stops prompting with CANCELLED; raw mode is restored first. */
  readonly signal?: AbortSignal;
}

/** What a round of prompting did. */
export interface PromptReport {
  /** Requests decided here, as stored after the decision. */
  readonly decided: readonly HumanRequest[];
  /** Requests left pending: skipped, or decided elsewhere in the meantime. */
  readonly skipped: readonly RequestId[];
  /** Why it stopped: every request was asked about, the input ended, or Ctrl-C in raw mode. */
  readonly ended: 'asked-all' | 'input-ended' | 'interrupted';
}

const PAGE = 200;

/**
 * Lists the pending human requests and asks about each in turn: a/A/d/D (allow once, allow
 * always, deny once, deny always) for a permission, a line of text for a question, enter to
 * acknowledge a notification; enter (or an empty line) skips. Each answer goes to
 * `runtime.decide`, which wakes the waiting process. A request decided elsewhere meanwhile is
 * reported and skipped. Input that was not used is left on the stream.
 * @throws CANCELLED when `options.signal` fires
 * @example
 * if (process.stdin.isTTY) await promptApprovals(runtime, { input: process.stdin, output: process.stdout });
 */
export async function promptApprovals(
  runtime: PrompterRuntime,
  options: ApprovalPrompterOptions,
): Promise<PromptReport> {
  const { output, signal } = options;
  const pending = await collectPages(
    (afterId: RequestId | undefined, limit) =>
      runtime.requests({
        states: ['pending'],
        limit,
        ...(afterId === undefined ? {} : { afterId }),
      }),
    (request) => request.id,
    { pageSize: PAGE },
  );
  const decided: HumanRequest[] = [];
  const skipped: RequestId[] = [];
  if (pending.length === 0) return { decided, skipped, ended: 'asked-all' };
  output.write(`${pending.length} pending request${pending.length === 1 ? '' : 's'}\n`);
  const reader = new InputReader(options.input);
  const io: AskIo = { reader, output, setRaw: rawControl(options.input), signal };
  try {
    for (const [index, request] of pending.entries()) {
      output.write(header(request, { index, total: pending.length }));
      const outcome = await askRequest(request, io);
      if (outcome.type === 'input-ended' || outcome.type === 'interrupted') {
        skipped.push(...pending.slice(index).map((r) => r.id));
        return { decided, skipped, ended: outcome.type };
      }
      if (outcome.type === 'skip') {
        skipped.push(request.id);
        output.write('  skipped\n');
        continue;
      }
      throwIfAborted(signal, 'Prompting for approvals');
      try {
        decided.push(await runtime.decide(request.id, outcome.answer));
        output.write(
          `  ${outcome.answer.decision ?? (request.body.kind === 'question' ? 'answered' : 'acknowledged')}\n`,
        );
      } catch (error) {
        // Someone else answered first (another console): say so and carry on.
        if (!isLibosError(error, 'ILLEGAL_TRANSITION') && !isLibosError(error, 'NOT_FOUND'))
          throw error;
        skipped.push(request.id);
        output.write(`  not decided: ${printable(error.message)}\n`);
      }
    }
    return { decided, skipped, ended: 'asked-all' };
  } finally {
    reader.close();
  }
}

/** The runtime's line about `request`, then what the agent asks, every line quoted (`  │ `). */
function header(request: HumanRequest, position: { index: number; total: number }): string {
  const deadline =
    request.deadline === null ? '' : `, deadline ${new Date(request.deadline).toISOString()}`;
  return (
    `\n[${position.index + 1}/${position.total}] ${request.id} from ${request.pid}: ` +
    `${request.body.kind}${deadline}\n${describeRequest(request.body, { lines: 'quote' })}\n`
  );
}

/** Raw-mode control for a terminal input, restoring its original mode when turned off. */
function rawControl(input: Readable): ((isOn: boolean) => void) | null {
  if (!('isTTY' in input) || input.isTTY !== true) return null;
  if (!('setRawMode' in input) || typeof input.setRawMode !== 'function') return null;
  const setRawMode = input.setRawMode as (mode: boolean) => unknown;
  const wasRaw = 'isRaw' in input && input.isRaw === true;
  return (isOn) => {
    setRawMode.call(input, isOn || wasRaw);
  };
}
