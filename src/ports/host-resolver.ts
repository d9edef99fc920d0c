// The host resolver port: DNS names to the addresses `net.fetch` may connect to.

/** One address a name resolved to. */
export interface ResolvedAddress {
  /** IPv4 dotted quad or IPv6 text (no brackets). */
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * Resolves a DNS name (never an IP literal) to its addresses, once per hop of a fetch: the
 * connection is then pinned to the address that was checked, so a second answer (DNS rebinding)
 * is never asked for. The runtime's default uses the system resolver (`getaddrinfo`); tests
 * inject their own.
 * @throws NETWORK_FAILED when the name does not resolve; CANCELLED when `signal` fires
 */
export type HostResolver = (
  name: string,
  options: { readonly signal: AbortSignal },
) => Promise<readonly ResolvedAddress[]>;
