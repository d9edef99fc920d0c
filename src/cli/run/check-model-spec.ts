// Checks a `--model` spec before anything runs: it parses, its key is set, its script file loads.
import { isAbsolute, resolve } from 'node:path';
import { createModelProvider } from '../../models/create-provider.js';

/** Where a spec is checked: the environment holding keys, the directory paths are taken from. */
export interface ModelCheckOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory a relative `scripted:<file>` is resolved against (the command line's cwd). */
  readonly cwd: string;
  /** The `--base-url` server, which makes a key optional for OpenAI-compatible servers. */
  readonly baseURL?: string;
}

const SCRIPTED = 'scripted:';

/**
 * Builds the provider `spec` names, without calling it, so a bad spec, a missing API key or an
 * unreadable script fails here; returns the spec to remember, with a `scripted:` path made
 * absolute so a later `resume` from another directory finds the same file.
 * @throws INVALID_INPUT (bad spec; missing key, naming its variable; invalid script), NOT_FOUND
 *   (no such script file)
 * @example
 * await checkModelSpec('scripted:demo.yaml', { env: process.env, cwd: process.cwd() });
 * // 'scripted:/home/me/project/demo.yaml'
 */
export async function checkModelSpec(spec: string, options: ModelCheckOptions): Promise<string> {
  const trimmed = spec.trim();
  const normalised =
    trimmed.startsWith(SCRIPTED) && !isAbsolute(trimmed.slice(SCRIPTED.length).trim())
      ? `${SCRIPTED}${resolve(options.cwd, trimmed.slice(SCRIPTED.length).trim())}`
      : trimmed;
  // Built from the spec as given, so an error names the file as the operator wrote it.
  await createModelProvider(trimmed, {
    env: options.env,
    cwd: options.cwd,
    ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
  });
  return normalised;
}
