// The demo's cast: the workspace files, the orchestrator's capability records, the scripted model.
import type { Pid } from '../../base/ids.js';
import type { ScriptedModelFile } from '../../models/scripted/scripted-script.js';
import type { SpawnFlags } from '../run/parse-spawn-flags.js';

/** Files the demo workspace starts with (paths relative to it). */
export const DEMO_FILES: Readonly<Record<string, string>> = {
  'notes/sources.md':
    '# Sources\n- Temporal: durable execution\n- Erlang/OTP: supervisors and let-it-crash\n',
  'notes/secret.txt': 'the launch codes\n',
};

/** Directories the demo workspace starts with; the writer's report goes into `report/`. */
export const DEMO_DIRS: readonly string[] = ['notes', 'report'];

/** The root of the tour, as `agent-libos run` flags (the model is added by the demo). */
export const DEMO_ROOT: SpawnFlags = {
  image: 'orchestrator',
  goal: 'Write a short report on durable agent runtimes',
  name: 'orchestrator',
  grant: ['process:spawn=spawn', 'fs:notes/**=read', 'fs:report/**=write'],
  deny: ['fs:notes/secret.txt=read'],
  ask: ['fs:report/**=write'],
};

/** Where the writer writes; its ask record makes a human decide. */
export const DEMO_REPORT = 'report/summary.md';

/** The processes of the tour, by role. */
export interface DemoCast {
  readonly orchestrator: Pid;
  readonly researcher: Pid;
  readonly writer: Pid;
}

/**
 * The scripted model of the tour (one tool call per turn; see src/models/README.md). The
 * orchestrator leaves a brief in its memory, spawns a researcher (read on `notes/**` and on its
 * memory; the operator's deny on `notes/secret.txt` goes along) and a writer (write on `report/**`,
 * with the operator's ask record), waits for both and exits. The researcher reads the brief and
 * the sources, is denied the secret, and exits; the writer's write waits for a human.
 */
export function demoScript(cast: DemoCast): ScriptedModelFile {
  const memory = `proc/${cast.orchestrator}`;
  return {
    agents: [
      {
        name: 'orchestrator',
        calls: [
          {
            memory_create: {
              name: 'brief',
              type: 'note',
              content: 'Cover leases, the journal and approvals; cite notes/sources.md.',
            },
          },
          {
            spawn_agent: {
              image: 'research',
              name: 'researcher',
              goal: 'Collect sources for the report from notes/',
              grants: [
                { resource: 'fs:notes/**', rights: ['read'] },
                { resource: `object:ns/${memory}/**`, rights: ['read'] },
              ],
            },
          },
          {
            spawn_agent: {
              image: 'coding',
              name: 'writer',
              goal: `Write the report to ${DEMO_REPORT}`,
              grants: [{ resource: 'fs:report/**', rights: ['write'] }],
            },
          },
          { wait_agent: { pid: cast.researcher } },
          { wait_agent: { pid: cast.writer } },
          { exit: { result: { report: DEMO_REPORT, sources: 2 } } },
        ],
      },
      {
        name: 'researcher',
        calls: [
          { memory_read: { namespace: memory, name: 'brief' } },
          { read_file: { path: 'notes/sources.md' } },
          { read_file: { path: 'notes/secret.txt' } },
          { exit: { result: { sources: 2, secret: 'not permitted' } } },
        ],
      },
      {
        name: 'writer',
        calls: [
          {
            write_file: {
              path: DEMO_REPORT,
              content:
                '# Durable agent runtimes\n\nAgents are processes; every effect passes one ' +
                'syscall door that checks capabilities, asks humans and journals the outcome.\n',
            },
          },
          { exit: { result: { wrote: DEMO_REPORT } } },
        ],
      },
    ],
  };
}

/** The tool call of the researcher after which the child runtime is killed (0-based): the denial. */
export const CRASH_AFTER_RESEARCHER_CALL = 2;
