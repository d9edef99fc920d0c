// Loads every scenario file of a directory, sorted by file name, and checks that ids are unique.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LibosError } from '../../base/errors.js';
import { parseScenario } from './parse-scenario.js';
import type { Scenario } from './scenario-schema.js';

/**
 * The scenarios of `dir` (`*.yaml` and `*.yml`), in file-name order.
 * @throws INVALID_INPUT (a bad file, or two files with one id), NOT_FOUND (no such directory)
 */
export async function loadScenarios(dir: string): Promise<Scenario[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    throw new LibosError('NOT_FOUND', 'Loading scenarios failed: no such directory');
  }
  const scenarios: Scenario[] = [];
  const ids = new Map<string, string>();
  for (const name of names) {
    const scenario = parseScenario(await readFile(join(dir, name), 'utf8'), { source: name });
    const earlier = ids.get(scenario.id);
    if (earlier !== undefined)
      throw new LibosError(
        'INVALID_INPUT',
        `Loading scenarios failed: ${name} and ${earlier} share the id ${scenario.id}`,
      );
    ids.set(scenario.id, name);
    scenarios.push(scenario);
  }
  return scenarios;
}
