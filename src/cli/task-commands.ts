// The task commands of the CLI: task start, follow-up, list and show (each module loaded when used).
import type { Command } from 'commander';
import type { Act } from './cli-context.js';
import type { TaskFollowUpFlags } from './commands/task-follow-up.js';
import type { TaskStartFlags } from './commands/task-start.js';
import { NO_STREAM_HELP } from './agent-commands.js';
import { withRecordOptions } from './repeatable-option.js';

/** Collects a repeatable option that stays undefined until given (so `--only` can mean "none"). */
function gather(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds `task start|follow-up|list|show` to `program`. */
export function addTaskCommands(program: Command, act: Act): void {
  const task = program
    .command('task')
    .description('durable conversations: start a task, follow it up after it ended, list, show');
  const running = (command: Command): Command =>
    command
      .option(
        '--model <spec>',
        'scripted:<file>, openai:<model>, openai-chat:<model>, anthropic:<model>',
      )
      .option('--base-url <url>', 'an OpenAI- or Anthropic-compatible server')
      .option('--max-quanta <n>', 'stop after this many quanta (one model turn each)')
      .option(
        '--detach',
        'only create the run (through a live runtime when one runs); print its id',
      )
      .option(
        '--notify-cmd <argv>',
        'run this program (or JSON argv array) for each new request, the request as JSON on stdin',
      )
      .option(
        '--unsandboxed-shell',
        'run shell.run commands on the host without the bubblewrap sandbox (journaled; ps warns)',
      )
      .option('--no-stream', NO_STREAM_HELP);
  running(
    withRecordOptions(
      task
        .command('start')
        .description('start a task: its first run is a root agent, run like `run` (or --detach)')
        .requiredOption(
          '--image <id>',
          'the image (its current version is pinned for the first run; a follow-up keeps the version of the run it continues)',
        )
        .requiredOption('--goal <text>', 'what the task is to do')
        .option('--name <name>', 'a name for its runs'),
    ),
  ).action((options: TaskStartFlags, command: Command) =>
    act(async (context) =>
      (await import('./commands/task-start.js')).runTaskStart(context, options),
    )(command),
  );
  running(
    withRecordOptions(
      task
        .command('follow-up')
        .description(
          'continue a task whose latest run ended: the image version that run ran, its transcript and memory, the same or narrower authority',
        )
        .argument('<task>', 'the task (task_…)')
        .argument('<text>', 'what to do next')
        .option(
          '--drop <resource[=rights]>',
          'do not carry allow rights within this, e.g. fs:out/**=write (repeat)',
          gather,
        )
        .option(
          '--only <resource[=rights]>',
          'carry only allow rights within these (repeat); deny and ask records always carry',
          gather,
        ),
    ),
  ).action((taskId: string, text: string, options: TaskFollowUpFlags, command: Command) =>
    act(async (context) =>
      (await import('./commands/task-follow-up.js')).runTaskFollowUp(context, {
        task: taskId,
        text,
        flags: options,
      }),
    )(command),
  );
  task
    .command('list')
    .description(
      'list tasks with their status and latest run (read-only: works while a runtime runs)',
    )
    .action((_options: object, command: Command) =>
      act(async (context) => (await import('./commands/task-list.js')).runTaskList(context))(
        command,
      ),
    );
  task
    .command('show')
    .description('show a task and its runs: pids, states, results, times (read-only)')
    .argument('<task>', 'the task (task_…)')
    .action((taskId: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/task-show.js')).runTaskShow(context, { task: taskId }),
      )(command),
    );
}
