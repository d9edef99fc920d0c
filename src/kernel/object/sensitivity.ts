// Comparing sensitivity levels.
import { SENSITIVITIES, type Sensitivity } from './types.js';

/** The position of `level` in SENSITIVITIES: higher is more sensitive. */
export function sensitivityRank(level: Sensitivity): number {
  return SENSITIVITIES.indexOf(level);
}

/** The less sensitive of two levels (a clearance under a ceiling). */
export function lessSensitive(a: Sensitivity, b: Sensitivity): Sensitivity {
  return sensitivityRank(a) <= sensitivityRank(b) ? a : b;
}
