// The exact command line and environment a JIT tool's Deno runs with: no permissions, nothing inherited.
import { GUEST_SOURCE } from './guest/guest-source.js';

/** Limits of one JIT tool run. */
export interface JitLimits {
  /** V8 old-space limit in MiB (`--max-old-space-size`). */
  readonly heapMiB: number;
  /** Wall-clock limit of one call, syscalls included, in milliseconds. */
  readonly wallMs: number;
  /** Largest frame (one line) the guest may send, in bytes. */
  readonly maxFrameBytes: number;
  /** Largest result (its JSON text), in bytes. */
  readonly maxResultBytes: number;
  /** Most syscalls one call may make. */
  readonly maxSyscalls: number;
}

/** Defaults of `JitLimits`. */
export const JIT_DEFAULTS: JitLimits = {
  heapMiB: 64,
  wallMs: 10_000,
  maxFrameBytes: 1024 * 1024,
  maxResultBytes: 256 * 1024,
  maxSyscalls: 1_000,
};

/**
 * The flags of `deno run`. No `--allow-*` at all and `--no-prompt`, so every permission-gated API
 * (files, network, env, subprocesses, FFI, system info) throws; `--no-remote`, `--no-npm` and
 * `--cached-only` refuse remote, `npm:` and `jsr:` imports; `--no-config` and `--no-lock` keep any
 * `deno.json` or lockfile near the working directory out; the heap is capped.
 */
export function denoRunFlags(limits: Pick<JitLimits, 'heapMiB'>): string[] {
  return [
    'run',
    '--quiet',
    '--no-prompt',
    '--no-remote',
    '--no-npm',
    '--no-config',
    '--no-lock',
    '--cached-only',
    `--v8-flags=--max-old-space-size=${String(limits.heapMiB)}`,
  ];
}

/** The harness as a `data:` URL main module (nothing of it is read from disk). */
export function guestMainUrl(): string {
  return `data:application/javascript;base64,${Buffer.from(GUEST_SOURCE).toString('base64')}`;
}

/**
 * The whole environment Deno gets: its private cache directory and switches that keep it quiet.
 * Nothing of the host's environment passes (no API keys, no proxies, no `DENO_*` settings).
 */
export function denoEnvironment(denoDir: string): Record<string, string> {
  return {
    DENO_DIR: denoDir,
    NO_COLOR: '1',
    DENO_NO_UPDATE_CHECK: '1',
    DENO_NO_PACKAGE_JSON: '1',
  };
}
