// The approvals inbox: pending requests live, one selected in context, decided by button or key.
import { useEffect, useState } from 'preact/hooks';
import { useApp } from './app-context.js';
import { ApprovalDetail, DECISIONS } from './approval-detail.js';
import { formatTime } from './format.js';
import type { Decision, HumanRequest } from './types.js';
import { requestSummary } from './use-pending-approvals.js';

/** True when a key press belongs to a text field, not to the page's shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** The inbox; `pending` is kept live by the shell. */
export function ApprovalsPage(props: {
  pending: readonly HumanRequest[];
  selectedId: string | null;
  onDecided: (id: string) => void;
}) {
  const { pending } = props;
  const { api, report, announce } = useApp();
  const [selectedId, setSelectedId] = useState<string | null>(props.selectedId);
  // The request whose context is on screen: only it can be decided by a key.
  const [shownId, setShownId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const index = pending.findIndex((r) => r.id === selectedId);
  const selected = pending[index] ?? null;
  // The open request was decided or withdrawn elsewhere: nothing else is selected in its place,
  // so a key meant for it never decides another the human has not looked at.
  const isGone = selectedId !== null && selected === null;

  // The first request is opened when the inbox opens with none chosen.
  useEffect(() => {
    const first = pending[0];
    if (selectedId === null && first !== undefined) setSelectedId(first.id);
  }, [pending, selectedId]);

  const decide = (
    request: HumanRequest,
    answer: { decision?: Decision; answer?: string },
  ): void => {
    setBusy(true);
    api
      .post<HumanRequest>(`/api/approvals/${encodeURIComponent(request.id)}/decision`, answer)
      .then(
        () => {
          setBusy(false);
          // After the human's own decision the next request opens (the one below, else above).
          const at = pending.findIndex((r) => r.id === request.id);
          setSelectedId((pending[at + 1] ?? pending[at - 1] ?? null)?.id ?? null);
          props.onDecided(request.id);
          announce(`Decided ${request.id}: ${answer.decision?.replace('_', ' ') ?? 'answered'}`);
        },
        (error: unknown) => {
          setBusy(false);
          report(error);
        },
      );
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'j' || e.key === 'k') {
        const next =
          index < 0
            ? pending[0]
            : pending[Math.min(pending.length - 1, Math.max(0, index + (e.key === 'j' ? 1 : -1)))];
        if (next !== undefined) {
          setSelectedId(next.id);
          document.getElementById(`req-${next.id}`)?.focus();
        }
        e.preventDefault();
        return;
      }
      const choice = DECISIONS.find((d) => d.key === e.key);
      if (
        choice === undefined ||
        selected === null ||
        shownId !== selected.id ||
        busy ||
        selected.body.kind !== 'permission'
      )
        return;
      e.preventDefault();
      decide(selected, { decision: choice.decision });
    };
    addEventListener('keydown', onKey);
    return () => {
      removeEventListener('keydown', onKey);
    };
  });

  return (
    <div class="approvals">
      <h1>Approvals</h1>
      <p class="hint">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>a</kbd> allow once, <kbd>A</kbd> allow always,{' '}
        <kbd>d</kbd> deny once, <kbd>D</kbd> deny always.
      </p>
      {isGone && (
        <p class="note" role="status">
          The request you had open was decided or withdrawn elsewhere. Choose the next one.
        </p>
      )}
      {pending.length === 0 ? (
        <p>No pending requests. New ones appear here as they arrive.</p>
      ) : (
        <div class="split">
          <ul class="inbox" aria-label="Pending requests">
            {pending.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  id={`req-${r.id}`}
                  class="item"
                  aria-current={r.id === selected?.id ? 'true' : undefined}
                  onClick={() => {
                    setSelectedId(r.id);
                  }}
                >
                  <span class="item-title">{requestSummary(r)}</span>
                  <span class="item-meta">
                    {r.pid} · {formatTime(r.createdAt)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {selected !== null && (
            <ApprovalDetail
              key={selected.id}
              request={selected}
              busy={busy}
              onShown={() => {
                setShownId(selected.id);
              }}
              onDecide={(answer) => {
                decide(selected, answer);
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}
