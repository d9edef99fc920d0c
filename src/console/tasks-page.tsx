// The tasks page: every task with its status and latest run, live, and the selected task's detail.
import { useEvent } from './app-context.js';
import { formatTime } from './format.js';
import { href } from './route.js';
import { TaskDetail } from './task-detail.js';
import type { AgentProcess, JournalEntry, Page, TaskSummary } from './types.js';
import { loadAll, useLoad } from './use-load.js';

/** The list and, when `id` is given, that task's runs and follow-up form. */
export function TasksPage(props: { id: string | null }) {
  const list = useLoad('tasks', (api) =>
    loadAll<TaskSummary, string>((after) =>
      api.get<Page<TaskSummary>>('/api/tasks', { limit: 1000, after }),
    ),
  );
  const all = list.data ?? [];
  // A new task or run is journaled `task.*`; a run's state changes arrive as `process` events,
  // which may come before the reload that lists a new run: a root not listed is looked at again.
  useEvent('journal', (data) => {
    if ((data as JournalEntry).type.startsWith('task.')) list.reload();
  });
  useEvent('process', (data) => {
    const changed = data as AgentProcess;
    if (changed.parentPid === null || all.some((t) => t.latest?.pid === changed.pid)) list.reload();
  });
  return (
    <div>
      <h1>Tasks</h1>
      <p class="muted">
        A task is a conversation that outlives its processes: each follow-up continues it in a new
        run with the same image version, its transcript and memory, and no more authority.
      </p>
      {list.missing && <p class="note">This runtime has no tasks yet (an older version).</p>}
      {list.loading && all.length === 0 && <p>Loading…</p>}
      {!list.loading && !list.missing && all.length === 0 && (
        <p>
          No tasks. Start one with <code>agent-libos task start --image … --goal …</code>.
        </p>
      )}
      {all.length > 0 && (
        <table>
          <caption class="visually-hidden">Tasks</caption>
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Status</th>
              <th scope="col">Runs</th>
              <th scope="col">Latest run</th>
              <th scope="col">Image</th>
              <th scope="col">Updated</th>
              <th scope="col">Goal</th>
            </tr>
          </thead>
          <tbody>
            {all.map((t) => (
              <tr key={t.id} aria-current={t.id === props.id ? 'true' : undefined}>
                <th scope="row">
                  <a href={href('tasks', t.id)}>{t.name ?? t.id}</a>{' '}
                  {t.name !== null && <code class="muted">{t.id}</code>}
                </th>
                <td>
                  <span class={`badge state-${t.status}`}>{t.status}</span>
                </td>
                <td>{t.runCount}</td>
                <td>
                  {t.latest === null ? (
                    '-'
                  ) : (
                    <a href={href('processes', t.latest.pid)}>
                      <code>{t.latest.pid}</code>
                    </a>
                  )}
                </td>
                <td>
                  {t.imageId}@{t.imageVersion}
                </td>
                <td>{formatTime(t.updatedAt)}</td>
                <td class="goal-cell">{t.goal}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.id !== null && <TaskDetail key={props.id} id={props.id} />}
    </div>
  );
}
