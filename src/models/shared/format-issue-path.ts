// Formats a validation issue's path the way a user reads it: `agents[0].calls[1]`.

/** `['agents', 0, 'calls', 1]` → `agents[0].calls[1]`; the empty path is `(root)`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}
