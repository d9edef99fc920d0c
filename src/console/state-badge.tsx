// A process state as a small badge: the word always, the colour only as a second cue.
import type { ProcessState } from './types.js';

/** The state's name in a coloured badge. */
export function StateBadge(props: { state: ProcessState }) {
  return <span class={`badge state-${props.state.kind}`}>{props.state.kind}</span>;
}
