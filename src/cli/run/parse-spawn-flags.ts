// Parses the flags `run` and `spawn` share into a checked request, before any database is opened.
import { LibosError } from '../../base/errors.js';
import { formatImageRef, parseImageRef } from '../../kernel/agent/image-ref.js';
import type { CapabilityEffect } from '../../kernel/capability/types.js';
import { parseCount } from '../parse-count.js';
import { parseGrantSpec, type GrantSpec } from '../parse-grant-spec.js';

/** `run` and `spawn` options as commander parsed them. */
export interface SpawnFlags {
  /** `id` or `id@N`. */
  readonly image: string;
  /** The version to run (default: the newest); the same choice as `--image id@N`. */
  readonly imageVersion?: string;
  readonly goal: string;
  readonly name?: string;
  /** `<resource>=<rights>[;<option>]…` allow records (repeatable; see parseGrantSpec). */
  readonly grant?: readonly string[];
  /** Ask records, the same form: the process must ask a human first. */
  readonly ask?: readonly string[];
  /** Deny records, the same form: deny outranks every allow. */
  readonly deny?: readonly string[];
  readonly model?: string;
  readonly baseUrl?: string;
  readonly maxQuanta?: string;
}

/** One capability record the root process gets before it first runs. */
export interface RootRecord extends GrantSpec {
  readonly effect: CapabilityEffect;
}

/** The checked form of {@link SpawnFlags}. */
export interface SpawnRequest {
  /** The image reference: `id`, or `id@N` when a version was named (`@N` or `--image-version`). */
  readonly imageId: string;
  readonly goal: string;
  readonly name?: string;
  readonly records: readonly RootRecord[];
  /** The model spec as given (checked and normalised later by checkModelSpec). */
  readonly model?: string;
  readonly baseUrl?: string;
  readonly maxQuanta?: number;
}

/** Most quanta one invocation may be limited to. */
const MAX_QUANTA = 1_000_000_000;

/**
 * Checks every flag: image (and `--image-version`, which must agree with an `@N`) and goal not
 * empty, each grant of the form
 * `kind:pattern=rights[;option]…` with rights of its kind (expiries taken from `now`),
 * `--base-url` an http(s) URL, `--max-quanta` a positive whole number.
 * @throws INVALID_INPUT (OUT_OF_RANGE for a --max-quanta outside 1..1e9 or a past expiry)
 */
export function parseSpawnFlags(flags: SpawnFlags, options: { now: number }): SpawnRequest {
  const imageId = parseImageFlags(flags);
  if (flags.goal.trim() === '') throw invalid('--goal needs the text of a goal');
  if (flags.name?.trim() === '') throw invalid('--name needs a name');
  const records = parseGrantFlags(flags, options);
  const baseUrl = flags.baseUrl === undefined ? undefined : parseBaseUrl(flags.baseUrl);
  const maxQuanta = parseMaxQuanta(flags.maxQuanta);
  return {
    imageId,
    goal: flags.goal,
    records,
    ...(flags.name === undefined ? {} : { name: flags.name }),
    ...(flags.model === undefined ? {} : { model: flags.model }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(maxQuanta === undefined ? {} : { maxQuanta }),
  };
}

/**
 * `--image` with `--image-version` folded in, as `id` or `id@N`.
 * @throws INVALID_INPUT (empty, malformed `@N`, versions that disagree), OUT_OF_RANGE (below 1)
 */
function parseImageFlags(flags: Pick<SpawnFlags, 'image' | 'imageVersion'>): string {
  const ref = flags.image.trim();
  if (ref === '') throw invalid('--image needs an image id, e.g. base');
  const version =
    flags.imageVersion === undefined
      ? undefined
      : parseCount('--image-version', flags.imageVersion, { min: 1, max: Number.MAX_SAFE_INTEGER });
  const parsed = parseImageRef(ref, version === undefined ? {} : { version });
  if (!parsed.ok) throw invalid(`--image ${JSON.stringify(ref.slice(0, 80))}: ${parsed.reason}`);
  const { id, version: chosen } = parsed.value;
  return chosen === undefined ? id : formatImageRef({ id, version: chosen });
}

/**
 * The `--grant`, `--ask` and `--deny` values as records (allow, ask, deny, in that order), the
 * flags `run`, `spawn` and `caps grant` share.
 * @throws INVALID_INPUT, OUT_OF_RANGE (see parseGrantSpec)
 */
export function parseGrantFlags(
  flags: Pick<SpawnFlags, 'grant' | 'ask' | 'deny'>,
  options: { now: number },
): RootRecord[] {
  const read = (texts: readonly string[] | undefined, effect: CapabilityEffect): RootRecord[] =>
    (texts ?? []).map((text) => ({ ...parseGrantSpec(text, options), effect }));
  return [...read(flags.grant, 'allow'), ...read(flags.ask, 'ask'), ...read(flags.deny, 'deny')];
}

/**
 * `--max-quanta` as a positive whole number, or undefined when not given.
 * @throws INVALID_INPUT (not a whole number), OUT_OF_RANGE (below 1)
 */
export function parseMaxQuanta(value: string | undefined): number | undefined {
  return value === undefined
    ? undefined
    : parseCount('--max-quanta', value, { min: 1, max: MAX_QUANTA });
}

/**
 * `--base-url` checked to be an http or https URL.
 * @throws INVALID_INPUT
 */
export function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`--base-url ${JSON.stringify(value.slice(0, 80))} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalid('--base-url must be an http or https URL');
  return value;
}

function invalid(problem: string): LibosError {
  return new LibosError('INVALID_INPUT', `Reading the options failed: ${problem}`);
}
