// Label propagation: a derived version inherits its sources' labels conservatively.
import type { Actor } from '../process/types.js';
import { sensitivityRank } from './sensitivity.js';
import { ORIGINS, SENSITIVITIES, type Labels, type Origin, type Sensitivity } from './types.js';

/**
 * Labels for content written by `creator` with direct `origin`, derived from `sources` (their
 * labels) and `sourceResources`: origins are the union, sensitivity the maximum (the most
 * sensitive source wins), and never below `floor`.
 */
export function deriveLabels(input: {
  creator: Actor;
  origin: Origin;
  floor: Sensitivity;
  sources: readonly { readonly ref: string; readonly labels: Labels }[];
  sourceResources: readonly string[];
}): Labels {
  const origins = new Set<Origin>([input.origin]);
  let rank = sensitivityRank(input.floor);
  for (const source of input.sources) {
    for (const o of source.labels.origins) origins.add(o);
    rank = Math.max(rank, sensitivityRank(source.labels.sensitivity));
  }
  return {
    creator: input.creator,
    origins: ORIGINS.filter((o) => origins.has(o)),
    sensitivity: SENSITIVITIES[rank] ?? 'secret',
    sourceObjects: [...new Set(input.sources.map((s) => s.ref))].sort(),
    sourceResources: [...new Set(input.sourceResources)].sort(),
  };
}
