// Parses the answer of `approvals decide`: a decision word, `ack`, and/or `--answer TEXT`.
import { LibosError } from '../base/errors.js';
import { PERMISSION_DECISIONS, type PermissionDecision } from '../kernel/approval/types.js';

/** What `runtime.decide` receives. */
export interface ParsedAnswer {
  readonly decision: PermissionDecision | null;
  readonly answer: string | null;
}

/** Longest answer text accepted (the same bound as text shown to a human). */
const MAX_ANSWER = 8_000;

/**
 * Turns `word` (one of the four decisions, or `ack` for a notification) and `answer` into the
 * runtime's answer shape. Whether it fits the request's kind is the runtime's call.
 * @throws INVALID_INPUT for an unknown word, an empty or overlong answer, or nothing given
 */
export function parseDecision(
  word: string | undefined,
  options: { answer?: string | undefined },
): ParsedAnswer {
  const answer = options.answer ?? null;
  if (answer !== null && (answer.trim() === '' || answer.length > MAX_ANSWER)) {
    throw new LibosError(
      'INVALID_INPUT',
      `Reading --answer failed: give a non-empty answer of at most ${MAX_ANSWER} characters`,
      { details: { option: '--answer' } },
    );
  }
  if (word === undefined) {
    if (answer !== null) return { decision: null, answer };
    throw new LibosError(
      'INVALID_INPUT',
      `Reading the decision failed: give one of ${PERMISSION_DECISIONS.join(', ')}, ack, or --answer TEXT`,
    );
  }
  if (word === 'ack') {
    if (answer !== null) {
      throw new LibosError(
        'INVALID_INPUT',
        'Reading the decision failed: ack acknowledges a notification and takes no --answer',
      );
    }
    return { decision: null, answer: null };
  }
  const decision = PERMISSION_DECISIONS.find((candidate) => candidate === word);
  if (decision === undefined) {
    throw new LibosError(
      'INVALID_INPUT',
      `Reading the decision failed: ${JSON.stringify(word.slice(0, 40))} is not one of ${PERMISSION_DECISIONS.join(', ')}, ack`,
    );
  }
  return { decision, answer };
}
