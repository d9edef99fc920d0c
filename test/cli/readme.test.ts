// Keeps the exit-code table of src/cli/README.md in step with the error registry.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/base/errors.js';

/** The exit-code table of src/cli/README.md, rendered from the error registry. */
function exitCodeTable(): string {
  const rows = Object.entries(ERROR_CODES)
    .sort(([a, x], [b, y]) => x.exitCode - y.exitCode || a.localeCompare(b))
    .map(
      ([code, spec]) =>
        `| ${spec.exitCode} | \`${code}\` | ${spec.category} | ${spec.retryable ? 'yes' : 'no'} |`,
    );
  return ['| exit | code | category | retryable |', '|---|---|---|---|', ...rows].join('\n');
}

/** A markdown table with cell padding removed, so Prettier's alignment does not matter. */
function normalise(table: string): string {
  return table
    .trim()
    .split('\n')
    .map((line) =>
      line
        .split('|')
        .map((cell) => cell.trim().replace(/^-+$/, '---'))
        .join('|'),
    )
    .join('\n');
}

describe('src/cli/README.md', () => {
  it('lists every error code with the exit code ERROR_CODES gives it', () => {
    const readme = readFileSync(new URL('../../src/cli/README.md', import.meta.url), 'utf8');
    const between = /<!-- exit-codes:start -->\n([\s\S]*?)\n<!-- exit-codes:end -->/.exec(readme);
    // On failure, paste the expected table between the markers.
    expect(normalise(between?.[1] ?? '')).toBe(normalise(exitCodeTable()));
  });
});
