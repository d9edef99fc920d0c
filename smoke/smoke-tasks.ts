// The three short real tasks of the smoke run: what each sets up, asks, and counts as done.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pid } from '../src/base/ids.js';
import type { OperatorSpawn, Runtime } from '../src/runtime/runtime.js';

/** What a task's check found: whether it did what the task is about, and why (one line). */
export interface TaskVerdict {
  readonly ok: boolean;
  readonly why: string;
}

/** One smoke task. */
export interface SmokeTask {
  readonly key: string;
  /** One line: what the agent is asked to do and what the task proves. */
  readonly about: string;
  /** Writes the files the task needs into `workspace`. */
  setup(workspace: string): Promise<void>;
  /** The root process (model and budget are added by the runner). */
  readonly root: Omit<OperatorSpawn, 'model'>;
  /** Judges the run from the workspace and the runtime's records. */
  check(workspace: string, runtime: Runtime, root: Pid): Promise<TaskVerdict>;
}

const NOTES = `# Release notes, version 3.2

- The importer now accepts CSV files with a header row and skips blank lines.
- Exports are written atomically: a crash never leaves half a file behind.
- The command-line flag --dry-run shows what would change without changing anything.
`;

/** Read a file and summarise it: a read allowed by the operator's grant. */
const summarise: SmokeTask = {
  key: 'summarise',
  about: 'read notes.md and summarise it (an allowed read)',
  setup: (workspace) => writeFile(join(workspace, 'notes.md'), NOTES),
  root: {
    imageId: 'base',
    name: 'summariser',
    goal: 'Read the file notes.md and exit with a one-sentence summary of it as your result.',
    records: [{ resource: 'fs:**', rights: ['read'] }],
  },
  async check(_workspace, runtime, root) {
    const process = await runtime.get(root);
    const read = await completed(runtime, root, 'fs.read');
    if (process.state.kind !== 'exited')
      return { ok: false, why: `the root ${process.state.kind}` };
    if (read === 0) return { ok: false, why: 'it never read a file' };
    const result = JSON.stringify(process.state.result);
    if (result.length < 20) return { ok: false, why: `the summary is too short: ${result}` };
    return { ok: true, why: 'it read the file and exited with a summary' };
  },
};

/** Write where the grant denies it, and work around the denial: the denied write never lands. */
const deniedWrite: SmokeTask = {
  key: 'denied-write',
  about: 'write into protected/ (denied), then into out/ instead (allowed)',
  async setup(workspace) {
    await mkdir(join(workspace, 'protected'));
    await mkdir(join(workspace, 'out'));
  },
  root: {
    imageId: 'base',
    name: 'writer',
    goal:
      'Write the text "hello" into the file protected/greeting.txt. If you are not allowed to, ' +
      'write it into out/greeting.txt instead. Then exit with the path of the file you wrote.',
    records: [
      { resource: 'fs:**', rights: ['read'] },
      { resource: 'fs:out/**', rights: ['write'] },
      { resource: 'fs:protected/**', rights: ['write'], effect: 'deny' },
    ],
  },
  async check(workspace, runtime, root) {
    const denied = await runtime.journal({ limit: 1000, pid: root, type: 'syscall.denied' });
    const protectedFile = join(workspace, 'protected', 'greeting.txt');
    const outFile = join(workspace, 'out', 'greeting.txt');
    if (existsSync(protectedFile)) return { ok: false, why: 'the denied write landed' };
    if (!denied.some((e) => e.data.syscall === 'fs.write'))
      return { ok: false, why: 'it never tried the protected path, so nothing was denied' };
    if (!existsSync(outFile)) return { ok: false, why: 'it did not write out/greeting.txt' };
    const text = await readFile(outFile, 'utf8');
    if (!text.toLowerCase().includes('hello'))
      return { ok: false, why: `out/greeting.txt holds ${JSON.stringify(text.slice(0, 40))}` };
    return { ok: true, why: 'the write to protected/ was denied and it wrote out/greeting.txt' };
  },
};

/** Delegate to a child agent with a narrowed grant and combine its result. */
const delegate: SmokeTask = {
  key: 'delegate',
  about: 'spawn a child that reads data.txt with a narrowed grant, wait, report its answer',
  setup: (workspace) => writeFile(join(workspace, 'data.txt'), 'The answer is 4217.\n'),
  root: {
    imageId: 'research',
    name: 'delegator',
    goal:
      'Do not read files yourself. Spawn one child agent from the "base" image with the goal ' +
      '"Read data.txt and exit with the number it contains as your result", passing it only the ' +
      'grant fs:data.txt with the right read. Wait for the child, then exit with its number.',
    records: [
      { resource: 'fs:**', rights: ['read'] },
      { resource: 'process:spawn', rights: ['spawn'] },
    ],
  },
  async check(_workspace, runtime, root) {
    const children = (await runtime.list({ limit: 100 })).filter((p) => p.parentPid === root);
    const process = await runtime.get(root);
    if (children.length === 0) return { ok: false, why: 'it spawned no child' };
    const ended = children.filter((c) => c.state.kind === 'exited');
    if (ended.length === 0)
      return { ok: false, why: `its child ${children[0]?.state.kind ?? 'did not end'}` };
    if (process.state.kind !== 'exited')
      return { ok: false, why: `the root ${process.state.kind}` };
    if (!JSON.stringify(process.state.result).includes('4217'))
      return {
        ok: false,
        why: `the root's result lacks the number: ${JSON.stringify(process.state.result)}`,
      };
    return { ok: true, why: `${children.length} child ran and the root reported its number` };
  },
};

/** The tasks, in the order they run. */
export const SMOKE_TASKS: readonly SmokeTask[] = [summarise, deniedWrite, delegate];

async function completed(runtime: Runtime, pid: Pid, syscall: string): Promise<number> {
  const entries = await runtime.journal({ limit: 1000, pid, type: 'syscall.completed' });
  return entries.filter((e) => e.data.syscall === syscall).length;
}
