// A shortened id for narrow columns and timelines: the prefix, an ellipsis, the last six characters.

/** `proc_00mwr5gts12hhfajhppz` → `proc_…ajhppz`; ids with a short body stay as they are. */
export function shortPid(id: string): string {
  const cut = id.indexOf('_');
  return cut < 0 || id.length <= cut + 8 ? id : `${id.slice(0, cut + 1)}…${id.slice(-6)}`;
}
