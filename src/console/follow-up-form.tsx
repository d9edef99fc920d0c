// The follow-up form of a task: what to do next, and optionally rights not to carry over.
import { useState } from 'preact/hooks';
import { useApp } from './app-context.js';
import type { FollowedUp, TaskView } from './types.js';

/**
 * Sends `POST /api/tasks/{id}/follow-ups`. Enabled only once the latest run has ended (the
 * server refuses otherwise, and says so in the alert area); `onFollowedUp` gets the answer.
 */
export function FollowUpForm(props: { task: TaskView; onFollowedUp: (f: FollowedUp) => void }) {
  const { task, onFollowedUp } = props;
  const { api, report, announce } = useApp();
  const [text, setText] = useState('');
  const [drop, setDrop] = useState('');
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<FollowedUp | null>(null);
  const isLive = task.status === 'live';
  return (
    <section aria-labelledby="follow-up-h">
      <h3 id="follow-up-h">Follow up</h3>
      {isLive && (
        <p class="note">
          The latest run is still live: follow up once it has ended (or kill it from its process
          page).
        </p>
      )}
      <form
        class="message-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim() === '') return;
          const scopes = drop
            .split(/\s+/)
            .map((s) => s.trim())
            .filter((s) => s !== '');
          setBusy(true);
          api
            .post<FollowedUp>(`/api/tasks/${encodeURIComponent(task.id)}/follow-ups`, {
              text,
              ...(scopes.length === 0 ? {} : { drop: scopes }),
            })
            .then(
              (followed) => {
                setBusy(false);
                setText('');
                setLast(followed);
                announce(`Followed up ${task.id}: run ${followed.run.index} started`);
                onFollowedUp(followed);
              },
              (error: unknown) => {
                setBusy(false);
                report(error);
              },
            );
        }}
      >
        <label for="follow-up-text">What should the task do next?</label>
        <textarea
          id="follow-up-text"
          rows={3}
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
          }}
        />
        <label for="follow-up-drop">
          Rights not to carry over (optional, space-separated, e.g. <code>fs:out/**=write</code>)
        </label>
        <input
          id="follow-up-drop"
          value={drop}
          onInput={(e) => {
            setDrop(e.currentTarget.value);
          }}
        />
        <button type="submit" disabled={busy || isLive}>
          Send follow-up
        </button>
      </form>
      {last !== null && (
        <p role="status">
          Run {last.run.index} started as <code>{last.run.pid}</code>: carried {last.carried.length}{' '}
          record{last.carried.length === 1 ? '' : 's'}, linked {last.objects} object
          {last.objects === 1 ? '' : 's'} of memory.
        </p>
      )}
    </section>
  );
}
