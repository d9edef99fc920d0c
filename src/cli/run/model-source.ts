// The models an agent runtime opened by the CLI uses: one provider per spec, keys from the env.
import { createModelProvider } from '../../models/create-provider.js';
import type { ModelProvider } from '../../ports/model-provider.js';

/**
 * A `spec → provider` function for the agent loop that builds each provider once (a scripted file
 * is read once) with the CLI's environment and `--base-url`. A failed build is not kept, so a
 * fixed key or file works on the next call.
 */
export function createModelSource(options: {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  baseURL?: string;
}): (spec: string) => Promise<ModelProvider> {
  const cache = new Map<string, Promise<ModelProvider>>();
  return (spec) => {
    const cached = cache.get(spec);
    if (cached !== undefined) return cached;
    const provider = createModelProvider(spec, options);
    provider.catch(() => cache.delete(spec));
    cache.set(spec, provider);
    return provider;
  };
}
