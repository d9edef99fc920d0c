// Table and property tests of forbiddenRequest: refusals follow what a pattern covers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../base/ids.js';
import { forbiddenRequest } from './forbidden-request.js';
import { covers } from './match.js';
import { parseResource, type ResourcePattern } from './resource.js';

const ME = 'proc_me' as Pid;

function pattern(text: string): ResourcePattern {
  const parsed = parseResource(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

describe('forbiddenRequest', () => {
  it.each([
    ['shell:*', ['execute'], true],
    ['shell:git', ['execute'], false],
    ['fs:**', ['write'], true],
    ['fs:**', ['read'], false],
    ['fs:src/**', ['write', 'delete'], false],
    ['object:**', ['read'], true],
    ['object:ns/**', ['read'], true],
    ['object:ns/proc/**', ['read'], true],
    ['object:ns/proc/proc_other/**', ['read'], true],
    ['object:ns/proc/proc_other/plan', ['read'], true],
    ['object:ns/proc/proc_me/**', ['read', 'write'], false],
    ['object:ns/shared/**', ['write'], true],
    ['object:ns/shared/**', ['read'], false],
    ['object:ns/shared/team/**', ['write', 'delete'], false],
    ['object:ns/shared/team/notes', ['write'], false],
    ['object:obj_0123456789abcdef', ['read'], true],
    ['image:x', ['register'], true],
    ['image:x', ['exec'], false],
    ['tool:x', ['register'], true],
    ['model:openai/gpt-4.1', ['call'], false],
  ] as const)('%s %j is forbidden: %s', (text, rights, expected) => {
    const reason = forbiddenRequest(pattern(text), rights, { requester: ME });
    expect(reason !== null).toBe(expected);
  });

  it('refuses every object pattern that covers an object of another private namespace', () => {
    const segment = fc.constantFrom('ns', 'proc', 'shared', 'proc_me', 'proc_other', 'team', 'x');
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((p) => p.join('/'));
    const text = fc.oneof(
      fc.constant('object:**'),
      path.map((p) => `object:${p}`),
      path.map((p) => `object:${p}/**`),
    );
    fc.assert(
      fc.property(text, fc.constantFrom('proc_other', 'proc_x'), (t, owner) => {
        const p = pattern(t);
        const foreign = covers(p, { kind: 'object', path: `ns/proc/${owner}/plan` });
        if (foreign) expect(forbiddenRequest(p, ['read'], { requester: ME })).not.toBeNull();
      }),
      { numRuns: 2_000 },
    );
  });
});
