// `agent-libos demo`: the scripted tour: agents, a denial, an approval, shared memory, a crash.
import { join } from 'node:path';
import { ERROR_CODES, LibosError } from '../../base/errors.js';
import type { CliContext } from '../cli-context.js';
import { crashChild } from '../demo/crash-child.js';
import { runCrashPhase } from '../demo/crash-phase.js';
import { DEMO_FILES, DEMO_REPORT, DEMO_ROOT } from '../demo/demo-script.js';
import { finishDemo } from '../demo/finish-demo.js';
import { formatTimeline } from '../demo/format-timeline.js';
import { readDemoReport } from '../demo/read-demo-report.js';
import { setUpDemo } from '../demo/set-up-demo.js';
import { formatProcessTable } from '../format/process-table.js';
import { shellQuote } from '../format/shell-quote.js';
import { writeJson } from '../format/write-json.js';
import { lastJournalSeq } from '../run/read-recovery.js';

/** `demo` options as commander parsed them. */
export interface DemoOptions {
  /** Hidden: `crash` runs the tour's first half (in the child process the tour starts). */
  readonly phase?: string;
  /** Stop where the writer waits on a human, for the operator to decide in the console. */
  readonly keep?: boolean;
}

/**
 * The tour, deterministic and offline (a scripted model): in a fresh temporary workspace the
 * operator spawns an orchestrator with grant, deny and ask records; a child Node process runs it
 * (it leaves a brief in its memory, spawns a researcher and a writer with delegated grants; the
 * researcher reads the brief through the delegated namespace and is denied the secret file; the
 * writer's write asks a human) and is killed with SIGKILL mid-quantum; the parent reopens the
 * database (the lease expires), resumes, answers `allow_once`, resumes to the end, verifies the
 * journal and prints the timeline from it. `--json`: `{ db, workspace, processes, timeline,
 * journal, approvals, denials, recovery }`. Returns the exit code.
 * @throws INVALID_INPUT (`--db` given); INTERNAL (the tour went off script); CANCELLED
 */
export async function runDemo(context: CliContext, options: DemoOptions = {}): Promise<number> {
  if (options.phase !== undefined) {
    if (options.phase !== 'crash')
      throw new LibosError('INVALID_INPUT', 'Running the demo failed: unknown phase');
    return runCrashPhase(context);
  }
  if (context.isDbGiven) {
    throw new LibosError(
      'INVALID_INPUT',
      'Running the demo failed: it makes its own temporary workspace and database; drop --db',
    );
  }
  const say = (line: string): void => {
    if (!context.json) context.io.stdout(`${line}\n`);
  };
  const setup = await setUpDemo(context);
  const { workspace, dbPath } = setup.context;
  say('agent-libos demo: a scripted tour, no network');
  say(`  workspace  ${workspace} (${Object.keys(DEMO_FILES).join(', ')}, report/)`);
  say(`  database   ${dbPath}\n`);
  say('1. The operator spawns the orchestrator, as with');
  say(`   ${rootCommand()}`);
  const crash = await crashChild({
    workspace,
    db: dbPath,
    env: context.env,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
  say(
    `2. A child runtime (os pid ${crash.osPid}) runs the agents one quantum at a time; it is ` +
      `killed with ${crash.signal} right after the researcher's read of notes/secret.txt is denied`,
  );
  const afterSeq = await lastJournalSeq(setup.context);
  const finish = await finishDemo(setup, { afterSeq, say, keep: options.keep === true });
  if (finish.afterDecision === null) return keptForConsole(context, setup, finish);
  if (finish.afterDecision.outcome !== 'ended') {
    throw new LibosError(
      'INTERNAL',
      `Running the demo failed: it should have ended but is ${finish.afterDecision.message}`,
    );
  }
  const report = await readDemoReport(setup.context, { root: setup.cast.orchestrator });
  const { journal } = report;
  if (context.json) {
    writeJson(context.io, { db: dbPath, workspace, ...report, recovery: finish.recovery });
  } else {
    const verdict = journal.ok
      ? `journal intact: ${journal.entries} entries`
      : `journal tampered at seq ${journal.seq}: ${journal.problem}`;
    say(`\ntimeline (from the journal)\n${formatTimeline(report.timeline)}${verdict}\n`);
    say(`processes\n${formatProcessTable(report.processes)}`);
    say(`look around: agent-libos ps --db ${shellQuote(dbPath)}`);
    say(`             agent-libos journal list --db ${shellQuote(dbPath)}`);
    say(`             cat ${shellQuote(join(workspace, DEMO_REPORT))}`);
  }
  return journal.ok ? 0 : ERROR_CODES.JOURNAL_TAMPERED.exitCode;
}

/**
 * `--keep`: the tour stopped with the writer waiting on a human; says how to supervise it in the
 * console (`serve` resumes the run and serves the page where the request is decided).
 */
function keptForConsole(
  context: CliContext,
  setup: Awaited<ReturnType<typeof setUpDemo>>,
  finish: Awaited<ReturnType<typeof finishDemo>>,
): number {
  const { workspace, dbPath } = setup.context;
  const serve = `agent-libos serve --db ${shellQuote(dbPath)} --workspace ${shellQuote(workspace)}`;
  const pending = finish.beforeDecision.pending.map((r) => r.id);
  if (context.json) {
    writeJson(context.io, { db: dbPath, workspace, pending, serve });
    return 0;
  }
  context.io.stdout(
    `\nkept: ${pending.length} request(s) wait for you (${pending.join(', ')}).\n` +
      `supervise the run in the browser:\n  npx ${serve}\n` +
      'then open the console URL it prints, decide the request in Approvals, and watch the writer finish.\n',
  );
  return 0;
}

/** The `agent-libos run` command line that spawns the same root. */
function rootCommand(): string {
  const flags: string[] = ['--image', DEMO_ROOT.image, '--goal', DEMO_ROOT.goal];
  if (DEMO_ROOT.name !== undefined) flags.push('--name', DEMO_ROOT.name);
  for (const grant of DEMO_ROOT.grant ?? []) flags.push('--grant', grant);
  for (const deny of DEMO_ROOT.deny ?? []) flags.push('--deny', deny);
  for (const ask of DEMO_ROOT.ask ?? []) flags.push('--ask', ask);
  flags.push('--model', 'scripted:demo-model.json');
  return `agent-libos run ${flags.map(shellQuote).join(' ')}`;
}
