// The operator's actions on one process: pause, continue, kill (confirmed), send a message.
import { useState } from 'preact/hooks';
import { useApp } from './app-context.js';
import { processLabel } from './format.js';
import type { AgentProcess } from './types.js';

const TERMINAL = ['exited', 'failed', 'killed'];

/** Buttons and the message form; `onChanged` gets the process as the server returns it. */
export function ProcessActions(props: {
  process: AgentProcess;
  onChanged: (p: AgentProcess) => void;
}) {
  const { process: p, onChanged } = props;
  const { api, report, announce } = useApp();
  const [busy, setBusy] = useState(false);
  const [confirmKill, setConfirmKill] = useState(false);
  const [message, setMessage] = useState('');
  const [interrupt, setInterrupt] = useState(false);
  const base = `/api/processes/${encodeURIComponent(p.pid)}`;
  const ended = TERMINAL.includes(p.state.kind);
  const run = (
    what: string,
    call: () => Promise<unknown>,
    after?: (value: unknown) => void,
  ): void => {
    setBusy(true);
    call().then(
      (value) => {
        setBusy(false);
        announce(`${what}: done`);
        after?.(value);
      },
      (error: unknown) => {
        setBusy(false);
        report(error);
      },
    );
  };
  const signal = (name: 'pause' | 'resume', what: string): void => {
    run(
      what,
      () => api.post<AgentProcess>(`${base}/signal`, { signal: name }),
      (v) => {
        onChanged(v as AgentProcess);
      },
    );
  };
  return (
    <section aria-labelledby="actions-h">
      <h3 id="actions-h">Actions</h3>
      <div class="actions">
        <button
          type="button"
          disabled={busy || ended || p.state.kind === 'paused'}
          onClick={() => {
            signal('pause', `Paused ${p.pid}`);
          }}
        >
          Pause
        </button>
        <button
          type="button"
          disabled={busy || p.state.kind !== 'paused'}
          onClick={() => {
            signal('resume', `Continued ${p.pid}`);
          }}
        >
          Continue
        </button>
        {confirmKill ? (
          <span class="confirm" role="group" aria-label="Confirm kill">
            Kill {processLabel(p)} and its whole subtree?{' '}
            <button
              type="button"
              class="deny"
              disabled={busy}
              onClick={() => {
                setConfirmKill(false);
                run(
                  `Killed ${p.pid}`,
                  () => api.post<AgentProcess>(`${base}/kill`),
                  (v) => {
                    onChanged(v as AgentProcess);
                  },
                );
              }}
            >
              Kill now
            </button>{' '}
            <button
              type="button"
              onClick={() => {
                setConfirmKill(false);
              }}
            >
              Cancel
            </button>
          </span>
        ) : (
          <button
            type="button"
            class="deny"
            disabled={busy || ended}
            onClick={() => {
              setConfirmKill(true);
            }}
          >
            Kill
          </button>
        )}
      </div>
      <form
        class="message-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (message.trim() === '') return;
          run(
            `Sent a message to ${p.pid}`,
            () => api.post(`${base}/messages`, { body: message, interrupt }),
            () => {
              setMessage('');
            },
          );
        }}
      >
        <label for="message">Message to {processLabel(p)}</label>
        <textarea
          id="message"
          rows={3}
          value={message}
          onInput={(e) => {
            setMessage(e.currentTarget.value);
          }}
        />
        <label class="inline">
          <input
            type="checkbox"
            checked={interrupt}
            onChange={(e) => {
              setInterrupt(e.currentTarget.checked);
            }}
          />{' '}
          Interrupt (deliver before other work)
        </label>
        <button type="submit" disabled={busy || ended}>
          Send message
        </button>
      </form>
    </section>
  );
}
