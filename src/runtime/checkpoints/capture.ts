// Capturing a process subtree's runtime state as a manifest: rows and references, never payloads.
import { collectPages } from '../../base/collect-pages.js';
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { RequestId } from '../../kernel/approval/types.js';
import type {
  CapturedObject,
  CapturedProcess,
  CheckpointManifest,
} from '../../kernel/checkpoint/types.js';
import { MANIFEST_FORMAT } from '../../kernel/checkpoint/types.js';
import type { Capability } from '../../kernel/capability/types.js';
import type { Message } from '../../kernel/mailbox/types.js';
import { privateNamespace } from '../../kernel/object/types.js';
import type { AgentProcess, ProcessState } from '../../kernel/process/types.js';
import type { StoreReader } from '../../ports/store.js';
import { readTranscript } from '../agent/read-transcript.js';
import { capabilitiesOf } from '../authority/capabilities-of.js';
import { loadDescendants } from '../commands/lineage.js';
import { liveObjects } from './live-objects.js';

const PAGE = 500;
/** Unread messages captured per process; a mailbox fuller than this is refused, not cut. */
export const MAX_CAPTURED_MESSAGES = 10_000;

/**
 * Reads the state of `root` and its descendants from one snapshot (a transaction's, so what is
 * captured is consistent): each process row with a running state normalised to runnable, its
 * transcript, settings, taint and unread messages; the subtree's unrevoked records except
 * `checkpoint` ones; its pending requests; the live objects of its private namespaces by id and
 * version (no payload is read: the cost follows the number of rows, not their bytes).
 */
export async function captureManifest(
  reader: StoreReader,
  root: AgentProcess,
  options: { readonly call: CheckpointManifest['call'] },
): Promise<CheckpointManifest> {
  const members = [root, ...(await loadDescendants(reader, root.pid))];
  const processes: CapturedProcess[] = [];
  const capabilities: Capability[] = [];
  const requests: RequestId[] = [];
  const namespaces: string[] = [];
  const objects: CapturedObject[] = [];
  for (const process of members) {
    processes.push({
      process: { ...process, state: normalised(process.state) },
      transcript: await readTranscript(reader, process.pid),
      settings: await reader.listSettings(process.pid),
      taint: (await reader.getTaint(process.pid)) ?? null,
      undelivered: await unread(reader, process.pid),
      outcomes: await reader.listCallOutcomes(process.pid),
    });
    for await (const record of capabilitiesOf(reader, process.pid))
      if (record.resource.kind !== 'checkpoint') capabilities.push(record);
    requests.push(...(await pendingRequests(reader, process.pid)));
    if ((await reader.getNamespace(privateNamespace(process.pid))) !== undefined)
      namespaces.push(privateNamespace(process.pid));
  }
  namespaces.push(...(await sharedNamespacesOf(reader, new Set(members.map((p) => p.pid)))));
  for (const namespace of namespaces)
    for (const o of await liveObjects(reader, namespace))
      objects.push({ id: o.id, namespace, name: o.name, version: o.latestVersion });
  return {
    format: MANIFEST_FORMAT,
    root: root.pid,
    processes,
    capabilities,
    requests,
    namespaces,
    objects,
    call: options.call,
  };
}

/** A running process is captured as runnable: its quantum's work after this point is not in it. */
function normalised(state: ProcessState): ProcessState {
  return state.kind === 'running' ? { kind: 'runnable' } : state;
}

async function unread(reader: StoreReader, pid: Pid): Promise<Message[]> {
  const messages = await reader.listUndelivered(pid, MAX_CAPTURED_MESSAGES + 1);
  if (messages.length > MAX_CAPTURED_MESSAGES)
    throw new LibosError(
      'OUT_OF_RANGE',
      `Taking a checkpoint failed: ${pid} has more than ${MAX_CAPTURED_MESSAGES} unread messages`,
      { details: { pid } },
    );
  return messages;
}

async function pendingRequests(reader: StoreReader, pid: Pid): Promise<RequestId[]> {
  const requests = await collectPages(
    (afterId: RequestId | undefined, limit) =>
      reader.listRequests({
        pid,
        states: ['pending'],
        limit,
        ...(afterId === undefined ? {} : { afterId }),
      }),
    (r) => r.id,
    { pageSize: PAGE },
  );
  return requests.map((r) => r.id);
}

/** Shared namespaces a process of the subtree created (owns). */
async function sharedNamespacesOf(reader: StoreReader, pids: ReadonlySet<Pid>): Promise<string[]> {
  const all = await collectPages(
    (afterName: string | undefined, limit) =>
      reader.listNamespaces({ limit, ...(afterName === undefined ? {} : { afterName }) }),
    (ns) => ns.name,
    { pageSize: PAGE },
  );
  return all
    .filter((ns) => ns.kind === 'shared' && ns.owner !== 'operator' && pids.has(ns.owner))
    .map((ns) => ns.name);
}
