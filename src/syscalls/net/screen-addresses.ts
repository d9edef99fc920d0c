// Which resolved address a fetch connects to, or why none may be.
import { classifyAddress } from '../../kernel/net/address-class.js';
import type { ResolvedAddress } from '../../ports/host-resolver.js';

/**
 * The address to connect to: the first of `addresses`, provided every one of them is public, or
 * — when the allowing grant names the host (`namesHost`) — whatever they are. All must pass, not
 * only the first: a name answering with a public and a private address is refused rather than
 * trusted to pick. No address at all is refused too.
 */
export function screenAddresses(
  addresses: readonly ResolvedAddress[],
  options: { readonly namesHost: boolean },
): { ok: true; address: ResolvedAddress } | { ok: false; reason: string } {
  const [first] = addresses;
  if (first === undefined) return { ok: false, reason: 'resolves to no address' };
  if (options.namesHost) return { ok: true, address: first };
  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    if (kind !== 'public') return { ok: false, reason: `is a ${kind} address, not a public one` };
  }
  return { ok: true, address: first };
}
