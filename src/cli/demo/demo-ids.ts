// Predictable ids for the demo: each stage of the tour numbers its ids from 1 with its own letter.
import { ID_PREFIXES, type Id, type IdKind, type IdSource } from '../../base/ids.js';

/**
 * The stages of the tour, each a separate runtime: `a` the operator's setup, `b` the child runtime
 * that is killed, `c` the reopened runtime that recovers and finishes. Their ids never collide.
 */
export type DemoStage = 'a' | 'b' | 'c';

/**
 * An id source giving `<prefix><stage><7 digits>` per kind (`proc_b0000001`), so the scripted
 * model can name the children the orchestrator will spawn before they exist.
 */
export function createDemoIdSource(stage: DemoStage): IdSource {
  const counters = new Map<IdKind, number>();
  return {
    next<K extends IdKind>(kind: K): Id<K> {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      return demoId(kind, { stage, n });
    },
  };
}

/** The `n`th id of `kind` that stage `stage` hands out. */
export function demoId<K extends IdKind>(kind: K, at: { stage: DemoStage; n: number }): Id<K> {
  return `${ID_PREFIXES[kind]}${at.stage}${at.n.toString().padStart(7, '0')}` as Id<K>;
}
