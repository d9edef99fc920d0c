// The agent commands of the CLI: run, spawn, resume, the signals and message (each module loaded when used).
import type { Command } from 'commander';
import type { ProcessMessageOptions } from './commands/process-message.js';
import type { ProcessResumeOptions } from './commands/process-resume.js';
import type { SignalCommand } from './commands/process-signal.js';
import type { Act } from './cli-context.js';
import { withRecordOptions } from './repeatable-option.js';
import type { SpawnFlags } from './run/parse-spawn-flags.js';
import { RUN_EXIT_CODES } from './run/run-exit-codes.js';

/** The help of `--no-stream`, on every command that runs agents. */
export const NO_STREAM_HELP =
  'never stream model answers (on a terminal they stream so their text shows as it is written); for a server that cannot';

/** The operator's signal commands (their runtime signals live with the command). */
const SIGNAL_COMMAND_NAMES: readonly SignalCommand[] = ['kill', 'pause', 'continue'];

/** Adds `run`, `spawn`, `resume`, `kill`/`pause`/`continue` and `message` to `program`. */
export function addAgentCommands(program: Command, act: Act): void {
  const withSpawnFlags = (command: Command): Command =>
    withRecordOptions(
      command
        .requiredOption(
          '--image <id>',
          'the image: base, research, orchestrator, coding, or one loaded with image load (see image list); id@N for version N',
        )
        .option(
          '--image-version <n>',
          'run this version of the image (default: the newest); the process stays on it',
        )
        .requiredOption('--goal <text>', 'what the agent is to do')
        .option('--name <name>', 'a name for the process'),
    )
      .option(
        '--model <spec>',
        'scripted:<file>, openai:<model>, openai-chat:<model>, anthropic:<model>',
      )
      .option('--base-url <url>', 'an OpenAI- or Anthropic-compatible server')
      .option('--max-quanta <n>', 'stop after this many quanta (one model turn each)');
  withSpawnFlags(
    program
      .command('run')
      .description('spawn a root agent and run until everything ended or waits on a human')
      .addHelpText('after', runExitHelp()),
  )
    .option(
      '--notify-cmd <argv>',
      'run this program (or JSON argv array) for each new request, the request as JSON on stdin',
    )
    .option(
      '--unsandboxed-shell',
      'run shell.run commands on the host without the bubblewrap sandbox (journaled; ps warns)',
    )
    .option('--no-stream', NO_STREAM_HELP)
    .action(
      (
        options: SpawnFlags & {
          notifyCmd?: string;
          unsandboxedShell?: boolean;
          stream?: boolean;
        },
        command: Command,
      ) =>
        act(async (context) =>
          (await import('./commands/process-run.js')).runProcessRun(context, options),
        )(command),
    );
  withSpawnFlags(
    program.command('spawn').description('spawn a root agent without running it; prints its pid'),
  ).action((options: SpawnFlags, command: Command) =>
    act(async (context) =>
      (await import('./commands/process-spawn.js')).runProcessSpawn(context, options),
    )(command),
  );
  program
    .command('resume')
    .description('run the agents of a database until idle again (recovers after a crash)')
    .option('--pid <pid>', 'run only this process and its descendants; the others stay queued')
    .option(
      '--model <spec>',
      'from now on run on this model: --pid and its live descendants, or without --pid only live processes that have no model of their own; prints each change',
    )
    .option(
      '--image-version <n>',
      'move --pid to version n of its image first (it runs the version it was spawned with otherwise)',
    )
    .option('--base-url <url>', 'an OpenAI- or Anthropic-compatible server')
    .option('--max-quanta <n>', 'stop after this many quanta (one model turn each)')
    .option(
      '--unsandboxed-shell',
      'run shell.run commands on the host without the bubblewrap sandbox (journaled; ps warns)',
    )
    .option('--no-stream', NO_STREAM_HELP)
    .addHelpText('after', runExitHelp())
    .action((options: ProcessResumeOptions, command: Command) =>
      act(async (context) =>
        (await import('./commands/process-resume.js')).runProcessResume(context, options),
      )(command),
    );
  const signals: Record<SignalCommand, string> = {
    kill: 'kill a process and its subtree',
    pause: 'pause a process (it remembers where it was)',
    continue: 'continue a paused process on the next resume',
  };
  for (const name of SIGNAL_COMMAND_NAMES) {
    program
      .command(name)
      .description(signals[name])
      .argument('<pid>', 'the process (proc_…)')
      .action((pid: string, _options: object, command: Command) =>
        act(async (context) =>
          (await import('./commands/process-signal.js')).runProcessSignal(context, {
            command: name,
            pid,
          }),
        )(command),
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
      ) =>
        act(async (context) =>
          (await import('./commands/process-message.js')).runProcessMessage(context, {
            ...options,
            pid,
            text,
          }),
        )(command),
    );
}

/** The exit codes of `run` and `resume`, as their help lists them. */
function runExitHelp(): string {
  const rows = Object.values(RUN_EXIT_CODES).map(
    ({ exitCode, meaning }) => `  ${String(exitCode).padEnd(6)}${meaning}`,
  );
  const errors = '  1-11  an error (error CODE: message; 2 = usage); see src/cli/README.md';
  return ['', 'Exit codes:', ...rows, errors, ''].join('\n');
}
