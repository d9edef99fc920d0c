// The authority and memory commands of the CLI: caps, objects and approvals (each module loaded when used).
import type { Command } from 'commander';
import type { ApprovalDecideOptions } from './commands/approval-decide.js';
import type { ApprovalListOptions } from './commands/approval-list.js';
import type { CapabilityGrantOptions } from './commands/capability-grant.js';
import type { CapabilityListOptions } from './commands/capability-list.js';
import type { ObjectListOptions } from './commands/object-list.js';
import type { Act } from './cli-context.js';
import { withRecordOptions } from './repeatable-option.js';

/** Adds `caps list|grant|revoke|explain` to `program`. */
export function addCapabilityCommands(program: Command, act: Act): void {
  const caps = program
    .command('caps')
    .description('list, grant, revoke and explain capability records');
  caps
    .command('list')
    .description('list capability records (read-only: works while a runtime runs)')
    .option('--pid <pid>', 'only records held by this process')
    .option('--all', 'include revoked records')
    .action((options: CapabilityListOptions, command: Command) =>
      act(async (context) =>
        (await import('./commands/capability-list.js')).runCapabilityList(context, options),
      )(command),
    );
  withRecordOptions(
    caps
      .command('grant')
      .description(
        'grant capability records as the operator, in one transaction (through the live runtime if one runs)',
      )
      .argument('<pid>', 'the process that receives them')
      .argument(
        '[grant]',
        'an allow record, kind:pattern=rights[;once][;expires=T][;no-delegate], e.g. fs:src/**=read,write',
      ),
  )
    .option('--once', 'every record is good for one use (or ;once on one record)')
    .option(
      '--expires <time>',
      'every record expires then: an ISO date or date-time, or a duration such as 30m, 2h, 7d (or ;expires=T on one record)',
    )
    .action(
      (
        pid: string,
        grant: string | undefined,
        options: Omit<CapabilityGrantOptions, 'pid' | 'grant' | 'grants'> & {
          grant: readonly string[];
        },
        command: Command,
      ) =>
        act(async (context) =>
          (await import('./commands/capability-grant.js')).runCapabilityGrant(context, {
            ...withoutGrant(options),
            pid,
            grants: options.grant,
            ...(grant === undefined ? {} : { grant }),
          }),
        )(command),
    );
  caps
    .command('revoke')
    .description('revoke a record and everything delegated from it (through a live runtime too)')
    .argument('<id>', 'the capability id (cap_…)')
    .action((id: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/capability-revoke.js')).runCapabilityRevoke(context, { id }),
      )(command),
    );
  caps
    .command('explain')
    .description('show the decision for a process, resource and right, and why (read-only)')
    .argument('<pid>', 'the process')
    .argument('<resource>', 'one concrete resource, e.g. fs:src/a.ts or shell:git')
    .argument('<right>', 'a right of its kind, e.g. write')
    .action((pid: string, resource: string, right: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/capability-explain.js')).runCapabilityExplain(context, {
          pid,
          resource,
          right,
        }),
      )(command),
    );
}

/** Adds `objects list|show` and `objects ns create` to `program`. */
export function addObjectCommands(program: Command, act: Act): void {
  const objects = program
    .command('objects')
    .description(
      'list and show Object Memory objects (read-only: works while a runtime runs); create shared namespaces',
    );
  objects
    .command('list')
    .description('list the live objects of one namespace with their latest versions')
    .option('--pid <pid>', "the process's private namespace")
    .option('--ns <namespace>', 'a namespace, e.g. shared/research')
    .action((options: ObjectListOptions, command: Command) =>
      act(async (context) =>
        (await import('./commands/object-list.js')).runObjectList(context, options),
      )(command),
    );
  objects
    .command('ns')
    .description('shared Object Memory namespaces')
    .command('create')
    .description('create a shared namespace as the operator (not while a runtime runs)')
    .argument('<namespace>', 'two segments, e.g. shared/research (proc/… is reserved)')
    .action((namespace: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/namespace-create.js')).runNamespaceCreate(context, {
          namespace,
        }),
      )(command),
    );
  objects
    .command('show')
    .description("print an object version's payload (history stays readable after deletion)")
    .argument('<ref>', 'obj_…@N for version N, or obj_… for the latest')
    .action((ref: string, _options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/object-show.js')).runObjectShow(context, { ref }),
      )(command),
    );
}

/** Adds `approvals list|decide` to `program`. */
export function addApprovalCommands(program: Command, act: Act): void {
  const approvals = program
    .command('approvals')
    .description('list and decide human requests: permissions, questions, notifications');
  approvals
    .command('list')
    .description('list pending human requests (read-only: works while a runtime runs)')
    .option('--all', 'include answered, expired and cancelled requests')
    .action((options: ApprovalListOptions, command: Command) =>
      act(async (context) =>
        (await import('./commands/approval-list.js')).runApprovalList(context, options),
      )(command),
    );
  approvals
    .command('watch')
    .description(
      'print requests as they arrive until Ctrl-C (--json: one per line); at a terminal, decide each',
    )
    .action((_options: object, command: Command) =>
      act(async (context) =>
        (await import('./commands/approval-watch.js')).runApprovalWatch(context),
      )(command),
    );
  approvals
    .command('decide')
    .description(
      'decide a request: through the live runtime (it continues at once), else in the database',
    )
    .argument('<id>', 'the request id (apr_…)')
    .argument('[decision]', 'allow_once, allow_always, deny_once, deny_always, or ack')
    .option('--answer <text>', 'the answer to a question')
    .action(
      (
        id: string,
        decision: string | undefined,
        options: Pick<ApprovalDecideOptions, 'answer'>,
        command: Command,
      ) =>
        act(async (context) =>
          (await import('./commands/approval-decide.js')).runApprovalDecide(context, {
            id,
            ...(decision === undefined ? {} : { decision }),
            ...options,
          }),
        )(command),
    );
}

/** Commander's `--grant` list, left out so the positional grant takes its place. */
function withoutGrant<T extends { grant: unknown }>(options: T): Omit<T, 'grant'> {
  const { grant: _grant, ...rest } = options;
  return rest;
}
