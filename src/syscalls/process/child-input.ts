// Input shared by process.spawn and process.fork: what the child is and which grants it gets.
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import { parseResource, parseRights } from '../../kernel/capability/resource.js';
import type { CapabilityId } from '../../kernel/capability/types.js';
import type { Budget } from '../../kernel/budget/types.js';
import type { ChildSpec } from '../../ports/kernel-ops.js';
import {
  capabilityIdInput,
  imageVersionInput,
  labelText,
  resourceInput,
  rightsInput,
} from '../schemas.js';

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Fields of a child; only explicitly listed grants pass on (each delegated, so only narrowed). */
export const childFields = {
  /** The image version the child is pinned to; default the newest (a fork: the parent's). */
  imageVersion: imageVersionInput.optional(),
  name: labelText.optional(),
  cwd: z.string().min(1).max(4096).optional(),
  budget: z
    .object({ quanta: count, toolCalls: count, children: count, wallMs: count, tokens: count })
    .partial()
    .strict()
    .optional(),
  grants: z
    .array(
      z
        .object({
          from: capabilityIdInput.optional(),
          resource: resourceInput,
          rights: rightsInput,
        })
        .strict(),
    )
    .max(64)
    .optional(),
};

/**
 * The kernel's child spec from parsed input.
 * @throws INVALID_INPUT for a bad grant resource or rights
 */
export function toChildSpec(input: {
  imageId?: string | undefined;
  imageVersion?: number | undefined;
  goal?: string | undefined;
  name?: string | undefined;
  cwd?: string | undefined;
  budget?: Readonly<Record<string, number | undefined>> | undefined;
  grants?:
    readonly { from?: CapabilityId | undefined; resource: string; rights: string[] }[] | undefined;
}): ChildSpec {
  const grants = (input.grants ?? []).map((g) => {
    const pattern = parseResource(g.resource);
    if (!pattern.ok)
      throw new LibosError('INVALID_INPUT', `Passing a grant to a child failed: ${pattern.reason}`);
    const rights = parseRights(pattern.value, g.rights);
    if (!rights.ok)
      throw new LibosError('INVALID_INPUT', `Passing a grant to a child failed: ${rights.reason}`);
    return {
      ...(g.from === undefined ? {} : { from: g.from }),
      resource: pattern.value,
      rights: rights.value,
    };
  });
  return {
    ...(input.imageId === undefined ? {} : { imageId: input.imageId }),
    ...(input.imageVersion === undefined ? {} : { imageVersion: input.imageVersion }),
    ...(input.goal === undefined ? {} : { goal: input.goal }),
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.cwd === undefined ? {} : { cwd: input.cwd }),
    ...(input.budget === undefined ? {} : { budget: definedOnly(input.budget) }),
    grants,
  };
}

function definedOnly(budget: Readonly<Record<string, number | undefined>>): Budget {
  return Object.fromEntries(Object.entries(budget).filter(([, v]) => v !== undefined));
}
