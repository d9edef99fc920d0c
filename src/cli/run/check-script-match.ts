// Warns when a scripted model has no entry for the process about to run on it.
import { findScriptedAgent } from '../../models/scripted/find-scripted-agent.js';
import { parseScriptedScript } from '../../models/scripted/parse-scripted-script.js';
import { readScriptedFile } from '../../models/scripted/read-scripted-file.js';

const SCRIPTED = 'scripted:';
const MAX_LISTED = 5;

/**
 * A warning when `model` is a scripted file none of whose entries matches the process by name
 * or goal (it would exit at once with `done`): names the file's goals and names and the
 * process's goal. Null for another provider or a match. The file was checked by checkModelSpec.
 * @throws as readScriptedFile and parseScriptedScript when the file changed meanwhile
 */
export async function checkScriptMatch(
  model: string,
  process: { readonly name: string | null; readonly goal: string },
): Promise<string | null> {
  if (!model.startsWith(SCRIPTED)) return null;
  const path = model.slice(SCRIPTED.length);
  const script = parseScriptedScript(await readScriptedFile(path), { source: model });
  if (findScriptedAgent(script.agents, process) !== null) return null;
  const goals = listed(script.agents.flatMap((a) => (a.goal === null ? [] : [a.goal])));
  const names = listed(script.agents.flatMap((a) => (a.name === null ? [] : [a.name])));
  const called = process.name === null ? '' : ` or name ${JSON.stringify(process.name)}`;
  return (
    `no entry of scripted model ${path} matches the goal ${JSON.stringify(process.goal)}${called}, ` +
    `so the process exits at once with "done"; the file's goals: ${goals}; its names: ${names} ` +
    '(an entry matches a process by exact name, else by exact goal)'
  );
}

function listed(texts: readonly string[]): string {
  if (texts.length === 0) return '(none)';
  const shown = texts.slice(0, MAX_LISTED).map((text) => JSON.stringify(text));
  return texts.length > MAX_LISTED
    ? `${shown.join(', ')} and ${texts.length - MAX_LISTED} more`
    : shown.join(', ');
}
