// The syscalls one tool call made: each with its outcome, the record or approval that decided it.
import { OutcomeMark } from './journal-entry-row.js';
import { capabilityIds } from './link-calls.js';
import { href } from './route.js';
import type { Capability, JournalEntry } from './types.js';

/** A table of a call's journal entries; `records` resolves the capability ids they name. */
export function CallSyscalls(props: {
  entries: readonly JournalEntry[];
  records: ReadonlyMap<string, Capability>;
  label: string;
}) {
  const { entries, records } = props;
  if (entries.length === 0) return <p class="muted">No journal entries for this call.</p>;
  return (
    <table class="syscalls">
      <caption class="visually-hidden">{props.label}</caption>
      <thead>
        <tr>
          <th scope="col">Entry</th>
          <th scope="col">Type</th>
          <th scope="col">Syscall</th>
          <th scope="col">Resource</th>
          <th scope="col">Decided by</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.seq} class={`entry`}>
            <th scope="row">
              <a href={href('journal', null, { seq: String(e.seq) })}>Entry {e.seq}</a>
            </th>
            <td>
              <OutcomeMark entry={e} /> <code>{e.type}</code>
              {typeof e.data.code === 'string' && <> ({e.data.code})</>}
            </td>
            <td>
              <code>{typeof e.data.syscall === 'string' ? e.data.syscall : ''}</code>
            </td>
            <td>
              <code>{typeof e.data.resource === 'string' ? e.data.resource : ''}</code>
              {Array.isArray(e.data.rights) && e.data.rights.length > 0 && (
                <> ({e.data.rights.join(', ')})</>
              )}
            </td>
            <td>
              <Decision entry={e} records={records} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Decision(props: { entry: JournalEntry; records: ReadonlyMap<string, Capability> }) {
  const ids = capabilityIds(props.entry);
  const { approvalId } = props.entry.data;
  const approval = typeof approvalId === 'string' ? approvalId : null;
  if (ids.length === 0 && approval === null) return <span class="muted">no record</span>;
  return (
    <>
      {ids.map((id) => {
        const record = props.records.get(id);
        return (
          <span key={id} class="decision">
            <a href={href('capabilities', record?.subject ?? props.entry.pid, { cap: id })}>{id}</a>
            {record !== undefined && (
              <>
                {' '}
                {record.effect} {record.resourceText}
                {record.approval !== null ? (
                  <>
                    , from human approval <code>{record.approval}</code>
                  </>
                ) : (
                  `, issued by ${record.issuedBy}`
                )}
              </>
            )}
            <br />
          </span>
        );
      })}
      {approval !== null && (
        <span>
          allowed by a human: approval <code>{approval}</code>
        </span>
      )}
    </>
  );
}
