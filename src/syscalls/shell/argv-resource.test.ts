// Tests for the shell resource of an argv, and how argv-prefix grants cover it.
import { describe, expect, it } from 'vitest';
import { covers } from '../../kernel/capability/match.js';
import { parseResource } from '../../kernel/capability/resource.js';
import { argvResource } from './argv-resource.js';

function granted(pattern: string, argv: readonly string[]): boolean {
  const parsed = parseResource(pattern);
  if (!parsed.ok) throw new Error(parsed.reason);
  return covers(parsed.value, { kind: 'shell', path: argvResource(argv) });
}

describe('argvResource', () => {
  it.each([
    [['git', 'status', '--short'], 'git/status/--short'],
    [['git', 'commit', '-m', 'fix a/b'], 'git/commit/-m/fix%20a%2Fb'],
    [['echo', ''], 'echo/%00'],
    [['ls', '.', '..'], 'ls/%2E/%2E%2E'],
    [['printf', '100%'], 'printf/100%25'],
    [['echo', 'a\nb\u202e'], 'echo/a%0Ab%E2%80%AE'],
    [['node', '-e', "console.log('x')"], 'node/-e/console.log%28%27x%27%29'],
  ])('encodes %j as %s', (argv, resource) => {
    expect(argvResource(argv)).toBe(resource);
  });
});

describe('argv-prefix grants', () => {
  it.each([
    ['shell:git', ['git'], true],
    ['shell:git', ['git', 'push', '--force'], true],
    ['shell:git', ['gitk'], false],
    ['shell:git/status', ['git', 'status'], true],
    ['shell:git/status', ['git', 'status', '--short'], true],
    ['shell:git/status', ['git', 'statusx'], false],
    ['shell:git/status', ['git', '--upload-pack=evil', 'status'], false],
    ['shell:git/status', ['git', '-c', 'core.sshCommand=evil', 'status'], false],
    // An argument holding a slash cannot pose as two segments.
    ['shell:git/status', ['git', 'status/../push'], false],
    ['shell:git/status/--short', ['git', 'status'], false],
    ['shell:*', ['anything', 'at', 'all'], true],
    ['shell:bash', ['sh', '-c', 'bash'], false],
  ] as const)('%s covers %j: %s', (pattern, argv, expected) => {
    expect(granted(pattern, argv)).toBe(expected);
  });
});
