// Durable human requests: questions, permission requests and notifications.
import type { Id, Pid } from '../../base/ids.js';
import type { Right } from '../capability/catalog.js';

/** A human request id (`apr_…`). */
export type RequestId = Id<'approval'>;

/** The four answers to a permission request. */
export const PERMISSION_DECISIONS = [
  'allow_once',
  'allow_always',
  'deny_once',
  'deny_always',
] as const;

/** An answer to a permission request. */
export type PermissionDecision = (typeof PERMISSION_DECISIONS)[number];

/**
 * The exact effect a gated call would have, kept with its permission request so a human judges
 * the change itself (a console shows a write as a diff against the file as it is then). Paths are
 * workspace-relative. A write's text is cut at {@link MAX_PREVIEW_CHARS} (`truncated`); its size
 * and hash are of the whole content.
 */
export type EffectPreview =
  | {
      readonly kind: 'write';
      readonly path: string;
      readonly mode: 'create' | 'overwrite' | 'append';
      /** The content as text, or null when it is binary (base64 input that is not UTF-8). */
      readonly text: string | null;
      readonly truncated: boolean;
      readonly bytes: number;
      readonly sha256: string;
    }
  | { readonly kind: 'delete'; readonly path: string }
  | { readonly kind: 'move'; readonly from: string; readonly to: string }
  | { readonly kind: 'command'; readonly argv: readonly string[]; readonly cwd: string }
  | {
      /** A network request (`net.fetch`): the method, the full URL and the body it sends. */
      readonly kind: 'request';
      readonly method: string;
      readonly url: string;
      /** The body as text (its start when `truncated`), or null when there is none. */
      readonly text: string | null;
      readonly truncated: boolean;
      readonly bytes: number;
      readonly sha256: string;
    };

/**
 * Why a call was held by the information-flow check: the exit, its clearance, and what the
 * caller's data carries (its level, origins and the sources above the clearance).
 */
export interface FlowPreview {
  /** `kind:target` of the exit, e.g. `fs:public/out.txt`, `human:owner`. */
  readonly exit: string;
  readonly clearance: string;
  readonly sensitivity: string;
  readonly origins: readonly string[];
  /** Sources above the clearance, `source (level)`, most sensitive first. */
  readonly sources: readonly string[];
  /** The label rule that gave the clearance; null for the exit kind's default. */
  readonly rule: string | null;
}

/** The most characters of a write's text a preview keeps. */
export const MAX_PREVIEW_CHARS = 128 * 1024;

/** What is being asked. */
export type RequestBody =
  | { readonly kind: 'question'; readonly question: string }
  | {
      readonly kind: 'permission';
      /** Canonical resource text, e.g. `fs:notes/plan.md`. */
      readonly resource: string;
      readonly rights: readonly Right[];
      readonly reason: string;
      /** The syscall that asked, when the request came from the pipeline. */
      readonly syscall: string;
      /** The exact call an `allow_once` answer binds to. */
      readonly callHash: string;
      /** True for `capability.request`: an answer becomes a grant rather than a one-call decision. */
      readonly grant: boolean;
      /** The effect of the gated call, when its syscall describes one (absent on older rows). */
      readonly preview?: EffectPreview;
      /** Present when the call is held because its data is above an exit's clearance. */
      readonly flow?: FlowPreview;
    }
  | { readonly kind: 'notification'; readonly message: string };

/**
 * What a request is for: `gate` when the pipeline asks whether a call may proceed (an `ask`
 * record; `permission` with `grant: false`), `answer` when a syscall asks a human for its own
 * result (a question, a grant request). A call looks up only requests of one purpose, so an
 * answer never crosses over to the other.
 */
export type RequestPurpose = 'gate' | 'answer';

/** The purpose of a request with `body` (see {@link RequestPurpose}). */
export function requestPurpose(body: RequestBody): RequestPurpose {
  return body.kind === 'permission' && !body.grant ? 'gate' : 'answer';
}

/** Lifecycle of a request. */
export type RequestState =
  | { readonly kind: 'pending' }
  | {
      readonly kind: 'answered';
      readonly decision: PermissionDecision | null;
      readonly answer: string | null;
      readonly by: string;
      readonly at: number;
      /** The capability record a permission decision became, if any (set by the runtime). */
      readonly capabilityId?: string | null;
    }
  | { readonly kind: 'expired'; readonly at: number }
  | { readonly kind: 'cancelled'; readonly at: number; readonly reason: string };

/** A human request as stored. */
export interface HumanRequest {
  readonly id: RequestId;
  readonly pid: Pid;
  readonly channel: string;
  readonly body: RequestBody;
  readonly state: RequestState;
  /** When an unanswered request expires (its outcome is deny); null for never. */
  readonly deadline: number | null;
  /** Hash of the call that raised it; a re-issued identical call finds its answer by this. */
  readonly callHash: string;
  /** Whether the process has taken the answer (so it is used once). */
  readonly consumed: boolean;
  readonly createdAt: number;
  readonly version: number;
}
