// A human request in context: who asks (with lineage) and the effect itself, e.g. a write as a diff.
import { createTwoFilesPatch } from 'diff';
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { EffectPreview, HumanRequest } from '../../kernel/approval/types.js';
import type { Decision } from '../../kernel/capability/decide.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import type { StoreReader } from '../../ports/store.js';
import { readCurrentFile, type CurrentFile } from '../../syscalls/fs/read-current.js';
import type { WorkspaceRoot } from '../../syscalls/fs/workspace-root.js';
import { explainDecision } from './explain.js';

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
  | Extract<EffectPreview, { kind: 'delete' | 'move' | 'command' }>
  | {
      readonly kind: 'grant';
      readonly resource: string;
      /** What the process has for each asked right now; a grant newly covers those not `allow`. */
      readonly current: readonly { readonly right: string; readonly effect: Decision['effect'] }[];
    }
  | { readonly kind: 'none' };

/** A request with the process that asks, its ancestors (root first) and the effect. */
export interface ApprovalContext {
  readonly request: HumanRequest;
  readonly process: AgentProcess;
  readonly lineage: readonly AgentProcess[];
  readonly effect: EffectInContext;
}

/**
 * The request `request` in context, read in one snapshot (the current file is read after it,
 * through the same containment as `fs.read`).
 */
export async function approvalContext(
  reader: StoreReader,
  request: HumanRequest,
  options: { workspace: WorkspaceRoot; now: number; signal: AbortSignal },
): Promise<ApprovalContext> {
  const process = await reader.getProcess(request.pid);
  if (process === undefined)
    throw new LibosError('NOT_FOUND', `Reading a request failed: no process ${request.pid}`);
  const lineage = await ancestorsOf(reader, process.parentPid);
  const body = request.body;
  let effect: EffectInContext = { kind: 'none' };
  if (body.kind === 'permission' && body.grant) {
    effect = {
      kind: 'grant',
      resource: body.resource,
      current: await Promise.all(
        body.rights.map(async (right) => ({
          right,
          effect: await currentEffect(reader, {
            pid: request.pid,
            resource: body.resource,
            right,
            now: options.now,
          }),
        })),
      ),
    };
  } else if (body.kind === 'permission' && body.preview !== undefined) {
    const preview = body.preview;
    effect =
      preview.kind === 'write'
        ? writeInContext(
            preview,
            await readCurrentFile(options.workspace, preview.path, {
              maxBytes: MAX_CURRENT_BYTES,
              signal: options.signal,
            }),
          )
        : preview;
  }
  return { request, process, lineage, effect };
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

/** The decision a grant request's resource has now; a pattern is judged at its base path. */
async function currentEffect(
  reader: StoreReader,
  ask: { pid: Pid; resource: string; right: string; now: number },
): Promise<Decision['effect']> {
  const colon = ask.resource.indexOf(':');
  const base = ask.resource.slice(colon + 1).replace(/(^|\/)\*\*?$/, '');
  const concrete = `${ask.resource.slice(0, colon)}:${base === '' ? '.' : base}`;
  try {
    return (await explainDecision(reader, { ...ask, resource: concrete })).decision.effect;
  } catch {
    return 'deny';
  }
}

function writeInContext(
  preview: Extract<EffectPreview, { kind: 'write' }>,
  current: CurrentFile,
): EffectInContext {
  const { path, mode, truncated, bytes, sha256 } = preview;
  const base = { kind: 'write', path, mode, truncated, bytes, sha256 } as const;
  const exists = current.state !== 'missing';
  if (preview.text === null)
    return { ...base, exists, diff: null, note: 'the new content is not text' };
  switch (current.state) {
    case 'binary':
      return { ...base, exists, diff: null, note: 'the current file is not text' };
    case 'too-large':
      return { ...base, exists, diff: null, note: `the current file is larger than 1 MiB` };
    case 'unreadable':
      return { ...base, exists, diff: null, note: current.reason };
    case 'missing':
    case 'text': {
      const before = current.state === 'text' ? current.text : '';
      const after = mode === 'append' ? before + preview.text : preview.text;
      const diff = createTwoFilesPatch(
        current.state === 'missing' ? '/dev/null' : `a/${path}`,
        `b/${path}`,
        before,
        after,
        '',
        '',
        { context: 3 },
      );
      return { ...base, exists, diff, note: null };
    }
  }
}
