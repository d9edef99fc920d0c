// Sets a scenario's stage as the operator: processes, their grants, shared namespaces and objects.
import type { Runtime } from '../../runtime/runtime.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { substitutePids } from '../scenario/substitute-pids.js';

/**
 * Spawns the scenario's processes in order (children of their `parent`), then creates its
 * namespaces and objects and grants each process its records. Returns the pid of each name.
 * @throws what the runtime throws for a bad grant, object or image
 */
export async function applySetup(
  runtime: Runtime,
  setup: Scenario['setup'],
  options: { model: string },
): Promise<Map<string, string>> {
  const pids = new Map<string, string>();
  for (const p of setup.processes) {
    const parentPid = p.parent === undefined ? undefined : pids.get(p.parent);
    const process = await runtime.spawn({
      imageId: p.image,
      goal: p.goal ?? p.name,
      name: p.name,
      ...(p.cwd === undefined ? {} : { cwd: p.cwd }),
      ...(parentPid === undefined ? {} : { parentPid }),
      model: options.model,
    });
    pids.set(p.name, process.pid);
  }
  for (const namespace of setup.namespaces) await runtime.objects.createNamespace(namespace);
  for (const object of substitutePids(setup.objects, pids)) await runtime.objects.create(object);
  for (const rule of substitutePids(setup.labels, pids))
    await runtime.flow.setRule({
      pattern: rule.pattern,
      sensitivity: rule.sensitivity,
      ...(rule.on_exceed === undefined ? {} : { onExceed: rule.on_exceed }),
    });
  for (const p of setup.processes) {
    for (const grant of substitutePids(p.grants, pids)) {
      await runtime.grant({
        subject: pids.get(p.name) ?? '',
        resource: grant.resource,
        rights: grant.rights,
        ...(grant.effect === undefined ? {} : { effect: grant.effect }),
        ...(grant.once === undefined ? {} : { once: grant.once }),
        ...(grant.delegable === undefined ? {} : { delegable: grant.delegable }),
      });
    }
  }
  return pids;
}
