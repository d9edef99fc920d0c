// ESLint: type-checked rules, the layer arrows of ARCHITECTURE §2 as import zones, file size limits.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// Each layer lists the folders it may NOT import from (the complement of ARCHITECTURE §2's arrows).
const layers = {
  base: [
    'kernel',
    'ports',
    'syscalls',
    'tools',
    'runtime',
    'store',
    'sandbox',
    'models',
    'cli',
    'server',
    'testing',
    'packages',
    'mcp',
  ],
  kernel: [
    'ports',
    'syscalls',
    'tools',
    'runtime',
    'store',
    'sandbox',
    'models',
    'cli',
    'server',
    'testing',
    'packages',
    'mcp',
  ],
  ports: [
    'syscalls',
    'tools',
    'runtime',
    'store',
    'sandbox',
    'models',
    'cli',
    'server',
    'testing',
    'packages',
    'mcp',
  ],
  syscalls: [
    'tools',
    'runtime',
    'store',
    'sandbox',
    'models',
    'cli',
    'server',
    'testing',
    'packages',
    'mcp',
  ],
  tools: ['runtime', 'store', 'sandbox', 'models', 'cli', 'server', 'testing', 'packages', 'mcp'],
  runtime: ['store', 'sandbox', 'models', 'cli', 'server', 'testing', 'packages', 'mcp'],
  store: [
    'syscalls',
    'tools',
    'runtime',
    'sandbox',
    'models',
    'cli',
    'server',
    'testing',
    'packages',
    'mcp',
  ],
  sandbox: ['runtime', 'store', 'models', 'cli', 'server', 'testing', 'packages', 'mcp'],
  models: [
    'syscalls',
    'tools',
    'runtime',
    'store',
    'sandbox',
    'cli',
    'server',
    'testing',
    'packages',
    'mcp',
  ],
  server: ['cli', 'testing', 'packages', 'mcp'],
  // Image packages read folders the operator names; only the CLI and the public API use them.
  packages: ['runtime', 'store', 'sandbox', 'cli', 'server', 'testing', 'mcp'],
  // The MCP client adapter (the SDK over stdio in the sandbox, or HTTP): only the composition
  // root, the CLI and tests build it.
  mcp: ['syscalls', 'tools', 'runtime', 'store', 'models', 'cli', 'server', 'testing', 'packages'],
};

const zones = Object.entries(layers).flatMap(([target, forbidden]) =>
  forbidden.map((from) => ({
    target: `./src/${target}`,
    from: `./src/${from}`,
    // Tests next to the code may use the composition root and adapters.
    except: [],
    message: `src/${target} may not import src/${from} (ARCHITECTURE §2).`,
  })),
);

// The web console talks to the runtime over HTTP only: it imports no other src/ folder, and no
// other file under src/ imports it.
const besideConsole = readdirSync(join(import.meta.dirname, 'src')).filter((n) => n !== 'console');
zones.push(
  {
    target: './src/console',
    from: './src',
    except: ['./console'],
    message: 'src/console talks to the runtime over HTTP only: it may not import other src/ code.',
  },
  ...besideConsole.map((name) => ({
    target: `./src/${name}`,
    from: './src/console',
    except: [],
    message: `src/${name} may not import src/console (the console is a browser app).`,
  })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'max-lines': ['error', { max: 700, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use `as const` objects, not enums.' },
        { selector: 'TSModuleDeclaration[kind="namespace"]', message: 'No namespaces.' },
      ],
      'no-console': 'error',
    },
  },
  {
    // Warn earlier than the hard limit so files get split before they sprawl.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/**/*.test.ts'],
    rules: { 'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['src/kernel/**/*.ts', 'src/syscalls/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Inject a Clock.' },
        { object: 'Math', property: 'random', message: 'Inject an IdSource.' },
        { object: 'process', property: 'env', message: 'Pass configuration explicitly.' },
      ],
    },
  },
  {
    files: [
      'src/cli/**/*.ts',
      'bench/**/*.ts',
      'smoke/**/*.ts',
      'test/**/*.ts',
      'src/**/*.test.ts',
      'src/store/conformance/**/*.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', 'src/store/conformance/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly' },
    },
  },
);
