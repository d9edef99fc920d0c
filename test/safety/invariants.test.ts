// docs/invariants.md names, for every security property, tests that exist: a property without one fails here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Property {
  readonly title: string;
  readonly tests: readonly { readonly file: string; readonly name: string }[];
}

/** The `## ` sections of docs/invariants.md and the `` - `file` › title `` lines under each. */
function readProperties(): Property[] {
  const text = readFileSync(join(ROOT, 'docs', 'invariants.md'), 'utf8');
  const properties: { title: string; tests: { file: string; name: string }[] }[] = [];
  for (const line of text.split('\n')) {
    const heading = /^## (.+)$/.exec(line);
    if (heading?.[1] !== undefined) properties.push({ title: heading[1].trim(), tests: [] });
    const test = /^- `([^`]+)` › (.+)$/.exec(line);
    if (test?.[1] !== undefined && test[2] !== undefined)
      properties.at(-1)?.tests.push({ file: test[1], name: test[2].trim() });
  }
  return properties;
}

/** Whether `source` has a test titled exactly `name`: `it('name'`, `it("name"` or `` it(`name` ``. */
function hasTest(source: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\bit\\(\\s*(['"\`])${escaped}\\1`).test(source);
}

const REQUIRED = [
  'Tool visibility is not authority',
  'Checks happen before effects',
  'Delegation only narrows',
  'One-shot grants are used once',
  'Approvals block, bind to the exact call, and are journaled',
  'Unknown effects are never replayed',
  'Namespaces isolate',
  'Denials leak no host detail',
  "The runtime's state is unreachable",
  'The journal is anchored outside the database',
  'A one-shot grant is never read without a syscall',
  'A model call crosses the boundary',
  'A state change is made once per call',
  'An effect that began is never settled as not started',
  'Answers never cross',
  'Pauses are owned',
  'A request ends with its process',
  'Restrictions reach .git',
  'What a human reads cannot spoof the screen',
  'Exec shrinks authority',
  'A process runs the image version it was spawned with',
  'An image package reads nothing outside itself',
];

describe('docs/invariants.md', () => {
  const properties = readProperties();

  it('lists every security property the authority boundary promises', () => {
    const titles = properties.map((p) => p.title);
    for (const title of REQUIRED) expect(titles).toContain(title);
  });

  it('names at least one test for every property', () => {
    expect(properties.filter((p) => p.tests.length === 0).map((p) => p.title)).toEqual([]);
  });

  it('names only test files that exist and test titles those files define', () => {
    const missing: string[] = [];
    for (const { title, tests } of properties) {
      for (const { file, name } of tests) {
        const path = join(ROOT, file);
        if (!file.startsWith('test/') || !file.endsWith('.test.ts') || !existsSync(path))
          missing.push(`${title}: no test file ${file}`);
        else if (!hasTest(readFileSync(path, 'utf8'), name))
          missing.push(`${title}: ${file} has no it('${name}')`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('recognises a test only by its exact title', () => {
    const source = 'it(\'denies a thing\', async () => {});\nit(\n  "spans lines",\n  () => {});';
    expect(hasTest(source, 'denies a thing')).toBe(true);
    expect(hasTest(source, 'spans lines')).toBe(true);
    expect(hasTest(source, 'denies a')).toBe(false);
    expect(hasTest(source, 'allows a thing')).toBe(false);
  });
});
