// Parses the concrete `kind:name` resource and right that `caps explain` asks about.
import { LibosError } from '../base/errors.js';
import { isRightOf, RESOURCE_CATALOG, type Right } from '../kernel/capability/catalog.js';
import { formatResource, parseResource } from '../kernel/capability/resource.js';
import type { ConcreteResource } from '../kernel/capability/types.js';

/** A concrete resource in canonical text, with a right of its kind. */
export interface ConcreteCheck {
  /** Canonical `kind:path`, e.g. `fs:src/a.ts`. */
  readonly resource: string;
  /** The same resource as the kernel's matcher takes it. */
  readonly concrete: ConcreteResource;
  readonly right: Right;
}

/**
 * Checks that `resource` names one concrete resource (no wildcard, no subtree) and that `right`
 * is a right of its kind.
 * @throws INVALID_INPUT with the reason
 */
export function parseConcreteResource(resource: string, options: { right: string }): ConcreteCheck {
  const parsed = parseResource(resource);
  if (!parsed.ok) {
    throw new LibosError(
      'INVALID_INPUT',
      `Parsing resource ${JSON.stringify(resource.slice(0, 60))} failed: ${parsed.reason}`,
    );
  }
  // A command (`shell:git/status`) is written like the argv-prefix patterns that cover it: the
  // parse holds it as a subtree, but as a resource it is one concrete argv.
  const isCommand =
    parsed.value.match === 'subtree' && RESOURCE_CATALOG[parsed.value.kind].patterns === 'argv';
  if (parsed.value.match !== 'exact' && !isCommand) {
    throw new LibosError(
      'INVALID_INPUT',
      `Parsing resource ${JSON.stringify(resource.slice(0, 60))} failed: name one concrete resource, not a pattern`,
    );
  }
  const { kind, path } = parsed.value;
  if (!isRightOf(kind, options.right)) {
    throw new LibosError(
      'INVALID_INPUT',
      `Parsing the right failed: ${JSON.stringify(options.right.slice(0, 40))} is not a right of ${kind} (${RESOURCE_CATALOG[kind].rights.join(', ')})`,
    );
  }
  return {
    resource: formatResource(parsed.value),
    concrete: { kind, path },
    right: options.right,
  };
}
