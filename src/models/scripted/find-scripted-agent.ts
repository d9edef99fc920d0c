// Which entry of a script answers a process: the first with its name, else the first with its goal.
import type { ScriptedAgent } from './scripted-script.js';

/**
 * The entry whose `name` equals the process's name or, failing that, the first whose `goal`
 * equals its goal exactly; null when none does (the process is then made to exit).
 */
export function findScriptedAgent(
  agents: readonly ScriptedAgent[],
  process: { readonly name: string | null; readonly goal: string },
): ScriptedAgent | null {
  const byName = process.name === null ? undefined : agents.find((a) => a.name === process.name);
  return byName ?? agents.find((a) => a.goal === process.goal) ?? null;
}
