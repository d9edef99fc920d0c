// Copies the non-TypeScript files the build needs into dist/: the SQL migrations.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src', 'store', 'sqlite', 'migrations');
const to = join(root, 'dist', 'store', 'sqlite', 'migrations');

mkdirSync(to, { recursive: true });
const files = readdirSync(from).filter((name) => name.endsWith('.sql'));
for (const name of files) copyFileSync(join(from, name), join(to, name));
process.stdout.write(
  `copy-assets: ${files.length} migration file(s) -> dist/store/sqlite/migrations\n`,
);
