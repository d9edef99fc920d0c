// Which capability records an exec keeps without being named: restrictions, lineage, the model.
import type { Capability } from './types.js';

/** Why a record stays through an exec that did not name it, or null when it is dropped. */
export type ExecSurvival = 'restriction' | 'lineage' | 'model' | null;

/**
 * Decides whether `record` stays with a process through an exec that did not name it in `keep`.
 * An exec shrinks authority: every `allow` the caller holds goes, except
 * - `restriction`: deny and ask records. Dropping one could only widen what is left (an operator's
 *   `deny fs:secret` outranks a kept `allow fs:**`), so they always stay.
 * - `lineage`: records the runtime issued at spawn (message itself and its parent, its private
 *   Object Memory namespace, signal and message its children, read their namespaces): they follow
 *   the pid, which an exec keeps, and are no authority over the world. The Skills the runtime
 *   granted for the old image (`skill:<name>`) are not lineage: they go with that image, and the
 *   exec grants the new image's.
 * - `model`: the process's model authority, which spawn also passes without being asked (a process
 *   without a model can do nothing). What it may call is still exactly what it could before.
 */
export function survivesExec(record: Capability): ExecSurvival {
  if (record.effect !== 'allow') return 'restriction';
  if (record.issuedBy === 'runtime' && record.resource.kind !== 'skill') return 'lineage';
  if (record.resource.kind === 'model') return 'model';
  return null;
}
