// `agent-libos ps`: the process table, read-only, paged through the whole store by pid.
import type { Pid } from '../../base/ids.js';
import type { AgentProcess, StateKind } from '../../kernel/process/types.js';
import type { Store } from '../../ports/store.js';
import type { CliContext } from '../cli-context.js';
import { formatProcessTable } from '../format/process-table.js';
import { writeJson } from '../format/write-json.js';
import { openReadStore } from '../open-read-store.js';
import { parseStates } from '../parse-states.js';
import { readShellMode, type ShellMode } from '../../runtime/commands/shell-mode.js';

/** Raw `ps` options as commander parsed them. */
export interface ProcessListOptions {
  readonly state: readonly string[];
}

const PAGE = 500;

/**
 * Prints every process (optionally only those in the given states) as a table, or as a JSON array
 * with `--json`. Returns the exit code.
 * @throws INVALID_INPUT for an unknown state; NOT_FOUND when there is no database.
 */
export async function runProcessList(
  context: CliContext,
  options: ProcessListOptions,
): Promise<number> {
  const states = parseStates(options.state);
  const store = await openReadStore(context);
  let processes: AgentProcess[];
  let shell: ShellMode;
  try {
    processes = await listAll(store, states);
    shell = await store.read(readShellMode);
  } finally {
    await store.close();
  }
  // Said on stderr, so the table (and --json) stays what scripts parse.
  if (shell.sandbox === 'none')
    context.io.stderr(
      `warning: commands run UNSANDBOXED (the runtime was started with --unsandboxed-shell${shell.at === null ? '' : ` at ${new Date(shell.at).toISOString()}`})\n`,
    );
  if (context.json) writeJson(context.io, processes);
  else if (processes.length === 0) context.io.stdout('no processes\n');
  else context.io.stdout(formatProcessTable(processes));
  return 0;
}

async function listAll(store: Store, states: StateKind[] | undefined): Promise<AgentProcess[]> {
  const all: AgentProcess[] = [];
  let afterPid: Pid | undefined;
  for (;;) {
    const query = {
      limit: PAGE,
      ...(afterPid === undefined ? {} : { afterPid }),
      ...(states === undefined ? {} : { states }),
    };
    const page = await store.read((reader) => reader.listProcesses(query));
    all.push(...page);
    const last = page.at(-1);
    if (last === undefined || page.length < PAGE) return all;
    afterPid = last.pid;
  }
}
