// `agent-libos doctor`: what this host gives the runtime — Node, SQLite, the command sandbox, Deno, Chromium — each checked for real.
import { createRequire } from 'node:module';
import { probeDeno } from '../../sandbox/probe-deno.js';
import { findPidsCgroupParent } from '../../sandbox/shell/pids-cgroup.js';
import { probeBwrap, type ToolProbe } from '../../sandbox/shell/probe-bwrap.js';
import { findSystemExecutable } from '../../sandbox/system-executable.js';
import type { CliContext } from '../cli-context.js';
import { writeJson } from '../format/write-json.js';

/** One line of the report. */
export interface DoctorCheck {
  readonly name: string;
  /** `ok`; `missing` (an optional part is unavailable); `failed` (the runtime cannot work). */
  readonly status: 'ok' | 'missing' | 'failed';
  readonly version: string | null;
  readonly detail: string;
  /** What the part is needed for. */
  readonly for: string;
}

const MIN_NODE = [20, 19] as const;

/**
 * Checks each part and prints one line per part (or a JSON array with `--json`). Exits 0 unless a
 * part the runtime cannot run without failed (Node too old, SQLite not loading): the sandbox,
 * Deno and Chromium are optional and reported as missing with how to get them.
 */
export async function runDoctor(context: CliContext): Promise<number> {
  const checks = await Promise.all([
    Promise.resolve(checkNode()),
    Promise.resolve(checkSqlite()),
    bwrapCheck(),
    limitsCheck(),
    denoCheck(),
    Promise.resolve(chromiumCheck()),
  ]);
  if (context.json) writeJson(context.io, checks);
  else {
    const width = Math.max(...checks.map((c) => c.name.length));
    for (const check of checks) {
      const version = check.version === null ? '' : ` ${check.version}`;
      context.io.stdout(
        `${check.status.padEnd(8)}${check.name.padEnd(width + 2)}${version.trim().padEnd(12)} ${check.detail} (${check.for})\n`,
      );
    }
  }
  return checks.some((c) => c.status === 'failed') ? 1 : 0;
}

function checkNode(): DoctorCheck {
  // Parsed, not compared as text: 20.9 is older than 20.19.
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return {
    name: 'node',
    status: ok ? 'ok' : 'failed',
    version: process.versions.node,
    detail: ok ? 'supported' : `needs Node ${MIN_NODE.join('.')} or later`,
    for: 'the runtime',
  };
}

function checkSqlite(): DoctorCheck {
  try {
    const require = createRequire(import.meta.url);
    const Database = require('better-sqlite3') as new (path: string) => {
      prepare(sql: string): { get(): { v: string } };
      close(): void;
    };
    const db = new Database(':memory:');
    const { v } = db.prepare('select sqlite_version() as v').get();
    db.close();
    return {
      name: 'sqlite',
      status: 'ok',
      version: v,
      detail: 'better-sqlite3 loads',
      for: 'the embedded store',
    };
  } catch (cause) {
    return {
      name: 'sqlite',
      status: 'failed',
      version: null,
      detail: `better-sqlite3 does not load (${(cause as Error).message.split('\n')[0] ?? ''}); run npm rebuild better-sqlite3`,
      for: 'the embedded store',
    };
  }
}

async function bwrapCheck(): Promise<DoctorCheck> {
  return fromProbe('bubblewrap', await probeBwrap(), 'shell.run commands in a sandbox');
}

async function denoCheck(): Promise<DoctorCheck> {
  return fromProbe('deno', await probeDeno(), 'JIT tools the agents write');
}

async function limitsCheck(): Promise<DoctorCheck> {
  const prlimit = findSystemExecutable('prlimit');
  const cgroup = await findPidsCgroupParent();
  const parts = [
    prlimit === null
      ? 'no prlimit (util-linux): no CPU or memory limit'
      : 'prlimit: CPU time and memory',
    cgroup === null
      ? 'no pids cgroup: process count bound by RLIMIT_NPROC only (never binds root)'
      : `pids cgroup under ${cgroup}: process count`,
  ];
  return {
    name: 'command limits',
    status: prlimit !== null && cgroup !== null ? 'ok' : 'missing',
    version: null,
    detail: parts.join('; '),
    for: 'limits of shell.run commands',
  };
}

function chromiumCheck(): DoctorCheck {
  const path = findSystemExecutable('chromium') ?? findSystemExecutable('chromium-browser');
  return {
    name: 'chromium',
    status: path === null ? 'missing' : 'ok',
    version: null,
    detail: path ?? 'not found: apt-get install chromium',
    for: "the web console's browser tests only",
  };
}

function fromProbe(name: string, probe: ToolProbe, usedFor: string): DoctorCheck {
  return {
    name,
    status: probe.ok ? 'ok' : 'missing',
    version: probe.version,
    detail: probe.path === null ? probe.detail : `${probe.path}: ${probe.detail}`,
    for: usedFor,
  };
}
