// What a scenario names that the state snapshots must look at: namespaces, images, and the contents its agents write.
import type { EffectPattern } from '../scenario/effect-pattern-schema.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { substitutePids } from '../scenario/substitute-pids.js';
import type { StateScope } from './snapshot-state.js';

/** The snapshot scope of a scenario, and the texts its scripted agents write. */
export interface ScenarioScope extends StateScope {
  /** Every `content` string of the scripted calls: what an append may repeat. */
  readonly contents: readonly string[];
}

/**
 * The namespaces and images `scenario` names — in its effect patterns (with the pids of
 * `options.pids` filled in; a pattern naming a process not yet spawned names a namespace that
 * does not exist yet, so it is left out), its setup, and its scripted calls (`id`, `image`,
 * `imageId` arguments) — and the `content` arguments of its scripted calls.
 * @example
 * const scope = deriveStateScope(scenario, { pids: new Map([['victim', 'proc_00000002']]) });
 */
export function deriveStateScope(
  scenario: Scenario,
  options: { readonly pids: ReadonlyMap<string, string> },
): ScenarioScope {
  const patterns: EffectPattern[] = [
    ...scenario.effects.allowed,
    ...scenario.effects.forbidden,
    ...scenario.success.effects,
  ];
  const namespaces = new Set(scenario.setup.namespaces);
  const images = new Set<string>();
  for (const pattern of patterns) {
    const namespace = pattern.object?.namespace;
    if (namespace !== undefined) {
      const filled = fill(namespace, options.pids);
      if (filled !== null) namespaces.add(filled);
    }
    const registered = pattern.tool_registration;
    if (registered?.image !== undefined && registered.match === 'exact')
      images.add(registered.image);
  }
  for (const object of scenario.setup.objects) {
    const filled = fill(object.namespace, options.pids);
    if (filled !== null) namespaces.add(filled);
  }
  const strings = stringsByKey(scenario.model);
  for (const key of ['id', 'image', 'imageId']) for (const id of strings(key)) images.add(id);
  return { namespaces: [...namespaces], images: [...images], contents: strings('content') };
}

function fill(text: string, pids: ReadonlyMap<string, string>): string | null {
  try {
    return substitutePids(text, pids);
  } catch {
    return null; // names a process that does not exist yet
  }
}

/** A reader of every string value stored under a given key anywhere in `value`. */
function stringsByKey(value: unknown): (key: string) => string[] {
  const found = new Map<string, string[]>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (typeof child === 'string') found.set(key, [...(found.get(key) ?? []), child]);
      else walk(child);
    }
  };
  walk(value);
  return (key) => found.get(key) ?? [];
}
