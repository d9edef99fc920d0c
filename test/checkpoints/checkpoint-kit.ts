// Test kit for checkpoints: a model that acts on what it last read, and Object Memory reads.
import type { Pid } from '../../src/base/ids.js';
import type { ModelProvider, ModelRequest, ModelResponse } from '../../src/ports/model-provider.js';
import type { Runtime } from '../../src/runtime/runtime.js';

/** One step of a plan: a tool call, or exit with what the last `receive_messages` returned. */
export type Step =
  { readonly tool: string; readonly args: Record<string, unknown> } | 'exit-with-received';

/**
 * A model for one plan that any agent follows by turn (the number of assistant turns so far in
 * its request), so a restored or forked process goes on from where its transcript stands. Its
 * `exit-with-received` step answers with the messages it last received: two branches fed
 * different messages end with different results. Tool call ids are unique per answer.
 */
export function planModel(plan: readonly Step[]): () => ModelProvider {
  let answered = 0;
  const provider: ModelProvider = {
    id: 'plan',
    complete(request: ModelRequest): Promise<ModelResponse> {
      const turn = request.messages.filter((m) => m.role === 'assistant').length;
      const step = plan[turn] ?? 'exit-with-received';
      answered += 1;
      const last = request.messages.findLast(
        (m) => m.role === 'tool' && m.name === 'receive_messages',
      );
      const call =
        step === 'exit-with-received'
          ? { name: 'exit', arguments: { result: last?.role === 'tool' ? last.content : null } }
          : { name: step.tool, arguments: step.args };
      return Promise.resolve({
        text: null,
        toolCalls: [{ id: `call_${request.caller.pid}_${answered}`, ...call }] as never,
        usage: { inputTokens: 10, outputTokens: 10 },
        stopReason: 'tool_calls',
        model: 'plan',
      } as ModelResponse);
    },
  };
  return () => provider;
}

/** The text of the live object `name` in `pid`'s private namespace, or null. */
export async function memoryText(runtime: Runtime, pid: Pid, name: string): Promise<string | null> {
  return runtime.store.read(async (r) => {
    const object = await r.findObject(`proc/${pid}`, name);
    if (object === undefined) return null;
    const version = await r.getVersion(object.id, object.latestVersion);
    const bytes = version === undefined ? undefined : await r.getBlob(version.sha256);
    return bytes === undefined ? null : Buffer.from(bytes).toString('utf8');
  });
}
