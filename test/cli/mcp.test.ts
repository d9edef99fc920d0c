// `agent-libos mcp add|list|show|rm`: registering MCP servers from the command line, their tools
// recorded with schema hashes (--refresh starts the fixture server in the sandbox), bad input refused.
import { describe, expect, it } from 'vitest';
import type { McpServer } from '../../src/kernel/mcp/types.js';
import type { McpServerView } from '../../src/runtime/mcp/operator-mcp.js';
import { probeBwrap } from '../../src/sandbox/shell/probe-bwrap.js';
import { FIXTURE_BINDS, STDIO_FIXTURE } from '../mcp/mcp-kit.js';
import { runJson } from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

const sandboxed = (await probeBwrap()).ok;

/** An environment value that must never reach the journal. */
const ENV_VALUE = 'env-value-never-journaled-4711';
describe('agent-libos mcp', { timeout: 60_000 }, () => {
  it('adds a stdio and an HTTP server, lists, shows (refreshing the tools) and removes them', async () => {
    await using ws = await createTempWorkspace();
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    const binds = FIXTURE_BINDS.flatMap((b) => ['--ro-bind', b]);
    const added = await runCli(
      ['mcp', 'add', 'fx', ...binds, '--env', `MODE=${ENV_VALUE}`, '--', 'node', STDIO_FIXTURE],
      { cwd: ws.dir },
    );
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(
      /^registered fx \(stdio, in the sandbox\); grant its tools with --grant 'mcp:fx\/\*\*=list,call'/,
    );
    const { out: web } = await runJson<McpServer>(
      ['mcp', 'add', 'web', '--url', 'http://127.0.0.1:9/mcp'],
      { cwd: ws.dir },
    );
    expect(web).toMatchObject({
      id: 'web',
      transport: { kind: 'http', url: 'http://127.0.0.1:9/mcp' },
    });

    const table = await runCli(['mcp', 'list'], { cwd: ws.dir });
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+TRANSPORT\s+RUNS\s+COMMAND\/URL$/);
    expect(table.stdout).toMatch(/\nfx\s+stdio\s+sandbox\s+node /);
    expect(table.stdout).toMatch(/\nweb\s+http\s+remote\s+http:\/\/127\.0\.0\.1:9\/mcp/);
    const { out: listed } = await runJson<McpServer[]>(['mcp', 'list'], { cwd: ws.dir });
    expect(listed.map((s) => s.id)).toStrictEqual(['fx', 'web']);

    const before = await runCli(['mcp', 'show', 'fx'], { cwd: ws.dir });
    expect(before.stdout).toContain('no tools recorded yet');
    if (sandboxed) {
      const { out: shown } = await runJson<McpServerView>(['mcp', 'show', 'fx', '--refresh'], {
        cwd: ws.dir,
      });
      const echo = shown.tools.find((t) => t.name === 'echo');
      expect(echo?.schemaSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(echo?.resource).toBe(`mcp:fx/echo/${echo?.schemaSha256}`);
      const text = await runCli(['mcp', 'show', 'fx'], { cwd: ws.dir });
      expect(text.stdout).toMatch(
        /\necho\s+[0-9a-f]{16}\s+mcp:fx\/echo\/[0-9a-f]{64}\s+Echo the text back\./,
      );
    }

    expect((await runCli(['mcp', 'rm', 'fx'], { cwd: ws.dir })).stdout).toBe('removed fx\n');
    const gone = await runCli(['mcp', 'show', 'fx'], { cwd: ws.dir });
    expect(gone.code).toBe(3);
    expect(gone.stderr).toMatch(/^error NOT_FOUND: /);
    const journal = await runCli(['journal', 'list', '--json'], { cwd: ws.dir });
    expect(journal.stdout).toContain('mcp.server_added');
    expect(journal.stdout).toContain('mcp.server_removed');
    expect(journal.stdout).toContain('MODE'); // the name is kept
    expect(journal.stdout).not.toContain(ENV_VALUE); // never the value
  });

  it('refuses bad registrations with stable codes and registers nothing', async () => {
    await using ws = await createTempWorkspace();
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    const cases: string[][] = [
      ['mcp', 'add', 'Bad Id', '--', 'node'],
      ['mcp', 'add', 'x'],
      ['mcp', 'add', 'x', '--url', 'http://127.0.0.1:9/', '--', 'node'],
      ['mcp', 'add', 'x', '--url', 'file:///etc/passwd'],
      ['mcp', 'add', 'x', '--cwd', '../outside', '--', 'node'],
      ['mcp', 'add', 'x', '--env', 'PATH=/tmp', '--', 'node'],
      ['mcp', 'add', 'x', '--', './server'],
    ];
    for (const args of cases) {
      const result = await runCli(args, { cwd: ws.dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(
        /^error INVALID_INPUT: Registering an MCP server failed/,
      );
    }
    await runCli(['mcp', 'add', 'x', '--', 'node'], { cwd: ws.dir });
    const twice = await runCli(['mcp', 'add', 'x', '--', 'node'], { cwd: ws.dir });
    expect(twice.stderr).toMatch(/^error ALREADY_EXISTS: /);
    const { out } = await runJson<McpServer[]>(['mcp', 'list'], { cwd: ws.dir });
    expect(out.map((s) => s.id)).toStrictEqual(['x']);
  });
});
