// Agent images and the durable transcript of an agent process.
import type { Json } from '../../base/canonical-json.js';
import type { Budget } from '../budget/types.js';
import type { Sensitivity } from '../object/types.js';
import type { JitToolEntry } from './jit-tool.js';

/** A declared capability requirement of an image: documentation and checks, never a grant. */
export interface Requirement {
  readonly resource: string;
  readonly rights: readonly string[];
  readonly why: string;
}

/**
 * An Object Memory object an image carries by reference (`image commit`): linked into the private
 * namespace of each process spawned from the image, sharing the payload by hash.
 */
export interface ImageObject {
  readonly name: string;
  readonly type: string;
  /** The immutable version it was committed from (`obj_…@N`); its labels come along. */
  readonly source: string;
  /** sha256 of that version's payload, checked when it is seeded. */
  readonly sha256: string;
}

/** An agent image: what a process is when it runs this image. */
export interface AgentImage {
  readonly id: string;
  readonly version: number;
  readonly description: string;
  readonly systemPrompt: string;
  /** The exact tool table: names of model-facing tools; nothing implicit. */
  readonly tools: readonly string[];
  readonly requirements: readonly Requirement[];
  readonly defaultBudget: Budget;
  /** `provider:model`, used when a run names none. */
  readonly defaultModel: string | null;
  /**
   * The most sensitive label its model may see in a materialized context; it can only lower the
   * runtime's clearance (absent: the runtime's, default `internal`).
   */
  readonly modelClearance?: Sensitivity;
  /**
   * Names of the Skills this image bundles or uses. A process spawned, forked or exec'd into this
   * image is granted `skill:<name> read,activate` (issued by the runtime, not delegable) in the
   * same transaction: ordinary capability records, revocable and outranked by a deny.
   */
  readonly skills?: readonly string[];
  /**
   * Objects each process spawned from this image starts with in its private namespace. Only
   * `image commit` writes them (never `image.register`: a hash must not be a way to read a blob).
   */
  readonly objects?: readonly ImageObject[];
  /** JIT tools each process spawned from this image starts with (sources pinned by version). */
  readonly jitTools?: readonly JitToolEntry[];
}

/** One item of a process's durable transcript. */
export type TranscriptItem =
  | {
      readonly kind: 'model';
      /** The model's answer, persisted before any of its tool calls runs. */
      readonly text: string | null;
      readonly toolCalls: readonly {
        readonly id: string;
        readonly name: string;
        readonly arguments: { readonly [key: string]: Json };
      }[];
      readonly model: string;
      readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
    }
  | {
      readonly kind: 'result';
      readonly toolCallId: string;
      readonly name: string;
      /** JSON text of the tool result shown to the model. */
      readonly content: string;
      readonly isError: boolean;
    }
  | { readonly kind: 'input'; readonly text: string; readonly from: string }
  | {
      readonly kind: 'summary';
      readonly text: string;
      readonly objectId: string | null;
      /** The last transcript seq it replaced. */
      readonly replaces: number;
      /** How many model turns it replaced (nested summaries included), so turn counts survive. */
      readonly modelTurns: number;
    };

/** A stored transcript row. */
export interface TranscriptEntry {
  readonly seq: number;
  readonly item: TranscriptItem;
  readonly createdAt: number;
}
