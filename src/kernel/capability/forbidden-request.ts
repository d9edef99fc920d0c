// Which grants a process may never ask a human for, judged by what a pattern covers, not its spelling.
import type { Pid } from '../../base/ids.js';
import type { Right } from './catalog.js';
import { covers, overlaps } from './match.js';
import type { ResourcePattern } from './resource.js';

/** Object paths are `ns/<namespace, two segments>/<name>`: a namespace root has three segments. */
const NAMESPACE_DEPTH = 3;

/**
 * Why process `requester` may not request this grant, or null when it may. Forbidden: any shell
 * (`shell:*`); writing or deleting across the whole workspace; capability administration
 * (registering images or tools, which would mint new authority); any pattern that reaches a
 * private Object Memory namespace of another process (whatever the rights: those are never
 * grantable by request); writing or deleting across more than one namespace; and objects named by
 * id (a human shown `object:obj_…` cannot tell whose object it is; a request names the path).
 * Patterns arrive parsed and normalised (`ns/./**` is `ns/**`), and the checks ask what they cover.
 */
export function forbiddenRequest(
  pattern: ResourcePattern,
  rights: readonly Right[],
  options: { readonly requester: Pid },
): string | null {
  const mutates = rights.includes('write') || rights.includes('delete');
  switch (pattern.kind) {
    case 'shell':
      return pattern.match === 'any'
        ? 'a process may not ask for every executable (shell:*)'
        : null;
    case 'fs':
      return pattern.match === 'any' && mutates
        ? 'a process may not ask to write or delete across the whole workspace'
        : null;
    case 'object':
      return forbiddenObjectRequest(pattern, { mutates, requester: options.requester });
    case 'image':
    case 'tool':
      return rights.includes('register')
        ? 'a process may not ask for capability administration (registering images or tools)'
        : null;
    case 'net':
    case 'human':
    case 'process':
    case 'clock':
    case 'checkpoint':
    case 'mcp':
    case 'model':
    case 'skill':
      return null;
    case 'exit':
      return pattern.match === 'any'
        ? 'a process may not ask to send above the clearance of every exit (exit:**)'
        : null;
  }
}

function forbiddenObjectRequest(
  pattern: ResourcePattern,
  options: { readonly mutates: boolean; readonly requester: Pid },
): string | null {
  if (pattern.match !== 'any' && pattern.path.split('/')[0] !== 'ns')
    return 'a process must name objects by namespace path (object:ns/<namespace>/<name>), not by id';
  if (reachesForeignPrivate(pattern, options.requester))
    return "a process may never ask for another process's private Object Memory";
  if (options.mutates && spansNamespaces(pattern))
    return 'a process may not ask to write or delete across more than one namespace';
  return null;
}

// Whether the pattern covers anything in `proc/<p>` for some p other than the requester: either
// it covers every private namespace (`ns/**`, `ns/proc/**`, `**`), checked against a namespace no
// process has, or it names one that is not the requester's.
function reachesForeignPrivate(pattern: ResourcePattern, requester: Pid): boolean {
  const probe: ResourcePattern = {
    kind: 'object',
    match: 'subtree',
    path: `ns/proc/${requester}\u0000other`,
  };
  if (overlaps(pattern, probe)) return true;
  if (pattern.match === 'any') return true;
  const [, group, owner] = pattern.path.split('/');
  return group === 'proc' && owner !== undefined && owner !== requester;
}

// Whether the pattern covers objects of more than one namespace: it is wider than a namespace
// root (`**`, `ns/**`, `ns/shared/**`).
function spansNamespaces(pattern: ResourcePattern): boolean {
  if (pattern.match === 'any') return true;
  const depth = pattern.path.split('/').length;
  return (
    pattern.match === 'subtree' &&
    depth < NAMESPACE_DEPTH &&
    covers(pattern, { kind: 'object', path: `${pattern.path}/a/b` })
  );
}
