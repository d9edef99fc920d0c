// The `agent-libos` command line: commander wiring, global options, errors to exit codes. Each
// command's module (and what it pulls in: the store, the runtime, the model SDKs) is loaded only
// when that command runs, so `--version` and the read-only commands start at once.
import { Command, CommanderError, Option } from 'commander';
import { createSystemClock, type Clock } from '../base/clock.js';
import { ERROR_CODES } from '../base/errors.js';
import { resolveCliContext, type Act, type GlobalOptions } from './cli-context.js';
import { addAgentCommands } from './agent-commands.js';
import { addImageCommands } from './image-commands.js';
import { addSkillCommands } from './skill-commands.js';
import { addTaskCommands } from './task-commands.js';
import { addCheckpointCommands } from './checkpoint-commands.js';
import { addMcpRegistryCommands } from './mcp-commands.js';
import { addMcpServeCommand } from './mcp-serve-command.js';
import { addFlowCommands } from './flow-commands.js';
import {
  addApprovalCommands,
  addCapabilityCommands,
  addObjectCommands,
} from './operator-commands.js';
import { collect } from './repeatable-option.js';
import { createProcessIo, detectProcessTerminal, type CliIo, type CliTerminal } from './cli-io.js';
import type { DemoOptions } from './commands/demo-run.js';
import type { JournalListOptions } from './commands/journal-list.js';
import type { JournalVerifyOptions } from './commands/journal-verify.js';
import type { ProcessListOptions } from './commands/process-list.js';
import type { ServeOptions } from './commands/serve.js';
import { reportError } from './report-error.js';
import { packageVersion } from './package-version.js';

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
  const act: Act =
    (action) =>
    async (command): Promise<void> => {
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

function buildProgram(io: CliIo, act: Act): Command {
  const program = new Command('agent-libos')
    .description(
      'A durable runtime for LLM agents: processes, capabilities, approvals, journal, demo.',
    )
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run agent-libos --help for usage)')
    .option(
      '--db <path>',
      'database file (default: ~/.local/state/agent-libos/workspaces/<name>-<hash>/runtime.db, or $AGENT_LIBOS_STATE_HOME)',
    )
    .option(
      '--workspace <dir>',
      'an existing workspace directory (default: the current directory); never created',
    )
    .option('--json', 'print machine-readable JSON');

  program
    .command('init')
    .description("create the workspace's database (outside the workspace); safe to repeat")
    .action((_options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/workspace-init.js')).runWorkspaceInit(context),
      )(command),
    );

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
      act(async (context) =>
        (await import('./commands/process-list.js')).runProcessList(context, options),
      )(command),
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
      act(async (context) =>
        (await import('./commands/journal-list.js')).runJournalList(context, options),
      )(command),
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
      act(async (context) =>
        (await import('./commands/journal-verify.js')).runJournalVerify(context, options),
      )(command),
    );
  journal
    .command('anchor')
    .description('print the current head of each journal stream, to keep elsewhere (read-only)')
    .action((_options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/journal-anchor.js')).runJournalAnchor(context),
      )(command),
    );

  addAgentCommands(program, act);
  addCapabilityCommands(program, act);
  addApprovalCommands(program, act);
  addObjectCommands(program, act);
  addImageCommands(program, act);
  addSkillCommands(program, act);
  addTaskCommands(program, act);
  addCheckpointCommands(program, act);
  // The MCP group: the registry commands and `mcp serve`, the operator's view for an assistant.
  const mcp = program
    .command('mcp')
    .description(
      "MCP servers agents may call (add, list, show, rm), and serve: the operator's view",
    );
  addMcpRegistryCommands(mcp, act);
  addMcpServeCommand(mcp, act);
  addFlowCommands(program, act);

  program
    .command('doctor')
    .description(
      'check what this host gives the runtime: Node, SQLite, the bubblewrap sandbox, limits, Deno, Chromium',
    )
    .action((_options: object, command: Command) =>
      act(async (context) => (await import('./commands/doctor.js')).runDoctor(context))(command),
    );

  program
    .command('serve')
    .description(
      'run the runtime as a service: the scheduler runs on and the HTTP API listens until SIGINT/SIGTERM',
    )
    .option('--host <host>', 'address to listen on (default 127.0.0.1; others need --token-file)')
    .option('--port <port>', 'TCP port (default 7411; 0 picks a free one)')
    .option('--token-file <file>', 'read the bearer token from this file instead of generating one')
    .option(
      '--notify-cmd <argv>',
      'run this program (or JSON argv array) for each new request, the request as JSON on stdin',
    )
    .option('--model <spec>', 'the model of processes that have none')
    .option('--base-url <url>', 'an OpenAI- or Anthropic-compatible server')
    .option(
      '--unsandboxed-shell',
      'run shell.run commands on the host without the bubblewrap sandbox (journaled; ps warns)',
    )
    .action((options: ServeOptions, command: Command) =>
      act(async (context) => (await import('./commands/serve.js')).runServe(context, options))(
        command,
      ),
    );

  program
    .command('demo')
    .description(
      'the scripted tour (no network): agents, a denial, an approval, shared memory, a crash and recovery',
    )
    .option(
      '--keep',
      'stop where the writer waits for your approval, and say how to decide it in the console (serve)',
    )
    // The tour runs its first half in a child process started with this hidden option.
    .addOption(new Option('--phase <phase>').hideHelp())
    .action((options: DemoOptions, command: Command) =>
      act(async (context) => (await import('./commands/demo-run.js')).runDemo(context, options))(
        command,
      ),
    );
  return program;
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
