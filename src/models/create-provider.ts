// Builds the ModelProvider a spec string names: `scripted:<file>`, `openai:<model>`, and so on.
import { LibosError } from '../base/errors.js';
import type { ModelProvider } from '../ports/model-provider.js';

/** Options of {@link createModelProvider}. */
export interface CreateModelProviderOptions {
  /** The environment (usually `process.env`): the only place API keys are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory a `scripted:` file path is resolved against. */
  readonly cwd: string;
  /** A different server for `openai:` / `openai-chat:` / `anthropic:`; overrides the env's. */
  readonly baseURL?: string;
  /** Longest one model call may take, body included (default 10 minutes). */
  readonly timeoutMs?: number;
}

const SPEC = /^(scripted|openai|openai-chat|anthropic):(.+)$/;

/**
 * The ModelProvider for `spec`:
 * - `scripted:<file>` replays a YAML/JSON script (see src/models/README.md);
 * - `openai:<model>` uses the Responses API, `openai-chat:<model>` Chat Completions (also for
 *   Ollama, vLLM and llama.cpp with a base URL), key from `OPENAI_API_KEY`, base URL from
 *   `baseURL` or `OPENAI_BASE_URL`;
 * - `anthropic:<model>` uses the Messages API, key from `ANTHROPIC_API_KEY`, base URL from
 *   `baseURL` or `ANTHROPIC_BASE_URL`.
 *
 * With a custom base URL the key may be missing. Keys are never taken from anywhere but `env`.
 * @throws INVALID_INPUT for a bad spec or a missing key (naming the variable, never a value);
 *   NOT_FOUND / INVALID_INPUT for a missing or invalid scripted file.
 * @example
 * const model = await createModelProvider('openai-chat:llama3.1', {
 *   env: process.env,
 *   cwd: process.cwd(),
 *   baseURL: 'http://127.0.0.1:11434/v1',
 * });
 */
export async function createModelProvider(
  spec: string,
  options: CreateModelProviderOptions,
): Promise<ModelProvider> {
  const match = SPEC.exec(spec.trim());
  const kind = match?.[1];
  const rest = match?.[2]?.trim() ?? '';
  if (kind === undefined || rest === '') {
    throw new LibosError(
      'INVALID_INPUT',
      'Choosing a model failed: expected scripted:<file>, openai:<model>, openai-chat:<model> ' +
        'or anthropic:<model>',
      { details: { spec: spec.slice(0, 100) } },
    );
  }
  const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  switch (kind) {
    // Each adapter (and its SDK) is loaded only when a spec names it: a CLI that runs no model
    // never pays for either SDK.
    case 'scripted': {
      const { loadScriptedProvider } = await import('./scripted/load-scripted-provider.js');
      return loadScriptedProvider(rest, { cwd: options.cwd });
    }
    case 'openai':
    case 'openai-chat': {
      const baseURL = options.baseURL ?? nonEmpty(options.env.OPENAI_BASE_URL);
      const { createOpenAIProvider } = await import('./openai/create-openai-provider.js');
      return createOpenAIProvider({
        model: rest,
        api: kind === 'openai' ? 'responses' : 'chat',
        env: options.env,
        ...(baseURL === undefined ? {} : { baseURL }),
        ...timeout,
      });
    }
    case 'anthropic': {
      const baseURL = options.baseURL ?? nonEmpty(options.env.ANTHROPIC_BASE_URL);
      const { createAnthropicProvider } = await import('./anthropic/create-anthropic-provider.js');
      return createAnthropicProvider({
        model: rest,
        env: options.env,
        ...(baseURL === undefined ? {} : { baseURL }),
        ...timeout,
      });
    }
    default:
      throw new LibosError('INTERNAL', `Choosing a model failed: unhandled kind ${kind}`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
