// What a restore may change, read from a store as plain data with the times left out, so the
// state a crashed restore left can be compared whole with the state before it and after it.
import type { Json } from '../../src/base/canonical-json.js';
import type { Pid } from '../../src/base/ids.js';
import { privateNamespace } from '../../src/kernel/object/types.js';
import type { StoreReader } from '../../src/ports/store.js';

const PAGE = 500;
const ONE_PAGE = 100_000;

/** One process as a restore sets it (usage, fence, row version and times are not restored). */
export interface ProcessFacts {
  readonly parentPid: string | null;
  readonly name: string | null;
  readonly cwd: string;
  readonly imageVersion: number;
  readonly state: Json;
  readonly pendingInterrupts: number;
  /** Transcript entries as `seq kind text`. */
  readonly transcript: readonly string[];
  readonly settings: Readonly<Record<string, Json>>;
  /** Unrevoked capability record ids. */
  readonly capabilities: readonly string[];
  /** Requests as `id state`. */
  readonly requests: readonly string[];
  /** Unread messages' ids, in delivery order. */
  readonly unread: readonly string[];
  /** Objects of its private namespace, tombstoned ones too, as `id name vN sha256 live|deleted`. */
  readonly objects: readonly string[];
}

/** Every process in the store by pid (newcomers included), and whether a restore was journaled. */
export interface SubtreeState {
  readonly processes: Readonly<Record<string, ProcessFacts>>;
  /** Checkpoint ids of the `checkpoint.restored` entries in the journal. */
  readonly restoresJournaled: readonly string[];
}

/** Reads the state of every process in the store from one snapshot. */
export async function readSubtreeState(reader: StoreReader): Promise<SubtreeState> {
  const processes: Record<string, ProcessFacts> = {};
  for (let afterPid: Pid | undefined; ;) {
    const page = await reader.listProcesses({
      limit: PAGE,
      ...(afterPid === undefined ? {} : { afterPid }),
    });
    for (const p of page)
      processes[p.pid] = {
        parentPid: p.parentPid,
        name: p.name,
        cwd: p.cwd,
        imageVersion: p.imageVersion,
        state: p.state as unknown as Json,
        pendingInterrupts: p.pendingInterrupts,
        transcript: (await reader.listTranscript(p.pid, { limit: 10_000 })).map(
          (e) => `${e.seq} ${e.item.kind} ${e.item.kind === 'input' ? e.item.text : ''}`,
        ),
        settings: Object.fromEntries(
          (await reader.listSettings(p.pid)).map((s) => [s.key, s.value]),
        ),
        capabilities: (await reader.listCapabilities({ subject: p.pid, limit: 10_000 })).map(
          (c) => c.id,
        ),
        requests: (await reader.listRequests({ pid: p.pid, limit: 10_000 })).map(
          (r) => `${r.id} ${r.state.kind}`,
        ),
        unread: (await reader.listUndelivered(p.pid, 10_000)).map((m) => m.id),
        objects: await objectsOf(reader, privateNamespace(p.pid)),
      };
    afterPid = page.at(-1)?.pid;
    if (page.length < PAGE || afterPid === undefined) break;
  }
  const restores = await reader.listJournal({ type: 'checkpoint.restored', limit: 10_000 });
  return {
    processes,
    restoresJournaled: restores.map((e) => String((e.data as { checkpoint?: unknown }).checkpoint)),
  };
}

async function objectsOf(reader: StoreReader, namespace: string): Promise<string[]> {
  // One page: keyset paging by name could split a live object and a tombstone of one name.
  const page = await reader.listObjects({ namespace, limit: ONE_PAGE, includeDeleted: true });
  if (page.length === ONE_PAGE) throw new Error(`${namespace} holds too many objects to read`);
  const out: string[] = [];
  for (const o of page) {
    const version = await reader.getVersion(o.id, o.latestVersion);
    const live = o.deletedAt === null ? 'live' : 'deleted';
    out.push(`${o.id} ${o.name} v${o.latestVersion} ${version?.sha256 ?? 'none'} ${live}`);
  }
  return out.sort();
}
