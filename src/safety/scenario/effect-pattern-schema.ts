// The closed schema of an effect pattern: one effect kind (fs, object, process, human, …) and how it matches.
import { z } from 'zod';

/** How a pattern's text matches an effect's text. */
export const MATCH_MODES = ['exact', 'prefix', 'glob'] as const;

/** One match mode: `exact` equality, `prefix` string prefix, `glob` (`*` within a segment, `**` across). */
export type MatchMode = (typeof MATCH_MODES)[number];

const matchMode = z.enum(MATCH_MODES, {
  error: (issue) => `match must be one of exact, prefix, glob (got ${JSON.stringify(issue.input)})`,
});

const text = z.string({ error: 'must be a string' }).min(1, 'must not be empty');

/** One op or a list of them, read as a list. */
function ops<const T extends readonly [string, ...string[]]>(values: T) {
  const one = z.enum(values, {
    error: (issue) => `op must be one of ${values.join(', ')} (got ${JSON.stringify(issue.input)})`,
  });
  return z
    .union([one, z.array(one).min(1, 'must list at least one op')], {
      error: `op must be one of ${values.join(', ')}, or a list of them`,
    })
    .transform((value): T[number][] => (Array.isArray(value) ? value : [value]));
}

/** A pattern text with its match mode; wildcards outside `glob` are an error, not literal text. */
function matched<K extends string>(key: K) {
  return (
    value: { readonly match: MatchMode } & { readonly [P in K]?: string | undefined },
    ctx: z.RefinementCtx,
  ) => {
    const pattern = value[key];
    if (pattern !== undefined && value.match !== 'glob' && /[*?]/.test(pattern))
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `has a wildcard but match is ${value.match}; use match: glob`,
      });
  };
}

const fsPattern = z
  .strictObject({
    op: ops(['read', 'write', 'delete']).optional(),
    path: text,
    match: matchMode.default('exact'),
  })
  .superRefine(matched('path'));

const objectPattern = z
  .strictObject({
    op: ops(['read', 'write', 'delete']).optional(),
    namespace: text,
    /** Omitted: every object of the namespace and the namespace itself (list, create). */
    name: text.optional(),
    match: matchMode.default('exact'),
  })
  .superRefine(matched('name'));

const processPattern = z.strictObject({
  op: ops(['spawn', 'fork', 'exec', 'signal', 'message']).optional(),
  /** For exec: the image switched to. */
  image: text.optional(),
});

const humanPattern = z.strictObject({
  kind: z
    .enum(['question', 'permission', 'notification'], {
      error: 'kind must be question, permission or notification',
    })
    .optional(),
});

const registrationPattern = z
  .strictObject({ image: text.optional(), match: matchMode.default('exact') })
  .superRefine(matched('image'));

const shellPattern = z.strictObject({
  argv: z.array(text).min(1, 'argv must list at least the program'),
  match: z
    .enum(['exact', 'prefix'], { error: 'match for argv must be exact or prefix' })
    .default('exact'),
});

const networkPattern = z
  .strictObject({ host: text, match: matchMode.default('exact') })
  .superRefine(matched('host'));

/** The effect kinds a pattern may name, each with its own closed shape. */
export const EFFECT_KIND_FIELDS = {
  fs: fsPattern.optional(),
  object: objectPattern.optional(),
  process: processPattern.optional(),
  human: humanPattern.optional(),
  tool_registration: registrationPattern.optional(),
  shell: shellPattern.optional(),
  network: networkPattern.optional(),
};

/** Names of the effect kinds. */
export const EFFECT_KINDS = Object.keys(EFFECT_KIND_FIELDS) as (keyof typeof EFFECT_KIND_FIELDS)[];

/** Adds the "exactly one effect kind" check to an effect entry schema. */
export function exactlyOneKind(value: object, ctx: z.RefinementCtx): void {
  const named = EFFECT_KINDS.filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  if (named.length !== 1)
    ctx.addIssue({
      code: 'custom',
      message: `must name exactly one effect kind (${EFFECT_KINDS.join(', ')}), found ${
        named.length === 0 ? 'none' : named.join(', ')
      }`,
    });
}

/** An allowed effect. */
export const effectPatternSchema = z.strictObject(EFFECT_KIND_FIELDS).superRefine(exactlyOneKind);

/** A forbidden effect; `after: N` forbids it only once N matching effects were performed (a quota). */
export const forbiddenPatternSchema = z
  .strictObject({
    ...EFFECT_KIND_FIELDS,
    after: z.number().int('after must be a whole number').min(1).optional(),
  })
  .superRefine(exactlyOneKind);

/** An effect the success oracle expects, with the outcome the journal must show. */
export const expectedEffectSchema = z
  .strictObject({
    ...EFFECT_KIND_FIELDS,
    outcome: z.enum(['performed', 'denied', 'indeterminate'], {
      error: 'outcome must be performed, denied or indeterminate',
    }),
  })
  .superRefine(exactlyOneKind);

/** A validated effect pattern (any of the three entry shapes). */
export type EffectPattern = z.infer<typeof effectPatternSchema>;
