// Waking processes whose durable timers are due.
import type { Pid } from '../../base/ids.js';
import type { RuntimeDeps } from '../deps.js';
import { runCommand } from './command-scope.js';

/** Wakes up to `limit` processes whose timers are due at `now`; returns how many woke. */
export function wakeDueTimers(deps: RuntimeDeps, options: { limit: number }): Promise<Pid[]> {
  return runCommand(deps, { actor: 'runtime' }, async (scope) => {
    const due = await scope.tx.listDueTimers(scope.now, options.limit);
    for (const pid of due) {
      const process = await scope.load(pid, 'Waking a timer');
      await scope.apply(process, { type: 'wake' }, { attempted: 'Waking a timer' });
      scope.journal('process.woken', pid, { by: 'timer' });
    }
    return due;
  });
}
