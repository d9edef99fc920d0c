// Tests for the transcript a continuation starts from: the earlier items, open calls closed, the follow-up last.
import { describe, expect, it } from 'vitest';
import type { TranscriptEntry, TranscriptItem } from '../agent/types.js';
import type { ProcessState } from '../process/types.js';
import { continuationItems } from './continuation-items.js';

function entries(items: TranscriptItem[]): TranscriptEntry[] {
  return items.map((item, i) => ({ seq: i + 1, item, createdAt: i }));
}

function turn(...calls: [string, string][]): TranscriptItem {
  return {
    kind: 'model',
    text: null,
    toolCalls: calls.map(([id, name]) => ({ id, name, arguments: {} })),
    model: 'scripted',
    usage: { inputTokens: 1, outputTokens: 1 },
  };
}

function result(id: string, name: string): TranscriptItem {
  return { kind: 'result', toolCallId: id, name, content: '{}', isError: false };
}

const EXITED: ProcessState = { kind: 'exited', result: 'done' };

describe('continuationItems', () => {
  it('keeps every earlier item, answers the exit that ended the run, then adds the follow-up', () => {
    const previous = entries([
      { kind: 'summary', text: 'older work', objectId: null, replaces: 4, modelTurns: 2 },
      turn(['c1', 'read_file']),
      result('c1', 'read_file'),
      turn(['c2', 'exit']),
    ]);
    const items = continuationItems(previous, { ended: EXITED, followUp: 'now also tests' });
    expect(items.slice(0, 4)).toEqual(previous.map((e) => e.item));
    expect(items[4]).toMatchObject({
      kind: 'result',
      toolCallId: 'c2',
      name: 'exit',
      isError: false,
    });
    expect(JSON.parse((items[4] as { content: string }).content)).toMatchObject({
      ended: 'exited',
    });
    expect(items[5]).toEqual({ kind: 'input', text: 'now also tests', from: 'operator' });
    expect(items).toHaveLength(6);
  });

  it.each<[string, ProcessState]>([
    ['killed', { kind: 'killed', signal: 'terminate', by: 'operator' }],
    ['failed', { kind: 'failed', code: 'INTERNAL', message: 'x' }],
  ])(
    'marks the calls a %s run never finished as not run, and leaves answered ones alone',
    (kind, ended) => {
      const previous = entries([
        turn(['a', 'read_file'], ['b', 'ask_human'], ['c', 'exit']),
        result('a', 'read_file'),
      ]);
      const items = continuationItems(previous, { ended, followUp: 'go on' });
      const closing = items.slice(2, 4);
      expect(closing.map((i) => i.kind === 'result' && [i.toolCallId, i.isError])).toEqual([
        ['b', true],
        ['c', true],
      ]);
      expect((closing[0] as { content: string }).content).toContain(`the run ended (${kind})`);
      expect(items.at(-1)).toMatchObject({ kind: 'input', text: 'go on' });
    },
  );

  it('closes nothing after a text answer and starts from the follow-up alone after an empty run', () => {
    const answered: TranscriptItem = { ...turn(), text: 'all done' } as TranscriptItem;
    expect(continuationItems(entries([answered]), { ended: EXITED, followUp: 'more' })).toEqual([
      answered,
      { kind: 'input', text: 'more', from: 'operator' },
    ]);
    expect(continuationItems([], { ended: EXITED, followUp: 'first' })).toEqual([
      { kind: 'input', text: 'first', from: 'operator' },
    ]);
  });
});
