// Forking a checkpoint: a new, isolated subtree made from what it captured; the original untouched.
import { sha256Hex } from '../../base/hash.js';
import type { Pid } from '../../base/ids.js';
import type { ResourcePattern } from '../../kernel/capability/resource.js';
import type { Capability } from '../../kernel/capability/types.js';
import type { Checkpoint } from '../../kernel/checkpoint/types.js';
import { privateNamespace } from '../../kernel/object/types.js';
import {
  isTerminal,
  type Actor,
  type AgentProcess,
  type ProcessState,
  type Wait,
} from '../../kernel/process/types.js';
import { insertRecord } from '../authority/capability-ops.js';
import { chargeChild } from '../commands/charge-child.js';
import { MAX_DELEGATION_DEPTH } from '../../kernel/capability/types.js';
import type { CommandScope } from '../commands/command-scope.js';
import { grantLineage } from '../commands/spawn.js';
import { grantImageSkills } from '../skills/grant-image-skills.js';
import { formatImageRef } from '../../kernel/agent/image-ref.js';
import type { RuntimeDeps } from '../deps.js';
import { linkVersion } from '../objects/link-object.js';
import { readManifest } from './manifest-codec.js';
import type { ForkReport } from '../../kernel/checkpoint/reports.js';

/**
 * In one command: a new subtree from `checkpoint` with new pids, each process as captured (its
 * image version, goal, cwd, budget, usage, state with pids mapped, transcript, settings, taint,
 * unread messages), fresh lineage records and private namespaces, the captured objects linked in
 * by reference, and a copy of each captured record that is still live, unlimited and not bound
 * to a call (delegated from it: a later revocation of the original reaches the copy; a revoked or
 * spent record is never brought back). A wait on a human request becomes runnable (the request
 * belongs to the original). The copy's root sits where the original root sat: under the same
 * parent if that one still runs, else at the top; so forking gives the forking process no
 * authority over the copy it did not have over the original. The original is not touched.
 * Journals `process.forked` per process and `checkpoint.forked`.
 */
export async function forkCheckpoint(
  scope: CommandScope,
  deps: RuntimeDeps,
  checkpoint: Checkpoint,
): Promise<ForkReport> {
  const manifest = await readManifest(scope.tx, checkpoint);
  const map = new Map<Pid, Pid>(
    manifest.processes.map((p) => [p.process.pid, deps.ids.next('process')]),
  );
  const to = (pid: Pid): Pid => map.get(pid) ?? pid;
  const rootParent = await liveParent(scope, manifest.processes[0]?.process.parentPid ?? null);
  // The copy's root is one more child of that parent: charged to it and carved from what it has
  // left, like a spawn (a fork never hands out budget the parent no longer has).
  const rootBudget =
    rootParent === null
      ? null
      : await chargeChild(scope, rootParent, {
          requested: manifest.processes[0]?.process.budget ?? {},
          attempted: 'Forking a checkpoint',
        });
  for (const entry of manifest.processes) {
    const source = entry.process;
    const pid = to(source.pid);
    const parentPid =
      source.pid === manifest.root ? (rootParent?.pid ?? null) : to(source.parentPid as Pid);
    const messages = entry.undelivered.map((m) => ({
      ...m,
      id: deps.ids.next('message'),
      to: pid,
      from: mapActor(m.from, to),
    }));
    const child: AgentProcess = {
      ...source,
      pid,
      parentPid,
      budget: source.pid === manifest.root && rootBudget !== null ? rootBudget : source.budget,
      state: mapState(source.state, to),
      fence: 0,
      pendingInterrupts: messages.filter((m) => m.interrupt).length,
      createdAt: scope.now,
      updatedAt: scope.now,
      version: 1,
    };
    await scope.tx.insertProcess(child);
    scope.journal('process.forked', pid, {
      parentPid,
      imageId: child.imageId,
      imageVersion: child.imageVersion,
      goalSha256: sha256Hex(child.goal),
      name: child.name,
      cwd: child.cwd,
      budget: { ...child.budget },
      checkpoint: checkpoint.id,
      from: source.pid,
    });
    await grantLineage(scope, deps, child);
    await grantImageSkills(scope, deps, {
      pid,
      imageRef: formatImageRef({ id: child.imageId, version: child.imageVersion }),
    });
    await scope.tx.rewindTranscript(pid, entry.transcript);
    await scope.tx.replaceSettings(pid, entry.settings);
    if (entry.taint !== null) await scope.tx.putTaint(pid, entry.taint, scope.now);
    for (const message of messages) await scope.tx.insertMessage(message);
    schedule(scope, child);
  }
  let copied = 0;
  let left = 0;
  for (const record of manifest.capabilities) {
    // Lineage and image Skill records were made afresh for the new pids.
    if (record.issuedBy === 'runtime') continue;
    const current = await scope.tx.getCapability(record.id);
    if (
      current === undefined ||
      !copiable(current, scope.now) ||
      current.depth + 1 > MAX_DELEGATION_DEPTH
    ) {
      left += 1;
      continue;
    }
    await insertRecord(scope, deps, {
      subject: to(current.subject),
      resource: mapResource(current.resource, map),
      rights: current.rights,
      effect: current.effect,
      usesRemaining: null,
      expiresAt: current.expiresAt,
      parentId: current.id,
      delegable: current.delegable,
      issuedBy: current.issuedBy,
      approval: current.approval,
      boundCall: null,
      // A copy hangs one level under its original: forks of forks reach the depth bound.
      depth: current.depth + 1,
    });
    copied += 1;
  }
  let objects = 0;
  for (const captured of manifest.objects) {
    const source = await scope.tx.getObject(captured.id);
    const from = await scope.tx.getVersion(captured.id, captured.version);
    if (source === undefined || from === undefined) continue;
    const owner = manifest.processes.find(
      (p) => privateNamespace(p.process.pid) === captured.namespace,
    )?.process.pid;
    if (owner === undefined) continue;
    await linkVersion(scope, deps, {
      source,
      from,
      to: { namespace: privateNamespace(to(owner)), name: captured.name },
      creator: scope.actor,
      journalPid: to(owner),
    });
    objects += 1;
  }
  const pids = [...map].map(([from, into]) => ({ from, to: into }));
  const root = to(manifest.root);
  scope.journal('checkpoint.forked', root, {
    checkpoint: checkpoint.id,
    pids: pids.map((p) => ({ from: p.from, to: p.to })),
    capabilities: copied,
    left,
    objects,
  });
  return { checkpoint: checkpoint.id, root, pids, capabilities: copied, left, objects };
}

/** Whether a record may be copied into a fork: live, not counted, not bound to one call. */
function copiable(record: Capability, now: number): boolean {
  return (
    record.revokedAt === null &&
    record.usesRemaining === null &&
    record.boundCall === null &&
    (record.expiresAt === null || record.expiresAt > now)
  );
}

async function liveParent(scope: CommandScope, pid: Pid | null): Promise<AgentProcess | null> {
  if (pid === null) return null;
  const parent = await scope.tx.getProcess(pid);
  return parent === undefined || isTerminal(parent.state) ? null : parent;
}

function schedule(scope: CommandScope, process: AgentProcess): void {
  const { state } = process;
  if (state.kind === 'runnable')
    scope.after((n) => {
      n.runnable(process.pid, { priority: process.pendingInterrupts > 0 });
    });
  else if (state.kind === 'waiting' && state.wait.on === 'timer') {
    const at = state.wait.wakeAt;
    scope.after((n) => {
      n.timer(at);
    });
  }
}

function mapActor(actor: Actor, to: (pid: Pid) => Pid): Actor {
  return actor === 'operator' || actor === 'runtime' ? actor : to(actor);
}

function mapWait(wait: Wait, to: (pid: Pid) => Pid): Wait | null {
  switch (wait.on) {
    case 'child':
      return { on: 'child', pids: wait.pids.map(to) };
    case 'message':
      return wait.filter.from === undefined
        ? wait
        : { on: 'message', filter: { from: wait.filter.from.map((a) => mapActor(a, to)) } };
    case 'human':
    case 'tool':
      return null;
    case 'timer':
      return wait;
  }
}

/** The captured state with pids mapped; a wait that cannot be carried over becomes runnable. */
function mapState(state: ProcessState, to: (pid: Pid) => Pid): ProcessState {
  if (state.kind === 'waiting') {
    const wait = mapWait(state.wait, to);
    return wait === null ? { kind: 'runnable' } : { ...state, wait };
  }
  if (state.kind === 'paused') {
    // The pauser's pid is mapped too: the copied parent may resume its copied child.
    const paused = state.by === undefined ? state : { ...state, by: mapActor(state.by, to) };
    const resumeTo = state.resumeTo;
    if (resumeTo.kind !== 'waiting') return paused;
    const wait = mapWait(resumeTo.wait, to);
    return { ...paused, resumeTo: wait === null ? { kind: 'runnable' } : { ...resumeTo, wait } };
  }
  return state;
}

/** A record's resource with every captured pid in its path replaced by the fork's. */
function mapResource(resource: ResourcePattern, map: ReadonlyMap<Pid, Pid>): ResourcePattern {
  if (resource.match === 'any') return resource;
  let path = resource.path;
  for (const [from, into] of map) path = path.split(from).join(into);
  return { ...resource, path };
}
