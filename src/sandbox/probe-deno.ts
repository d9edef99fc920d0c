// probeDeno: what `agent-libos doctor` reports about the JIT tool sandbox, from a real run of Deno.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLibosError } from '../base/errors.js';
import { createDenoRunner } from './deno-runner.js';
import { findDeno, findSetpriv } from './find-deno.js';

/** What the probe found. */
export interface DenoProbe {
  /** True when Deno ran a guest with no permissions and the guest answered. */
  readonly ok: boolean;
  /** `deno --version`'s version (e.g. `2.9.6`), or null when it did not run. */
  readonly version: string | null;
  /** The binary used (from node_modules), or null when none is installed. */
  readonly path: string | null;
  /** One line for a person. */
  readonly detail: string;
}

function denoVersion(path: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { env: {}, timeout: 10_000 }, (error, stdout) => {
      resolve(error === null ? (/^deno (\S+)/.exec(stdout)?.[1] ?? null) : null);
    });
  });
}

/**
 * Runs the Deno binary for real: `deno --version`, then a guest through the same runner JIT
 * tools use (no permissions), which must answer a syscall round trip and see a file read
 * refused. Never throws.
 * @example
 * const deno = await probeDeno(); // { ok: true, version: '2.9.6', path: '/…/deno', detail: '…' }
 */
export async function probeDeno(): Promise<DenoProbe> {
  const path = findDeno();
  if (path === null)
    return {
      ok: false,
      version: null,
      path: null,
      detail: 'Deno is not installed (the deno npm package ships it): run npm install',
    };
  const version = await denoVersion(path);
  if (version === null)
    return { ok: false, version: null, path, detail: 'the Deno binary does not run' };
  const denoDir = await mkdtemp(join(tmpdir(), 'agent-libos-deno-probe-'));
  try {
    const runner = createDenoRunner({ denoDir, deno: path, limits: { wallMs: 15_000 } });
    const outcome = await runner.run({
      source: `export async function run(args: { n: number }, libos: { syscall(name: string, input: unknown): Promise<unknown> }) {
  let readRefused = false;
  try { await Deno.readTextFile('/etc/hostname'); } catch { readRefused = true; }
  return { n: await libos.syscall('probe.echo', args.n), readRefused };
}`,
      args: { n: 7 },
      syscall: (_name, input) => Promise.resolve({ blocked: false, value: input }),
      signal: new AbortController().signal,
    });
    const value = outcome.blocked ? null : outcome.value;
    const good = JSON.stringify(value) === JSON.stringify({ n: 7, readRefused: true });
    const death = findSetpriv() === null ? '; no setpriv: a guest may outlive a crashed host' : '';
    return good
      ? {
          ok: true,
          version,
          path,
          detail: `Deno ${version} runs guests with no permissions${death}`,
        }
      : { ok: false, version, path, detail: 'the Deno guest did not answer as expected' };
  } catch (error) {
    const why = isLibosError(error) ? error.message : 'the guest failed';
    return { ok: false, version, path, detail: why };
  } finally {
    await rm(denoDir, { recursive: true, force: true });
  }
}
