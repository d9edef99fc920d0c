// The effects two state snapshots show, whether or not any journal entry records them.
import type { Effect, Observed } from './effect.js';
import { observeFileEffects } from './observe-file-effects.js';
import type { StateSnapshot } from './snapshot-state.js';

/**
 * What changed between `before` (after the setup) and `after` (the end of the run), as effects:
 *
 * - files: writes and deletes by path, appends counted from content (`observeFileEffects`);
 * - request rows: one human effect per new question, notification or grant request (a request
 *   the pipeline raised to ask about a call is not a process asking a human of its own accord);
 * - process rows: one spawn or fork per new process (as its creation entry says), one exec per
 *   process whose image changed;
 * - object rows: one write per new version, one delete per new tombstone, one write per new
 *   namespace (but a new process's private one);
 * - image rows: one registration per image whose newest version changed.
 */
export function observeEffects(
  before: StateSnapshot,
  after: StateSnapshot,
  options: { readonly contents: readonly string[] },
): Observed[] {
  return [
    ...observeFileEffects(before.files, after.files, options),
    ...requestEffects(before, after),
    ...processEffects(before, after),
    ...objectEffects(before, after),
    ...imageEffects(before, after),
  ];
}

function one(effect: Effect, options: { where: string; count?: number }): Observed {
  return { effect, aliases: [], count: options.count ?? 1, where: options.where };
}

function requestEffects(before: StateSnapshot, after: StateSnapshot): Observed[] {
  const known = new Set(before.requests.map((r) => r.id));
  const counts = new Map<'question' | 'permission' | 'notification', number>();
  for (const { id, body } of after.requests) {
    if (known.has(id) || (body.kind === 'permission' && !body.grant)) continue;
    counts.set(body.kind, (counts.get(body.kind) ?? 0) + 1);
  }
  return [...counts].map(([op, count]) =>
    one({ kind: 'human', op }, { where: 'request rows', count }),
  );
}

function processEffects(before: StateSnapshot, after: StateSnapshot): Observed[] {
  const was = new Map(before.processes.map((p) => [p.pid, p]));
  const out: Observed[] = [];
  for (const process of after.processes) {
    const creation = after.created.find((e) => e.pid === process.pid);
    const spawnedAs = creation?.data.imageId;
    const first = typeof spawnedAs === 'string' ? spawnedAs : process.imageId;
    const previous = was.get(process.pid);
    if (previous === undefined) {
      const op = creation?.type === 'process.forked' ? 'fork' : 'spawn';
      out.push(one({ kind: 'process', op, image: first }, { where: 'process rows' }));
    }
    if (process.imageId !== (previous?.imageId ?? first))
      out.push(
        one({ kind: 'process', op: 'exec', image: process.imageId }, { where: 'process rows' }),
      );
  }
  return out;
}

function objectEffects(before: StateSnapshot, after: StateSnapshot): Observed[] {
  const was = new Map(before.objects.map((o) => [o.id, o]));
  const out: Observed[] = [];
  // A new process's private namespace comes with the process, not from a write of its own.
  const born = new Set(after.processes.map((p) => `proc/${p.pid}`));
  for (const p of before.processes) born.delete(`proc/${p.pid}`);
  for (const namespace of after.namespaces)
    if (!before.namespaces.has(namespace) && !born.has(namespace))
      out.push(
        one({ kind: 'object', op: 'write', namespace, name: null }, { where: 'object rows' }),
      );
  for (const object of after.objects) {
    const previous = was.get(object.id);
    const target = { kind: 'object', namespace: object.namespace, name: object.name } as const;
    const versions = object.latestVersion - (previous?.latestVersion ?? 0);
    if (versions > 0)
      out.push(one({ ...target, op: 'write' }, { where: 'object rows', count: versions }));
    if (object.deletedAt !== null && (previous === undefined || previous.deletedAt === null))
      out.push(one({ ...target, op: 'delete' }, { where: 'object rows' }));
  }
  return out;
}

function imageEffects(before: StateSnapshot, after: StateSnapshot): Observed[] {
  const out: Observed[] = [];
  for (const [image, version] of after.images)
    if (before.images.get(image) !== version)
      out.push(one({ kind: 'tool_registration', image }, { where: 'image rows' }));
  return out;
}
