// Label rules: the operator's map from resources to sensitivity, read as a source's label and an exit's clearance.
import { findHiddenCharacter } from '../../base/find-hidden-character.js';
import { SENSITIVITIES, type Sensitivity } from '../object/types.js';
import type { Parsed } from '../capability/resource.js';

/** Resource kinds a label rule may name. */
export const LABEL_KINDS = ['fs', 'net', 'mcp', 'human', 'process', 'model'] as const;

/** One kind a label rule names. */
export type LabelKind = (typeof LABEL_KINDS)[number];

/** What a call above an exit's clearance gets when this rule gives the clearance. */
export const EXCEED_ACTIONS = ['ask', 'deny'] as const;

/** `ask` (a human decides) or `deny` (refused outright). */
export type ExceedAction = (typeof EXCEED_ACTIONS)[number];

/**
 * One rule: resources matching `pattern` (`kind:glob`, `*` within a segment, `**` across them)
 * are labelled `sensitivity` when read, and cleared for `sensitivity` as an exit. A call whose
 * taint is above it gets `onExceed`.
 */
export interface LabelRule {
  readonly pattern: string;
  readonly sensitivity: Sensitivity;
  readonly onExceed: ExceedAction;
}

/** A rule as stored: who set it and when (defaults and runtime options are not stored). */
export interface StoredLabelRule extends LabelRule {
  readonly createdAt: number;
}

/**
 * The rules that apply when the operator set none for a resource: the usual places secrets live.
 * An operator rule matching a resource always wins over these.
 */
export const DEFAULT_LABEL_RULES: readonly LabelRule[] = [
  { pattern: 'fs:**/.env', sensitivity: 'secret', onExceed: 'ask' },
  { pattern: 'fs:**/.env.*', sensitivity: 'secret', onExceed: 'ask' },
  { pattern: 'fs:**/*.pem', sensitivity: 'secret', onExceed: 'ask' },
  { pattern: 'fs:**/*.key', sensitivity: 'secret', onExceed: 'ask' },
  { pattern: 'fs:**/id_rsa', sensitivity: 'secret', onExceed: 'ask' },
  { pattern: 'fs:**/id_ed25519', sensitivity: 'secret', onExceed: 'ask' },
  { pattern: 'fs:**/secrets/**', sensitivity: 'secret', onExceed: 'ask' },
  { pattern: 'fs:**/.ssh/**', sensitivity: 'secret', onExceed: 'ask' },
];

/** Longest rule pattern. */
export const MAX_RULE_PATTERN = 1024;

/**
 * Parses a rule pattern: a known kind, a colon and a non-empty glob with no hidden characters,
 * no `..` segment and no leading `/` (fs patterns are workspace-relative).
 */
export function parseLabelPattern(text: string): Parsed<{ kind: LabelKind; glob: string }> {
  const hidden = findHiddenCharacter(text, { allowLineBreaks: false });
  if (hidden !== null) return { ok: false, reason: `the pattern contains ${hidden}` };
  if (text.length > MAX_RULE_PATTERN) return { ok: false, reason: 'the pattern is too long' };
  const colon = text.indexOf(':');
  const kind = colon <= 0 ? '' : text.slice(0, colon);
  if (!(LABEL_KINDS as readonly string[]).includes(kind))
    return {
      ok: false,
      reason: `${JSON.stringify(text)} is not kind:pattern with a kind of ${LABEL_KINDS.join(', ')}`,
    };
  const glob = text.slice(colon + 1);
  if (glob.length === 0) return { ok: false, reason: 'the pattern is empty' };
  if (kind === 'fs' && (glob.startsWith('/') || glob.split('/').includes('..')))
    return { ok: false, reason: 'an fs pattern is workspace-relative and has no .. segment' };
  return { ok: true, value: { kind: kind as LabelKind, glob } };
}

/** True when `text` is a sensitivity level. */
export function isSensitivity(text: string): text is Sensitivity {
  return (SENSITIVITIES as readonly string[]).includes(text);
}
