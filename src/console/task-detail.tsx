// One task: its goal and image version, each run with its process, result and times, and the follow-up form.
import { useEvent } from './app-context.js';
import { describeState, formatTime, processLabel } from './format.js';
import { FollowUpForm } from './follow-up-form.js';
import { href } from './route.js';
import { StateBadge } from './state-badge.js';
import type { AgentProcess, JournalEntry, TaskRun, TaskView } from './types.js';
import { useLoad } from './use-load.js';

const ENDED = ['exited', 'failed', 'killed'];

/** The detail panel of the tasks page, reloaded when one of its runs changes. */
export function TaskDetail(props: { id: string }) {
  const task = useLoad(`task:${props.id}`, (api) =>
    api.get<TaskView>(`/api/tasks/${encodeURIComponent(props.id)}`),
  );
  const view = task.data;
  useEvent('process', (data) => {
    const changed = data as AgentProcess;
    // A root not among the runs shown may be a run that started after this view was read (its
    // events can come before the reload that lists it): roots are few, so look again.
    if (changed.parentPid === null || view?.runs.some((r) => r.pid === changed.pid) === true)
      task.reload();
  });
  useEvent('journal', (data) => {
    const entry = data as JournalEntry;
    if (entry.type.startsWith('task.') && entry.data.task === props.id) task.reload();
  });
  if (view === null)
    return task.loading ? (
      <p>Loading…</p>
    ) : (
      <p>
        No task <code>{props.id}</code>.
      </p>
    );
  return (
    <article class="detail" aria-labelledby="task-h">
      <h2 id="task-h">
        {view.name ?? 'Task'} <code>{view.id}</code>{' '}
        <span class={`badge state-${view.status}`}>{view.status}</span>
      </h2>
      <p class="goal">Goal: {view.goal}</p>
      <dl class="facts">
        <dt>Image</dt>
        <dd>
          {view.imageId}@{view.imageVersion} (the first run; a follow-up keeps the version of the
          run it continues)
        </dd>
        <dt>Created</dt>
        <dd>
          {formatTime(view.createdAt)} by {view.createdBy}
        </dd>
        <dt>Runs</dt>
        <dd>{view.runCount}</dd>
      </dl>
      <table>
        <caption>Runs</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Process</th>
            <th scope="col">State</th>
            <th scope="col">Result</th>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
            <th scope="col">Follow-up</th>
          </tr>
        </thead>
        <tbody>
          {view.runs.map((run) => (
            <RunRow key={run.pid} run={run} />
          ))}
        </tbody>
      </table>
      <FollowUpForm
        task={view}
        onFollowedUp={() => {
          task.reload();
        }}
      />
    </article>
  );
}

function RunRow(props: { run: TaskRun }) {
  const { run } = props;
  const p = run.process;
  const ended = ENDED.includes(p.state.kind);
  return (
    <tr>
      <th scope="row">{run.index}</th>
      <td>
        <a href={href('processes', p.pid)}>{processLabel(p)}</a> ·{' '}
        <a href={href('explain', p.pid)}>Explain run {run.index}</a>
      </td>
      <td>
        <StateBadge state={p.state} />
        {describeState(p.state) === p.state.kind ? '' : ` ${describeState(p.state)}`}
      </td>
      <td>
        {p.state.kind === 'exited' ? (
          <code>{JSON.stringify(p.state.result)}</code>
        ) : p.state.kind === 'failed' ? (
          `${p.state.code}: ${p.state.message}`
        ) : (
          '-'
        )}
      </td>
      <td>{formatTime(run.createdAt)}</td>
      <td>{ended ? formatTime(p.updatedAt) : '-'}</td>
      <td class="goal-cell">{run.followUp ?? <span class="muted">(start)</span>}</td>
    </tr>
  );
}
