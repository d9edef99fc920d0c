// Which IP addresses are on the public internet, and what the others are (loopback, private, …).

/** What an address is; only `public` is reachable through a grant that does not name the host. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'reserved'
  | 'invalid';

type V4Range = readonly [base: number, prefix: number, kind: AddressClass];

// IPv4 special-purpose ranges (IANA registry, RFC 6890 and successors).
const V4_RANGES: readonly V4Range[] = [
  [v4(0, 0, 0, 0), 8, 'unspecified'],
  [v4(10, 0, 0, 0), 8, 'private'],
  [v4(100, 64, 0, 0), 10, 'cgnat'],
  [v4(127, 0, 0, 0), 8, 'loopback'],
  [v4(169, 254, 0, 0), 16, 'link-local'],
  [v4(172, 16, 0, 0), 12, 'private'],
  [v4(192, 0, 0, 0), 24, 'reserved'],
  [v4(192, 0, 2, 0), 24, 'reserved'],
  [v4(192, 88, 99, 0), 24, 'reserved'],
  [v4(192, 168, 0, 0), 16, 'private'],
  [v4(198, 18, 0, 0), 15, 'reserved'],
  [v4(198, 51, 100, 0), 24, 'reserved'],
  [v4(203, 0, 113, 0), 24, 'reserved'],
  [v4(224, 0, 0, 0), 4, 'multicast'],
  [v4(240, 0, 0, 0), 4, 'reserved'],
];

/**
 * The class of `address`: dotted IPv4 (four decimal parts) or IPv6 text (with or without
 * brackets, `::` compression and a trailing dotted quad). IPv6 forms that carry an IPv4 address
 * (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4
 * `2002::/16`) are classed by that address; Teredo, documentation, discard and everything outside
 * global unicast `2000::/3` are `reserved`. Anything unparsable is `invalid` (never public).
 */
export function classifyAddress(address: string): AddressClass {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (text.includes(':')) {
    const bytes = parseIpv6(text);
    return bytes === null ? 'invalid' : classifyV6(bytes);
  }
  const value = parseIpv4(text);
  return value === null ? 'invalid' : classifyV4(value);
}

/** True when `address` is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}

function classifyV4(value: number): AddressClass {
  for (const [base, prefix, kind] of V4_RANGES) {
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    if ((value & mask) >>> 0 === base) return kind;
  }
  return 'public';
}

function classifyV6(b: readonly number[]): AddressClass {
  const word = (i: number): number => ((b[2 * i] ?? 0) << 8) | (b[2 * i + 1] ?? 0);
  const zeros = (from: number, to: number): boolean => b.slice(from, to).every((x) => x === 0);
  const v4At = (i: number): number =>
    (((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0)) >>>
    0;
  if (zeros(0, 16)) return 'unspecified';
  if (zeros(0, 15) && b[15] === 1) return 'loopback';
  // IPv4-mapped (::ffff:0:0/96) and the deprecated IPv4-compatible form (::/96).
  if (zeros(0, 10) && word(5) === 0xffff) return classifyV4(v4At(12));
  if (zeros(0, 12)) return classifyV4(v4At(12));
  // NAT64: the well-known prefix carries an IPv4 address; the local-use prefix is private.
  if (word(0) === 0x64 && word(1) === 0xff9b && zeros(4, 12)) return classifyV4(v4At(12));
  if (word(0) === 0x64 && word(1) === 0xff9b && word(2) === 1) return 'private';
  if (word(0) === 0x2002) return classifyV4(v4At(2));
  if (word(0) === 0x2001 && word(1) === 0) return 'reserved';
  if (word(0) === 0x2001 && word(1) === 0xdb8) return 'reserved';
  if (word(0) === 0x100 && zeros(2, 8)) return 'reserved';
  const first = b[0] ?? 0;
  if ((first & 0xfe) === 0xfc) return 'unique-local';
  if (first === 0xfe && ((b[1] ?? 0) & 0xc0) === 0x80) return 'link-local';
  if (first === 0xfe && ((b[1] ?? 0) & 0xc0) === 0xc0) return 'private';
  if (first === 0xff) return 'multicast';
  if ((first & 0xe0) !== 0x20) return 'reserved';
  return 'public';
}

/** A dotted-quad IPv4 address as an unsigned 32-bit number; null unless exactly a.b.c.d. */
export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

/** IPv6 text (zone ids refused) as 16 bytes; null when it is not one. */
export function parseIpv6(text: string): number[] | null {
  if (text.includes('%') || text.length > 45) return null;
  let head = text;
  let tail4: number | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail4 = parseIpv4(text.slice(lastColon + 1));
    if (tail4 === null) return null;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const words = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    for (const w of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(w)) return null;
      out.push(parseInt(w, 16));
    }
    return out;
  };
  const left = words(halves[0] ?? '');
  const right = halves.length === 2 ? words(halves[1] ?? '') : [];
  if (left === null || right === null) return null;
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...left, ...new Array<number>(missing).fill(0), ...right];
  const bytes = all.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail4 !== null)
    bytes.splice(
      12,
      4,
      (tail4 >>> 24) & 0xff,
      (tail4 >>> 16) & 0xff,
      (tail4 >>> 8) & 0xff,
      tail4 & 0xff,
    );
  return bytes;
}

function v4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}
