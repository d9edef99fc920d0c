// Checks that a JSON Schema stays inside the subset validateJsonSchema implements.
import type { Json } from '../../base/canonical-json.js';
import { OBJECT_LIMITS } from './limits.js';

/** The JSON types a `type` keyword may name. */
export const SCHEMA_TYPES = [
  'object',
  'array',
  'string',
  'number',
  'integer',
  'boolean',
  'null',
] as const;

/** Keywords that constrain values (see validate-json-schema.ts for their meaning). */
const ASSERTIONS = [
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
] as const;

/** Keywords that only annotate; accepted and ignored. */
const ANNOTATIONS = ['$schema', '$id', '$comment', 'title', 'description', 'default', 'examples'];

/** Every keyword a supported schema may use. */
export const SUPPORTED_SCHEMA_KEYWORDS: readonly string[] = [...ASSERTIONS, ...ANNOTATIONS];

type JsonObject = { readonly [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: Json | undefined): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * Why `schema` is not a JSON Schema of the supported subset, or null when it is. Unsupported
 * keywords (`pattern`, `$ref`, `oneOf`, `format`, …) are refused rather than ignored, so a schema
 * never promises a check that is not made.
 */
export function checkJsonSchema(schema: Json): string | null {
  return checkAt(schema, { at: '', depth: 0 });
}

function checkAt(schema: Json, where: { at: string; depth: number }): string | null {
  const at = where.at === '' ? '/' : where.at;
  if (where.depth > OBJECT_LIMITS.maxSchemaDepth)
    return `the schema nests deeper than ${OBJECT_LIMITS.maxSchemaDepth} levels`;
  if (!isObject(schema)) return `the schema at ${at} is not an object`;
  for (const key of Object.keys(schema)) {
    if (!SUPPORTED_SCHEMA_KEYWORDS.includes(key))
      return `unsupported JSON Schema keyword ${JSON.stringify(key)} at ${at} (supported: ${ASSERTIONS.join(', ')})`;
  }
  const problem = checkKeywords(schema, at);
  if (problem !== null) return problem;
  const next = where.depth + 1;
  if (schema.properties !== undefined) {
    if (!isObject(schema.properties)) return `properties at ${at} is not an object`;
    for (const [name, sub] of Object.entries(schema.properties)) {
      const inner = checkAt(sub, { at: `${where.at}/properties/${name}`, depth: next });
      if (inner !== null) return inner;
    }
  }
  if (schema.items !== undefined) {
    const inner = checkAt(schema.items, { at: `${where.at}/items`, depth: next });
    if (inner !== null) return inner;
  }
  const extra = schema.additionalProperties;
  if (extra !== undefined && typeof extra !== 'boolean')
    return checkAt(extra, { at: `${where.at}/additionalProperties`, depth: next });
  return null;
}

function checkKeywords(schema: JsonObject, at: string): string | null {
  const { type, required } = schema;
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    if (types.length === 0 || !types.every((t) => SCHEMA_TYPES.some((known) => known === t)))
      return `type at ${at} must be one of ${SCHEMA_TYPES.join(', ')} (or a list of them)`;
  }
  if (required !== undefined && !(Array.isArray(required) && required.every(isString)))
    return `required at ${at} must be a list of property names`;
  if (schema.enum !== undefined && !(Array.isArray(schema.enum) && schema.enum.length > 0))
    return `enum at ${at} must be a non-empty list`;
  for (const key of ['minLength', 'maxLength', 'minItems', 'maxItems'] as const) {
    if (schema[key] !== undefined && !isCount(schema[key]))
      return `${key} at ${at} must be a non-negative integer`;
  }
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
    if (schema[key] !== undefined && typeof schema[key] !== 'number')
      return `${key} at ${at} must be a number`;
  }
  return null;
}

function isString(value: Json): value is string {
  return typeof value === 'string';
}
