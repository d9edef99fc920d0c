// Context materialization: the objects a process may read, chosen within a token budget and journaled.
import type { Json } from '../../base/canonical-json.js';
import type { Pid } from '../../base/ids.js';
import { isLibosError, LibosError } from '../../base/errors.js';
import { readPayload } from './read-payload.js';
import type { JournalDraft } from '../../kernel/journal/entry.js';
import {
  DEFAULT_PINNED_TYPES,
  estimateTokens,
  orderForContext,
  readableScope,
} from '../../kernel/object/plan-context.js';
import { formatVersionRef } from '../../kernel/object/object-ref.js';
import { sensitivityRank } from '../../kernel/object/sensitivity.js';
import {
  objectPath,
  privateNamespace,
  type MemoryObject,
  type Sensitivity,
} from '../../kernel/object/types.js';
import type { StoreReader } from '../../ports/store.js';
import { loadDecision } from '../authority/load-decision.js';
import type { CapabilityCache } from '../authority/capability-cache.js';
import { runCommand } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';

/** What to materialize. */
export interface MaterializeOptions {
  /** Tokens the included payloads may take together (estimated as bytes / 4). */
  readonly budgetTokens: number;
  /** Types placed first, in this order (default `plan`, `summary`, `note`); then newest first. */
  readonly pinnedTypes?: readonly string[];
  /** Only objects of these types; others are excluded as `filtered` (default: every type). */
  readonly types?: readonly string[];
  /** Most objects considered (default 1000); the rest are not looked at. */
  readonly maxObjects?: number;
  /** The caller's lease fence, when called from its quantum: the journal entry is then fenced. */
  readonly fence?: number;
  /**
   * Queues the manifest entry for the caller's next command instead of writing it now (a quantum
   * does: the manifest records no change, and its model call is the next command).
   */
  readonly defer?: (draft: JournalDraft) => void;
  /**
   * The most sensitive label the reader (a model) is cleared for: an object whose latest version
   * is labelled above it is held back (`clearance`). Default: no limit.
   */
  readonly clearance?: Sensitivity;
  /** What else the same context shows (the Skills listed), recorded in the manifest as `skills`. */
  readonly skills?: { readonly [key: string]: Json };
}

/** One included object version with its text. */
export interface MaterializedObject {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly version: number;
  readonly sha256: string;
  readonly tokens: number;
  readonly content: string;
}

/**
 * Why an object was left out: over the token budget; no unlimited read authority (`no-capability`;
 * `one-shot` when only a one-use or call-bound grant covers it: materializing would read it on
 * every turn without spending the use); its label is above the reader's clearance (`clearance`);
 * its type was filtered out or its payload is not UTF-8 (`filtered`); its payload does not match
 * its sha256 (`corrupt`: it was changed in the database, and is never shown to a model).
 */
export type ExclusionReason =
  'budget' | 'no-capability' | 'one-shot' | 'clearance' | 'filtered' | 'corrupt';

/** One excluded object version. */
export interface ExcludedObject {
  readonly ref: string;
  readonly sha256: string;
  readonly reason: ExclusionReason;
}

/** The result, also recorded (without payloads) as `context.materialized`. */
export interface MaterializedContext {
  readonly included: readonly MaterializedObject[];
  readonly excluded: readonly ExcludedObject[];
  readonly usedTokens: number;
  readonly budgetTokens: number;
}

const PAGE = 200;

/**
 * Selects objects for `pid`'s model context: the live objects of its private namespace, of the
 * namespaces its `object` read grants name, and of single objects it was granted; each one
 * checked with the same decision as a syscall (a deny or ask record excludes it:
 * `no-capability`); type filter and non-UTF-8 payloads: `filtered`; ordered pinned types first,
 * then newest first; included greedily while the estimate fits (a larger object that does not
 * fit is skipped, `budget`, and smaller ones after it may still fit). Journals the manifest
 * (`id@version` + sha256 per object, with reasons, and the Skills listed) as `context.materialized`
 * when an object was included or excluded or a Skill listed (an empty context journals nothing); payloads never enter the journal.
 * @throws OUT_OF_RANGE (budget), NOT_FOUND (process), STALE_LEASE (with `fence`)
 */
export async function materializeContext(
  deps: RuntimeDeps,
  pid: Pid,
  options: MaterializeOptions,
): Promise<MaterializedContext> {
  if (!Number.isInteger(options.budgetTokens) || options.budgetTokens < 0)
    throw new LibosError(
      'OUT_OF_RANGE',
      'Materializing a context failed: the budget is a whole number of tokens',
    );
  const result = await deps.store.read((reader) =>
    select({ reader, cache: deps.capabilities }, pid, { ...options, now: deps.clock.now() }),
  );
  const data = {
    budgetTokens: result.budgetTokens,
    usedTokens: result.usedTokens,
    included: result.included.map((o) => ({
      ref: formatVersionRef(o.id as MemoryObject['id'], o.version),
      sha256: o.sha256,
      tokens: o.tokens,
    })),
    excluded: result.excluded.map((o) => ({ ...o })),
    ...(options.skills === undefined ? {} : { skills: options.skills }),
  };
  // A context with no object in it or left out of it, and no Skill listed, has nothing to record:
  // the transcript is the whole of what the model saw, and no entry says so.
  if (data.included.length === 0 && data.excluded.length === 0 && options.skills === undefined)
    return result;
  if (options.defer !== undefined) {
    options.defer({ type: 'context.materialized', pid, actor: pid, data });
    return result;
  }
  await runCommand(deps, { actor: pid }, async (scope) => {
    if (options.fence !== undefined) await scope.tx.assertLease(pid, options.fence);
    else await scope.load(pid, 'Materializing a context');
    scope.journal('context.materialized', pid, data);
  });
  return result;
}

/** A snapshot and the runtime's capability cache. */
interface Source {
  readonly reader: StoreReader;
  readonly cache: CapabilityCache;
}

async function select(
  source: Source,
  pid: Pid,
  options: MaterializeOptions & { now: number },
): Promise<MaterializedContext> {
  const { reader } = source;
  const { now } = options;
  const max = options.maxObjects ?? 1000;
  const scope = readableScope(await source.cache.all(reader, pid), {
    privateNamespace: privateNamespace(pid),
    now,
  });
  const candidates = await gather(reader, { ...scope, max });
  const included: MaterializedObject[] = [];
  const excluded: ExcludedObject[] = [];
  let used = 0;
  const pinnedTypes = options.pinnedTypes ?? DEFAULT_PINNED_TYPES;
  for (const object of orderForContext(candidates, { pinnedTypes })) {
    const version = await reader.getVersion(object.id, object.latestVersion);
    if (version === undefined) continue;
    const ref = formatVersionRef(object.id, version.version);
    const skip = (reason: ExclusionReason): void => {
      excluded.push({ ref, sha256: version.sha256, reason });
    };
    const authority = await readAuthority(source, { pid, object, now });
    if (authority !== 'unlimited') skip(authority);
    else if (
      options.clearance !== undefined &&
      sensitivityRank(version.labels.sensitivity) > sensitivityRank(options.clearance)
    )
      skip('clearance');
    else if (options.types !== undefined && !options.types.includes(object.type)) skip('filtered');
    else if (used + estimateTokens(version.size) > options.budgetTokens) skip('budget');
    else {
      const bytes = await readPayload(reader, version.sha256, {
        attempted: 'Materializing a context',
        ref,
      }).catch((error: unknown) => {
        if (isLibosError(error, 'STORE_CORRUPT')) return null;
        throw error;
      });
      const content = bytes === null ? null : decode(bytes);
      if (bytes === null) skip('corrupt');
      else if (content === null) skip('filtered');
      else {
        const tokens = estimateTokens(version.size);
        used += tokens;
        included.push({
          id: object.id,
          namespace: object.namespace,
          name: object.name,
          type: object.type,
          version: version.version,
          sha256: version.sha256,
          tokens,
          content,
        });
      }
    }
  }
  return { included, excluded, usedTokens: used, budgetTokens: options.budgetTokens };
}

async function gather(
  reader: StoreReader,
  scope: { namespaces: readonly string[]; paths: readonly string[]; max: number },
): Promise<MemoryObject[]> {
  const seen = new Map<string, MemoryObject>();
  for (const namespace of scope.namespaces) {
    for (let afterName: string | undefined; seen.size < scope.max;) {
      const page = await reader.listObjects({
        namespace,
        limit: Math.min(PAGE, scope.max - seen.size),
        ...(afterName === undefined ? {} : { afterName }),
      });
      for (const o of page) seen.set(o.id, o);
      afterName = page.at(-1)?.name;
      if (page.length < PAGE || afterName === undefined) break;
    }
  }
  for (const path of scope.paths) {
    if (seen.size >= scope.max) break;
    const [, a, b, name] = path.split('/');
    if (a === undefined || b === undefined || name === undefined) continue;
    const found = await reader.findObject(`${a}/${b}`, name);
    if (found !== undefined) seen.set(found.id, found);
  }
  return [...seen.values()];
}

/**
 * The read authority `pid` has on `object`, decided like a syscall: only an unlimited record may
 * materialize it (a one-shot grant would otherwise be read on every turn, unspent and unjournaled).
 */
async function readAuthority(
  source: Source,
  check: { pid: Pid; object: MemoryObject; now: number },
): Promise<'unlimited' | 'one-shot' | 'no-capability'> {
  const path = objectPath(check.object.namespace, check.object.name);
  const verdict = await loadDecision(
    source.reader,
    {
      pid: check.pid,
      needs: [{ resource: { kind: 'object', path }, right: 'read' }],
      callHash: '',
      now: check.now,
    },
    { cache: source.cache },
  );
  if (verdict.effect !== 'allow') return 'no-capability';
  const oneShot = verdict.decisions.some(
    ({ decision }) => decision.effect === 'allow' && decision.oneShot,
  );
  return oneShot ? 'one-shot' : 'unlimited';
}

function decode(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
