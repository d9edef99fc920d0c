// The resource catalog: each kind of resource, the rights it has and how its patterns read.

/**
 * Resource kinds and their rights (ARCHITECTURE §3). Pattern styles: `path` (exact, trailing
 * `/**`, or `**`), `name-or-any` (a name or `*`), `name`, `argv` (`*`, or an executable
 * with an optional argument prefix, `git` or `git/status`, which covers every command it starts)
 * and `url` (`*`, or `scheme://host[:port]/path` with the path exact, `dir/**` or `/**`). `net`
 * rights: `get` (GET, HEAD, OPTIONS), `send` (POST, PUT, PATCH, DELETE) and `connect`, which only
 * `net:*` may carry: the shell sandbox's whole network (all-or-nothing until the egress proxy).
 */
export const RESOURCE_CATALOG = {
  fs: { rights: ['read', 'write', 'delete'], patterns: 'path' },
  shell: { rights: ['execute'], patterns: 'argv' },
  net: { rights: ['get', 'send', 'connect'], patterns: 'url' },
  object: { rights: ['read', 'write', 'delete'], patterns: 'path' },
  human: { rights: ['ask', 'notify'], patterns: 'name' },
  process: { rights: ['spawn', 'signal', 'message'], patterns: 'name' },
  image: { rights: ['read', 'exec', 'register'], patterns: 'name' },
  tool: { rights: ['register', 'call'], patterns: 'name-or-any' },
  clock: { rights: ['use'], patterns: 'name' },
  checkpoint: { rights: ['create', 'read', 'restore', 'fork'], patterns: 'path' },
  mcp: { rights: ['list', 'call'], patterns: 'path' },
  model: { rights: ['call'], patterns: 'path' },
  skill: { rights: ['read', 'activate'], patterns: 'name-or-any' },
  // An exit's clearance lifted for a process: `exit:<kind>/<target>` (see kernel/flow/exit-need.ts).
  exit: { rights: ['declassify'], patterns: 'path' },
} as const;

/** A resource kind. */
export type ResourceKind = keyof typeof RESOURCE_CATALOG;

/** A right of some kind. */
export type Right = (typeof RESOURCE_CATALOG)[ResourceKind]['rights'][number];

/** Every kind, in catalog order. */
export const RESOURCE_KINDS = Object.keys(RESOURCE_CATALOG) as ResourceKind[];

/** True when `kind` is in the catalog. */
export function isResourceKind(kind: string): kind is ResourceKind {
  return Object.hasOwn(RESOURCE_CATALOG, kind);
}

/** True when `right` belongs to `kind`. */
export function isRightOf(kind: ResourceKind, right: string): right is Right {
  return (RESOURCE_CATALOG[kind].rights as readonly string[]).includes(right);
}
