// Object Memory: namespaces, the objects of one, and an object's versions, labels and content.
import { useState } from 'preact/hooks';
import { formatTime } from './format.js';
import { ObjectView } from './object-view.js';
import { href } from './route.js';
import type { Namespace, ObjectPage, Page } from './types.js';
import { loadAll, useLoad } from './use-load.js';

/** The page; `?ns=`, `?obj=` and `?v=` say what is open. */
export function ObjectsPage(props: { params: URLSearchParams }) {
  const ns = props.params.get('ns');
  const obj = props.params.get('obj');
  const v = props.params.get('v');
  const [typed, setTyped] = useState('');
  const namespaces = useLoad('namespaces', (api) =>
    loadAll<Namespace, string>((after) =>
      api.get<Page<Namespace>>('/api/namespaces', { after, limit: 1000 }),
    ),
  );
  const objects = useLoad(ns === null ? null : `objects:${ns}`, (api) =>
    loadAll<ObjectPage['items'][number], string>(async (after) => {
      const page = await api.get<ObjectPage>('/api/objects', { ns: ns ?? '', after, limit: 1000 });
      return { items: page.items, next: page.nextAfter };
    }),
  );
  return (
    <div>
      <h1>Object Memory</h1>
      <div class="columns">
        <nav aria-labelledby="ns-h" class="column">
          <h2 id="ns-h">Namespaces</h2>
          {namespaces.missing && <p class="note">This runtime does not list namespaces yet.</p>}
          <ul>
            {(namespaces.data ?? []).map((n) => (
              <li key={n.name}>
                <a
                  href={href('objects', null, { ns: n.name })}
                  aria-current={n.name === ns ? 'page' : undefined}
                >
                  {n.name}
                </a>{' '}
                <span class="muted">
                  {n.kind}, owner {n.owner}
                </span>
              </li>
            ))}
          </ul>
          <form
            class="toolbar"
            onSubmit={(e) => {
              e.preventDefault();
              if (typed.trim() !== '') location.hash = href('objects', null, { ns: typed.trim() });
            }}
          >
            <label for="ns-name">Namespace</label>
            <input
              id="ns-name"
              placeholder="shared/notes or proc/proc_…"
              value={typed}
              onInput={(e) => {
                setTyped(e.currentTarget.value);
              }}
            />
            <button type="submit">Open namespace</button>
          </form>
        </nav>
        {ns !== null && (
          <section aria-labelledby="objects-h" class="column">
            <h2 id="objects-h">
              Objects in <code>{ns}</code>
            </h2>
            {objects.loading && <p>Loading…</p>}
            {objects.data?.length === 0 && <p>No live objects.</p>}
            <ul>
              {(objects.data ?? []).map(({ object, version }) => (
                <li key={object.id}>
                  <a
                    href={href('objects', null, { ns, obj: object.id })}
                    aria-current={object.id === obj ? 'page' : undefined}
                  >
                    {object.name}
                  </a>{' '}
                  <span class="muted">
                    {object.type}, v{version.version}, {version.labels.sensitivity},{' '}
                    {formatTime(object.updatedAt)}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
      {ns !== null && obj !== null && (
        <ObjectView key={obj} ns={ns} id={obj} version={v === null ? null : Number(v)} />
      )}
    </div>
  );
}
