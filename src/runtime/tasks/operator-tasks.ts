// The operator's task API: start a task, follow it up, read one, list them (inputs checked first).
import { z } from 'zod';
import { findHiddenCharacter } from '../../base/find-hidden-character.js';
import { LibosError } from '../../base/errors.js';
import { parseId } from '../../base/ids.js';
import { modelResource } from '../../kernel/agent/model-resource.js';
import type { Narrowing, NarrowingScope } from '../../kernel/task/carry-records.js';
import { parseScope } from '../../kernel/task/parse-scope.js';
import { MAX_FOLLOW_UP_CHARS, type TaskRun } from '../../kernel/task/types.js';
import { parseRecord, type GrantInput } from '../authority/capability-ops.js';
import type { RuntimeDeps } from '../deps.js';
import { parseInput, spawnInputSchema } from '../inputs.js';
import { followUpTask, type FollowedUp } from './follow-up-task.js';
import { startTask, type TaskStart } from './start-task.js';
import { listTaskSummaries, readTaskView, type TaskSummary, type TaskView } from './task-view.js';

/** A task to start: its root's image, goal and options, model and records. */
export interface TaskStartInput {
  readonly imageId: string;
  readonly goal: string;
  readonly name?: string;
  readonly cwd?: string;
  readonly budget?: TaskStart['budget'];
  readonly onBudgetExceeded?: TaskStart['onBudgetExceeded'];
  /** The model the task runs on (`provider:model`), granted with the spawn. */
  readonly model?: string;
  readonly records?: readonly Omit<GrantInput, 'subject'>[];
}

/** A follow-up as the operator gives it. */
export interface FollowUpInput {
  /** What the operator asks next; the continuation reads it as a message from the operator. */
  readonly text: string;
  /** Run on this model from now on (granted, as the operator's explicit choice). */
  readonly model?: string;
  /** New records for the continuation: the only way it gets more than the previous run had. */
  readonly records?: readonly Omit<GrantInput, 'subject'>[];
  /** `kind:pattern[=rights]`: allow rights within these are not carried. */
  readonly drop?: readonly string[];
  /** `kind:pattern[=rights]`: when given, only allow rights within one of these are carried. */
  readonly only?: readonly string[];
}

/** What the CLI and the API call on tasks; the runtime and the API client both provide it. */
export interface TaskCalls {
  start(input: TaskStartInput): Promise<TaskView>;
  followUp(id: string, input: FollowUpInput): Promise<FollowedUp>;
  get(id: string): Promise<TaskView>;
  list(query?: { afterId?: string; limit?: number }): Promise<TaskSummary[]>;
}

const modelSchema = z.string().trim().min(1).max(4096);

/** Tasks as the operator: every run a root process spawned with the operator's authority. */
export class OperatorTasks implements TaskCalls {
  readonly #deps: RuntimeDeps;

  constructor(deps: RuntimeDeps) {
    this.#deps = deps;
  }

  /**
   * Starts a task: creates it and spawns its first run's root (pinned to the image version the
   * reference names now), with its model and records, in one step.
   * @throws INVALID_INPUT, OUT_OF_RANGE, NOT_FOUND (image, an object a record names)
   */
  async start(input: TaskStartInput): Promise<TaskView> {
    const { model, records, ...rest } = input;
    const attempted = 'Starting a task';
    const parsed = parseInput(spawnInputSchema, rest, attempted) as Omit<
      TaskStart,
      'model' | 'records'
    >;
    if (parsed.goal.trim() === '')
      throw new LibosError('INVALID_INPUT', `${attempted} failed: the goal is empty`, {
        details: { field: 'goal' },
      });
    return startTask(
      this.#deps,
      {
        ...parsed,
        ...(model === undefined ? {} : { model: checkModel(model, attempted) }),
        ...(records === undefined ? {} : { records: records.map(parseRecord) }),
      },
      { actor: 'operator' },
    );
  }

  /**
   * Continues a task whose latest run has ended with a new run (see `followUpTask`).
   * @throws INVALID_ID, NOT_FOUND, ILLEGAL_TRANSITION (the latest run has not ended),
   *   INVALID_INPUT, OUT_OF_RANGE
   */
  async followUp(id: string, input: FollowUpInput): Promise<FollowedUp> {
    const task = parseId('task', id);
    const attempted = `Following up task ${task}`;
    const text = checkText(input.text, attempted);
    const narrowing: Narrowing = {
      drop: (input.drop ?? []).map((s) => scopeOf(s, attempted)),
      only: input.only === undefined ? null : input.only.map((s) => scopeOf(s, attempted)),
    };
    return followUpTask(
      this.#deps,
      {
        task,
        text,
        narrowing,
        ...(input.model === undefined ? {} : { model: checkModel(input.model, attempted) }),
        ...(input.records === undefined ? {} : { records: input.records.map(parseRecord) }),
      },
      { actor: 'operator' },
    );
  }

  /**
   * A task with every run and its root process.
   * @throws INVALID_ID, NOT_FOUND
   */
  async get(id: string): Promise<TaskView> {
    const task = parseId('task', id);
    return this.#deps.store.read((r) => readTaskView(r, task));
  }

  /**
   * The task run `pid` is the root of, or null when it roots none (a child, a plain `spawn`).
   * @throws INVALID_ID
   */
  async runOf(pid: string): Promise<TaskRun | null> {
    const id = parseId('process', pid);
    return (await this.#deps.store.read((r) => r.findTaskRun(id))) ?? null;
  }

  /** Tasks keyset-paged by id (100 by default), each with its status and latest run. */
  async list(query: { afterId?: string; limit?: number } = {}): Promise<TaskSummary[]> {
    const afterId = query.afterId === undefined ? undefined : parseId('task', query.afterId);
    return this.#deps.store.read((r) =>
      listTaskSummaries(r, {
        limit: query.limit ?? 100,
        ...(afterId === undefined ? {} : { afterId }),
      }),
    );
  }
}

function checkText(text: string, attempted: string): string {
  if (typeof text !== 'string' || text.trim() === '')
    throw new LibosError('INVALID_INPUT', `${attempted} failed: the follow-up text is empty`, {
      details: { field: 'text' },
    });
  if (text.length > MAX_FOLLOW_UP_CHARS)
    throw new LibosError(
      'OUT_OF_RANGE',
      `${attempted} failed: the follow-up text is longer than ${MAX_FOLLOW_UP_CHARS} characters`,
      { details: { field: 'text' } },
    );
  // A person reads it (task show, the console): nothing may hide or reorder what they see.
  const hidden = findHiddenCharacter(text, { allowLineBreaks: true });
  if (hidden !== null)
    throw new LibosError('INVALID_INPUT', `${attempted} failed: the text contains ${hidden}`, {
      details: { field: 'text' },
    });
  return text;
}

function checkModel(spec: string, attempted: string): string {
  const checked = parseInput(modelSchema, spec, attempted);
  modelResource(checked); // a malformed spec changes nothing
  return checked;
}

function scopeOf(text: string, attempted: string): NarrowingScope {
  const parsed = parseScope(text);
  if (!parsed.ok)
    throw new LibosError(
      'INVALID_INPUT',
      `${attempted} failed: ${JSON.stringify(text.slice(0, 200))}: ${parsed.reason}`,
      { details: { field: 'narrowing' } },
    );
  return parsed.value;
}
