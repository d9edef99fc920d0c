import { describe, expect, it } from 'vitest';
import type { Json } from '../../base/canonical-json.js';
import { checkJsonSchema } from './check-json-schema.js';
import { validateJsonSchema } from './validate-json-schema.js';

const TASK: Json = {
  type: 'object',
  required: ['title', 'priority'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 5 },
    priority: { type: 'integer', minimum: 1, maximum: 3 },
    ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    state: { enum: ['open', 'done', { custom: [1] }] },
    tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2 },
    note: { type: ['string', 'null'] },
  },
};

describe('validateJsonSchema', () => {
  it.each<[string, Json]>([
    ['a minimal value', { title: 'a', priority: 1 }],
    [
      'every field',
      { title: 'abcde', priority: 3, ratio: 0.5, state: 'done', tags: ['x', 'y'], note: null },
    ],
    ['an enum member compared deeply', { title: 'a', priority: 2, state: { custom: [1] } }],
    ['code points, not UTF-16 units', { title: '😀😀😀😀😀', priority: 1 }],
  ])('accepts %s', (_, value) => {
    expect(validateJsonSchema(TASK, value)).toEqual([]);
  });

  it.each<[string, Json, string]>([
    ['a wrong root type', [], '/: expected "object", got array'],
    ['a missing required property', { title: 'a' }, '/: priority is required'],
    ['an extra property', { title: 'a', priority: 1, x: 1 }, '/: x is not an allowed property'],
    [
      'a too long string',
      { title: 'abcdef', priority: 1 },
      '/title: has 6 characters, more than 5',
    ],
    ['an empty string', { title: '', priority: 1 }, '/title: has 0 characters, fewer than 1'],
    ['a fraction for an integer', { title: 'a', priority: 1.5 }, '/priority: expected "integer"'],
    ['a number above the maximum', { title: 'a', priority: 4 }, '/priority: is greater than 3'],
    ['a number below the minimum', { title: 'a', priority: 0 }, '/priority: is less than 1'],
    ['an exclusive bound', { title: 'a', priority: 1, ratio: 1 }, '/ratio: is not less than 1'],
    ['a value outside the enum', { title: 'a', priority: 1, state: 'x' }, '/state: is not one of'],
    ['too many items', { title: 'a', priority: 1, tags: ['a', 'b', 'c'] }, '/tags: has 3 items'],
    ['a wrong item type', { title: 'a', priority: 1, tags: [1] }, '/tags/0: expected "string"'],
    ['a union miss', { title: 'a', priority: 1, note: 3 }, '/note: expected "string" or "null"'],
  ])('rejects %s', (_, value, problem) => {
    const problems = validateJsonSchema(TASK, value);
    expect(problems.some((p) => p.startsWith(problem))).toBe(true);
  });

  it('validates extra properties against an additionalProperties schema', () => {
    const schema: Json = { type: 'object', additionalProperties: { type: 'number' } };
    expect(validateJsonSchema(schema, { a: 1, b: 2 })).toEqual([]);
    expect(validateJsonSchema(schema, { a: 'x' })).toEqual(['/a: expected "number", got string']);
  });

  it('reports at most ten problems', () => {
    const schema: Json = { type: 'array', items: { type: 'string' } };
    expect(
      validateJsonSchema(
        schema,
        Array.from({ length: 30 }, (_, i) => i),
      ),
    ).toHaveLength(10);
  });
});

describe('checkJsonSchema', () => {
  it('accepts the supported subset with annotations', () => {
    expect(checkJsonSchema(TASK)).toBeNull();
    expect(
      checkJsonSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 't' }),
    ).toBeNull();
  });

  it.each<[string, Json, string]>([
    [
      'pattern',
      { type: 'string', pattern: '^a' },
      'unsupported JSON Schema keyword "pattern" at /',
    ],
    ['$ref deep inside', { properties: { a: { $ref: '#' } } }, 'keyword "$ref" at /properties/a'],
    ['oneOf', { oneOf: [] }, 'unsupported JSON Schema keyword "oneOf"'],
    ['format', { items: { format: 'email' } }, 'keyword "format" at /items'],
    ['a non-object schema', true, 'is not an object'],
    ['an unknown type', { type: 'date' }, 'type at / must be one of'],
    ['a negative length', { maxLength: -1 }, 'maxLength at / must be a non-negative integer'],
    ['a textual bound', { minimum: '1' }, 'minimum at / must be a number'],
    ['required not a list', { required: 'a' }, 'required at / must be a list'],
    ['an empty enum', { enum: [] }, 'enum at / must be a non-empty list'],
  ])('refuses %s', (_, schema, problem) => {
    expect(checkJsonSchema(schema)).toContain(problem);
  });

  it('refuses schemas nested deeper than 32 levels', () => {
    let schema: Json = { type: 'string' };
    for (let i = 0; i < 40; i += 1) schema = { type: 'array', items: schema };
    expect(checkJsonSchema(schema)).toContain('deeper than 32');
  });
});
