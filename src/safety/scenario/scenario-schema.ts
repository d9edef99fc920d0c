// The closed schema of a safety scenario: fixture, setup, scripted model, effects and oracles.
import { z } from 'zod';
import { isLibosError } from '../../base/errors.js';
import { PERMISSION_DECISIONS } from '../../kernel/approval/types.js';
import { parseScriptedScript } from '../../models/scripted/parse-scripted-script.js';
import { SAFETY_RUNNERS } from '../../testing/safety-hooks.js';
import {
  effectPatternSchema,
  expectedEffectSchema,
  forbiddenPatternSchema,
} from './effect-pattern-schema.js';

/** The attack classes scenarios are grouped by. */
export const ATTACK_CLASSES = [
  'secret_read',
  'forbidden_write',
  'path_escape',
  'namespace_isolation',
  'delegation',
  'spawn_exec',
  'approval_abuse',
  'capability_request',
  'interrupt_kill',
  'crash_recovery',
  'exfiltration',
] as const;

const CATCHERS = SAFETY_RUNNERS.filter((r) => r !== 'full');

const text = z.string({ error: 'must be a string' }).min(1, 'must not be empty');
const name = z
  .string({ error: 'must be a string' })
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be lowercase letters, digits and dashes');
const files = z.record(text, z.string({ error: 'file content must be a string' }));

const workspaceSchema = z.strictObject({
  /** Workspace files by relative path. */
  files: files.default({}),
  /** Empty directories. */
  dirs: z.array(text).default([]),
  /** Symbolic links by workspace path; the target is written as given (may point outside). */
  symlinks: z.record(text, text).default({}),
  /** Files of the `outside/` directory next to the workspace (reached as `../outside/…`). */
  outside: files.default({}),
});

const grantSchema = z.strictObject({
  resource: text,
  rights: z.union([text, z.array(text).min(1)], { error: 'rights must be a string or a list' }),
  effect: z
    .enum(['allow', 'deny', 'ask'], { error: 'effect must be allow, deny or ask' })
    .optional(),
  once: z.boolean().optional(),
  delegable: z.boolean().optional(),
});

const processSchema = z.strictObject({
  name,
  image: text.default('bench'),
  /** Defaults to the name; the scripted model matches processes by name. */
  goal: text.optional(),
  /** An earlier process; the operator spawns this one as its child. */
  parent: name.optional(),
  cwd: text.optional(),
  grants: z.array(grantSchema).default([]),
});

/** An operator label rule (see ARCHITECTURE "Labels and exits"); `${pid:<name>}` allowed. */
const labelRuleSchema = z.strictObject({
  pattern: text,
  sensitivity: text,
  on_exceed: z.enum(['ask', 'deny'], { error: 'on_exceed must be ask or deny' }).optional(),
});

const SIGNALS = ['terminate', 'interrupt', 'pause', 'resume'] as const;

const approvalRuleSchema = z
  .strictObject({
    match: z
      .strictObject({
        kind: z
          .enum(['question', 'permission'], { error: 'kind must be question or permission' })
          .optional(),
        syscall: text.optional(),
        resource: text.optional(),
        process: name.optional(),
      })
      .default({}),
    decide: z
      .enum(PERMISSION_DECISIONS, {
        error: `decide must be one of ${PERMISSION_DECISIONS.join(', ')}`,
      })
      .optional(),
    answer: z.string().optional(),
    /** Sent (by the operator) before any decision: to `target`, or to the requesting process. */
    signal: z.enum(SIGNALS, { error: `signal must be one of ${SIGNALS.join(', ')}` }).optional(),
    target: name.optional(),
    /** How many requests this rule handles (default: every matching one). */
    times: z.number().int().min(1).optional(),
  })
  .refine((r) => r.decide !== undefined || r.answer !== undefined || r.signal !== undefined, {
    message: 'a rule must decide, answer or signal',
  });

const objectSchema = z.strictObject({
  namespace: text,
  name: text,
  type: text.default('text'),
  content: z.string({ error: 'content must be a string' }),
});

const STATES = ['runnable', 'running', 'waiting', 'paused', 'exited', 'failed', 'killed'] as const;
const stateSchema = z.enum(STATES, { error: `state must be one of ${STATES.join(', ')}` });

const fileCheckSchema = z.strictObject({
  /** Workspace-relative; `../outside/…` reaches the outside directory. */
  path: text,
  exists: z.boolean().optional(),
  contains: z.string().optional(),
  equals: z.string().optional(),
});

const modelSchema = z.unknown().superRefine((value, ctx) => {
  try {
    parseScriptedScript(value, { source: 'model' });
  } catch (error) {
    if (!isLibosError(error)) throw error;
    ctx.addIssue({
      code: 'custom',
      message: error.message.replace(/^Reading scripted model /, ''),
    });
  }
});

/** A scenario as written (before pids are known). */
export const scenarioSchema = z
  .strictObject({
    id: z
      .string({ error: 'id must be a string' })
      .regex(/^[a-z0-9][a-z0-9-]{2,79}$/, 'id must be lowercase letters, digits and dashes'),
    attack_class: z.enum(ATTACK_CLASSES, {
      error: `attack_class must be one of ${ATTACK_CLASSES.join(', ')}`,
    }),
    description: text,
    /** Runners (other than full) under which this scenario must fail: proof it has teeth. */
    caught_by: z
      .array(
        z
          .enum(SAFETY_RUNNERS, {
            error: `caught_by lists runners other than full: ${CATCHERS.join(', ')}`,
          })
          .refine((r) => r !== 'full', 'full is the runtime under test; it catches nothing'),
      )
      .min(1, 'caught_by must name at least one baseline or ablation'),
    workspace: workspaceSchema.default({ files: {}, dirs: [], symlinks: {}, outside: {} }),
    setup: z.strictObject({
      processes: z.array(processSchema).min(1, 'at least one process'),
      namespaces: z.array(text).default([]),
      objects: z.array(objectSchema).default([]),
      /** Label rules the operator sets after spawning the processes (pids are known then). */
      labels: z.array(labelRuleSchema).default([]),
      approvals: z.array(approvalRuleSchema).default([]),
    }),
    /** The scripted model file (src/models/README.md), inline. */
    model: modelSchema,
    /** Simulates a crash at the first call of `syscall` by `process` reaching `at`. */
    crash: z
      .strictObject({
        process: name,
        syscall: text,
        at: z.enum(['ran', 'settled'], { error: 'at must be ran or settled' }),
      })
      .optional(),
    effects: z.strictObject({
      allowed: z.array(effectPatternSchema).default([]),
      forbidden: z.array(forbiddenPatternSchema).min(1, 'at least one forbidden effect'),
    }),
    success: z.strictObject({
      processes: z
        .record(name, z.union([stateSchema, z.strictObject({ state: stateSchema, reason: text })]))
        .default({}),
      effects: z.array(expectedEffectSchema).default([]),
      files: z.array(fileCheckSchema).default([]),
    }),
  })
  .superRefine(checkNames);

/**
 * A validated scenario. Process names in `success.processes` and approval rules may also name
 * children the scripted processes spawn (by the name they give them).
 */
export type Scenario = z.infer<typeof scenarioSchema>;

function checkNames(
  scenario: {
    setup: { processes: { name: string; parent?: string | undefined }[] };
    crash?: { process: string } | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  scenario.setup.processes.forEach((p, i) => {
    if (seen.has(p.name))
      ctx.addIssue({
        code: 'custom',
        path: ['setup', 'processes', i, 'name'],
        message: `${p.name} is named twice`,
      });
    if (p.parent !== undefined && !seen.has(p.parent))
      ctx.addIssue({
        code: 'custom',
        path: ['setup', 'processes', i, 'parent'],
        message: `${p.parent} is not an earlier process`,
      });
    seen.add(p.name);
  });
  if (scenario.crash !== undefined && !seen.has(scenario.crash.process))
    ctx.addIssue({
      code: 'custom',
      path: ['crash', 'process'],
      message: `no process ${scenario.crash.process} in setup`,
    });
}
