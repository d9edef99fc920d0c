// The checkpoint commands of the CLI: create, list, show, diff, restore, fork, rm (each loaded when used).
import type { Command } from 'commander';
import type { Act } from './cli-context.js';
import type { CheckpointListOptions } from './commands/checkpoint-list.js';

/** Adds `checkpoint create|list|show|diff|restore|fork|rm` (also spelled `checkpoints …`). */
export function addCheckpointCommands(program: Command, act: Act): void {
  const checkpoint = program
    .command('checkpoint')
    .alias('checkpoints')
    .description(
      'snapshot a process subtree, see what changed since, restore it in place, fork from it',
    );
  checkpoint
    .command('create')
    .description(
      "capture a process's subtree in one transaction; prints the checkpoint id (through the live runtime when one runs)",
    )
    .argument('<pid>', 'the root of the subtree (proc_…)')
    .option('--name <name>', 'a name for it')
    .action((pid: string, options: { name?: string }, command: Command) =>
      act(async (context) =>
        (await import('./commands/checkpoint-create.js')).runCheckpointCreate(context, {
          pid,
          ...(options.name === undefined ? {} : { name: options.name }),
        }),
      )(command),
    );
  checkpoint
    .command('list')
    .description('list checkpoints (read-only: works while a runtime runs)')
    .option('--root <pid>', 'only checkpoints of this root process')
    .action((options: CheckpointListOptions, command: Command) =>
      act(async (context) =>
        (await import('./commands/checkpoint-list.js')).runCheckpointList(context, options),
      )(command),
    );
  checkpoint
    .command('show')
    .description('show a checkpoint and the processes it captured (read-only)')
    .argument('<id>', 'the checkpoint (ckpt_…)')
    .action((id: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/checkpoint-show.js')).runCheckpointShow(context, { id }),
      )(command),
    );
  checkpoint
    .command('diff')
    .description(
      'what changed from a checkpoint to another of the same root, or to the subtree now (read-only)',
    )
    .argument('<id>', 'the checkpoint (ckpt_…)')
    .argument('[to]', 'a later checkpoint of the same root (default: the subtree now)')
    .option(
      '--files',
      'the workspace files the subtree changed since, as unified diffs against now',
    )
    .action((id: string, to: string | undefined, options: { files?: boolean }, command: Command) =>
      act(async (context) =>
        (await import('./commands/checkpoint-diff.js')).runCheckpointDiff(context, {
          id,
          ...(to === undefined ? {} : { to }),
          ...(options.files === undefined ? {} : { files: options.files }),
        }),
      )(command),
    );
  checkpoint
    .command('restore')
    .description(
      'put the subtree back as captured, at a safe point; lists the external effects since that it cannot undo',
    )
    .argument('<id>', 'the checkpoint (ckpt_…)')
    .option('--files', 'also put back the workspace files the subtree changed since')
    .option('--force', 'with --files, put back files someone else changed since too')
    .action((id: string, options: { files?: boolean; force?: boolean }, command: Command) =>
      act(async (context) =>
        (await import('./commands/checkpoint-restore.js')).runCheckpointRestore(context, {
          id,
          ...options,
        }),
      )(command),
    );
  checkpoint
    .command('fork')
    .description('a new, isolated subtree from the checkpoint (new pids); the original untouched')
    .argument('<id>', 'the checkpoint (ckpt_…)')
    .action((id: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/checkpoint-fork.js')).runCheckpointFork(context, { id }),
      )(command),
    );
  checkpoint
    .command('prune')
    .description(
      'retention: remove the checkpoints older than a duration and release the file pre-images no checkpoint needs',
    )
    .requiredOption('--older-than <duration>', 'e.g. 7d, 12h, 30m')
    .action((options: { olderThan: string }, command: Command) =>
      act(async (context) =>
        (await import('./commands/checkpoint-prune.js')).runCheckpointPrune(context, options),
      )(command),
    );
  checkpoint
    .command('rm')
    .description('remove a checkpoint (what it captured stays where it is)')
    .argument('<id>', 'the checkpoint (ckpt_…)')
    .action((id: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/checkpoint-remove.js')).runCheckpointRemove(context, { id }),
      )(command),
    );
}
