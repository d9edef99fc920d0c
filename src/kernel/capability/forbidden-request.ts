// Which grants a process may never ask a human for, however the question is put.
import type { Right } from './catalog.js';
import type { ResourcePattern } from './resource.js';

/**
 * Why a process may not request this grant, or null when it may. Forbidden: any shell (`shell:*`),
 * writing or deleting across the whole workspace or all object memory, and capability
 * administration (registering images or tools, which would mint new authority).
 */
export function forbiddenRequest(
  pattern: ResourcePattern,
  rights: readonly Right[],
): string | null {
  if (pattern.kind === 'shell' && pattern.match === 'any')
    return 'a process may not ask for every executable (shell:*)';
  const broad = pattern.match === 'any';
  const mutates = rights.includes('write') || rights.includes('delete');
  if (broad && mutates && pattern.kind === 'fs')
    return 'a process may not ask to write or delete across the whole workspace';
  if (broad && mutates && pattern.kind === 'object')
    return 'a process may not ask to write or delete all object memory';
  if ((pattern.kind === 'image' || pattern.kind === 'tool') && rights.includes('register')) {
    return 'a process may not ask for capability administration (registering images or tools)';
  }
  return null;
}
