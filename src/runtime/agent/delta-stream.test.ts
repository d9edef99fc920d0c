import { describe, expect, it } from 'vitest';
import type { Pid } from '../../base/ids.js';
import { LiveChannel, type LiveEvent } from '../live-channel.js';
import { createDeltaStream, type DeltaTimers } from './delta-stream.js';

const PID = 'proc_00000001' as Pid;
const OTHER = 'proc_00000002' as Pid;

/** Timers on a manual clock: `advance` runs what came due, in order. */
function manualTimers(): DeltaTimers & { advance(ms: number): void } {
  let now = 0;
  let queue: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    after(ms, run) {
      const entry = { at: now + ms, run };
      queue.push(entry);
      return () => {
        queue = queue.filter((e) => e !== entry);
      };
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = queue.filter((e) => e.at <= until).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        queue = queue.filter((e) => e !== due);
        now = due.at;
        due.run();
      }
      now = until;
    },
  };
}

function collect(channel: LiveChannel): LiveEvent[] {
  const events: LiveEvent[] = [];
  channel.subscribe((e) => events.push(e));
  return events;
}

describe('createDeltaStream', () => {
  it('emits at most perSecond events a second, plus the end, and loses no text', () => {
    const channel = new LiveChannel();
    const events = collect(channel);
    const timers = manualTimers();
    const stream = createDeltaStream(channel, { pid: PID, turn: 3, perSecond: 10, timers });
    let sent = '';
    for (let ms = 0; ms < 1000; ms++) {
      const piece = `t${ms} `;
      sent += piece;
      stream.onDelta({ kind: 'text', text: piece });
      timers.advance(1);
    }
    stream.end({ outcome: 'answered' });
    expect(events.length).toBeLessThanOrEqual(11);
    expect(events.length).toBeGreaterThanOrEqual(9);
    expect(events.map((e) => e.text).join('')).toBe(sent);
    expect(events.map((e) => e.seq)).toStrictEqual(events.map((_, i) => i + 1));
    expect(events.slice(0, -1).every((e) => e.end === null)).toBe(true);
    expect(events.at(-1)).toMatchObject({ pid: PID, turn: 3, end: { outcome: 'answered' } });
  });

  it('holds the first delta for one interval after the call began, then sends it', () => {
    const channel = new LiveChannel();
    const events = collect(channel);
    const timers = manualTimers();
    const stream = createDeltaStream(channel, { pid: PID, turn: 0, perSecond: 10, timers });
    stream.onDelta({ kind: 'text', text: 'Hel' });
    stream.onDelta({ kind: 'text', text: 'lo' });
    expect(events).toHaveLength(0);
    timers.advance(100);
    expect(events.map((e) => e.text)).toStrictEqual(['Hello']);
  });

  it("joins each tool call's argument pieces and names the call once", () => {
    const channel = new LiveChannel();
    const events = collect(channel);
    const timers = manualTimers();
    const stream = createDeltaStream(channel, { pid: PID, turn: 0, timers });
    stream.onDelta({ kind: 'tool-call', index: 1, name: 'list_dir', arguments: '' });
    stream.onDelta({ kind: 'tool-call', index: 0, name: 'read_file', arguments: '{"pa' });
    stream.onDelta({ kind: 'tool-call', index: 0, name: null, arguments: 'th":"a"}' });
    timers.advance(100);
    stream.onDelta({ kind: 'tool-call', index: 1, name: null, arguments: '{}' });
    stream.end({ outcome: 'answered' });
    expect(events.map((e) => e.toolCalls)).toStrictEqual([
      [
        { index: 0, name: 'read_file', arguments: '{"path":"a"}' },
        { index: 1, name: 'list_dir', arguments: '' },
      ],
      [{ index: 1, name: null, arguments: '{}' }],
    ]);
  });

  it('ends a failed call with its code, drops what comes after the end, and cancels the timer', () => {
    const channel = new LiveChannel();
    const events = collect(channel);
    const timers = manualTimers();
    const stream = createDeltaStream(channel, { pid: PID, turn: 0, timers });
    stream.onDelta({ kind: 'text', text: 'par' });
    stream.end({ outcome: 'failed', code: 'MODEL_UNAVAILABLE' });
    stream.onDelta({ kind: 'text', text: 'tial' });
    timers.advance(1000);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      text: 'par',
      end: { outcome: 'failed', code: 'MODEL_UNAVAILABLE' },
    });
  });

  it('emits nothing for a call that streamed nothing', () => {
    const channel = new LiveChannel();
    const events = collect(channel);
    createDeltaStream(channel, { pid: PID, turn: 0, timers: manualTimers() }).end({
      outcome: 'answered',
    });
    expect(events).toHaveLength(0);
  });
});

describe('LiveChannel', () => {
  it("gives a subscriber with a pid only that process's events, and says who is wanted", () => {
    const channel = new LiveChannel();
    const mine: LiveEvent[] = [];
    expect(channel.wants(PID)).toBe(false);
    const stop = channel.subscribe((e) => mine.push(e), { pid: PID });
    expect(channel.wants(PID)).toBe(true);
    expect(channel.wants(OTHER)).toBe(false);
    const event = (pid: Pid): LiveEvent => ({
      type: 'model.delta',
      pid,
      turn: 0,
      seq: 1,
      text: pid,
      toolCalls: [],
      end: null,
    });
    channel.emit(event(OTHER));
    channel.emit(event(PID));
    expect(mine.map((e) => e.text)).toStrictEqual([PID]);
    stop();
    expect(channel.wants(PID)).toBe(false);
  });

  it('keeps delivering to others when a listener throws', () => {
    const channel = new LiveChannel();
    const seen: string[] = [];
    channel.subscribe(() => {
      throw new Error('display broke');
    });
    channel.subscribe((e) => seen.push(e.text));
    channel.emit({
      type: 'model.delta',
      pid: PID,
      turn: 0,
      seq: 1,
      text: 'x',
      toolCalls: [],
      end: null,
    });
    expect(seen).toStrictEqual(['x']);
  });
});
