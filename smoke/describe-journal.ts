// A short account of what a smoke task's journal recorded: model calls, syscalls by outcome, the chain.
import type { JournalEntry } from '../src/kernel/journal/entry.js';
import type { Runtime } from '../src/runtime/runtime.js';
import { verifyJournal } from '../src/runtime/verify-journal.js';

/** The lines that describe the journal of `runtime` (every entry of a task's own database). */
export async function describeJournal(
  runtime: Runtime,
  options: { deltas: number },
): Promise<string[]> {
  const entries: JournalEntry[] = [];
  for (let after = 0; ;) {
    const page = await runtime.journal({ afterSeq: after, limit: 1000 });
    entries.push(...page);
    const last = page.at(-1);
    if (last === undefined || page.length < 1000) break;
    after = last.seq;
  }
  const verified = await runtime.store.read((reader) => verifyJournal(reader, {}));
  const of = (type: string): JournalEntry[] => entries.filter((e) => e.type === type);
  // A model call's answer is journaled with its completion (tokens, hashes, tool names).
  const called = of('syscall.completed').filter((e) => e.data.syscall === 'model.call');
  const tokens = (field: string): number =>
    called.reduce((sum, e) => sum + (typeof e.data[field] === 'number' ? e.data[field] : 0), 0);
  const syscalls = new Map<string, number>();
  for (const e of entries) {
    const outcome = e.type.startsWith('syscall.') ? e.type.slice('syscall.'.length) : null;
    if (outcome === null || typeof e.data.syscall !== 'string' || e.data.syscall === 'model.call')
      continue;
    const code = typeof e.data.code === 'string' ? ` ${e.data.code}` : '';
    const key = `${e.data.syscall} ${outcome}${code}`;
    syscalls.set(key, (syscalls.get(key) ?? 0) + 1);
  }
  return [
    `journal: ${entries.length} entries, ${verified.ok ? 'hash chain verified' : `BROKEN at seq ${verified.seq}: ${verified.problem}`}; ${of('process.spawned').length} process(es) spawned`,
    `model: ${called.length} call(s), ${tokens('inputTokens')} tokens in / ${tokens('outputTokens')} out, ${options.deltas} delta(s) streamed, ${of('model.retrying').length} retry(ies)`,
    `syscalls: ${[...syscalls].map(([key, n]) => `${key} ×${n}`).join(', ') || 'none'}`,
  ];
}
