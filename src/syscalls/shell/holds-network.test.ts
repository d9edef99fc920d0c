// Which records share the host network with a command or an MCP server: only `net:*=connect`.
import { describe, expect, it } from 'vitest';
import { capabilityFixture } from '../../kernel/capability/capability-fixture.js';
import { parseResource } from '../../kernel/capability/resource.js';
import type { Capability } from '../../kernel/capability/types.js';
import { serverView } from '../mcp/server-view.js';
import type { WorkspaceRoot } from '../fs/workspace-root.js';
import { holdsNetwork } from './holds-network.js';

function net(pattern: string, rights: Capability['rights'], fields: Partial<Capability> = {}) {
  const parsed = parseResource(pattern);
  if (!parsed.ok) throw new Error(parsed.reason);
  return capabilityFixture({ resource: parsed.value, rights, ...fields });
}

const ANY_CONNECT = net('net:*', ['connect']);

describe('holdsNetwork', () => {
  it('is true only for an unconditional, live net:*=connect allow', () => {
    expect(holdsNetwork([ANY_CONNECT], 0)).toBe(true);
    expect(holdsNetwork([net('net:https://example.org/**', ['get', 'send'])], 0)).toBe(false);
    expect(holdsNetwork([net('net:*', ['get'])], 0)).toBe(false);
    expect(holdsNetwork([net('net:*', ['connect'], { effect: 'ask' })], 0)).toBe(false);
    expect(holdsNetwork([net('net:*', ['connect'], { usesRemaining: 1 })], 0)).toBe(false);
    expect(holdsNetwork([net('net:*', ['connect'], { expiresAt: 10 })], 20)).toBe(false);
    expect(holdsNetwork([net('net:*', ['connect'], { revokedAt: 5 })], 20)).toBe(false);
  });

  it('decides the network of a sandboxed MCP server as it does for commands', () => {
    const root = { path: '/nonexistent-workspace' } as WorkspaceRoot;
    const view = (records: Capability[]) =>
      serverView(root, { records, delegators: new Map(), reserved: [], now: 0, forbidden: [] });
    expect(view([net('net:https://example.org/**', ['get'])]).network).toBe(false);
    expect(view([ANY_CONNECT]).network).toBe(true);
    // The network is part of what a server is shared by: a URL grant does not change the key.
    expect(view([net('net:https://example.org/**', ['get'])]).key).toBe(view([]).key);
  });
});
