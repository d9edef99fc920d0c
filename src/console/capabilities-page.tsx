// The capabilities of a process: records with provenance, revoke with a cascade preview, explain.
import { useEffect, useState } from 'preact/hooks';
import { CapabilityExplain } from './capability-explain.js';
import { formatTime } from './format.js';
import { ProcessPicker } from './process-picker.js';
import { RevokePreview } from './revoke-preview.js';
import { href } from './route.js';
import type { Capability, HumanRequest, Page } from './types.js';
import { loadAll, useLoad } from './use-load.js';

/**
 * Where a record came from, in words. `decidedBy` maps a record to the request whose answer made
 * it: a one-shot answer's record has no `approval` of its own (it does not outrank `ask`
 * records), so its request is found by the request's `state.capabilityId`.
 */
function provenance(r: Capability, decidedBy: ReadonlyMap<string, string>): string {
  const request = r.approval ?? decidedBy.get(r.id) ?? null;
  const once = r.boundCall !== null || r.usesRemaining !== null ? ' (one use)' : '';
  if (request !== null) return `human decision on ${request}${once}`;
  if (r.boundCall !== null) return `one-call approval, recorded by ${r.issuedBy}`;
  if (r.parentId !== null) return `delegated by ${r.issuedBy}`;
  return `granted by ${r.issuedBy}`;
}

/** The page for `pid` (or a process picker); `?cap=` highlights one record. */
export function CapabilitiesPage(props: { pid: string | null; params: URLSearchParams }) {
  const { pid } = props;
  const highlighted = props.params.get('cap');
  const [showRevoked, setShowRevoked] = useState(false);
  const [revoking, setRevoking] = useState<Capability | null>(null);
  const list = useLoad(pid === null ? null : `caps:${pid}`, (api) =>
    loadAll<Capability, string>((after) =>
      api.get<Page<Capability>>('/api/capabilities', {
        pid: pid ?? '',
        all: 'true',
        after,
        limit: 1000,
      }),
    ),
  );
  const answered = useLoad(pid === null ? null : `answered:${pid}`, (api) =>
    loadAll<HumanRequest, string>((after) =>
      api.get<Page<HumanRequest>>('/api/approvals', {
        pid: pid ?? '',
        state: 'answered',
        after,
        limit: 1000,
      }),
    ),
  );
  const decidedBy = new Map<string, string>();
  for (const request of answered.data ?? []) {
    const made = request.state['capabilityId'];
    if (typeof made === 'string') decidedBy.set(made, request.id);
  }
  useEffect(() => {
    if (highlighted === null || list.data === null) return;
    document.getElementById(`cap-${highlighted}`)?.scrollIntoView({ block: 'center' });
  }, [highlighted, list.data]);
  if (pid === null)
    return (
      <div>
        <h1>Capabilities</h1>
        <ProcessPicker page="capabilities" />
      </div>
    );
  const records = (list.data ?? []).filter(
    (r) => showRevoked || r.revokedAt === null || r.id === highlighted,
  );
  return (
    <div>
      <h1>
        Capabilities of <code>{pid}</code>
      </h1>
      <p>
        <a href={href('processes', pid)}>Process details</a> ·{' '}
        <a href={href('explain', pid)}>Explain the run</a>
      </p>
      <label class="inline">
        <input
          type="checkbox"
          checked={showRevoked}
          onChange={(e) => {
            setShowRevoked(e.currentTarget.checked);
          }}
        />{' '}
        Show revoked records
      </label>
      {list.loading && <p>Loading…</p>}
      <table class="caps">
        <caption class="visually-hidden">Capability records</caption>
        <thead>
          <tr>
            <th scope="col">Record</th>
            <th scope="col">Resource</th>
            <th scope="col">Rights</th>
            <th scope="col">Effect</th>
            <th scope="col">Provenance</th>
            <th scope="col">Limits</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => (
            <tr
              key={r.id}
              id={`cap-${r.id}`}
              aria-current={r.id === highlighted ? 'true' : undefined}
              class={r.revokedAt === null ? '' : 'revoked'}
            >
              <th scope="row">
                <code>{r.id}</code>
              </th>
              <td>
                <code>{r.resourceText}</code>
              </td>
              <td>{r.rights.join(', ')}</td>
              <td>
                <span class={`effect effect-${r.effect}`}>{r.effect}</span>
              </td>
              <td>
                {provenance(r, decidedBy)}
                {r.parentId !== null && (
                  <>
                    , from <a href={href('capabilities', pid, { cap: r.parentId })}>{r.parentId}</a>
                  </>
                )}
                {r.depth > 0 && ` (depth ${r.depth})`}
              </td>
              <td>
                {r.usesRemaining === null ? '' : `${r.usesRemaining} uses left. `}
                {r.expiresAt === null ? '' : `Expires ${formatTime(r.expiresAt)}. `}
                {r.delegable ? 'Delegable.' : ''}
                {r.revokedAt !== null && <strong> REVOKED {formatTime(r.revokedAt)}</strong>}
              </td>
              <td>
                {r.revokedAt === null && (
                  <button
                    type="button"
                    class="small deny"
                    onClick={() => {
                      setRevoking(r);
                    }}
                  >
                    Revoke <span class="visually-hidden">{r.id}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revoking !== null && (
        <RevokePreview
          key={revoking.id}
          record={revoking}
          onDone={(revoked) => {
            setRevoking(null);
            if (revoked) list.reload();
          }}
        />
      )}
      <CapabilityExplain pid={pid} />
    </div>
  );
}
