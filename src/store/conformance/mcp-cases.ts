// Conformance cases for MCP servers: records read back exactly, ids unique, tools replaced whole and removed with their server.
import { describe, expect, it } from 'vitest';
import type { McpServer, McpTool } from '../../kernel/mcp/types.js';
import type { Store } from '../../ports/store.js';
import { expectCode } from './expect-code.js';

const STDIO: McpServer = {
  id: 'files',
  transport: {
    kind: 'stdio',
    argv: ['node', '/opt/server.js', '--flag'],
    env: { TOKEN_FILE: 'x' },
    cwd: 'sub',
    binds: ['/opt'],
    unsandboxed: false,
  },
  createdAt: 10,
};

const HTTP: McpServer = {
  id: 'web',
  transport: { kind: 'http', url: 'http://127.0.0.1:9/mcp' },
  createdAt: 11,
};

function tool(server: string, name: string, hash: string): McpTool {
  return {
    server,
    name,
    description: name === 'a' ? null : `tool ${name}`,
    inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
    schemaSha256: hash,
    seenAt: 20,
  };
}

/** Defines the MCP server cases against the store `store()` returns. */
export function describeMcpCases(store: () => Store): void {
  describe('mcp servers', () => {
    it('reads both transports back exactly and pages by id', async () => {
      await store().transact(async (tx) => {
        await tx.insertMcpServer(HTTP);
        await tx.insertMcpServer(STDIO);
      });
      expect(await store().read((r) => r.getMcpServer('files'))).toStrictEqual(STDIO);
      expect(await store().read((r) => r.getMcpServer('web'))).toStrictEqual(HTTP);
      expect(await store().read((r) => r.getMcpServer('nope'))).toBeUndefined();
      expect(await store().read((r) => r.listMcpServers({ limit: 1 }))).toStrictEqual([STDIO]);
      expect(
        await store().read((r) => r.listMcpServers({ afterId: 'files', limit: 10 })),
      ).toStrictEqual([HTTP]);
    });

    it('refuses a second server with the same id and keeps the first', async () => {
      await store().transact((tx) => tx.insertMcpServer(STDIO));
      await expectCode(
        store().transact((tx) => tx.insertMcpServer({ ...HTTP, id: 'files' })),
        'ALREADY_EXISTS',
      );
      expect(await store().read((r) => r.getMcpServer('files'))).toStrictEqual(STDIO);
    });

    it('replaces the recorded tools whole, and removes them with the server', async () => {
      await store().transact(async (tx) => {
        await tx.insertMcpServer(STDIO);
        await tx.replaceMcpTools('files', [tool('files', 'b', 'h1'), tool('files', 'a', 'h2')]);
      });
      expect(await store().read((r) => r.listMcpTools('files'))).toStrictEqual([
        tool('files', 'a', 'h2'),
        tool('files', 'b', 'h1'),
      ]);
      await store().transact((tx) => tx.replaceMcpTools('files', [tool('files', 'b', 'h3')]));
      expect(await store().read((r) => r.listMcpTools('files'))).toStrictEqual([
        tool('files', 'b', 'h3'),
      ]);
      expect(await store().read((r) => r.getMcpTool('files', 'b'))).toStrictEqual(
        tool('files', 'b', 'h3'),
      );
      expect(await store().read((r) => r.getMcpTool('files', 'a'))).toBeUndefined();
      expect(await store().transact((tx) => tx.deleteMcpServer('files'))).toBe(true);
      expect(await store().transact((tx) => tx.deleteMcpServer('files'))).toBe(false);
      expect(await store().read((r) => r.listMcpTools('files'))).toStrictEqual([]);
      expect(await store().read((r) => r.getMcpServer('files'))).toBeUndefined();
    });

    it('refuses tools of an unknown server, of another server or named twice, writing nothing', async () => {
      await expectCode(
        store().transact((tx) => tx.replaceMcpTools('ghost', [tool('ghost', 'a', 'h')])),
        'NOT_FOUND',
      );
      await store().transact(async (tx) => {
        await tx.insertMcpServer(STDIO);
        await tx.replaceMcpTools('files', [tool('files', 'a', 'h0')]);
      });
      await expectCode(
        store().transact((tx) => tx.replaceMcpTools('files', [tool('web', 'a', 'h')])),
        'INVALID_INPUT',
      );
      await expectCode(
        store().transact((tx) =>
          tx.replaceMcpTools('files', [tool('files', 'x', 'h'), tool('files', 'x', 'h')]),
        ),
        'INVALID_INPUT',
      );
      expect(await store().read((r) => r.listMcpTools('files'))).toStrictEqual([
        tool('files', 'a', 'h0'),
      ]);
    });
  });
}
