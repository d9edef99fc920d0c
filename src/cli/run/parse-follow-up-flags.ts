// Parses `task follow-up` options into a checked request, before any database is opened.
import { LibosError } from '../../base/errors.js';
import { parseId, type TaskId } from '../../base/ids.js';
import { parseScope } from '../../kernel/task/parse-scope.js';
import { MAX_FOLLOW_UP_CHARS } from '../../kernel/task/types.js';
import {
  parseBaseUrl,
  parseGrantFlags,
  parseMaxQuanta,
  type RootRecord,
} from './parse-spawn-flags.js';

/** `task follow-up` options as commander parsed them. */
export interface FollowUpFlags {
  readonly grant?: readonly string[];
  readonly ask?: readonly string[];
  readonly deny?: readonly string[];
  /** `kind:pattern[=rights]` (repeatable): allow rights not carried. */
  readonly drop?: readonly string[];
  /** `kind:pattern[=rights]` (repeatable): the only allow rights carried. */
  readonly only?: readonly string[];
  readonly model?: string;
  readonly baseUrl?: string;
  readonly maxQuanta?: string;
  readonly detach?: boolean;
}

/** The checked form of a follow-up command. */
export interface FollowUpRequest {
  readonly task: TaskId;
  readonly text: string;
  readonly records: readonly RootRecord[];
  readonly drop: readonly string[];
  readonly only?: readonly string[];
  readonly model?: string;
  readonly baseUrl?: string;
  readonly maxQuanta?: number;
}

/**
 * Checks the task id, the text (not empty, at most 100,000 characters), each record as `run`
 * takes them, each `--drop`/`--only` scope, `--base-url` and `--max-quanta`.
 * @throws INVALID_ID, INVALID_INPUT, OUT_OF_RANGE
 */
export function parseFollowUpFlags(
  input: { readonly task: string; readonly text: string; readonly flags: FollowUpFlags },
  options: { now: number },
): FollowUpRequest {
  const { flags } = input;
  const task = parseId('task', input.task);
  if (input.text.trim() === '') throw invalid('the follow-up text is empty');
  if (input.text.length > MAX_FOLLOW_UP_CHARS)
    throw new LibosError(
      'OUT_OF_RANGE',
      `Reading the options failed: the follow-up text is longer than ${MAX_FOLLOW_UP_CHARS} characters`,
    );
  for (const [option, texts] of [
    ['--drop', flags.drop ?? []],
    ['--only', flags.only ?? []],
  ] as const)
    for (const text of texts) {
      const parsed = parseScope(text);
      if (!parsed.ok)
        throw invalid(`${option} ${JSON.stringify(text.slice(0, 200))}: ${parsed.reason}`);
    }
  const baseUrl = flags.baseUrl === undefined ? undefined : parseBaseUrl(flags.baseUrl);
  const maxQuanta = parseMaxQuanta(flags.maxQuanta);
  return {
    task,
    text: input.text,
    records: parseGrantFlags(flags, options),
    drop: flags.drop ?? [],
    ...(flags.only === undefined ? {} : { only: flags.only }),
    ...(flags.model === undefined ? {} : { model: flags.model }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(maxQuanta === undefined ? {} : { maxQuanta }),
  };
}

function invalid(problem: string): LibosError {
  return new LibosError('INVALID_INPUT', `Reading the options failed: ${problem}`);
}
