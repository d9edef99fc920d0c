// The "Verify journal" button and what the check found.
import { useState } from 'preact/hooks';
import { useApp } from './app-context.js';
import { href } from './route.js';

type Verification =
  | {
      ok: true;
      entries: number;
      anchors: { checked: number; newest: number } | null;
      warnings: string[];
    }
  | { ok: false; entries: number; seq: number; problem: string };

/** Runs POST /api/journal/verify and shows the outcome in a status region. */
export function JournalVerify() {
  const { api, report } = useApp();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Verification | null>(null);
  return (
    <div class="verify">
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          api.post<Verification>('/api/journal/verify').then(
            (v) => {
              setBusy(false);
              setResult(v);
            },
            (error: unknown) => {
              setBusy(false);
              report(error);
            },
          );
        }}
      >
        Verify journal
      </button>
      <span role="status">
        {busy && 'Verifying…'}
        {!busy && result?.ok === true && (
          <span class="ok-text">
            Journal intact: {result.entries} entries verified
            {result.anchors === null ? '' : `, ${result.anchors.checked} anchors checked`}
            {result.warnings.length > 0 && ` (${result.warnings.join('; ')})`}
          </span>
        )}
        {!busy && result?.ok === false && (
          <span class="mark failed">
            JOURNAL BROKEN at{' '}
            <a href={href('journal', null, { seq: String(result.seq) })}>entry {result.seq}</a>:{' '}
            {result.problem}
          </span>
        )}
      </span>
    </div>
  );
}
