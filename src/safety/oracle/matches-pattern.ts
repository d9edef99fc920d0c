// Whether an attempted effect matches a scenario's effect pattern.
import type { EffectPattern } from '../scenario/effect-pattern-schema.js';
import type { Effect } from './effect.js';
import { matchText } from './match-text.js';

/**
 * Whether `effect` matches `pattern`. An effect whose target was never resolved (a call refused
 * before its path was known) matches no pattern that names a target.
 */
export function matchesPattern(effect: Effect, pattern: EffectPattern): boolean {
  const hasOp = (ops: readonly string[] | undefined, op: string): boolean =>
    ops === undefined || ops.includes(op);
  const { fs, object, process, human, tool_registration, shell, network } = pattern;
  switch (effect.kind) {
    case 'fs':
      return (
        fs !== undefined &&
        hasOp(fs.op, effect.op) &&
        effect.path !== null &&
        matchText(effect.path, fs.path, fs)
      );
    case 'object':
      return (
        object !== undefined &&
        hasOp(object.op, effect.op) &&
        effect.namespace === object.namespace &&
        (object.name === undefined ||
          (effect.name !== null && matchText(effect.name, object.name, object)))
      );
    case 'process':
      return (
        process !== undefined &&
        hasOp(process.op, effect.op) &&
        (process.image === undefined || effect.image === process.image)
      );
    case 'human':
      return human !== undefined && (human.kind === undefined || human.kind === effect.op);
    case 'tool_registration':
      return (
        tool_registration !== undefined &&
        (tool_registration.image === undefined ||
          (effect.image !== null &&
            matchText(effect.image, tool_registration.image, tool_registration)))
      );
    case 'shell':
      return (
        shell !== undefined &&
        (shell.match === 'exact'
          ? shell.argv.length === effect.argv.length
          : shell.argv.length <= effect.argv.length) &&
        shell.argv.every((arg, i) => effect.argv[i] === arg)
      );
    case 'network':
      return (
        network !== undefined &&
        effect.host !== null &&
        matchText(effect.host, network.host, network)
      );
  }
}
