// Planning a command's sandbox from its process's grants: which workspace paths it sees, read-only or writable.
import { constants, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import { LibosError } from '../../base/errors.js';
import type { Right } from '../../kernel/capability/catalog.js';
import { decide } from '../../kernel/capability/decide.js';
import { isUnder } from '../../kernel/capability/match.js';
import { touchesReserved } from '../../kernel/capability/touches-reserved.js';
import type { Capability } from '../../kernel/capability/types.js';
import type { CommandAuthority, SandboxEntry } from '../../ports/command-runner.js';
import type { ContainedDir } from '../fs/contained-dir.js';
import { openChildDir } from '../fs/contained.js';
import { openContainedFile } from '../fs/contained-file.js';
import { lstatPaced, readdirPaced } from './stat-many.js';
import { closeQuietly } from '../fs/descriptor.js';
import type { WorkspaceRoot } from '../fs/workspace-root.js';

/** Most separate binds one sandbox may need (each holds a descriptor while the command runs). */
export const MAX_SANDBOX_BINDS = 1024;
/** Most directories the plan looks into (for deeper grants and `.git` directories). */
export const MAX_PLANNED_DIRECTORIES = 200_000;

const ATTEMPTED = 'Planning the command sandbox';

/** What the plan is decided on: the process's authority (see CommandAuthority) and the call. */
export type PlanAuthority = Pick<
  CommandAuthority,
  'records' | 'delegators' | 'reserved' | 'now'
> & {
  readonly callHash: string;
};

/**
 * A writable directory the sandbox recreates (some entries of it are absent): the command sees a
 * host staging directory there, so it can create entries, which `applyStaged` then carries into
 * the workspace where the grants allow.
 */
export interface StagedDir {
  /** Workspace path of the directory. */
  readonly path: string;
  /** Host path of its staging directory (outside the workspace). */
  readonly host: string;
  /** Names of the entries bound into it (their mount points in the staging directory). */
  readonly bound: ReadonlySet<string>;
}

/** A planned sandbox: its entries, the descriptors they hold and the writable paths to watch. */
export interface PlannedSandbox {
  readonly entries: readonly SandboxEntry[];
  /** Workspace paths bound writable (directories and files), for the change scan. */
  readonly writable: readonly { readonly path: string; readonly handle: FileHandle }[];
  /** Writable directories recreated over staging directories, parents first. */
  readonly staged: readonly StagedDir[];
  /** Whether the process may create `path` (read and write allowed, not reserved). */
  mayCreate(path: string): boolean;
  /** Closes every descriptor the plan holds and removes the staging directories (idempotent). */
  close(): Promise<void>;
}

type Access = 'none' | 'ro' | 'rw';

/**
 * Plans the workspace a command sees from the process's capability records, the way its own
 * `fs` calls would be decided: a path is shown read-only when an unconditional `allow` gives
 * `read`, writable when one gives `read` and `write`; anything else — denied, `ask`, a one-shot
 * or counted grant, write without read, the runtime's reserved paths, a hard-linked file — is
 * absent, not an empty stand-in. A directory whose whole subtree decides alike (no record names
 * anything below it, no reserved path, no `.git` directory, hard-linked file or socket inside) is
 * bound whole; any other is recreated empty and its entries planned one by one. Every bind is of
 * a descriptor opened without following links and verified in place, so a rename racing the plan
 * cannot redirect it.
 * Symbolic links are recreated with their target text, which resolves inside the sandbox.
 * @throws OUT_OF_RANGE when the grants need more than MAX_SANDBOX_BINDS binds or the workspace
 *   has more than MAX_PLANNED_DIRECTORIES directories to look into; INTERNAL when the workspace
 *   root cannot be opened.
 */
export async function planSandbox(
  root: WorkspaceRoot,
  authority: PlanAuthority,
): Promise<PlannedSandbox> {
  const planner = new Planner(authority);
  const dir = await root.open({ attempted: ATTEMPTED });
  try {
    // The workspace mount point exists even when nothing of the workspace is shown.
    if (!(await planner.visit(dir, { isRoot: true }))) planner.emptyRoot();
  } catch (error) {
    await planner.close();
    throw error;
  } finally {
    await dir.close();
  }
  return planner.result();
}

class Planner {
  private readonly entries: SandboxEntry[] = [];
  private readonly handles: FileHandle[] = [];
  private readonly writable: { path: string; handle: FileHandle }[] = [];
  private readonly staged: { path: string; host: string; bound: Set<string> }[] = [];
  private stagingRoot: string | null = null;
  private directories = 0;
  private closed = false;

  constructor(private readonly authority: PlanAuthority) {}

  result(): PlannedSandbox {
    for (const staged of this.staged) {
      for (const entry of this.entries) {
        if (entry.path === staged.path || !isUnder(entry.path, staged.path)) continue;
        const rest = staged.path === '.' ? entry.path : entry.path.slice(staged.path.length + 1);
        if (!rest.includes('/')) staged.bound.add(rest);
      }
    }
    return {
      entries: this.entries,
      writable: this.writable,
      staged: this.staged,
      mayCreate: (path) => this.access(path) === 'rw',
      close: () => this.close(),
    };
  }

  emptyRoot(): void {
    this.entries.push({ kind: 'dir', path: '.' });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.handles.map((h) => closeQuietly(h)));
    if (this.stagingRoot !== null) await fsp.rm(this.stagingRoot, { recursive: true, force: true });
  }

  /** Plans `dir` (borrowed: the caller closes it); returns whether anything of it is shown. */
  async visit(dir: ContainedDir, options: { isRoot: boolean }): Promise<boolean> {
    this.countDirectory();
    const access = this.access(dir.path);
    if (!options.isRoot && this.isReserved(dir.path)) return false;
    const uniform =
      !this.hasRulesBelow(dir.path) &&
      !(await this.hasReservedBelow(dir)) &&
      !(await this.hasUnbindableBelow(dir));
    if (uniform) {
      if (access === 'none') return false;
      await this.bindDir(dir, access);
      return true;
    }
    const mark = this.entries.length;
    if (access === 'rw') await this.stage(dir.path);
    else this.entries.push({ kind: 'dir', path: dir.path });
    let shown = false;
    const names = await fsp.readdir(dir.at('.'), { withFileTypes: true });
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of names) {
      const path = dir.child(entry.name);
      if (this.isReserved(path)) continue;
      if (entry.isDirectory()) {
        const child = await openChildDir(dir, entry.name, { attempted: ATTEMPTED, path }).catch(
          () => null,
        );
        if (child === null) continue;
        try {
          shown = (await this.visit(child, { isRoot: false })) || shown;
        } finally {
          await child.close();
        }
      } else if (entry.isFile()) {
        shown = (await this.bindFile(dir, entry.name)) || shown;
      } else if (entry.isSymbolicLink() && this.access(path) !== 'none') {
        const target = await fsp.readlink(dir.at(entry.name)).catch(() => null);
        if (target === null) continue;
        this.entries.push({ kind: 'symlink', path, target });
        shown = true;
      }
    }
    // A directory with nothing shown in it is absent too (its name reveals nothing granted).
    if (!shown && access === 'none' && !options.isRoot) {
      this.entries.length = mark;
      return false;
    }
    return true;
  }

  // A writable recreated directory is a fresh host directory, bound writable, that the entries
  // shown in it are bound into; what the command creates there is applied afterwards.
  private async stage(path: string): Promise<void> {
    this.stagingRoot ??= await fsp.mkdtemp(join(tmpdir(), 'agent-libos-stage-'));
    const host = join(this.stagingRoot, String(this.staged.length));
    await fsp.mkdir(host, { mode: 0o755 });
    const handle = await fsp.open(host, constants.O_RDONLY | constants.O_DIRECTORY);
    this.hold(handle);
    this.entries.push({ kind: 'bind', path, fd: handle.fd, writable: true });
    this.staged.push({ path, host, bound: new Set() });
  }

  private async bindDir(dir: ContainedDir, access: Exclude<Access, 'none'>): Promise<void> {
    const handle = await fsp.open(dir.at('.'), constants.O_RDONLY | constants.O_DIRECTORY);
    this.hold(handle);
    this.bind(dir.path, handle, access);
  }

  private async bindFile(dir: ContainedDir, name: string): Promise<boolean> {
    const path = dir.child(name);
    const access = this.access(path);
    if (access === 'none') return false;
    // Verified in place with one link: a hard link to a file outside is never shown.
    const file = await openContainedFile(dir, name, {
      flags: constants.O_RDONLY,
      context: { attempted: ATTEMPTED, path },
    }).catch(() => null);
    if (file === null) return false;
    this.hold(file.handle);
    this.bind(path, file.handle, access);
    return true;
  }

  private hold(handle: FileHandle): void {
    this.handles.push(handle);
    if (this.handles.length > MAX_SANDBOX_BINDS) {
      throw new LibosError(
        'OUT_OF_RANGE',
        `${ATTEMPTED} failed: the process's grants name more than ${MAX_SANDBOX_BINDS} separate workspace paths; grant directories (fs:dir/**) instead of single files`,
      );
    }
  }

  private bind(path: string, handle: FileHandle, access: Exclude<Access, 'none'>): void {
    const writable = access === 'rw';
    this.entries.push({ kind: 'bind', path, fd: handle.fd, writable });
    if (writable) this.writable.push({ path, handle });
  }

  private countDirectory(): void {
    this.directories += 1;
    if (this.directories > MAX_PLANNED_DIRECTORIES) {
      throw new LibosError(
        'OUT_OF_RANGE',
        `${ATTEMPTED} failed: the workspace has more than ${MAX_PLANNED_DIRECTORIES} directories to look into`,
      );
    }
  }

  private access(path: string): Access {
    if (!this.allows(path, 'read')) return 'none';
    return this.allows(path, 'write') ? 'rw' : 'ro';
  }

  // Only an allow that holds for any call counts: a sandbox cannot spend a counted use or
  // satisfy a one-shot approval bound to another call, and it cannot ask a human.
  private allows(path: string, right: Right): boolean {
    const resource = { kind: 'fs' as const, path };
    // A reserved path and everything under it is never shown. The pipeline also refuses write on
    // an ancestor of one (moving the parent would take the state along); a bind cannot be moved
    // from inside, and a directory with a reserved path below it is never bound whole
    // (`hasReservedBelow`), so here only "under" counts.
    if (this.isReserved(path)) return false;
    const decision = decide(this.authority.records, {
      resource,
      right,
      callHash: this.authority.callHash,
      now: this.authority.now,
    });
    if (decision.effect !== 'allow' || decision.oneShot) return false;
    // A delegator's current deny or ask for the same path vetoes a delegated allow.
    for (const held of this.authority.delegators.get(decision.record.id) ?? []) {
      const veto = decide(held, { resource, right, callHash: '', now: this.authority.now });
      if ((veto.effect === 'deny' && veto.record !== null) || veto.effect === 'ask') return false;
    }
    return true;
  }

  private isReserved(path: string): boolean {
    return touchesReserved({ kind: 'fs', path }, 'read', this.authority.reserved);
  }

  // Whether a reserved path exists strictly below `dir` (compared case-insensitively, as the
  // pipeline does): then `dir` cannot be bound whole. One that does not exist needs no hole.
  private async hasReservedBelow(dir: ContainedDir): Promise<boolean> {
    const lower = dir.path.toLowerCase();
    for (const reserved of this.authority.reserved) {
      const path = reserved.toLowerCase();
      if (path === lower || !isUnder(path, lower)) continue;
      const rest = dir.path === '.' ? reserved : reserved.slice(dir.path.length + 1);
      if (await exists(dir.at(rest))) return true;
      // Another spelling of it on a case-insensitive file system: look at the names themselves.
      const first = rest.split('/')[0] ?? rest;
      const names = await fsp.readdir(dir.at('.')).catch(() => [] as string[]);
      if (names.some((n) => n.toLowerCase() === first.toLowerCase())) return true;
    }
    return false;
  }

  // Whether some record names something strictly below `path`, so the subtree does not decide
  // as `path` does.
  private hasRulesBelow(path: string): boolean {
    const below = (other: string): boolean => other !== path && isUnder(other, path);
    const named = (records: readonly Capability[]): boolean =>
      records.some(
        (r) => r.resource.kind === 'fs' && r.resource.match !== 'any' && below(r.resource.path),
      );
    if (named(this.authority.records)) return true;
    for (const chain of this.authority.delegators.values())
      if (chain.some((held) => named(held))) return true;
    return false;
  }

  // Whether a whole bind would show more than the grants do: a `.git` directory (an allow over
  // its parent does not reach it, the `.git` carve-out), a hard-linked file (its other name may
  // lie outside the workspace) or an entry that is no file, directory or link (a socket bound in
  // would reach a host service). Such a subtree is planned entry by entry instead.
  private async hasUnbindableBelow(dir: ContainedDir): Promise<boolean> {
    const pending = [dir.at('.')];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      // Paced synchronous calls: a dependency tree has tens of thousands of files.
      const names = await readdirPaced(next);
      for (const entry of names) {
        if (entry.isSymbolicLink()) continue;
        if (entry.isFile()) {
          const stats = await lstatPaced(`${next}/${entry.name}`);
          if (stats === null || !stats.isFile() || stats.nlink !== 1) return true;
          continue;
        }
        if (!entry.isDirectory()) return true;
        if (entry.name.toLowerCase() === '.git') return true;
        this.countDirectory();
        pending.push(`${next}/${entry.name}`);
      }
    }
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await fsp.lstat(path);
    return true;
  } catch {
    return false;
  }
}
