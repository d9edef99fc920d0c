// The image commands of the CLI: image load, list, show and register (each module loaded when used).
import type { Command } from 'commander';
import type { Act } from './cli-context.js';

/** Adds `image load|list|show|register|commit` (also spelled `images …`) to `program`. */
export function addImageCommands(program: Command, act: Act): void {
  const image = program
    .command('image')
    .alias('images')
    .description('load, list and show agent images (what --image names); images is the same');
  image
    .command('load')
    .description(
      'register the image version an image package defines: a folder with IMAGE.yaml (id, version, description, systemPrompt or promptFile, tools, defaultModel, requirements, defaultBudget, skills); through the live runtime when one runs',
    )
    .argument('<dir>', 'the package folder')
    .action((dir: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/image-load.js')).runImageLoad(context, { dir }),
      )(command),
    );
  image
    .command('list')
    .description('list built-in and registered images (read-only: works while a runtime runs)')
    .action((_options: object, command: Command) =>
      act(async (context) => (await import('./commands/image-list.js')).runImageList(context))(
        command,
      ),
    );
  image
    .command('show')
    .description('show one image version in full (id: the newest; id@N: version N), read-only')
    .argument('<ref>', 'the image: id or id@N')
    .action((ref: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/image-show.js')).runImageShow(context, { ref }),
      )(command),
    );
  image
    .command('register')
    .description(
      'register an image version from one YAML or JSON file: id, version, description, systemPrompt, tools, requirements, defaultBudget, defaultModel, skills (not while a runtime runs; image load takes a package folder)',
    )
    .argument('<file>', 'the image file')
    .action((file: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/image-register.js')).runImageRegister(context, { file }),
      )(command),
    );
  image
    .command('commit')
    .description(
      "register a new image version baked from a checkpoint's root: its prompt, tools, JIT tools and objects; what it held becomes declared requirements, never grants (through the live runtime when one runs)",
    )
    .argument('<checkpoint>', 'the checkpoint (ckpt_…)')
    .requiredOption('--as <image@version>', 'the new image version, e.g. reviewer@2')
    .action((checkpoint: string, options: { as: string }, command: Command) =>
      act(async (context) =>
        (await import('./commands/image-commit.js')).runImageCommit(context, {
          checkpoint,
          as: options.as,
        }),
      )(command),
    );
}
