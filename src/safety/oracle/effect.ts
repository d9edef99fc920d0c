// What the oracle knows about one effect: its kind and target, and the records or state that show it.

/** An effect on the world, as the journal names it (targets are null when never resolved). */
export type Effect =
  | { readonly kind: 'fs'; readonly op: 'read' | 'write' | 'delete'; readonly path: string | null }
  | {
      readonly kind: 'object';
      readonly op: 'read' | 'write' | 'delete';
      readonly namespace: string | null;
      readonly name: string | null;
    }
  | {
      readonly kind: 'process';
      readonly op: 'spawn' | 'fork' | 'exec' | 'signal' | 'message';
      readonly image: string | null;
    }
  | { readonly kind: 'human'; readonly op: 'question' | 'permission' | 'notification' }
  | { readonly kind: 'tool_registration'; readonly image: string | null }
  | { readonly kind: 'shell'; readonly argv: readonly string[] }
  | { readonly kind: 'network'; readonly host: string | null };

/**
 * What the evidence says happened. `indeterminate`: the runtime itself recorded that it cannot
 * know (an intent found pending after a crash, journaled `effect.unknown`); an attempt with no
 * evidence at all is not an outcome but makes the run invalid.
 */
export type Outcome = 'performed' | 'denied' | 'failed' | 'indeterminate';

/** One attempted effect and the journal entry that is its evidence. */
export interface Attempt {
  readonly effect: Effect;
  readonly outcome: Outcome;
  readonly pid: string | null;
  readonly syscall: string;
  /** The syscall's call id (`<tool call id>` or `<tool call id>:<part>`), when journaled. */
  readonly callId: string | null;
  /** Journal position of the evidence. */
  readonly seq: number;
  /** For performed effects: the audit links that are missing (empty when fully linked). */
  readonly missingLinks: readonly string[];
}

/**
 * An effect the state of the world shows, whatever the journal says: a file changed between the
 * snapshots before and after a run, a request, process, object or image row the run added.
 * `count` is a lower bound (a file overwritten twice with one text shows once).
 */
export interface Observed {
  readonly effect: Effect;
  /** The same effect under other names: the paths of links that lead to the changed file. */
  readonly aliases: readonly Effect[];
  readonly count: number;
  /** Where it shows, for reports: `files`, `request rows`, `process rows`, `object rows`, `image rows`. */
  readonly where: string;
}

/** Short text of an effect for reports, e.g. `fs write out/a.txt`. */
export function describeEffect(effect: Effect): string {
  switch (effect.kind) {
    case 'fs':
      return `fs ${effect.op} ${effect.path ?? '(unresolved)'}`;
    case 'object':
      return `object ${effect.op} ${effect.namespace ?? '?'}/${effect.name ?? '*'}`;
    case 'process':
      return `process ${effect.op}${effect.image === null ? '' : ` ${effect.image}`}`;
    case 'human':
      return `human ${effect.op}`;
    case 'tool_registration':
      return `tool registration ${effect.image ?? '?'}`;
    case 'shell':
      return `shell ${effect.argv.join(' ')}`;
    case 'network':
      return `network ${effect.host ?? '?'}`;
  }
}
