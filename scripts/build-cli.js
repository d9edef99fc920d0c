// Bundles the CLI (src/cli/run.ts and all it imports) into dist/cli-bundle/, which bin/agent-libos.js loads.
// Node loads ES modules one file at a time: ~1,170 of them (ours, zod, hono, yaml…) cost ~480 ms
// before `run` starts. The bundle is a few files instead. With splitting, every `import()` (each
// command, the model SDKs, the server) stays a chunk loaded only by what needs it.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const to = join(root, 'dist', 'cli-bundle');

rmSync(to, { recursive: true, force: true });
const result = await build({
  entryPoints: [join(root, 'src', 'cli', 'run.ts')],
  outdir: to,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  tsconfig: join(root, 'tsconfig.build.json'),
  // A native addon (loaded by path through `bindings`): it cannot be bundled.
  external: ['better-sqlite3'],
  // Bundled CommonJS (commander, yaml…) calls `require` for Node built-ins; an ES module has none.
  banner: {
    js: "import { createRequire as __libosCreateRequire } from 'node:module'; const require = __libosCreateRequire(import.meta.url);",
  },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
const outputs = Object.entries(result.metafile.outputs).filter(([name]) => !name.endsWith('.map'));
const bytes = outputs.reduce((sum, [, output]) => sum + output.bytes, 0);
const inputs = Object.keys(result.metafile.inputs).length;
process.stdout.write(
  `build-cli: ${inputs} modules -> ${outputs.length} files, ${(bytes / 1024).toFixed(0)} KiB in dist/cli-bundle\n`,
);
