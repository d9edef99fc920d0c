// The scenario format is closed: unknown keys, wrong types, bad match modes and broken references are errors with paths.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { isLibosError } from '../../src/base/errors.js';
import { parseScenario } from '../../src/safety/scenario/parse-scenario.js';
import { substitutePids } from '../../src/safety/scenario/substitute-pids.js';

const VALID = {
  id: 'tiny-scenario',
  attack_class: 'secret_read',
  description: 'A tiny scenario.',
  caught_by: ['direct'],
  setup: {
    processes: [{ name: 'worker', grants: [{ resource: 'fs:docs/**', rights: ['read'] }] }],
  },
  model: { agents: [{ name: 'worker', calls: [{ read_file: { path: 'docs/a.md' } }] }] },
  effects: { forbidden: [{ fs: { op: 'read', path: 'secrets/**', match: 'glob' } }] },
  success: { processes: { worker: 'exited' } },
};

/** The message parseScenario throws for `value`, or null when it parses. */
function problem(value: unknown): string | null {
  try {
    parseScenario(stringify(value), { source: 'test.yaml' });
    return null;
  } catch (error) {
    if (!isLibosError(error, 'INVALID_INPUT')) throw error;
    return error.message;
  }
}

function edit(change: (scenario: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(VALID) as Record<string, unknown>;
  change(copy);
  return copy;
}

describe('the scenario schema', () => {
  it('accepts a minimal scenario and fills in defaults', () => {
    const scenario = parseScenario(stringify(VALID), { source: 'test.yaml' });
    expect(scenario.setup.processes[0]?.image).toBe('bench');
    expect(scenario.effects.allowed).toEqual([]);
    expect(scenario.effects.forbidden[0]?.fs?.op).toEqual(['read']);
  });

  it('rejects an unknown key and names it with its path', () => {
    expect(problem(edit((s) => (s.setup = { ...VALID.setup, procesess: [] })))).toMatch(
      /setup: unknown key procesess/,
    );
    expect(problem({ ...VALID, extra: 1 })).toMatch(/\(root\): unknown key extra/);
  });

  it('rejects a wrong type with the path of the field', () => {
    expect(problem({ ...VALID, description: 42 })).toMatch(/description: must be a string/);
    expect(
      problem(
        edit(
          (s) =>
            (s.setup = {
              processes: [{ name: 'worker', grants: [{ resource: 'fs:x', rights: 3 }] }],
            }),
        ),
      ),
    ).toMatch(/setup\.processes\[0\]\.grants\[0\]\.rights: rights must be a string or a list/);
  });

  it('rejects an unsupported match mode', () => {
    const scenario = { ...VALID, effects: { forbidden: [{ fs: { path: 'a', match: 'regex' } }] } };
    expect(problem(scenario)).toMatch(
      /effects\.forbidden\[0\]\.fs\.match: match must be one of exact, prefix, glob \(got "regex"\)/,
    );
  });

  it('rejects a wildcard outside glob matching instead of reading it literally', () => {
    const scenario = { ...VALID, effects: { forbidden: [{ fs: { path: 'secrets/**' } }] } };
    expect(problem(scenario)).toMatch(
      /effects\.forbidden\[0\]\.fs\.path: has a wildcard but match is exact/,
    );
  });

  it('rejects an effect naming no kind or two kinds, and an unknown op', () => {
    expect(problem({ ...VALID, effects: { forbidden: [{}] } })).toMatch(
      /must name exactly one effect kind/,
    );
    expect(
      problem({ ...VALID, effects: { forbidden: [{ fs: { path: 'a' }, human: {} }] } }),
    ).toMatch(/found fs, human/);
    expect(
      problem({ ...VALID, effects: { forbidden: [{ fs: { path: 'a', op: 'chmod' } }] } }),
    ).toMatch(/effects\.forbidden\[0\]\.fs\.op/);
  });

  it('accepts shell argv and network patterns (effects no syscall can perform yet)', () => {
    const forbidden = [
      { shell: { argv: ['rm', '-rf'], match: 'prefix' } },
      { network: { host: '*.example', match: 'glob' } },
    ];
    expect(problem({ ...VALID, effects: { forbidden } })).toBeNull();
    expect(problem({ ...VALID, effects: { forbidden: [{ shell: { argv: [] } }] } })).toMatch(
      /argv must list at least the program/,
    );
  });

  it('requires at least one forbidden effect and one catching runner, never full', () => {
    expect(problem({ ...VALID, effects: { forbidden: [] } })).toMatch(
      /at least one forbidden effect/,
    );
    expect(problem({ ...VALID, caught_by: [] })).toMatch(/caught_by must name at least one/);
    expect(problem({ ...VALID, caught_by: ['full'] })).toMatch(
      /caught_by\[0\]: full is the runtime under test/,
    );
    expect(problem({ ...VALID, caught_by: ['yolo'] })).toMatch(
      /caught_by\[0\]: caught_by lists runners/,
    );
  });

  it('checks process references: unique names, parents spawned earlier, the crash process', () => {
    const twice = edit((s) => (s.setup = { processes: [{ name: 'worker' }, { name: 'worker' }] }));
    expect(problem(twice)).toMatch(/setup\.processes\[1\]\.name: worker is named twice/);
    const orphan = edit((s) => (s.setup = { processes: [{ name: 'worker', parent: 'lead' }] }));
    expect(problem(orphan)).toMatch(
      /setup\.processes\[0\]\.parent: lead is not an earlier process/,
    );
    expect(
      problem({ ...VALID, crash: { process: 'ghost', syscall: 'fs.write', at: 'ran' } }),
    ).toMatch(/crash\.process: no process ghost in setup/);
  });

  it('validates the inline scripted model with the scripted model file rules', () => {
    const model = { agents: [{ name: 'worker', calls: [{ read_file: {}, exit: {} }] }] };
    expect(problem({ ...VALID, model })).toMatch(
      /model: .*agents\[0\]\.calls\[0\]: must name exactly one tool, found 2/,
    );
  });

  it('reports broken YAML with its line', () => {
    expect(() => parseScenario('id: [unclosed\n', { source: 'bad.yaml' })).toThrow(
      /Reading scenario bad\.yaml failed: not valid YAML: .*line 2/,
    );
  });

  it('fills ${pid:name} placeholders and refuses a name no process has', () => {
    const pids = new Map([['victim', 'proc_00000001']]);
    expect(substitutePids({ ns: 'proc/${pid:victim}' }, pids)).toEqual({
      ns: 'proc/proc_00000001',
    });
    expect(() => substitutePids(['${pid:ghost}'], pids)).toThrow(/no process named ghost/);
  });
});
