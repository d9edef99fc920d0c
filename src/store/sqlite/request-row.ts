// Maps human requests and effect intents to and from their rows.
import type { Pid } from '../../base/ids.js';
import {
  requestPurpose,
  type HumanRequest,
  type RequestBody,
  type RequestId,
  type RequestState,
} from '../../kernel/approval/types.js';
import type { EffectId, EffectIntent, IntentState } from '../../kernel/effect/types.js';
import { fromHashColumn, toHashColumn, type HashColumn } from './hash-column.js';

/** A row of the `human_requests` table. */
export interface RequestRow {
  readonly id: string;
  readonly pid: string;
  readonly channel: string;
  readonly kind: string;
  readonly body_json: string;
  readonly state_kind: string;
  readonly state_json: string;
  readonly deadline: number | null;
  readonly call_hash: string;
  /** `gate` or `answer`, derived from the body (see kernel `requestPurpose`). */
  readonly purpose: string;
  readonly consumed: number;
  readonly created_at: number;
  readonly version: number;
}

/** The row for `request`. */
export function toRequestRow(request: HumanRequest): RequestRow {
  return {
    id: request.id,
    pid: request.pid,
    channel: request.channel,
    kind: request.body.kind,
    body_json: JSON.stringify(request.body),
    state_kind: request.state.kind,
    state_json: JSON.stringify(request.state),
    deadline: request.deadline,
    call_hash: request.callHash,
    purpose: requestPurpose(request.body),
    consumed: request.consumed ? 1 : 0,
    created_at: request.createdAt,
    version: request.version,
  };
}

/** The request stored in `row`. */
export function fromRequestRow(row: RequestRow): HumanRequest {
  return {
    id: row.id as RequestId,
    pid: row.pid as Pid,
    channel: row.channel,
    body: JSON.parse(row.body_json) as RequestBody,
    state: JSON.parse(row.state_json) as RequestState,
    deadline: row.deadline,
    callHash: row.call_hash,
    consumed: row.consumed === 1,
    createdAt: row.created_at,
    version: row.version,
  };
}

/** A row of the `effect_intents` table. */
export interface IntentRow {
  readonly id: string;
  readonly pid: string;
  readonly syscall: string;
  readonly resource: string;
  /** 32 bytes since migration 006 (see `hash-column.ts`). */
  readonly idempotency_key: HashColumn;
  readonly state: string;
  readonly code: string | null;
  readonly created_at: number;
  readonly settled_at: number | null;
}

/** The row for `intent`. */
export function toIntentRow(intent: EffectIntent): IntentRow {
  return {
    id: intent.id,
    pid: intent.pid,
    syscall: intent.syscall,
    resource: intent.resource,
    idempotency_key: toHashColumn(intent.idempotencyKey),
    state: intent.state,
    code: intent.code,
    created_at: intent.createdAt,
    settled_at: intent.settledAt,
  };
}

/** The intent stored in `row`. */
export function fromIntentRow(row: IntentRow): EffectIntent {
  return {
    id: row.id as EffectId,
    pid: row.pid as Pid,
    syscall: row.syscall,
    resource: row.resource,
    idempotencyKey: fromHashColumn(row.idempotency_key),
    state: row.state as IntentState,
    code: row.code,
    createdAt: row.created_at,
    settledAt: row.settled_at,
  };
}
