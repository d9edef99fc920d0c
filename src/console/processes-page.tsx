// The processes page: the lineage tree with live states, a state filter, and the selected process.
import { useState } from 'preact/hooks';
import { useEvent } from './app-context.js';
import { describeState, processLabel } from './format.js';
import { ProcessDetail } from './process-detail.js';
import { buildProcessTree } from './process-tree.js';
import { href } from './route.js';
import { StateBadge } from './state-badge.js';
import { STATE_KINDS, type AgentProcess, type Page } from './types.js';
import { loadAll, useLoad } from './use-load.js';

/** The tree and, when `pid` is given, its detail. */
export function ProcessesPage(props: { pid: string | null; params: URLSearchParams }) {
  const [filter, setFilter] = useState(props.params.get('state') ?? '');
  const list = useLoad('processes', (api) =>
    loadAll<AgentProcess, string>((after) =>
      api.get<Page<AgentProcess>>('/api/processes', { limit: 1000, after }),
    ),
  );
  const upsert = (p: AgentProcess): void => {
    list.update((items) => {
      const rest = (items ?? []).filter((x) => x.pid !== p.pid);
      return [...rest, p];
    });
  };
  useEvent('process', (data) => {
    upsert(data as AgentProcess);
  });
  const all = list.data ?? [];
  const rows = buildProcessTree(all).filter(
    (r) => filter === '' || r.process.state.kind === filter,
  );
  const selected = all.find((p) => p.pid === props.pid) ?? null;
  return (
    <div>
      <h1>Processes</h1>
      <div class="toolbar">
        <label for="state-filter">State</label>
        <select
          id="state-filter"
          value={filter}
          onChange={(e) => {
            setFilter(e.currentTarget.value);
          }}
        >
          <option value="">all</option>
          {STATE_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <span>
          {rows.length} of {all.length} processes
        </span>
      </div>
      {list.loading && all.length === 0 && <p>Loading…</p>}
      <table class="tree">
        <caption class="visually-hidden">Process tree</caption>
        <thead>
          <tr>
            <th scope="col">Process</th>
            <th scope="col">State</th>
            <th scope="col">Image</th>
            <th scope="col">Tokens</th>
            <th scope="col">Tool calls</th>
            <th scope="col">Goal</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ process: p, depth }) => (
            <tr key={p.pid} aria-current={p.pid === props.pid ? 'true' : undefined}>
              <th scope="row" style={{ paddingLeft: `${0.5 + depth * 1.25}rem` }}>
                {depth > 0 && <span aria-hidden="true">└ </span>}
                <a href={href('processes', p.pid)}>{processLabel(p)}</a>{' '}
                <code class="muted">{p.pid}</code>
              </th>
              <td>
                <StateBadge state={p.state} />
                {p.state.kind === 'waiting' ||
                p.state.kind === 'paused' ||
                p.state.kind === 'failed' ? (
                  <span class="muted"> {describeState(p.state)}</span>
                ) : null}
              </td>
              <td>
                {p.imageId}@{p.imageVersion}
              </td>
              <td>{usageText(p, 'tokens')}</td>
              <td>{usageText(p, 'toolCalls')}</td>
              <td class="goal-cell">{p.goal}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.pid !== null && selected === null && !list.loading && (
        <p>
          No process <code>{props.pid}</code>.
        </p>
      )}
      {selected !== null && (
        <ProcessDetail key={selected.pid} process={selected} all={all} onChanged={upsert} />
      )}
    </div>
  );
}

function usageText(p: AgentProcess, dimension: string): string {
  const limit = p.budget[dimension];
  return `${p.usage[dimension] ?? 0}${limit === undefined ? '' : ` / ${limit}`}`;
}
