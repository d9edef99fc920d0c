// JIT tools as data: the proposal a process writes, the entries of its tool table, and their checks.
import type { Json } from '../../base/canonical-json.js';
import { checkJsonSchema } from '../object/check-json-schema.js';

/** Largest JIT tool source, in UTF-8 bytes. */
export const MAX_JIT_SOURCE_BYTES = 64 * 1024;

/** Most JIT tools one process's table may hold. */
export const MAX_JIT_TOOLS = 32;

/** The setting under which a process's JIT tool table is stored. */
export const JIT_TABLE_SETTING = 'jitTools';

/** What `propose_tool` stores (as a `json` object in the process's private namespace). */
export interface JitProposal {
  readonly name: string;
  readonly description: string;
  /** A JSON Schema of the subset Object Memory validates (`checkJsonSchema`), for an object. */
  readonly argsSchema: Json;
  /** TypeScript exporting `run(args, libos)`. */
  readonly source: string;
}

/** One registered JIT tool: its interface, and its source pinned as an object version. */
export interface JitToolEntry {
  readonly name: string;
  readonly description: string;
  readonly argsSchema: Json;
  readonly source: {
    /** The proposal object the source was registered from, and its version (immutable). */
    readonly objectId: string;
    readonly namespace: string;
    readonly objectName: string;
    readonly version: number;
    /** sha256 of the source text (UTF-8); checked every time it is loaded. */
    readonly sha256: string;
  };
}

/** A process's JIT tool table, by name. */
export type JitTable = Readonly<Record<string, JitToolEntry>>;

/** The object name a proposal for `name` is stored under. */
export function proposalObjectName(name: string): string {
  return `tool-proposal.${name}`;
}

/**
 * Why `name` cannot name a JIT tool (lowercase letters, digits and `_`, starting with a letter,
 * at most 48 characters, not one of `reserved`), or null when it can.
 */
export function jitNameProblem(name: string, reserved: ReadonlySet<string>): string | null {
  if (!/^[a-z][a-z0-9_]{0,47}$/.test(name))
    return 'a tool name is 1 to 48 lowercase letters, digits and _, starting with a letter';
  if (reserved.has(name)) return `${name} is a built-in tool`;
  return null;
}

function isRecord(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a proposal: its name, a description of at most 1,000 characters, an argument schema of
 * the supported subset whose top level is an object, and a non-empty source within the limit.
 * Returns the proposal, or why it is refused.
 */
export function checkProposal(
  value: unknown,
  reserved: ReadonlySet<string>,
): { readonly ok: true; readonly proposal: JitProposal } | { readonly ok: false; reason: string } {
  if (!isRecord(value)) return { ok: false, reason: 'the proposal is not an object' };
  const { name, description, argsSchema, source } = value;
  if (typeof name !== 'string') return { ok: false, reason: 'the name is missing' };
  const nameProblem = jitNameProblem(name, reserved);
  if (nameProblem !== null) return { ok: false, reason: nameProblem };
  if (typeof description !== 'string' || description.length === 0 || description.length > 1000)
    return { ok: false, reason: 'the description is 1 to 1,000 characters' };
  if (!isRecord(argsSchema) || argsSchema.type !== 'object')
    return { ok: false, reason: 'argsSchema must be a JSON Schema with "type": "object"' };
  const schemaProblem = checkJsonSchema(argsSchema as Json);
  if (schemaProblem !== null) return { ok: false, reason: `argsSchema: ${schemaProblem}` };
  if (typeof source !== 'string' || source.trim().length === 0)
    return { ok: false, reason: 'the source is empty' };
  if (new TextEncoder().encode(source).length > MAX_JIT_SOURCE_BYTES)
    return { ok: false, reason: `the source is larger than ${MAX_JIT_SOURCE_BYTES} bytes` };
  return { ok: true, proposal: { name, description, argsSchema: argsSchema as Json, source } };
}

/** Reads a stored table (a setting); anything malformed reads as an empty table. */
export function parseJitTable(value: Json | undefined): JitTable {
  if (!isRecord(value)) return {};
  const table: Record<string, JitToolEntry> = {};
  for (const [name, entry] of Object.entries(value)) {
    if (!isRecord(entry) || entry.name !== name || !isRecord(entry.source)) continue;
    table[name] = entry as unknown as JitToolEntry;
  }
  return table;
}

/** The table `names` select from `table` (spawn passes only the tools it is asked to). */
export function selectJitTools(
  table: JitTable,
  names: readonly string[],
): { readonly ok: true; table: JitTable } | { readonly ok: false; missing: string[] } {
  const missing = names.filter((n) => !Object.hasOwn(table, n));
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, table: Object.fromEntries(names.map((n) => [n, table[n] as JitToolEntry])) };
}
