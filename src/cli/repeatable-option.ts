// Commander's repeatable options: the accumulator, and the record options several commands share.
import type { Command } from 'commander';

/** Collects a repeatable option's values. */
export function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

/** Adds the repeatable `--grant`, `--ask` and `--deny` record options `run`, `spawn` and `caps grant` share. */
export function withRecordOptions(command: Command): Command {
  return command
    .option(
      '--grant <resource=rights>',
      'an allow record, e.g. fs:src/**=read; options ;once ;expires=2h ;no-delegate (repeat)',
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
    );
}
