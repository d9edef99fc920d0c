// Checking a call's arguments against the tool's input schema, with compiled validators kept by schema hash.
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import type { Json } from '../base/canonical-json.js';
import { LibosError } from '../base/errors.js';

/** Most compiled validators kept; the oldest is dropped past it. */
const MAX_VALIDATORS = 1_000;

type Validate = (input: unknown) => { valid: boolean; errorMessage?: string | undefined };

/**
 * A checker of arguments: compiling a JSON Schema costs milliseconds, so each client set keeps
 * one Ajv (the SDK's provider) and the validators it compiled, by schema hash.
 */
export function createArgsChecker(): (call: {
  readonly attempted: string;
  readonly schemaSha256: string;
  readonly inputSchema: Json;
  readonly args: unknown;
}) => void {
  const ajv = new AjvJsonSchemaValidator();
  const compiled = new Map<string, Validate>();
  return (call) => {
    let validate = compiled.get(call.schemaSha256);
    if (validate === undefined) {
      try {
        validate = ajv.getValidator(call.inputSchema as JsonSchemaType);
      } catch {
        throw new LibosError(
          'TOOL_FAILED',
          `${call.attempted} failed: the tool's input schema is not a usable JSON Schema`,
        );
      }
      if (compiled.size >= MAX_VALIDATORS) {
        const oldest = compiled.keys().next().value;
        if (oldest !== undefined) compiled.delete(oldest);
      }
      compiled.set(call.schemaSha256, validate);
    }
    const result = validate(call.args);
    if (!result.valid)
      throw new LibosError(
        'INVALID_INPUT',
        `${call.attempted} failed: the arguments do not match the tool's input schema: ${(result.errorMessage ?? '').slice(0, 500)}`,
      );
  };
}
