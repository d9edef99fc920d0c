// Bundles the web console (src/console) into static assets: dist/console/index.html and assets/.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src', 'console');
const to = join(root, 'dist', 'console');

rmSync(to, { recursive: true, force: true });
mkdirSync(join(to, 'assets'), { recursive: true });
const result = await build({
  entryPoints: [
    { in: join(from, 'main.tsx'), out: 'app' },
    { in: join(from, 'styles.css'), out: 'app' },
  ],
  outdir: join(to, 'assets'),
  bundle: true,
  minify: true,
  sourcemap: true,
  target: 'es2022',
  format: 'esm',
  platform: 'browser',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: join(from, 'tsconfig.json'),
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
copyFileSync(join(from, 'index.html'), join(to, 'index.html'));
const sizes = Object.entries(result.metafile.outputs)
  .filter(([name]) => !name.endsWith('.map'))
  .map(([name, output]) => `${name.slice(name.lastIndexOf('/') + 1)} ${output.bytes} B`);
process.stdout.write(`build-console: index.html, ${sizes.join(', ')} -> dist/console\n`);
