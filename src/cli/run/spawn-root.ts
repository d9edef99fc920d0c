// Spawning the root process of `run` and `spawn`: image, budget, capability records and model.
import { existsSync } from 'node:fs';
import { LibosError } from '../../base/errors.js';
import { findBuiltinImage } from '../../kernel/agent/find-builtin-image.js';
import { parseImageRef } from '../../kernel/agent/image-ref.js';
import type { AgentImage } from '../../kernel/agent/types.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import type { OperatorCalls } from '../../server/api-client.js';
import type { CliContext } from '../cli-context.js';
import { checkModelSpec } from './check-model-spec.js';
import { parseSpawnFlags, type SpawnFlags, type SpawnRequest } from './parse-spawn-flags.js';

/** A root process checked as far as it can be without the database. */
export interface RootPlan {
  readonly request: SpawnRequest;
  /** The checked model (`--model`, else `AGENT_LIBOS_MODEL`); null to use the image's default. */
  readonly model: string | null;
}

const NO_MODEL =
  'no model was chosen: pass --model scripted:<file>, openai:<model>, openai-chat:<model> or ' +
  'anthropic:<model>, or set AGENT_LIBOS_MODEL';

/**
 * Checks the flags, the model (its spec, its API key, its script file) and, when there is no
 * database yet, that the image is a built-in one with a model to run on, so bad input never
 * creates a database.
 * @throws INVALID_INPUT, OUT_OF_RANGE, NOT_FOUND (unknown image; missing script file)
 */
export async function planRoot(context: CliContext, flags: SpawnFlags): Promise<RootPlan> {
  const request = parseSpawnFlags(flags, { now: context.clock.now() });
  const fromEnv = context.env.AGENT_LIBOS_MODEL;
  const given =
    request.model ?? (fromEnv === undefined || fromEnv.trim() === '' ? undefined : fromEnv);
  const model =
    given === undefined
      ? null
      : await checkModelSpec(given, {
          env: context.env,
          cwd: context.cwd,
          ...(request.baseUrl === undefined ? {} : { baseURL: request.baseUrl }),
        });
  if (!existsSync(context.dbPath)) {
    const builtin = findBuiltin(request.imageId);
    if (builtin === undefined) throw noImage(request.imageId);
    if (model === null && builtin.defaultModel === null)
      throw new LibosError('INVALID_INPUT', `Running an agent failed: ${NO_MODEL}`);
  }
  return { request, model };
}

/**
 * The root's image and the model it runs on: the plan's (`--model`, `AGENT_LIBOS_MODEL`), else
 * the image's default model, checked like `--model`.
 * @throws NOT_FOUND (unknown image), INVALID_INPUT (no model; a bad default model)
 */
export async function resolveRootModel(
  runtime: Pick<OperatorCalls, 'image'>,
  plan: RootPlan,
  options: { context: CliContext },
): Promise<{ image: AgentImage; model: string }> {
  const { request } = plan;
  const image = await runtime.image(request.imageId);
  let model = plan.model;
  if (model === null) {
    if (image.defaultModel === null)
      throw new LibosError('INVALID_INPUT', `Running an agent failed: ${NO_MODEL}`);
    model = await checkModelSpec(image.defaultModel, {
      env: options.context.env,
      cwd: options.context.cwd,
      ...(request.baseUrl === undefined ? {} : { baseURL: request.baseUrl }),
    });
  }
  return { image, model };
}

/**
 * Spawns the root as the operator with its image's default budget, grants its capability records
 * (allow, ask, deny, with their once, expiry and delegation limits) before it ever runs, and remembers its model as the process setting `model`.
 * @throws NOT_FOUND (unknown image), INVALID_INPUT (no model; a bad default model)
 */
export async function spawnRoot(
  runtime: Pick<OperatorCalls, 'image' | 'spawn'>,
  plan: RootPlan,
  options: { context: CliContext },
): Promise<{ root: AgentProcess; model: string }> {
  const { request } = plan;
  const { image, model } = await resolveRootModel(runtime, plan, options);
  // The version read here is the one pinned, so budget and model come from what the root runs.
  const root = await runtime.spawn({
    imageId: image.id,
    imageVersion: image.version,
    goal: request.goal,
    budget: image.defaultBudget,
    ...(request.name === undefined ? {} : { name: request.name }),
    model,
    records: request.records,
  });
  return { root, model };
}

function findBuiltin(ref: string): AgentImage | undefined {
  const parsed = parseImageRef(ref);
  return parsed.ok ? findBuiltinImage(parsed.value) : undefined;
}

function noImage(ref: string): LibosError {
  return new LibosError('NOT_FOUND', `Loading image ${JSON.stringify(ref)} failed: no such image`, {
    details: { image: ref.slice(0, 200) },
  });
}
