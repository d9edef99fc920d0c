// Checkpoints (issue 14): what `fs.write` pre-images cost a 1,000-edit session in database bytes
// and time per call, what `restore --files` and `fileDiff` take, and what `checkpoint rm` releases.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openRuntime } from '../src/open-runtime.js';
import type { QuantumBody } from '../src/runtime/quantum-context.js';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';
import { describeLoad } from './lib/describe-load.js';
import { percentile } from './lib/latency.js';
import { tableBytes } from './lib/table-bytes.js';

const BENCH = 'checkpoints';
const STORE = 'SQLite WAL, synchronous=NORMAL';
const LINES = 64;
/** 64 lines of 64 B: a 4,096 B source file. */
const LINE_BYTES = 64;
const APPEND_BYTES = 256;
/** What the pre-images occupy: the blob table and the file-change rows with their indexes. */
const PRE_IMAGE_TABLES = ['blobs', 'file_changes', 'file_changes_by_pid', 'file_changes_by_before'];

/**
 * The three sessions: `overwrite` edits existing files (one line changed per write, a pre-image
 * kept each time), `append` adds a line to existing files (the whole previous file kept each
 * time), `create` writes the overwrite session's contents to files that did not exist (no
 * pre-image): its time per call is the baseline.
 */
type Session = 'overwrite' | 'append' | 'create';

interface Edit {
  readonly path: string;
  readonly content: string;
  readonly mode: 'overwrite' | 'append';
}

/** Database footprint: bytes of the pre-image tables, of the whole database, and row counts. */
interface Footprint {
  readonly preImageBytes: number;
  /** Of which `file_changes` and its indexes. */
  readonly fileChangeBytes: number;
  readonly totalBytes: number;
  readonly fileChanges: number;
  readonly blobs: number;
  readonly blobBytes: number;
}

/** The pre-image figures of the three sessions, each in a fresh database and workspace. */
export async function preImageOverhead(
  root: string,
  options: BenchOptions,
): Promise<BenchResult[]> {
  const size = { files: 50, edits: 20, diffReps: options.quick ? 2 : 5 };
  const rows: BenchResult[] = [];
  let baseline = Number.NaN;
  for (const session of ['create', 'overwrite', 'append'] as const) {
    options.log(`${BENCH}: pre-images, ${session} session: ${size.files} files × ${size.edits}`);
    const measured = await measureSession(join(root, `pre-images-${session}`), session, size);
    if (session === 'create') baseline = percentile(measured.writes, 50);
    rows.push(...report(session, measured, { ...size, baseline }));
  }
  return rows;
}

async function measureSession(
  dir: string,
  session: Session,
  size: { files: number; edits: number; diffReps: number },
) {
  const workspace = join(dir, 'workspace');
  await mkdir(join(workspace, 'src'), { recursive: true });
  await mkdir(join(workspace, 'new'), { recursive: true });
  if (session !== 'create')
    for (let f = 0; f < size.files; f++)
      await writeFile(join(workspace, pathOf(f)), initialLines(f).join(''));
  const edits = plan(session, size);
  const writes: number[] = [];
  const body: QuantumBody = async (ctx) => {
    for (const edit of edits) {
      const started = performance.now();
      const result = await ctx.syscall('fs.write', edit);
      writes.push(performance.now() - started);
      if (result.blocked) throw new Error('fs.write blocked in the benchmark');
    }
    await ctx.exit(null);
  };
  const db = join(dir, 'state.db');
  const rt = await openRuntime({ workspace, db, body });
  try {
    const process = await rt.spawn({ imageId: 'base', goal: `${session} session` });
    await rt.grant({ subject: process.pid, resource: 'fs:**', rights: 'read,write' });
    const checkpoint = await rt.checkpoints.create(process.pid, { name: 'before the session' });
    const before = footprint(db);
    await rt.run();
    const state = (await rt.get(process.pid)).state;
    if (state.kind !== 'exited') throw new Error(`the session process ended ${state.kind}`);
    const after = footprint(db);
    const diffs: number[] = [];
    // jsdiff's callback mode waits a timer turn (≥ 1 ms) per edit step: a 1,000-file diff of
    // added files takes over a minute, so the create session's is timed once, without warm-up.
    const [first, last] = session === 'create' ? [1, 1] : [0, size.diffReps];
    for (let r = first; r <= last; r++) {
      const [ms, files] = await timed(() => rt.checkpoints.fileDiff(checkpoint.id));
      const expected = session === 'create' ? edits.length : size.files;
      if (files.length !== expected) throw new Error(`fileDiff listed ${files.length} files`);
      if (r > 0) diffs.push(ms);
    }
    const [restoreMs, restored] = await timed(() =>
      rt.checkpoints.restore(checkpoint.id, { files: true }),
    );
    const back = (restored.files?.restored.length ?? 0) + (restored.files?.deleted.length ?? 0);
    if (
      restored.files?.applied !== true ||
      back !== (session === 'create' ? edits.length : size.files)
    )
      throw new Error(`restore --files put back ${back} files`);
    await rt.checkpoints.remove(checkpoint.id);
    const removed = footprint(db);
    return { writes, diffs, restoreMs, before, after, removed, edits };
  } finally {
    await rt.close();
  }
}

/** Round-robin over the files: edit j of every file, then edit j + 1. */
function plan(session: Session, size: { files: number; edits: number }): Edit[] {
  const lines = Array.from({ length: size.files }, (_, f) => initialLines(f));
  const edits: Edit[] = [];
  for (let j = 0; j < size.edits; j++)
    for (let f = 0; f < size.files; f++) {
      if (session === 'append') {
        const line = padLine(`file ${f} append ${j}: `, APPEND_BYTES);
        edits.push({ path: pathOf(f), content: line, mode: 'append' });
        continue;
      }
      // A small change: one line rewritten, the file keeps its size.
      const at = (j * 13 + f) % LINES;
      lines[f]![at] = padLine(`file ${f} line ${at} edit ${j}: `, LINE_BYTES);
      const content = lines[f]!.join('');
      const path = session === 'create' ? `new/f${f}-e${j}.ts` : pathOf(f);
      edits.push({ path, content, mode: 'overwrite' });
    }
  return edits;
}

function pathOf(file: number): string {
  return `src/f${file}.ts`;
}

function initialLines(file: number): string[] {
  return Array.from({ length: LINES }, (_, i) =>
    padLine(`export const v${i} = 'file ${file} line ${i}';`, LINE_BYTES),
  );
}

function padLine(text: string, bytes: number): string {
  return `${text.padEnd(bytes - 1, ' /')}\n`;
}

function footprint(db: string): Footprint {
  const bytes = tableBytes(db);
  const handle = new Database(db, { readonly: true });
  try {
    const count = (sql: string) => handle.prepare<[], { n: number }>(sql).get()?.n ?? 0;
    return {
      preImageBytes: PRE_IMAGE_TABLES.reduce((sum, name) => sum + (bytes[name] ?? 0), 0),
      fileChangeBytes: PRE_IMAGE_TABLES.slice(1).reduce((sum, name) => sum + (bytes[name] ?? 0), 0),
      totalBytes: Object.values(bytes).reduce((sum, b) => sum + b, 0),
      fileChanges: count('SELECT COUNT(*) AS n FROM file_changes'),
      blobs: count('SELECT COUNT(*) AS n FROM blobs'),
      blobBytes: count('SELECT COALESCE(SUM(size), 0) AS n FROM blobs'),
    };
  } finally {
    handle.close();
  }
}

function report(
  session: Session,
  m: Awaited<ReturnType<typeof measureSession>>,
  size: { files: number; edits: number; baseline: number },
): BenchResult[] {
  const n = m.edits.length;
  const written = m.edits.reduce((sum, e) => sum + Buffer.byteLength(e.content), 0);
  const added = m.after.preImageBytes - m.before.preImageBytes;
  const blobs = m.after.blobs - m.before.blobs;
  const shape =
    session === 'append'
      ? `${size.files} files of 4,096 B, each appended ${size.edits} times with a ${APPEND_BYTES} B line`
      : session === 'overwrite'
        ? `${size.files} files of 4,096 B, each overwritten ${size.edits} times with one 64 B line changed`
        : `the overwrite session's ${n} contents written to ${n} new files (no pre-image)`;
  const setup = `${STORE}; one process, ${n} fs.write calls through ctx.syscall in one quantum, round-robin over the files; ${shape}; ${written.toLocaleString('en-US')} B written; checkpoint taken before; dbstat pages (overflow included) of blobs + file_changes and its indexes before/after; ${describeLoad()}`;
  const row = (name: string, value: number, unit: string, extra = ''): BenchResult => ({
    bench: BENCH,
    name: `pre-images, ${session} × ${n}: ${name}`,
    value: Number(value.toFixed(unit === 'ms' || unit === 'ratio' ? 2 : 0)),
    unit,
    setup: extra === '' ? setup : `${setup}; ${extra}`,
  });
  const rows = [
    row(
      'blobs + file_changes added',
      added / 1024,
      'KiB',
      `${blobs} new blobs holding ${(m.after.blobBytes - m.before.blobBytes).toLocaleString('en-US')} B, ${m.after.fileChanges - m.before.fileChanges} file_changes rows`,
    ),
    row('bytes per edit', added / n, 'B'),
    row(
      'file_changes bytes per edit (rows + indexes)',
      (m.after.fileChangeBytes - m.before.fileChangeBytes) / n,
      'B',
    ),
    row('added / bytes written', added / written, 'ratio'),
    row(
      'whole database added per edit',
      (m.after.totalBytes - m.before.totalBytes) / n,
      'B',
      'journal, intents and everything else included',
    ),
    row('fs.write p50', percentile(m.writes, 50), 'ms'),
    row('fs.write p95', percentile(m.writes, 95), 'ms'),
  ];
  if (session !== 'create')
    rows.push(row('fs.write p50 / create p50', percentile(m.writes, 50) / size.baseline, 'ratio'));
  rows.push(
    row(
      'fileDiff p50',
      percentile(m.diffs, 50),
      'ms',
      `${m.diffs.length} reps${session === 'create' ? '' : ' after 1 warm-up'}`,
    ),
    row('restore --files', m.restoreMs, 'ms', 'one restore (the session is not re-run)'),
    row(
      'checkpoint rm: file_changes rows left',
      m.removed.fileChanges,
      'rows',
      `before rm: ${m.after.fileChanges}`,
    ),
    row(
      'checkpoint rm: blobs left',
      m.removed.blobs,
      'blobs',
      `before rm: ${m.after.blobs} (${m.after.blobBytes.toLocaleString('en-US')} B)`,
    ),
    row(
      'checkpoint rm: pre-image pages released',
      (m.after.preImageBytes - m.removed.preImageBytes) / 1024,
      'KiB',
      'freed pages stay in the file (no auto-vacuum)',
    ),
  );
  return rows;
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}
