// Tasks as text: the `task list` table, and `task show`'s header lines and runs table.
import type { TaskSummary, TaskView } from '../../runtime/tasks/task-view.js';
import { describeResult } from './describe-result.js';
import { describeState } from './describe-state.js';
import { formatTable } from './format-table.js';
import { printable } from './printable.js';
import { truncate } from './truncate.js';

/** One row per task: id, status, runs, latest run's pid and state, name, image, goal. */
export function formatTaskTable(tasks: readonly TaskSummary[]): string {
  return formatTable(
    ['TASK', 'STATUS', 'RUNS', 'LATEST', 'STATE', 'NAME', 'IMAGE', 'GOAL'],
    tasks.map((t) => [
      t.id,
      t.status,
      String(t.runCount),
      t.latest?.pid ?? '-',
      t.latest === null ? '-' : describeState(t.latest.process.state),
      t.name ?? '-',
      `${t.imageId}@${t.imageVersion}`,
      truncate(t.goal, 40),
    ]),
  );
}

/** The task's facts, then one row per run: index, pid, state, result, times and follow-up text. */
export function formatTaskView(task: TaskView): string {
  const lines = [
    `task    ${task.id} (${task.status})`,
    `image   ${task.imageId}@${task.imageVersion}`,
    `goal    ${printable(task.goal)}`,
    ...(task.name === null ? [] : [`name    ${printable(task.name)}`]),
    `created ${new Date(task.createdAt).toISOString()} by ${task.createdBy}`,
    '',
  ];
  const runs = formatTable(
    ['RUN', 'PID', 'STATE', 'RESULT', 'STARTED', 'ENDED', 'FOLLOW-UP'],
    task.runs.map((run) => {
      const { process } = run;
      const ended = ['exited', 'failed', 'killed'].includes(process.state.kind);
      return [
        String(run.index),
        run.pid,
        describeState(process.state),
        truncate(describeResult(process.state), 40),
        new Date(run.createdAt).toISOString(),
        ended ? new Date(process.updatedAt).toISOString() : '-',
        run.followUp === null ? '(start)' : truncate(run.followUp, 48),
      ];
    }),
  );
  const next =
    task.status === 'live'
      ? `\nthe latest run is live: follow up once it has ended (or kill ${task.runs.at(-1)?.pid ?? 'it'})\n`
      : `\ncontinue it with \`agent-libos task follow-up ${task.id} "…"\`\n`;
  return `${lines.join('\n')}\n${runs}${next}`;
}
