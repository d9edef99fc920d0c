// Linking a run: call ids keyed to their tool calls, syscalls to turns, file changes listed.
import { describe, expect, it } from 'vitest';
import { callKey, indexRun } from './link-calls.js';
import type { JournalEntry, TranscriptEntry } from './types.js';

function entry(seq: number, type: string, data: JournalEntry['data']): JournalEntry {
  return {
    seq,
    at: 0,
    type,
    pid: 'proc_x',
    actor: 'proc_x',
    data,
    stream: 'local',
    prevHash: '',
    hash: '',
  };
}

describe('link-calls', () => {
  it('keys a part or JIT call by its tool call id and a model call by itself', () => {
    expect(callKey('call_1:jit.2')).toBe('call_1');
    expect(callKey('call_1')).toBe('call_1');
    expect(callKey('model:1.0')).toBe('model:1.0');
    // A provider's id with a colon of its own stays whole; only a part or JIT suffix is cut.
    expect(callKey('functions.write:0')).toBe('functions.write:0');
    expect(callKey('functions.write:0:read')).toBe('functions.write:0');
    expect(callKey('functions.write:0:jit.3')).toBe('functions.write:0');
  });

  /** One model turn that calls write_file as `c1`. */
  const transcript: TranscriptEntry[] = [
    {
      seq: 1,
      createdAt: 0,
      item: {
        kind: 'model',
        text: null,
        toolCalls: [{ id: 'c1', name: 'write_file', arguments: {} }],
        model: 'm',
        usage: { inputTokens: 1, outputTokens: 1 },
      },
    },
  ];
  /** The write and a part of it that was denied. */
  const effects = [
    entry(6, 'syscall.completed', { syscall: 'fs.write', callId: 'c1', resource: 'fs:a.md' }),
    entry(7, 'syscall.denied', { syscall: 'fs.read', callId: 'c1:part', resource: 'fs:b.md' }),
  ];

  it.each([
    {
      journal: 'the model call completion lists the tool calls it answered',
      answer: [
        entry(5, 'syscall.completed', {
          syscall: 'model.call',
          callId: 'model:1.0',
          requestSha256: 'r1',
          toolCalls: ['write_file'],
        }),
      ],
    },
    {
      journal: 'written before that: model.called lists them, the completion names the request',
      answer: [
        entry(4, 'model.called', { requestSha256: 'r1', toolCalls: ['write_file'] }),
        entry(5, 'syscall.completed', {
          syscall: 'model.call',
          callId: 'model:1.0',
          requestSha256: 'r1',
        }),
      ],
    },
  ])(
    'links tool calls to their syscalls and turns, and lists file changes ($journal)',
    ({ answer }) => {
      const index = indexRun(transcript, [...answer, ...effects]);
      expect(index.byCall.get('c1')?.map((e) => e.seq)).toEqual([6, 7]);
      expect(index.turnOfCall.get('c1')).toBe(1);
      expect(index.modelCallOfTurn.get(1)).toBe('model:1.0');
      expect(index.fileChanges.map((e) => e.seq)).toEqual([6]);
    },
  );
});
