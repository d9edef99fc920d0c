// Kit of the MCP suites: the fixture server's paths, a rig whose runtime reaches MCP servers, process finders.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { createMcpClients, type McpClientsOptions } from '../../src/mcp/mcp-clients.js';
import { createRig, type Rig } from '../security/helpers.js';

/** The fixture's stdio entry point. */
export const STDIO_FIXTURE = fileURLToPath(new URL('./fixtures/stdio-server.mjs', import.meta.url));
/** What the sandboxed fixture needs bound read-only: its own folder and the SDK's packages. */
export const FIXTURE_BINDS = [
  dirname(STDIO_FIXTURE),
  join(fileURLToPath(new URL('../../', import.meta.url)), 'node_modules'),
];

/** A marker no other process's command line holds. */
export function uniqueMarker(label: string): string {
  return `--libos-mcp-marker=${label}-${process.pid}-${Math.random().toString(36).slice(2)}`;
}

/** Host processes whose command line holds `marker` (read from /proc), other than this one. */
export function processesWith(marker: string): { pid: number; argv: string[] }[] {
  const found: { pid: number; argv: string[] }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (argv.includes(marker)) found.push({ pid: Number(name), argv });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** Waits for `condition`; the test's own timeout bounds the wait. */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 25));
}

/**
 * Registers an afterEach that disposes every rig the returned function made in the test (its
 * runtime closes, taking every MCP server it started along), even when the test failed.
 */
export function useMcpRigs(): (options?: McpClientsOptions) => Promise<Rig> {
  const rigs: Rig[] = [];
  afterEach(async () => {
    const made = rigs.splice(0);
    await Promise.all(made.map((rig) => rig[Symbol.asyncDispose]()));
  });
  return async (options = {}) => {
    const rig = await createRig({ mcp: createMcpClients(options) });
    rigs.push(rig);
    return rig;
  };
}

/** Registers the stdio fixture as server `id` (sandboxed unless `unsandboxed`). */
export async function addStdioFixture(
  rig: Rig,
  id: string,
  options: { marker: string; unsandboxed?: boolean },
): Promise<void> {
  await rig.runtime.mcp.add({
    id,
    transport: {
      kind: 'stdio',
      argv: ['node', STDIO_FIXTURE, options.marker],
      binds: FIXTURE_BINDS,
      unsandboxed: options.unsandboxed ?? false,
    },
  });
}
