// Information flow: what a call handed its caller (joined into the caller's taint) and the exit
// a call sends the caller's data through (checked against that exit's clearance).
import type { Origin, Sensitivity } from '../object/types.js';

/** The labels of one object version a call handed its caller. */
export interface ReceivedLabels {
  /** `obj_…@N`. */
  readonly ref: string;
  readonly sensitivity: Sensitivity;
  readonly origins: readonly Origin[];
}

/**
 * What a completed call handed its caller. The runtime joins it into the caller's taint in the
 * transaction that records the call's outcome.
 */
export interface Received {
  /**
   * Resources whose content the caller now holds, canonical `kind:path` (`fs:.env`,
   * `net:https://example.org/a`, `mcp:server/tool`); the operator's label rules give each its
   * sensitivity.
   */
  readonly resources?: readonly string[];
  /** Object versions read: their sensitivity and origins join in as they are. */
  readonly labels?: readonly ReceivedLabels[];
  /** Where the content came from; `external` marks it untrusted (fetch and MCP results). */
  readonly origins?: readonly Origin[];
}

/** Kinds of exit: every way a process's data can leave it. */
export const EXIT_KINDS = ['net', 'mcp', 'human', 'fs', 'process', 'model'] as const;

/** One kind of exit. */
export type ExitKind = (typeof EXIT_KINDS)[number];

/**
 * An exit a call sends the caller's data through. `target` names which one: the origin
 * `scheme://host[:port]` for `net`, the server id for `mcp`, the channel for `human`, the
 * workspace-relative path for `fs`, the receiving pid for `process`, `provider/model` for `model`.
 */
export interface Exit {
  readonly kind: ExitKind;
  readonly target: string;
  /**
   * Content the call moves through the exit besides what the caller holds (a moved file, an
   * object written out to a file): checked with the caller's taint, though the caller never read it.
   */
  readonly carries?: Received;
}
