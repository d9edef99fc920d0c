// Prepared statements for capability records, human requests and effect intents.
import type Database from 'better-sqlite3';
import type { CapabilityRow } from './capability-row.js';
import type { IntentRow, RequestRow } from './request-row.js';
import { createVariantRunner, whereClause } from './statement-variants.js';
import { toHashColumn, type HashColumn } from './hash-column.js';

const CAP_COLUMNS =
  'id, subject, kind, match, path, rights_json, effect, uses_remaining, expires_at, parent_id, ' +
  'delegable, issued_by, approval, bound_call, depth, created_at, revoked_at';
const REQUEST_COLUMNS =
  'id, pid, channel, kind, body_json, state_kind, state_json, deadline, call_hash, purpose, consumed, created_at, version';
const INTENT_COLUMNS =
  'id, pid, syscall, resource, idempotency_key, state, code, created_at, settled_at';

/** Raw-row authority reads over one connection. */
export interface AuthorityReads {
  findCapabilities(
    subject: string,
    kind: string,
    exact: string,
    subtrees: readonly string[],
  ): CapabilityRow[];
  getCapability(id: string): CapabilityRow | undefined;
  listCapabilities(query: {
    subject?: string;
    afterId: string;
    limit: number;
    includeRevoked: boolean;
  }): CapabilityRow[];
  listCapabilityChildren(parentId: string): CapabilityRow[];
  getRequest(id: string): RequestRow | undefined;
  listRequests(query: {
    states?: readonly string[];
    pid?: string;
    afterId: string;
    limit: number;
  }): RequestRow[];
  findRequestByCall(pid: string, callHash: string, purpose: string): RequestRow | undefined;
  getIntent(id: string): IntentRow | undefined;
  findIntentByKey(key: string): IntentRow | undefined;
  listIntents(query: { state?: string; pid?: string; afterId: string; limit: number }): IntentRow[];
}

/** Prepares the authority reads of `db`. */
export function prepareAuthorityReads(db: Database.Database): AuthorityReads {
  // One probe per index key: exact path, each ancestor subtree, and "any" — never a subject scan.
  const findExact = db.prepare<[string, string, string], CapabilityRow>(
    `SELECT ${CAP_COLUMNS} FROM capabilities WHERE subject = ? AND kind = ? AND match = 'exact' AND path = ? AND revoked_at IS NULL`,
  );
  const findSubtree = db.prepare<[string, string, string], CapabilityRow>(
    `SELECT ${CAP_COLUMNS} FROM capabilities WHERE subject = ? AND kind = ? AND match = 'subtree' AND path = ? AND revoked_at IS NULL`,
  );
  const findAny = db.prepare<[string, string], CapabilityRow>(
    `SELECT ${CAP_COLUMNS} FROM capabilities WHERE subject = ? AND kind = ? AND match = 'any' AND path = '' AND revoked_at IS NULL`,
  );
  const getCapability = db.prepare<[string], CapabilityRow>(
    `SELECT ${CAP_COLUMNS} FROM capabilities WHERE id = ?`,
  );
  const children = db.prepare<[string], CapabilityRow>(
    `SELECT ${CAP_COLUMNS} FROM capabilities WHERE parent_id = ? ORDER BY id`,
  );
  const getRequest = db.prepare<[string], RequestRow>(
    `SELECT ${REQUEST_COLUMNS} FROM human_requests WHERE id = ?`,
  );
  const byCall = db.prepare<[string, string, string], RequestRow>(
    `SELECT ${REQUEST_COLUMNS} FROM human_requests WHERE pid = ? AND call_hash = ? AND purpose = ? ` +
      'ORDER BY created_at DESC, id DESC LIMIT 1',
  );
  const getIntent = db.prepare<[string], IntentRow>(
    `SELECT ${INTENT_COLUMNS} FROM effect_intents WHERE id = ?`,
  );
  const intentByKey = db.prepare<[HashColumn], IntentRow>(
    `SELECT ${INTENT_COLUMNS} FROM effect_intents WHERE idempotency_key = ?`,
  );
  const all = createVariantRunner(db);
  return {
    findCapabilities(subject, kind, exact, subtrees) {
      const rows = [...findExact.all(subject, kind, exact), ...findAny.all(subject, kind)];
      for (const path of subtrees) rows.push(...findSubtree.all(subject, kind, path));
      return rows;
    },
    getCapability: (id) => getCapability.get(id),
    listCapabilities(query) {
      const where = ['id > ?'];
      const params: unknown[] = [query.afterId];
      if (query.subject !== undefined) {
        where.push('subject = ?');
        params.push(query.subject);
      }
      if (!query.includeRevoked) where.push('revoked_at IS NULL');
      params.push(query.limit);
      return all<CapabilityRow>(
        `SELECT ${CAP_COLUMNS} FROM capabilities ${whereClause(where)} ORDER BY id LIMIT ?`,
        params,
      );
    },
    listCapabilityChildren: (parentId) => children.all(parentId),
    getRequest: (id) => getRequest.get(id),
    listRequests(query) {
      const where = ['id > ?'];
      const params: unknown[] = [query.afterId];
      if (query.states !== undefined) {
        if (query.states.length === 0) return [];
        where.push(`state_kind IN (${query.states.map(() => '?').join(', ')})`);
        params.push(...query.states);
      }
      if (query.pid !== undefined) {
        where.push('pid = ?');
        params.push(query.pid);
      }
      params.push(query.limit);
      return all<RequestRow>(
        `SELECT ${REQUEST_COLUMNS} FROM human_requests ${whereClause(where)} ORDER BY id LIMIT ?`,
        params,
      );
    },
    findRequestByCall: (pid, callHash, purpose) => byCall.get(pid, callHash, purpose),
    getIntent: (id) => getIntent.get(id),
    findIntentByKey: (key) => intentByKey.get(toHashColumn(key)),
    listIntents(query) {
      const where = ['id > ?'];
      const params: unknown[] = [query.afterId];
      // Pending intents (what recovery looks for) have a partial index, which SQLite uses only
      // when the statement names the state literally.
      if (query.state === 'pending') where.push("state = 'pending'");
      else if (query.state !== undefined) {
        where.push('state = ?');
        params.push(query.state);
      }
      if (query.pid !== undefined) {
        where.push('pid = ?');
        params.push(query.pid);
      }
      params.push(query.limit);
      return all<IntentRow>(
        `SELECT ${INTENT_COLUMNS} FROM effect_intents ${whereClause(where)} ORDER BY id LIMIT ?`,
        params,
      );
    },
  };
}

/** Prepared authority writes. */
export interface AuthorityWrites {
  readonly insertCapability: Database.Statement<[CapabilityRow]>;
  readonly updateCapability: Database.Statement<[CapabilityRow]>;
  readonly insertRequest: Database.Statement<[RequestRow]>;
  readonly updateRequest: Database.Statement<[RequestRow & { expected_version: number }]>;
  readonly insertIntent: Database.Statement<[IntentRow]>;
  readonly updateIntent: Database.Statement<[IntentRow]>;
}

/** Prepares the authority writes of the writing connection. */
export function prepareAuthorityWrites(db: Database.Database): AuthorityWrites {
  return {
    insertCapability: db.prepare(
      `INSERT INTO capabilities (${CAP_COLUMNS}) VALUES (@id, @subject, @kind, @match, @path, @rights_json, @effect, ` +
        '@uses_remaining, @expires_at, @parent_id, @delegable, @issued_by, @approval, @bound_call, @depth, @created_at, @revoked_at)',
    ),
    updateCapability: db.prepare(
      'UPDATE capabilities SET uses_remaining = @uses_remaining, revoked_at = @revoked_at WHERE id = @id',
    ),
    insertRequest: db.prepare(
      `INSERT INTO human_requests (${REQUEST_COLUMNS}) VALUES (@id, @pid, @channel, @kind, @body_json, @state_kind, ` +
        '@state_json, @deadline, @call_hash, @purpose, @consumed, @created_at, @version)',
    ),
    updateRequest: db.prepare(
      'UPDATE human_requests SET state_kind = @state_kind, state_json = @state_json, consumed = @consumed, ' +
        'deadline = @deadline, version = @version WHERE id = @id AND version = @expected_version',
    ),
    insertIntent: db.prepare(
      `INSERT INTO effect_intents (${INTENT_COLUMNS}) VALUES (@id, @pid, @syscall, @resource, @idempotency_key, ` +
        '@state, @code, @created_at, @settled_at)',
    ),
    updateIntent: db.prepare(
      'UPDATE effect_intents SET state = @state, code = @code, settled_at = @settled_at WHERE id = @id',
    ),
  };
}
