// The resource a model call needs: `model:<provider>/<model>` from a `provider:model` spec.
import { LibosError } from '../../base/errors.js';
import type { ConcreteResource } from '../capability/types.js';

const SPEC = /^([a-z][a-z0-9-]{0,31}):(.+)$/;

/**
 * The `model` resource a call to `spec` needs: `openai:gpt-4.1-mini` → `model:openai/gpt-4.1-mini`,
 * `openai-chat:llama3.1:8b` → `model:openai-chat/llama3.1:8b`. A scripted model is named by its
 * file's base name (`scripted:./demo/script.yaml` → `model:scripted/script.yaml`), so a grant does
 * not depend on where the file is. Grants may use subtrees: `model:openai/**`, `model:**`.
 * @throws INVALID_INPUT for a spec that is not `provider:model`, or a model name with empty, `.`
 *   or `..` segments
 */
export function modelResource(spec: string): ConcreteResource {
  const match = SPEC.exec(spec.trim());
  const provider = match?.[1];
  let model = match?.[2]?.trim() ?? '';
  if (provider === 'scripted')
    model =
      model
        .split('/')
        .filter((s) => s !== '')
        .at(-1) ?? '';
  const segments = model.split('/');
  if (
    provider === undefined ||
    model === '' ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw new LibosError(
      'INVALID_INPUT',
      'Naming a model failed: expected provider:model (e.g. openai:gpt-4.1-mini)',
      { details: { spec: spec.slice(0, 100) } },
    );
  }
  return { kind: 'model', path: `${provider}/${model}` };
}
