// The information-flow commands of the CLI: labels list|set|rm and taint show|clear (each module loaded when used).
import type { Command } from 'commander';
import type { Act } from './cli-context.js';

/** Adds `labels list|set|rm` and `taint show|clear` to `program`. */
export function addFlowCommands(program: Command, act: Act): void {
  const labels = program
    .command('labels')
    .description(
      'label rules: what is read from a matching resource carries the label, and a matching exit is cleared for it',
    );
  labels
    .command('list')
    .description('list the operator rules, then the built-in defaults (read-only)')
    .action((_options: object, command: Command) =>
      act(async (context) => (await import('./commands/label-list.js')).runLabelList(context))(
        command,
      ),
    );
  labels
    .command('set')
    .description(
      'set a rule, e.g. labels set "fs:public/**" public --deny (not while a runtime runs)',
    )
    .argument(
      '<pattern>',
      'kind:glob (fs, net, mcp, human, process, model); * within a segment, ** across',
    )
    .argument('<sensitivity>', 'public, internal, confidential or secret')
    .option('--deny', 'refuse a call above this clearance instead of asking a human')
    .action((pattern: string, sensitivity: string, options: { deny?: boolean }, command: Command) =>
      act(async (context) =>
        (await import('./commands/label-set.js')).runLabelSet(context, {
          pattern,
          sensitivity,
          onExceed: options.deny === true ? 'deny' : 'ask',
        }),
      )(command),
    );
  labels
    .command('rm')
    .description('remove the rule with this pattern (not while a runtime runs)')
    .argument('<pattern>', 'the pattern as set')
    .action((pattern: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/label-set.js')).runLabelRemove(context, { pattern }),
      )(command),
    );
  const taint = program
    .command('taint')
    .description("a process's taint: the labels of what it received since its last clearance");
  taint
    .command('show')
    .description('show the taint of a process (read-only)')
    .argument('<pid>', 'the process')
    .action((pid: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/taint-show.js')).runTaintShow(context, { pid }),
      )(command),
    );
  taint
    .command('clear')
    .description(
      'clear the taint of a process: you vouch that what it holds may go out (not while a runtime runs)',
    )
    .argument('<pid>', 'the process')
    .action((pid: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/taint-show.js')).runTaintClear(context, { pid }),
      )(command),
    );
}
