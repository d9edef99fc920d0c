// The Skill commands of the CLI: skills add, list, show and rm (each module loaded when used).
import type { Command } from 'commander';
import type { Act } from './cli-context.js';
import type { SkillShowOptions } from './commands/skill-show.js';

/** Adds `skills add|list|show|rm` (also spelled `skill`) to `program`. */
export function addSkillCommands(program: Command, act: Act): void {
  const skills = program
    .command('skills')
    .alias('skill')
    .description(
      'register Skill folders (SKILL.md + files) and list, show or remove them; grant them with skill:<name>=read,activate',
    );
  skills
    .command('add')
    .description(
      'snapshot a Skill folder (every regular file, by content hash) as the next version of the Skill its SKILL.md names (not while a runtime runs)',
    )
    .argument('<dir>', 'the Skill folder, holding SKILL.md')
    .action((dir: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/skill-add.js')).runSkillAdd(context, { dir }),
      )(command),
    );
  skills
    .command('list')
    .description(
      'list registered Skills, newest version each (read-only: works while a runtime runs)',
    )
    .action((_options: object, command: Command) =>
      act(async (context) => (await import('./commands/skill-list.js')).runSkillList(context))(
        command,
      ),
    );
  skills
    .command('show')
    .description(
      "show a Skill's snapshot: description, front matter, files; --file prints one file",
    )
    .argument('<name>', 'name (newest version) or name@N')
    .option('--file <path>', 'print this file of the version instead, e.g. SKILL.md')
    .action((name: string, options: Omit<SkillShowOptions, 'ref'>, command: Command) =>
      act(async (context) =>
        (await import('./commands/skill-show.js')).runSkillShow(context, { ...options, ref: name }),
      )(command),
    );
  skills
    .command('rm')
    .description(
      'remove a Skill: no process lists, activates or reads it afterwards (not while a runtime runs)',
    )
    .argument('<name>', 'the Skill name')
    .action((name: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/skill-remove.js')).runSkillRemove(context, { name }),
      )(command),
    );
}
