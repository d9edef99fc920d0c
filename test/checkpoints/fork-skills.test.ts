// A fork's processes run the captured image, so they hold what that image gives every process that
// runs it: the Skill records of `AgentImage.skills`, as a spawn of the image would.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

const FIXTURES = fileURLToPath(new URL('../skills/fixtures/', import.meta.url));

describe('a fork of a process whose image bundles Skills', () => {
  // Runtime-issued records are not copied into a fork: lineage and the image's Skill records are
  // made afresh for the new pids.
  it('gives the copy the Skill records its image grants', async () => {
    await using t = await createTempRuntime({});
    await t.runtime.skills.register(join(FIXTURES, 'changelog'));
    await t.runtime.registerImage({
      id: 'release-writer',
      version: 1,
      description: 'Writes release notes.',
      systemPrompt: 'You write release notes.',
      tools: ['skill_activate', 'skill_read', 'exit'],
      requirements: [],
      defaultBudget: { quanta: 20 },
      defaultModel: null,
      skills: ['changelog'],
    });
    const p = await t.runtime.spawn({ imageId: 'release-writer', goal: 'Write the changelog' });
    const skillsOf = async (pid: string) =>
      (await t.runtime.capabilities({ subject: pid, limit: 100 }))
        .filter((c) => c.resource.kind === 'skill')
        .map((c) => ({ resource: c.resource, rights: c.rights }));
    const held = await skillsOf(p.pid);
    expect(held).toEqual([
      {
        resource: { kind: 'skill', match: 'exact', path: 'changelog' },
        rights: ['read', 'activate'],
      },
    ]);
    const checkpoint = await t.runtime.checkpoints.create(p.pid);
    const fork = await t.runtime.checkpoints.fork(checkpoint.id);
    expect(await skillsOf(fork.root)).toEqual(held);
  });
});
