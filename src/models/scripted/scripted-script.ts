// The scripted model's file format (what users write) and its validated form (what it replays).
import type { Json } from '../../base/canonical-json.js';
import type { ToolArguments } from '../shared/parse-tool-arguments.js';

/**
 * A scripted model file as written (YAML or JSON): each agent entry has a `goal` and/or `name`
 * and a list of calls, each an object with exactly one key — the tool name — whose value is the
 * arguments object (or null for none).
 */
export interface ScriptedModelFile {
  readonly agents: readonly {
    readonly goal?: string;
    readonly name?: string;
    readonly calls: readonly { readonly [tool: string]: { readonly [key: string]: Json } | null }[];
  }[];
}

/** One scripted model turn: a single tool call. */
export interface ScriptedCall {
  readonly tool: string;
  readonly arguments: ToolArguments;
}

/** One validated agent entry. */
export interface ScriptedAgent {
  readonly goal: string | null;
  readonly name: string | null;
  readonly calls: readonly ScriptedCall[];
}

/** A validated script. */
export interface ScriptedScript {
  readonly agents: readonly ScriptedAgent[];
}
