// The syscall registry's surface test (ARCHITECTURE §4): every registered syscall has a strict
// input schema, a resource resolver, a payload-free journal shape, a noun.verb name, a summary and
// the effect the catalog says it has. A new syscall fails here until it gets a sample below.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canonicalJson } from '../base/canonical-json.js';
import type { Pid } from '../base/ids.js';
import { isResourceKind, isRightOf } from '../kernel/capability/catalog.js';
import type { AnySyscall, ResolveContext } from '../syscalls/define-syscall.js';
import { needText } from './authority/load-decision.js';
import { BUILTIN_SYSCALLS, syscallTable } from './syscall-table.js';

/** A content-like value: long, distinctive, and never allowed in a journal entry. */
function payload(label: string): string {
  return `${label}:${'lorem ipsum dolor sit amet '.repeat(12)}<end of ${label}>`;
}

import { CHECKPOINT_SAMPLES, type Sample } from './syscall-samples.js';

const HEX = 'ab'.repeat(32);
const CONTENT = payload('file content');
const QUESTION = payload('question');
const ANSWER = payload('answer');
const REASON = payload('reason');
const NOTICE = payload('notification');
const GOAL = payload('goal');
const BODY = payload('message body');
const RESULT = payload('exit result');
const PROMPT = payload('system prompt');

const OBJECT_VIEW = {
  id: 'obj_00000001',
  namespace: 'proc/proc_00000001',
  name: 'notes',
  type: 'text',
  version: 1,
  latestVersion: 1,
  sha256: HEX,
  size: CONTENT.length,
  labels: {
    creator: 'proc_00000001',
    origins: ['model'],
    sensitivity: 'internal',
    sourceObjects: [],
    sourceResources: [],
  },
  deleted: false,
};
const OWN = 'object:ns/proc/proc_00000001';

/** The object.* syscalls (src/syscalls/object); payloads travel in `content` only. */
const OBJECT_SAMPLES: Readonly<Record<string, Sample>> = {
  'object.create': {
    input: { name: 'notes', type: 'text', content: CONTENT },
    output: OBJECT_VIEW,
    effect: 'state',
    needs: [`${OWN}/notes write`],
    payloads: [CONTENT],
    anyJson: ['content'],
  },
  'object.read': {
    input: { name: 'notes' },
    output: { ...OBJECT_VIEW, content: CONTENT, encoding: 'utf8' },
    effect: 'none',
    needs: [`${OWN}/notes read`],
    payloads: [CONTENT],
  },
  'object.update': {
    input: { name: 'notes', content: CONTENT, expectedVersion: 1 },
    output: { ...OBJECT_VIEW, version: 2, latestVersion: 2 },
    effect: 'state',
    needs: [`${OWN}/notes write`],
    payloads: [CONTENT],
    anyJson: ['content'],
  },
  'object.list': {
    input: { namespace: 'shared/research' },
    output: { namespace: 'shared/research', objects: [OBJECT_VIEW], nextAfter: null },
    effect: 'none',
    needs: ['object:ns/shared/research read'],
    payloads: [],
  },
  'object.delete': {
    input: { name: 'notes' },
    output: { id: 'obj_00000001', version: 1, deleted: true },
    effect: 'state',
    needs: [`${OWN}/notes delete`],
    payloads: [],
  },
  'object.link': {
    input: { namespace: 'proc/proc_00000002', name: 'result', toName: 'adopted' },
    output: { ...OBJECT_VIEW, name: 'adopted' },
    effect: 'state',
    needs: ['object:ns/proc/proc_00000002/result read', `${OWN}/adopted write`],
    payloads: [],
  },
  'object.fromFile': {
    input: { path: 'notes/a.txt', name: 'a' },
    output: { ...OBJECT_VIEW, name: 'a', type: 'file-snapshot', path: 'notes/a.txt' },
    effect: 'state',
    needs: ['fs:notes/a.txt read', `${OWN}/a write`],
    payloads: [],
  },
  'object.toFile': {
    input: { name: 'notes', path: 'out/a.txt' },
    output: {
      path: 'out/a.txt',
      bytes: CONTENT.length,
      sha256: HEX,
      created: true,
      previousSha256: null,
      object: 'obj_00000001',
      version: 1,
    },
    effect: 'external',
    needs: ['fs:out/a.txt write', `${OWN}/notes read`],
    payloads: [],
  },
  'object.createNamespace': {
    input: { namespace: 'shared/research' },
    output: { namespace: 'shared/research' },
    effect: 'state',
    needs: ['object:ns/shared/research write'],
    payloads: [],
  },
};

const SAMPLES: Readonly<Record<string, Sample>> = {
  'fs.read': {
    input: { path: 'notes/a.txt' },
    output: { path: 'notes/a.txt', content: CONTENT, bytes: CONTENT.length, sha256: HEX },
    effect: 'none',
    needs: ['fs:notes/a.txt read'],
    payloads: [CONTENT],
  },
  'fs.write': {
    input: { path: 'notes/a.txt', content: CONTENT },
    output: {
      path: 'notes/a.txt',
      bytes: CONTENT.length,
      sha256: HEX,
      created: false,
      previousSha256: HEX,
    },
    effect: 'external',
    needs: ['fs:notes/a.txt write'],
    payloads: [CONTENT],
  },
  'fs.list': {
    input: { path: 'notes' },
    output: {
      path: 'notes',
      entries: [{ name: 'a.txt', type: 'file', size: 3 }],
      total: 1,
      truncated: false,
    },
    effect: 'none',
    needs: ['fs:notes read'],
    payloads: [],
  },
  'fs.stat': {
    input: { path: 'notes/a.txt' },
    output: { path: 'notes/a.txt', type: 'file', size: 3, mtimeMs: 1_700_000_000_000 },
    effect: 'none',
    needs: ['fs:notes/a.txt read'],
    payloads: [],
  },
  'fs.mkdir': {
    input: { path: 'notes/new', recursive: true },
    output: { path: 'notes/new', created: true },
    effect: 'external',
    needs: ['fs:notes/new write'],
    payloads: [],
  },
  'fs.delete': {
    input: { path: 'notes/a.txt' },
    output: { path: 'notes/a.txt', type: 'file', removed: 1, previousSha256: HEX },
    effect: 'external',
    needs: ['fs:notes/a.txt delete'],
    payloads: [],
  },
  'fs.move': {
    input: { from: 'notes/a.txt', to: 'notes/b.txt' },
    output: {
      from: 'notes/a.txt',
      to: 'notes/b.txt',
      type: 'file',
      replaced: false,
      replacedSha256: null,
    },
    effect: 'external',
    needs: ['fs:notes/a.txt delete', 'fs:notes/b.txt write'],
    payloads: [],
  },
  'clock.now': {
    input: {},
    output: { now: 1_700_000_000_000, iso: '2023-11-14T22:13:20.000Z' },
    effect: 'none',
    needs: [],
    payloads: [],
  },
  'clock.sleep': {
    input: { ms: 1_000 },
    output: { wakeAt: 1_700_000_001_000 },
    effect: 'state',
    needs: ['clock:sleep use'],
    payloads: [],
  },
  'human.ask': {
    input: { question: QUESTION, deadlineMs: 60_000 },
    output: {
      request: 'apr_00000001',
      state: 'answered',
      decision: null,
      answer: ANSWER,
      capabilityId: null,
    },
    effect: 'state',
    needs: ['human:owner ask'],
    payloads: [QUESTION, ANSWER],
  },
  'human.requestPermission': {
    input: { resource: 'fs:notes/**', rights: ['write'], reason: REASON },
    output: {
      request: 'apr_00000001',
      state: 'answered',
      decision: 'allow_always',
      answer: ANSWER,
      capabilityId: 'cap_00000001',
    },
    effect: 'state',
    needs: ['human:owner ask'],
    payloads: [REASON, ANSWER],
  },
  'human.notify': {
    input: { message: NOTICE },
    output: { request: 'apr_00000001' },
    effect: 'external',
    needs: ['human:owner notify'],
    payloads: [NOTICE],
  },
  'capability.request': {
    input: { resource: 'fs:notes/**', rights: ['read', 'write'], reason: REASON, deadlineMs: 5 },
    output: {
      request: 'apr_00000001',
      state: 'answered',
      decision: 'allow_once',
      answer: ANSWER,
      capabilityId: 'cap_00000001',
    },
    effect: 'state',
    needs: ['human:owner ask'],
    payloads: [REASON, ANSWER],
  },
  'capability.delegate': {
    input: {
      from: 'cap_00000001',
      to: 'proc_00000002',
      resource: 'fs:notes/**',
      rights: ['read'],
      expiresInMs: 60_000,
      delegable: false,
    },
    output: { capabilityId: 'cap_00000002' },
    effect: 'state',
    needs: [],
    payloads: [],
  },
  'capability.revoke': {
    input: { id: 'cap_00000001' },
    output: { revoked: 2 },
    effect: 'state',
    needs: [],
    payloads: [],
  },
  'process.spawn': {
    input: { imageId: 'base', goal: GOAL, name: 'helper', budget: { quanta: 10 } },
    output: { pid: 'proc_00000002' },
    effect: 'state',
    needs: ['process:spawn spawn'],
    payloads: [GOAL],
  },
  'process.fork': {
    input: { goal: GOAL },
    output: { pid: 'proc_00000002' },
    effect: 'state',
    needs: ['process:spawn spawn'],
    payloads: [GOAL],
  },
  'process.exec': {
    input: { imageId: 'reviewer', imageVersion: 2, goal: GOAL, keep: ['cap_00000003'] },
    output: {
      imageId: 'reviewer',
      imageVersion: 2,
      kept: ['cap_00000003'],
      dropped: ['cap_00000009'],
    },
    effect: 'state',
    needs: ['image:reviewer exec'],
    payloads: [GOAL],
  },
  'process.signal': {
    input: { pid: 'proc_00000002', signal: 'pause' },
    output: { signalled: 'proc_00000002' },
    effect: 'state',
    needs: ['process:proc_00000002 signal'],
    payloads: [],
  },
  'process.send': {
    input: { to: 'proc_00000002', body: { text: BODY }, interrupt: false },
    output: { message: 'msg_00000001' },
    effect: 'state',
    needs: ['process:proc_00000002 message'],
    payloads: [BODY],
    anyJson: ['body'],
  },
  'process.receive': {
    input: { wait: true, from: ['operator'], limit: 5 },
    output: [
      {
        id: 'msg_00000001',
        to: 'proc_00000001',
        from: 'operator',
        body: { text: BODY },
        interrupt: false,
        postedAt: 1_700_000_000_000,
        deliveredAt: 1_700_000_000_001,
      },
    ],
    effect: 'none',
    needs: [],
    payloads: [BODY],
  },
  'process.wait': {
    input: { pids: ['proc_00000002'], wait: true },
    output: [{ pid: 'proc_00000002', state: { kind: 'exited', result: { summary: RESULT } } }],
    effect: 'none',
    needs: [],
    payloads: [RESULT],
  },
  'process.exit': {
    input: { result: { summary: RESULT } },
    output: { exited: true },
    effect: 'none',
    needs: [],
    payloads: [RESULT],
    anyJson: ['result'],
  },
  'process.chdir': {
    input: { path: 'notes' },
    output: { cwd: 'notes' },
    effect: 'state',
    needs: ['fs:notes read'],
    payloads: [],
  },
  'image.register': {
    input: {
      id: 'triage',
      version: 1,
      description: 'Sorts incoming notes',
      systemPrompt: 'You sort notes into folders and never delete anything you were not told to.',
      tools: ['read_file', 'exit'],
      requirements: [],
      defaultBudget: { quanta: 10 },
      defaultModel: null,
    },
    output: { id: 'triage', version: 1 },
    effect: 'state',
    needs: ['image:triage register'],
    payloads: ['You sort notes into folders and never delete anything you were not told to.'],
  },
  'skill.activate': {
    input: { name: 'pdf-forms' },
    output: {
      skill: 'pdf-forms',
      version: 2,
      sha256: HEX,
      instructions: CONTENT,
      files: ['reference.md', 'scripts/fill.py'],
      filesOmitted: 0,
      note: 'Follow these instructions with your own tools.',
    },
    effect: 'none',
    needs: ['skill:pdf-forms activate'],
    payloads: [CONTENT],
  },
  'skill.read': {
    input: { name: 'pdf-forms', path: 'scripts/../reference.md' },
    output: {
      skill: 'pdf-forms',
      version: 2,
      sha256: HEX,
      path: 'reference.md',
      content: CONTENT,
      bytes: CONTENT.length,
      fileSha256: HEX,
    },
    effect: 'none',
    needs: ['skill:pdf-forms read'],
    payloads: [CONTENT],
  },
  'tool.register': {
    input: { name: 'count_lines' },
    output: { name: 'count_lines', version: 1, sourceSha256: 'c'.repeat(64) },
    effect: 'state',
    needs: ['tool:count_lines register', `${OWN}/tool-proposal.count_lines read`],
    payloads: [],
  },
  'model.call': {
    input: {
      model: 'openai:gpt-4.1-mini',
      turn: 2,
      request: {
        system: PROMPT,
        messages: [
          { role: 'user', content: GOAL },
          {
            role: 'assistant',
            content: null,
            toolCalls: [{ id: 'call_1', name: 'read_file', arguments: { path: 'a.txt' } }],
          },
          {
            role: 'tool',
            toolCallId: 'call_1',
            name: 'read_file',
            content: CONTENT,
            isError: false,
          },
        ],
        tools: [{ name: 'read_file', description: 'Read a file.', parameters: { type: 'object' } }],
        maxOutputTokens: 1024,
      },
    },
    output: {
      response: {
        text: ANSWER,
        toolCalls: [],
        usage: { inputTokens: 120, outputTokens: 30 },
        stopReason: 'end',
        model: 'gpt-4.1-mini',
      },
      requestSha256: HEX,
    },
    effect: 'external',
    needs: ['model:openai/gpt-4.1-mini call'],
    payloads: [PROMPT, GOAL, CONTENT, ANSWER],
  },
  'shell.run': {
    input: {
      argv: ['git', 'commit', '-m', 'fix/typo'],
      cwd: 'repo',
      stdin: CONTENT,
      env: { GIT_AUTHOR_NAME: 'Agent Secretname' },
    },
    output: {
      exitCode: 0,
      signal: null,
      timedOut: false,
      stdout: ANSWER,
      stderr: '',
      stdoutBytes: ANSWER.length,
      stderrBytes: 0,
      cwd: 'repo',
      executable: { name: 'git', sha256: HEX },
      sandbox: 'bwrap',
      network: false,
      changes: {
        listed: [{ path: 'repo/a.txt', change: 'modified', type: 'file', sha256: HEX, bytes: 3 }],
        total: 1,
        incomplete: false,
      },
      notApplied: [
        { path: 'repo/.env', reason: 'the name exists in the workspace (hidden from the command)' },
      ],
    },
    effect: 'external',
    // The argv is the audited action, journaled as the resource (like a path); stdin, env and
    // output are payloads and never are.
    // Passing env needs the whole executable too: env can change what any argv runs.
    needs: ['shell:git/commit/-m/fix%2Ftypo execute', 'shell:git execute'],
    payloads: [CONTENT, ANSWER, 'Agent Secretname'],
  },
  'net.fetch': {
    input: {
      url: `https://example.com/search?q=${encodeURIComponent(QUESTION)}`,
      method: 'POST',
      body: CONTENT,
      headers: { accept: 'text/html' },
    },
    output: {
      url: 'https://example.com/results',
      resource: 'https://example.com/results',
      status: 200,
      headers: { 'content-type': 'text/html' },
      redirects: ['https://example.com/search'],
      object: 'obj_00000001',
      size: ANSWER.length,
      sha256: HEX,
      preview: ANSWER,
      previewTruncated: false,
    },
    effect: 'external',
    // The URL without its query is the resource; the query and both bodies are payloads.
    needs: ['net:https://example.com/search send'],
    payloads: [CONTENT, ANSWER, encodeURIComponent(QUESTION)],
  },
  'mcp.listTools': {
    input: { server: 'files' },
    output: {
      server: 'files',
      isolation: 'bwrap',
      tools: [
        {
          name: 'read_page',
          description: ANSWER,
          inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
          schemaSha256: HEX,
          resource: `mcp:files/read_page/${HEX}`,
        },
      ],
    },
    effect: 'none',
    needs: ['mcp:files list'],
    payloads: [ANSWER],
  },
  'mcp.call': {
    input: { server: 'files', tool: 'read_page', args: { q: CONTENT }, timeoutMs: 1000 },
    output: {
      server: 'files',
      tool: 'read_page',
      schemaSha256: HEX,
      isError: false,
      object: {
        id: 'obj_00000001',
        namespace: 'proc/proc_00000001',
        name: 'mcp.files.read_page.0123456789abcdef',
        version: 1,
        sha256: HEX,
        size: 10,
      },
      preview: ANSWER,
      truncated: false,
    },
    effect: 'external',
    // Resolved without a located tool (no store here): the schema segment says so, and only an
    // unpinned grant (mcp:files/read_page/** or wider) covers it.
    needs: ['mcp:files/read_page/unlisted call'],
    payloads: [CONTENT, ANSWER],
    anyJson: ['args'],
  },
  ...OBJECT_SAMPLES,
  ...CHECKPOINT_SAMPLES,
};

/** Keys the pipeline writes into `syscall.completed` itself; a journal shape must not replace them. */
const PIPELINE_KEYS = [
  'syscall',
  'callId',
  'resource',
  'rights',
  'capabilityId',
  'approvalId',
  'blocked',
];
/** ARCHITECTURE §3: these have external effects and so get an intent before they run. */
const EXTERNAL_BY_CATALOG = [
  'fs.write',
  'fs.delete',
  'fs.move',
  'fs.mkdir',
  'human.notify',
  'object.toFile',
  'model.call',
  'shell.run',
  'net.fetch',
  'mcp.call',
];
/** Journal keys a syscall may share with the pipeline's own (none: the pipeline's keys are the audit trail). */
const KNOWN_KEY_COLLISIONS: Readonly<Record<string, readonly string[]>> = {};
const MAX_JOURNAL_STRING = 200;
const RESOLVE: ResolveContext = { pid: 'proc_00000001' as Pid, cwd: '.' };

function sampleFor(spec: AnySyscall): Sample {
  const sample = SAMPLES[spec.name];
  if (sample === undefined)
    throw new Error(
      `No sample for syscall ${spec.name}: add one to SAMPLES in src/runtime/syscall-table.test.ts ` +
        '(a valid input, a plausible output, its effect, the needs it resolves to, its payloads)',
    );
  return sample;
}

function parsedInput(spec: AnySyscall): unknown {
  const parsed = spec.input.safeParse(sampleFor(spec).input);
  if (!parsed.success)
    throw new Error(`The sample input of ${spec.name} is invalid: ${parsed.error.message}`);
  return parsed.data;
}

/** A value of another JSON type than `value`. */
function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12_345;
  if (typeof value === 'number' || typeof value === 'boolean') return 'not the right type';
  if (Array.isArray(value)) return 'not an array';
  // A null sample is a nullable field of unknown type: no single value is wrong for every such
  // field, but a nested array is wrong for all but any-JSON fields.
  if (value === null) return [[42]];
  return 'not an object';
}

/** Every string anywhere inside `value`. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

const BY_NAME = BUILTIN_SYSCALLS.map((spec) => [spec.name, spec] as const);

describe('the built-in syscall table', () => {
  it('registers each syscall name once and indexes all of them', () => {
    const names = BUILTIN_SYSCALLS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...syscallTable().keys()]).toStrictEqual(names);
  });

  it('refuses to build a table in which two syscalls share a name', () => {
    const [first] = BUILTIN_SYSCALLS;
    if (first === undefined) throw new Error('the table is empty');
    expect(() => syscallTable([...BUILTIN_SYSCALLS, { ...first }])).toThrow(
      expect.objectContaining({ code: 'INTERNAL', message: expect.stringContaining(first.name) }),
    );
  });

  it('has a sample in this test for every registered syscall, and none for unknown ones', () => {
    const names = BUILTIN_SYSCALLS.map((s) => s.name);
    const missing = names.filter((name) => SAMPLES[name] === undefined);
    expect(
      missing,
      `add samples to src/runtime/syscall-table.test.ts for: ${missing.join(', ')}`,
    ).toStrictEqual([]);
    const stale = Object.keys(SAMPLES).filter((name) => !names.includes(name));
    expect(stale, 'samples for syscalls that are no longer registered').toStrictEqual([]);
  });

  it('gives the catalog’s external effects (file changes, notifications) an effect intent', () => {
    const external = BUILTIN_SYSCALLS.filter((s) => s.effect === 'external').map((s) => s.name);
    expect(external.sort()).toStrictEqual([...EXTERNAL_BY_CATALOG].sort());
  });

  describe.each(BY_NAME)('%s', (name, spec) => {
    it('has a dotted noun.verb name and a one-sentence summary', () => {
      expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
      expect(typeof spec.summary).toBe('string');
      expect(spec.summary).toMatch(/^[A-Z].{9,}\.$/);
      expect(spec.summary).not.toContain('\n');
      expect(typeof spec.run).toBe('function');
    });

    it('declares the effect the catalog gives it', () => {
      expect(['none', 'state', 'external']).toContain(spec.effect);
      expect(spec.effect).toBe(sampleFor(spec).effect);
    });

    it('has an input schema that accepts its sample', () => {
      expect(spec.input).toBeInstanceOf(z.ZodType);
      expect(() => parsedInput(spec)).not.toThrow();
    });

    it('rejects input of the wrong type', () => {
      for (const wrong of [undefined, null, 42, 'text', true, [], [sampleFor(spec).input]])
        expect(spec.input.safeParse(wrong).success, `accepted ${JSON.stringify(wrong)}`).toBe(
          false,
        );
    });

    it('rejects each input field given a value of the wrong type', () => {
      const { input, anyJson = [] } = sampleFor(spec);
      for (const [key, value] of Object.entries(input)) {
        if (anyJson.includes(key)) continue;
        const wrong = { ...input, [key]: wrongTypeFor(value) };
        expect(spec.input.safeParse(wrong).success, `accepted a wrong-typed ${key}`).toBe(false);
      }
    });

    it('rejects unknown input keys when its schema is an object', () => {
      if (!(spec.input instanceof z.ZodObject)) return;
      const withExtra = { ...sampleFor(spec).input, unexpectedKey: 'smuggled' };
      expect(spec.input.safeParse(withExtra).success).toBe(false);
    });

    it('resolves the catalog resources and rights its sample needs', () => {
      expect(typeof spec.resources).toBe('function');
      const needs = spec.resources(parsedInput(spec), RESOLVE);
      expect(Array.isArray(needs)).toBe(true);
      for (const need of needs) {
        expect(isResourceKind(need.resource.kind), `unknown kind ${need.resource.kind}`).toBe(true);
        expect(
          isRightOf(need.resource.kind, need.right),
          `${need.right} on ${need.resource.kind}`,
        ).toBe(true);
      }
      expect(needs.map((need) => `${needText(need)} ${need.right}`)).toStrictEqual(
        sampleFor(spec).needs,
      );
    });

    it('journals a JSON object of ids, hashes and sizes, never a payload', () => {
      const sample = sampleFor(spec);
      const data: unknown = spec.journal(parsedInput(spec), sample.output);
      expect(typeof data === 'object' && data !== null && !Array.isArray(data)).toBe(true);
      // Plain JSON: survives a round trip unchanged and serialises canonically.
      expect(JSON.parse(JSON.stringify(data))).toStrictEqual(data);
      expect(() => canonicalJson(data)).not.toThrow();
      const serialized = JSON.stringify(data);
      for (const text of stringsIn(data))
        expect(text.length, `a ${text.length}-char string in the journal`).toBeLessThanOrEqual(
          MAX_JOURNAL_STRING,
        );
      for (const content of sample.payloads) {
        expect(serialized).not.toContain(content);
        expect(serialized).not.toContain(content.slice(0, 40));
      }
    });

    it('keeps clear of the keys the pipeline writes into syscall.completed', () => {
      const data = spec.journal(parsedInput(spec), sampleFor(spec).output);
      const collisions = Object.keys(data).filter((key) => PIPELINE_KEYS.includes(key));
      expect(collisions).toStrictEqual(KNOWN_KEY_COLLISIONS[name] ?? []);
    });
  });
});
