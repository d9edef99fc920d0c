// The capability resource an exit's declassification is decided on: `exit:<kind>/<target>`.
import type { ConcreteResource } from '../capability/types.js';
import type { Exit } from './types.js';

/**
 * The resource a human's answer to a held call (or an operator's grant) is recorded on:
 * `exit:<kind>/<target>`, a net origin written `net/<scheme>/<host[:port]>` so it stays a path.
 * An allow on it lets the process send above the exit's clearance (`allow_once`: that one call).
 */
export function exitNeedResource(exit: Exit): ConcreteResource {
  const target = exit.target.replace('://', '/').replace(/^\/+/, '');
  return { kind: 'exit', path: `${exit.kind}/${target}` };
}
