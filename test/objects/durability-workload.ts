// The durability test's workload, shared by the child that writes and the test that checks: which
// objects a process writes and the exact bytes of every version.
import { createHash } from 'node:crypto';
import type { QuantumBody } from '../../src/runtime/quantum-context.js';

/** Versions written to each fixed object before the child reports `written`. */
export const FIXED_VERSIONS = 4;

/** The fixed objects: a text log, a binary payload and a 1 MiB payload. */
export const FIXED = ['log', 'bin', 'big'] as const;

/** The exact payload of `version` of `name` (deterministic, binary for `bin`). */
export function payloadFor(name: string, version: number): Buffer {
  if (name === 'log' || name === 'churn')
    return Buffer.from(`${name} version ${version}\n`.repeat(version * 3), 'utf8');
  const size = name === 'big' ? 1024 * 1024 : 64 * 1024 + version;
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update(`${name}@${version}`).digest();
  for (let at = 0; at < size; at += block.length) {
    block.copy(out, at);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

/**
 * One quantum: writes FIXED_VERSIONS versions of each fixed object, calls `onWritten`, then keeps
 * appending versions to `churn` until the process is killed (`onChurning` after the first).
 */
export function durabilityBody(hooks: {
  onWritten: () => void;
  onChurning: () => void;
}): QuantumBody {
  return async (ctx) => {
    const write = async (name: string, version: number): Promise<void> => {
      const content = payloadFor(name, version).toString('base64');
      const input =
        version === 1
          ? { name, type: 'file-snapshot', content, encoding: 'base64' }
          : { name, content, encoding: 'base64', expectedVersion: version - 1 };
      await ctx.syscall(version === 1 ? 'object.create' : 'object.update', input);
    };
    for (let version = 1; version <= FIXED_VERSIONS; version += 1)
      for (const name of FIXED) await write(name, version);
    hooks.onWritten();
    for (let version = 1; ; version += 1) {
      await write('churn', version);
      if (version === 1) hooks.onChurning();
    }
  };
}
