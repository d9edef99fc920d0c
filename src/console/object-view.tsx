// One object: its version history, and the selected version's labels and content.
import { formatTime } from './format.js';
import { href } from './route.js';
import type { ObjectContent, ObjectVersion } from './types.js';
import { useLoad } from './use-load.js';

/** The history and content of object `id` in namespace `ns`; `version` null for the latest. */
export function ObjectView(props: { ns: string; id: string; version: number | null }) {
  const { ns, id, version } = props;
  const versions = useLoad(`versions:${id}`, (api) =>
    api.get<{ items: ObjectVersion[] }>(`/api/objects/${encodeURIComponent(id)}/versions`),
  );
  const content = useLoad(`content:${id}@${version ?? 'latest'}`, (api) =>
    api.get<ObjectContent>(
      `/api/objects/${encodeURIComponent(version === null ? id : `${id}@${version}`)}`,
    ),
  );
  const shown = content.data;
  return (
    <article class="detail" aria-labelledby="object-h">
      <h2 id="object-h">
        {shown?.object.name ?? id} <code>{id}</code>
      </h2>
      {shown !== null && (
        <p>
          Type {shown.object.type}, version {shown.version.version} of {shown.object.latestVersion}
          {shown.object.deletedAt !== null && (
            <strong> (deleted {formatTime(shown.object.deletedAt)})</strong>
          )}
        </p>
      )}
      <section aria-labelledby="versions-h">
        <h3 id="versions-h">Versions</h3>
        {versions.missing && <p class="note">This runtime does not list versions yet.</p>}
        {versions.data !== null && (
          <table>
            <caption class="visually-hidden">Version history</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Created</th>
                <th scope="col">By</th>
                <th scope="col">Size</th>
                <th scope="col">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {[...versions.data.items].reverse().map((v) => (
                <tr
                  key={v.version}
                  aria-current={v.version === shown?.version.version ? 'true' : undefined}
                >
                  <th scope="row">
                    <a href={href('objects', null, { ns, obj: id, v: String(v.version) })}>
                      Version {v.version}
                    </a>
                  </th>
                  <td>{formatTime(v.createdAt)}</td>
                  <td>{v.labels.creator}</td>
                  <td>{v.size} B</td>
                  <td>
                    <code class="hash">{v.sha256.slice(0, 16)}…</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {shown !== null && (
        <>
          <section aria-labelledby="labels-h">
            <h3 id="labels-h">Labels of version {shown.version.version}</h3>
            <dl class="facts">
              <dt>Creator</dt>
              <dd>{shown.version.labels.creator}</dd>
              <dt>Origins</dt>
              <dd>{shown.version.labels.origins.join(', ') || 'none'}</dd>
              <dt>Sensitivity</dt>
              <dd>{shown.version.labels.sensitivity}</dd>
              <dt>Derived from objects</dt>
              <dd>{shown.version.labels.sourceObjects.join(', ') || 'none'}</dd>
              <dt>Derived from resources</dt>
              <dd>{shown.version.labels.sourceResources.join(', ') || 'none'}</dd>
              <dt>SHA-256</dt>
              <dd>
                <code class="hash">{shown.version.sha256}</code>
              </dd>
            </dl>
          </section>
          <section aria-labelledby="content-h">
            <h3 id="content-h">
              Content ({shown.encoding === 'utf8' ? 'text' : 'binary, base64'})
            </h3>
            <pre class="code content" tabIndex={0} aria-labelledby="content-h">
              {shown.content}
            </pre>
          </section>
        </>
      )}
    </article>
  );
}
