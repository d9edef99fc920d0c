// What streaming a model answer costs the runtime: CPU per call, streamed and not, over a loopback
// Chat Completions server in another process (ARCHITECTURE §4 "when a model call streams").
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Pid } from '../src/base/ids.js';
import { createOpenAIProvider } from '../src/models/openai/create-openai-provider.js';
import type { ModelRequest } from '../src/ports/model-provider.js';
import { createDeltaStream } from '../src/runtime/agent/delta-stream.js';
import { LiveChannel } from '../src/runtime/live-channel.js';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';

const BENCH = 'model-stream';
const TOKENS = 400;

// The server answers a 400-token text, as one JSON body or as 400 chunks plus usage and [DONE].
const SERVER = `
const { createServer } = require('node:http');
const words = Array.from({ length: ${TOKENS} }, (_, i) => 'word' + i + ' ');
const usage = { prompt_tokens: 1000, completion_tokens: ${TOKENS} };
const body = JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: words.join('') } }], usage });
const chunk = (d, f) => 'data: ' + JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1,
  model: 'm', choices: [{ index: 0, delta: d, finish_reason: f }] }) + '\\n\\n';
const sse = [chunk({ role: 'assistant', content: '' }, null), ...words.map((w) => chunk({ content: w }, null)),
  chunk({}, 'stop'), 'data: ' + JSON.stringify({ id: 'c', choices: [], usage }) + '\\n\\n', 'data: [DONE]\\n\\n'];
createServer((req, res) => {
  let text = '';
  req.on('data', (c) => (text += c));
  req.on('end', () => {
    if (JSON.parse(text).stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const s of sse) res.write(s);
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    }
  });
}).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });
`;

/**
 * CPU time of this process per model call (the SDK, our assembly and, when streamed, the runtime's
 * coalescing onto a live channel with one subscriber), unstreamed and streamed; the server's own
 * work is in its own process and not counted.
 */
export async function modelStream(options: BenchOptions): Promise<BenchResult[]> {
  const calls = options.quick ? 50 : 300;
  const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [first] = (await once(server.stdout, 'data')) as [Buffer];
    const provider = createOpenAIProvider({
      model: 'm',
      api: 'chat',
      env: { OPENAI_API_KEY: 'bench' },
      baseURL: `http://127.0.0.1:${first.toString().trim()}/v1`,
    });
    const channel = new LiveChannel();
    let received = 0;
    channel.subscribe(() => {
      received += 1;
    });
    const request = (streamed: boolean): ModelRequest => {
      const deltas = streamed
        ? createDeltaStream(channel, { pid: 'proc_bench' as Pid, turn: 0 })
        : null;
      return {
        system: 'You are a benchmark.',
        messages: [{ role: 'user', content: 'Write 400 words.' }],
        tools: [],
        maxOutputTokens: 1000,
        caller: { pid: 'proc_bench', goal: 'bench', name: null },
        signal: new AbortController().signal,
        ...(deltas === null ? {} : { onDelta: deltas.onDelta }),
      };
    };
    const measure = async (streamed: boolean): Promise<number> => {
      for (let i = 0; i < 20; i++) await provider.complete(request(streamed));
      const before = process.cpuUsage();
      for (let i = 0; i < calls; i++) await provider.complete(request(streamed));
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000 / calls;
    };
    options.log(`${BENCH}: ${calls} calls of a ${TOKENS}-token answer, unstreamed then streamed`);
    const plain = await measure(false);
    const streamed = await measure(true);
    options.log(`${BENCH}: ${received} delta events reached the subscriber`);
    const setup = `Chat Completions, ${TOKENS} tokens (${TOKENS} chunks when streamed), loopback server in another process`;
    return [
      { bench: BENCH, name: 'CPU per call, unstreamed', value: plain, unit: 'ms', setup },
      { bench: BENCH, name: 'CPU per call, streamed', value: streamed, unit: 'ms', setup },
    ];
  } finally {
    server.kill();
  }
}
