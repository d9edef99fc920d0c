// Label propagation: a derived version inherits its sources' labels conservatively.
import type { Actor } from '../process/types.js';
import type { Taint } from '../flow/taint.js';
import { sensitivityRank } from './sensitivity.js';
import { ORIGINS, SENSITIVITIES, type Labels, type Origin, type Sensitivity } from './types.js';

/**
 * Labels for content written by `creator` with direct `origin`, derived from `sources` (their
 * labels) and `sourceResources`: origins are the union, sensitivity the maximum (the most
 * sensitive source wins), and never below `floor`. A writer's `taint` (what it received) joins
 * in like a source, so a process cannot launder what it read through what it writes: its
 * sources become the version's `sourceObjects` (`obj_…@N`) and `sourceResources`.
 */
export function deriveLabels(input: {
  creator: Actor;
  origin: Origin;
  floor: Sensitivity;
  sources: readonly { readonly ref: string; readonly labels: Labels }[];
  sourceResources: readonly string[];
  taint?: Taint;
}): Labels {
  const origins = new Set<Origin>([input.origin]);
  let rank = sensitivityRank(input.floor);
  for (const source of input.sources) {
    for (const o of source.labels.origins) origins.add(o);
    rank = Math.max(rank, sensitivityRank(source.labels.sensitivity));
  }
  const taintObjects: string[] = [];
  const taintResources: string[] = [];
  if (input.taint !== undefined) {
    for (const o of input.taint.origins) origins.add(o);
    rank = Math.max(rank, sensitivityRank(input.taint.sensitivity));
    for (const { source } of input.taint.sources)
      (source.startsWith('obj_') ? taintObjects : taintResources).push(source);
  }
  return {
    creator: input.creator,
    origins: ORIGINS.filter((o) => origins.has(o)),
    sensitivity: SENSITIVITIES[rank] ?? 'secret',
    sourceObjects: [...new Set([...input.sources.map((s) => s.ref), ...taintObjects])].sort(),
    sourceResources: [...new Set([...input.sourceResources, ...taintResources])].sort(),
  };
}
