// The StoreReader over one SQLite connection, valid only while its transaction or read is open.
import type { Pid, TaskId } from '../../base/ids.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import type { Message } from '../../kernel/mailbox/types.js';
import type { AgentProcess, StateKind } from '../../kernel/process/types.js';
import type { JournalHead, JournalQuery, ProcessQuery, StoreReader } from '../../ports/store.js';
import { fromJournalRow } from './journal-row.js';
import { fromMessageRow } from './message-row.js';
import type { SqliteReads } from './prepare-reads.js';
import { fromProcessRow } from './process-row.js';
import type {
  HumanRequest,
  RequestId,
  RequestPurpose,
  RequestState,
} from '../../kernel/approval/types.js';
import type { ResourceKind } from '../../kernel/capability/catalog.js';
import type { Capability, CapabilityId } from '../../kernel/capability/types.js';
import type { EffectId, EffectIntent, IntentState } from '../../kernel/effect/types.js';
import type { CapabilityKeys } from '../../ports/authority-store.js';
import { fromCapabilityRow } from './capability-row.js';
import type {
  MemoryObject,
  Namespace,
  ObjectId,
  ObjectVersion,
} from '../../kernel/object/types.js';
import { objectRows } from './object-row.js';
import type { Json } from '../../base/canonical-json.js';
import type { AgentImage, TranscriptEntry } from '../../kernel/agent/types.js';
import { fromIntentRow, fromRequestRow } from './request-row.js';
import { fromTranscriptRow } from './transcript-row.js';
import type { Skill } from '../../kernel/skill/types.js';
import { fromSkillRow } from './prepare-skills.js';
import type { Task, TaskRun } from '../../kernel/task/types.js';
import { fromTaskRow, fromTaskRunRow } from './task-row.js';
import type { McpServer, McpTool } from '../../kernel/mcp/types.js';
import { fromMcpServerRow, fromMcpToolRow } from './prepare-mcp.js';
import type { Taint } from '../../kernel/flow/taint.js';
import type { StoredLabelRule } from '../../kernel/flow/label-rule.js';
import { fromLabelRuleRow, fromTaintRow } from './prepare-flow.js';
import { checkLimit } from './check-limit.js';
import { SqliteCheckpointReader } from './sqlite-checkpoint-reader.js';
import type { FileChangeReader } from '../../ports/file-change-store.js';

/**
 * Reads through prepared statements. The driver is synchronous, so each method does its work when
 * called and returns a settled promise; `end()` makes later calls fail instead of silently reading
 * (or, for a transaction, writing) outside the transaction they belonged to. File change reads
 * are a layer on it (`SqliteFileChangeReader`), which is the StoreReader handed out.
 */
export class SqliteReader
  extends SqliteCheckpointReader
  implements Omit<StoreReader, keyof FileChangeReader>
{
  readonly #reads: SqliteReads;
  readonly #capabilityVersion: () => number | null;

  /**
   * `capabilityVersion` tells the version of the capability rows this handle sees (see the port);
   * absent, the handle reports none (a read-only store: another process may write).
   */
  constructor(reads: SqliteReads, options: { capabilityVersion?: () => number | null } = {}) {
    super(reads.checkpoints);
    this.#reads = reads;
    this.#capabilityVersion = options.capabilityVersion ?? (() => null);
  }

  /** Reads one process by pid. */
  getProcess(pid: Pid): Promise<AgentProcess | undefined> {
    return this.use('Reading a process', () => {
      const row = this.#reads.getProcess(pid);
      return row === undefined ? undefined : fromProcessRow(row);
    });
  }

  /** Lists processes keyset-paged by pid. */
  listProcesses(query: ProcessQuery): Promise<AgentProcess[]> {
    return this.use('Listing processes', () => {
      checkLimit(query.limit);
      return this.#reads.listProcesses(query).map(fromProcessRow);
    });
  }

  /** Lists pids in `state`, keyset-paged by pid. */
  listPidsInState(state: StateKind, page: { afterPid?: Pid; limit: number }): Promise<Pid[]> {
    return this.use('Listing processes by state', () => {
      checkLimit(page.limit);
      return this.#reads.listPidsInState(state, page.afterPid ?? '', page.limit) as Pid[];
    });
  }

  /** Pids whose timer is due at or before `now`, earliest first. */
  listDueTimers(now: number, limit: number): Promise<Pid[]> {
    return this.use('Listing due timers', () => {
      checkLimit(limit);
      return this.#reads.listDueTimers(now, limit) as Pid[];
    });
  }

  /** The earliest timer wake-up, if any. */
  nextTimerAt(): Promise<number | undefined> {
    return this.use('Reading the next timer', () => this.#reads.nextTimerAt());
  }

  /** Undelivered messages for `pid`: interrupts first, then in posting order. */
  listUndelivered(pid: Pid, limit: number): Promise<Message[]> {
    return this.use('Listing undelivered messages', () => {
      checkLimit(limit);
      return this.#reads.listUndelivered(pid, limit).map(fromMessageRow);
    });
  }

  /** Messages of `pid` already taken by the call `key`. */
  listDeliveredByKey(pid: Pid, key: string): Promise<Message[]> {
    return this.use('Listing delivered messages', () =>
      this.#reads.listDeliveredByKey(pid, key).map(fromMessageRow),
    );
  }

  /** Journal entries in seq order, filtered. */
  listJournal(query: JournalQuery): Promise<JournalEntry[]> {
    return this.use('Listing the journal', () => {
      checkLimit(query.limit);
      return this.#reads.listJournal(query).map(fromJournalRow);
    });
  }

  /** The version of the capability rows this handle sees, or null (see the port). */
  capabilityVersion(): Promise<number | null> {
    return this.use('Reading the capability version', () => this.#capabilityVersion());
  }

  /** Unrevoked capability records of `subject` under the given index keys. */
  findCapabilities(subject: Pid, kind: ResourceKind, keys: CapabilityKeys): Promise<Capability[]> {
    return this.use('Looking up capabilities', () =>
      this.#reads.authority
        .findCapabilities(subject, kind, keys.exact, keys.subtrees)
        .map(fromCapabilityRow),
    );
  }

  /** One capability record by id. */
  getCapability(id: CapabilityId): Promise<Capability | undefined> {
    return this.use('Reading a capability', () => {
      const row = this.#reads.authority.getCapability(id);
      return row === undefined ? undefined : fromCapabilityRow(row);
    });
  }

  /** Capability records keyset-paged by id. */
  listCapabilities(query: {
    subject?: Pid;
    afterId?: CapabilityId;
    limit: number;
    includeRevoked?: boolean;
  }): Promise<Capability[]> {
    return this.use('Listing capabilities', () => {
      checkLimit(query.limit);
      return this.#reads.authority
        .listCapabilities({
          ...(query.subject === undefined ? {} : { subject: query.subject }),
          afterId: query.afterId ?? '',
          limit: query.limit,
          includeRevoked: query.includeRevoked ?? false,
        })
        .map(fromCapabilityRow);
    });
  }

  /** Records delegated directly from `parentId`. */
  listCapabilityChildren(parentId: CapabilityId): Promise<Capability[]> {
    return this.use('Listing delegated capabilities', () =>
      this.#reads.authority.listCapabilityChildren(parentId).map(fromCapabilityRow),
    );
  }

  /** One human request by id. */
  getRequest(id: RequestId): Promise<HumanRequest | undefined> {
    return this.use('Reading a request', () => {
      const row = this.#reads.authority.getRequest(id);
      return row === undefined ? undefined : fromRequestRow(row);
    });
  }

  /** Human requests keyset-paged by id. */
  listRequests(query: {
    states?: readonly RequestState['kind'][];
    pid?: Pid;
    afterId?: RequestId;
    limit: number;
  }): Promise<HumanRequest[]> {
    return this.use('Listing requests', () => {
      checkLimit(query.limit);
      return this.#reads.authority
        .listRequests({
          ...(query.states === undefined ? {} : { states: query.states }),
          ...(query.pid === undefined ? {} : { pid: query.pid }),
          afterId: query.afterId ?? '',
          limit: query.limit,
        })
        .map(fromRequestRow);
    });
  }

  /** The newest request of `purpose` raised by this exact call. */
  findRequestByCall(
    pid: Pid,
    callHash: string,
    purpose: RequestPurpose,
  ): Promise<HumanRequest | undefined> {
    return this.use('Finding a request by call', () => {
      const row = this.#reads.authority.findRequestByCall(pid, callHash, purpose);
      return row === undefined ? undefined : fromRequestRow(row);
    });
  }

  /** One effect intent by id. */
  getIntent(id: EffectId): Promise<EffectIntent | undefined> {
    return this.use('Reading an effect intent', () => {
      const row = this.#reads.authority.getIntent(id);
      return row === undefined ? undefined : fromIntentRow(row);
    });
  }

  /** The intent with this idempotency key. */
  findIntentByKey(idempotencyKey: string): Promise<EffectIntent | undefined> {
    return this.use('Finding an effect intent', () => {
      const row = this.#reads.authority.findIntentByKey(idempotencyKey);
      return row === undefined ? undefined : fromIntentRow(row);
    });
  }

  /** Effect intents keyset-paged by id. */
  listIntents(query: {
    state?: IntentState;
    pid?: Pid;
    afterId?: EffectId;
    limit: number;
  }): Promise<EffectIntent[]> {
    return this.use('Listing effect intents', () => {
      checkLimit(query.limit);
      return this.#reads.authority
        .listIntents({
          ...(query.state === undefined ? {} : { state: query.state }),
          ...(query.pid === undefined ? {} : { pid: query.pid }),
          afterId: query.afterId ?? '',
          limit: query.limit,
        })
        .map(fromIntentRow);
    });
  }

  /** A namespace by name. */
  getNamespace(name: string): Promise<Namespace | undefined> {
    return this.use('Reading a namespace', () => {
      const row = this.#reads.objects.getNamespace(name);
      return row === undefined ? undefined : objectRows.fromNamespace(row);
    });
  }

  /** Namespaces in name order, after `afterName`. */
  listNamespaces(query: { afterName?: string; limit: number }): Promise<Namespace[]> {
    return this.use('Listing namespaces', () =>
      this.#reads.objects
        .listNamespaces(query.afterName ?? '', query.limit)
        .map(objectRows.fromNamespace),
    );
  }

  /** An object by id. */
  getObject(id: ObjectId): Promise<MemoryObject | undefined> {
    return this.use('Reading an object', () => {
      const row = this.#reads.objects.getObject(id);
      return row === undefined ? undefined : objectRows.fromObject(row);
    });
  }

  /** The live object with this name in `namespace`. */
  findObject(namespace: string, name: string): Promise<MemoryObject | undefined> {
    return this.use('Finding an object', () => {
      const row = this.#reads.objects.findObject(namespace, name);
      return row === undefined ? undefined : objectRows.fromObject(row);
    });
  }

  /** Objects of a namespace, keyset-paged by name. */
  listObjects(query: {
    namespace: string;
    afterName?: string;
    limit: number;
    includeDeleted?: boolean;
  }): Promise<MemoryObject[]> {
    return this.use('Listing objects', () => {
      checkLimit(query.limit);
      return this.#reads.objects
        .listObjects({
          namespace: query.namespace,
          afterName: query.afterName ?? '',
          limit: query.limit,
          includeDeleted: query.includeDeleted ?? false,
        })
        .map(objectRows.fromObject);
    });
  }

  /** One version of an object. */
  getVersion(id: ObjectId, version: number): Promise<ObjectVersion | undefined> {
    return this.use('Reading an object version', () => {
      const row = this.#reads.objects.getVersion(id, version);
      return row === undefined ? undefined : objectRows.fromVersion(row);
    });
  }

  /** Every version of an object, oldest first. */
  listVersions(id: ObjectId): Promise<ObjectVersion[]> {
    return this.use('Listing object versions', () =>
      this.#reads.objects.listVersions(id).map(objectRows.fromVersion),
    );
  }

  /** A payload by its sha256. */
  getBlob(sha256: string): Promise<Uint8Array | undefined> {
    return this.use('Reading a payload', () => this.#reads.objects.getBlob(sha256));
  }

  /** Transcript entries of `pid` after `afterSeq`. */
  listTranscript(
    pid: Pid,
    options: { afterSeq?: number; limit: number },
  ): Promise<TranscriptEntry[]> {
    return this.use('Reading a transcript', () => {
      checkLimit(options.limit);
      return this.#reads.agents
        .listTranscript(pid, options.afterSeq ?? 0, options.limit)
        .map(fromTranscriptRow);
    });
  }

  /** A registered image (newest version unless one is named). */
  getImage(id: string, version?: number): Promise<AgentImage | undefined> {
    return this.use('Reading an image', () => {
      const spec = this.#reads.agents.getImage(id, version);
      return spec === undefined ? undefined : (JSON.parse(spec) as AgentImage);
    });
  }

  /** Registered image versions in (id, version) order after `after`. */
  listImages(options: {
    after?: { readonly id: string; readonly version: number };
    limit: number;
  }): Promise<AgentImage[]> {
    return this.use('Listing images', () =>
      this.#reads.agents
        .listImages(options.after?.id ?? '', options.after?.version ?? 0, options.limit)
        .map((spec) => JSON.parse(spec) as AgentImage),
    );
  }

  /** A per-process setting. */
  getSetting(pid: Pid, key: string): Promise<Json | undefined> {
    return this.use('Reading a process setting', () => {
      const value = this.#reads.agents.getSetting(pid, key);
      return value === undefined ? undefined : (JSON.parse(value) as Json);
    });
  }

  /** The outcome recorded for the state-changing call `key`. */
  getCallOutcome(key: string): Promise<Json | undefined> {
    return this.use('Reading a call outcome', () => {
      const value = this.#reads.agents.getCallOutcome(key);
      return value === undefined ? undefined : (JSON.parse(value) as Json);
    });
  }

  /** Version `version` of a Skill, or its newest (removed or not). */
  getSkill(name: string, version?: number): Promise<Skill | undefined> {
    return this.use('Reading a skill', () => {
      const row = this.#reads.skills.get(name, version);
      return row === undefined ? undefined : fromSkillRow(row);
    });
  }

  /** The newest version of each live Skill, keyset-paged by name. */
  listSkills(query: { afterName?: string; limit: number }): Promise<Skill[]> {
    return this.use('Listing skills', () => {
      checkLimit(query.limit);
      return this.#reads.skills.list(query.afterName ?? '', query.limit).map(fromSkillRow);
    });
  }

  /** A task by id. */
  getTask(id: TaskId): Promise<Task | undefined> {
    return this.use('Reading a task', () => {
      const row = this.#reads.tasks.getTask(id);
      return row === undefined ? undefined : fromTaskRow(row);
    });
  }

  /** Tasks keyset-paged by id. */
  listTasks(query: { afterId?: TaskId; limit: number }): Promise<Task[]> {
    return this.use('Listing tasks', () => {
      checkLimit(query.limit);
      return this.#reads.tasks.listTasks(query.afterId ?? '', query.limit).map(fromTaskRow);
    });
  }

  /** Runs of a task in index order, after `afterIndex`. */
  listTaskRuns(taskId: TaskId, query: { afterIndex?: number; limit: number }): Promise<TaskRun[]> {
    return this.use('Listing the runs of a task', () => {
      checkLimit(query.limit);
      return this.#reads.tasks
        .listTaskRuns(taskId, query.afterIndex ?? -1, query.limit)
        .map(fromTaskRunRow);
    });
  }

  /** The task run `pid` is the root of. */
  findTaskRun(pid: Pid): Promise<TaskRun | undefined> {
    return this.use('Finding the task of a process', () => {
      const row = this.#reads.tasks.findTaskRun(pid);
      return row === undefined ? undefined : fromTaskRunRow(row);
    });
  }

  /** A registered MCP server. */
  getMcpServer(id: string): Promise<McpServer | undefined> {
    return this.use('Reading an MCP server', () => {
      const row = this.#reads.mcp.getServer(id);
      return row === undefined ? undefined : fromMcpServerRow(row);
    });
  }

  /** MCP servers keyset-paged by id. */
  listMcpServers(query: { afterId?: string; limit: number }): Promise<McpServer[]> {
    return this.use('Listing MCP servers', () => {
      checkLimit(query.limit);
      return this.#reads.mcp.listServers(query.afterId ?? '', query.limit).map(fromMcpServerRow);
    });
  }

  /** The tools recorded for an MCP server, by name. */
  listMcpTools(server: string): Promise<McpTool[]> {
    return this.use('Listing the tools of an MCP server', () =>
      this.#reads.mcp.listTools(server).map(fromMcpToolRow),
    );
  }

  /** One recorded MCP tool. */
  getMcpTool(server: string, name: string): Promise<McpTool | undefined> {
    return this.use('Reading an MCP tool', () => {
      const row = this.#reads.mcp.getTool(server, name);
      return row === undefined ? undefined : fromMcpToolRow(row);
    });
  }

  /** The taint of `pid`, if it has one. */
  getTaint(pid: Pid): Promise<Taint | undefined> {
    return this.use('Reading the taint of a process', () => {
      const row = this.#reads.flow.getTaint(pid);
      return row === undefined ? undefined : fromTaintRow(row);
    });
  }

  /** Every operator label rule, by pattern. */
  listLabelRules(): Promise<StoredLabelRule[]> {
    return this.use('Listing label rules', () =>
      this.#reads.flow.listRules().map(fromLabelRuleRow),
    );
  }

  /** The recorded head of every writer stream. */
  journalHeads(): Promise<JournalHead[]> {
    return this.use('Reading journal heads', () => this.#reads.journalHeads());
  }
}
