// Explain a run: the transcript with each tool call linked to its syscalls, decisions and entries.
import { useEffect } from 'preact/hooks';
import { CallSyscalls } from './call-syscalls.js';
import { callKey, indexRun, type RunIndex } from './link-calls.js';
import { ProcessPicker } from './process-picker.js';
import { href } from './route.js';
import { TranscriptItemView } from './transcript-item-view.js';
import {
  jsonText,
  type Capability,
  type JournalEntry,
  type Page,
  type TranscriptEntry,
} from './types.js';
import { loadAll, useLoad } from './use-load.js';

interface Run {
  readonly transcript: TranscriptEntry[];
  readonly journal: JournalEntry[];
  readonly records: Map<string, Capability>;
}

/** The explain page of `pid` (or a process picker); `?call=` focuses the turn of that call. */
export function ExplainPage(props: { pid: string | null; call: string | null }) {
  const { pid, call } = props;
  const run = useLoad(pid === null ? null : `explain:${pid}`, async (api) => {
    const base = `/api/processes/${encodeURIComponent(pid ?? '')}`;
    const [transcript, journal, records] = await Promise.all([
      loadAll<TranscriptEntry, number>((after) =>
        api.get<Page<TranscriptEntry, number>>(`${base}/transcript`, { after, limit: 500 }),
      ),
      loadAll<JournalEntry, number>((after) =>
        api.get<Page<JournalEntry, number>>('/api/journal', { pid: pid ?? '', after, limit: 1000 }),
      ),
      loadAll<Capability, string>((after) =>
        api.get<Page<Capability>>('/api/capabilities', {
          pid: pid ?? '',
          all: 'true',
          after,
          limit: 1000,
        }),
      ),
    ]);
    return { transcript, journal, records: new Map(records.map((r) => [r.id, r])) } satisfies Run;
  });
  const index = run.data === null ? null : indexRun(run.data.transcript, run.data.journal);
  useEffect(() => {
    if (call === null || index === null) return;
    const key = callKey(call);
    const target =
      document.getElementById(`call-${key}`) ??
      document.getElementById(
        `turn-${[...index.modelCallOfTurn].find(([, c]) => c === key)?.[0] ?? ''}`,
      );
    target?.scrollIntoView({ block: 'start' });
    target?.focus();
  }, [call, index === null]);
  if (pid === null)
    return (
      <div>
        <h1>Explain a run</h1>
        <ProcessPicker page="explain" />
      </div>
    );
  return (
    <div>
      <h1>
        Explain <code>{pid}</code>
      </h1>
      <p>
        <a href={href('processes', pid)}>Process details</a> ·{' '}
        <a href={href('journal', null, { pid })}>Journal</a> ·{' '}
        <a href={href('capabilities', pid)}>Capabilities</a>
      </p>
      {run.missing && <p class="note">This runtime does not serve transcripts yet.</p>}
      {run.loading && <p>Loading…</p>}
      {run.data !== null && index !== null && <RunView run={run.data} index={index} pid={pid} />}
    </div>
  );
}

function RunView(props: { run: Run; index: RunIndex; pid: string }) {
  const { run, index, pid } = props;
  const results = new Map(
    run.transcript.flatMap(({ item }) =>
      item.kind === 'result' ? [[item.toolCallId, item] as const] : [],
    ),
  );
  let turn = 0;
  return (
    <>
      <section aria-labelledby="changes-h">
        <h2 id="changes-h">File changes</h2>
        {index.fileChanges.length === 0 ? (
          <p>No file changes.</p>
        ) : (
          <ul>
            {index.fileChanges.map((e) => {
              const key = callKey(jsonText(e.data.callId));
              const turnSeq = index.turnOfCall.get(key);
              return (
                <li key={e.seq}>
                  <code>{jsonText(e.data.syscall)}</code> <code>{jsonText(e.data.resource)}</code> (
                  {e.type}) —{' '}
                  <a href={href('journal', null, { seq: String(e.seq) })}>entry {e.seq}</a>
                  {turnSeq !== undefined && (
                    <>
                      {' '}
                      ·{' '}
                      <a href={href('explain', pid, { call: key })}>
                        caused by model turn at seq {turnSeq}
                      </a>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section aria-labelledby="transcript-h">
        <h2 id="transcript-h">Transcript</h2>
        {run.transcript.length === 0 && <p>The transcript is empty.</p>}
        <ol class="transcript">
          {run.transcript.map((entry) => {
            if (entry.item.kind === 'result') return null;
            if (entry.item.kind === 'model') turn += 1;
            return (
              <TranscriptItemView
                key={entry.seq}
                entry={entry}
                turn={turn}
                index={index}
                results={results}
                records={run.records}
              >
                <CallSyscalls
                  entries={index.byCall.get(index.modelCallOfTurn.get(entry.seq) ?? '') ?? []}
                  records={run.records}
                  label={`Model call of turn ${turn}`}
                />
              </TranscriptItemView>
            );
          })}
        </ol>
      </section>
    </>
  );
}
