// One journal entry as a table row that opens its data, hashes and chain position.
import { classifyEntry, formatTime, type Outcome } from './format.js';
import { href } from './route.js';
import type { JournalEntry } from './types.js';

const OUTCOME_WORD: Record<Outcome, string> = {
  denied: 'DENIED',
  failed: 'FAILED',
  unknown: 'UNKNOWN',
  ok: '',
};

/** The marker of a denial or failure: a word and a colour, never the colour alone. */
export function OutcomeMark(props: { entry: JournalEntry }) {
  const outcome = classifyEntry(props.entry);
  return outcome === 'ok' ? null : <span class={`mark ${outcome}`}>{OUTCOME_WORD[outcome]}</span>;
}

/** A one-line summary of an entry's data: the syscall, resource, code, decision. */
export function entrySummary(entry: JournalEntry): string {
  const d = entry.data;
  const parts = [d.syscall, d.resource, d.rights, d.decision, d.code, d.state, d.request]
    .filter((v) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0))
    .map((v) => (Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : JSON.stringify(v)));
  return parts.join(' · ');
}

/** The call a syscall entry belongs to (the tool call id), or null. */
export function entryCallId(entry: JournalEntry): string | null {
  return typeof entry.data.callId === 'string' ? entry.data.callId : null;
}

/** The row and, when open, a second row with the entry in full. */
export function JournalEntryRow(props: {
  entry: JournalEntry;
  open: boolean;
  onToggle: () => void;
}) {
  const { entry, open, onToggle } = props;
  const outcome = classifyEntry(entry);
  const callId = entryCallId(entry);
  return (
    <>
      <tr id={`seq-${entry.seq}`} class={`entry ${outcome}`}>
        <th scope="row">
          <button type="button" class="link" aria-expanded={open} onClick={onToggle}>
            Entry {entry.seq}
          </button>
        </th>
        <td>{formatTime(entry.at)}</td>
        <td>
          {entry.pid === null ? (
            <span class="muted">{entry.actor}</span>
          ) : (
            <a href={href('processes', entry.pid)}>{entry.pid}</a>
          )}
        </td>
        <td>
          <OutcomeMark entry={entry} /> <code>{entry.type}</code>
        </td>
        <td class="summary-cell">{entrySummary(entry)}</td>
      </tr>
      {open && (
        <tr class="entry-detail">
          <td colSpan={5}>
            <dl class="facts">
              <dt>Chain position</dt>
              <dd>
                seq {entry.seq} in stream <code>{entry.stream}</code>
              </dd>
              <dt>Previous hash</dt>
              <dd>
                <code class="hash">{entry.prevHash}</code>
              </dd>
              <dt>Hash</dt>
              <dd>
                <code class="hash">{entry.hash}</code>
              </dd>
              <dt>Actor</dt>
              <dd>{entry.actor}</dd>
              {callId !== null && entry.pid !== null && (
                <>
                  <dt>Caused by</dt>
                  <dd>
                    <a href={href('explain', entry.pid, { call: callId })}>
                      Explain call <code>{callId}</code>
                    </a>
                  </dd>
                </>
              )}
            </dl>
            <pre class="code" aria-label={`Data of entry ${entry.seq}`}>
              {JSON.stringify(entry.data, null, 2)}
            </pre>
          </td>
        </tr>
      )}
    </>
  );
}
