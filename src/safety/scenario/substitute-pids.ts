// Replaces `${pid:<name>}` in every string of a scenario value with the pid of the process so named.
import { LibosError } from '../../base/errors.js';

const PLACEHOLDER = /\$\{pid:([a-z][a-z0-9-]*)\}/g;

/**
 * `value` with each `${pid:<name>}` replaced by `pids.get(name)`. Scenario authors name
 * processes; pids exist only once they are spawned (e.g. `proc/${pid:victim}` is the private
 * namespace of the process named victim).
 * @throws INVALID_INPUT naming a placeholder whose process does not exist
 */
export function substitutePids<T>(value: T, pids: ReadonlyMap<string, string>): T {
  return walk(value, pids) as T;
}

function walk(value: unknown, pids: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string')
    return value.replace(PLACEHOLDER, (_all, name: string) => {
      const pid = pids.get(name);
      if (pid === undefined)
        throw new LibosError(
          'INVALID_INPUT',
          `Running a scenario failed: no process named ${name}`,
        );
      return pid;
    });
  if (Array.isArray(value)) return value.map((v) => walk(v, pids));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, pids)]));
  return value;
}
