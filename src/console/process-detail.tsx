// One process: state and wait reason, lineage, image and model, budgets against usage, actions.
import { budgetRows, describeState, formatTime, processLabel } from './format.js';
import { ProcessActions } from './process-actions.js';
import { lineageOf } from './process-tree.js';
import { href } from './route.js';
import { StateBadge } from './state-badge.js';
import type { AgentProcess } from './types.js';
import { useLoad } from './use-load.js';

/** The detail panel of the processes page. */
export function ProcessDetail(props: {
  process: AgentProcess;
  all: readonly AgentProcess[];
  onChanged: (p: AgentProcess) => void;
}) {
  const { process: p, all } = props;
  const model = useLoad(`model:${p.pid}`, (api) =>
    api.get<{ spec: string | null }>(`/api/processes/${encodeURIComponent(p.pid)}/model`),
  );
  const run = useLoad(`task-run:${p.pid}`, (api) =>
    api.get<{ run: { taskId: string; index: number } | null }>(
      `/api/processes/${encodeURIComponent(p.pid)}/task`,
    ),
  );
  const lineage = lineageOf(p.pid, all);
  const children = all.filter((c) => c.parentPid === p.pid);
  return (
    <article class="detail" aria-labelledby="process-h">
      <h2 id="process-h">
        {processLabel(p)} <code>{p.pid}</code>
      </h2>
      <p class="goal">Goal: {p.goal}</p>
      <dl class="facts">
        <dt>State</dt>
        <dd>
          <StateBadge state={p.state} />
          {describeState(p.state) === p.state.kind ? '' : ` ${describeState(p.state)}`}
        </dd>
        {p.state.kind === 'failed' && (
          <>
            <dt>Failure</dt>
            <dd>
              {p.state.code}: {p.state.message}
            </dd>
          </>
        )}
        {p.state.kind === 'exited' && (
          <>
            <dt>Result</dt>
            <dd>
              <code>{JSON.stringify(p.state.result)}</code>
            </dd>
          </>
        )}
        <dt>Lineage</dt>
        <dd>
          {lineage.length === 0
            ? 'root'
            : lineage.map((a) => (
                <span key={a.pid}>
                  <a href={href('processes', a.pid)}>{processLabel(a)}</a> →{' '}
                </span>
              ))}
          {lineage.length > 0 && processLabel(p)}
        </dd>
        <dt>Children</dt>
        <dd>
          {children.length === 0
            ? 'none'
            : children.map((c, i) => (
                <span key={c.pid}>
                  {i > 0 && ', '}
                  <a href={href('processes', c.pid)}>{processLabel(c)}</a>
                </span>
              ))}
        </dd>
        {run.data?.run != null && (
          <>
            <dt>Task</dt>
            <dd>
              <a href={href('tasks', run.data.run.taskId)}>{run.data.run.taskId}</a> (run{' '}
              {run.data.run.index})
            </dd>
          </>
        )}
        <dt>Image</dt>
        <dd>
          {p.imageId}@{p.imageVersion}
        </dd>
        <dt>Model</dt>
        <dd>
          {model.missing
            ? '(not shown by this runtime)'
            : model.data === null
              ? '…'
              : (model.data.spec ?? 'none set (the runtime default)')}
        </dd>
        <dt>Working directory</dt>
        <dd>
          <code>{p.cwd}</code>
        </dd>
        <dt>Created</dt>
        <dd>{formatTime(p.createdAt)}</dd>
        <dt>Updated</dt>
        <dd>{formatTime(p.updatedAt)}</dd>
      </dl>
      <table>
        <caption>Budget and usage</caption>
        <thead>
          <tr>
            <th scope="col">Dimension</th>
            <th scope="col">Used</th>
            <th scope="col">Limit</th>
          </tr>
        </thead>
        <tbody>
          {budgetRows(p).map((row) => (
            <tr key={row.dimension}>
              <th scope="row">{row.dimension}</th>
              <td>{row.used}</td>
              <td>{row.limit}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="links">
        <a href={href('explain', p.pid)}>Explain this run</a> ·{' '}
        <a href={href('journal', null, { pid: p.pid })}>Journal of {processLabel(p)}</a> ·{' '}
        <a href={href('capabilities', p.pid)}>Capabilities of {processLabel(p)}</a> ·{' '}
        <a href={href('objects', null, { ns: `proc/${p.pid}` })}>Private memory</a>
      </p>
      <ProcessActions process={p} onChanged={props.onChanged} />
    </article>
  );
}
