// The operator choosing a process's model: the setting, and the authority to call that model.
import type { Pid } from '../../base/ids.js';
import { modelResource } from '../../kernel/agent/model-resource.js';
import type { CommandScope } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';
import { insertRecord } from './capability-ops.js';
import { loadDecision } from './load-decision.js';

/**
 * In the caller's transaction: remembers `spec` as the model of `pid` (`process.model-set`) and,
 * as the operator's choice, grants `model:<provider>/<model> call` (delegable, so its children
 * inherit it) unless a live allow already covers it.
 * @throws INVALID_INPUT for a spec that is not `provider:model`
 */
export async function chooseModel(
  scope: CommandScope,
  deps: RuntimeDeps,
  choice: { readonly pid: Pid; readonly spec: string },
): Promise<void> {
  const resource = modelResource(choice.spec);
  await scope.tx.putSetting(choice.pid, 'model', choice.spec);
  scope.journal('process.model-set', choice.pid, { model: choice.spec });
  const verdict = await loadDecision(
    scope.tx,
    { pid: choice.pid, needs: [{ resource, right: 'call' }], callHash: '', now: scope.now },
    { cache: deps.capabilities },
  );
  if (verdict.effect === 'allow') return;
  await insertRecord(scope, deps, {
    subject: choice.pid,
    resource: { kind: 'model', match: 'exact', path: resource.path },
    rights: ['call'],
    effect: 'allow',
    usesRemaining: null,
    expiresAt: null,
    parentId: null,
    delegable: true,
    issuedBy: 'operator',
    approval: null,
    boundCall: null,
    depth: 0,
  });
}
