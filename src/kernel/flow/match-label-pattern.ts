// Glob matching for label rules: `*` within one segment, `**` across any number of them.

/**
 * True when `glob` matches `target` as a whole. Segments split on `/`; `**` as a whole segment
 * matches zero or more segments; `*` elsewhere matches any run of characters within a segment.
 */
export function matchLabelGlob(glob: string, target: string): boolean {
  return matchSegments(glob.split('/'), target.split('/'));
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): boolean {
  // Iterative with memo over (i, j): patterns are short, targets are paths.
  const memo = new Map<number, boolean>();
  const at = (i: number, j: number): boolean => {
    const key = i * (parts.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === pattern.length) result = j === parts.length;
    else if (pattern[i] === '**') result = at(i + 1, j) || (j < parts.length && at(i, j + 1));
    else
      result =
        j < parts.length && matchSegment(pattern[i] ?? '', parts[j] ?? '') && at(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return at(0, 0);
}

function matchSegment(pattern: string, text: string): boolean {
  if (!pattern.includes('*')) return pattern === text;
  const pieces = pattern.split('*');
  const first = pieces[0] ?? '';
  const last = pieces[pieces.length - 1] ?? '';
  if (!text.startsWith(first) || text.length < first.length + last.length) return false;
  if (!text.endsWith(last)) return false;
  let position = first.length;
  const end = text.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = text.indexOf(piece, position);
    if (found < 0 || found + piece.length > end) return false;
    position = found + piece.length;
  }
  return true;
}

/**
 * How specific a glob is, for choosing among matching rules: more literal characters first,
 * then fewer wildcards.
 */
export function globSpecificity(glob: string): number {
  const wildcards = (glob.match(/\*/g) ?? []).length;
  return (glob.length - wildcards) * 64 - wildcards;
}
