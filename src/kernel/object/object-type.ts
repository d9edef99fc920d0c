// Which object types exist: the built-in ones and any lowercase word an image or tool adds.
import { BUILTIN_OBJECT_TYPES } from './types.js';

const TYPE = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Why `type` cannot be an object type, or null: a lowercase word of letters, digits and `-`
 * (at most 40), such as the built-in `text`, `json`, `file-snapshot`, `message`, `tool-result`,
 * `plan`, `note` and `summary`.
 */
export function checkObjectType(type: string): string | null {
  if (!TYPE.test(type))
    return `an object type is a lowercase word of letters, digits and - (built in: ${BUILTIN_OBJECT_TYPES.join(', ')})`;
  return null;
}
