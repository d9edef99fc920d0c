// Validates a JSON value against a JSON Schema of the small subset Object Memory supports.
//
// Supported (draft 2020-12 meaning): `type` (object, array, string, number, integer, boolean,
// null, or a list of them), `properties`, `required`, `additionalProperties` (true, false or a
// schema), `items` (one schema for every element), `enum` (deep equality), `minLength` /
// `maxLength` (counted in Unicode code points), `minItems` / `maxItems`, `minimum` / `maximum` /
// `exclusiveMinimum` / `exclusiveMaximum` (numbers). Annotations (`$schema`, `$id`, `$comment`,
// `title`, `description`, `default`, `examples`) are ignored. Anything else (`pattern`, `format`,
// `$ref`, `oneOf`, `anyOf`, `allOf`, `not`, `if`, `const`, …) is refused by checkJsonSchema.
import { canonicalJson, type Json } from '../../base/canonical-json.js';

type JsonObject = { readonly [key: string]: Json };

/** At most this many problems are reported for one value. */
const MAX_PROBLEMS = 10;

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isList(value: Json | undefined): value is readonly Json[] {
  return Array.isArray(value);
}

function hasType(value: Json, type: Json): boolean {
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  return typeOf(value) === type;
}

/** Length in Unicode code points, as JSON Schema counts string length. */
function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * The problems of `value` against `schema` (already accepted by checkJsonSchema), each as
 * `<json pointer>: <what is wrong>`; an empty list when it conforms. Reports at most 10.
 * @example validateJsonSchema({ type: 'object', required: ['a'] }, {}) // ['/: a is required']
 */
export function validateJsonSchema(schema: Json, value: Json): string[] {
  const problems: string[] = [];
  validateAt(schema, value, { at: '', problems });
  return problems.slice(0, MAX_PROBLEMS);
}

function validateAt(
  schema: Json,
  value: Json,
  where: { readonly at: string; readonly problems: string[] },
): void {
  if (!isObject(schema) || where.problems.length >= MAX_PROBLEMS) return;
  const report = (what: string): void => {
    where.problems.push(`${where.at === '' ? '/' : where.at}: ${what}`);
  };
  const { type } = schema;
  if (type !== undefined) {
    const types = isList(type) ? type : [type];
    if (!types.some((t) => hasType(value, t))) {
      report(`expected ${types.map((t) => JSON.stringify(t)).join(' or ')}, got ${typeOf(value)}`);
      return;
    }
  }
  const options = schema.enum;
  if (isList(options)) {
    const text = canonicalJson(value);
    if (!options.some((option) => canonicalJson(option) === text))
      report('is not one of the allowed values');
  }
  if (typeof value === 'string') checkString(schema, value, report);
  if (typeof value === 'number') checkNumber(schema, value, report);
  if (isList(value)) {
    checkCount(schema, value.length, { min: 'minItems', max: 'maxItems', unit: 'items', report });
    if (schema.items !== undefined)
      value.forEach((item, i) => {
        validateAt(schema.items ?? {}, item, { ...where, at: `${where.at}/${i}` });
      });
  }
  if (isObject(value)) checkObject(schema, value, { ...where, report });
}

function checkString(schema: JsonObject, value: string, report: (what: string) => void): void {
  checkCount(schema, codePoints(value), {
    min: 'minLength',
    max: 'maxLength',
    unit: 'characters',
    report,
  });
}

function checkCount(
  schema: JsonObject,
  count: number,
  options: { min: string; max: string; unit: string; report: (what: string) => void },
): void {
  const min = schema[options.min];
  const max = schema[options.max];
  if (typeof min === 'number' && count < min)
    options.report(`has ${count} ${options.unit}, fewer than ${min}`);
  if (typeof max === 'number' && count > max)
    options.report(`has ${count} ${options.unit}, more than ${max}`);
}

function checkNumber(schema: JsonObject, value: number, report: (what: string) => void): void {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
  if (typeof minimum === 'number' && value < minimum) report(`is less than ${minimum}`);
  if (typeof maximum === 'number' && value > maximum) report(`is greater than ${maximum}`);
  if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum)
    report(`is not greater than ${exclusiveMinimum}`);
  if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum)
    report(`is not less than ${exclusiveMaximum}`);
}

function checkObject(
  schema: JsonObject,
  value: JsonObject,
  where: { readonly at: string; readonly problems: string[]; report: (what: string) => void },
): void {
  const properties = isObject(schema.properties) ? schema.properties : {};
  if (isList(schema.required)) {
    for (const name of schema.required) {
      if (typeof name === 'string' && !Object.hasOwn(value, name))
        where.report(`${name} is required`);
    }
  }
  const extra = schema.additionalProperties;
  for (const [name, member] of Object.entries(value)) {
    const at = `${where.at}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    const declared = Object.hasOwn(properties, name) ? properties[name] : undefined;
    if (declared !== undefined) validateAt(declared, member, { at, problems: where.problems });
    else if (extra === false) where.report(`${name} is not an allowed property`);
    else if (isObject(extra)) validateAt(extra, member, { at, problems: where.problems });
  }
}
