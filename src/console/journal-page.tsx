// The journal timeline: live, filtered by process, type and outcome; entries open; verify.
import { useEffect, useState } from 'preact/hooks';
import { useApp, useEvent } from './app-context.js';
import { classifyEntry } from './format.js';
import { JournalEntryRow } from './journal-entry-row.js';
import { JournalVerify } from './journal-verify.js';
import type { JournalEntry, Page } from './types.js';
import { loadAll, useLoad } from './use-load.js';

const SHOWN = 500;
/** How many of the newest entries are read without a process filter, and the step to widen it. */
const WINDOW = 5000;

/** The timeline, newest first; `?pid=`, `?type=`, `?outcome=` and `?seq=` come from the route. */
export function JournalPage(props: { params: URLSearchParams }) {
  const { api, report } = useApp();
  const [pid, setPid] = useState(props.params.get('pid') ?? '');
  const [type, setType] = useState(props.params.get('type') ?? '');
  const [outcome, setOutcome] = useState(props.params.get('outcome') ?? '');
  const [limit, setLimit] = useState(SHOWN);
  const seqParam = props.params.get('seq');
  const [openSeq, setOpenSeq] = useState<number | null>(
    seqParam === null ? null : Number(seqParam),
  );
  const pidFilter = pid.trim();
  // The whole journal can be millions of entries: without a process filter only the newest
  // `span` are read (from the head `/api/health` reports), and "Show older entries" widens it.
  // One process's entries are read whole.
  const [span, setSpan] = useState(WINDOW);
  const entries = useLoad(`journal:${pidFilter}:${pidFilter === '' ? span : 0}`, async (a) => {
    const head =
      pidFilter === '' ? (await a.get<{ journalHead?: number }>('/api/health')).journalHead : 0;
    return loadAll<JournalEntry, number>(
      (after) =>
        a.get<Page<JournalEntry, number>>('/api/journal', {
          pid: pidFilter,
          limit: 1000,
          after: after ?? Math.max(0, (head ?? 0) - span),
        }),
      { max: pidFilter === '' ? span + 1000 : 50_000 },
    );
  });
  const isWindowed = pidFilter === '' && (entries.data?.[0]?.seq ?? 1) > 1;
  useEvent('journal', (data) => {
    const entry = data as JournalEntry;
    if (pidFilter !== '' && entry.pid !== pidFilter) return;
    entries.update((list) =>
      list === null || list.some((e) => e.seq === entry.seq) ? list : [...list, entry],
    );
  });
  // A link to one entry (#/journal?seq=N) opens it even when the filters would hide it.
  const [linked, setLinked] = useState<JournalEntry | null>(null);
  useEffect(() => {
    setOpenSeq(seqParam === null ? null : Number(seqParam));
    if (seqParam === null) return;
    const seq = Number(seqParam);
    api
      .get<Page<JournalEntry, number>>('/api/journal', { after: seq - 1, limit: 1 })
      .then((page) => {
        setLinked(page.items[0] ?? null);
        requestAnimationFrame(() => {
          document.getElementById(`seq-${seq}`)?.scrollIntoView({ block: 'center' });
        });
      }, report);
  }, [seqParam, api, report]);
  const typeFilter = type.trim();
  const matching = (entries.data ?? []).filter(
    (e) =>
      (typeFilter === '' ||
        e.type === typeFilter ||
        e.type.startsWith(typeFilter.replace(/\*$/, ''))) &&
      (outcome === '' ||
        (outcome === 'problems' ? classifyEntry(e) !== 'ok' : classifyEntry(e) === outcome)),
  );
  const shown = matching.slice(-limit).reverse();
  if (linked !== null && !shown.some((e) => e.seq === linked.seq)) shown.unshift(linked);
  return (
    <div>
      <h1>Journal</h1>
      <JournalVerify />
      <form
        class="toolbar"
        role="search"
        aria-label="Filter the journal"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label for="j-pid">Process</label>
        <input
          id="j-pid"
          value={pid}
          placeholder="proc_…"
          onChange={(e) => {
            setPid(e.currentTarget.value);
          }}
        />
        <label for="j-type">Type</label>
        <input
          id="j-type"
          value={type}
          placeholder="syscall.denied or syscall."
          onInput={(e) => {
            setType(e.currentTarget.value);
          }}
        />
        <label for="j-outcome">Outcome</label>
        <select
          id="j-outcome"
          value={outcome}
          onChange={(e) => {
            setOutcome(e.currentTarget.value);
          }}
        >
          <option value="">all</option>
          <option value="problems">denials and failures</option>
          <option value="denied">denied</option>
          <option value="failed">failed</option>
          <option value="unknown">unknown outcome</option>
          <option value="ok">ordinary</option>
        </select>
      </form>
      <p aria-live="polite">
        {entries.loading
          ? 'Loading…'
          : `${matching.length} matching entries${isWindowed ? ` among the newest ${span}` : ''}${matching.length > limit ? `, newest ${limit} shown` : ''}`}
      </p>
      <table class="journal">
        <caption class="visually-hidden">Journal entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Seq</th>
            <th scope="col">Time</th>
            <th scope="col">Process</th>
            <th scope="col">Type</th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((entry) => (
            <JournalEntryRow
              key={entry.seq}
              entry={entry}
              open={openSeq === entry.seq}
              onToggle={() => {
                setOpenSeq(openSeq === entry.seq ? null : entry.seq);
              }}
            />
          ))}
        </tbody>
      </table>
      {(matching.length > limit || isWindowed) && (
        <button
          type="button"
          onClick={() => {
            if (matching.length > limit) setLimit(limit + SHOWN);
            else setSpan(span + WINDOW);
          }}
        >
          Show older entries
        </button>
      )}
    </div>
  );
}
