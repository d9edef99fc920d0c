// The "explain" form: what a process may do with one right on one concrete resource, and why.
import { useState } from 'preact/hooks';
import { useApp } from './app-context.js';
import type { CapabilityEffect } from './types.js';

interface RawRecord {
  readonly id: string;
  readonly resource: { readonly kind: string; readonly match: string; readonly path?: string };
  readonly rights: readonly string[];
  readonly effect: CapabilityEffect;
  readonly issuedBy: string;
  readonly approval: string | null;
}

interface Explanation {
  readonly decision: { readonly effect: CapabilityEffect; readonly record: RawRecord | null };
  readonly records: readonly {
    readonly record: RawRecord;
    readonly live: boolean;
    readonly hasRight: boolean;
  }[];
}

function patternText(r: RawRecord['resource']): string {
  if (r.match === 'any') return `${r.kind}:*`;
  return `${r.kind}:${r.path ?? ''}${r.match === 'subtree' ? '/**' : ''}`;
}

/** The form and its answer for process `pid`. */
export function CapabilityExplain(props: { pid: string }) {
  const { api, report } = useApp();
  const [resource, setResource] = useState('');
  const [right, setRight] = useState('');
  const [answer, setAnswer] = useState<Explanation | null>(null);
  return (
    <section aria-labelledby="explain-h">
      <h2 id="explain-h">Explain a decision</h2>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          api
            .get<Explanation>('/api/capabilities/explain', {
              pid: props.pid,
              resource: resource.trim(),
              right: right.trim(),
            })
            .then(setAnswer, (error: unknown) => {
              setAnswer(null);
              report(error);
            });
        }}
      >
        <label for="x-resource">Resource</label>
        <input
          id="x-resource"
          required
          placeholder="fs:notes/plan.md"
          value={resource}
          onInput={(e) => {
            setResource(e.currentTarget.value);
          }}
        />
        <label for="x-right">Right</label>
        <input
          id="x-right"
          required
          placeholder="write"
          value={right}
          onInput={(e) => {
            setRight(e.currentTarget.value);
          }}
        />
        <button type="submit">Explain</button>
      </form>
      <div role="status">
        {answer !== null && (
          <>
            <p>
              Decision:{' '}
              <strong
                class={`mark ${answer.decision.effect === 'deny' ? 'denied' : answer.decision.effect}`}
              >
                {answer.decision.effect.toUpperCase()}
              </strong>
              {answer.decision.record === null ? (
                ' (no record covers it)'
              ) : (
                <>
                  {' '}
                  by record <code>{answer.decision.record.id}</code>
                </>
              )}
            </p>
            {answer.records.length > 0 && (
              <table>
                <caption>Records that bear on it</caption>
                <thead>
                  <tr>
                    <th scope="col">Record</th>
                    <th scope="col">Resource</th>
                    <th scope="col">Effect</th>
                    <th scope="col">Has the right</th>
                    <th scope="col">Live</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.records.map(({ record, live, hasRight }) => (
                    <tr key={record.id}>
                      <th scope="row">
                        <code>{record.id}</code>
                      </th>
                      <td>
                        <code>{patternText(record.resource)}</code> ({record.rights.join(', ')})
                      </td>
                      <td>{record.effect}</td>
                      <td>{hasRight ? 'yes' : 'no'}</td>
                      <td>{live ? 'yes' : 'no (revoked, expired or used up)'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </div>
    </section>
  );
}
