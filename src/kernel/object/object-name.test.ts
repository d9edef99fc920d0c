import { describe, expect, it } from 'vitest';
import { checkNamespaceName, checkObjectName, checkSharedNamespaceName } from './object-name.js';
import { parseObjectRef } from './object-ref.js';

describe('object names', () => {
  it.each(['notes', 'Notes v2.md', 'résumé', 'a-b_c.d', 'x'.repeat(200)])('accepts %j', (name) => {
    expect(checkObjectName(name)).toBeNull();
  });

  it.each([
    '',
    '.',
    '..',
    'a/b',
    'a\\b',
    'a*',
    'a?',
    '[a]',
    '{a}',
    ' a',
    'a ',
    'a\u0000b',
    'a\nb',
    'a\u009bb',
    'notes\u202Etxt',
    'se\u200Bcret',
    'a\u2066b',
    'e\u0301',
    '\ud800',
    'x'.repeat(201),
  ])('refuses %j', (name) => {
    expect(checkObjectName(name)).not.toBeNull();
  });
});

describe('namespace names', () => {
  it('takes exactly two lowercase segments', () => {
    expect(checkNamespaceName('proc/proc_00000001')).toBeNull();
    expect(checkNamespaceName('shared/research')).toBeNull();
    for (const bad of ['shared', 'shared/a/b', 'Shared/x', 'shared/..', 'shared/', '/x', 'a b/c'])
      expect(checkNamespaceName(bad), bad).not.toBeNull();
  });

  it('keeps proc/ for private namespaces', () => {
    expect(checkSharedNamespaceName('shared/team')).toBeNull();
    expect(checkSharedNamespaceName('proc/proc_00000001')).toContain('private');
  });
});

describe('object refs', () => {
  it('parses ids and id@version', () => {
    expect(parseObjectRef('obj_00000001')).toEqual({ id: 'obj_00000001', version: null });
    expect(parseObjectRef('obj_00000001@12')).toEqual({ id: 'obj_00000001', version: 12 });
    for (const bad of ['obj_1', 'obj_00000001@0', 'obj_00000001@', 'obj_00000001@1.5', 'x@1'])
      expect(parseObjectRef(bad), bad).toBeNull();
  });
});
