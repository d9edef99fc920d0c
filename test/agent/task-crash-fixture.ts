// Fixture of the task crash tests: the scripted task, and a store whose transactions stop where a follow-up records its run.
import type { ModelProvider } from '../../src/ports/model-provider.js';
import type { TaskRun } from '../../src/kernel/task/types.js';
import type { Store, StoreTx } from '../../src/ports/store.js';
import { createScriptedProvider } from '../../src/models/scripted/create-scripted-provider.js';

/** The model spec the task runs on. */
export const MODEL = 'scripted:crash';

/** The task's goal: its first run writes two objects and exits; a continuation exits. */
export const GOAL = 'Remember two things';

/** The scripted provider of the task. */
export function taskModels(): (spec: string) => ModelProvider {
  const provider = createScriptedProvider({
    agents: [
      {
        goal: GOAL,
        calls: [
          { memory_create: { name: 'one', type: 'note', content: 'first' } },
          { memory_create: { name: 'two', type: 'note', content: 'second' } },
          { exit: { result: 'remembered' } },
        ],
      },
    ],
  });
  return () => provider;
}

/**
 * `store` with `insertTaskRun` of a follow-up (a run after the first) — its last write, after its
 * process, records, linked objects and transcript — replaced by `hook` (which throws, or never
 * returns so the process can be killed inside the transaction). Everything else is the store's own.
 */
export function stopAtTaskRun(store: Store, hook: () => Promise<void>): Store {
  const intercept = (tx: StoreTx): StoreTx =>
    new Proxy(tx, {
      get(target, key) {
        if (key === 'insertTaskRun')
          return (run: TaskRun) => (run.index === 0 ? target.insertTaskRun(run) : hook());
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function'
          ? (value as (...a: unknown[]) => unknown).bind(target)
          : value;
      },
    });
  return {
    dialect: store.dialect,
    writable: store.writable,
    location: store.location,
    transact: (fn, options) => store.transact((tx) => fn(intercept(tx)), options),
    read: (fn) => store.read(fn),
    onJournal: (listener) => store.onJournal(listener),
    close: () => store.close(),
  };
}
