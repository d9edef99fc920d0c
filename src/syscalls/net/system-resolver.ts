// The default host resolver: the system's getaddrinfo, every address, in the order it returns them.
import { lookup } from 'node:dns/promises';
import { LibosError } from '../../base/errors.js';
import type { HostResolver, ResolvedAddress } from '../../ports/host-resolver.js';

/**
 * Resolves `name` with the system resolver (`/etc/hosts`, then DNS). A name that does not resolve
 * is NETWORK_FAILED with no resolver detail in the message.
 * @throws NETWORK_FAILED, CANCELLED
 */
export const systemResolver: HostResolver = async (name, options) => {
  if (options.signal.aborted) throw new LibosError('CANCELLED', `Resolving ${name} was cancelled`);
  let found: { address: string; family: number }[];
  try {
    found = await lookup(name, { all: true, verbatim: true });
  } catch (error) {
    throw new LibosError('NETWORK_FAILED', `Resolving ${name} failed: the name did not resolve`, {
      cause: error,
    });
  }
  return found
    .filter((a) => a.family === 4 || a.family === 6)
    .map((a): ResolvedAddress => ({ address: a.address, family: a.family === 4 ? 4 : 6 }));
};
