// The `agent-libos` command line: commander wiring, global options, errors to exit codes.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { createSystemClock, type Clock } from '../base/clock.js';
import { ERROR_CODES } from '../base/errors.js';
import { resolveCliContext, type CliContext, type GlobalOptions } from './cli-context.js';
import { createProcessIo, detectProcessTerminal, type CliIo, type CliTerminal } from './cli-io.js';
import { runApprovalDecide, type ApprovalDecideOptions } from './commands/approval-decide.js';
import { runApprovalList, type ApprovalListOptions } from './commands/approval-list.js';
import { runCapabilityExplain } from './commands/capability-explain.js';
import { runCapabilityGrant, type CapabilityGrantOptions } from './commands/capability-grant.js';
import { runCapabilityList, type CapabilityListOptions } from './commands/capability-list.js';
import { runCapabilityRevoke } from './commands/capability-revoke.js';
import { runDemo, type DemoOptions } from './commands/demo-run.js';
import { runJournalList, type JournalListOptions } from './commands/journal-list.js';
import { runJournalVerify, type JournalVerifyOptions } from './commands/journal-verify.js';
import { runJournalAnchor } from './commands/journal-anchor.js';
import { runObjectList, type ObjectListOptions } from './commands/object-list.js';
import { runObjectShow } from './commands/object-show.js';
import { runProcessList, type ProcessListOptions } from './commands/process-list.js';
import { runProcessMessage, type ProcessMessageOptions } from './commands/process-message.js';
import { runProcessResume, type ProcessResumeOptions } from './commands/process-resume.js';
import { runProcessRun } from './commands/process-run.js';
import {
  runProcessSignal,
  SIGNAL_COMMANDS,
  type SignalCommand,
} from './commands/process-signal.js';
import { runProcessSpawn } from './commands/process-spawn.js';
import { runWorkspaceInit } from './commands/workspace-init.js';
import { reportError } from './report-error.js';
import type { SpawnFlags } from './run/parse-spawn-flags.js';

/** Options of {@link main}; all default to the real process. */
export interface MainOptions {
  /** Where output goes (default: process stdout and stderr). */
  readonly io?: CliIo;
  /** Environment: API keys, `AGENT_LIBOS_MODEL`, `AGENT_LIBOS_DEBUG` (default: `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved from (default: `process.cwd()`). */
  readonly cwd?: string;
  /** Stops long-running commands (demo, journal verify) with CANCELLED. */
  readonly signal?: AbortSignal;
  /** Time source for expiries, ages and the runtimes commands open (default: the system clock). */
  readonly clock?: Clock;
  /**
   * The person's terminal for inline approval prompts and live progress (default: stdin/stdout
   * when both are TTYs); null runs without one, leaving requests pending.
   */
  readonly terminal?: CliTerminal | null;
}

/** What a command action does once its context is resolved; returns the exit code. */
type Action = (context: CliContext) => Promise<number>;

/**
 * Runs the CLI on `argv` (as in `process.argv`: node, script, then arguments) and returns the exit
 * code; it never calls `process.exit`. Usage errors exit 2; a failed command prints
 * `error CODE: message` (or the wire form with `--json`) and exits with its code's exit code.
 * @example
 * process.exitCode = await main(process.argv);
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const io = options.io ?? createProcessIo();
  const env = options.env ?? process.env;
  const debug = env.AGENT_LIBOS_DEBUG === '1';
  const clock = options.clock ?? createSystemClock();
  const wantsJson = argv.slice(2).includes('--json');
  let exitCode = 0;
  const act =
    (action: Action) =>
    async (command: Command): Promise<void> => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      try {
        const context = resolveCliContext(globals, {
          io,
          cwd: options.cwd ?? process.cwd(),
          clock,
          env,
          terminal: options.terminal === undefined ? detectProcessTerminal() : options.terminal,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
        exitCode = await action(context);
      } catch (error) {
        exitCode = reportError(io, error, { json: globals.json === true, debug });
      }
    };
  const program = buildProgram(io, act);
  try {
    await program.parseAsync([...argv], { from: 'node' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return usageExit(io, error, { json: wantsJson });
    return reportError(io, error, { json: wantsJson, debug });
  }
}

function buildProgram(
  io: CliIo,
  act: (action: Action) => (command: Command) => Promise<void>,
): Command {
  const program = new Command('agent-libos')
    .description(
      'A durable runtime for LLM agents: processes, capabilities, approvals, journal, demo.',
    )
    .version(readVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run agent-libos --help for usage)')
    .option(
      '--db <path>',
      'database file (default: ~/.local/state/agent-libos/workspaces/<name>-<hash>/runtime.db, or $AGENT_LIBOS_STATE_HOME)',
    )
    .option('--workspace <dir>', 'workspace directory (default: the current directory)')
    .option('--json', 'print machine-readable JSON');

  program
    .command('init')
    .description("create the workspace's database (outside the workspace); safe to repeat")
    .action((_options: object, command: Command) => act(runWorkspaceInit)(command));

  program
    .command('ps')
    .description('list processes (read-only: works while a runtime runs)')
    .option(
      '--state <state>',
      'only processes in this state; repeat or comma-separate',
      collect,
      [],
    )
    .action((options: ProcessListOptions, command: Command) =>
      act((context) => runProcessList(context, options))(command),
    );

  const journal = program.command('journal').description('read and verify the journal');
  journal
    .command('list')
    .description('list journal entries in seq order (read-only)')
    .option('--pid <pid>', 'only entries about this process')
    .option('--type <type>', 'only entries of this type, e.g. process.spawned')
    .option('--after <seq>', 'only entries after this seq')
    .option('--limit <n>', 'show at most this many entries (default 100)')
    .action((options: JournalListOptions, command: Command) =>
      act((context) => runJournalList(context, options))(command),
    );
  journal
    .command('verify')
    .description('check the hash chain, the recorded heads and the anchors (read-only)')
    .option(
      '--anchor <stream:seq:hash>',
      'an anchor kept elsewhere (journal anchor output); repeatable',
      collect,
      [],
    )
    .action((options: JournalVerifyOptions, command: Command) =>
      act((context) => runJournalVerify(context, options))(command),
    );
  journal
    .command('anchor')
    .description('print the current head of each journal stream, to keep elsewhere (read-only)')
    .action((_options: object, command: Command) => act(runJournalAnchor)(command));

  addAgentCommands(program, act);
  addCapabilityCommands(program, act);
  addApprovalCommands(program, act);
  addObjectCommands(program, act);

  program
    .command('demo')
    .description(
      'the scripted tour (no network): agents, a denial, an approval, shared memory, a crash and recovery',
    )
    // The tour runs its first half in a child process started with this hidden option.
    .addOption(new Option('--phase <phase>').hideHelp())
    .action((options: DemoOptions, command: Command) =>
      act((context) => runDemo(context, options))(command),
    );
  return program;
}

function addAgentCommands(
  program: Command,
  act: (action: Action) => (command: Command) => Promise<void>,
): void {
  const withSpawnFlags = (command: Command): Command =>
    command
      .requiredOption(
        '--image <id>',
        'the image: base, research, orchestrator, coding, or registered',
      )
      .requiredOption('--goal <text>', 'what the agent is to do')
      .option('--name <name>', 'a name for the process')
      .option(
        '--grant <resource=rights>',
        'an allow record, e.g. fs:src/**=read (repeat)',
        collect,
        [],
      )
      .option(
        '--ask <resource=rights>',
        'an ask record: a human decides each use (repeat)',
        collect,
        [],
      )
      .option(
        '--deny <resource=rights>',
        'a deny record, outranking every allow (repeat)',
        collect,
        [],
      )
      .option(
        '--model <spec>',
        'scripted:<file>, openai:<model>, openai-chat:<model>, anthropic:<model>',
      )
      .option('--base-url <url>', 'an OpenAI- or Anthropic-compatible server')
      .option('--max-quanta <n>', 'stop after this many quanta');
  withSpawnFlags(
    program
      .command('run')
      .description('spawn a root agent and run until everything ended or waits on a human'),
  ).action((options: SpawnFlags, command: Command) =>
    act((context) => runProcessRun(context, options))(command),
  );
  withSpawnFlags(
    program.command('spawn').description('spawn a root agent without running it; prints its pid'),
  ).action((options: SpawnFlags, command: Command) =>
    act((context) => runProcessSpawn(context, options))(command),
  );
  program
    .command('resume')
    .description('run the agents of a database until idle again (recovers after a crash)')
    .option('--pid <pid>', 'the process whose subtree to report (and --model to set)')
    .option('--model <spec>', 'run on this model from now on (remembered per process)')
    .option('--base-url <url>', 'an OpenAI- or Anthropic-compatible server')
    .option('--max-quanta <n>', 'stop after this many quanta')
    .action((options: ProcessResumeOptions, command: Command) =>
      act((context) => runProcessResume(context, options))(command),
    );
  const signals: Record<SignalCommand, string> = {
    kill: 'kill a process and its subtree',
    pause: 'pause a process (it remembers where it was)',
    continue: 'continue a paused process on the next resume',
  };
  for (const name of Object.keys(SIGNAL_COMMANDS) as SignalCommand[]) {
    program
      .command(name)
      .description(signals[name])
      .argument('<pid>', 'the process (proc_…)')
      .action((pid: string, _options: object, command: Command) =>
        act((context) => runProcessSignal(context, { command: name, pid }))(command),
      );
  }
  program
    .command('message')
    .description("post a message to a process's mailbox as the operator")
    .argument('<pid>', 'the receiver (proc_…)')
    .argument('<text>', 'the message text')
    .option('--interrupt', 'preempt the receiver')
    .action(
      (
        pid: string,
        text: string,
        options: Pick<ProcessMessageOptions, 'interrupt'>,
        command: Command,
      ) => act((context) => runProcessMessage(context, { ...options, pid, text }))(command),
    );
}

function addCapabilityCommands(
  program: Command,
  act: (action: Action) => (command: Command) => Promise<void>,
): void {
  const caps = program
    .command('caps')
    .description('list, grant, revoke and explain capability records');
  caps
    .command('list')
    .description('list capability records (read-only: works while a runtime runs)')
    .option('--pid <pid>', 'only records held by this process')
    .option('--all', 'include revoked records')
    .action((options: CapabilityListOptions, command: Command) =>
      act((context) => runCapabilityList(context, options))(command),
    );
  caps
    .command('grant')
    .description('grant a capability record as the operator (not while a runtime runs)')
    .argument('<pid>', 'the process that receives it')
    .argument('<grant>', 'kind:pattern=rights, e.g. fs:src/**=read,write')
    .option('--deny', 'a deny record (deny outranks every allow)')
    .option('--ask', 'an ask record (the process must ask a human first)')
    .option('--once', 'good for one use')
    .option('--expires <time>', 'an ISO date or date-time, or a duration such as 30m, 2h, 7d')
    .action(
      (
        pid: string,
        grant: string,
        options: Omit<CapabilityGrantOptions, 'pid' | 'grant'>,
        command: Command,
      ) => act((context) => runCapabilityGrant(context, { ...options, pid, grant }))(command),
    );
  caps
    .command('revoke')
    .description('revoke a record and everything delegated from it (not while a runtime runs)')
    .argument('<id>', 'the capability id (cap_…)')
    .action((id: string, _options: object, command: Command) =>
      act((context) => runCapabilityRevoke(context, { id }))(command),
    );
  caps
    .command('explain')
    .description('show the decision for a process, resource and right, and why (read-only)')
    .argument('<pid>', 'the process')
    .argument('<resource>', 'one concrete resource, e.g. fs:src/a.ts or shell:git')
    .argument('<right>', 'a right of its kind, e.g. write')
    .action((pid: string, resource: string, right: string, _options: object, command: Command) =>
      act((context) => runCapabilityExplain(context, { pid, resource, right }))(command),
    );
}

function addObjectCommands(
  program: Command,
  act: (action: Action) => (command: Command) => Promise<void>,
): void {
  const objects = program
    .command('objects')
    .description('list and show Object Memory objects (read-only: works while a runtime runs)');
  objects
    .command('list')
    .description('list the live objects of one namespace with their latest versions')
    .option('--pid <pid>', "the process's private namespace")
    .option('--ns <namespace>', 'a namespace, e.g. shared/research')
    .action((options: ObjectListOptions, command: Command) =>
      act((context) => runObjectList(context, options))(command),
    );
  objects
    .command('show')
    .description("print an object version's payload (history stays readable after deletion)")
    .argument('<ref>', 'obj_…@N for version N, or obj_… for the latest')
    .action((ref: string, _options: object, command: Command) =>
      act((context) => runObjectShow(context, { ref }))(command),
    );
}

function addApprovalCommands(
  program: Command,
  act: (action: Action) => (command: Command) => Promise<void>,
): void {
  const approvals = program
    .command('approvals')
    .description('list and decide human requests: permissions, questions, notifications');
  approvals
    .command('list')
    .description('list pending human requests (read-only: works while a runtime runs)')
    .option('--all', 'include answered, expired and cancelled requests')
    .action((options: ApprovalListOptions, command: Command) =>
      act((context) => runApprovalList(context, options))(command),
    );
  approvals
    .command('decide')
    .description('decide a request while no runtime runs; its process continues on the next run')
    .argument('<id>', 'the request id (apr_…)')
    .argument('[decision]', 'allow_once, allow_always, deny_once, deny_always, or ack')
    .option('--answer <text>', 'the answer to a question')
    .action(
      (
        id: string,
        decision: string | undefined,
        options: Pick<ApprovalDecideOptions, 'answer'>,
        command: Command,
      ) =>
        act((context) =>
          runApprovalDecide(context, {
            id,
            ...(decision === undefined ? {} : { decision }),
            ...options,
          }),
        )(command),
    );
}

function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

/** Help and version exit 0; every other commander error is a usage error (exit 2). */
function usageExit(io: CliIo, error: CommanderError, options: { json: boolean }): number {
  if (error.exitCode === 0) return 0;
  const message = error.message.replace(/^error: /, '');
  if (options.json && error.code !== 'commander.help') {
    const wire = {
      code: 'INVALID_INPUT',
      message: `Reading the command line failed: ${message}`,
      details: {},
      retryable: false,
    };
    io.stdout(`${JSON.stringify({ error: wire }, null, 2)}\n`);
  }
  return ERROR_CODES.INVALID_INPUT.exitCode;
}

function readVersion(): string {
  try {
    const manifest: unknown = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    );
    if (typeof manifest === 'object' && manifest !== null && 'version' in manifest) {
      return String(manifest.version);
    }
  } catch {
    // Fall through: a missing manifest must not stop the CLI.
  }
  return 'unknown';
}
