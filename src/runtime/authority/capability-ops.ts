// Granting, delegating and revoking capability records, each one journaled command.
import { LibosError } from '../../base/errors.js';
import { parseId, type Pid } from '../../base/ids.js';
import { attenuate } from '../../kernel/capability/attenuate.js';
import type { Right } from '../../kernel/capability/catalog.js';
import { lookupKeys, overlaps } from '../../kernel/capability/match.js';
import {
  formatResource,
  parseResource,
  parseRights,
  type ResourcePattern,
} from '../../kernel/capability/resource.js';
import type { Capability, CapabilityEffect, CapabilityId } from '../../kernel/capability/types.js';
import type { Actor } from '../../kernel/process/types.js';
import { isTerminal } from '../../kernel/process/types.js';
import { runCommand, type CommandScope } from '../commands/command-scope.js';
import { oncePerCall } from '../commands/once-per-call.js';
import type { RuntimeDeps } from '../deps.js';
import type { StoreReader } from '../../ports/store.js';
import { canonicalObjectPattern } from '../objects/canonical-object-pattern.js';
import { viewSource } from '../objects/view-source.js';
import { capabilitiesOf } from './capabilities-of.js';
import { revokeTree } from './revoke-tree.js';

/** An operator grant. */
export interface GrantInput {
  readonly subject: string;
  /** `kind:pattern`. */
  readonly resource: string;
  /** Comma-separated or a list. */
  readonly rights: string | readonly string[];
  readonly effect?: CapabilityEffect;
  /** One use only (`--once`). */
  readonly once?: boolean;
  readonly expiresAt?: number | null;
  readonly delegable?: boolean;
}

/**
 * Parses a `kind:pattern` resource and its rights.
 * @throws INVALID_INPUT with the reason
 */
export function parseGrant(
  resource: string,
  rights: string | readonly string[],
): { pattern: ResourcePattern; rights: readonly Right[] } {
  const pattern = parseResource(resource);
  if (!pattern.ok)
    throw new LibosError(
      'INVALID_INPUT',
      `Parsing resource ${JSON.stringify(resource)} failed: ${pattern.reason}`,
    );
  const parsed = parseRights(pattern.value, rights);
  if (!parsed.ok)
    throw new LibosError(
      'INVALID_INPUT',
      `Parsing rights for ${resource} failed: ${parsed.reason}`,
    );
  return { pattern: pattern.value, rights: parsed.value };
}

/**
 * Grants a capability record to a process (operator authority).
 * @throws INVALID_ID, NOT_FOUND, INVALID_INPUT
 */
export async function grantCapability(
  deps: RuntimeDeps,
  input: GrantInput,
  options: { actor: Actor },
): Promise<Capability> {
  const [record] = await grantCapabilities(deps, [input], options);
  if (record === undefined) throw new LibosError('INTERNAL', 'Granting a capability failed');
  return record;
}

/**
 * Grants every record of `inputs` in one command: all of them or, when one fails, none.
 * @throws INVALID_ID, NOT_FOUND, INVALID_INPUT, ILLEGAL_TRANSITION (ended holder), OUT_OF_RANGE
 */
export function grantCapabilities(
  deps: RuntimeDeps,
  inputs: readonly GrantInput[],
  options: { actor: Actor },
): Promise<Capability[]> {
  const parsed = inputs.map((input) => ({
    ...parseRecord(input),
    subject: parseId('process', input.subject),
  }));
  return runCommand(deps, { actor: options.actor }, (scope) =>
    grantInScope(scope, deps, parsed, options),
  );
}

/** A record to grant, its resource and rights checked; its holder comes with the grant. */
export interface ParsedRecord {
  readonly input: Omit<GrantInput, 'subject'>;
  readonly pattern: ResourcePattern;
  readonly rights: readonly Right[];
}

/**
 * Checks a record's resource and rights before any transaction.
 * @throws INVALID_INPUT
 */
export function parseRecord(input: Omit<GrantInput, 'subject'>): ParsedRecord {
  return { input, ...parseGrant(input.resource, input.rights) };
}

/**
 * Grants `parsed` records in the caller's command (the operator's grants of `grantCapabilities`,
 * or those a spawn makes with the process it creates).
 * @throws NOT_FOUND, ILLEGAL_TRANSITION (ended holder), OUT_OF_RANGE (expiry in the past)
 */
export async function grantInScope(
  scope: CommandScope,
  deps: RuntimeDeps,
  parsed: readonly (ParsedRecord & { readonly subject: Pid })[],
  options: { actor: Actor },
): Promise<Capability[]> {
  const records: Capability[] = [];
  for (const { input, subject, pattern, rights } of parsed) {
    const holder = await scope.load(subject, 'Granting a capability');
    if (isTerminal(holder.state))
      throw new LibosError(
        'ILLEGAL_TRANSITION',
        `Granting a capability failed: the process has ${holder.state.kind}`,
      );
    if (input.expiresAt != null && input.expiresAt <= scope.now)
      throw new LibosError(
        'OUT_OF_RANGE',
        'Granting a capability failed: the expiry is in the past',
      );
    // `object:obj_…` is recorded as the object's path: every check compares paths.
    const canonical = await canonicalObjectPattern(scope.tx, pattern);
    if (!canonical.found)
      throw new LibosError(
        'NOT_FOUND',
        `Granting a capability failed: no object ${input.resource}`,
      );
    records.push(
      await insertRecord(scope, deps, {
        subject,
        resource: canonical.pattern,
        rights,
        effect: input.effect ?? 'allow',
        usesRemaining: input.once === true ? 1 : null,
        expiresAt: input.expiresAt ?? null,
        parentId: null,
        delegable: input.delegable ?? true,
        issuedBy: options.actor,
        approval: null,
        boundCall: null,
        depth: 0,
      }),
    );
  }
  return records;
}

/** Inserts a record and journals `capability.granted`. */
export async function insertRecord(
  scope: CommandScope,
  deps: RuntimeDeps,
  fields: Omit<Capability, 'id' | 'createdAt' | 'revokedAt'>,
): Promise<Capability> {
  const record: Capability = {
    ...fields,
    id: deps.ids.next('capability'),
    createdAt: scope.now,
    revokedAt: null,
  };
  await scope.tx.insertCapability(record);
  scope.journal(
    record.parentId === null ? 'capability.granted' : 'capability.delegated',
    record.subject,
    {
      capability: record.id,
      resource: formatResource(record.resource),
      rights: [...record.rights],
      effect: record.effect,
      parentId: record.parentId,
      usesRemaining: record.usesRemaining,
      expiresAt: record.expiresAt,
    },
  );
  return record;
}

/**
 * Delegates a narrowed copy of `from` (held by `holder`) to `to`, inside the caller's
 * transaction. The holder's deny and ask records that overlap the delegated resource go along,
 * so a delegation never carries more than the holder could do itself.
 * @throws NOT_FOUND (no such record of the holder), NOT_PERMITTED (widening, not delegable, depth)
 */
export async function delegateInScope(
  scope: CommandScope,
  deps: RuntimeDeps,
  input: {
    holder: Pid;
    /** When omitted: the holder's narrowest live, delegable allow record that contains the resource. */
    from?: CapabilityId;
    to: Pid;
    resource: ResourcePattern;
    rights: readonly Right[];
    expiresAt: number | null;
    delegable: boolean;
  },
): Promise<Capability> {
  // `object:obj_…` becomes the object's path (an unknown id a path nobody holds), so delegating
  // an id is checked like delegating its path and fails alike for unknown and unreadable ids.
  input = { ...input, resource: (await canonicalObjectPattern(scope.tx, input.resource)).pattern };
  const parent =
    input.from === undefined
      ? await coveringRecord(scope, input)
      : await scope.tx.getCapability(input.from);
  // Another process's record and a forged id look the same; using either is a policy refusal
  // (journaled as syscall.denied), so an auditor sees the attempt.
  if (parent?.subject !== input.holder) {
    throw new LibosError(
      'NOT_PERMITTED',
      'Delegating a capability failed: the caller holds no such capability',
    );
  }
  // No expiry asked for means the parent's expiry: a delegation never outlives its source.
  const child = attenuate(
    viewSource(parent, input),
    { ...input, expiresAt: input.expiresAt ?? parent.expiresAt },
    { now: scope.now },
  );
  if (!child.ok)
    throw new LibosError('NOT_PERMITTED', `Delegating a capability failed: ${child.reason}`);
  const record = await insertRecord(scope, deps, {
    subject: input.to,
    ...child.value,
    effect: 'allow',
    usesRemaining: null,
    issuedBy: input.holder,
    approval: null,
    boundCall: null,
  });
  for (const limit of await holderConstraints(scope, input.holder, input.resource)) {
    await insertRecord(scope, deps, {
      ...limit,
      subject: input.to,
      parentId: record.id,
      issuedBy: input.holder,
      depth: record.depth,
      delegable: false,
    });
  }
  return record;
}

/** The holder's narrowest live, delegable plain allow record that contains `resource` with `rights`. */
async function coveringRecord(
  scope: CommandScope,
  input: { holder: Pid; resource: ResourcePattern; rights: readonly Right[] },
): Promise<Capability | undefined> {
  const path = input.resource.match === 'any' ? '.' : input.resource.path;
  const candidates = await scope.tx.findCapabilities(
    input.holder,
    input.resource.kind,
    lookupKeys({ kind: input.resource.kind, path }),
  );
  const usable = candidates
    .filter(
      (r) =>
        attenuate(
          viewSource(r, input),
          {
            resource: input.resource,
            rights: input.rights,
            expiresAt: r.expiresAt,
            delegable: false,
          },
          { now: scope.now },
        ).ok,
    )
    .sort((a, b) => depthOf(b) - depthOf(a) || (a.id < b.id ? -1 : 1));
  return usable[0];
}

function depthOf(record: Capability): number {
  return record.resource.match === 'any'
    ? -1
    : record.resource.path.split('/').length + (record.resource.match === 'exact' ? 1 : 0);
}

async function holderConstraints(
  scope: CommandScope,
  holder: Pid,
  resource: ResourcePattern,
): Promise<Capability[]> {
  const out: Capability[] = [];
  for await (const r of capabilitiesOf(scope.tx, holder)) {
    if (
      r.effect !== 'allow' &&
      r.boundCall === null &&
      r.revokedAt === null &&
      overlaps(r.resource, resource, { effect: r.effect })
    )
      out.push(r);
  }
  return out;
}

/**
 * Revokes `id` and everything delegated from it, transitively (including records held by
 * descendants). A process may revoke only what it issued; the operator anything.
 * @throws INVALID_ID, NOT_FOUND
 */
export function revokeCapability(
  deps: RuntimeDeps,
  id: string,
  options: { actor: Actor; call?: string },
): Promise<number> {
  const capId = parseId('capability', id);
  const { actor } = options;
  return runCommand(deps, { actor }, async (scope) => {
    if (actor === 'operator' || actor === 'runtime') return revokeInScope(scope, capId, actor);
    // A revocation re-issued by the same call after a crash reports what it revoked then.
    const { value } = await oncePerCall(scope, { pid: actor, key: options.call }, () =>
      revokeInScope(scope, capId, actor),
    );
    return value;
  });
}

/**
 * What revoking `id` would revoke now: the record and every live record delegated from it,
 * transitively, in the order a revocation reaches them. Reads only.
 * @throws INVALID_ID, NOT_FOUND
 */
export async function previewRevocation(reader: StoreReader, id: string): Promise<Capability[]> {
  const capId = parseId('capability', id);
  const root = await reader.getCapability(capId);
  if (root === undefined)
    throw new LibosError('NOT_FOUND', `Previewing a revocation failed: no capability ${capId}`);
  const reached: Capability[] = [];
  for (let at = 0, frontier = [root]; at < frontier.length; at += 1) {
    const next = frontier[at] as Capability;
    if (next.revokedAt === null) reached.push(next);
    frontier.push(...(await reader.listCapabilityChildren(next.id)));
  }
  return reached;
}

/** Revokes `capId` (issued by `actor` unless the operator) and everything delegated from it. */
async function revokeInScope(
  scope: CommandScope,
  capId: CapabilityId,
  actor: Actor,
): Promise<number> {
  const root = await scope.tx.getCapability(capId);
  const mayRevoke = actor === 'operator' || root?.issuedBy === actor;
  if (root === undefined || !mayRevoke) {
    // The operator may ask about anything (not found); a process is refused alike for a forged
    // id and another's record, as a policy denial an auditor sees.
    throw new LibosError(
      actor === 'operator' ? 'NOT_FOUND' : 'NOT_PERMITTED',
      `Revoking a capability failed: no capability ${capId} issued by the caller`,
    );
  }
  return (await revokeTree(scope, root)).length;
}
