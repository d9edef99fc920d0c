// The difference between two captures of a subtree: processes, authority, memory, mailbox, transcripts.
import type { Pid } from '../../base/ids.js';
import type { CapabilityId } from '../capability/types.js';
import type { ObjectId } from '../object/types.js';
import type { StateKind } from '../process/types.js';
import type { CheckpointManifest } from './types.js';

/** How one process differs between two captures. */
export interface ProcessDiff {
  readonly pid: Pid;
  readonly state: { readonly from: StateKind; readonly to: StateKind } | null;
  /** Transcript entries in each capture (its last seq, when it has any). */
  readonly transcript: { readonly from: number; readonly to: number } | null;
  readonly cwd: { readonly from: string; readonly to: string } | null;
  readonly imageVersion: { readonly from: number; readonly to: number } | null;
  readonly unread: { readonly from: number; readonly to: number } | null;
}

/** How an object differs: added, removed or at another version. */
export interface ObjectDiff {
  readonly id: ObjectId;
  readonly namespace: string;
  readonly name: string;
  readonly from: number | null;
  readonly to: number | null;
}

/** Everything that differs from capture `a` to capture `b` (of the same root). */
export interface ManifestDiff {
  readonly addedProcesses: readonly Pid[];
  readonly removedProcesses: readonly Pid[];
  /** Processes in both whose captured state differs. */
  readonly changedProcesses: readonly ProcessDiff[];
  readonly addedCapabilities: readonly CapabilityId[];
  readonly removedCapabilities: readonly CapabilityId[];
  readonly objects: readonly ObjectDiff[];
  readonly addedRequests: readonly string[];
  readonly removedRequests: readonly string[];
}

/** The differences from `a` to `b`, each list in a stable order. */
export function diffManifests(a: CheckpointManifest, b: CheckpointManifest): ManifestDiff {
  const before = new Map(a.processes.map((p) => [p.process.pid, p]));
  const after = new Map(b.processes.map((p) => [p.process.pid, p]));
  const changedProcesses: ProcessDiff[] = [];
  for (const [pid, x] of before) {
    const y = after.get(pid);
    if (y === undefined) continue;
    const change = (f: number | string, t: number | string) =>
      f === t ? null : { from: f, to: t };
    const diff: ProcessDiff = {
      pid,
      state:
        x.process.state.kind === y.process.state.kind
          ? null
          : { from: x.process.state.kind, to: y.process.state.kind },
      transcript: change(lastSeq(x.transcript), lastSeq(y.transcript)) as ProcessDiff['transcript'],
      cwd: change(x.process.cwd, y.process.cwd) as ProcessDiff['cwd'],
      imageVersion: change(
        x.process.imageVersion,
        y.process.imageVersion,
      ) as ProcessDiff['imageVersion'],
      unread: change(x.undelivered.length, y.undelivered.length) as ProcessDiff['unread'],
    };
    if (Object.values(diff).some((v) => v !== null && v !== pid)) changedProcesses.push(diff);
  }
  const objectsA = new Map(a.objects.map((o) => [o.id, o]));
  const objectsB = new Map(b.objects.map((o) => [o.id, o]));
  const objects: ObjectDiff[] = [];
  for (const id of [...new Set([...objectsA.keys(), ...objectsB.keys()])].sort()) {
    const x = objectsA.get(id);
    const y = objectsB.get(id);
    const either = x ?? y;
    if (either === undefined || x?.version === y?.version) continue;
    objects.push({
      id,
      namespace: either.namespace,
      name: either.name,
      from: x?.version ?? null,
      to: y?.version ?? null,
    });
  }
  const [addedCapabilities, removedCapabilities] = setDiff(
    a.capabilities.map((c) => c.id),
    b.capabilities.map((c) => c.id),
  );
  const [addedRequests, removedRequests] = setDiff<string>(a.requests, b.requests);
  return {
    addedProcesses: [...after.keys()].filter((p) => !before.has(p)),
    removedProcesses: [...before.keys()].filter((p) => !after.has(p)),
    changedProcesses,
    addedCapabilities,
    removedCapabilities,
    objects,
    addedRequests,
    removedRequests,
  };
}

function lastSeq(entries: readonly { readonly seq: number }[]): number {
  return entries.at(-1)?.seq ?? 0;
}

/** What `b` has that `a` has not, and the reverse, sorted. */
function setDiff<T extends string>(a: readonly T[], b: readonly T[]): [T[], T[]] {
  const x = new Set(a);
  const y = new Set(b);
  return [b.filter((v) => !x.has(v)).sort(), a.filter((v) => !y.has(v)).sort()];
}
