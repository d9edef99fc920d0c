// One transcript item: a model turn with its tool calls (each with result and syscalls), or text.
import type { ComponentChildren } from 'preact';
import { CallSyscalls } from './call-syscalls.js';
import type { RunIndex } from './link-calls.js';
import type { Capability, TranscriptEntry, TranscriptItem } from './types.js';

type Result = Extract<TranscriptItem, { kind: 'result' }>;

/** A list item of the transcript; `children` shows the turn's own model call. */
export function TranscriptItemView(props: {
  entry: TranscriptEntry;
  turn: number;
  index: RunIndex;
  results: ReadonlyMap<string, Result>;
  records: ReadonlyMap<string, Capability>;
  children: ComponentChildren;
}) {
  const { entry, turn, index, results, records } = props;
  const { item } = entry;
  switch (item.kind) {
    case 'model':
      return (
        <li
          id={`turn-${entry.seq}`}
          tabIndex={-1}
          class="turn"
          aria-labelledby={`turn-h-${entry.seq}`}
        >
          <h3 id={`turn-h-${entry.seq}`}>
            Model turn {turn} <span class="muted">(transcript seq {entry.seq})</span>
          </h3>
          <p class="muted">
            {item.model} · {item.usage.inputTokens} tokens in, {item.usage.outputTokens} out
          </p>
          {item.text !== null && item.text !== '' && <p class="model-text">{item.text}</p>}
          <details>
            <summary>Model call journal entries</summary>
            {props.children}
          </details>
          {item.toolCalls.map((call) => {
            const result = results.get(call.id);
            return (
              <section
                key={call.id}
                id={`call-${call.id}`}
                tabIndex={-1}
                class="tool-call"
                aria-labelledby={`call-h-${call.id}`}
              >
                <h4 id={`call-h-${call.id}`}>
                  Tool call <code>{call.name}</code> <span class="muted">{call.id}</span>
                </h4>
                <pre class="code" aria-label={`Arguments of ${call.id}`}>
                  {JSON.stringify(call.arguments, null, 2)}
                </pre>
                {result !== undefined && (
                  <div class={result.isError ? 'result error-result' : 'result'}>
                    <strong>{result.isError ? 'ERROR result' : 'Result'}:</strong>
                    <pre class="code">{prettyJson(result.content)}</pre>
                  </div>
                )}
                <CallSyscalls
                  entries={index.byCall.get(call.id) ?? []}
                  records={records}
                  label={`Syscalls of ${call.id}`}
                />
              </section>
            );
          })}
        </li>
      );
    case 'input':
      return (
        <li class="input-item">
          <strong>Input from {item.from}:</strong> {item.text}
        </li>
      );
    case 'summary':
      return (
        <li class="summary-item">
          <strong>Summary of earlier turns:</strong> {item.text}
        </li>
      );
    case 'result':
      return null;
  }
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
