// Keeps the exit-code tables of the READMEs in step with the error registry and RUN_EXIT_CODES.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/base/errors.js';
import { RUN_EXIT_CODES } from '../../src/cli/run/run-exit-codes.js';

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

/** The run exit-code table of README.md and src/cli/README.md, rendered from RUN_EXIT_CODES. */
function runExitTable(): string {
  const rows = Object.entries(RUN_EXIT_CODES).map(
    ([stop, spec]) => `| ${spec.exitCode} | \`${stop}\` | ${spec.meaning} |`,
  );
  return ['| exit | outcome | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** The text between `<!-- name:start -->` and `<!-- name:end -->` in `file`. */
function between(file: string, name: string): string {
  const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  const match = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(
    text,
  );
  return match?.[1] ?? '';
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
    // On failure, paste the expected table between the markers.
    expect(normalise(between('src/cli/README.md', 'exit-codes'))).toBe(normalise(exitCodeTable()));
  });

  it('lists the exit codes of run and resume as RUN_EXIT_CODES gives them', () => {
    expect(normalise(between('src/cli/README.md', 'run-exit-codes'))).toBe(
      normalise(runExitTable()),
    );
  });
});

describe('README.md', () => {
  it('lists the exit codes of run and resume as RUN_EXIT_CODES gives them', () => {
    expect(normalise(between('README.md', 'run-exit-codes'))).toBe(normalise(runExitTable()));
  });
});
