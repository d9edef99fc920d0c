// Storing one new version inside a command: payload checks, runtime-set labels, deduplicated blob.
import type { Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import { checkPayload } from '../../kernel/object/check-payload.js';
import { deriveLabels } from '../../kernel/object/derive-labels.js';
import type { MemoryObject, ObjectVersion, Sensitivity } from '../../kernel/object/types.js';
import type { ObjectContent } from '../../ports/object-ops.js';
import type { CommandScope } from '../commands/command-scope.js';
import { callerPid, originOf, type ObjectCaller } from './object-caller.js';
import { loadSourceLabels, type LabelledSource } from './source-labels.js';
import { labelOf } from '../../kernel/flow/label-of.js';
import { sensitivityRank } from '../../kernel/object/sensitivity.js';
import { loadRuleSet } from '../flow/rule-set.js';

/** Sensitivity of new content when the caller names none and no source implies more. */
export const DEFAULT_SENSITIVITY: Sensitivity = 'internal';

/** A stored version and whether its payload was new to the blob table. */
export interface WrittenVersion {
  readonly version: ObjectVersion;
  readonly newBlob: boolean;
}

/**
 * Checks `content` against `object` (size, JSON and schema), derives its labels from the caller
 * and the stored labels of its sources (plus `previous`, the version it replaces: an update is
 * derived from what it updates), stores the payload under its sha256 unless already there, and
 * inserts version `object.latestVersion`.
 * @throws OUT_OF_RANGE, INVALID_INPUT, NOT_FOUND (a source)
 */
export async function writeVersion(
  scope: CommandScope,
  caller: ObjectCaller,
  input: {
    object: MemoryObject;
    content: ObjectContent;
    previous: LabelledSource | null;
    attempted: string;
  },
): Promise<WrittenVersion> {
  const { object, content } = input;
  const schema = object.schema === null ? null : (JSON.parse(object.schema) as Json);
  const problem = checkPayload(
    content.bytes,
    { type: object.type, schema },
    { maxBytes: caller.maxPayloadBytes },
  );
  if (problem !== null)
    throw new LibosError(problem.code, `${input.attempted} failed: ${problem.reason}`);
  const sources = await loadSourceLabels(scope.tx, content.sources ?? [], input);
  if (input.previous !== null) sources.push(input.previous);
  const { fromFile, fromExternal } = content;
  const sourceResources = [
    ...(fromFile === undefined ? [] : [`fs:${fromFile}`]),
    ...(fromExternal === undefined ? [] : [fromExternal]),
  ];
  // What the writer received joins in (no laundering through Object Memory); content read from a
  // resource carries that resource's label (an object made from `.env` is as secret as `.env`).
  const writer = callerPid(caller);
  const taint = writer === null ? undefined : await scope.tx.getTaint(writer);
  let floor = content.sensitivity ?? DEFAULT_SENSITIVITY;
  if (sourceResources.length > 0) {
    const rules = await loadRuleSet(scope.tx);
    for (const resource of sourceResources) {
      const label = labelOf(resource, rules);
      if (label !== null && sensitivityRank(label.sensitivity) > sensitivityRank(floor))
        floor = label.sensitivity;
    }
  }
  const labels = deriveLabels({
    creator: caller.actor,
    origin: originOf(caller, {
      fromFile: fromFile !== undefined,
      external: fromExternal !== undefined,
    }),
    floor,
    sources,
    sourceResources,
    ...(taint === undefined ? {} : { taint }),
  });
  const sha256 = sha256Hex(content.bytes);
  const newBlob = await scope.tx.putBlob(sha256, content.bytes);
  const version: ObjectVersion = {
    objectId: object.id,
    version: object.latestVersion,
    sha256,
    size: content.bytes.byteLength,
    labels,
    createdAt: scope.now,
  };
  await scope.tx.insertVersion(version);
  return { version, newBlob };
}
