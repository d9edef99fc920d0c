// The image commands of the CLI: images list and register (each module loaded when used).
import type { Command } from 'commander';
import type { Act } from './cli-context.js';

/** Adds `images list|register` to `program`. */
export function addImageCommands(program: Command, act: Act): void {
  const images = program
    .command('images')
    .description('list and register agent images (what --image names)');
  images
    .command('list')
    .description('list built-in and registered images (read-only: works while a runtime runs)')
    .action((_options: object, command: Command) =>
      act(async (context) => (await import('./commands/image-list.js')).runImageList(context))(
        command,
      ),
    );
  images
    .command('register')
    .description(
      'register an image version from a YAML or JSON file: id, version, description, systemPrompt, tools, requirements, defaultBudget, defaultModel (not while a runtime runs)',
    )
    .argument('<file>', 'the image file')
    .action((file: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/image-register.js')).runImageRegister(context, { file }),
      )(command),
    );
}
