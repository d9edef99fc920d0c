// The scripted ModelProvider: replays a script of tool calls per process, deterministically.
import { throwIfAborted } from '../../base/abort.js';
import type { ModelProvider, ModelRequest, ModelResponse } from '../../ports/model-provider.js';
import { estimateTokens } from '../shared/estimate-tokens.js';
import { findScriptedAgent } from './find-scripted-agent.js';
import { parseScriptedScript } from './parse-scripted-script.js';
import type { ScriptedAgent, ScriptedCall, ScriptedModelFile } from './scripted-script.js';

/** What an exhausted (or unmatched) process is made to call. */
const EXIT_CALL: ScriptedCall = { tool: 'exit', arguments: { result: 'done' } };

/**
 * A ModelProvider that answers each process from `script`. The process's entry is the first
 * whose `name` equals the process name or, failing that, the first whose `goal` equals its goal.
 * Each turn makes one tool call: turn N (N = assistant turns already in `request.messages`, the
 * durable transcript — no counter is kept, so a resumed process continues exactly where it
 * stopped) makes the entry's call N with id `call_<pid>_<N>`; past the end of the list, or with no
 * matching entry, the call is `exit { result: "done" }`. Usage is estimated at four characters a
 * token so budgets still apply.
 * @throws INVALID_INPUT for an invalid script (see parseScriptedScript).
 * @example
 * const model = createScriptedProvider({
 *   agents: [{ goal: 'Summarize README.md', calls: [{ read_file: { path: 'README.md' } }] }],
 * });
 */
export function createScriptedProvider(
  script: ScriptedModelFile,
  options: { readonly id?: string } = {},
): ModelProvider {
  const id = options.id ?? 'scripted:inline';
  const { agents } = parseScriptedScript(script, { source: id });
  return {
    id,
    // The executor runs synchronously, and a throw inside it becomes a rejection.
    complete: (request) =>
      new Promise((resolve) => {
        resolve(answer(request, { id, agents }));
      }),
  };
}

function answer(
  request: ModelRequest,
  script: { readonly id: string; readonly agents: readonly ScriptedAgent[] },
): ModelResponse {
  throwIfAborted(request.signal, `Calling model ${script.id}`);
  // The runtime's durable count survives compaction; counting assistant messages is the fallback.
  const turn =
    request.turn ?? request.messages.filter((message) => message.role === 'assistant').length;
  const call = findScriptedAgent(script.agents, request.caller)?.calls[turn] ?? EXIT_CALL;
  return {
    text: null,
    toolCalls: [
      { id: `call_${request.caller.pid}_${turn}`, name: call.tool, arguments: call.arguments },
    ],
    usage: {
      inputTokens: estimateTokens(
        request.system + JSON.stringify(request.messages) + JSON.stringify(request.tools),
      ),
      outputTokens: estimateTokens(call.tool + JSON.stringify(call.arguments)),
    },
    stopReason: 'tool_calls',
    model: 'scripted',
  };
}
