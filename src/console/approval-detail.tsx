// One request in context: who asks (process, goal, lineage), what exactly, why, and its effect.
import { useEffect, useState } from 'preact/hooks';
import { EffectView } from './effect-view.js';
import { formatTime, processLabel } from './format.js';
import { href } from './route.js';
import type { ApprovalContext, Decision, HumanRequest } from './types.js';
import { useLoad } from './use-load.js';

/** The four decisions with their labels and shortcut keys, in button order. */
export const DECISIONS: readonly { decision: Decision; label: string; key: string }[] = [
  { decision: 'allow_once', label: 'Allow once', key: 'a' },
  { decision: 'allow_always', label: 'Allow always', key: 'A' },
  { decision: 'deny_once', label: 'Deny once', key: 'd' },
  { decision: 'deny_always', label: 'Deny always', key: 'D' },
];

/** The selected request with its decision buttons; `onDecide` sends the answer. */
export function ApprovalDetail(props: {
  request: HumanRequest;
  busy: boolean;
  onDecide: (answer: { decision?: Decision; answer?: string }) => void;
  /** Called once the request's context is on screen (or the runtime has none to show). */
  onShown: () => void;
}) {
  const { request, busy, onDecide, onShown } = props;
  const context = useLoad(`approval:${request.id}`, (api) =>
    api.get<ApprovalContext>(`/api/approvals/${encodeURIComponent(request.id)}/context`),
  );
  const isShown = context.data !== null || context.missing;
  useEffect(() => {
    if (isShown) onShown();
  }, [isShown, onShown]);
  const { body } = request;
  const ctx = context.data;
  return (
    <article class="detail" aria-labelledby="request-h">
      <h2 id="request-h">
        Request <code>{request.id}</code>
      </h2>
      <section aria-labelledby="who-h">
        <h3 id="who-h">Who asks</h3>
        <p>
          <a href={href('processes', request.pid)}>
            {ctx === null ? request.pid : processLabel(ctx.process)}
          </a>
          {ctx !== null && ctx.process.name !== null && (
            <>
              {' '}
              (<code>{request.pid}</code>)
            </>
          )}
          , image {ctx === null ? '…' : `${ctx.process.imageId}@${ctx.process.imageVersion}`}, asked{' '}
          {formatTime(request.createdAt)}
          {request.deadline !== null && <>, expires {formatTime(request.deadline)}</>}
        </p>
        {ctx !== null && <p class="goal">Goal: {ctx.process.goal}</p>}
        {ctx !== null && ctx.lineage.length > 0 && (
          <p>
            Lineage:{' '}
            {ctx.lineage.map((p) => (
              <span key={p.pid}>
                <a href={href('processes', p.pid)}>{processLabel(p)}</a> →{' '}
              </span>
            ))}
            <strong>{processLabel(ctx.process)}</strong>
          </p>
        )}
      </section>
      <section aria-labelledby="what-h">
        <h3 id="what-h">What</h3>
        {body.kind === 'permission' ? (
          <dl class="facts">
            <dt>Syscall</dt>
            <dd>
              <code>{body.syscall}</code>
              {body.grant ? ' (a capability request: an answer becomes a grant)' : ''}
            </dd>
            <dt>Resource</dt>
            <dd>
              <code>{body.resource}</code>
            </dd>
            <dt>Rights</dt>
            <dd>{body.rights.join(', ')}</dd>
            <dt>Why</dt>
            <dd>{body.reason === '' ? '(no reason given)' : body.reason}</dd>
          </dl>
        ) : (
          <p>{body.kind === 'question' ? body.question : body.message}</p>
        )}
      </section>
      {context.missing && <p class="note">This runtime does not show a request's effect yet.</p>}
      {ctx !== null && <EffectView effect={ctx.effect} />}
      <Answer body={body} busy={busy} onDecide={onDecide} />
    </article>
  );
}

function Answer(props: {
  body: HumanRequest['body'];
  busy: boolean;
  onDecide: (answer: { decision?: Decision; answer?: string }) => void;
}) {
  const { body, busy, onDecide } = props;
  const [text, setText] = useState('');
  if (body.kind === 'permission')
    return (
      <div class="actions" role="group" aria-label="Decision">
        {DECISIONS.map((d) => (
          <button
            key={d.decision}
            type="button"
            class={d.decision.startsWith('deny') ? 'deny' : 'allow'}
            disabled={busy}
            aria-keyshortcuts={d.key === d.key.toUpperCase() ? `Shift+${d.key}` : d.key}
            onClick={() => {
              onDecide({ decision: d.decision });
            }}
          >
            {d.label} ({d.key})
          </button>
        ))}
      </div>
    );
  if (body.kind === 'notification')
    return (
      <div class="actions">
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            onDecide({});
          }}
        >
          Acknowledge
        </button>
      </div>
    );
  return (
    <form
      class="actions"
      onSubmit={(e) => {
        e.preventDefault();
        onDecide({ answer: text });
      }}
    >
      <label for="answer">Answer</label>
      <input
        id="answer"
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
        }}
      />
      <button type="submit" disabled={busy}>
        Send answer
      </button>
    </form>
  );
}
