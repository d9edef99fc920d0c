// A human request in context: who asks (with lineage) and the effect itself, e.g. a write as a diff.
import { unifiedDiff } from '../unified-diff.js';
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import {
  MAX_PREVIEW_CHARS,
  type EffectPreview,
  type HumanRequest,
} from '../../kernel/approval/types.js';
import { isLive } from '../../kernel/capability/decide.js';
import { contains, overlaps } from '../../kernel/capability/match.js';
import { parseResource } from '../../kernel/capability/resource.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import type { Store, StoreReader } from '../../ports/store.js';
import { readCurrentFile, type CurrentFile } from '../../syscalls/fs/read-current.js';
import type { WorkspaceRoot } from '../../syscalls/fs/workspace-root.js';

/** The largest current file a write's diff is made against. */
const MAX_CURRENT_BYTES = 1024 * 1024;

/** What a request would change, as a human judges it. */
export type EffectInContext =
  | {
      readonly kind: 'write';
      readonly path: string;
      readonly mode: 'create' | 'overwrite' | 'append';
      /** Whether the file exists now. */
      readonly exists: boolean;
      /** Unified diff from the current file to the result; null when either side is not text. */
      readonly diff: string | null;
      /** Why there is no diff (binary, too large, not a regular file), or null. */
      readonly note: string | null;
      /** The preview held only the start of the content: the diff shows that start. */
      readonly truncated: boolean;
      readonly bytes: number;
      readonly sha256: string;
    }
  | Extract<EffectPreview, { kind: 'delete' | 'move' | 'command' | 'request' }>
  | {
      readonly kind: 'grant';
      readonly resource: string;
      /** What the process has for each asked right now; a grant newly covers those not `allow`. */
      readonly current: readonly { readonly right: string; readonly effect: Cover }[];
    }
  | { readonly kind: 'none' };

/** How much of a requested pattern a process already has a right on (see `currentCover`). */
export type Cover = 'allow' | 'partial' | 'ask' | 'deny';

/** A request with the process that asks, its ancestors (root first) and the effect. */
export interface ApprovalContext {
  readonly request: HumanRequest;
  readonly process: AgentProcess;
  readonly lineage: readonly AgentProcess[];
  readonly effect: EffectInContext;
}

/**
 * The request `request` in context. The store is read in one snapshot; the current file of a
 * write is read afterwards, outside it (through the same containment as `fs.read`), and the diff
 * is computed in slices that yield to the event loop, bounded in edit distance and time, so a
 * hostile or huge change costs a note, never a stalled runtime.
 */
export async function readApprovalContext(
  store: Pick<Store, 'read'>,
  request: HumanRequest,
  options: { workspace: WorkspaceRoot; now: number; signal: AbortSignal },
): Promise<ApprovalContext> {
  const base = await store.read(async (reader) => {
    const process = await reader.getProcess(request.pid);
    if (process === undefined)
      throw new LibosError('NOT_FOUND', `Reading a request failed: no process ${request.pid}`);
    const lineage = await ancestorsOf(reader, process.parentPid);
    const body = request.body;
    let effect: EffectInContext | EffectPreview = { kind: 'none' };
    if (body.kind === 'permission' && body.grant)
      effect = {
        kind: 'grant',
        resource: body.resource,
        current: await Promise.all(
          body.rights.map(async (right) => ({
            right,
            effect: await currentCover(reader, {
              pid: request.pid,
              resource: body.resource,
              right,
              now: options.now,
            }),
          })),
        ),
      };
    else if (body.kind === 'permission' && body.preview !== undefined) effect = body.preview;
    return { process, lineage, effect };
  });
  const { process, lineage, effect } = base;
  if (effect.kind !== 'write') return { request, process, lineage, effect };
  const current = await readCurrentFile(options.workspace, effect.path, {
    maxBytes: MAX_CURRENT_BYTES,
    signal: options.signal,
  });
  return { request, process, lineage, effect: writeInContext(effect, current) };
}

async function ancestorsOf(reader: StoreReader, parent: Pid | null): Promise<AgentProcess[]> {
  const lineage: AgentProcess[] = [];
  for (let pid = parent; pid !== null && lineage.length < 64;) {
    const found = await reader.getProcess(pid);
    if (found === undefined) break;
    lineage.unshift(found);
    pid = found.parentPid;
  }
  return lineage;
}

/**
 * How much of the pattern `resource` the process's live records give it `right` on now:
 * `allow` when an allow record contains the whole pattern and no deny or ask record reaches into
 * it; `partial` when allows cover some of it; `ask` when an ask record contains it; else `deny`.
 */
async function currentCover(
  reader: StoreReader,
  ask: { pid: Pid; resource: string; right: string; now: number },
): Promise<Cover> {
  const parsed = parseResource(ask.resource);
  if (!parsed.ok) return 'deny';
  const pattern = parsed.value;
  const records = (await reader.listCapabilities({ subject: ask.pid, limit: 10_000 })).filter(
    (r) =>
      isLive(r, ask.now) &&
      r.boundCall === null &&
      r.rights.includes(ask.right as never) &&
      overlaps(r.resource, pattern, { effect: r.effect }),
  );
  const restricted = records.some((r) => r.effect !== 'allow');
  const allows = records.filter((r) => r.effect === 'allow');
  if (!restricted && allows.some((r) => contains(r.resource, pattern))) return 'allow';
  if (allows.length > 0) return 'partial';
  if (records.some((r) => r.effect === 'ask' && contains(r.resource, pattern))) return 'ask';
  return 'deny';
}

function writeInContext(
  preview: Extract<EffectPreview, { kind: 'write' }>,
  current: CurrentFile,
): EffectInContext {
  const { path, mode, truncated, bytes, sha256 } = preview;
  const base = { kind: 'write', path, mode, truncated, bytes, sha256 } as const;
  const exists = current.state !== 'missing';
  const noDiff = (note: string): EffectInContext => ({ ...base, exists, diff: null, note });
  if (preview.text === null) return noDiff('the new content is not text');
  // A diff against the start of the content would show the file's tail as deleted.
  if (truncated)
    return noDiff(
      `the new content is longer than ${MAX_PREVIEW_CHARS} characters; its start is kept`,
    );
  switch (current.state) {
    case 'binary':
      return noDiff('the current file is not text');
    case 'too-large':
      return noDiff(`the current file is larger than ${MAX_CURRENT_BYTES / 1024 / 1024} MiB`);
    case 'unreadable':
      return noDiff(current.reason);
    case 'missing':
    case 'text': {
      const before = current.state === 'text' ? current.text : '';
      const after = mode === 'append' ? before + preview.text : preview.text;
      const diff = unifiedDiff(
        { from: current.state === 'missing' ? '/dev/null' : `a/${path}`, to: `b/${path}` },
        before,
        after,
      );
      return diff === undefined
        ? noDiff('the change is too large to show as a diff')
        : { ...base, exists, diff, note: null };
    }
  }
}
