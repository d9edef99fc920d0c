// How object syscalls name objects (by id, or by namespace and name) and the paths checked for them.
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import { isId } from '../../base/ids.js';
import { checkNamespaceName, checkObjectName } from '../../kernel/object/object-name.js';
import { OBJECT_LIMITS } from '../../kernel/object/limits.js';
import { objectPath, privateNamespace } from '../../kernel/object/types.js';
import type { Right } from '../../kernel/capability/catalog.js';
import type { ObjectAddress } from '../../ports/object-ops.js';
import type { ObjectReader } from '../../ports/object-store.js';
import type { ReceivedLabels } from '../../kernel/flow/types.js';
import type { ResolveContext, ResourceNeed } from '../define-syscall.js';

/** A namespace name in input (checked further by checkNamespaceName). */
export const namespaceInput = z.string().min(1).max(200);

/** An object name in input (checked further by checkObjectName). */
export const nameInput = z.string().min(1).max(OBJECT_LIMITS.maxNameLength);

/** An object id in input (checked further when located). */
export const idInput = z.string().min(1).max(64);

/** The fields naming one object: `id`, or `name` with an optional `namespace`. */
export const targetFields = {
  id: idInput.optional(),
  namespace: namespaceInput.optional(),
  name: nameInput.optional(),
};

/** How a call names its object. */
export interface Target {
  readonly id?: string | undefined;
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
}

/** Whether exactly one of `id` and `name` is given, and `namespace` only with `name`. */
export function isOneTarget(target: Target): boolean {
  if (target.id !== undefined) return target.name === undefined && target.namespace === undefined;
  return target.name !== undefined;
}

/** The refinement message for isOneTarget. */
export const ONE_TARGET = 'name the object by id, or by name with an optional namespace';

/** An object as the pipeline checks it: the capability path and what the body then acts on. */
export interface LocatedObject {
  /** `ns/<namespace>/<name>`, or `id/<obj_…>` for an id that names no object. */
  readonly path: string;
  /** `object:<obj_…>` when the caller named it by id (denials show only this). */
  readonly shown?: string;
  /** Where the body finds it; null for an id that names no object. */
  readonly address: ObjectAddress | null;
  /**
   * The labels of the version a call moves out (set by `locateLabels` for `object.toFile`),
   * checked against its exit's clearance; absent when the object or version does not exist.
   */
  readonly labels?: ReceivedLabels;
}

/**
 * Locates `target` and reads the labels of its version `version` (latest when null), for a call
 * that sends the version out through an exit. Nothing of them is shown to the caller.
 */
export async function locateLabels(
  target: Target,
  ctx: ResolveContext & { reader: ObjectReader; attempted: string; version: number | null },
): Promise<LocatedObject> {
  const located = await locateTarget(target, ctx);
  const address = located.address;
  if (address === null) return located;
  const object =
    address.id === undefined
      ? await ctx.reader.findObject(address.namespace, address.name)
      : await ctx.reader.getObject(address.id);
  const number = ctx.version ?? object?.latestVersion;
  const version =
    object === undefined || number === undefined
      ? undefined
      : await ctx.reader.getVersion(object.id, number);
  if (object === undefined || version === undefined) return located;
  return {
    ...located,
    labels: {
      ref: `${object.id}@${version.version}`,
      sensitivity: version.labels.sensitivity,
      origins: version.labels.origins,
    },
  };
}

/**
 * The capability path of `name` in `namespace`.
 * @throws INVALID_INPUT when either is malformed (before any decision, so nothing is revealed)
 */
export function namedPath(namespace: string, name: string, attempted: string): string {
  const problem = checkNamespaceName(namespace) ?? checkObjectName(name);
  if (problem !== null) throw new LibosError('INVALID_INPUT', `${attempted} failed: ${problem}`);
  return objectPath(namespace, name);
}

/** `namespace` or, when absent, the caller's private namespace. */
export function namespaceOr(namespace: string | undefined, ctx: ResolveContext): string {
  return namespace ?? privateNamespace(ctx.pid);
}

/** An object named by namespace and name: located without the store. */
export interface NamedObject extends LocatedObject {
  readonly address: ObjectAddress;
}

/**
 * Locates `name` in `namespace` (default: the caller's private namespace); its path follows
 * from the input alone.
 * @throws INVALID_INPUT (malformed name or namespace)
 */
export function locateName(
  target: { readonly namespace?: string | undefined; readonly name: string },
  ctx: ResolveContext & { attempted: string },
): NamedObject {
  const namespace = namespaceOr(target.namespace, ctx);
  return {
    path: namedPath(namespace, target.name, ctx.attempted),
    address: { namespace, name: target.name },
  };
}

/**
 * Locates a target named by name, or null when it is named by id and must be located.
 * @throws INVALID_INPUT (malformed name or namespace)
 */
export function locateByName(
  target: Target,
  ctx: ResolveContext & { attempted: string },
): LocatedObject | null {
  const { name } = target;
  return name === undefined ? null : locateName({ namespace: target.namespace, name }, ctx);
}

/**
 * Locates an object id: its real path when it exists, else a placeholder path no namespace grant
 * covers. Either way the caller is shown only the id.
 * @throws INVALID_INPUT (not an object id)
 */
export async function locateId(
  id: string,
  options: { reader: ObjectReader; attempted: string },
): Promise<LocatedObject> {
  if (!isId('object', id))
    throw new LibosError('INVALID_INPUT', `${options.attempted} failed: not an object id (obj_…)`);
  const object = await options.reader.getObject(id);
  const shown = `object:${id}`;
  if (object === undefined) return { path: `id/${id}`, shown, address: null };
  return {
    path: objectPath(object.namespace, object.name),
    shown,
    address: { namespace: object.namespace, name: object.name, id: object.id },
  };
}

/**
 * Locates a target named either way.
 * @throws INVALID_INPUT
 */
export async function locateTarget(
  target: Target,
  ctx: ResolveContext & { reader: ObjectReader; attempted: string },
): Promise<LocatedObject> {
  const byName = locateByName(target, ctx);
  if (byName !== null) return byName;
  return locateId(target.id ?? '', ctx);
}

/**
 * The target as located by the pipeline, or computed from a name when no located value is at
 * hand (a name needs no store).
 * @throws INTERNAL when an id was not located
 */
export function resolvedTarget(
  target: Target,
  located: LocatedObject | undefined,
  ctx: ResolveContext & { attempted: string },
): LocatedObject {
  const found = located ?? locateByName(target, ctx);
  if (found === null)
    throw new LibosError('INTERNAL', `${ctx.attempted} failed: the object id was not located`);
  return found;
}

/** The need for `right` on a located object. */
export function objectNeed(located: LocatedObject, right: Right): ResourceNeed {
  return {
    resource: { kind: 'object', path: located.path },
    right,
    ...(located.shown === undefined ? {} : { shown: located.shown }),
  };
}

/**
 * Where the body acts.
 * @throws NOT_FOUND for an id that names no object (reached only by a caller allowed everywhere)
 */
export function addressOf(located: LocatedObject, attempted: string): ObjectAddress {
  if (located.address === null)
    throw new LibosError('NOT_FOUND', `${attempted} failed: no object ${located.shown ?? ''}`);
  return located.address;
}
