// The command line that starts a stdio MCP server: inside a bubblewrap sandbox planned from the caller's view, or on the host.
import { isAbsolute, normalize } from 'node:path';
import { LibosError } from '../base/errors.js';
import type { McpServer, McpTransport } from '../kernel/mcp/types.js';
import type { SandboxEntry } from '../ports/command-runner.js';
import { bwrapArgs, SANDBOX_HOME } from '../sandbox/shell/bwrap-args.js';

type Stdio = Extract<McpTransport, { kind: 'stdio' }>;

/** The PATH a server gets, the one commands get: system directories only, never the workspace. */
export const SERVER_PATH = '/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin';

/** What a sandboxed server is started with besides its registration. */
export interface SandboxedStart {
  readonly bwrap: string;
  readonly entries: readonly SandboxEntry[];
  readonly network: boolean;
  /** Host paths never to be seen (the workspace, the state directory). */
  readonly hidden: readonly string[];
}

/**
 * `bwrap … -- argv` for `server`: the sandbox of `shell.run` (every namespace unshared, the
 * network only when the view holds it, system directories read-only, private /tmp and home,
 * the workspace at /workspace as planned — here read-only throughout), plus the registration's
 * `binds` read-only at their own paths, and an environment of PATH, HOME, TMPDIR, LANG and the
 * registration's `env`. The returned descriptors become fds 3, 4, … of the child.
 * @throws NOT_PERMITTED when a bind is not absolute or overlaps a hidden path
 */
export function sandboxedCommand(
  server: McpServer & { readonly transport: Stdio },
  start: SandboxedStart,
): { file: string; args: string[]; fds: number[] } {
  const { transport } = server;
  const fds = [...new Set(start.entries.flatMap((e) => (e.kind === 'bind' ? [e.fd] : [])))];
  const childFd = new Map(fds.map((fd, i) => [fd, 3 + i]));
  const args = bwrapArgs(
    {
      executable: transport.argv[0] ?? '',
      argv: transport.argv,
      cwd: transport.cwd,
      env: {
        ...transport.env,
        PATH: SERVER_PATH,
        HOME: SANDBOX_HOME,
        TMPDIR: '/tmp',
        LANG: transport.env['LANG'] ?? 'C.UTF-8',
      },
      stdin: null,
      plan: { entries: start.entries, network: start.network },
      hidden: start.hidden,
      limits: { timeoutMs: 0, cpuSeconds: 0, memoryBytes: 0, processes: 0, outputBytes: 0 },
      signal: AbortSignal.abort(),
      onStart: () => undefined,
    },
    (fd) => childFd.get(fd) ?? -1,
  );
  // The operator's binds go in before the root is made read-only (their mount points are made).
  const binds = transport.binds.flatMap((path) => {
    checkBind(server.id, path, start.hidden);
    return ['--ro-bind', path, path];
  });
  const at = args.indexOf('--remount-ro');
  args.splice(at < 0 ? args.length : at, 0, ...binds);
  return { file: start.bwrap, args: [...args, '--', ...transport.argv], fds };
}

// A bind is the server's own code: never the workspace or the state directory, nor a parent of one.
function checkBind(server: string, path: string, hidden: readonly string[]): void {
  const attempted = `Starting MCP server ${server}`;
  if (!isAbsolute(path) || normalize(path) !== path || path === '/')
    throw new LibosError(
      'NOT_PERMITTED',
      `${attempted} was refused: a read-only bind is not a normalised absolute path below /`,
    );
  const under = (a: string, b: string): boolean => a === b || a.startsWith(`${b}/`);
  if (hidden.some((h) => under(h, path) || under(path, h)))
    throw new LibosError(
      'NOT_PERMITTED',
      `${attempted} was refused: a read-only bind overlaps the workspace or the runtime's state directory`,
    );
}
