// Asks the person at the terminal about one human request and reads their answer.
import type { Writable } from 'node:stream';
import type { HumanRequest, PermissionDecision } from '../../kernel/approval/types.js';
import type { ParsedAnswer } from '../parse-decision.js';
import type { InputReader } from './input-reader.js';

/** What the person chose for one request. */
export type AskOutcome =
  | { readonly type: 'answer'; readonly answer: ParsedAnswer }
  | { readonly type: 'skip' }
  /** The input ended (or Ctrl-D in raw mode): stop asking. */
  | { readonly type: 'input-ended' }
  /** Ctrl-C in raw mode: stop asking. */
  | { readonly type: 'interrupted' };

/** Where to ask: the reader and writer, and raw-mode control when the input is a terminal. */
export interface AskIo {
  readonly reader: InputReader;
  readonly output: Writable;
  /** Turns raw mode (single key presses, no echo) on or off; null when the input is no terminal. */
  readonly setRaw: ((isOn: boolean) => void) | null;
  readonly signal: AbortSignal | undefined;
}

const KEYS: Readonly<Record<string, PermissionDecision>> = {
  a: 'allow_once',
  A: 'allow_always',
  d: 'deny_once',
  D: 'deny_always',
  allow_once: 'allow_once',
  allow_always: 'allow_always',
  deny_once: 'deny_once',
  deny_always: 'deny_always',
};
const ENTER = new Set(['', '\r', '\n']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const MAX_ANSWER = 8_000;

/**
 * Asks about `request` until the answer is usable: a/A/d/D (allow once, allow always, deny once,
 * deny always; enter skips) for a permission, a line of text for a question (an empty line
 * skips), enter to acknowledge a notification (`s` skips). Keys are single presses in raw mode and
 * lines otherwise.
 * @throws CANCELLED when `io.signal` fires while waiting
 */
export async function askRequest(request: HumanRequest, io: AskIo): Promise<AskOutcome> {
  switch (request.body.kind) {
    case 'permission':
      io.output.write(
        '  a allow once · A allow always · d deny once · D deny always · enter skip\n',
      );
      for (;;) {
        const key = await readChoice(io);
        if (typeof key !== 'string') return key;
        const decision = KEYS[key];
        if (decision !== undefined) return { type: 'answer', answer: { decision, answer: null } };
        if (ENTER.has(key)) return { type: 'skip' };
        io.output.write('  press a, A, d or D (enter skips)\n');
      }
    case 'question':
      for (;;) {
        io.output.write('  answer (empty line skips): ');
        const line = await io.reader.readLine({ signal: io.signal });
        if (line === null) return { type: 'input-ended' };
        if (line.trim() === '') return { type: 'skip' };
        if (line.length <= MAX_ANSWER)
          return { type: 'answer', answer: { decision: null, answer: line } };
        io.output.write(`  the answer is longer than ${MAX_ANSWER} characters\n`);
      }
    case 'notification':
      for (;;) {
        io.output.write('  enter acknowledges · s skips\n');
        const key = await readChoice(io);
        if (typeof key !== 'string') return key;
        if (ENTER.has(key)) return { type: 'answer', answer: { decision: null, answer: null } };
        if (key === 's') return { type: 'skip' };
      }
  }
}

/** One key in raw mode, one trimmed line otherwise; the end of input or Ctrl-C as an outcome. */
async function readChoice(io: AskIo): Promise<string | AskOutcome> {
  io.output.write('> ');
  if (io.setRaw === null) {
    const line = await io.reader.readLine({ signal: io.signal });
    return line === null ? { type: 'input-ended' } : line.trim();
  }
  io.setRaw(true);
  let key: string | null;
  try {
    key = await io.reader.readKey({ signal: io.signal });
  } finally {
    io.setRaw(false);
  }
  if (key === null || key === CTRL_D) {
    io.output.write('\n');
    return { type: 'input-ended' };
  }
  if (key === CTRL_C) {
    io.output.write('^C\n');
    return { type: 'interrupted' };
  }
  io.output.write(`${/^[\x20-\x7e]$/.test(key) ? key : ''}\n`);
  return key;
}
