// The StoreTx of the SQLite store: the writes one transaction makes, over the writing connection.
import type { Clock } from '../../base/clock.js';
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import { sealEntry, type JournalDraft, type JournalEntry } from '../../kernel/journal/entry.js';
import type { Message } from '../../kernel/mailbox/types.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import type { StoreTx } from '../../ports/store.js';
import type { CallOutcome } from '../../ports/agent-store.js';
import { toJournalInsert } from './journal-row.js';
import { JournalNames } from './journal-names.js';
import { toMessageRow } from './message-row.js';
import type { SqliteReads } from './prepare-reads.js';
import type { SqliteWrites } from './prepare-writes.js';
import { toProcessRow } from './process-row.js';
import { isUniqueViolation } from './to-store-error.js';
import type { HumanRequest } from '../../kernel/approval/types.js';
import type { Capability } from '../../kernel/capability/types.js';
import type { EffectIntent } from '../../kernel/effect/types.js';
import { toCapabilityRow } from './capability-row.js';
import type { CapabilityVersion } from './capability-version.js';
import type { MemoryObject, Namespace, ObjectVersion } from '../../kernel/object/types.js';
import { objectRows } from './object-row.js';
import type { Json } from '../../base/canonical-json.js';
import type { TranscriptItem, AgentImage } from '../../kernel/agent/types.js';
import { toIntentRow, toRequestRow } from './request-row.js';
import { toTranscriptWrite } from './transcript-row.js';
import type { Skill } from '../../kernel/skill/types.js';
import { toSkillRow } from './prepare-skills.js';
import type { Task, TaskRun } from '../../kernel/task/types.js';
import { writeTask, writeTaskRun } from './task-writes.js';
import type { TaskReads } from './prepare-tasks.js';
import { SqliteFileChangeTx } from './sqlite-file-change-tx.js';

/** The end of this writer's chain: the global last seq and this stream's head hash. */
export interface JournalTail {
  readonly seq: number;
  readonly hash: string;
  /** The row at `seq` is this stream's head, so the next entry's prevHash is derived from it. */
  readonly isRow: boolean;
}

/**
 * One transaction's handle. It tracks the journal tail its appends produced, which the store
 * publishes only after COMMIT succeeds, so a rolled-back transaction leaves the tail untouched.
 */
export class SqliteTx extends SqliteFileChangeTx implements StoreTx {
  readonly #writes: SqliteWrites;
  readonly #taskReads: TaskReads;
  readonly #stream: string;
  readonly #clock: Clock;
  readonly #version: CapabilityVersion;
  #tail: JournalTail;
  /** The journal names this command looked up or added (the store keeps them once committed). */
  readonly names: JournalNames;

  constructor(
    reads: SqliteReads,
    writes: SqliteWrites,
    options: {
      stream: string;
      clock: Clock;
      tail: JournalTail;
      version: CapabilityVersion;
      /** Journal name ids of committed batches. */
      names: ReadonlyMap<string, number>;
    },
  ) {
    const { version } = options;
    super(reads, writes, { capabilityVersion: () => version.inBatch });
    this.#version = version;
    this.#writes = writes;
    this.#taskReads = reads.tasks;
    this.#stream = options.stream;
    this.#clock = options.clock;
    this.#tail = options.tail;
    this.names = new JournalNames(writes, options.names);
  }

  /** The journal tail after this transaction's appends. */
  get tail(): JournalTail {
    return this.#tail;
  }

  /**
   * Inserts a new process row.
   * @throws ALREADY_EXISTS when a process with that pid already exists.
   */
  insertProcess(process: AgentProcess): Promise<void> {
    return this.use(`Inserting process ${process.pid}`, () => {
      try {
        this.#writes.insertProcess.run(toProcessRow(process));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new LibosError(
          'ALREADY_EXISTS',
          `Inserting process ${process.pid} failed: a process with this pid already exists`,
          { details: { pid: process.pid } },
        );
      }
    });
  }

  /**
   * Replaces a process row if its stored version is `process.version - 1`.
   * @throws VERSION_CONFLICT when the stored version differs.
   * @throws NOT_FOUND when there is no such process.
   */
  updateProcess(process: AgentProcess): Promise<void> {
    return this.use(`Updating process ${process.pid}`, () => {
      const expected = process.version - 1;
      const stored = this.#writes.processKeys.get(process.pid);
      if (stored === undefined) {
        throw new LibosError(
          'NOT_FOUND',
          `Updating process ${process.pid} failed: there is no such process`,
          { details: { pid: process.pid } },
        );
      }
      const row = { ...toProcessRow(process), expected_version: expected };
      // SQLite rewrites the entries of every index whose columns an UPDATE sets, changed or not;
      // most updates (usage, fence, conversation) leave the indexed columns as they were.
      const isIndexUnchanged =
        stored.state_kind === row.state_kind &&
        stored.parent_pid === row.parent_pid &&
        stored.wake_at === row.wake_at;
      const update = isIndexUnchanged
        ? this.#writes.updateProcessUnindexed
        : this.#writes.updateProcess;
      // The version condition stays in the UPDATE itself, so the check and the write are one step.
      if (stored.version === expected && update.run(row).changes === 1) return;
      throw new LibosError(
        'VERSION_CONFLICT',
        `Updating process ${process.pid} failed: it changed since version ${expected} was read`,
        { details: { pid: process.pid, expectedVersion: expected } },
      );
    });
  }

  /**
   * Checks that `pid` is running under exactly `fence`.
   * @throws STALE_LEASE otherwise (including when there is no such process).
   */
  assertLease(pid: Pid, fence: number): Promise<void> {
    return this.use(`Checking the lease of process ${pid}`, () => {
      const row = this.#writes.leaseOf.get(pid);
      if (row?.state_kind === 'running' && row.fence === fence) return;
      throw new LibosError(
        'STALE_LEASE',
        `Writing for process ${pid} failed: its lease with fence ${fence} is no longer held`,
        { details: { pid, fence } },
      );
    });
  }

  /**
   * Inserts a message.
   * @throws ALREADY_EXISTS when a message with that id already exists.
   */
  insertMessage(message: Message): Promise<void> {
    return this.use(`Posting message ${message.id}`, () => {
      try {
        this.#writes.insertMessage.run(toMessageRow(message));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new LibosError(
          'ALREADY_EXISTS',
          `Posting message ${message.id} failed: a message with this id already exists`,
          { details: { id: message.id } },
        );
      }
    });
  }

  /** Marks undelivered messages delivered at `at`; already delivered ones keep their time. */
  markDelivered(ids: readonly Message['id'][], at: number, key?: string): Promise<void> {
    return this.use('Marking messages delivered', () => {
      for (const id of ids) this.#writes.markDelivered.run(at, key ?? null, id);
    });
  }

  /** Inserts a capability record. */
  insertCapability(cap: Capability): Promise<void> {
    return this.use(`Inserting capability ${cap.id}`, () => {
      // Marked before the write: a row half written and then rolled back must move it too.
      this.#version.markWritten();
      try {
        this.#writes.authority.insertCapability.run(toCapabilityRow(cap));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new LibosError(
          'ALREADY_EXISTS',
          `Inserting capability ${cap.id} failed: it already exists`,
        );
      }
    });
  }

  /** Updates a record's remaining uses and revocation. */
  updateCapability(cap: Capability): Promise<void> {
    return this.use(`Updating capability ${cap.id}`, () => {
      this.#version.markWritten();
      if (this.#writes.authority.updateCapability.run(toCapabilityRow(cap)).changes !== 1) {
        throw new LibosError(
          'NOT_FOUND',
          `Updating capability ${cap.id} failed: there is no such capability`,
        );
      }
    });
  }

  /** Inserts a human request. */
  insertRequest(request: HumanRequest): Promise<void> {
    return this.use(`Inserting request ${request.id}`, () => {
      try {
        this.#writes.authority.insertRequest.run(toRequestRow(request));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new LibosError(
          'ALREADY_EXISTS',
          `Inserting request ${request.id} failed: it already exists`,
        );
      }
    });
  }

  /**
   * Replaces a request if its stored version is `request.version - 1`.
   * @throws VERSION_CONFLICT otherwise
   */
  updateRequest(request: HumanRequest): Promise<void> {
    return this.use(`Updating request ${request.id}`, () => {
      const row = { ...toRequestRow(request), expected_version: request.version - 1 };
      if (this.#writes.authority.updateRequest.run(row).changes !== 1) {
        throw new LibosError(
          'VERSION_CONFLICT',
          `Updating request ${request.id} failed: it changed since it was read`,
        );
      }
    });
  }

  /**
   * Inserts an effect intent.
   * @throws ALREADY_EXISTS when its idempotency key is taken
   */
  insertIntent(intent: EffectIntent): Promise<void> {
    return this.use(`Recording effect intent ${intent.id}`, () => {
      try {
        this.#writes.authority.insertIntent.run(toIntentRow(intent));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new LibosError(
          'ALREADY_EXISTS',
          'Recording an effect intent failed: this call already has one',
          {
            details: { syscall: intent.syscall },
          },
        );
      }
    });
  }

  /** Settles an effect intent. */
  updateIntent(intent: EffectIntent): Promise<void> {
    return this.use(`Settling effect intent ${intent.id}`, () => {
      if (this.#writes.authority.updateIntent.run(toIntentRow(intent)).changes !== 1) {
        throw new LibosError(
          'NOT_FOUND',
          `Settling effect intent ${intent.id} failed: there is no such intent`,
        );
      }
    });
  }

  /** Creates a namespace. */
  insertNamespace(ns: Namespace): Promise<void> {
    return this.use(`Creating namespace ${ns.name}`, () => {
      try {
        this.#writes.objects.insertNamespace.run(objectRows.toNamespace(ns));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new LibosError(
          'ALREADY_EXISTS',
          `Creating namespace ${ns.name} failed: it already exists`,
        );
      }
    });
  }

  /** Inserts an object; its name must be free among the live objects of its namespace. */
  insertObject(object: MemoryObject): Promise<void> {
    return this.use(`Creating object ${object.name}`, () => {
      try {
        this.#writes.objects.insertObject.run(objectRows.toObject(object));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new LibosError(
          'ALREADY_EXISTS',
          `Creating object ${JSON.stringify(object.name)} failed: the name is taken in its namespace`,
        );
      }
    });
  }

  /**
   * Moves an object to a new latest version or tombstones it, if its latest version is still
   * `expectedVersion` (compare-and-set).
   * @throws VERSION_CONFLICT otherwise
   */
  updateObject(object: MemoryObject, options: { expectedVersion: number }): Promise<void> {
    return this.use(`Updating object ${object.id}`, () => {
      const row = { ...objectRows.toObject(object), expected_version: options.expectedVersion };
      if (this.#writes.objects.updateObject.run(row).changes !== 1) {
        throw new LibosError(
          'VERSION_CONFLICT',
          `Updating object ${object.id} failed: it is no longer at version ${options.expectedVersion}`,
          {
            details: { expectedVersion: options.expectedVersion },
          },
        );
      }
    });
  }

  /** Inserts an immutable version. */
  insertVersion(version: ObjectVersion): Promise<void> {
    return this.use(`Recording version ${version.version} of ${version.objectId}`, () => {
      this.#writes.objects.insertVersion.run(objectRows.toVersion(version));
    });
  }

  /** Stores a payload unless one with the same sha256 exists. */
  putBlob(sha256: string, bytes: Uint8Array): Promise<boolean> {
    return this.use(
      'Storing a payload',
      () => this.#writes.objects.putBlob.run(sha256, bytes.byteLength, bytes).changes === 1,
    );
  }

  /** Appends a transcript item at the next seq of `pid`. */
  appendTranscript(pid: Pid, item: TranscriptItem, options: { at: number }): Promise<number> {
    return this.use('Appending to a transcript', () => {
      const seq = this.#writes.agents.nextSeq.get(pid) ?? 1;
      const row = toTranscriptWrite(item);
      if (row.blob !== null)
        this.#writes.objects.putBlob.run(
          row.blob.sha256,
          row.blob.bytes.byteLength,
          row.blob.bytes,
        );
      this.#writes.agents.append.run({
        pid,
        seq,
        kind: row.kind,
        item_json: row.itemJson,
        created_at: options.at,
        content_sha256: row.contentSha256,
      });
      return seq;
    });
  }

  /** Drops transcript entries up to `upToSeq` (after summarising them). */
  trimTranscript(pid: Pid, options: { upToSeq: number }): Promise<void> {
    return this.use('Trimming a transcript', () => {
      this.#writes.agents.trim.run(pid, options.upToSeq);
    });
  }

  /** Registers an image version. */
  insertImage(image: AgentImage, options: { by: string; at: number }): Promise<void> {
    return this.use(`Registering image ${image.id}@${image.version}`, () => {
      try {
        this.#writes.agents.insertImage.run(
          image.id,
          image.version,
          JSON.stringify(image),
          options.by,
          options.at,
        );
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new LibosError(
          'ALREADY_EXISTS',
          `Registering image ${image.id}@${image.version} failed: that version exists`,
        );
      }
    });
  }

  /** Registers a Skill version. */
  insertSkill(skill: Skill): Promise<void> {
    return this.use(`Registering skill ${skill.name}@${skill.version}`, () => {
      try {
        this.#writes.skills.insert.run(toSkillRow(skill));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new LibosError(
          'ALREADY_EXISTS',
          `Registering skill ${skill.name}@${skill.version} failed: that version exists`,
        );
      }
    });
  }

  /** Marks every version of a Skill removed. */
  removeSkill(name: string, options: { at: number }): Promise<number> {
    return this.use(
      `Removing skill ${name}`,
      () => this.#writes.skills.remove.run(options.at, name).changes,
    );
  }

  /** Stores a per-process setting. */
  putSetting(pid: Pid, key: string, value: Json): Promise<void> {
    return this.use('Storing a process setting', () => {
      this.#writes.agents.putSetting.run(pid, key, JSON.stringify(value));
    });
  }

  /** Records the outcome of a state-changing call, in the transaction that made the change. */
  putCallOutcome(outcome: CallOutcome): Promise<void> {
    return this.use('Recording a call outcome', () => {
      try {
        this.#writes.agents.putCallOutcome.run(
          outcome.key,
          outcome.pid,
          JSON.stringify(outcome.value),
          outcome.at,
        );
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new LibosError(
          'ALREADY_EXISTS',
          'Recording a call outcome failed: it already exists',
        );
      }
    });
  }

  /** Forgets the call outcomes of an ended process. */
  deleteCallOutcomes(pid: Pid): Promise<void> {
    return this.use('Forgetting call outcomes', () => {
      this.#writes.agents.deleteCallOutcomes.run(pid);
    });
  }

  /** Inserts a task with no runs yet (see `writeTask`). */
  insertTask(task: Task): Promise<void> {
    return this.use(`Inserting task ${task.id}`, () => {
      writeTask(this.#writes.tasks, task);
    });
  }

  /** Appends a run at the task's next index (see `writeTaskRun`). */
  insertTaskRun(run: TaskRun): Promise<void> {
    const attempted = `Adding run ${run.index} to task ${run.taskId}`;
    return this.use(attempted, () => {
      writeTaskRun({ writes: this.#writes.tasks, reads: this.#taskReads }, run, attempted);
    });
  }

  /** Seals `drafts` after this stream's head, inserts them and moves the head, all in this transaction. */
  appendJournal(drafts: readonly JournalDraft[]): Promise<JournalEntry[]> {
    return this.use('Appending to the journal', () => {
      if (drafts.length === 0) return [];
      const at = this.#clock.now();
      const stream = this.#stream;
      const { isRow } = this.#tail;
      let { seq, hash } = this.#tail;
      // Seal everything first (pure, may throw on bad data) so a failure writes nothing. Only the
      // draft's own fields are kept, so the returned entries equal what later reads return.
      const entries = drafts.map(({ type, pid, actor, data }) => {
        seq += 1;
        const entry = sealEntry({ type, pid, actor, data }, { seq, at, stream, prevHash: hash });
        hash = entry.hash;
        return entry;
      });
      entries.forEach((entry, i) => {
        const typeId = this.names.idOf(entry.type);
        const pidId = entry.pid === null ? null : this.names.idOf(entry.pid);
        const row = toJournalInsert(entry, { isPrevRow: i > 0 || isRow, typeId, pidId });
        this.#writes.insertJournal.run(row);
      });
      // The head row is written once per batch, before its COMMIT (see GroupCommitter).
      this.#tail = { seq, hash, isRow: true };
      return entries;
    });
  }
}
