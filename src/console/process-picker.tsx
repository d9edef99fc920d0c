// A list of processes to choose one for a per-process page (explain, capabilities).
import { processLabel } from './format.js';
import { href, type PageName } from './route.js';
import type { AgentProcess, Page } from './types.js';
import { loadAll, useLoad } from './use-load.js';

/** Links to `page` for each process. */
export function ProcessPicker(props: { page: PageName }) {
  const list = useLoad('picker', (api) =>
    loadAll<AgentProcess, string>((after) =>
      api.get<Page<AgentProcess>>('/api/processes', { after, limit: 1000 }),
    ),
  );
  if (list.data === null) return <p>Loading processes…</p>;
  if (list.data.length === 0) return <p>No processes yet.</p>;
  return (
    <nav aria-label="Choose a process">
      <ul>
        {list.data.map((p) => (
          <li key={p.pid}>
            <a href={href(props.page, p.pid)}>
              {processLabel(p)} <code>{p.pid}</code>
            </a>{' '}
            <span class="muted">
              {p.state.kind} · {p.goal}
            </span>
          </li>
        ))}
      </ul>
    </nav>
  );
}
