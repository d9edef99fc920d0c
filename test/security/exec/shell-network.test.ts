// Exec corpus: without a net:*=connect grant a command reaches no socket — not loopback TCP, not an abstract socket, not a unix socket in the workspace; with one it reaches the network (all or nothing for now).
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { plant, type RigGrant } from '../helpers.js';
import { expectJournaledRun, hasSandbox, runCommands, useSandboxRigs } from './exec-kit.js';

const SHELL: RigGrant = { resource: 'shell:*', rights: 'execute' };
const READ_ALL: RigGrant = { resource: 'fs:**', rights: 'read,write' };
const NET: RigGrant = { resource: 'net:*', rights: 'connect' };

/** A listener the test owns; counts the connections it saw and what they sent. */
interface Listener {
  readonly server: Server;
  readonly connections: Socket[];
  readonly received: string[];
}

const listeners: Listener[] = [];
afterEach(async () => {
  for (const { server, connections } of listeners.splice(0)) {
    for (const socket of connections) socket.destroy();
    server.close();
    if (server.listening) await once(server, 'close');
  }
});

async function listen(address: string | { port: 0; host: '127.0.0.1' }): Promise<Listener> {
  const listener: Listener = { server: createServer(), connections: [], received: [] };
  listener.server.on('connection', (socket) => {
    listener.connections.push(socket);
    socket.on('data', (chunk: Buffer) => {
      listener.received.push(chunk.toString());
      // Answers like an HTTP server, so every client (curl too) ends at once.
      socket.end('HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok');
    });
    socket.on('error', () => undefined);
  });
  listeners.push(listener);
  listener.server.listen(address);
  await once(listener.server, 'listening');
  return listener;
}

function portOf(listener: Listener): number {
  const address = listener.server.address();
  if (address === null || typeof address === 'string') throw new Error('not a TCP listener');
  return address.port;
}

const TCP_CLIENTS: readonly (readonly [string, (port: number) => string[]])[] = [
  [
    'bash /dev/tcp',
    (port) => ['bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port} && echo hello >&3`],
  ],
  [
    'python3 socket',
    (port) => [
      'python3',
      '-c',
      `import socket\ns=socket.create_connection(('127.0.0.1',${port}),timeout=5)\ns.sendall(b'hello\\n')`,
    ],
  ],
  [
    'curl',
    (port) => ['curl', '-sS', '--max-time', '5', '-d', 'hello', `http://127.0.0.1:${port}/`],
  ],
  [
    'node net',
    (port) => [
      'node',
      '-e',
      `require('net').connect(${port},'127.0.0.1',function(){this.end('hello\\n')})`,
    ],
  ],
];

describe.runIf(hasSandbox)('shell.run without a net grant reaches no socket', () => {
  const newRig = useSandboxRigs();

  it.each(TCP_CLIENTS)('%s cannot connect to a loopback listener', async (_name, client) => {
    const rig = await newRig();
    const listener = await listen({ port: 0, host: '127.0.0.1' });
    await runCommands(
      rig,
      [SHELL, READ_ALL],
      [{ argv: client(portOf(listener)), timeoutMs: 10_000 }],
    );
    const out = await expectJournaledRun(rig, 0, { network: false, changes: [] });
    expect(out.network).toBe(false);
    expect(out.exitCode).not.toBe(0);
    expect(listener.connections).toHaveLength(0);
  });

  it('a one-shot net grant does not share the network', async () => {
    const rig = await newRig();
    const listener = await listen({ port: 0, host: '127.0.0.1' });
    const [, client] = TCP_CLIENTS[0]!;
    await runCommands(rig, [SHELL, READ_ALL, { ...NET, once: true }], [client(portOf(listener))]);
    const out = await expectJournaledRun(rig, 0, { network: false });
    expect(out.exitCode).not.toBe(0);
    expect(listener.connections).toHaveLength(0);
  });

  it('a net.fetch grant (net:<url>, get and send) does not share the network', async () => {
    const rig = await newRig();
    const listener = await listen({ port: 0, host: '127.0.0.1' });
    const [, client] = TCP_CLIENTS[0]!;
    const port = portOf(listener);
    await runCommands(
      rig,
      [SHELL, READ_ALL, { resource: `net:http://127.0.0.1:${port}/**`, rights: 'get,send' }],
      [client(port)],
    );
    const out = await expectJournaledRun(rig, 0, { network: false });
    expect(out.exitCode).not.toBe(0);
    expect(listener.connections).toHaveLength(0);
  });

  it('an abstract unix socket of the host is out of reach', async () => {
    const rig = await newRig();
    const name = `agent-libos-test-${process.pid}-${Date.now()}`;
    const listener = await listen(`\0${name}`);
    const script = `import socket\ns=socket.socket(socket.AF_UNIX)\ns.connect('\\0${name}')\ns.sendall(b'hello')`;
    await runCommands(rig, [SHELL, READ_ALL], [['python3', '-c', script]]);
    const out = await expectJournaledRun(rig, 0, { network: false });
    expect(out.stderr).toMatch(/ConnectionRefused|No such file|FileNotFound/);
    expect(listener.connections).toHaveLength(0);
  });

  it.each([
    ['at the workspace root', 'svc.sock'],
    ['in a granted directory otherwise bound whole', 'run/svc.sock'],
  ])('a unix socket %s is not shown to the command', async (_name, path) => {
    const rig = await newRig();
    plant(rig, { 'run/readme.txt': 'r', 'a.txt': 'a' });
    const listener = await listen(join(rig.workspace, path));
    const script = `import socket\ns=socket.socket(socket.AF_UNIX)\ns.connect('/workspace/${path}')\ns.sendall(b'hello')`;
    await runCommands(
      rig,
      [SHELL, READ_ALL],
      [
        ['sh', '-c', 'ls -a . run'],
        ['python3', '-c', script],
      ],
    );
    const listed = await expectJournaledRun(rig, 0, { network: false, changes: [] });
    expect(listed.stdout).toContain('readme.txt');
    expect(listed.stdout).not.toContain('svc.sock');
    const out = await expectJournaledRun(rig, 1, { network: false, changes: [] });
    expect(out.exitCode).not.toBe(0);
    expect(listener.connections).toHaveLength(0);
  });
});

describe.runIf(hasSandbox)('shell.run with a net grant shares the network', () => {
  const newRig = useSandboxRigs();

  it.each(TCP_CLIENTS)(
    '%s connects to a loopback listener, journaled as network: true',
    async (_name, client) => {
      const rig = await newRig();
      const listener = await listen({ port: 0, host: '127.0.0.1' });
      const connected = once(listener.server, 'connection');
      await runCommands(
        rig,
        [SHELL, READ_ALL, NET],
        [{ argv: client(portOf(listener)), timeoutMs: 10_000 }],
      );
      await connected;
      const out = await expectJournaledRun(rig, 0, { network: true });
      expect(out.network).toBe(true);
      expect(listener.connections).toHaveLength(1);
    },
  );
});
