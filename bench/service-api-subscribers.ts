// Child process of the service-api benchmark: N subscribers on /api/events, each on its own
// connection, record every journal event they receive with its arrival time, then print them as JSON.
import { request, type IncomingMessage } from 'node:http';
import { FANOUT_TYPE, type SubscriberReport } from './lib/fanout-report.js';

const [url, afterText, countText, subscribersText, deadlineText] = process.argv.slice(2);
const token = process.env.LIBOS_BENCH_TOKEN;
if (
  url === undefined ||
  token === undefined ||
  afterText === undefined ||
  countText === undefined ||
  subscribersText === undefined ||
  deadlineText === undefined
)
  throw new Error(
    'usage: LIBOS_BENCH_TOKEN=… service-api-subscribers.ts <url> <afterSeq> <count> <subscribers> <deadlineMs>',
  );
const count = Number(countText);
const now = (): number => performance.timeOrigin + performance.now();

/** One subscriber: connects, resolves `connected` on the 200, `done` after `count` bench entries. */
function subscribe(index: number): { connected: Promise<void>; done: Promise<void> } {
  const seqs: number[] = [];
  const at: number[] = [];
  const types: Record<string, number> = {};
  reports[index] = { seqs, at, types };
  let settleConnected: (error?: Error) => void = () => undefined;
  const connected = new Promise<void>((resolve, reject) => {
    settleConnected = (error) => {
      if (error === undefined) resolve();
      else reject(error);
    };
  });
  const done = new Promise<void>((resolve, reject) => {
    const target = new URL(`/api/events?after=${afterText}`, url);
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        // Its own connection: no pooling between subscribers.
        agent: false,
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      },
      (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          settleConnected(new Error(`subscriber ${index}: status ${res.statusCode ?? '?'}`));
          return;
        }
        settleConnected();
        let buffer = '';
        let fanout = 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const arrived = now();
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = parseBlock(block);
            if (event?.event !== 'journal') continue;
            const entry = JSON.parse(event.data) as { seq: number; type: string };
            if (String(entry.seq) !== event.id)
              throw new Error(`subscriber ${index}: event id ${event.id} for seq ${entry.seq}`);
            seqs.push(entry.seq);
            at.push(arrived);
            types[entry.type] = (types[entry.type] ?? 0) + 1;
            if (entry.type === FANOUT_TYPE) fanout += 1;
          }
          if (fanout >= count) {
            req.destroy();
            resolve();
          }
        });
        res.on('error', () => undefined);
        res.on('close', () => {
          resolve();
        });
      },
    );
    req.on('error', (error) => {
      settleConnected(error);
      if (!req.destroyed) reject(error);
    });
    req.end();
  });
  return { connected, done };
}

function parseBlock(block: string): { id: string; event: string; data: string } | null {
  let id = '';
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length === 0 ? null : { id, event, data: data.join('\n') };
}

const reports: SubscriberReport['subscribers'][number][] = [];
const subscribers = Array.from({ length: Number(subscribersText) }, (_, i) => subscribe(i));
await Promise.all(subscribers.map((s) => s.connected));
process.stdout.write('ready\n');
// A subscriber that never gets all its entries is reported as it stands; the parent judges it.
const deadline = new Promise<void>((resolve) => setTimeout(resolve, Number(deadlineText)).unref());
await Promise.race([Promise.all(subscribers.map((s) => s.done)), deadline]);
const report: SubscriberReport = { subscribers: reports };
process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
