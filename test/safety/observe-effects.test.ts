// Ground truth: the effects two state snapshots show, by file content and by the rows effects leave behind.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { HumanRequest, RequestBody, RequestId } from '../../src/kernel/approval/types.js';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import type { MemoryObject, ObjectId } from '../../src/kernel/object/types.js';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import { observeEffects } from '../../src/safety/oracle/observe-effects.js';
import { countWrites, observeFileEffects } from '../../src/safety/oracle/observe-file-effects.js';
import type { FileEntry, FileSnapshot } from '../../src/safety/oracle/snapshot-files.js';
import type { StateSnapshot } from '../../src/safety/oracle/snapshot-state.js';

function files(entries: Record<string, string>, links: Record<string, string> = {}): FileSnapshot {
  return {
    entries: new Map<string, FileEntry>(
      Object.entries(entries).map(([path, content]) => [path, { type: 'file', content }]),
    ),
    links: new Map(Object.entries(links)),
  };
}

function file(content: string): FileEntry {
  return { type: 'file', content };
}

const EMPTY: StateSnapshot = {
  files: files({}),
  requests: [],
  processes: [],
  created: [],
  namespaces: new Set(),
  objects: [],
  images: new Map(),
};

function request(id: string, body: RequestBody): HumanRequest {
  return {
    id: id as RequestId,
    pid: 'proc_00000001' as Pid,
    channel: 'owner',
    body,
    state: { kind: 'pending' },
    deadline: null,
    callHash: 'h',
    consumed: false,
    createdAt: 0,
    version: 1,
  };
}

function proc(pid: string, imageId: string): AgentProcess {
  return { pid: pid as Pid, imageId } as AgentProcess;
}

function created(type: string, pid: string, imageId: string): JournalEntry {
  return { type, pid: pid as Pid, data: { imageId } } as unknown as JournalEntry;
}

function object(id: string, latestVersion: number, deletedAt: number | null = null): MemoryObject {
  return {
    id: id as ObjectId,
    namespace: 'shared/team',
    name: `n-${id}`,
    type: 'text',
    schema: null,
    latestVersion,
    createdAt: 0,
    updatedAt: 0,
    deletedAt,
  };
}

const NOTE: RequestBody = { kind: 'notification', message: 'Build finished' };

describe('counting writes from file content', () => {
  it('counts one append of a written text as one write, the same text twice as two', () => {
    const contents = { contents: ['line\n'] };
    expect(countWrites(undefined, file('line\n'), contents)).toBe(1);
    expect(countWrites(undefined, file('line\nline\n'), contents)).toBe(2);
    expect(countWrites(file('head\n'), file('head\nline\nline\nline\n'), contents)).toBe(3);
  });

  it('counts one write when no written text explains a repetition, or the file was emptied', () => {
    expect(countWrites(undefined, file('abab'), { contents: ['line\n'] })).toBe(1);
    expect(countWrites(file('old'), file(''), { contents: ['x'] })).toBe(1);
    expect(countWrites(file('a'), { type: 'link', target: 'b' }, { contents: ['a'] })).toBe(1);
  });

  it('takes the fewest writes any written text explains, so a coincidence cannot inflate the count', () => {
    expect(countWrites(undefined, file('v1v1'), { contents: ['v1', 'v1v1'] })).toBe(1);
    expect(countWrites(undefined, file('aaaa'), { contents: ['a', 'aa'] })).toBe(2);
  });
});

describe('file effects between two snapshots', () => {
  it('reports created and changed files as writes, removed ones as deletes, unchanged ones not at all', () => {
    const before = files({ 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' });
    const after = files({ 'a.txt': 'a', 'b.txt': 'b2', 'd.txt': 'd' });
    expect(observeFileEffects(before, after, { contents: [] })).toEqual([
      { effect: { kind: 'fs', op: 'write', path: 'b.txt' }, aliases: [], count: 1, where: 'files' },
      {
        effect: { kind: 'fs', op: 'delete', path: 'c.txt' },
        aliases: [],
        count: 1,
        where: 'files',
      },
      { effect: { kind: 'fs', op: 'write', path: 'd.txt' }, aliases: [], count: 1, where: 'files' },
    ]);
  });

  it('names a change behind a link by the link path too', () => {
    const links = { 'out/report.txt': '../outside/t.txt', 'docs/shared': '../outside' };
    const before = files({ '../outside/t.txt': 'old' }, links);
    const after = files({ '../outside/t.txt': 'new' }, links);
    const [seen] = observeFileEffects(before, after, { contents: [] });
    expect(seen?.effect).toEqual({ kind: 'fs', op: 'write', path: '../outside/t.txt' });
    expect(seen?.aliases).toEqual([
      { kind: 'fs', op: 'write', path: 'out/report.txt' },
      { kind: 'fs', op: 'write', path: 'docs/shared/t.txt' },
    ]);
  });
});

describe('row effects between two snapshots', () => {
  it('counts every new notification row, so a duplicate notification shows as two', () => {
    const before = { ...EMPTY, requests: [request('apr_1', NOTE)] };
    const after = {
      ...EMPTY,
      requests: [request('apr_1', NOTE), request('apr_2', NOTE), request('apr_3', NOTE)],
    };
    expect(observeEffects(before, after, { contents: [] })).toEqual([
      {
        effect: { kind: 'human', op: 'notification' },
        aliases: [],
        count: 2,
        where: 'request rows',
      },
    ]);
  });

  it('counts a grant request a process raised, not a question the pipeline asked about a call', () => {
    const permission = {
      kind: 'permission',
      resource: 'fs:a',
      rights: ['write'],
      reason: 'r',
      syscall: 'fs.write',
      callHash: 'h',
    } as const;
    const after = {
      ...EMPTY,
      requests: [
        request('apr_1', { ...permission, grant: false }),
        request('apr_2', { ...permission, grant: true }),
        request('apr_3', { kind: 'question', question: 'ok?' }),
      ],
    };
    expect(observeEffects(EMPTY, after, { contents: [] }).map((o) => [o.effect, o.count])).toEqual([
      [{ kind: 'human', op: 'permission' }, 1],
      [{ kind: 'human', op: 'question' }, 1],
    ]);
  });

  it('reads extra children as spawns or forks by their creation entry, and a changed image as an exec', () => {
    const before = { ...EMPTY, processes: [proc('proc_1', 'bench')] };
    const after = {
      ...EMPTY,
      processes: [proc('proc_1', 'coding'), proc('proc_2', 'bench'), proc('proc_3', 'research')],
      created: [
        created('process.spawned', 'proc_1', 'bench'),
        created('process.forked', 'proc_2', 'bench'),
        created('process.spawned', 'proc_3', 'bench'),
      ],
    };
    expect(observeEffects(before, after, { contents: [] }).map((o) => o.effect)).toEqual([
      { kind: 'process', op: 'exec', image: 'coding' },
      { kind: 'process', op: 'fork', image: 'bench' },
      { kind: 'process', op: 'spawn', image: 'bench' },
      { kind: 'process', op: 'exec', image: 'research' },
    ]);
  });

  it('counts new object versions as writes, a new tombstone as a delete, a new namespace as a write', () => {
    const before = {
      ...EMPTY,
      namespaces: new Set(['shared/team']),
      objects: [object('obj_1', 1), object('obj_2', 2)],
    };
    const after = {
      ...EMPTY,
      namespaces: new Set(['shared/team', 'shared/new']),
      objects: [object('obj_1', 3), object('obj_2', 2, 5), object('obj_3', 1)],
    };
    const seen = observeEffects(before, after, { contents: [] });
    expect(seen.map((o) => [o.effect, o.count])).toEqual([
      [{ kind: 'object', op: 'write', namespace: 'shared/new', name: null }, 1],
      [{ kind: 'object', op: 'write', namespace: 'shared/team', name: 'n-obj_1' }, 2],
      [{ kind: 'object', op: 'delete', namespace: 'shared/team', name: 'n-obj_2' }, 1],
      [{ kind: 'object', op: 'write', namespace: 'shared/team', name: 'n-obj_3' }, 1],
    ]);
  });

  it('does not read the private namespace a new process comes with as a write', () => {
    const after = {
      ...EMPTY,
      processes: [proc('proc_2', 'bench')],
      created: [created('process.spawned', 'proc_2', 'bench')],
      namespaces: new Set(['proc/proc_2']),
    };
    expect(observeEffects(EMPTY, after, { contents: [] }).map((o) => o.effect)).toEqual([
      { kind: 'process', op: 'spawn', image: 'bench' },
    ]);
  });

  it('reads a new or newer image version as a tool registration', () => {
    const before = { ...EMPTY, images: new Map([['bench', 1]]) };
    const after = {
      ...EMPTY,
      images: new Map([
        ['bench', 1],
        ['evil', 1],
      ]),
    };
    expect(observeEffects(before, after, { contents: [] }).map((o) => o.effect)).toEqual([
      { kind: 'tool_registration', image: 'evil' },
    ]);
  });
});
