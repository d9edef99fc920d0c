// A client of a live runtime's API (over its Unix socket or TCP): the operator's writing commands.
import { request as httpRequest } from 'node:http';
import type { Json } from '../base/canonical-json.js';
import { ERROR_CODES, LibosError, type ErrorCode, type ErrorDetails } from '../base/errors.js';
import type { MessageId } from '../base/ids.js';
import type { AgentImage } from '../kernel/agent/types.js';
import type { HumanRequest, PermissionDecision } from '../kernel/approval/types.js';
import type { Capability } from '../kernel/capability/types.js';
import type { Checkpoint } from '../kernel/checkpoint/types.js';
import type { AgentProcess } from '../kernel/process/types.js';
import type { GrantInput } from '../runtime/authority/capability-ops.js';
import type { CheckpointCalls } from '../runtime/checkpoints/operator-checkpoints.js';
import type { FileDiff } from '../runtime/workspace/diff-files.js';
import type { OperatorSpawn, Runtime } from '../runtime/runtime.js';
import type { FollowedUp } from '../runtime/tasks/follow-up-task.js';
import type { FollowUpInput, TaskCalls, TaskStartInput } from '../runtime/tasks/operator-tasks.js';
import type { TaskSummary, TaskView } from '../runtime/tasks/task-view.js';

/** The operator calls a command makes; a Runtime and an ApiClient both provide them. */
export type OperatorCalls = Pick<
  Runtime,
  | 'get'
  | 'spawn'
  | 'signal'
  | 'kill'
  | 'send'
  | 'setModel'
  | 'grant'
  | 'grantAll'
  | 'revoke'
  | 'decide'
  | 'request'
  | 'image'
  | 'registerImage'
  | 'setImageVersion'
> & {
  /** Tasks: start, follow up, read. */
  readonly tasks: TaskCalls;
  /** Checkpoints: take, read, diff, restore, fork, remove, commit to an image. */
  readonly checkpoints: CheckpointCalls;
};

/** Where the API listens. */
export type ApiAddress = { readonly socket: string } | { readonly url: string };

const TIMEOUT_MS = 30_000;

/** Calls a live runtime's API with its bearer token; errors come back as the LibosError sent. */
export class ApiClient implements OperatorCalls {
  readonly #address: ApiAddress;
  readonly #token: string;

  /** Tasks through the API: `POST /api/tasks`, `POST /api/tasks/{id}/follow-ups`, the reads. */
  readonly tasks: TaskCalls = {
    start: (input: TaskStartInput): Promise<TaskView> =>
      this.call('POST', '/api/tasks', { ...input, ...withRightLists(input.records) }),
    followUp: (id: string, input: FollowUpInput): Promise<FollowedUp> =>
      this.call('POST', `/api/tasks/${encodeURIComponent(id)}/follow-ups`, {
        ...input,
        ...withRightLists(input.records),
      }),
    get: (id: string): Promise<TaskView> =>
      this.call('GET', `/api/tasks/${encodeURIComponent(id)}`),
    list: async (query = {}): Promise<TaskSummary[]> => {
      const params = new URLSearchParams();
      if (query.afterId !== undefined) params.set('after', query.afterId);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      const text = params.toString();
      const page = await this.call<{ items: TaskSummary[] }>(
        'GET',
        `/api/tasks${text === '' ? '' : `?${text}`}`,
      );
      return page.items;
    },
  };

  /** Checkpoints through the API: `/api/checkpoints…` (see `routes/checkpoint-routes.ts`). */
  readonly checkpoints: CheckpointCalls = {
    create: (pid, options = {}) => this.call('POST', '/api/checkpoints', { pid, ...options }),
    list: async (query = {}) => {
      const params = new URLSearchParams();
      if (query.rootPid !== undefined) params.set('root', query.rootPid);
      if (query.afterId !== undefined) params.set('after', query.afterId);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      const text = params.toString();
      const page = await this.call<{ items: Checkpoint[] }>(
        'GET',
        `/api/checkpoints${text === '' ? '' : `?${text}`}`,
      );
      return page.items;
    },
    get: (id) => this.call('GET', checkpointPath(id)),
    diff: (from, to) =>
      this.call(
        'GET',
        `${checkpointPath(from)}/diff${to === undefined ? '' : `?to=${encodeURIComponent(to)}`}`,
      ),
    restore: (id, options = {}) => this.call('POST', `${checkpointPath(id)}/restore`, options),
    fileDiff: async (id) =>
      (await this.call<{ items: FileDiff[] }>('GET', `${checkpointPath(id)}/files`)).items,
    fork: (id) => this.call('POST', `${checkpointPath(id)}/fork`, {}),
    remove: async (id) => {
      await this.call('DELETE', checkpointPath(id));
    },
    commitImage: (id, options) => this.call('POST', `${checkpointPath(id)}/image`, options),
    prune: (options) => this.call('POST', '/api/checkpoints/prune', options),
  };

  constructor(address: ApiAddress, token: string) {
    this.#address = address;
    this.#token = token;
  }

  /** Checks that the runtime answers (within `timeoutMs`). */
  async health(timeoutMs = 1_000): Promise<{ ok: boolean; version: string; pid: number }> {
    return this.call('GET', '/api/health', undefined, timeoutMs);
  }

  get(pid: string): Promise<AgentProcess> {
    return this.call('GET', `/api/processes/${encodeURIComponent(pid)}`);
  }

  spawn(input: OperatorSpawn): Promise<AgentProcess> {
    return this.call('POST', '/api/processes', { ...input, ...withRightLists(input.records) });
  }

  async signal(pid: string, signal: string): Promise<void> {
    await this.call('POST', `/api/processes/${encodeURIComponent(pid)}/signal`, { signal });
  }

  async kill(pid: string): Promise<void> {
    await this.call('POST', `/api/processes/${encodeURIComponent(pid)}/kill`, {});
  }

  async send(pid: string, body: Json, options: { interrupt?: boolean } = {}): Promise<MessageId> {
    const sent = await this.call<{ id: MessageId }>(
      'POST',
      `/api/processes/${encodeURIComponent(pid)}/messages`,
      { body, interrupt: options.interrupt ?? false },
    );
    return sent.id;
  }

  async setModel(pid: string, spec: string): Promise<void> {
    await this.call('PUT', `/api/processes/${encodeURIComponent(pid)}/model`, { spec });
  }

  grant(input: GrantInput): Promise<Capability> {
    const rights = typeof input.rights === 'string' ? input.rights.split(',') : input.rights;
    return this.call('POST', '/api/capabilities', { ...input, rights });
  }

  grantAll(inputs: readonly GrantInput[]): Promise<Capability[]> {
    return this.call('POST', '/api/capabilities/batch', {
      records: inputs.map((input) => ({
        ...input,
        rights: typeof input.rights === 'string' ? input.rights.split(',') : input.rights,
      })),
    });
  }

  async revoke(id: string): Promise<number> {
    const result = await this.call<{ revoked: number }>(
      'DELETE',
      `/api/capabilities/${encodeURIComponent(id)}`,
    );
    return result.revoked;
  }

  decide(
    id: string,
    answer: { decision?: PermissionDecision | null; answer?: string | null },
  ): Promise<HumanRequest> {
    return this.call('POST', `/api/approvals/${encodeURIComponent(id)}/decision`, answer);
  }

  request(id: string): Promise<HumanRequest> {
    return this.call('GET', `/api/approvals/${encodeURIComponent(id)}`);
  }

  image(ref: string): Promise<AgentImage> {
    return this.call('GET', `/api/images/${encodeURIComponent(ref)}`);
  }

  registerImage(image: AgentImage): Promise<AgentImage> {
    return this.call('POST', '/api/images', image);
  }

  setImageVersion(pid: string, version: number): Promise<AgentProcess> {
    return this.call('PUT', `/api/processes/${encodeURIComponent(pid)}/image-version`, {
      version,
    });
  }

  /** One request; a non-2xx answer throws the error it carries. */
  call<T>(method: string, path: string, body?: unknown, timeoutMs = TIMEOUT_MS): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const target =
      'socket' in this.#address
        ? { socketPath: this.#address.socket, path }
        : { ...urlParts(this.#address.url), path };
    return new Promise<T>((resolve, reject) => {
      const req = httpRequest(
        {
          ...target,
          method,
          timeout: timeoutMs,
          headers: {
            authorization: `Bearer ${this.#token}`,
            ...(payload === undefined
              ? {}
              : {
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(payload),
                }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              const parsed: unknown = text === '' ? null : JSON.parse(text);
              if ((res.statusCode ?? 500) < 300) resolve(parsed as T);
              else reject(fromWire(parsed, res.statusCode ?? 500));
            } catch (error) {
              reject(unreachable(error));
            }
          });
        },
      );
      req.on('timeout', () => {
        req.destroy(new LibosError('DEADLINE_EXCEEDED', 'Calling the live runtime timed out'));
      });
      req.on('error', (error) => {
        reject(error instanceof LibosError ? error : unreachable(error));
      });
      req.end(payload);
    });
  }
}

/** Records with their rights as lists, as the API takes them (`read,write` → `['read', 'write']`). */
function withRightLists(records: readonly Omit<GrantInput, 'subject'>[] | undefined): {
  records?: Omit<GrantInput, 'subject'>[];
} {
  if (records === undefined) return {};
  return {
    records: records.map((r) => ({
      ...r,
      rights: typeof r.rights === 'string' ? r.rights.split(',') : r.rights,
    })),
  };
}

function checkpointPath(id: string): string {
  return `/api/checkpoints/${encodeURIComponent(id)}`;
}

function urlParts(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port) };
}

function fromWire(body: unknown, status: number): LibosError {
  const error = (body as { error?: Partial<Record<string, unknown>> } | null)?.error;
  const code = error?.code;
  if (typeof code === 'string' && code in ERROR_CODES && typeof error?.message === 'string')
    return new LibosError(code as ErrorCode, error.message, {
      details: (error.details ?? {}) as ErrorDetails,
    });
  return new LibosError('INTERNAL', `Calling the live runtime failed: HTTP ${status}`);
}

function unreachable(cause: unknown): LibosError {
  return new LibosError('STORE_BUSY', 'Calling the live runtime failed: it did not answer', {
    cause,
  });
}
