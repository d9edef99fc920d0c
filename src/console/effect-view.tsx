// The effect of a permission request in context: a diff, the paths, the command, the new coverage.
import type { Effect } from './types.js';

/** Renders what allowing the request would do. */
export function EffectView(props: { effect: Effect }) {
  const { effect } = props;
  switch (effect.kind) {
    case 'write':
      return (
        <section aria-labelledby="effect-h">
          <h3 id="effect-h">
            {effect.exists ? (effect.mode === 'append' ? 'Appends to' : 'Changes to') : 'New file'}{' '}
            <code>{effect.path}</code>
          </h3>
          <p class="muted">
            {effect.bytes} bytes, SHA-256 <code class="hash">{effect.sha256}</code>
          </p>
          {effect.diff === null ? (
            <p class="note">No diff: {effect.note ?? 'not text'}.</p>
          ) : (
            <DiffView diff={effect.diff} />
          )}
        </section>
      );
    case 'delete':
      return (
        <section aria-labelledby="effect-h">
          <h3 id="effect-h">Deletes</h3>
          <p>
            <code>{effect.path}</code>
          </p>
        </section>
      );
    case 'move':
      return (
        <section aria-labelledby="effect-h">
          <h3 id="effect-h">Moves</h3>
          <p>
            from <code>{effect.from}</code> to <code>{effect.to}</code>
          </p>
        </section>
      );
    case 'command':
      return (
        <section aria-labelledby="effect-h">
          <h3 id="effect-h">Runs a command</h3>
          <pre class="code">{effect.argv.map(quoteArg).join(' ')}</pre>
          <p>
            in <code>{effect.cwd}</code>
          </p>
        </section>
      );
    case 'request':
      return (
        <section aria-labelledby="effect-h">
          <h3 id="effect-h">
            Sends <code>{effect.method}</code> to <code>{effect.url}</code>
          </h3>
          {effect.text === null ? (
            <p class="muted">No body.</p>
          ) : (
            <>
              <p class="muted">
                {effect.bytes} bytes{effect.truncated ? ' (the start shown)' : ''}, SHA-256{' '}
                <code class="hash">{effect.sha256}</code>
              </p>
              <pre class="code">{effect.text}</pre>
            </>
          )}
        </section>
      );
    case 'grant':
      return (
        <section aria-labelledby="effect-h">
          <h3 id="effect-h">
            Grants <code>{effect.resource}</code>
          </h3>
          <table>
            <caption>What the process has now, per right</caption>
            <thead>
              <tr>
                <th scope="col">Right</th>
                <th scope="col">Now</th>
                <th scope="col">After allow</th>
              </tr>
            </thead>
            <tbody>
              {effect.current.map(({ right, effect: now }) => {
                return (
                  <tr key={right}>
                    <th scope="row">{right}</th>
                    <td>{now}</td>
                    <td>
                      {now === 'allow' ? (
                        'allow (already)'
                      ) : now === 'partial' ? (
                        <strong>allow (the rest of it new)</strong>
                      ) : (
                        <strong>allow (new)</strong>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      );
    case 'none':
      return null;
  }
}

/** A unified diff with each added and removed line marked by its sign and its colour. */
export function DiffView(props: { diff: string }) {
  const lines = props.diff.replace(/\n$/, '').split('\n');
  return (
    <pre class="diff" aria-label="Diff">
      {lines.map((line, i) => {
        const kind = lineKind(line);
        return (
          <span key={i} class={`line ${kind}`}>
            {kind === 'add' && <span class="visually-hidden">added: </span>}
            {kind === 'del' && <span class="visually-hidden">removed: </span>}
            {line === '' ? ' ' : line}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}

function lineKind(line: string): 'add' | 'del' | 'hunk' | 'meta' | 'same' {
  if (
    line.startsWith('+++') ||
    line.startsWith('---') ||
    line.startsWith('Index:') ||
    line.startsWith('====')
  )
    return 'meta';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  if (line.startsWith('@@')) return 'hunk';
  return 'same';
}

function quoteArg(arg: string): string {
  return /^[\w./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
