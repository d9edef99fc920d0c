// The revoke flow: the cascade a revocation would take, then a confirmation.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from './app-context.js';
import { useLoad } from './use-load.js';
import type { Capability } from './types.js';

/** Shows what revoking `record` would revoke; `onDone` runs after a revocation or a cancel. */
export function RevokePreview(props: { record: Capability; onDone: (revoked: boolean) => void }) {
  const { record, onDone } = props;
  const { api, report, announce } = useApp();
  const [busy, setBusy] = useState(false);
  const cascade = useLoad(`cascade:${record.id}`, (a) =>
    a.get<{ records: Capability[] }>(`/api/capabilities/${encodeURIComponent(record.id)}/cascade`),
  );
  const records = cascade.data?.records ?? null;
  const heading = useRef<HTMLHeadingElement>(null);
  // Move focus to the preview so a keyboard user lands on what they are asked to confirm.
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <div class="confirm-panel" role="group" aria-labelledby="revoke-h">
      <h3 id="revoke-h" tabIndex={-1} ref={heading}>
        Revoke <code>{record.id}</code>?
      </h3>
      {cascade.loading && <p>Working out the cascade…</p>}
      {cascade.missing && (
        <p class="note">
          This runtime cannot preview the cascade: the record and everything delegated from it will
          be revoked.
        </p>
      )}
      {records !== null && (
        <>
          <p>
            This revokes {records.length} record{records.length === 1 ? '' : 's'} (the record and
            everything delegated from it):
          </p>
          <ul>
            {records.map((r) => (
              <li key={r.id}>
                <code>{r.id}</code> of <code>{r.subject}</code>: {r.effect} {r.rights.join(', ')} on{' '}
                <code>{r.resourceText}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      <div class="actions">
        <button
          type="button"
          class="deny"
          disabled={busy || cascade.loading}
          onClick={() => {
            setBusy(true);
            api.del<{ revoked: number }>(`/api/capabilities/${encodeURIComponent(record.id)}`).then(
              (answer) => {
                setBusy(false);
                announce(`Revoked ${answer.revoked} record(s)`);
                onDone(true);
              },
              (error: unknown) => {
                setBusy(false);
                report(error);
              },
            );
          }}
        >
          Revoke now
          {records === null ? '' : ` (${records.length} record${records.length === 1 ? '' : 's'})`}
        </button>{' '}
        <button
          type="button"
          onClick={() => {
            onDone(false);
          }}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
