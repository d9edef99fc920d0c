// The operator's view as MCP tools: processes, approvals (list and decide) and the journal's tail.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import { parseId, type Pid } from '../../base/ids.js';
import { PERMISSION_DECISIONS } from '../../kernel/approval/types.js';
import type { Store } from '../../ports/store.js';
import type { CliContext } from '../cli-context.js';
import { decideRequest } from '../commands/approval-decide.js';
import { listRequests } from '../commands/approval-list.js';
import { listEntries, parseFilter } from '../commands/journal-list.js';
import { openReadStore } from '../open-read-store.js';
import { packageVersion } from '../package-version.js';
import { parseStates } from '../parse-states.js';
import { answer } from './tool-result.js';

/** Most entries or processes one call returns; the caller pages on for more. */
export const MAX_PAGE = 500;
const DEFAULT_PAGE = 100;

const page = z
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE)
  .optional()
  .describe(`how many to return (default ${DEFAULT_PAGE}, at most ${MAX_PAGE})`);

/**
 * An MCP server whose tools are the operator's commands on `context`'s database: `ps`,
 * `process_show`, `approvals_list`, `approvals_decide` and `journal_tail`. Reads open the
 * database read-only for each call (they work while a runtime runs); a decision goes through the
 * live runtime's API when one runs, else into the database, exactly as `approvals decide`.
 * Failures are tool errors carrying the error's wire form (stable code, no host detail).
 */
export function createOperatorMcpServer(context: CliContext): McpServer {
  const server = new McpServer({ name: 'agent-libos', version: packageVersion() });
  const read = <T>(use: (store: Store) => Promise<T>): Promise<T> => withReadStore(context, use);

  server.registerTool(
    'ps',
    {
      description:
        'List agent processes in pid order: pid, parent, name, state (with what it waits on), image, goal, usage. Page with afterPid.',
      inputSchema: {
        states: z
          .array(z.string())
          .optional()
          .describe(
            'only processes in these states: runnable, running, waiting, paused, exited, failed, killed',
          ),
        afterPid: z.string().optional().describe('the last pid of the previous page'),
        limit: page,
      },
      annotations: { readOnlyHint: true },
    },
    (input) =>
      answer('Listing processes', async () => {
        const states = parseStates(input.states ?? []);
        const afterPid =
          input.afterPid === undefined ? undefined : parseId('process', input.afterPid);
        const limit = input.limit ?? DEFAULT_PAGE;
        const processes = await read((store) =>
          store.read((r) =>
            r.listProcesses({
              limit,
              ...(states === undefined ? {} : { states }),
              ...(afterPid === undefined ? {} : { afterPid }),
            }),
          ),
        );
        return {
          processes,
          nextAfterPid: processes.length < limit ? null : (processes.at(-1)?.pid ?? null),
        };
      }),
  );

  server.registerTool(
    'process_show',
    {
      description: "One process's record and the pids of its direct children.",
      inputSchema: { pid: z.string().describe('the process id (proc_…)') },
      annotations: { readOnlyHint: true },
    },
    (input) =>
      answer(`Showing process ${input.pid.slice(0, 40)}`, async () => {
        const pid = parseId('process', input.pid);
        return read((store) => showProcess(store, pid));
      }),
  );

  server.registerTool(
    'approvals_list',
    {
      description:
        'List human requests waiting for the operator: permissions (resource, rights, reason), questions, notifications. all: include decided ones.',
      inputSchema: {
        all: z.boolean().optional().describe('include answered, expired and cancelled requests'),
      },
      annotations: { readOnlyHint: true },
    },
    (input) =>
      answer('Listing requests', async () => ({
        requests: await read((store) => listRequests(store, { all: input.all === true })),
      })),
  );

  server.registerTool(
    'approvals_decide',
    {
      description: `Decide a request as the operator: a permission with ${PERMISSION_DECISIONS.join(', ')}; a question with answer; a notification with ack. The waiting process continues (at once when a runtime is live, else on its next run).`,
      inputSchema: {
        id: z.string().describe('the request id (apr_…)'),
        decision: z
          .string()
          .optional()
          .describe(`${PERMISSION_DECISIONS.join(', ')}, or ack for a notification`),
        answer: z.string().optional().describe('the answer to a question'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false },
    },
    (input) =>
      answer(`Deciding ${input.id.slice(0, 40)}`, async () => {
        const { decided, live } = await decideRequest(context, {
          id: input.id,
          ...(input.decision === undefined ? {} : { decision: input.decision }),
          ...(input.answer === undefined ? {} : { answer: input.answer }),
        });
        return { request: decided, live };
      }),
  );

  server.registerTool(
    'journal_tail',
    {
      description:
        'Journal entries in seq order: after afterSeq, or without it the latest ones; at most limit. Continue with nextAfterSeq.',
      inputSchema: {
        afterSeq: z.number().int().min(0).optional().describe('only entries after this seq'),
        pid: z.string().optional().describe('only entries about this process'),
        type: z.string().optional().describe('only entries of this type, e.g. approval.requested'),
        limit: page,
      },
      annotations: { readOnlyHint: true },
    },
    (input) =>
      answer('Reading the journal', async () => {
        const limit = input.limit ?? DEFAULT_PAGE;
        return read((store) => tailJournal(store, { ...input, limit }));
      }),
  );
  return server;
}

async function withReadStore<T>(
  context: CliContext,
  use: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openReadStore(context);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

async function showProcess(store: Store, pid: Pid): Promise<unknown> {
  const found = await store.read(async (r) => ({
    process: await r.getProcess(pid),
    children: await r.listProcesses({ parentPid: pid, limit: MAX_PAGE }),
  }));
  if (found.process === undefined)
    throw new LibosError('NOT_FOUND', `Showing ${pid} failed: no such process`, {
      details: { pid },
    });
  return { process: found.process, children: found.children.map((child) => child.pid) };
}

/** Entries after `afterSeq`, or the latest `limit` seqs when none is given. */
async function tailJournal(
  store: Store,
  query: {
    afterSeq?: number | undefined;
    pid?: string | undefined;
    type?: string | undefined;
    limit: number;
  },
): Promise<{ entries: unknown[]; nextAfterSeq: number }> {
  let afterSeq = query.afterSeq;
  if (afterSeq === undefined) {
    const heads = await store.read((r) => r.journalHeads());
    const last = Math.max(0, ...heads.map((head) => head.seq));
    afterSeq = Math.max(0, last - query.limit);
  }
  // afterSeq is a number the tool's schema checked: only pid and type go through the flag parser.
  const filter = parseFilter({
    ...(query.pid === undefined ? {} : { pid: query.pid }),
    ...(query.type === undefined ? {} : { type: query.type }),
  });
  const entries = await listEntries(store, { ...filter, afterSeq, limit: query.limit });
  return { entries, nextAfterSeq: entries.at(-1)?.seq ?? afterSeq };
}
